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


SHORT_FUNCTIONS = {"abduction": "abd", "external_rotation": "ER", "internal_rotation": "IR", "stabilization": "stab"}


def exercises_table(exercises: list[Exercise], source: str) -> Any:
    if not exercises:
        return Text("No exercises match these filters.", style="yellow")
    t = Table(title=f"{len(exercises)} exercises", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    # Narrow, wrapping side columns leave the room to the exercise (ids must stay whole: `show ID`).
    t.add_column("exercise", min_width=20, overflow="fold", ratio=1)
    t.add_column("func", max_width=5)
    t.add_column("lvl", justify="right")
    t.add_column("equip", max_width=9)
    t.add_column("dose", max_width=10)
    t.add_column("%MVIC", justify="right")
    for e in sorted(exercises, key=lambda x: (x.level, x.id)):
        mvic = e.mvic
        name = Text(e.name, style="bold")
        name.append("\n" + e.id, style="cyan")
        mark = "-" if mvic is None else f"{mvic:g}" + ("" if any(ev.verified for ev in e.evidence if ev.mvic_percent == mvic) else "*")
        t.add_row(name, " ".join(SHORT_FUNCTIONS[f.value] for f in e.functions), str(e.level), equipment_text(e.equipment), e.dose.text(tempo=False), mark)
    legend = "abd abduction, ER/IR external/internal rotation, stab stabilization; * %MVIC not verified against the study"
    return Group(t, Text(legend, style="dim"))


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


# ---------------------------------------------------------------- plan

SHORT_LEVELS = {1: "L1", 2: "L2", 3: "L3"}


def _levels_line(levels: dict) -> str:
    return ", ".join(f"{SHORT_FUNCTIONS[f.value]} L{lv}" for f, lv in levels.items())


def _bullet_grid(items: list[str]) -> Any:
    """Bullets with a hanging indent."""
    g = Table.grid(padding=(0, 1))
    g.add_column(no_wrap=True)
    g.add_column()
    for item in items:
        g.add_row("-", item)
    return g


def plan_header(plan: Any) -> Any:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    end = plan.weeks[-1].sessions[-1].date if plan.weeks and plan.weeks[-1].sessions else plan.start_date
    grid.add_row("for", plan.generated_for or plan.profile)
    grid.add_row("dates", f"{plan.start_date:%a %d %b %Y} to {end:%a %d %b %Y}, {plan.weeks_total} weeks")
    grid.add_row("sessions", f"{plan.sessions_per_week} a week: {', '.join(d.capitalize() for d in plan.days)} (at least 24 h apart)")
    focus = ", ".join(FUNCTION_LABELS[f] for f in plan.focus) or "none tested weak (maintenance)"
    grid.add_row("focus", focus)
    starts = []
    for f, lv in plan.start_levels.items():
        side = plan.weaker_side.get(f)
        starts.append(f"{FUNCTION_LABELS[f]} L{lv}" + (f" ({side} weaker)" if side else ""))
    grid.add_row("start", "; ".join(starts))
    grid.add_row("gate", plan.gate)
    notes = _bullet_grid(plan.notes)
    rules = _bullet_grid(plan.pain_rules)
    body = Group(grid, Text("\nNotes", style="bold"), notes, Text("\nPain rules", style="bold"), rules, Text("\n" + DISCLAIMER, style="dim"))
    return Panel(body, title="Your gluteus medius program", title_align="left", box=box.ROUNDED)


def week_table(week: Any) -> Any:
    title = f"Week {week.number} - {week.phase}   ({_levels_line(week.levels)})"
    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, title_style="bold")
    t.add_column("day", no_wrap=True)
    t.add_column("exercise", ratio=3, min_width=14)
    t.add_column("dose", ratio=2, min_width=9)
    t.add_column("side", no_wrap=True)  # "both" or "both / +1 left" (weaker side's extra set)
    t.add_column("key cue", ratio=4, min_width=12)
    for session in week.sessions:
        day = f"{session.date:%a %d %b}"
        # The weaker side's extra set is its own entry in the plan; on screen it shares the row.
        rows = [ex for ex in session.exercises if ex.side == "both"]
        extras = {ex.id: ex for ex in session.exercises if ex.side != "both"}
        for i, ex in enumerate(rows):
            name = Text(ex.name)
            if ex.caution:
                name.append(" !", style="bold yellow")
            side = "both"
            if ex.id in extras:
                x = extras[ex.id]
                side = f"both\n+{x.sets} {x.side}"
            t.add_row(day if i == 0 else "", name, ex.dose_text(), side, ex.cue, end_section=i == len(rows) - 1)
    parts: list[Any] = [t]
    for ch in week.level_changes:
        parts.append(Text(f"Level up: {FUNCTION_LABELS[ch.function]} L{ch.from_level} -> L{ch.to_level}, only if the gate is met.", style="bold green"))
    cautions = sorted({f"! {ex.name}: {ex.caution}" for s in week.sessions for ex in s.exercises if ex.caution})
    for c in cautions:
        parts.append(Text(c, style="yellow"))
    if week.checkpoint:
        parts.append(Text("Checkpoint: " + week.checkpoint, style="bold cyan"))
    return Group(*parts, Text(""))


