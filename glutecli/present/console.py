"""Rich rendering of core models. Only this module and cli.py import rich."""

from __future__ import annotations

import os
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text as RichText

from .models import FUNCTION_LABELS, Exercise
from .rules import morning_limit
from .safetext import safe
from .words import DECISION_WORDS as DECISION_TEXT  # one source of words (issue 12)
from .words import LEVEL_DOWN, LEVEL_UP, is_down

DISCLAIMER = (
    "glute is an exercise planner, not medical advice. It does not diagnose. Stop and see a "
    "doctor or physiotherapist if pain is severe, constant, wakes you at night or keeps getting worse."
)


def _console(**kw: Any) -> Console:
    # highlight=False: numbers in cues are not syntax. Non-TTY output is plain (rich's own rule).
    # markup=False, emoji=False: text from a catalogue or an answer file is shown as written
    # ("[/]" in a cue used to crash with MarkupError, ":x:" became an emoji); also faster.
    # NO_COLOR (no-color.org: set and not empty): rich alone drops colours but still writes bold
    # and dim codes to a terminal; no colour system means no escape codes at all.
    if os.environ.get("NO_COLOR"):
        kw["color_system"] = None
    return SafeConsole(highlight=False, markup=False, emoji=False, **kw)


class Text(RichText):
    """rich's Text with the text escaped as it is made (glutecli/safetext.py), so that layout
    measures what is shown; SafeConsole escapes whatever else reaches the terminal."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(safe(text, newlines=True, tabs=True), *args, **kwargs)

    def append(self, text: Any, style: Any = None) -> Any:
        if isinstance(text, str):
            text = safe(text, newlines=True, tabs=True)
        return super().append(text, style)


class SafeConsole(Console):
    """A console that never lets a control character of the text reach the terminal.

    Every piece of text is escaped (glutecli/safetext.py: `\\x1b`, `\\u202e`) when it is turned into
    output, after layout and before rich adds its own style codes, so nothing rendered from a
    catalogue, an answer file or a note is interpreted: whichever renderable carried it. Plain
    strings are escaped before layout too, so their width is measured as shown.
    """

    def render_str(self, text: str, **kw: Any) -> Text:
        return super().render_str(safe(text, newlines=True, tabs=True), **kw)

    def _render_buffer(self, buffer: Any) -> str:
        return super()._render_buffer(
            seg if seg.control or not seg.text else Segment(safe(seg.text, newlines=True, tabs=True), seg.style, seg.control) for seg in buffer
        )


def stdout_console() -> Console:
    return _console()


def stderr_console() -> Console:
    return _console(stderr=True)


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


def _bullets(items: list[str], dash: str = "  -") -> Any:
    """Bullets whose wrapped lines hang under the text, not under the dash."""
    g = Table.grid(padding=(0, 1), pad_edge=False)
    g.add_column(no_wrap=True)
    g.add_column()
    for item in items:
        g.add_row(dash, Text(item))
    return g


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
    if getattr(ex, "left_means", None):
        parts += [Text("\nSides", style="bold"), _bullets([ex.left_means])]
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
    return Panel(Group(*parts), title=Text(ex.name), title_align="left", box=box.ROUNDED)  # Text: a str title is parsed as markup


LEVEL_WORDS = {1: "non-weight-bearing activation", 2: "weight-bearing, partial single-leg", 3: "single-leg, full body weight or load"}


def referral_panel(message: str, reasons: list[str], footer: str | None = None) -> Any:
    body = Text(message + "\n", style="bold")
    for r in reasons:
        body.append(f"  - {r}\n")
    body.append("\n" + (footer or "Please see a doctor or physiotherapist before starting an exercise program. No plan was made."))
    return Panel(body, title="See a clinician first", title_align="left", border_style="red", box=box.HEAVY)


# ---------------------------------------------------------------- plan

SHORT_LEVELS = {1: "L1", 2: "L2", 3: "L3"}


def _levels_line(levels: dict) -> str:
    return ", ".join(f"{SHORT_FUNCTIONS[f.value]} L{lv}" for f, lv in levels.items())


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
    notes = _bullets(plan.notes, "-")
    rules = _bullets(plan.pain_rules, "-")
    advice: list[Any] = []
    if getattr(plan, "adaptation", None) is not None and plan.adaptation.advice:  # adapted to the log (issue 6)
        advice = [Text("\nAdvice from your log", style="bold yellow"), _bullets(plan.adaptation.advice, "-")]
    body = Group(grid, Text("\nNotes", style="bold"), notes, *advice, Text("\nPain rules", style="bold"), rules, Text("\n" + DISCLAIMER, style="dim"))
    return Panel(body, title="Your gluteus medius program", title_align="left", box=box.ROUNDED)


def week_table(week: Any) -> Any:
    from .export import extra_rows

    levels = _levels_line(week.levels)
    for f, by_side in (getattr(week, "side_levels", None) or {}).items():  # sides apart (adapted plans)
        levels = levels.replace(f"{SHORT_FUNCTIONS[f.value]} L{week.levels[f]}", f"{SHORT_FUNCTIONS[f.value]} left L{by_side['left']} right L{by_side['right']}")
    title = f"Week {week.number} - {week.phase}   ({levels})"
    t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, title_style="bold")
    t.add_column("day", no_wrap=True)
    t.add_column("exercise", ratio=3, min_width=14)
    t.add_column("dose", ratio=2, min_width=9)
    t.add_column("side", no_wrap=True)  # "both" or "both / +1 left" (weaker side's extra set)
    t.add_column("key cue", ratio=4, min_width=12)
    for session in week.sessions:
        day = f"{session.date:%a %d %b}" + (f"\n~{session.minutes} min" if getattr(session, "minutes", None) else "")
        # The weaker side's extra set is its own entry in the plan; on screen it shares the row.
        # An adapted plan may train the two sides apart: a one-side entry with no `both` entry of
        # the same exercise gets its own row.
        both = {ex.id for ex in session.exercises if ex.side == "both"}
        rows = [ex for ex in session.exercises if ex.side == "both" or ex.id not in both]
        extras = {ex.id: ex for ex in session.exercises if ex.side != "both" and ex.id in both}
        for i, ex in enumerate(rows):
            name = Text(ex.name)
            if ex.caution:
                name.append(" !", style="bold yellow")
            side = ex.side if ex.side != "both" else "both"
            more = extra_rows(ex) or ([extras[ex.id]] if ex.side == "both" and ex.id in extras else [])
            if ex.side == "both" and more:
                side = "both\n" + "\n".join(f"+{x.sets} {x.side}" for x in more)
            t.add_row(day if i == 0 else "", name, ex.dose_text(), side, ex.cue, end_section=i == len(rows) - 1)
    parts: list[Any] = [t]
    first = week.sessions[0] if week.sessions else None
    if first is not None and getattr(first, "warmup", None):
        parts.append(Text("Start each session: " + " ".join(first.warmup), style="dim"))
    if first is not None and getattr(first, "carry_over", None):
        parts.append(Text(first.carry_over, style="dim"))
    if getattr(week, "note", None):
        parts.append(Text("Note: " + week.note, style="bold yellow"))
    for ch in week.level_changes:
        who = FUNCTION_LABELS[ch.function] + (f" ({ch.side} side)" if getattr(ch, "side", None) else "")
        if is_down(ch):
            parts.append(Text(f"{LEVEL_DOWN}: {who} L{ch.from_level} -> L{ch.to_level}: {ch.gate}", style="bold yellow"))
        else:
            parts.append(Text(f"{LEVEL_UP}: {who} L{ch.from_level} -> L{ch.to_level}, only if the gate is met.", style="bold green"))
    cautions = sorted({f"! {ex.name}: {c}" for s in week.sessions for ex in s.exercises for c in (getattr(ex, "cautions", None) or ([ex.caution] if ex.caution else []))})
    for c in cautions:
        parts.append(Text(c, style="yellow"))
    if week.checkpoint:
        parts.append(Text("Checkpoint: " + week.checkpoint, style="bold cyan"))
    return Group(*parts, Text(""))


def plan_view(plan: Any, week: int | None = None, header: bool | None = None) -> Any:
    weeks = [w for w in plan.weeks if week is None or w.number == week]
    parts = [plan_header(plan)] if (week is None if header is None else header) else []
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


def assessment_view(a: Any, *, saved: bool = False, changes: list[str] | None = None) -> Any:
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
        if changes:
            parts += [Text("\nWhat changed in your programme", style="bold"), _hanging(changes)]
        elif not a.referred:
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
    g.add_column(no_wrap=True)  # bullet
    g.add_column()
    for it in v.items:
        head = Text(it.main.name, style="bold")
        head.append(f"  {it.dose}, {it.side}")
        head.append(f"  L{it.main.level}", style="dim")
        g.add_row(" ".join("☐" for _ in range(it.main.sets)), "", head)
        for x in it.extras:
            g.add_row(" ".join("☐" for _ in range(x.sets)), "", Text(f"+{x.sets} extra set{'s' if x.sets != 1 else ''} on the {x.side} (weaker side)"))
        for c in it.cues:
            g.add_row("", "-", Text(c, style="dim"))
        for c in (getattr(it.main, "cautions", None) or ([it.main.caution] if it.main.caution else [])):
            g.add_row("", Text("!", style="bold yellow"), Text(c, style="yellow"))
    return g


def today_panel(view: Any) -> Any:
    """The session of the day as a checklist, or the rest-day / not-started / ended message."""
    from .export import level_change_lines, short_date

    if view.session is None:
        parts: list[Any] = [Text(view.message, style="bold")]
        parts += [Text(note, style="yellow") for note in getattr(view, "notes", [])]
        nxt = view.next
        if nxt is not None:
            names = ", ".join(it.main.name for it in nxt.items)
            parts.append(Text(f"{short_date(nxt.session.date)}, week {nxt.week.number} ({nxt.week.phase}): {names}", style="dim"))
        return Group(*parts)
    from .export import session_line

    v = view.session
    parts = [_session_checklist(v), Text("")]
    if session_line(v.session):
        parts.insert(0, Text(session_line(v.session), style="dim"))
    if v.index == 1:
        for head, line in level_change_lines(view.plan, v.week):
            parts.append(Text(f"{head} this week: " + line, style="green" if head == LEVEL_UP else "yellow"))
    for note in getattr(view, "notes", []):
        parts.append(Text(note, style="yellow"))
    if v.week.checkpoint and v.index == v.count:
        parts.append(Text("Checkpoint: " + v.week.checkpoint, style="bold cyan"))
    parts.append(Text("Tick a box per set as you go.", style="dim"))
    parts.append(_hanging(view.plan.pain_rules[:2]))
    if view.next is not None:
        parts.append(Text(f"Next session: {short_date(view.next.session.date)}", style="dim"))
    else:
        parts.append(Text("This is the last session of the plan: re-test with glute assess.", style="dim"))
    title = f"Today: {v.title}"
    return Panel(Group(*parts), title=Text(title), title_align="left", box=box.ROUNDED)


# ---------------------------------------------------------------- log, progress, doctor (issue 6)

DECISION_STYLE = {"up": "green", "progress": "green", "hold": "yellow", "step_back": "yellow", "level_down": "bold yellow", "stop": "bold red"}


def decision_line(d: Any) -> Text:
    who = FUNCTION_LABELS[d.function] + (f" ({d.side} side)" if d.side else "")
    out = Text(f"{d.date:%a %d %b}: {who} ", style="")
    out.append(DECISION_TEXT[d.decision].format(level=d.level), style=DECISION_STYLE[d.decision])
    out.append(f": {d.reason}")
    return out


def _pain_bar(value: int | None, limit: int) -> Text:
    if value is None:
        return Text("-", style="dim")
    bar = Text("#" * value, style="red" if value > limit else "green")
    bar.append("." * (10 - value), style="dim")
    bar.append(f" {value}")
    return bar


def log_view(result: Any) -> Any:
    log = result.log
    when = f"{log.date:%a %d %b %Y}"
    parts: list[Any] = []
    if result.what == "morning":
        verb = "Replaced" if result.replaced else "Recorded"
        parts.append(Text(f"{verb} the morning pain after the session of {when}: {log.morning_pain}/10.", style="bold"))
    elif log.skipped:
        parts.append(Text(f"{'Replaced the log of' if result.replaced else 'Logged'} {when} as skipped.", style="bold"))
    else:
        full = sum(1 for e in log.exercises if e.full_dose() and not e.compensation)
        verb = "Replaced the log of" if result.replaced else "Logged"
        pain = f", pain {log.pain_during}/10" if log.pain_during is not None else ""
        parts.append(Text(f"{verb} {when}: {full} of {len(log.exercises)} entries as prescribed{pain}.", style="bold"))
        odd = [e for e in log.exercises if not e.full_dose() or e.compensation or e.pain is not None]
        if odd:
            t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            for col in ("exercise", "side", "done", "prescribed", "compensation", "pain"):
                t.add_column(col, overflow="fold")
            for e in odd:
                t.add_row(
                    e.name or e.id, e.side, e.done_text(), e.prescribed_text(), e.compensation or "-", "-" if e.pain is None else str(e.pain)
                )
            parts.append(t)
    if result.decisions:
        parts.append(Text("\nWhat changes in the coming sessions:", style="bold"))
        g = Table.grid(padding=(0, 1))
        g.add_column(no_wrap=True)
        g.add_column()
        for d in result.decisions:
            g.add_row("-", decision_line(d))
        parts.append(g)
        advice = list(dict.fromkeys(d.advice for d in result.decisions if d.advice and d.decision != "up"))
        if advice:
            parts += [Text("Advice", style="bold yellow"), _bullets(advice, "-")]
    elif result.plan is not None:
        parts.append(Text("No change to the coming sessions.", style="dim"))
    for note in result.notes:
        parts.append(Text(note, style="yellow"))
    if result.next_session is not None:
        nxt = result.next_session.date
        parts.append(Text(f"\nNext session: {nxt:%a %d %b %Y} (glute today --date {nxt.isoformat()})"))
    return Group(*parts)


def logs_view(prog: Any, logs: list) -> Any:
    """`glute log --list`."""
    t = Table(title=f"Logs of the programme started {prog.start_date:%a %d %b %Y}", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("date", "done", "pain", "morning", "note"):
        t.add_column(col)
    for lg in logs:
        if lg.skipped:
            done = "skipped"
        else:
            full = sum(1 for e in lg.exercises if e.full_dose() and not e.compensation)
            done = f"{full} of {len(lg.exercises)} as prescribed"
        t.add_row(f"{lg.date:%a %d %b %Y}", done, "-" if lg.pain_during is None else f"{lg.pain_during}/10",
                  "-" if lg.morning_pain is None else f"{lg.morning_pain}/10", Text(lg.note or ""))  # fmt: skip
    if not logs:
        return Text("No session logged yet in the running programme (log one: glute log --pain N).")
    return Group(t, Text("Remove one with: glute log --undo (the last written) or glute log --delete DATE", style="dim"))


def progress_view(p: Any) -> Any:
    limit_morning = morning_limit(p.baseline_pain)
    head = Table.grid(padding=(0, 1))
    head.add_column(style="bold", no_wrap=True)
    head.add_column()
    head.add_row("profile", p.profile)
    head.add_row("as of", f"{p.as_of:%a %d %b %Y}")
    head.add_row("plan", f"{p.plan_start:%a %d %b %Y} to {p.plan_end:%a %d %b %Y}" + (f" (slid {p.slide_days} days)" if p.slide_days else ""))
    pct = f" ({round(100 * p.sessions_done / p.sessions_planned_to_date)}%)" if p.sessions_planned_to_date else ""
    head.add_row("sessions", f"{p.sessions_done} done of {p.sessions_planned_to_date} planned so far{pct}")
    head.add_row("pain limits", f"during <= 5/10; next morning <= {limit_morning} (baseline {p.baseline_pain} + 2"
        + (", capped below the stop level)" if limit_morning < p.baseline_pain + 2 else ")"),
    )
    parts: list[Any] = [Panel(head, title="Progress", title_align="left", box=box.ROUNDED)]

    parts.append(Text("Adherence per week (sessions done / planned)", style="bold"))
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col, kw in (("week", {"justify": "right"}), ("dates", {}), ("done", {"justify": "right"}), ("", {}), ("pain", {"justify": "right"}), ("morning", {"justify": "right"}), ("", {})):
        t.add_column(col, no_wrap=True, **kw)
    for w in p.adherence:
        future = w.state == "planned"
        done = "-" if future else f"{w.done}/{w.planned}"
        bar = Text("" if future else "#" * w.done + "." * max(0, w.planned - w.done), style="green" if w.done * 2 >= w.planned else "red")
        state = {"missed": Text("missed, repeated", style="red"), "current": Text("this week", style="bold"), "planned": Text("", style="dim")}.get(w.state, Text(""))
        label = str(w.number) + (f" (p{w.program_week})" if w.program_week != w.number else "")
        t.add_row(
            label, f"{w.start:%d %b}-{w.end:%d %b}", done, bar,
            "-" if w.pain_during_max is None else str(w.pain_during_max),
            "-" if w.morning_pain_max is None else str(w.morning_pain_max),
            state,
        )  # fmt: skip
    parts.append(t)

    if p.pain:
        parts.append(Text("\nPain over time (0-10; red = over the limit)", style="bold"))
        c = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        c.add_column("session", no_wrap=True)
        c.add_column("during", no_wrap=True)
        c.add_column("next morning", no_wrap=True)
        shown = p.pain[-24:]
        for pt in shown:
            c.add_row(f"{pt.date:%a %d %b}", _pain_bar(pt.during, 5), _pain_bar(pt.morning, limit_morning))
        parts.append(c)
        if len(p.pain) > len(shown):
            parts.append(Text(f"({len(p.pain) - len(shown)} earlier sessions: glute progress --format json)", style="dim"))
    else:
        parts.append(Text("No session logged yet: glute log (after a session) fills this in.", style="yellow"))

    parts.append(Text("\nLevel per function and side", style="bold"))
    lv = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("function", "side", "level", "dose step", "gate", "next gate"):
        lv.add_column(col, no_wrap=True)
    gate_text = {"met": Text("met", style="green"), "pending": Text("pending", style="yellow"), "top": Text("top level", style="green")}
    by_function: dict[Any, list[Any]] = {}
    for s in p.status:
        by_function.setdefault(s.function, []).append(s)
    why: dict[str, list[str]] = {}
    for f, rows in by_function.items():
        key = {(r.level, r.dose_step, r.gate, r.next_gate) for r in rows}
        shown = [(rows[0], "both")] if len(key) == 1 else [(r, r.side) for r in rows]
        for r, side in shown:
            nxt = f"{r.next_gate:%a %d %b}" if r.next_gate else "-"
            lv.add_row(FUNCTION_LABELS[f], side, str(r.level), str(r.dose_step), gate_text[r.gate], nxt)
        for r in rows:
            for x in r.pending:
                who = why.setdefault(x, [])
                who.append(f"{FUNCTION_LABELS[f]} ({r.side})")
    parts.append(lv)
    if why:
        items = []
        for text, who in why.items():
            names = list(dict.fromkeys(w.rsplit(" (", 1)[0] for w in who))
            both = all(f"{n} (left)" in who and f"{n} (right)" in who for n in names)
            items.append(f"{text}: " + (", ".join(names) if both else ", ".join(who)))
        parts += [Text("Gates pending because of", style="bold"), _bullets(items, "-")]
    if p.recent_decisions:
        g = Table.grid(padding=(0, 1))
        g.add_column(no_wrap=True)
        g.add_column()
        for d in p.recent_decisions:
            g.add_row("-", decision_line(d))
        parts += [Text("\nRecent decisions", style="bold"), g]
    if p.reassessments:
        items = [f"week {r.week}: {r.due:%a %d %b %Y}" + (" (done)" if r.done else "") for r in p.reassessments]
        parts += [Text("\nRe-test (glute assess) due", style="bold"), _bullets(items, "-")]
        due = [r for r in p.reassessments if not r.done and r.due <= p.as_of]
        if due:
            parts.append(Text(f"Re-test now: glute assess (week {due[-1].week}'s checkpoint was {due[-1].due:%a %d %b}); "
                              "the programme goes on with the results.", style="bold cyan"))  # fmt: skip
    if p.assessments:
        parts.append(Text(f"\nChange from assessment {p.assessments[0]} to {p.assessments[1]}", style="bold"))
        parts.append(_bullets(p.assessment_changes, "-") if p.assessment_changes else Text("no change"))
    else:
        parts.append(Text("\nOne assessment so far: re-test at the checkpoints to see the change.", style="dim"))
    if p.advice:
        parts += [Text("\nAdvice", style="bold yellow"), _bullets(p.advice, "-")]
    return Group(*parts)


def doctor_view(r: Any) -> Any:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("store", r.path)
    if r.exists:
        version = "unknown" if r.version is None else str(r.version)
        grid.add_row("size", f"{r.size:,} bytes")
        grid.add_row("version", f"{version} (this glute: {r.known_version})")
    grid.add_row("integrity", r.integrity)
    verdict = Text("ok", style="bold green") if r.ok else Text("problems found", style="bold red")
    grid.add_row("result", verdict)
    parts: list[Any] = [Panel(grid, title="glute doctor", title_align="left", box=box.ROUNDED)]
    if r.profiles:
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for col in ("profile", "assessments", "programmes", "plans", "logs"):
            t.add_column(col, justify="left" if col == "profile" else "right")
        for pc in r.profiles:
            t.add_row(pc.profile, str(pc.assessments), str(pc.programmes), str(pc.plans), str(pc.logs))
        parts.append(t)
    if r.problems:
        parts += [Text("Problems", style="bold red"), _bullets(r.problems, "-")]
    for title, items in (("Notes", r.notes), ("Done", r.actions)):
        if items:
            parts += [Text(title, style="bold"), _bullets(items, "-")]
    if r.backup:
        parts.append(Text(f"Backup: {r.backup}", style="bold"))
    return Group(*parts)
