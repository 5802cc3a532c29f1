"""One source of words for the programme's decisions: the terminal, the handouts (txt,
md, html) and the calendar all describe a decision with these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from typing import Protocol

# The shapes these words read (models.LevelChange, models.Plan), as protocols: this module is a
# leaf of the package and imports no glute module, not even for its annotations.


class _Change(Protocol):
    @property
    def from_level(self) -> int: ...
    @property
    def to_level(self) -> int: ...


class _Decision(Protocol):
    @property
    def date(self) -> dt.date: ...
    @property
    def function(self) -> Enum: ...
    @property
    def side(self) -> str | None: ...
    @property
    def decision(self) -> str: ...
    @property
    def level(self) -> int: ...
    @property
    def reason(self) -> str: ...


class _Adaptation(Protocol):
    @property
    def decisions(self) -> Sequence[_Decision]: ...


class _Plan(Protocol):
    @property
    def adaptation(self) -> _Adaptation | None: ...

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


def change_heading(change: _Change) -> str:
    """`Level up` or `Level down` for a level change (models.LevelChange)."""
    return LEVEL_DOWN if change.to_level < change.from_level else LEVEL_UP


def is_down(change: _Change) -> bool:
    """True when the change lowers the level."""
    return change.to_level < change.from_level


def dose_change_lines(plan: _Plan, after: dt.date | None, upto: dt.date) -> list[str]:
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
