"""Old home of the stick figures, kept while other code still imports it: see glutecli/present/export/figures.py."""

from .present.export.figures import figure_svg, placeholder_svg, pose_svg_parts, segments

__all__ = ["figure_svg", "placeholder_svg", "pose_svg_parts", "segments"]
