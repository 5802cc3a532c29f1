"""Stick figures of an exercise's start and end positions as inline SVG (plain Python, no I/O).

The catalogue gives each exercise a `figure:` (models.Figure): named key points in a 0-100 box,
y pointing down. Limbs are drawn between known pairs of points; a segment whose end moves between
the start and the end pose is drawn in the accent colour, and the end pose shows the start pose
faintly behind it, so the movement reads at a glance, in colour or on a black-and-white print.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...models import Figure

Pose = Mapping[str, tuple[float, float]]  # point name -> (x, y) in a 0-100 box, y down

# (from, to) pairs drawn as limbs. A leg starts at its own hip point when the pelvis is drawn.
TRUNK = [("neck", "hip")]
ARMS = [("neck", "elbow_l"), ("elbow_l", "hand_l"), ("neck", "elbow_r"), ("elbow_r", "hand_r")]
LEGS = [("knee_l", "foot_l"), ("knee_r", "foot_r")]

INK = "#222"
ACCENT = "#c0392b"
GHOST = "#bbb"
PROP_FILL = {"step": "#d9d2c5", "bench": "#cfc6b4", "wall": "#ddd", "block": "#b9d3e6", "chair": "#d9d2c5", "machine": "#ccc"}
BAND = "#2e86c1"
HEAD_R = 5.0


def segments(pose: Pose) -> list[tuple[str, str]]:
    """The limbs of a pose, as pairs of point names, in drawing order."""
    out = [p for p in TRUNK + ARMS if p[0] in pose and p[1] in pose]
    if "hip_l" in pose and "hip_r" in pose:
        out += [("hip", "hip_l"), ("hip", "hip_r"), ("hip_l", "knee_l"), ("hip_r", "knee_r")]
    else:
        out += [("hip", "knee_l"), ("hip", "knee_r")]
    out += LEGS
    return out


def _moved(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) > 1.0 or abs(a[1] - b[1]) > 1.0


def _n(v: float) -> str:
    # Short, stable number text: 12.0 -> "12", 12.5 -> "12.5".
    return f"{v:.1f}".rstrip("0").rstrip(".")


def pose_svg_parts(figure: Figure, pose: Pose, other: Pose, *, ghost: Pose | None = None) -> list[str]:
    """SVG elements for one pose; `other` is the opposite pose (to know what moves)."""
    parts: list[str] = []
    for prop in figure.props:
        fill = PROP_FILL.get(prop.kind, "#ddd")
        parts.append(
            f'<rect x="{_n(prop.x)}" y="{_n(prop.y)}" width="{_n(prop.w)}" height="{_n(prop.h)}" fill="{fill}" stroke="#888" stroke-width="0.6"/>'
        )
    if figure.floor is not None:
        parts.append(f'<line x1="2" y1="{_n(figure.floor)}" x2="98" y2="{_n(figure.floor)}" stroke="#888" stroke-width="1"/>')
    if ghost is not None:
        parts.append(_stick(ghost, {}, ghost_colour=GHOST))
    parts.append(_stick(pose, other))
    if figure.band is not None:
        a, b = (pose[p] for p in figure.band)
        parts.append(
            f'<line x1="{_n(a[0])}" y1="{_n(a[1])}" x2="{_n(b[0])}" y2="{_n(b[1])}" stroke="{BAND}" stroke-width="2" stroke-dasharray="3 1.5"/>'
        )
    return parts


def _stick(pose: Pose, other: Pose, *, ghost_colour: str | None = None) -> str:
    lines = []
    for a, b in segments(pose):
        (x1, y1), (x2, y2) = pose[a], pose[b]
        moving = ghost_colour is None and other and (_moved(pose[a], other[a]) or _moved(pose[b], other[b]))
        colour = ghost_colour or (ACCENT if moving else INK)
        lines.append(f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}"/>')
    hx, hy = pose["head"]
    head_colour = ghost_colour or (ACCENT if other and _moved(pose["head"], other["head"]) else INK)
    lines.append(f'<circle cx="{_n(hx)}" cy="{_n(hy)}" r="{_n(HEAD_R)}" fill="#fff" stroke="{head_colour}"/>')
    width = "2.4" if ghost_colour else "3"
    return f'<g stroke-width="{width}" stroke-linecap="round" stroke-linejoin="round" fill="none">' + "".join(lines) + "</g>"


def figure_svg(figure: Figure, name: str, *, size: int = 110) -> str:
    """Two panels, start and end, side by side in one inline <svg> (no external references)."""
    label = escape(f"{name}: start and end position ({figure.view} view)")
    start = pose_svg_parts(figure, figure.start, {})
    end = pose_svg_parts(figure, figure.end, figure.start, ghost=figure.start)
    w = size * 2 + 8
    h = size + 16
    return (
        f'<svg class="fig" width="{w}" height="{h}" viewBox="0 0 208 116" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        '<rect x="0.5" y="0.5" width="100" height="100" fill="#fafafa" stroke="#ccc"/>'
        '<rect x="107.5" y="0.5" width="100" height="100" fill="#fafafa" stroke="#ccc"/>'
        f'<g transform="translate(0.5 0.5)">{"".join(start)}</g>'
        f'<g transform="translate(107.5 0.5)">{"".join(end)}</g>'
        '<text x="50.5" y="112" text-anchor="middle" font-size="8" fill="#555">start</text>'
        '<text x="157.5" y="112" text-anchor="middle" font-size="8" fill="#555">end</text>'
        "</svg>"
    )


def placeholder_svg(name: str, *, size: int = 110) -> str:
    """For an exercise the catalogue has no figure for (e.g. a plan made with another catalogue)."""
    label = escape(f"{name}: no diagram in the catalogue")
    w = size * 2 + 8
    h = size + 16
    return (
        f'<svg class="fig" width="{w}" height="{h}" viewBox="0 0 208 116" role="img" aria-label="{label}">'
        f"<title>{label}</title>"
        '<rect x="0.5" y="0.5" width="207" height="100" fill="#fafafa" stroke="#ccc" stroke-dasharray="3 2"/>'
        '<text x="104" y="55" text-anchor="middle" font-size="9" fill="#777">no diagram</text>'
        "</svg>"
    )
