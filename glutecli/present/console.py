"""The terminal views: rich renderables of the core's models, worded by present/text.py."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.segment import Segment
from rich.table import Table
from rich.text import Text as RichText

from ..models import FUNCTION_LABELS
from ..rules import morning_limit
from ..safetext import safe
from .text import (
    COLUMN_FUNCTIONS,
    DISCLAIMER,
    LEVEL_DOWN,
    LEVEL_UP,
    LEVEL_WORDS,
    ROUTINE_FOOTER,
    SHORT_DISCLAIMER,
    URGENT_FOOTER,
    URGENT_NOTE,
    VERDICT_WORDS,
    cautions_of,
    day_month,
    decision_text,
    done_count,
    equipment_text,
    function_names,
    is_down,
    is_urgent,
    is_urgent_message,
    level_change_lines,
    level_step,
    long_date,
    one_line,
    or_dash,
    out_of_ten,
    patient_text,
    plan_facts,
    plural,
    session_items,
    session_line,
    short_date,
    short_functions,
    short_levels_text,
    who,
    words,
)

if TYPE_CHECKING:

    from rich.style import StyleType

    from ..assess import TestSpec
    from ..catalogue import Catalogue, LazyExercise
    from ..logbook import LogResult
    from ..models import (
        Assessment,
        DoctorReport,
        Exercise,
        Function,
        FunctionDecision,
        FunctionResult,
        FunctionStatus,
        Plan,
        Programme,
        Progress,
        SessionLog,
        Week,
    )
    from ..today import SessionView, TodayView


def _console(**kw: Any) -> Console:
    # highlight=False: numbers in cues are not syntax. Non-TTY output is plain (rich's own rule).
    # markup=False, emoji=False: text from a catalogue or an answer file is shown as written
    # ("[/]" in a cue would be markup, ":x:" an emoji); also faster.
    # NO_COLOR (no-color.org: set and not empty): rich alone drops colours but still writes bold
    # and dim codes to a terminal; no colour system means no escape codes at all.
    if os.environ.get("NO_COLOR"):
        kw["color_system"] = None
    return SafeConsole(highlight=False, markup=False, emoji=False, **kw)


def _shown(text: str) -> str:
    """Text as a terminal view shows it: seed codes dropped (present.text.patient_text), controls
    escaped. Line breaks stay: views lay themselves out with them; untrusted values are made
    one line (present.text.one_line) where they are put into a view."""
    return safe(patient_text(text), newlines=True, tabs=True)


class Text(RichText):
    """rich's Text with the text escaped as it is made (glutecli/safetext.py), so that layout
    measures what is shown; SafeConsole escapes whatever else reaches the terminal."""

    def __init__(self, text: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(_shown(text), *args, **kwargs)

    def append(self, text: str | RichText, style: str | StyleType | None = None) -> Text:
        if isinstance(text, str):
            text = _shown(text)
        super().append(text, style)
        return self


class SafeConsole(Console):
    """A console that never lets a control character of the text reach the terminal.

    Every piece of text is escaped (glutecli/safetext.py: `\\x1b`, `\\u202e`) when it is turned into
    output, after layout and before rich adds its own style codes, so nothing rendered from a
    catalogue, an answer file or a note is interpreted: whichever renderable carried it. Plain
    strings are escaped before layout too, so their width is measured as shown.
    """

    def render_str(self, text: str, **kw: Any) -> RichText:
        return super().render_str(_shown(text), **kw)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            seg if seg.control or not seg.text else Segment(safe(seg.text, newlines=True, tabs=True), seg.style, seg.control) for seg in buffer
        )


def stdout_console() -> Console:
    return _console()


def stderr_console() -> Console:
    return _console(stderr=True)


def bullets(items: Iterable[str | RichText], dash: str = "-") -> Table:
    """Bullets whose wrapped lines hang under the text, not under the dash."""
    g = Table.grid(padding=(0, 1), pad_edge=False)
    g.add_column(no_wrap=True)
    g.add_column()
    for item in items:
        # A bullet is one line of text that wraps: a line break in it came from a name or a note.
        g.add_row(dash, Text(one_line(item)) if isinstance(item, str) else item)
    return g


def _grid() -> Table:
    """Two columns: a bold label, its value."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    return grid


