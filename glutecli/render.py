"""Rich rendering of core models. Only this module and cli.py import rich."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .models import FUNCTION_LABELS, Exercise

DISCLAIMER = (
    "glute is an exercise planner, not medical advice. It does not diagnose. Stop and see a "
    "doctor or physiotherapist if pain is severe, constant, wakes you at night or keeps getting worse."
)


def stdout_console() -> Console:
    # highlight=False: numbers in cues are not syntax; NO_COLOR and non-TTY are honoured by rich.
    return Console(highlight=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def functions_text(functions: list) -> str:
    return ", ".join(FUNCTION_LABELS[f] for f in functions)


def equipment_text(equipment: list) -> str:
    return ", ".join(e.value.replace("_", " ") for e in equipment) or "-"


def exercises_table(exercises: list[Exercise], source: str) -> Any:
    if not exercises:
        return Text("No exercises match these filters.", style="yellow")
    t = Table(title=f"{len(exercises)} exercises", box=box.SIMPLE_HEAVY, title_justify="left")
    t.add_column("id", style="cyan", no_wrap=True)
    t.add_column("name")
    t.add_column("functions")
    t.add_column("lvl", justify="right")
    t.add_column("equipment")
    t.add_column("dose")
    t.add_column("%MVIC", justify="right")
    for e in sorted(exercises, key=lambda x: (x.level, x.id)):
        mvic = e.mvic
        t.add_row(e.id, e.name, functions_text(e.functions), str(e.level), equipment_text(e.equipment), e.dose.text(), "-" if mvic is None else f"{mvic:g}")
    return t


def _bullets(items: list[str]) -> Text:
    out = Text()
    for i, item in enumerate(items):
        if i:
            out.append("\n")
        out.append("  - " + item)
    return out


def exercise_panel(ex: Exercise, cat: Any) -> Any:
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    meta.add_row("id", ex.id)
    if ex.aliases:
        meta.add_row("also called", ", ".join(ex.aliases))
    meta.add_row("functions", functions_text(ex.functions))
    meta.add_row("level", f"{ex.level} ({LEVEL_WORDS[ex.level]})")
    meta.add_row("equipment", equipment_text(ex.equipment) if ex.equipment else "body weight only")
    meta.add_row("position", ex.position.value.replace("_", " ") + (", weight-bearing" if ex.weight_bearing else "") + (", one side at a time" if ex.unilateral else ""))
    meta.add_row("dose", ex.dose.text())
    meta.add_row("progression", ex.dose.progression)
    parts: list[Any] = [meta, Text("\nHow to do it", style="bold"), _bullets(ex.cues)]
    if ex.faults:
        parts += [Text("\nWatch for", style="bold"), _bullets(ex.faults)]
    if ex.cautions:
        parts += [Text("\nCautions", style="bold yellow"), _bullets([f"{c.text} ({c.when.value.replace('_', ' ')})" for c in ex.cautions])]
    if ex.evidence:
        lines = []
        for ev in ex.evidence:
            s = f"{ev.mvic_percent:g}% MVIC ({ev.measure}) - {ev.study}"
            if ev.as_studied:
                s += f" [as '{ev.as_studied}']"
            if not ev.verified:
                s += " (not verified)"
            lines.append(s)
        parts += [Text("\nGluteus medius activation", style="bold"), _bullets(lines)]
    rungs = cat.ladder(ex.id)
    ladder = Text()
    for i, rung in enumerate(rungs):
        if i:
            ladder.append("  ->  ")
        lvl = cat.by_id[rung[0]].level
        ladder.append(f"L{lvl}: ")
        for j, rid in enumerate(rung):
            if j:
                ladder.append(" | ")
            ladder.append(rid, style="bold cyan" if rid == ex.id else "")
    parts += [Text("\nLadder", style="bold"), ladder, Text("\nSources: " + "; ".join(ex.sources), style="dim")]
    return Panel(Group(*parts), title=ex.name, title_align="left", box=box.ROUNDED)


LEVEL_WORDS = {1: "non-weight-bearing activation", 2: "weight-bearing, partial single-leg", 3: "single-leg, full body weight or load"}


def referral_panel(message: str, reasons: list[str]) -> Any:
    body = Text(message + "\n", style="bold")
    for r in reasons:
        body.append(f"  - {r}\n")
    body.append("\nPlease see a doctor or physiotherapist before starting an exercise program. No plan was made.")
    return Panel(body, title="See a clinician first", title_align="left", border_style="red", box=box.HEAVY)
