"""One source of words for the programme's decisions (issue 12): the terminal, the handouts (txt,
md, html) and the calendar all describe a decision with these."""

from __future__ import annotations

from typing import Any

DECISION_WORDS = {
    "up": "up to level {level}",
    "progress": "dose progresses",
    "hold": "held at level {level}",
    "step_back": "dose stepped back",
    "level_down": "down to level {level}",
    "stop": "stop",
}

LEVEL_UP = "Level up"
LEVEL_DOWN = "Level down"


def decision_text(decision: str, level: int) -> str:
    """`held at level 2`, `down to level 1`, ..."""
    return DECISION_WORDS[decision].format(level=level)


def change_heading(change: Any) -> str:
    """`Level up` or `Level down` for a level change (models.LevelChange)."""
    return LEVEL_DOWN if change.to_level < change.from_level else LEVEL_UP


def is_down(change: Any) -> bool:
    return change.to_level < change.from_level