def _table(*columns: str, **kw: Any) -> Table:
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False, **kw)
    for col in columns:
        t.add_column(col)
    return t


# ---------------------------------------------------------------- exercises


def exercises_table(exercises: list[Exercise | LazyExercise], source: str) -> RenderableType:
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
        name = Text(one_line(e.name), style="bold")
        name.append("\n" + e.id, style="cyan")
        mark = "-" if mvic is None else f"{mvic:g}" + ("" if any(ev.verified for ev in e.evidence if ev.mvic_percent == mvic) else "*")
        t.add_row(name, short_functions(e.functions), str(e.level), equipment_text(e.equipment), e.dose.text(tempo=False), mark)
    legend = "abd abduction, ER/IR external/internal rotation, stab stabilization; * %MVIC not verified against the study"
    return Group(t, Text(legend, style="dim"))


def exercise_panel(ex: Exercise | LazyExercise, cat: Catalogue) -> RenderableType:
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    meta.add_row("id", ex.id)
    if ex.aliases:
        meta.add_row("also called", ", ".join(ex.aliases))
    meta.add_row("functions", function_names(ex.functions))
    meta.add_row("level", f"{ex.level} ({LEVEL_WORDS[ex.level]})")
    meta.add_row("equipment", equipment_text(ex.equipment) if ex.equipment else "body weight only")
    meta.add_row("position", words(ex.position.value) + (", weight-bearing" if ex.weight_bearing else "") + (", one side at a time" if ex.unilateral else ""))
    meta.add_row("dose", ex.dose.text())
    meta.add_row("progression", ex.dose.progression)
    parts: list[RenderableType] = [meta, Text("\nHow to do it", style="bold"), bullets(ex.cues, "  -")]
    if ex.left_means:
        parts += [Text("\nSides", style="bold"), bullets([ex.left_means], "  -")]
    if ex.faults:
        parts += [Text("\nWatch for", style="bold"), bullets(ex.faults, "  -")]
    if ex.cautions:
        parts += [Text("\nCautions", style="bold yellow"), bullets([f"{c.text} ({words(c.when.value)})" for c in ex.cautions], "  -")]
    if ex.evidence:
        lines = []
        for ev in ex.evidence:
            s = f"{ev.mvic_percent:g}% MVIC ({ev.measure}) - {ev.study}"
            if ev.as_studied:
                s += f" [as '{ev.as_studied}']"
            if not ev.verified:
                s += " (not verified)"
            lines.append(s)
        parts += [Text("\nGluteus medius activation", style="bold"), bullets(lines, "  -")]
    ladder = Text()
    for i, rung in enumerate(cat.ladder(ex.id)):
        if i:
            ladder.append("  ->  ")
        ladder.append(f"L{cat.by_id[rung[0]].level}: ")
        for j, rid in enumerate(rung):
            if j:
                ladder.append(" | ")
            ladder.append(rid, style="bold cyan" if rid == ex.id else "")
    parts += [Text("\nLadder", style="bold"), ladder, Text("\nSources: " + "; ".join(ex.sources), style="dim")]
    return Panel(Group(*parts), title=Text(one_line(ex.name)), title_align="left", box=box.ROUNDED)  # Text: a str title is parsed as markup


def referral_panel(message: str, reasons: list[str], footer: str | None = None) -> RenderableType:
    """A referral: its message, reasons and closing line. An urgent one says only urgent things:
    no routine "before starting an exercise program" line."""
    body = Text(message + "\n", style="bold")
    for r in reasons:
        body.append(f"  - {one_line(r)}\n")
    body.append("\n" + (footer or (URGENT_FOOTER if is_urgent_message(message) else ROUTINE_FOOTER)))
    return Panel(body, title="See a clinician first", title_align="left", border_style="red", box=box.HEAVY)


# ---------------------------------------------------------------- plan


