"""One plain function per use case: open the store, load the catalogue, call the core, return a Result.

No typer and no terminal: the command line parses its options, calls one of these and hands the
Result to `cli.output.emit`, the one place that prints. Heavy modules (pydantic, the store, rich
views) are imported inside the functions, so a command pays only for what it uses, and a view of
an unchanged programme is replayed from the store's cache without any of them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import GluteError, InputError, NotFoundError, StoreError

if TYPE_CHECKING:
    from pathlib import Path

    from .catalogue import Catalogue
    from .logbook import LogRequest, LogResult, Prepared
    from .models import Answers, Assessment, Plan
    from .programme import Timeline

PLAN_YEARS = (1900, 9000)  # --start: far from the calendar's ends, so no date computed from it overflows
ViewKey = tuple[int, str, str]  # (programme id, fingerprint, key) of a cached view


@dataclass
class Context:
    """Who and what a command works on: the global options, and today read once from the clock."""

    profile: str = "default"
    catalogue_option: str | None = None
    debug: bool = False
    pinned_today: dt.date | None = None

    def __post_init__(self) -> None:
        p = self.profile
        if not p or len(p) > 64 or not all(c.isalnum() or c in "-_." for c in p) or p.startswith("."):
            raise InputError(f"--profile {p!r}: use letters, digits, '-', '_' or '.' (at most 64)")

    def today(self) -> dt.date:
        """Today, read once per command from the one clock (GLUTE_TODAY=YYYY-MM-DD pins it)."""
        if self.pinned_today is None:
            from . import clock

            self.pinned_today = clock.today()
        return self.pinned_today

    def catalogue_path(self) -> Path:
        from .paths import catalogue_path

        return catalogue_path(self.catalogue_option)

    def catalogue(self) -> Catalogue:
        from .catalogue import load_catalogue

        return load_catalogue(self.catalogue_path())

    def example_profile(self) -> str:
        # The built-in example never overwrites a real person's data: it lives in profile "example".
        return "example" if self.profile == "default" else self.profile


@dataclass
class Result:
    """What a use case shows: a JSON document and a table view (each made only if shown: a rich
    renderable, or one plain line), or text printed whatever the format.

    `messages` go to stderr before the output; `json_notes` too, but only with the JSON document
    (the table shows them itself); `error` is raised once the output is out (a referral after a
    log, the problems `doctor` listed); `keep` caches the printed text of a view."""

    document: Callable[[], Mapping[str, Any]] | None = None
    view: Callable[[], object] | None = None
    text: str | None = None
    text_format: str = "raw"  # how `text` is escaped on a terminal: "raw" (as is), "txt" or "json"
    messages: list[str] = field(default_factory=list)
    json_notes: list[str] = field(default_factory=list)
    error: GluteError | None = None
    keep: Callable[[str], None] | None = None


# ---------------------------------------------------------------- exercises and catalogue


def exercises(ctx: Context, function: str | None, level: int | None, equipment: list[str] | None) -> Result:
    """`glute exercises`: the catalogue, filtered; equipment None = any, [] = body weight only."""
    from .vocab import Equipment, Function

    cat = ctx.catalogue()
    owned = None if equipment is None else [Equipment(e) for e in equipment if e != "none"]
    found = cat.filter(Function(function) if function else None, level, owned)

    def document() -> Mapping[str, Any]:
        from .present.json import exercises_doc

        return exercises_doc(found, cat.source)

    def view() -> object:
        from .present.console import exercises_table

        return exercises_table([*found], cat.source)  # a list of its own: the view takes lazy exercises too

    return Result(document, view)


def exercise(ctx: Context, ident: str) -> Result:
    """`glute exercises show`: one exercise by id, name or alias."""
    cat = ctx.catalogue()
    ex = cat.get(ident)

    def document() -> Mapping[str, Any]:
        from .present.json import exercise_doc

        return exercise_doc(ex, cat)

    def view() -> object:
        from .present.console import exercise_panel

        return exercise_panel(ex, cat)

    return Result(document, view)


def catalogue_check(file: str) -> Result:
    """`glute catalogue check`: validate a catalogue file (problems raise, with their lines)."""
    from .catalogue import load_catalogue
    from .safetext import safe

    cat = load_catalogue(file)
    counts = {lvl: sum(1 for e in cat if e.level == lvl) for lvl in (1, 2, 3)}
    doc = {"schema_version": 1, "kind": "catalogue_check", "file": file, "ok": True, "exercises": len(cat), "per_level": counts}
    line = f"{safe(file)}: ok, {len(cat)} exercises (level 1: {counts[1]}, level 2: {counts[2]}, level 3: {counts[3]})"
    return Result(lambda: doc, lambda: line)


# ---------------------------------------------------------------- the running programme


def no_plan_error(profile: str) -> NotFoundError:
    """No programme runs: what to do next depends on whether an assessment exists."""
    from .store import Store

    with Store() as store:
        has_assessment = store.latest_assessment(profile) is not None
    hint = "start one with: glute plan --weeks 8" if has_assessment else "first assess yourself: glute assess, then start a programme: glute plan --weeks 8"
    if profile == "example":
        hint = "start the built-in example's programme with: glute plan --example"
    if profile == "default" and not has_assessment:
        hint += " (the built-in example: glute --profile example today, after glute plan --example)"
    return NotFoundError(f"no programme is running for profile {profile!r}", hint=hint)


def programme_plan(ctx: Context, profile: str, *, check_paused: bool = True) -> tuple[Timeline, Plan]:
    """The running programme's timeline and its derived plan as of today; only reads (and caches)."""
    from . import programme as pg
    from .store import Store

    with Store() as store:
        tl = pg.load(store, profile)
        if tl is None:
            raise no_plan_error(profile)
        if check_paused:
            pg.check_not_paused(tl)
        plan = pg.current_plan(store, tl, ctx.catalogue, ctx.today(), ctx.catalogue_path())
    return tl, plan


