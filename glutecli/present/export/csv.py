"""The plan as CSV, one row per exercise of a session, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from ...safetext import safe
from ..text import all_sessions

if TYPE_CHECKING:
    from ...catalogue import Catalogue
    from ...models import Plan, Prescription
    from .options import Options

FIELDS = ["date", "week", "weekday", "exercise_id", "name", "sets", "reps", "hold_seconds", "side", "level", "load", "sets_left", "sets_right"]

# OWASP CSV injection: a cell a spreadsheet could read as a formula starts with one of these once
# what a spreadsheet may trim or ignore is skipped (spaces, NBSP, ZWSP, BOM, bidi marks...); the
# separators are here because a cell that starts with one can be split into a new cell on import.
_FORMULA_START = frozenset("=+-@\t\r\n,;|")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


def formula_like(text: str) -> bool:
    """Would a spreadsheet (any of them, with "trim spaces" on) start this cell with an operator?"""
    import unicodedata

    for ch in text:
        if ch in _FORMULA_START:
            return True
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"):
            continue  # invisible or trimmed: look at the next character
        folded = unicodedata.normalize("NFKC", ch)  # full-width ＝＋－＠, small ﹦﹢﹣﹫ ...
        return ch in _DASHES or (folded[:1] in _FORMULA_START)
    return False


def cell(value: object) -> str:
    """A CSV cell; text that a spreadsheet could run as a formula gets a leading apostrophe.

    Numbers are written as numbers. Control characters other than line breaks (kept: the cell is
    quoted) are shown escaped (`\\x1b`), so the file is also safe to `cat` in a terminal.
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = safe(str(value), newlines=True, tabs=True)
        return "'" + text if formula_like(text) else text
    return str(value)


def _side_sets(p: Prescription) -> tuple[int | None, int | None]:
    """(left, right) sets of a row: per side, the weaker side's extra set included."""
    if p.sets_by_side:
        return p.sets_by_side.get("left", p.sets), p.sets_by_side.get("right", p.sets)
    if p.side == "both":
        return p.sets, p.sets
    return (p.sets, None) if p.side == "left" else (None, p.sets)


def render(plan: Plan, cat: Catalogue | None, options: Options) -> str:
    """Every prescription of every session, as written in the plan (the catalogue adds nothing)."""
    buf = io.StringIO()
    w = csv.writer(buf)  # RFC 4180: CRLF line ends, quotes only where needed
    w.writerow(FIELDS)
    for week, session in all_sessions(plan):
        for p in session.exercises:
            row = [
                session.date.isoformat(),
                week.number,
                session.weekday,
                p.id,
                p.name,
                p.sets,
                p.reps,
                p.hold_seconds,
                p.side,
                p.level,
                p.load,
                *_side_sets(p),
            ]
            w.writerow([cell(v) for v in row])
    return buf.getvalue()