def plan_header(plan: Plan) -> RenderableType:
    grid = _grid()
    for label, fact in plan_facts(plan).items():
        grid.add_row(label, one_line(fact))
    grid.add_row("gate", plan.gate)
    advice: list[RenderableType] = []
    if plan.adaptation is not None and plan.adaptation.advice:
        advice = [Text("\nAdvice from your log", style="bold yellow"), bullets(plan.adaptation.advice)]
    body = Group(
        grid,
        Text("\nNotes", style="bold"),
        bullets(plan.notes),
        *advice,
        Text("\nPain rules", style="bold"),
        bullets(plan.pain_rules),
        Text("\n" + DISCLAIMER, style="dim"),
    )
    return Panel(body, title="Your gluteus medius program", title_align="left", box=box.ROUNDED)


def week_table(week: Week, plan: Plan | None = None) -> RenderableType:
    t = Table(title=f"Week {week.number} - {week.phase}   ({short_levels_text(week)})", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, title_style="bold")
    t.add_column("day", no_wrap=True)
    t.add_column("exercise", ratio=3, min_width=14)
    t.add_column("dose", ratio=2, min_width=9)
    t.add_column("side", no_wrap=True)  # "both", and below it each side's extra sets ("+1 left")
    t.add_column("key cue", ratio=4, min_width=12)
    for session in week.sessions:
        day = short_date(session.date) + (f"\n~{session.minutes} min" if session.minutes else "")
        items = session_items(session, None)
        for i, it in enumerate(items):
            name = Text(one_line(it.main.name))
            if it.main.caution:
                name.append(" !", style="bold yellow")
            side = "\n".join([it.main.side, *(f"+{x.sets} {x.side}" for x in it.extras)])
            t.add_row(day if i == 0 else "", name, it.dose, side, it.main.cue, end_section=i == len(items) - 1)
    parts: list[RenderableType] = [t]
    first = week.sessions[0] if week.sessions else None
    if first is not None and first.warmup:
        parts.append(Text("Start each session: " + " ".join(first.warmup), style="dim"))
    if first is not None and first.carry_over:
        parts.append(Text(first.carry_over, style="dim"))
    if week.note:
        parts.append(Text("Note: " + week.note, style="bold yellow"))
    if plan is not None:
        for head, line in level_change_lines(plan, week):
            parts.append(Text(f"{head}: {line}", style="bold green" if head == LEVEL_UP else "bold yellow"))
    else:
        for ch in week.level_changes:
            if is_down(ch):
                parts.append(Text(f"{LEVEL_DOWN}: {level_step(ch)}: {ch.gate}", style="bold yellow"))
            else:
                parts.append(Text(f"{LEVEL_UP}: {level_step(ch)}, only if the gate is met.", style="bold green"))
    cautions = sorted({f"! {one_line(ex.name)}: {c}" for s in week.sessions for ex in s.exercises for c in cautions_of(ex)})
    parts += [Text(c, style="yellow") for c in cautions]
    if week.checkpoint:
        parts.append(Text("Checkpoint: " + week.checkpoint, style="bold cyan"))
    return Group(*parts, Text(""))


def plan_view(plan: Plan, week: int | None = None, header: bool | None = None) -> RenderableType:
    weeks = [w for w in plan.weeks if week is None or w.number == week]
    parts = [plan_header(plan)] if (week is None if header is None else header) else []
    parts += [week_table(w, plan) for w in weeks]
    return Group(*parts)


# ---------------------------------------------------------------- assess

VERDICT_STYLE = {"weak": "bold red", "ok": "green", "untested": "yellow"}


def disclaimer_panel() -> RenderableType:
    body = Text(DISCLAIMER + "\n\n")
    body.append("First a few yes/no safety questions, then your pain, five short tests (each side), and your week.\n")
    body.append("Ctrl-C stops at any point; nothing is saved until the end.", style="dim")
    return Panel(body, title="glute self-assessment", title_align="left", box=box.ROUNDED)


