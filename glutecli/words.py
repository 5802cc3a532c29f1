"""The programme's decision words now live in glutecli/present/text.py; re-exported for older imports."""

from .present.text import DECISION_WORDS, LEVEL_DOWN, LEVEL_UP, change_heading, decision_text, dose_change_lines, is_down

__all__ = ["DECISION_WORDS", "LEVEL_DOWN", "LEVEL_UP", "change_heading", "decision_text", "dose_change_lines", "is_down"]
