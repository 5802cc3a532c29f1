"""The plan as GitHub-flavoured Markdown: tables with tick boxes, catalogue text escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...models import FUNCTION_LABELS
from ...safetext import safe
from ..text import (
    DISCLAIMER,
    LEVELS_TEXT,
    NOT_ADVICE,
    SOURCES_NOTE,
    cautions_of,
    level_change_lines,
    levels_text,
    long_date,
    patient_text,
    plan_facts,
    session_items,
    session_line,
    week_dates,
    week_items,
)

if TYPE_CHECKING:
    from ...catalogue import Catalogue
    from ...models import Plan
    from .options import Options


def escape(text: str) -> str:
    """Escape Markdown so catalogue text renders literally (GitHub-flavoured, incl. tables).

    `<` is escaped only where it could open an HTML tag, `>` and `#` only at the start: `<= 5/10`
    stays readable in the raw file.
    """
    # One line (a line break would end a table row or start a heading), no control characters.
    text = safe(patient_text(" ".join(str(text).splitlines())), tabs=True).replace("\t", " ")
    digits = len(text) - len(text.lstrip("0123456789"))
    ordered = digits if digits and text[digits : digits + 1] in (".", ")") else -1  # `1.` starts a list
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1 : i + 2]
        if ch in "\\`*_[]|~&" or (ch == "<" and (nxt.isalpha() or nxt in "/!?")) or (i == 0 and ch in ">#+-=") or i == ordered:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def render(plan: Plan, cat: Catalogue | None, options: Options) -> str:
    """The handout in Markdown: the plan's rules, then a section per week with a table per session."""
    e = escape
    out: list[str] = []
    out += [f"# Gluteus medius program: {e(plan.generated_for or plan.profile)}", ""]
    out += [f"> **{NOT_ADVICE}.** {e(DISCLAIMER.removeprefix(NOT_ADVICE + ': '))}", ""]
    facts = plan_facts(plan)
    out += [f"- **{label.capitalize()}:** {e(facts[label])}" for label in ("dates", "schedule", "focus")]
    out += [
        "",
        "| Function | Start level | Focus | Weaker side |",
        "|---|---:|---|---|",
    ]
    for f, lv in plan.start_levels.items():
        weaker = plan.weaker_side.get(f) or "-"
        out.append(f"| {FUNCTION_LABELS[f]} | {lv} | {'yes' if f in plan.focus else 'no'} | {weaker} |")
    out += ["", e(LEVELS_TEXT), ""]
    out += ["## The gate: when to move up a level", "", e(plan.gate), ""]
    out += ["## Pain rules", ""] + [f"- {e(r)}" for r in plan.pain_rules] + [""]
    out += ["## Why this plan", ""] + [f"- {e(n)}" for n in plan.notes] + [""]
    for week in plan.weeks:
        dates = week_dates(week)
        out += [f"## Week {week.number} of {plan.weeks_total}: {week.phase}", ""]
        out += [f"*{dates}.* **Levels:** {e(levels_text(week.levels))}", ""]
        if week.note:
            out += [f"**Note:** {e(week.note)}", ""]
        for head, line in level_change_lines(plan, week):
            out += [f"**{head}:** " + e(line.replace(" -> ", " → ")), ""]
        if week.checkpoint:
            out += [f"**Checkpoint:** {e(week.checkpoint)}", ""]
        for i, session in enumerate(week.sessions, 1):
            out += [f"### {long_date(session.date)} (session {i} of {len(week.sessions)})", ""]
            if session_line(session):
                out += [e(session_line(session)), ""]
            out += ["| Done | Exercise | Dose | Side | Level |", "|---|---|---|---|---:|"]
            for it in session_items(session, cat):
                boxes = " ".join("☐" for _ in range(it.main.sets))
                name = e(it.main.name) + (" ⚠" if it.main.caution else "")
                side = e(it.side)
                for x in it.extras:
                    side += f"; +{x.sets} {x.side} " + " ".join("☐" for _ in range(x.sets))
                out.append(f"| {boxes} | {name} | {e(it.dose)} | {side} | {it.main.level} |")
            out += ["", "Pain during (0-10): ___ · next morning: ___", ""]
        out += ["### Key cues this week", ""]
        for it in week_items(week, cat):
            out.append(f"- **{e(it.main.name)}**")
            out += [f"  - {e(c)}" for c in it.cues]
            for c in cautions_of(it.main):
                out.append(f"  - ⚠ *Caution:* {e(c)}")
        out.append("")
    out += ["---", "", f"*Made with glute. {e(DISCLAIMER)}*", "", f"*{e(SOURCES_NOTE)}*"]
    return "\n".join(out) + "\n"