def test_panel(spec: TestSpec, number: int, total: int) -> RenderableType:
    grid = _grid()
    grid.add_row("tests", FUNCTION_LABELS[spec.function])
    grid.add_row("how", Text("\n".join(spec.how)))
    grid.add_row("watch for", Text("\n".join(spec.watch)))
    grid.add_row("pass", spec.pass_mark)
    grid.add_row("source", spec.source)
    return Panel(grid, title=f"Test {number}/{total}: {spec.name}", title_align="left", box=box.ROUNDED)


def _verdict(v: str) -> Text:
    return Text(VERDICT_WORDS[v], style=VERDICT_STYLE[v])


def _start_text(r: FunctionResult) -> str:
    return f"{r.start_level}, 3 early" if r.level3_early else str(r.start_level)


def assessment_view(a: Assessment, *, saved: bool = False, changes: list[str] | None = None) -> RenderableType:
    """The scored assessment: a table per function, one-line verdicts with reasons, notes."""
    pain = f"pain {a.answers.pain.now}/10"
    if a.answers.pain.areas:
        pain += " (" + ", ".join(words(x.value) for x in a.answers.pain.areas) + ")"
    if a.answers.pain.acute_flare:
        pain += ", acute flare"
    name = f" - {one_line(a.answers.name)}" if a.answers.name else ""
    head = Text(f"Assessment {a.id or '(unsaved)'}{name}", style="bold")
    head.append(f"\n{long_date(a.date)}, profile {a.profile}, {pain}", style="")
    parts: list[RenderableType] = [head]
    if any(r.verdict != "untested" for r in a.functions):
        t = _table("function", "left", "right", "verdict", "weaker", "start")
        for r in a.functions:
            t.add_row(FUNCTION_LABELS[r.function], _verdict(r.left.verdict), _verdict(r.right.verdict), _verdict(r.verdict), r.weaker_side or "-", _start_text(r))
        parts.append(t)
        parts.append(bullets([f"{FUNCTION_LABELS[r.function]}: {r.summary}" for r in a.functions]))
    urgent = a.referred and is_urgent(a.answers.red_flags)
    # An urgent referral shows urgent text only: no exercise or pain-area notes next to it.
    notes = [URGENT_NOTE] if urgent else a.notes
    if notes:
        parts += [Text("\nNotes", style="bold"), bullets(notes)]
    tail = Text("\n")
    if saved:
        tail.append(f"Saved as {a.id} (profile {a.profile}).", style="bold")
        if changes:
            parts += [Text("\nWhat changed in your programme", style="bold"), bullets(changes)]
        elif not a.referred:
            tail.append(" Next: glute plan --weeks 8")
    if a.referred and not saved:
        parts.append(Text(""))
        from .text import URGENT_MESSAGE

        message = URGENT_MESSAGE if urgent else "Referred: this assessment needs a clinician's opinion before exercising."
        parts.append(referral_panel(message, a.referral_reasons))
    tail.append(("\n" if saved else "") + SHORT_DISCLAIMER, style="dim")
    parts.append(tail)
    return Group(*parts)


def history_view(profile: str, items: list[Assessment], changes: list[str]) -> RenderableType:
    """Past assessments (oldest first) and the change between the last two."""
    if not items:
        return Text(f"No assessments yet for profile {profile!r}. Start with: glute assess", style="yellow")
    t = _table("id (date-n)", title=f"{plural(len(items), 'assessment')} - profile {profile}", title_justify="left")
    t.add_column("pain", justify="right", no_wrap=True)
    for f in COLUMN_FUNCTIONS.values():
        t.add_column(f, no_wrap=True)
    t.add_column("note")
    for a in items:
        cells = [Text("-", style="dim") if r.verdict == "untested" else _verdict(r.verdict) for r in a.functions]
        t.add_row(a.id, out_of_ten(a.answers.pain.now), *cells, Text("referred" if a.referred else "", style="red"))
    parts: list[RenderableType] = [t, Text("- = not tested. Details: glute assess --show ID", style="dim")]
    if len(items) >= 2:
        prev, cur = items[-2], items[-1]
        parts.append(Text(f"\nChange from {prev.id} to {cur.id}", style="bold"))
        parts.append(bullets(changes) if changes else Text("no change"))
    return Group(*parts)


