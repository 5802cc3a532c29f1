"""How long a rep and a set take, from the prescription's tempo: one model for the plan's estimate and the guided timers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import rules

if TYPE_CHECKING:
    from .models import Prescription


@dataclass(frozen=True)
class Phase:
    """A part of one rep (up, hold, down) or a whole hold."""

    name: str
    seconds: float


def tempo_phases(p: Prescription) -> list[Phase]:
    """One rep as phases: `2 s up, 2 s down` with the hold between; a hold-only set is one phase."""
    if p.reps is None:
        return [Phase("hold", float(p.hold_seconds or 0))]
    # The catalogue's tempo is text: "2 s up, 2 s down", "3-5 s each way", "slow, controlled
    # lowering". A range counts at its low end (the timer paces the slowest reps the plan's
    # estimate can hold; going slower is fine); words without seconds get the default tempo.
    found = re.findall(r"(\d+(?:\.\d+)?)(?:\s*-\s*\d+(?:\.\d+)?)?\s*s\s+(each way|[a-z]+)", (p.tempo or rules.TEMPO).lower())
    parts: list[Phase] = []
    for n, word in found:
        parts += [Phase("out", float(n)), Phase("back", float(n))] if word == "each way" else [Phase(word, float(n))]
    parts = parts or [Phase("up", rules.SECONDS_PER_REP / 2), Phase("down", rules.SECONDS_PER_REP / 2)]
    if p.hold_seconds:
        parts.insert(1, Phase("hold", float(p.hold_seconds)))
    return parts


def set_seconds(p: Prescription) -> float:
    """One set on one side, in seconds, at the prescribed tempo (a range counts at its low end)."""
    if p.reps is None:
        return float(p.hold_seconds or 0)
    return p.reps * sum(ph.seconds for ph in tempo_phases(p))
