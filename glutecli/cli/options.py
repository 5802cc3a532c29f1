"""Options shared by several commands (Annotated aliases), and the parsers of dates, weekdays,
times and week ranges as typed on the command line."""

from __future__ import annotations

import datetime as dt
import re
import sys
from enum import Enum
from typing import Annotated

import typer

from ..errors import InputError
from ..vocab import DAY_WORDS, DEFAULT_DAYS, WEEKDAYS, OutputFormat, Sessions

FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="table or json.")]
WeeksOpt = Annotated[
    int | None,
    typer.Option("--weeks", "-w", metavar="N", min=1, max=52, help="Program length in weeks (1-52; default 8, or the active plan's when it goes on from your log)."),
]
StartOpt = Annotated[str | None, typer.Option("--start", metavar="DATE", help="First day: YYYY-MM-DD, tomorrow or a weekday (default: next Monday).")]
SessionsOpt = Annotated[Sessions | None, typer.Option("--sessions", help="Sessions a week (3 or 4); overrides the assessment.")]
DaysOpt = Annotated[list[str] | None, typer.Option("--days", metavar="DAYS", help="Training weekdays, e.g. mon,wed,fri or \"mon wed fri\"; overrides the assessment.")]
AnswersOpt = Annotated[str | None, typer.Option("--answers", metavar="FILE", help="Assess from this answer file (YAML/JSON, - for stdin) and save it.")]
ExampleOpt = Annotated[bool, typer.Option("--example", help="Use the built-in example person (saved under profile 'example').")]
WeekOpt = Annotated[str | None, typer.Option("--week", metavar="N or N-M", help="Show only this week, or a range of weeks (3-4).")]

DATE_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
DATE_HINT = "write it as YYYY-MM-DD (e.g. 2026-11-23), today, tomorrow, yesterday or a weekday (mon, ...)"
_ISO_LOOSE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value: str | None, option: str, today: dt.date, *, words: bool = True, ahead: bool = True) -> dt.date | None:
    """The one date parser of the command line: YYYY-MM-DD (or YYYY-M-D), today, tomorrow,
    yesterday, or a weekday name: the next one (`ahead`) or the last one, today included.
    None stays None. (`words` is kept for callers written before every option took words.)"""
    if value is None:
        return None
    word = value.strip().lower()
    if word in DATE_WORDS:
        return today + dt.timedelta(days=DATE_WORDS[word])
    if word in DAY_WORDS:
        diff = WEEKDAYS.index(DAY_WORDS[word]) - today.weekday()
        return today + dt.timedelta(days=diff % 7 if ahead else -(-diff % 7))
    m = _ISO_LOOSE.fullmatch(word)
    try:
        if m is None:
            raise ValueError(value)
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        from ..safetext import quote

        raise InputError(f"{option} {quote(value)}: not a date", hint=DATE_HINT) from None


def warn(message: str) -> None:
    """A warning on stderr: the command goes on."""
    from ..safetext import safe

    sys.stderr.write(f"warning: {safe(message, newlines=True)}\n")


def parse_start(value: str | None, today: dt.date) -> dt.date | None:
    """`plan --start`: any date, with a warning when it is already past."""
    start = parse_date(value, "--start", today)
    if start is not None and start < today:
        warn(f"--start {start.isoformat()} is in the past ({(today - start).days} days ago): the programme's first sessions are already behind you")
    return start


def parse_days(value: list[str] | None) -> list[str] | None:
    """`mon,wed,fri`, `"mon wed fri"` or `monday,...`: a weekday's name, its first three letters
    or a common spelling; warns when sessions fall on days in a row where rest days would fit."""
    if not value:
        return None
    from ..safetext import quote

    out = []
    for v in value:
        for d in re.split(r"[,\s]+", v):
            word = d.strip().lower()
            if not word:
                continue
            if word not in DAY_WORDS:
                raise InputError(f"--days {quote(d.strip())}: not a weekday", hint="write days as mon,tue,wed,thu,fri,sat,sun (or monday, ...)")
            out.append(DAY_WORDS[word])
    _warn_days_in_a_row(out)
    return out


def _warn_days_in_a_row(days: list[str]) -> None:
    message = days_in_a_row(days)
    if message:
        warn(f"--days {message.replace('e.g. ', 'e.g. --days ')}")