# ---------------------------------------------------------------- today


def _boxes(n: int) -> str:
    return " ".join("☐" for _ in range(n))


def _session_checklist(v: SessionView) -> RenderableType:
    g = Table.grid(padding=(0, 1))
    g.add_column(no_wrap=True)  # one box per set
    g.add_column(no_wrap=True)  # bullet
    g.add_column()
    for it in v.items:
        head = Text(one_line(it.main.name), style="bold")
        head.append(f"  {it.dose}, {it.side}")
        head.append(f"  L{it.main.level}", style="dim")
        g.add_row(_boxes(it.main.sets), "", head)
        for x in it.extras:
            g.add_row(_boxes(x.sets), "", Text(f"+{plural(x.sets, 'extra set')} on the {x.side} (weaker side)"))
        for c in it.cues:
            g.add_row("", "-", Text(c, style="dim"))
        for c in cautions_of(it.main):
            g.add_row("", Text("!", style="bold yellow"), Text(c, style="yellow"))
    return g


def today_panel(view: TodayView) -> RenderableType:
    """The session of the day as a checklist, or the rest-day / not-started / ended message."""
    if view.session is None:
        parts: list[RenderableType] = [Text(view.message, style="bold")]
        parts += [Text(note, style="yellow") for note in view.notes]
        nxt = view.next
        if nxt is not None:
            names = ", ".join(one_line(it.main.name) for it in nxt.items)
            parts.append(Text(f"{short_date(nxt.session.date)}, week {nxt.week.number} ({nxt.week.phase}): {names}", style="dim"))
        return Group(*parts)
    v = view.session
    parts = [_session_checklist(v), Text("")]
    if session_line(v.session):
        parts.insert(0, Text(session_line(v.session), style="dim"))
    if v.index == 1:
        for head, line in level_change_lines(view.plan, v.week):
            parts.append(Text(f"{head} this week: " + line, style="green" if head == LEVEL_UP else "yellow"))
    parts += [Text(note, style="yellow") for note in view.notes]
    if v.week.checkpoint and v.index == v.count:
        parts.append(Text("Checkpoint: " + v.week.checkpoint, style="bold cyan"))
    parts.append(Text("Tick a box per set as you go.", style="dim"))
    parts.append(bullets(view.plan.pain_rules[:2]))
    if view.next is not None:
        parts.append(Text(f"Next session: {short_date(view.next.session.date)}", style="dim"))
    else:
        parts.append(Text("This is the last session of the plan: re-test with glute assess.", style="dim"))
    return Panel(Group(*parts), title=Text(f"Today: {v.title}"), title_align="left", box=box.ROUNDED)


# ---------------------------------------------------------------- log, progress, doctor

DECISION_STYLE = {"up": "green", "progress": "green", "hold": "yellow", "step_back": "yellow", "level_down": "bold yellow", "stop": "bold red"}


def decision_line(d: FunctionDecision) -> Text:
    """`Mon 7 Dec: abduction held at level 2: <reason>`, the decision in its colour."""
    out = Text(f"{short_date(d.date)}: {who(d.function, d.side)} ")
    out.append(decision_text(d.decision, d.level), style=DECISION_STYLE[d.decision])
    out.append(f": {d.reason}")
    return out


def _decisions(decisions: Iterable[FunctionDecision]) -> Table:
    return bullets([decision_line(d) for d in decisions])


def _pain_bar(value: int | None, limit: int) -> Text:
    if value is None:
        return Text("-", style="dim")
    bar = Text("#" * value, style="red" if value > limit else "green")
    bar.append("." * (10 - value), style="dim")
    bar.append(f" {value}")
    return bar


