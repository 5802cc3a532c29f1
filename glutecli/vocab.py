"""The words glute's data and options are made of: plain enums and Literals, no pydantic.

The command line (typer choices) and the models (pydantic fields) use these same classes. This
module imports only `enum` and `typing`, which every Python has loaded at start-up, so the CLI can
name its choices without paying for pydantic.
"""

from __future__ import annotations

import itertools
from enum import Enum
from typing import TYPE_CHECKING, Literal


class Function(str, Enum):
    abduction = "abduction"
    external_rotation = "external_rotation"
    internal_rotation = "internal_rotation"
    stabilization = "stabilization"


class Equipment(str, Enum):
    band = "band"
    step = "step"
    yoga_block = "yoga_block"
    dumbbell = "dumbbell"
    bench = "bench"
    cable_machine = "cable_machine"
    abduction_machine = "abduction_machine"


if TYPE_CHECKING:

    class EquipmentChoice(str, Enum):
        """Equipment, plus `none` (body weight only), as an option value."""

        none = "none"

else:
    # Made from Equipment so the option can never drift from the catalogue's vocabulary.
    EquipmentChoice = Enum("EquipmentChoice", [*((e.name, e.value) for e in Equipment), ("none", "none")], type=str)


class RedFlag(str, Enum):
    night_pain = "night_pain"
    numbness = "numbness"
    bladder_bowel = "bladder_bowel"
    fever = "fever"
    weight_loss = "weight_loss"
    trauma = "trauma"
    rest_pain = "rest_pain"


Side = Literal["left", "right"]
SIDES: tuple[Side, Side] = ("left", "right")
CompensationSide = Literal["left", "right", "both"]


class CompensationChoice(str, Enum):
    """Where compensation was seen, as an option value (the values of CompensationSide)."""

    left = "left"
    right = "right"
    both = "both"


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: list[str] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_NAMES: dict[str, str] = {d: n for d, n in zip(WEEKDAYS, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), strict=True)}
# What a person may type for a weekday: its short form, its name, and a few common spellings.
DAY_WORDS: dict[str, str] = {**{d: d for d in WEEKDAYS}, **{n: d for d, n in WEEKDAY_NAMES.items()}, "tues": "tue", "thur": "thu", "thurs": "thu"}
DEFAULT_DAYS: dict[int, list[str]] = {3: ["mon", "wed", "fri"], 4: ["mon", "tue", "thu", "sat"]}


def min_gap_days(days: list[str]) -> int:
    """Smallest gap in days between consecutive sessions, wrapping round the week."""
    idx = sorted(WEEKDAYS.index(d) for d in days)
    if len(idx) < 2:
        return 7
    gaps = [b - a for a, b in itertools.pairwise(idx)] + [idx[0] + 7 - idx[-1]]
    return min(gaps)


def check_days(days: list[str], sessions: int | None = None, *, per_week: str = "{n} sessions a week") -> list[str]:
    """The training weekdays in week order, or ValueError saying what is wrong.

    The one weekday rule, used by the answer file's schedule, the plan options and the questions;
    each caller prefixes the message with the field or option it came from, and names its count
    of sessions (`per_week`: "sessions_per_week={n}", "--sessions {n}")."""
    bad = [d for d in days if d not in WEEKDAYS]
    if bad:
        raise ValueError(f"{', '.join(bad)} is not a weekday")
    if len(set(days)) != len(days):
        raise ValueError("a weekday is listed twice (never two sessions on one day)")
    n = sessions or len(days)
    if n not in (3, 4):
        raise ValueError(f"{len(days)} days given; a program has 3 or 4 sessions a week")
    if len(days) != n:
        raise ValueError(f"{len(days)} days given for {per_week.format(n=n)}; list exactly one weekday per session")
    if min_gap_days(days) < 1:
        raise ValueError("sessions must be at least 24 h apart")
    return sorted(days, key=WEEKDAYS.index)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    txt = "txt"
    md = "md"
    html = "html"
    json = "json"
    ics = "ics"
    csv = "csv"


class Sessions(str, Enum):
    """Sessions a week, as an option value."""

    three = "3"
    four = "4"