def select_weeks(plan: Plan, sel: tuple[int, int] | None) -> Plan:
    """The weeks `--week N` or `--week N-M` shows (what is planned stays whole)."""
    if sel is None:
        return plan
    if sel[0] > len(plan.weeks):
        raise InputError(f"--week {sel[0]}: the programme has {len(plan.weeks)} weeks", hint=f"choose 1 to {len(plan.weeks)}")
    return plan.model_copy(update={"weeks": [w for w in plan.weeks if sel[0] <= w.number <= sel[1]]})


# Views of an unchanged programme are replayed from a cache of their printed text: reading needs
# no re-planning, nor pydantic or rich. Keyed by the programme's fingerprint, the view's options
# and what the terminal looks like.


def _view_key(ctx: Context, profile: str, *parts: object, expect: tuple[int | None, str | None, list[str] | None] | None = None) -> ViewKey | None:
    """The cache key of a view, or None when no programme runs (or, with `expect` = (weeks,
    start, days), when those options would change it)."""
    import hashlib
    import shutil

    from . import __version__
    from .paths import catalogue_key
    from .store import Store

    with Store() as store:
        row = store.programme_row(profile)
        if row is None:
            return None
        if expect is not None:
            weeks, start, days = expect
            if (weeks is not None and weeks != row[2]) or (start is not None and start != row[1]) or days is not None:
                return None
        fp = store.fingerprint(row[0], profile, __version__, catalogue_key(ctx.catalogue_path()), ctx.today().isoformat())
    tty = sys.stdout.isatty()
    env = tuple(os.environ.get(k, "") for k in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE"))
    size = tuple(shutil.get_terminal_size()) if tty else None
    key = hashlib.sha256(repr((fp, parts, env, tty, size)).encode("utf-8")).hexdigest()
    return row[0], fp, key


def _cached(found: ViewKey | None) -> Result | None:
    """The view's text as printed before, if the programme has not changed since."""
    from .store import Store

    if found is None:
        return None
    with Store() as store:
        text = store.cached_view(found[2])
    return None if text is None else Result(text=text)


def _keeper(found: ViewKey | None) -> Callable[[str], None] | None:
    if found is None:
        return None

    def keep(text: str) -> None:
        from .store import Store

        with Store() as store:
            store.cache_view(found[0], found[1], found[2], text)

    return keep


# ---------------------------------------------------------------- plan


@dataclass
class PlanOptions:
    """`glute plan`'s options, parsed: None = not given."""

    weeks: int | None = None
    start: dt.date | None = None
    sessions: int | None = None
    days: list[str] | None = None
    answers: str | None = None
    example: bool = False
    new: bool = False
    week: tuple[int, int] | None = None
    export: str | None = None
    force: bool = False
    json: bool = False  # --export -: the JSON export instead of the text one


def plan(ctx: Context, opts: PlanOptions) -> Result:
    """`glute plan`: start a programme, change it as the options ask, or show the running one."""
    profile = ctx.example_profile() if opts.example else ctx.profile
    found = None
    if not (opts.new or opts.answers or opts.sessions or opts.export):
        found = _view_key(ctx, profile, "plan", opts.week, "json" if opts.json else "table", expect=(opts.weeks, opts.start.isoformat() if opts.start else None, opts.days))
        replay = _cached(found)
        if replay is not None:
            return replay
    if opts.start is not None and not PLAN_YEARS[0] <= opts.start.year <= PLAN_YEARS[1]:
        # Checked before anything is saved: every date a programme computes must exist.
        raise InputError(f"--start {opts.start.isoformat()}: give a date from the year {PLAN_YEARS[0]} to {PLAN_YEARS[1]}", hint="e.g. --start 2026-11-23")
    export_fmt = None
    if opts.export and opts.export != "-":
        from .present.export import check_target

        # Before an assessment or a programme is saved: a failed retry must not add an assessment.
        export_fmt = check_target(opts.export, force=opts.force)
    messages = _start_or_change(ctx, profile, opts)
    shown = select_weeks(programme_plan(ctx, profile)[1], opts.week)
    if opts.export == "-":  # the export instead of the table, on stdout
        from .present.export import needs_catalogue, render

        name = "json" if opts.json else "txt"
        return Result(text=render(shown, name, ctx.catalogue() if needs_catalogue(name) else None), text_format=name, messages=messages)
    if opts.export:
        from .present.export import write
        from .safetext import safe

        path = write(shown, opts.export, fmt=export_fmt, force=opts.force, catalogue=ctx.catalogue())
        messages.append(f"wrote {safe(path)}")

    def document() -> Mapping[str, Any]:
        from .present.json import plan_doc

        return plan_doc(shown)

    def view() -> object:
        from .present.console import plan_view

        return plan_view(shown, header=opts.week is None)

    return Result(document, view, messages=messages, keep=_keeper(found))


def _start_or_change(ctx: Context, profile: str, opts: PlanOptions) -> list[str]:
    """Start a programme (none runs, or --new), record a re-test (--answers), or apply the options
    to the running one; returns what to tell the person."""
    from . import programme as pg
    from .store import Store

    today = ctx.today()
    req = pg.PlanRequest(weeks=opts.weeks, start=opts.start, sessions=opts.sessions, days=opts.days, new=opts.new)
    with Store() as store:
        tl = pg.load(store, profile)
    if tl is not None and not opts.new and opts.answers:
        return _retest_from(opts.answers, profile, today)
    if tl is not None and not opts.new:
        with Store() as store:
            pg.check_not_paused(tl)
            out = pg.start_or_show(store, profile, store.assessment(profile, "latest"), req, today)
        return list(out.changes)
    if tl is not None:
        pg.check_not_paused(tl, "Not started over. ")  # a clear assessment resumes it first
    assessment, saved = _plan_assessment(ctx, opts.answers, opts.example)
    try:
        with Store() as store:
            out = pg.start_or_show(store, profile, assessment, req, today)
    except StoreError as e:
        if saved:  # the assessment was saved a moment ago: say so, not "nothing was saved"
            e.message = e.message.replace("nothing was saved", f"the plan was not saved (assessment {assessment.id} was)")
        raise
    from .present.text import long_date

    p = out.timeline.programme
    return [
        *out.changes,
        f"started a programme of {p.weeks} weeks on {long_date(p.start_date)} ({', '.join(p.days)}) from assessment {p.assessment_id}; "
        "'glute plan' shows it again, 'glute today' gives the day's session",
    ]


def _plan_assessment(ctx: Context, answers: str | None, example: bool) -> tuple[Assessment, bool]:
    """The assessment a plan is built from (--example, --answers, or the latest saved), and
    whether it was saved just now."""
    from . import assess
    from .store import Store

    if example and answers:
        raise InputError("use either --example or --answers, not both")
    with Store() as store:
        if example:
            profile = ctx.example_profile()
            latest = store.latest_assessment(profile)
            fresh = assess.score(assess.example_answers(), profile=profile, today=ctx.today())
            # Re-running the example reuses its saved assessment instead of growing the history.
            if latest is not None and latest.answers == fresh.answers and latest.date == fresh.date:
                return latest, False
            return store.save_assessment(fresh), True
        if answers:
            scored = assess.score(assess.load_answers(answers, today=ctx.today()), profile=ctx.profile, today=ctx.today())
            return store.save_assessment(scored), True
        return store.assessment(ctx.profile, "latest"), False


def _retest_from(answers: str, profile: str, today: dt.date) -> list[str]:
    """An answer file given while a programme runs: a re-test, added to its timeline."""
    from . import assess
    from . import programme as pg
    from .store import Store

    with Store() as store:
        saved = store.save_assessment(assess.score(assess.load_answers(answers, today=today), profile=profile, today=today))
        lines = pg.record_retest(store, profile, saved, today)
    return [f"saved assessment {saved.id}", *(f"- {x}" for x in lines)]


# ---------------------------------------------------------------- assess and history


def assess_template() -> Result:
    """`glute assess --template`: a blank, commented answer file."""
    from .assess import TEMPLATE

    return Result(text=TEMPLATE)


def assessment(ctx: Context, ident: str) -> Result:
    """`glute assess --show`: a saved assessment."""
    from .store import Store

    with Store() as store:
        a = store.assessment(ctx.profile, ident)
    return _assessment_result(a)


def _assessment_result(a: Assessment, *, saved: bool = False, changes: list[str] | None = None) -> Result:
    def document() -> Mapping[str, Any]:
        from .present.json import assessment_doc

        return assessment_doc(a)

    def view() -> object:
        from .present.console import assessment_view

        return assessment_view(a, saved=saved, changes=changes)

    return Result(document, view, json_notes=[f"programme: {line}" for line in changes or []])


def assess(ctx: Context, answers: str | None, ask: Callable[[], Answers]) -> Result:
    """`glute assess`: answers from a file (or `ask` them), scored and saved; taken while a
    programme runs, a re-test the programme goes on with. A referral is raised after the output."""
    from . import programme as pg
    from .assess import REFERRAL_MESSAGE, load_answers, score
    from .errors import ReferralError
    from .store import Store

    today = ctx.today()
    given = ask() if answers is None else load_answers(answers, today=today)
    with Store() as store:
        saved = store.save_assessment(score(given, profile=ctx.profile, today=today))
        changes = pg.record_retest(store, ctx.profile, saved, today)
    result = _assessment_result(saved, saved=True, changes=changes)
    if saved.referred:
        ref = pg.assessment_referral(saved)
        from .present.text import URGENT_MESSAGE

        message = URGENT_MESSAGE if ref.urgent else REFERRAL_MESSAGE
        footer = pg.PAUSED_FOOTER if changes else None
        result.error = ReferralError(message + f" Saved as {saved.id} (referred).", reasons=saved.referral_reasons, footer=footer)
    return result


def history(ctx: Context) -> Result:
    """`glute history`: past assessments and the change between the last two."""
    from .assess import compare
    from .store import Store

    with Store() as store:
        items = store.assessments(ctx.profile)
    changes = compare(items[-2], items[-1]) if len(items) >= 2 else []

    def document() -> Mapping[str, Any]:
        from .present.json import history_doc

        return history_doc(ctx.profile, items, changes)

    def view() -> object:
        from .present.console import history_view

        return history_view(ctx.profile, items, changes)

    return Result(document, view)


# ---------------------------------------------------------------- export and today


@dataclass
class ExportOptions:
    """`glute export`'s options, parsed."""

    fmt: str | None = None
    output: str | None = None
    force: bool = False
    time: dt.time = dt.time(7, 30)
    duration: int | None = None
    week: tuple[int, int] | None = None
    tz: str | None = None
    reminder: int = 15
    example: bool = False


def export(ctx: Context, opts: ExportOptions) -> Result:
    """`glute export`: the running programme as paper, calendar, spreadsheet or JSON; only reads."""
    from .present.export import check_target, needs_catalogue, render, write

    name = opts.fmt
    target = opts.output if opts.output != "-" else None
    if target is not None:
        name = check_target(target, name, force=opts.force)  # before anything is read
    tl, plan = programme_plan(ctx, ctx.example_profile() if opts.example else ctx.profile)
    name = name or "txt"
    calendar = _calendar(tl, plan, opts) if name == "ics" else None
    plan = select_weeks(plan, opts.week)
    cat = ctx.catalogue() if needs_catalogue(name) else None
    if target is None:
        return Result(text=render(plan, name, cat, time=opts.time, duration=opts.duration, calendar=calendar), text_format=name)
    path = write(plan, target, fmt=name, force=opts.force, catalogue=cat, time=opts.time, duration=opts.duration, calendar=calendar)
    from .safetext import safe

    n = sum(len(w.sessions) for w in plan.weeks)
    return Result(text="", messages=[f"wrote {safe(path)} ({name}, {len(plan.weeks)} weeks, {n} sessions)"])


def _calendar(tl: Timeline, plan: Plan, opts: ExportOptions) -> Any:
    """The calendar's zone, reminder, stable ids and the sessions a change cancelled."""
    from .paths import system_zone
    from .programme import calendar_info
    from .store import Store

    if opts.tz:
        check_zone(opts.tz)
    with Store() as store:
        previous = store.previous_programme(tl.programme.profile, tl.programme.id)
    calendar = calendar_info(tl, plan, tz=opts.tz or system_zone(), reminder=opts.reminder or None, previous=previous)
    if opts.week is not None:
        lo, hi = opts.week
        calendar.cancelled = [c for c in calendar.cancelled if lo <= c[0] <= hi]
    return calendar


def check_zone(name: str) -> None:
    """An IANA time zone name, or InputError."""
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        raise InputError(f"--tz {name!r}: not a known time zone", hint="use an IANA name, e.g. Europe/London or America/New_York") from None


def today(ctx: Context, day: dt.date, *, json: bool = False) -> Result:
    """`glute today`: the day's session of the running programme as a checklist; only reads."""
    found = _view_key(ctx, ctx.profile, "today", day.isoformat(), "json" if json else "table")
    replay = _cached(found)
    if replay is not None:
        return replay
    from .present.json import today_doc
    from .today import today_view

    tl, plan = programme_plan(ctx, ctx.profile)
    view = today_view(plan, day, ctx.catalogue(), logs=tl.logs)

    def panel() -> object:
        from .present.console import today_panel

        return today_panel(view)

    return Result(lambda: today_doc(view), panel, keep=_keeper(found))


# ---------------------------------------------------------------- log, progress, move, doctor


def _log_result(result: LogResult) -> Result:
    def document() -> Mapping[str, Any]:
        from .present.json import log_doc

        return log_doc(result)

    def view() -> object:
        from .present.console import log_view

        return log_view(result)

    out = Result(document, view)
    if result.refer:
        from .errors import ReferralError
        from .present.text import URGENT_MESSAGE
        from .programme import PAUSED_FOOTER, ROUTINE_MESSAGE

        out.error = ReferralError("Logged. " + (URGENT_MESSAGE if result.urgent else ROUTINE_MESSAGE), reasons=result.refer, footer=PAUSED_FOOTER)
    return out


def log_session(ctx: Context, day: dt.date, request: LogRequest | None, ask: Callable[[Prepared], LogRequest], *, replace: bool = False) -> Result:
    """`glute log`: a session, from flags (`request`) or by asking about the planned session (found
    and checked before the first question); the programme adapts."""
    from .logbook import prepare, record_session
    from .store import Store

    if request is None:
        with Store() as store:
            prepared = prepare(store, ctx.profile, day, ctx.today(), replace=replace, catalogue=ctx.catalogue)
        request = ask(prepared)
    return _log_result(record_session(ctx.profile, request, ctx.today(), ctx.catalogue()))


def go(ctx: Context, day: dt.date, *, quiet: bool = False, ascii_only: bool = False, speed: str = "") -> Result:
    """`glute go`: the day's session guided live, then logged as `glute log` logs it (the same
    checks, adaptation and referral); nothing to show when there was nothing to do."""
    from .go.run import check_terminal, parse_speed, run

    check_terminal()  # exit 2 before anything is read: glute today and glute log work without one
    pace = parse_speed(speed)
    tl, plan = programme_plan(ctx, ctx.profile)  # a paused programme stops here, as in glute today
    result = run(ctx.profile, tl, plan, day, ctx.today(), ctx.catalogue, quiet=quiet, ascii_only=ascii_only, speed=pace)
    if result is None:
        return Result()
    out = _log_result(result)

    def view() -> object:
        from .go.screen import outro

        return outro(result)

    out.view = view
    return out


def log_morning(ctx: Context, day: dt.date | None, pain: int, *, replace: bool = False) -> Result:
    """`glute log --morning-pain`: the pain the morning after a session (default: the latest)."""
    from .logbook import record_morning

    return _log_result(record_morning(ctx.profile, day, pain, ctx.today(), ctx.catalogue(), replace=replace))


def log_list(ctx: Context) -> Result:
    """`glute log --list`: the running programme's logs."""
    from .logbook import list_logs

    prog, logs = list_logs(ctx.profile)

    def document() -> Mapping[str, Any]:
        from .models import SCHEMA_VERSION

        return {"schema_version": SCHEMA_VERSION, "kind": "logs", "profile": ctx.profile, "programme_start": prog.start_date.isoformat(),
                "logs": [lg.model_dump(mode="json") for lg in logs]}  # fmt: skip

    def view() -> object:
        from .present.console import logs_view

        return logs_view(prog, logs)

    return Result(document, view)


def log_delete(ctx: Context, day: dt.date | None) -> Result:
    """`glute log --undo` (day None: the log written last) or `--delete DATE`."""
    from .logbook import delete_log
    from .present.text import long_date

    gone = delete_log(ctx.profile, day)
    what = " (skipped)" if gone.skipped else f" (pain {gone.pain_during}/10)"
    return Result(text=f"removed the log of {long_date(gone.date)}{what}\n")


def progress(ctx: Context) -> Result:
    """`glute progress`: adherence, pain, levels and gates as of today (nothing is saved)."""
    from .logbook import progress as report

    try:
        rep, ref = report(ctx.profile, ctx.today(), ctx.catalogue)
    except NotFoundError as e:
        if "no programme" in e.message:
            raise no_plan_error(ctx.profile) from None
        raise

    def document() -> Mapping[str, Any]:
        from .present.json import progress_doc

        return progress_doc(rep)

    def view() -> object:
        from .present.console import progress_view

        return progress_view(rep)

    return Result(document, view, error=None if ref is None else ref.error())


def move(ctx: Context, src: dt.date, dst: dt.date) -> Result:
    """`glute move`: a planned session to another day of its week."""
    from . import programme as pg
    from .store import Store

    with Store() as store:
        msg = pg.move_session(store, ctx.profile, src, dst, ctx.catalogue, ctx.today(), ctx.catalogue_path())
    return Result(text=msg + "\n")


def doctor(repair: bool) -> Result:
    """`glute doctor`: check (and with `repair`, back up then repair) the store."""
    from .store import doctor as check

    report = check(repair=repair)

    def document() -> Mapping[str, Any]:
        from .present.json import doctor_doc

        return doctor_doc(report)

    def view() -> object:
        from .present.console import doctor_view

        return doctor_view(report)

    out = Result(document, view)
    if not report.ok:
        newer = report.version is not None and report.version > report.known_version
        hint = "upgrade glute: pip install -U glute" if newer else "glute doctor --repair backs the store up first, then repairs it"
        out.error = StoreError(f"the store has {len(report.problems)} problem(s), listed above", hint=None if repair and not newer else hint)
    return out