def log_view(result: LogResult) -> RenderableType:
    log = result.log
    when = long_date(log.date)
    parts: list[RenderableType] = []
    if result.what == "morning":
        verb = "Replaced" if result.replaced else "Recorded"
        parts.append(Text(f"{verb} the morning pain after the session of {when}: {log.morning_pain}/10.", style="bold"))
    elif log.skipped:
        parts.append(Text(f"{'Replaced the log of' if result.replaced else 'Logged'} {when} as skipped.", style="bold"))
    else:
        verb = "Replaced the log of" if result.replaced else "Logged"
        pain = f", pain {log.pain_during}/10" if log.pain_during is not None else ""
        parts.append(Text(f"{verb} {when}: {done_count(log)} entries as prescribed{pain}.", style="bold"))
        odd = [e for e in log.exercises if not e.full_dose() or e.compensation or e.pain is not None]
        if odd:
            t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
            for col in ("exercise", "side", "done", "prescribed", "compensation", "pain"):
                t.add_column(col, overflow="fold")
            for e in odd:
                t.add_row(one_line(e.name or e.id), e.side, e.done_text(), e.prescribed_text(), e.compensation or "-", or_dash(e.pain))
            parts.append(t)
    if result.decisions:
        parts += [Text("\nWhat changes in the coming sessions:", style="bold"), _decisions(result.decisions)]
        advice = list(dict.fromkeys(d.advice for d in result.decisions if d.advice and d.decision != "up"))
        if advice:
            parts += [Text("Advice", style="bold yellow"), bullets(advice)]
    elif result.over_limit:
        parts.append(Text("\n" + result.over_limit, style="yellow"))
    elif result.plan is not None:
        parts.append(Text("No change to the coming sessions.", style="dim"))
    parts += [Text(note, style="yellow") for note in result.notes]
    if result.next_session is not None:
        nxt = result.next_session.date
        parts.append(Text(f"\nNext session: {long_date(nxt)} (glute today --date {nxt.isoformat()})"))
    return Group(*parts)


def logs_view(prog: Programme, logs: list[SessionLog]) -> RenderableType:
    """`glute log --list`: the running programme's logs."""
    if not logs:
        return Text("No session logged yet in the running programme (log one: glute log --pain N).")
    t = _table("date", "done", "pain", "morning", "note", title=f"Logs of the programme started {long_date(prog.start_date)}", title_justify="left")
    for lg in logs:
        done = "skipped" if lg.skipped else f"{done_count(lg)} as prescribed"
        t.add_row(long_date(lg.date), done, out_of_ten(lg.pain_during), out_of_ten(lg.morning_pain), Text(one_line(lg.note or "")))
    return Group(t, Text("Remove one with: glute log --undo (the last written) or glute log --delete DATE", style="dim"))


