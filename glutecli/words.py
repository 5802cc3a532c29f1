"""One source of words for the programme's decisions: the terminal, the handouts (txt,
md, html) and the calendar all describe a decision with these."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # models imports pydantic: the words stay importable without it
    from .models import LevelChange, Plan

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


def change_heading(change: LevelChange) -> str:
    """`Level up` or `Level down` for a level change (models.LevelChange)."""
    return LEVEL_DOWN if change.to_level < change.from_level else LEVEL_UP


def is_down(change: LevelChange) -> bool:
    """True when the change lowers the level."""
    return change.to_level < change.from_level


def dose_change_lines(plan: Plan, after: dt.date | None, upto: dt.date) -> list[str]:
    """`Why the dose changed: ...` for the decisions dated after `after` up to `upto` (the days
    between a session and the one before it): the same words in `today` and the calendar."""
    ad = plan.adaptation
    if ad is None or after is None:
        return []
    out: list[str] = []
    for d in ad.decisions:
        if after < d.date <= upto and d.decision in ("hold", "step_back", "level_down", "up"):
            who = d.function.value.replace("_", " ") + (f" ({d.side} side)" if d.side else "")
            out.append(f"Why the dose changed: {who} {decision_text(d.decision, d.level)}: {d.reason}")
    return out
