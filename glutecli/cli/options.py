"""Options shared by several commands (Annotated aliases), and the parsers of dates, weekdays,
times and week ranges as typed on the command line."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from ..errors import InputError
from ..vocab import DAY_WORDS, WEEKDAY_NAMES, WEEKDAYS, OutputFormat, Sessions

FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="table or json.")]
WeeksOpt = Annotated[
    int | None,
    typer.Option("--weeks", "-w", min=1, max=52, help="Program length in weeks (1-52; default 8, or the active plan's when it goes on from your log)."),
]
StartOpt = Annotated[str | None, typer.Option("--start", help="First day, YYYY-MM-DD (default: next Monday).")]
SessionsOpt = Annotated[Sessions | None, typer.Option("--sessions", help="Sessions a week (3 or 4); overrides the assessment.")]
DaysOpt = Annotated[list[str] | None, typer.Option("--days", help="Training weekdays, e.g. mon,wed,fri; overrides the assessment.")]
AnswersOpt = Annotated[str | None, typer.Option("--answers", help="Assess from this answer file (YAML/JSON, - for stdin) and save it.")]
ExampleOpt = Annotated[bool, typer.Option("--example", help="Use the built-in example person (saved under profile 'example').")]
WeekOpt = Annotated[str | None, typer.Option("--week", metavar="N or N-M", help="Show only this week, or a range of weeks (3-4).")]

DATE_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}


def parse_date(value: str | None, option: str, today: dt.date, *, words: bool = False) -> dt.date | None:
    """YYYY-MM-DD or `today` (with `words`, also `tomorrow` and `yesterday`); None stays None."""
    if value is None:
        return None
    word = value.strip().lower()
    if word == "today" or (words and word in DATE_WORDS):
        return today + dt.timedelta(days=DATE_WORDS[word])
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option} {value!r}: not a date", hint="write it as YYYY-MM-DD, e.g. 2026-11-23") from None


def parse_days(value: list[str] | None) -> list[str] | None:
    """`mon,wed,fri` or `monday,...`: exactly a weekday's name or its first three letters."""
    if not value:
        return None
    from ..safetext import quote

    out = []
    for v in value:
        for d in v.split(","):
            word = d.strip().lower()
            if not word:
                continue
            if word not in WEEKDAYS and word not in WEEKDAY_NAMES.values():
                raise InputError(f"--days {quote(d.strip())}: not a weekday", hint="write days as mon,tue,wed,thu,fri,sat,sun (or monday, ...)")
            out.append(DAY_WORDS[word])
    return out


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