def progress_view(p: Progress) -> RenderableType:
    limit_morning = morning_limit(p.baseline_pain)
    head = _grid()
    head.add_row("profile", p.profile)
    head.add_row("as of", long_date(p.as_of))
    head.add_row("plan", f"{long_date(p.plan_start)} to {long_date(p.plan_end)}" + (f" (slid {p.slide_days} days)" if p.slide_days else ""))
    pct = f" ({round(100 * p.sessions_done / p.sessions_planned_to_date)}%)" if p.sessions_planned_to_date else ""
    head.add_row("sessions", f"{p.sessions_done} done of {p.sessions_planned_to_date} planned so far{pct}")
    head.add_row("pain limits", f"during <= 5/10; next morning <= {limit_morning} (baseline {p.baseline_pain} + 2"
        + (", capped below the stop level)" if limit_morning < p.baseline_pain + 2 else ")"),
    )
    parts: list[RenderableType] = [Panel(head, title="Progress", title_align="left", box=box.ROUNDED)]

    parts.append(Text("Adherence per week (sessions done / planned)", style="bold"))
    t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col, right in (("week", True), ("dates", False), ("done", True), ("", False), ("pain", True), ("morning", True), ("", False)):
        t.add_column(col, no_wrap=True, justify="right" if right else "left")
    for w in p.adherence:
        future = w.state == "planned"
        done = "-" if future else f"{w.done}/{w.planned}"
        bar = Text("" if future else "#" * w.done + "." * max(0, w.planned - w.done), style="green" if w.done * 2 >= w.planned else "red")
        state = {"missed": Text("missed, repeated", style="red"), "current": Text("this week", style="bold"), "planned": Text("", style="dim")}.get(w.state, Text(""))
        label = str(w.number) + (f" (p{w.program_week})" if w.program_week != w.number else "")
        t.add_row(
            label, f"{day_month(w.start)}-{day_month(w.end)}", done, bar,
            or_dash(w.pain_during_max),
            or_dash(w.morning_pain_max),
            state,
        )  # fmt: skip
    parts.append(t)

    if p.pain:
        parts.append(Text("\nPain over time (0-10; red = over the limit)", style="bold"))
        c = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        c.add_column("session", no_wrap=True)
        c.add_column("during", no_wrap=True)
        c.add_column("next morning", no_wrap=True)
        recent = p.pain[-24:]
        for pt in recent:
            c.add_row(short_date(pt.date), _pain_bar(pt.during, 5), _pain_bar(pt.morning, limit_morning))
        parts.append(c)
        if len(p.pain) > len(recent):
            parts.append(Text(f"({len(p.pain) - len(recent)} earlier sessions: glute progress --format json)", style="dim"))
    else:
        parts.append(Text("No session logged yet: glute log (after a session) fills this in.", style="yellow"))

    parts.append(Text("\nLevel per function and side", style="bold"))
    lv = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for col in ("function", "side", "level", "dose step", "gate", "next gate"):
        lv.add_column(col, no_wrap=True)
    gate_text = {"met": Text("met", style="green"), "pending": Text("pending", style="yellow"), "top": Text("top level", style="green")}
    by_function: dict[Function, list[FunctionStatus]] = {}
    for s in p.status:
        by_function.setdefault(s.function, []).append(s)
    why: dict[str, list[str]] = {}
    for f, rows in by_function.items():
        key = {(r.level, r.dose_step, r.gate, r.next_gate) for r in rows}
        shown = [(rows[0], "both")] if len(key) == 1 else [(r, r.side) for r in rows]
        for r, side in shown:
            nxt = short_date(r.next_gate) if r.next_gate else "-"
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
        parts += [Text("Gates pending because of", style="bold"), bullets(items)]
    if p.recent_decisions:
        parts += [Text("\nRecent decisions", style="bold"), _decisions(p.recent_decisions)]
    if p.reassessments:
        items = [f"week {r.week}: {long_date(r.due)}" + (" (done)" if r.done else "") for r in p.reassessments]
        parts += [Text("\nRe-test (glute assess) due", style="bold"), bullets(items)]
        due = [r for r in p.reassessments if not r.done and r.due <= p.as_of]
        if due:
            parts.append(Text(f"Re-test now: glute assess (week {due[-1].week}'s checkpoint was {short_date(due[-1].due)}); "
                              "the programme goes on with the results.", style="bold cyan"))  # fmt: skip
    if p.assessments:
        parts.append(Text(f"\nChange from assessment {p.assessments[0]} to {p.assessments[1]}", style="bold"))
        parts.append(bullets(p.assessment_changes) if p.assessment_changes else Text("no change"))
    else:
        parts.append(Text("\nOne assessment so far: re-test at the checkpoints to see the change.", style="dim"))
    if p.advice:
        parts += [Text("\nAdvice", style="bold yellow"), bullets(p.advice)]
    return Group(*parts)


def doctor_view(r: DoctorReport) -> RenderableType:
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
    parts: list[RenderableType] = [Panel(grid, title="glute doctor", title_align="left", box=box.ROUNDED)]
    if r.profiles:
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for col in ("profile", "assessments", "programmes", "plans", "logs"):
            t.add_column(col, justify="left" if col == "profile" else "right")
        for pc in r.profiles:
            t.add_row(pc.profile, str(pc.assessments), str(pc.programmes), str(pc.plans), str(pc.logs))
        parts.append(t)
    if r.problems:
        parts += [Text("Problems", style="bold red"), bullets(r.problems)]
    for title, items in (("Notes", r.notes), ("Done", r.actions)):
        if items:
            parts += [Text(title, style="bold"), bullets(items)]
    if r.backup:
        parts.append(Text(f"Backup: {r.backup}", style="bold"))
    return Group(*parts)
