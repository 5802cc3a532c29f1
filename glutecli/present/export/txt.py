"""The plan as a plain-text handout (78 columns, tick boxes), safe to `cat` in a terminal."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ...safetext import safe
from ..text import (
    DISCLAIMER,
    LEVELS_TEXT,
    SOURCES_NOTE,
    cautions_of,
    function_names,
    level_change_lines,
    levels_text,
    long_date,
    patient_text,
    plan_facts,
    session_items,
    session_line,
    week_dates,
)

if TYPE_CHECKING:
    from ...catalogue import Catalogue
    from ...models import Plan
    from .options import Options

WIDTH = 78


def _wrap(text: str, indent: str = "", sub: str | None = None) -> list[str]:
    return textwrap.wrap(
        patient_text(text),
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if sub is None else sub,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _bullet(text: str, indent: str = "", mark: str = "- ") -> list[str]:
    return _wrap(text, indent + mark, indent + " " * len(mark))


def _label(label: str, text: str, width: int = 11) -> list[str]:
    return _wrap(text, f"{label:<{width}}", " " * width)


def _spread(left: str, right: str) -> list[str]:
    if len(left) + len(right) + 2 <= WIDTH:
        return [left + " " * (WIDTH - len(left) - len(right)) + right]
    return [left, right]


def render(plan: Plan, cat: Catalogue | None, options: Options) -> str:
    """The handout: the plan's rules first, then a page per week with a block per session."""
    out: list[str] = []
    title = "GLUTEUS MEDIUS PROGRAM"
    out += [title, "=" * len(title), ""]
    for label, fact in plan_facts(plan).items():
        out += _label(label.capitalize() + ":", fact)
    out += ["", *_wrap(DISCLAIMER), ""]

    out += ["THE GATE: WHEN TO MOVE UP A LEVEL", *_wrap(plan.gate, "  "), ""]
    out += ["PAIN RULES"]
    for r in plan.pain_rules:
        out += _bullet(r, "  ")
    out += ["", "WHY THIS PLAN"]
    for note in plan.notes:
        out += _bullet(note, "  ")
    out += ["", *_wrap(LEVELS_TEXT)]
    out += _wrap("Tick one box per set as you go, and write down your pain during the session and the next morning (0-10).")

    for week in plan.weeks:
        out += ["", "", "#" * WIDTH]
        head = f"WEEK {week.number} OF {plan.weeks_total} - {week.phase.upper()}"
        dates = week_dates(week)
        out += _spread(head, dates)
        out += ["#" * WIDTH]
        if week.levels:
            out += _label("Levels:", levels_text(week.levels))
        if week.note:
            out += _label("Note:", week.note)
        for head, line in level_change_lines(plan, week):
            out += _label(head + ":", line)
        if week.checkpoint:
            out += _label("Checkpoint:", week.checkpoint, 12)
        for i, session in enumerate(week.sessions, 1):
            out += [""]
            out += _spread(f"{long_date(session.date)} - session {i} of {len(week.sessions)}", "pain during ___  next morning ___")
            out += ["-" * WIDTH]
            if session_line(session):
                out += _wrap(session_line(session))
                out.append("")
            for n, it in enumerate(session_items(session, cat), 1):
                if n > 1:
                    out.append("")
                lead = f"{n}. "
                pad = " " * len(lead)
                out += _wrap(f"{it.main.name} (level {it.main.level}; {function_names(it.main.functions)})", lead, pad)
                out += _wrap(f"{it.dose}, {it.side_and_extra}", pad + "Dose: ", pad + "      ")
                boxes = " ".join("[ ]" for _ in range(it.main.sets))
                for x in it.extras:
                    boxes += f"   {x.side} extra: " + " ".join("[ ]" for _ in range(x.sets))
                out += _wrap(boxes, pad + "Sets: ", pad + "      ")
                for c in it.cues:
                    out += _bullet(c, pad)
                for c in cautions_of(it.main):
                    out += _bullet(c, pad, "! ")
    out += ["", "-" * WIDTH, *_wrap("Made with glute. " + DISCLAIMER), "", *_wrap(SOURCES_NOTE)]
    # A text file is read in terminals: no control character or bidi override gets through.
    return safe("\n".join(line.rstrip() for line in out), newlines=True) + "\n"