def days_in_a_row(days: list[str]) -> str | None:
    """What to say when sessions fall on days in a row where rest days would fit, or None.
    Consecutive days keep the 24 h rule, but 3 sessions always fit with a rest day between,
    and 4 with no three days in a row."""
    idx = sorted({WEEKDAYS.index(d) for d in days})
    if len(idx) not in (3, 4):
        return None  # the count is checked (and refused) with the plan's rules
    in_a_row = [i for i in idx if (i + 1) % 7 in idx]
    three = any((i + 1) % 7 in in_a_row for i in in_a_row)
    if not ((len(idx) == 3 and in_a_row) or three):
        return None
    better = ",".join(DEFAULT_DAYS[len(idx)])
    return f"{','.join(WEEKDAYS[i] for i in idx)}: sessions on days in a row; rest days between them help recovery, e.g. {better}"


def parse_time(value: str) -> dt.time:
    """HH:MM, 24 h."""
    try:
        hh, mm = value.strip().split(":")
        return dt.time(int(hh), int(mm))
    except ValueError:
        raise InputError(f"--time {value!r}: not a time of day", hint="write it as HH:MM (24 h), e.g. 07:30 or 18:00") from None


def parse_week_range(value: str | None) -> tuple[int, int] | None:
    """`--week 3` or `--week 3-4`."""
    if value is None:
        return None
    text = value.strip()
    try:
        lo, _, hi = text.partition("-")
        a, b = int(lo), int(hi) if hi else int(lo)
    except ValueError:
        raise InputError(f"--week {value!r}: give a week number or a range", hint="e.g. --week 3 or --week 3-4") from None
    if not 1 <= a <= b:
        raise InputError(f"--week {value!r}: give a week number from 1, or a range low-high", hint="e.g. --week 3 or --week 3-4")
    return a, b


# Words people type for a choice, beyond its own value (matched after lower-casing and turning
# spaces and hyphens into underscores).
CHOICE_WORDS: dict[str, str] = {
    "resistance_band": "band", "elastic_band": "band", "loop_band": "band", "mini_band": "band", "bands": "band",
    "dumbbells": "dumbbell", "cable": "cable_machine", "box": "step", "stair": "step", "block": "yoga_block",
    "body_weight": "none", "bodyweight": "none", "nothing": "none",
}  # fmt: skip


def choice_word(text: str, allowed: list[str]) -> str | None:
    """The choice `text` names (its value, another spelling of it, or an alias), or None."""
    word = re.sub(r"[\s-]+", "_", text.strip().lower())
    word = CHOICE_WORDS.get(word, word)
    return word if word in allowed else None


def check_value(value: object, annotation: object, lo: float | None, hi: float | None, name: str) -> object:
    """An option's value as typed, checked in glute's words before typer converts it: a choice
    (aliases turned into the value), a whole number, a range. Returns the value to convert."""
    args = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
    if args and getattr(annotation, "__origin__", None) is not list:  # X | None
        annotation = args[0]
    if getattr(annotation, "__origin__", None) is list:
        inner = annotation.__args__[0]  # type: ignore[attr-defined]  # a list[X] annotation has exactly one
        if isinstance(value, (list, tuple)):
            return type(value)(check_value(v, inner, lo, hi, name) for v in value)
        annotation = inner
    if not isinstance(value, str) or not isinstance(annotation, type):
        return value
    from ..safetext import quote

    if issubclass(annotation, Enum):
        allowed = [str(m.value) for m in annotation]
        found = choice_word(value, allowed)
        if found is None:
            raise InputError(f"{name}: {quote(value)} is not one of {', '.join(allowed)}", hint=f"e.g. {name} {allowed[0]}")
        return found
    if annotation is int:
        text = value.strip()
        if not re.fullmatch(r"[+-]?\d{1,9}", text):
            raise InputError(f"{name}: {quote(value)} is not a whole number", hint=_range_hint(name, lo, hi))
        n = int(text)
        if (lo is not None and n < lo) or (hi is not None and n > hi):
            raise InputError(f"{name}: {n} is out of range {_range(lo, hi)}", hint=_range_hint(name, lo, hi))
        return text
    return value


def _range(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"{lo:g}-{hi:g}"
    return f">= {lo:g}" if lo is not None else f"<= {hi:g}"


def _range_hint(name: str, lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"give a whole number from {lo:g} to {hi:g}"
    if lo is None and hi is None:
        return f"give a whole number, e.g. {name} 3"
    return f"give a whole number {_range(lo, hi)}, e.g. {name} {lo if lo is not None else hi:g}"