def plan_view(plan: Any, week: int | None = None) -> Any:
    weeks = [w for w in plan.weeks if week is None or w.number == week]
    parts = [] if week is not None else [plan_header(plan)]
    parts += [week_table(w) for w in weeks]
    return Group(*parts)


# ---------------------------------------------------------------- assess

VERDICT_STYLE = {"weak": "bold red", "ok": "green", "untested": "yellow"}
VERDICT_CELL = {"weak": "weak", "ok": "ok", "untested": "not tested"}


def _hanging(items: list[str]) -> Any:
    """Bullets with a hanging indent (wrapped lines stay under their text)."""
    g = Table.grid(padding=(0, 1))
    g.add_column(no_wrap=True)
    g.add_column()
    for item in items:
        g.add_row("-", item)
    return g


def disclaimer_panel() -> Any:
    body = Text(DISCLAIMER + "\n\n")
    body.append("First a few yes/no safety questions, then your pain, five short tests (each side), and your week.\n")
    body.append("Ctrl-C stops at any point; nothing is saved until the end.", style="dim")
    return Panel(body, title="glute self-assessment", title_align="left", box=box.ROUNDED)


def test_panel(spec: Any, number: int, total: int) -> Any:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("tests", FUNCTION_LABELS[spec.function])
    grid.add_row("how", Text("\n".join(spec.how)))
    grid.add_row("watch for", Text("\n".join(spec.watch)))
    grid.add_row("pass", spec.pass_mark)
    grid.add_row("source", spec.source)
    return Panel(grid, title=f"Test {number}/{total}: {spec.name}", title_align="left", box=box.ROUNDED)


def _verdict(v: str) -> Text:
    return Text(VERDICT_CELL[v], style=VERDICT_STYLE[v])


def _start_text(r: Any) -> str:
    return f"{r.start_level}, 3 early" if r.level3_early else str(r.start_level)


def assessment_view(a: Any, *, saved: bool = False) -> Any:
    """The scored assessment: a table per function, one-line verdicts with reasons, notes."""
    pain = f"pain {a.answers.pain.now}/10"
    if a.answers.pain.areas:
        pain += " (" + ", ".join(x.value.replace("_", " ") for x in a.answers.pain.areas) + ")"
    if a.answers.pain.acute_flare:
        pain += ", acute flare"
    who = f" - {a.answers.name}" if a.answers.name else ""
    head = Text(f"Assessment {a.id or '(unsaved)'}{who}", style="bold")
    head.append(f"\n{a.date:%a %d %b %Y}, profile {a.profile}, {pain}", style="")
    parts: list[Any] = [head]
    if any(r.verdict != "untested" for r in a.functions):
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        t.add_column("function", no_wrap=True)
        t.add_column("left", no_wrap=True)
        t.add_column("right", no_wrap=True)
        t.add_column("verdict", no_wrap=True)
        t.add_column("weaker", no_wrap=True)
        t.add_column("start", no_wrap=True)
        for r in a.functions:
            t.add_row(FUNCTION_LABELS[r.function], _verdict(r.left.verdict), _verdict(r.right.verdict), _verdict(r.verdict), r.weaker_side or "-", _start_text(r))
        parts.append(t)
        parts.append(_hanging([f"{FUNCTION_LABELS[r.function]}: {r.summary}" for r in a.functions]))
    if a.notes:
        parts += [Text("\nNotes", style="bold"), _hanging(a.notes)]
    tail = Text("\n")
    if saved:
        tail.append(f"Saved as {a.id} (profile {a.profile}).", style="bold")
        if not a.referred:
            tail.append(" Next: glute plan --weeks 8")
    if a.referred and not saved:
        parts.append(Text(""))
        parts.append(referral_panel("Referred: this assessment needs a clinician's opinion before exercising.", a.referral_reasons))
    tail.append(("\n" if saved else "") + "Not medical advice: see a clinician for severe, constant or worsening pain.", style="dim")
    parts.append(tail)
    return Group(*parts)


HISTORY_SHORT = {"abduction": "abd", "external_rotation": "ext rot", "internal_rotation": "int rot", "stabilization": "stab"}


def history_view(profile: str, items: list, changes: list[str]) -> Any:
    """Past assessments (oldest first) and the change between the last two."""
    if not items:
        return Text(f"No assessments yet for profile {profile!r}. Start with: glute assess", style="yellow")
    t = Table(title=f"{len(items)} assessment{'s' if len(items) != 1 else ''} - profile {profile}", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    t.add_column("id (date-n)", no_wrap=True)
    t.add_column("pain", justify="right", no_wrap=True)
    for f in HISTORY_SHORT.values():
        t.add_column(f, no_wrap=True)
    t.add_column("note")
    for a in items:
        cells = []
        for r in a.functions:
            cells.append(Text("-", style="dim") if r.verdict == "untested" else _verdict(r.verdict))
        note = "referred" if a.referred else ""
        t.add_row(a.id, f"{a.answers.pain.now}/10", *cells, Text(note, style="red"))
    parts: list[Any] = [t, Text("- = not tested. Details: glute assess --show ID", style="dim")]
    if len(items) >= 2:
        prev, cur = items[-2], items[-1]
        parts.append(Text(f"\nChange from {prev.id} to {cur.id}", style="bold"))
        parts.append(_hanging(changes) if changes else Text("no change"))
    return Group(*parts)


# ---------------------------------------------------------------- today (issue 5)
# `glute today`: the day's session as a checklist. The view comes from glutecli/today.py.


def _session_checklist(v: Any) -> Any:
    g = Table.grid(padding=(0, 1))
    g.add_column(no_wrap=True)  # one box per set
    g.add_column()
    for it in v.items:
        boxes = " ".join("☐" for _ in range(it.main.sets))
        head = Text(it.main.name, style="bold")
        head.append(f"  {it.dose}, {it.side}", style="")
        head.append(f"  L{it.main.level}", style="dim")
        g.add_row(boxes, head)
        for x in it.extras:
            g.add_row(" ".join("☐" for _ in range(x.sets)), Text(f"+{x.sets} extra set{'s' if x.sets != 1 else ''} on the {x.side} (weaker side)"))
        for c in it.cues:
            g.add_row("", Text(f"- {c}", style="dim"))
        if it.main.caution:
            g.add_row("", Text(f"! {it.main.caution}", style="yellow"))
    return g


def today_panel(view: Any) -> Any:
    """The session of the day as a checklist, or the rest-day / not-started / ended message."""
    from .export import short_date

    if view.session is None:
        parts: list[Any] = [Text(view.message, style="bold")]
        nxt = view.next
        if nxt is not None and view.status != "before_start":
            parts.append(Text(f"Then: week {nxt.week.number} ({nxt.week.phase}), {len(nxt.items)} exercises.", style="dim"))
        elif nxt is not None:
            parts.append(Text(f"First session: {short_date(nxt.session.date)}, {len(nxt.items)} exercises.", style="dim"))
        return Group(*parts)
    v = view.session
    parts = [_session_checklist(v)]
    if v.week.checkpoint and v.index == v.count:
        parts.append(Text("\nCheckpoint: " + v.week.checkpoint, style="bold cyan"))
    for ch in v.week.level_changes if v.index == 1 else []:
        parts.append(Text(f"Level up this week: {FUNCTION_LABELS[ch.function]} L{ch.from_level} -> L{ch.to_level}, only if the gate is met.", style="green"))
    parts.append(Text("\nTick a box per set as you go.", style="dim"))
    for rule in view.plan.pain_rules[:2]:
        parts.append(Text(f"- {rule}", style="dim"))
    if view.next is not None:
        parts.append(Text(f"Next session: {short_date(view.next.session.date)}", style="dim"))
    else:
        parts.append(Text("This is the last session of the plan: re-test with glute assess.", style="dim"))
    title = f"Today: {v.title}"
    return Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED)
