"""The `glute` command line. Only this module imports typer; core modules are imported lazily."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Any, NoReturn, get_args

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import EXIT_ERROR, EXIT_INTERRUPTED, GluteError, is_interrupt


class _Opts:
    """Global options, reset by the root callback on every invocation."""

    catalogue: str | None = None
    profile: str = "default"
    debug: bool = False
    saved_assessment: bool = False  # this command saved an assessment (error messages must not say "nothing was saved")


OPTS = _Opts()

# click's UsageError (vendored by newer typer): the base of typer.BadParameter, found without
# importing click by name.
UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def _print_error(err: GluteError) -> None:
    # Messages echo paths and values from files: escaped, so no control character reaches a terminal.
    from .safetext import safe

    sys.stderr.write(f"error: {safe(err.message, newlines=True)}\n")
    if err.hint:
        sys.stderr.write(f"hint: {safe(err.hint, newlines=True)}\n")


_AS_IS: list[Any] = []  # the pass-through class, made once (or [None] on a typer without the hook)


def _take_as_is(params: Any) -> None:
    """Let values that already have their option's type through without pydantic.

    typer >= 0.29 builds a pydantic TypeAdapter for every parameter it processes, even one left at
    its default, which made every TAB (`glute pl<TAB>`, `glute plan --fo<TAB>`) import pydantic
    (+60-80 ms, issue 7). A default (8, OutputFormat.table), a flag's True/False and any string
    for a `str` option need no coercion. Everything else (text typed for an int or a choice, a
    list) still goes through typer's own coercion, with its messages. On a typer without this
    machinery nothing is changed."""
    if not _AS_IS:
        try:
            from typer._coercion import RuntimeParam, build_runtime_param
        except ImportError:  # pragma: no cover - older or newer typer: keep its behaviour
            _AS_IS.append(None)
        else:

            class _AsIs(RuntimeParam):
                def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
                    t = self.annotation
                    args = get_args(t)
                    if type(None) in args and len(args) == 2:  # X | None
                        t = args[0] if args[1] is type(None) else args[1]
                    if type(value) is t and (t in (str, bool, int) or issubclass(t, Enum)):
                        return value
                    # A choice or a whole number typed as text: the common case of a view
                    # (`--format json`, `--weeks 8`) needs no pydantic either (issue 12's speed
                    # targets). Anything unusual still goes to typer, with its messages.
                    if type(value) is str and isinstance(t, type):
                        if issubclass(t, Enum) and value in t._value2member_map_:
                            return t(value)
                        if t is int and value.isdigit() and len(value) < 10:
                            n, info = int(value), getattr(self, "parameter_info", None)
                            lo, hi = getattr(info, "min", None), getattr(info, "max", None)
                            if (lo is None or n >= lo) and (hi is None or n <= hi):
                                return n
                    return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)

            _AS_IS.append(_AsIs)
    as_is = _AS_IS[0]
    if as_is is None:  # pragma: no cover
        return
    for p in params:
        desc = getattr(p, "type_descriptor", None)
        if p is not None and getattr(p, "_runtime_param", False) is None and desc is not None:
            try:
                p._runtime_param = as_is(parameter_info=desc.parameter_info, annotation=desc.annotation)
            except Exception:  # pragma: no cover
                return


def _take_as_is_everywhere(cmd: Any, ctx: Any) -> None:
    stack = [cmd]
    while stack:
        c = stack.pop()
        stack.extend(getattr(c, "commands", {}).values())
        _take_as_is(getattr(c, "params", ()))
        try:
            _take_as_is([c.get_help_option(ctx)])  # made (and kept) on first use: make it now
        except Exception:  # pragma: no cover
            pass


class GluteGroup(TyperGroup):
    """The one place that turns exceptions into exit codes (see README, Exit codes)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _take_as_is_everywhere(self, ctx)  # here: typer adds its completion options after __init__
        return super().parse_args(ctx, args)

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as e:
            _escape_usage_error(e)
            raise
        except KeyboardInterrupt:
            # Ctrl-C while the options are read: 130 like anywhere else, not click's "Aborted!" (1).
            sys.stderr.write("\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _take_as_is(params)  # --help is made here
        return params

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GluteError as err:
            if OPTS.debug:
                import traceback

                from .safetext import safe

                sys.stderr.write(safe(traceback.format_exc(), newlines=True))  # it quotes the message: escaped too
            if getattr(err, "exit_code", 1) == 3:
                _render_referral(err)
            else:
                _print_error(err)
            raise typer.Exit(err.exit_code) from None
        except (KeyboardInterrupt, typer.Abort):
            # Ctrl-C: nothing has been saved half-way (writes are atomic); leave quietly.
            sys.stderr.write("\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except UsageError as e:  # also typer.BadParameter: an unknown option or command, a bad value
            _escape_usage_error(e)
            raise
        except typer.Exit:
            raise
        except Exception as err:
            if OPTS.debug or type(err).__module__.startswith(("typer", "click")):
                raise
            if isinstance(err, BrokenPipeError):
                raise
            if is_interrupt(err):
                # Ctrl-C inside pydantic-core (its serialiser, a schema being built) or while a
                # model class is made arrives wrapped in another error: still an interrupt.
                sys.stderr.write("\n")
                raise typer.Exit(EXIT_INTERRUPTED) from None
            from .safetext import safe

            sys.stderr.write(f"error: internal error: {type(err).__name__}: {safe(err, newlines=True)}\n")
            sys.stderr.write("hint: rerun with --debug for the traceback, and report it\n")
            raise typer.Exit(EXIT_ERROR) from None


def _escape_usage_error(e: Any) -> None:
    """click echoes the unknown option, command or value it was given: escape it like any text."""
    from .safetext import safe

    e.message = safe(e.message, newlines=True)


def _render_referral(err: Any) -> None:
    from .present.console import referral_panel, stderr_console

    stderr_console().print(referral_panel(err.message, getattr(err, "reasons", []), getattr(err, "footer", None)))


app = typer.Typer(
    cls=GluteGroup,
    name="glute",
    help="Plan a progressive gluteus medius rehab program from a short self-assessment.\n\n"
    "Not medical advice: see a clinician for pain that is severe, constant or getting worse.\n\n"
    "Example: glute plan --example",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glute {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    catalogue: Annotated[
        str | None,
        typer.Option("--catalogue", envvar="GLUTE_CATALOGUE", help="Use this exercise catalogue (YAML) instead of the built-in one."),
    ] = None,
    profile: Annotated[str, typer.Option("--profile", envvar="GLUTE_PROFILE", help="Whose data: one history and plan per profile.")] = "default",
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Plan a progressive gluteus medius rehab program. Example: glute plan --example"""
    OPTS.catalogue = catalogue or None
    OPTS.profile = profile
    OPTS.debug = debug or os.environ.get("GLUTE_DEBUG") == "1"
    OPTS.saved_assessment = False
    from .errors import InputError

    if not profile or len(profile) > 64 or not all(c.isalnum() or c in "-_." for c in profile) or profile.startswith("."):
        raise InputError(f"--profile {profile!r}: use letters, digits, '-', '_' or '.' (at most 64)")


def _catalogue():
    from .catalogue import load_catalogue
    from .paths import catalogue_path

    return load_catalogue(catalogue_path(OPTS.catalogue))


def _emit_json(doc: Any) -> None:
    from .present.json import dumps

    text = dumps(doc) + "\n"
    if sys.stdout.isatty():
        from .safetext import safe_json

        text = safe_json(text)
    sys.stdout.write(text)


def _write_stdout(text: str, fmt: str = "txt") -> None:
    """An export on stdout: on a terminal, control characters are shown escaped (not run)."""
    if not text.endswith("\n"):
        text += "\n"
    if sys.stdout.isatty():
        from .safetext import safe, safe_json

        text = safe_json(text) if fmt == "json" else safe(text.replace("\r\n", "\n"), newlines=True, tabs=True)
    sys.stdout.write(text)


def _console():
    from .present.console import stdout_console

    return stdout_console()


# ---------------------------------------------------------------- exercises

exercises_app = typer.Typer(cls=TyperGroup, help="Browse the exercise catalogue. Example: glute exercises --function abduction")
app.add_typer(exercises_app, name="exercises")


class FunctionChoice(str, Enum):
    abduction = "abduction"
    external_rotation = "external_rotation"
    internal_rotation = "internal_rotation"
    stabilization = "stabilization"


class EquipmentChoice(str, Enum):
    band = "band"
    step = "step"
    yoga_block = "yoga_block"
    dumbbell = "dumbbell"
    bench = "bench"
    cable_machine = "cable_machine"
    abduction_machine = "abduction_machine"
    none = "none"


@exercises_app.callback(invoke_without_command=True)
def exercises_list(
    ctx: typer.Context,
    function: Annotated[FunctionChoice | None, typer.Option("--function", "-f", help="Only exercises that train this function.")] = None,
    level: Annotated[int | None, typer.Option("--level", "-l", min=1, max=3, help="Only this level (1 activation, 2 weight-bearing, 3 single-leg).")] = None,
    equipment: Annotated[
        list[EquipmentChoice] | None,
        typer.Option("--equipment", "-e", help="Only exercises doable with this equipment (repeat; 'none' = body weight only)."),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """List exercises, filtered by function, level and equipment. Example: glute exercises --level 1 -e band"""
    if ctx.invoked_subcommand is not None:
        return
    from .models import Equipment, Function

    cat = _catalogue()
    owned = None if equipment is None else [Equipment(e.value) for e in equipment if e is not EquipmentChoice.none]
    found = cat.filter(Function(function.value) if function else None, level, owned)
    if fmt is OutputFormat.json:
        from .present.json import exercises_doc

        _emit_json(exercises_doc(found, cat.source))
        return
    from .present.console import exercises_table

    _console().print(exercises_table(found, cat.source))


@exercises_app.command("show")
def exercises_show(
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id, name or alias.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """Everything about one exercise: dose, cues, faults, cautions, ladder. Example: glute exercises show clamshell"""
    cat = _catalogue()
    ex = cat.get(exercise_id)
    if fmt is OutputFormat.json:
        from .present.json import exercise_doc

        _emit_json(exercise_doc(ex, cat))
        return
    from .present.console import exercise_panel

    _console().print(exercise_panel(ex, cat))


# ---------------------------------------------------------------- catalogue

catalogue_app = typer.Typer(cls=TyperGroup, no_args_is_help=True, help="Check a catalogue file. Example: glute catalogue check my.yaml")
app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.command("check")
def catalogue_check(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Catalogue YAML file to validate.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """Validate a catalogue file and report every problem with its line. Example: glute catalogue check my.yaml"""
    from .catalogue import load_catalogue

    cat = load_catalogue(file)
    counts = {lvl: sum(1 for e in cat if e.level == lvl) for lvl in (1, 2, 3)}
    if fmt is OutputFormat.json:
        _emit_json({"schema_version": 1, "kind": "catalogue_check", "file": file, "ok": True, "exercises": len(cat), "per_level": counts})
        return
    from .safetext import safe

    typer.echo(f"{safe(file)}: ok, {len(cat)} exercises (level 1: {counts[1]}, level 2: {counts[2]}, level 3: {counts[3]})")


# ---------------------------------------------------------------- plan


def _parse_date(value: str | None, option: str) -> Any:
    import datetime as dt

    from .errors import InputError

    if value is None:
        return None
    if value.strip().lower() == "today":
        return _today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option} {value!r}: not a date", hint="write it as YYYY-MM-DD, e.g. 2026-11-23") from None


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _parse_days(value: list[str] | None) -> list[str] | None:
    """`mon,wed,fri` or `monday,...`: exactly a weekday's name or its first three letters."""
    if not value:
        return None
    from .errors import InputError
    from .safetext import quote

    out = []
    for v in value:
        for d in v.split(","):
            word = d.strip().lower()
            if not word:
                continue
            if word not in _DAY_NAMES and word not in (n[:3] for n in _DAY_NAMES):
                raise InputError(f"--days {quote(d.strip())}: not a weekday", hint="write days as mon,tue,wed,thu,fri,sat,sun (or monday, ...)")
            out.append(word[:3])
    return out


def _plan_assessment(answers: str | None, example: bool) -> Any:
    """The assessment a plan is built from: --example, --answers (saved), or the latest saved."""
    from . import assess
    from .store import Store

    if example and answers:
        from .errors import InputError

        raise InputError("use either --example or --answers, not both")
    with Store() as store:
        if example:
            profile = _example_profile()
            latest = store.latest_assessment(profile)
            fresh = assess.score(assess.example_answers(), profile=profile, today=_today())
            # Re-running the example reuses its saved assessment instead of growing the history.
            if latest is not None and latest.answers == fresh.answers and latest.date == fresh.date:
                return latest
            OPTS.saved_assessment = True
            return store.save_assessment(fresh)
        if answers:
            today = _today()
            scored = assess.score(assess.load_answers(answers, today=today), profile=OPTS.profile, today=today)
            OPTS.saved_assessment = True
            return store.save_assessment(scored)
        return store.assessment(OPTS.profile, "latest")


def _example_profile() -> str:
    # The built-in example never overwrites a real person's data: it lives in profile "example".
    return "example" if OPTS.profile == "default" else OPTS.profile


def _programme_plan(profile: str, *, check_paused: bool = True) -> tuple[Any, Any]:
    """The running programme's timeline and its derived plan as of today; only reads (and caches)."""
    from . import programme as pg
    from .paths import catalogue_path
    from .store import Store

    with Store() as store:
        tl = pg.load(store, profile)
        if tl is None:
            raise _no_plan_error(profile)
        if check_paused:
            pg.check_not_paused(tl)
        plan = pg.current_plan(store, tl, _catalogue, _today(), catalogue_path(OPTS.catalogue))
    return tl, plan


# Views of an unchanged programme are replayed from a cache of their rendered text (issue 12:
# reading needs no re-planning, nor pydantic or rich): keyed by the programme's fingerprint, the
# view's options and what the terminal looks like.


def _view_key(profile: str, *parts: Any, expect: tuple | None = None) -> tuple[int, str, str] | None:
    """(programme id, fingerprint, key) of a view, or None when no programme runs (or, with
    `expect` = (weeks, start, days), when the options would change it)."""
    import hashlib
    import shutil

    from .paths import catalogue_key, catalogue_path
    from .store import Store

    with Store() as store:
        row = store.programme_row(profile)
        if row is None:
            return None
        if expect is not None:
            weeks, start, days = expect
            if (weeks is not None and weeks != row[2]) or (start is not None and start != row[1]) or days is not None:
                return None
        fp = store.fingerprint(row[0], profile, __version__, catalogue_key(catalogue_path(OPTS.catalogue)), _today().isoformat())
    tty = sys.stdout.isatty()
    env = tuple(os.environ.get(k, "") for k in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE"))
    size = tuple(shutil.get_terminal_size()) if tty else None
    key = hashlib.sha256(repr((fp, parts, env, tty, size)).encode("utf-8")).hexdigest()
    return row[0], fp, key


def _replay_view(found: tuple[int, str, str] | None) -> bool:
    from .store import Store

    if found is None:
        return False
    with Store() as store:
        text = store.cached_view(found[2])
    if text is None:
        return False
    sys.stdout.write(text)
    return True


def _keep_view(found: tuple[int, str, str] | None, text: str) -> None:
    from .store import Store

    if found is not None:
        with Store() as store:
            store.cache_view(found[0], found[1], found[2], text)


def _printed(renderable: Any) -> str:
    """What the console would print, as text (written by the caller)."""
    console = _console()
    with console.capture() as cap:
        console.print(renderable)
    return cap.get()


def _parse_week_range(value: str | None) -> tuple[int, int] | None:
    """`--week 3` or `--week 3-4`."""
    from .errors import InputError

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


def _select_weeks(plan: Any, sel: tuple[int, int] | None) -> Any:
    from .errors import InputError

    if sel is None:
        return plan
    if sel[0] > len(plan.weeks):
        raise InputError(f"--week {sel[0]}: the programme has {len(plan.weeks)} weeks", hint=f"choose 1 to {len(plan.weeks)}")
    return plan.model_copy(update={"weeks": [w for w in plan.weeks if sel[0] <= w.number <= sel[1]]})


PLAN_YEARS = (1900, 9000)  # --start: far from the calendar's ends, so no date computed from it overflows


def _today() -> Any:
    """Today, read once per command from the one clock (GLUTE_TODAY=YYYY-MM-DD pins it)."""
    from . import clock

    return clock.today()


class Sessions(str, Enum):
    three = "3"
    four = "4"


WeeksOpt = Annotated[int, typer.Option("--weeks", "-w", min=1, max=52, help="Program length in weeks (1-52).")]
StartOpt = Annotated[str | None, typer.Option("--start", help="First day, YYYY-MM-DD (default: next Monday).")]
SessionsOpt = Annotated[Sessions | None, typer.Option("--sessions", help="Sessions a week (3 or 4); overrides the assessment.")]
DaysOpt = Annotated[list[str] | None, typer.Option("--days", help="Training weekdays, e.g. mon,wed,fri; overrides the assessment.")]
AnswersOpt = Annotated[str | None, typer.Option("--answers", help="Assess from this answer file (YAML/JSON, - for stdin) and save it.")]
ExampleOpt = Annotated[bool, typer.Option("--example", help="Use the built-in example person (saved under profile 'example').")]


PlanWeeksOpt = Annotated[
    int | None,
    typer.Option("--weeks", "-w", min=1, max=52, help="Program length in weeks (1-52; default 8, or the active plan's when it goes on from your log)."),
]


WeekOpt = Annotated[str | None, typer.Option("--week", metavar="N or N-M", help="Show only this week, or a range of weeks (3-4).")]


@app.command("plan")
def plan_cmd(
    weeks: PlanWeeksOpt = None,
    start: StartOpt = None,
    sessions: SessionsOpt = None,
    days: DaysOpt = None,
    answers: AnswersOpt = None,
    example: ExampleOpt = False,
    new: Annotated[bool, typer.Option("--new", help="Start over: end the running programme (kept in the history) and start a new one.")] = False,
    week: WeekOpt = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
    export: Annotated[str | None, typer.Option("--export", help="Also write the plan to FILE (.txt, .md, .json, .html, .ics, .csv).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --export file if it exists.")] = False,
) -> None:
    """Start a programme from the latest assessment, or show the running one (viewing never changes it).
    Other --weeks/--days/--start change it and say so; --new starts over. Example: glute plan --weeks 8"""
    sel = _parse_week_range(week)
    today = _today()
    profile = _example_profile() if example else OPTS.profile
    view = None
    if not (new or answers or sessions or export):
        view = _view_key(profile, "plan", sel, fmt.value, expect=(weeks, _parse_date(start, "--start") and _parse_date(start, "--start").isoformat(), _parse_days(days)))
        if _replay_view(view):
            return
    from . import programme as pg
    from .errors import InputError
    from .store import Store

    first = _parse_date(start, "--start")
    if first is not None and not PLAN_YEARS[0] <= first.year <= PLAN_YEARS[1]:
        # Checked before anything is saved: every date a programme computes must exist.
        raise InputError(f"--start {first.isoformat()}: give a date from the year {PLAN_YEARS[0]} to {PLAN_YEARS[1]}", hint="e.g. --start 2026-11-23")
    export_fmt = None
    if export and export != "-":
        from .present.export import check_target

        # Before an assessment or a programme is saved: a failed retry must not add an assessment.
        export_fmt = check_target(export, force=force)
    req = pg.PlanRequest(weeks=weeks, start=first, sessions=int(sessions.value) if sessions else None, days=_parse_days(days), new=new)
    with Store() as store:
        tl = pg.load(store, profile)
    if tl is not None and not new and answers:
        _retest_from(answers, profile, today)
    elif tl is None or new:
        if tl is not None:
            pg.check_not_paused(tl, "Not started over. ")  # a clear assessment resumes it first
        assessment = _plan_assessment(answers, example)
        from .errors import StoreError

        try:
            with Store() as store:
                out = pg.start_or_show(store, profile, assessment, req, today)
        except StoreError as e:
            if OPTS.saved_assessment:  # the assessment was saved a moment ago: say so, not "nothing was saved"
                e.message = e.message.replace("nothing was saved", f"the plan was not saved (assessment {assessment.id} was)")
            raise
        from .present.text import long_date

        p = out.timeline.programme
        for line in out.changes:
            sys.stderr.write(line + "\n")
        sys.stderr.write(
            f"started a programme of {p.weeks} weeks on {long_date(p.start_date)} ({', '.join(p.days)}) from assessment {p.assessment_id}; "
            "'glute plan' shows it again, 'glute today' gives the day's session\n"
        )
    else:
        with Store() as store:
            pg.check_not_paused(tl)
            out = pg.start_or_show(store, profile, store.assessment(profile, "latest"), req, today)
        for line in out.changes:
            sys.stderr.write(line + "\n")
    _, plan = _programme_plan(profile)
    shown = _select_weeks(plan, sel)
    if export == "-":  # the export instead of the table, on stdout
        from .present.export import needs_catalogue, render

        name = "txt" if fmt is OutputFormat.table else "json"
        _write_stdout(render(shown, name, _catalogue() if needs_catalogue(name) else None), name)
        return
    if export:
        from .present.export import write
        from .safetext import safe

        path = write(shown, export, fmt=export_fmt, force=force, catalogue=_catalogue())
        sys.stderr.write(f"wrote {safe(path)}\n")
    if fmt is OutputFormat.json:
        from .present.json import dumps, plan_doc

        text = dumps(plan_doc(shown)) + "\n"
    else:
        from .present.console import plan_view

        text = _printed(plan_view(shown, header=sel is None))
    sys.stdout.write(text)
    _keep_view(view, text)


def _retest_from(answers: str, profile: str, today: Any) -> None:
    """An answer file given while a programme runs: a re-test, added to its timeline."""
    from . import assess
    from . import programme as pg
    from .store import Store

    with Store() as store:
        saved = store.save_assessment(assess.score(assess.load_answers(answers, today=today), profile=profile, today=today))
        lines = pg.record_retest(store, profile, saved, today)
    sys.stderr.write(f"saved assessment {saved.id}\n" + "".join(f"- {x}\n" for x in lines))


# ---------------------------------------------------------------- assess
# `glute assess` (ask, or read --answers; score; save; show) and `glute history`. Issue 3.


def _require_tty() -> None:
    """Questions need a terminal. GLUTE_ASSUME_TTY=1 (hidden, for tests) skips the check."""
    if os.environ.get("GLUTE_ASSUME_TTY") == "1" or sys.stdin.isatty():
        return
    from .errors import InputError

    raise InputError(
        "no terminal to ask questions on; pass answers with --answers FILE (or - for stdin)",
        hint="get a blank file with glute assess --template",
    )


def _show_assessment(a: Any, fmt: OutputFormat, *, saved: bool = False, changes: list[str] | None = None) -> None:
    if fmt is OutputFormat.json:
        from .present.json import assessment_doc

        _emit_json(assessment_doc(a))
        for line in changes or []:
            sys.stderr.write(f"programme: {line}\n")
        return
    from .present.console import assessment_view

    _console().print(assessment_view(a, saved=saved, changes=changes))


@app.command("assess")
def assess_cmd(
    ident: Annotated[str | None, typer.Argument(metavar="ID", help="With --show: an id from 'glute history', or latest.", show_default=False)] = None,
    answers: Annotated[str | None, typer.Option("--answers", "-a", metavar="FILE", help="Read the answers from a YAML/JSON file ('-' for stdin) instead of asking.")] = None,
    template: Annotated[bool, typer.Option("--template", help="Print a blank, commented answer file and exit.")] = False,
    show: Annotated[bool, typer.Option("--show", help="Show a saved assessment (the latest, or ID) instead of making one.")] = False,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """Red-flag screen, pain, five tests each side: scored and saved. Example: glute assess --answers me.yaml"""
    from .errors import InputError, ReferralError

    if sum((answers is not None, template, show)) > 1:
        raise InputError("use only one of --answers, --template and --show")
    if ident is not None and not show:
        raise InputError(f"unexpected argument {ident!r}", hint=f"to see a saved assessment: glute assess --show {ident}")
    if template:
        from .assess import TEMPLATE

        sys.stdout.write(TEMPLATE)
        return
    from .store import Store

    if show:
        with Store() as store:
            _show_assessment(store.assessment(OPTS.profile, ident or "latest"), fmt)
        return
    from .assess import REFERRAL_MESSAGE, load_answers, score

    today = _today()
    if answers is None:
        _require_tty()
        from .interactive import interview
        from .present.console import stderr_console

        console = stderr_console() if fmt is OutputFormat.json else _console()
        given = interview(console, typer.prompt, typer.confirm, err=fmt is OutputFormat.json)
    else:
        given = load_answers(answers, today=today)
    with Store() as store:
        saved = store.save_assessment(score(given, profile=OPTS.profile, today=today))
        from . import programme as pg

        # Taken while a programme runs, it is a re-test: the programme goes on with it.
        changes = pg.record_retest(store, OPTS.profile, saved, today)
    _show_assessment(saved, fmt, saved=True, changes=changes)
    if saved.referred:
        ref = pg.assessment_referral(saved)
        message = pg.URGENT_MESSAGE if ref.urgent else REFERRAL_MESSAGE
        raise ReferralError(message + f" Saved as {saved.id} (referred).", reasons=saved.referral_reasons, footer=pg.PAUSED_FOOTER if changes else None)


@app.command("history")
def history_cmd(
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """Past assessments: verdict per function, pain, and the change between the last two. Example: glute history"""
    from .assess import compare
    from .store import Store

    with Store() as store:
        items = store.assessments(OPTS.profile)
    changes = compare(items[-2], items[-1]) if len(items) >= 2 else []
    if fmt is OutputFormat.json:
        from .present.json import history_doc

        _emit_json(history_doc(OPTS.profile, items, changes))
        return
    from .present.console import history_view

    _console().print(history_view(OPTS.profile, items, changes))


# ---------------------------------------------------------------- end of assess


# ---------------------------------------------------------------- export
# `glute export` (issue 5): the active plan (or one built from the plan options) as txt, md,
# html, json, ics or csv. Core in glutecli/present/export/.


class ExportFormat(str, Enum):
    txt = "txt"
    md = "md"
    html = "html"
    json = "json"
    ics = "ics"
    csv = "csv"


def _parse_time(value: str) -> Any:
    import datetime as dt

    from .errors import InputError

    try:
        hh, mm = value.strip().split(":")
        return dt.time(int(hh), int(mm))
    except ValueError:
        raise InputError(f"--time {value!r}: not a time of day", hint="write it as HH:MM (24 h), e.g. 07:30 or 18:00") from None


def _no_plan_error(profile: str | None = None) -> Any:
    from .errors import NotFoundError
    from .store import Store

    profile = profile or OPTS.profile
    with Store() as store:
        has_assessment = store.latest_assessment(profile) is not None
    hint = "start one with: glute plan --weeks 8" if has_assessment else "first assess yourself: glute assess, then start a programme: glute plan --weeks 8"
    if profile == "example":
        hint = "start the built-in example's programme with: glute plan --example"
    if profile == "default" and not has_assessment:
        hint += " (the built-in example: glute --profile example today, after glute plan --example)"
    return NotFoundError(f"no programme is running for profile {profile!r}", hint=hint)


def _check_zone(name: str) -> None:
    from .errors import InputError

    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        raise InputError(f"--tz {name!r}: not a known time zone", hint="use an IANA name, e.g. Europe/London or America/New_York") from None


@app.command("export")
def export_cmd(
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", help="txt, md, html, json, ics or csv (default: from the -o extension, else txt)."),
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of printing; '-' prints.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    time: Annotated[str, typer.Option("--time", metavar="HH:MM", help="ics: local start time of each session.")] = "07:30",
    duration: Annotated[int | None, typer.Option("--duration", metavar="MIN", min=1, max=1440, help="ics: minutes per session (default: each session's estimate).")] = None,
    week: WeekOpt = None,
    tz: Annotated[str | None, typer.Option("--tz", metavar="ZONE", help="ics: time zone of --time, e.g. Europe/Paris (default: the system's).")] = None,
    reminder: Annotated[int, typer.Option("--reminder", metavar="MIN", min=0, max=1440, help="ics: reminder minutes before a session; 0: none.")] = 15,
    example: Annotated[bool, typer.Option("--example", help="The built-in example person's programme (profile 'example').")] = False,
) -> None:
    """Print or save the running programme: paper (txt, md, html), calendar (ics), spreadsheet (csv) or json.

    Only reads: --week N (or 3-4) selects what is shown, never what is planned. Example: glute export -o plan.html --week 3-4
    """
    from .present.export import check_target, needs_catalogue, render, write

    at = _parse_time(time)
    sel = _parse_week_range(week)
    name = fmt.value if fmt else None
    to_file = output is not None and output != "-"
    if to_file:
        name = check_target(output, name, force=force)  # before anything is read
    tl, plan = _programme_plan(_example_profile() if example else OPTS.profile)
    name = name or "txt"
    calendar = None
    if name == "ics":
        from .paths import system_zone
        from .programme import calendar_info

        zone = tz or system_zone()
        if tz:
            _check_zone(tz)
        from .store import Store

        with Store() as store:
            previous = store.previous_programme(tl.programme.profile, tl.programme.id)
        calendar = calendar_info(tl, plan, tz=zone, reminder=reminder or None, previous=previous)
        if sel is not None:
            calendar.cancelled = [c for c in calendar.cancelled if sel[0] <= c[0] <= sel[1]]
    plan = _select_weeks(plan, sel)
    cat = _catalogue() if needs_catalogue(name) else None
    if not to_file:
        _write_stdout(render(plan, name, cat, time=at, duration=duration, calendar=calendar), name)
        return
    path = write(plan, output, fmt=name, force=force, catalogue=cat, time=at, duration=duration, calendar=calendar)
    n = sum(len(w.sessions) for w in plan.weeks)
    from .safetext import safe

    sys.stderr.write(f"wrote {safe(path)} ({name}, {len(plan.weeks)} weeks, {n} sessions)\n")


# ---------------------------------------------------------------- today
# `glute today` (issue 5): the day's session from the active plan as a checklist. Core in today.py.


@app.command("today")
def today_cmd(
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Another day than today (also: today, tomorrow, yesterday).")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """Today's session of the running programme as a checklist, or when the next one is. Example: glute today"""
    import datetime as dt

    words = {"tomorrow": 1, "yesterday": -1}
    if date is not None and date.strip().lower() in words:
        day = _today() + dt.timedelta(days=words[date.strip().lower()])
    elif date is None or date.strip().lower() == "today":
        day = _today()
    else:
        day = _parse_date(date, "--date")
    # The programme's plan as of today (derived from its timeline, cached): reading changes nothing.
    found = _view_key(OPTS.profile, "today", day.isoformat(), fmt.value)
    if _replay_view(found):
        return
    from .today import today_view

    tl, plan = _programme_plan(OPTS.profile)
    view = today_view(plan, day, _catalogue(), logs=tl.logs)
    if fmt is OutputFormat.json:
        from .present.json import dumps, today_doc

        text = dumps(today_doc(view)) + "\n"
    else:
        from .present.console import today_panel

        text = _printed(today_panel(view))
    sys.stdout.write(text)
    _keep_view(found, text)


# ---------------------------------------------------------------- go
# `glute go` (issue 14): the session guided live; core in go/ (session, screen, keys, run).


@app.command("go")
def go_cmd(
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Another day's session (also: today, yesterday); logged for that day.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell when a rest ends.")] = False,
    ascii_: Annotated[bool, typer.Option("--ascii", help="Plain ASCII figures and bars, for terminals without Unicode.")] = False,
) -> None:
    """Do today's session guided live: timers, tempo, rests; logged like glute log at the end. Example: glute go"""
    import datetime as dt

    from .go.run import check_terminal, parse_speed, run

    check_terminal()  # exit 2 before anything is read: glute today and glute log work without one
    words = {"tomorrow": 1, "yesterday": -1, "today": 0}
    key = (date or "today").strip().lower()
    day = _today() + dt.timedelta(days=words[key]) if key in words else _parse_date(date, "--date")
    tl, plan = _programme_plan(OPTS.profile)  # a paused programme stops here, as in glute today
    # GLUTE_GO_SPEED: a testing aid (README): the session's clock runs N times faster; 0 stops it.
    speed = parse_speed(os.environ.get("GLUTE_GO_SPEED", ""))
    result = run(OPTS.profile, tl, plan, day, _today(), _catalogue, quiet=quiet, ascii_only=ascii_, speed=speed)
    if result is None:
        return
    from .go.screen import outro

    _console().print(outro(result))
    if result.refer:
        from .errors import ReferralError
        from .programme import PAUSED_FOOTER, ROUTINE_MESSAGE, URGENT_MESSAGE

        raise ReferralError("Logged. " + (URGENT_MESSAGE if result.urgent else ROUTINE_MESSAGE), reasons=result.refer, footer=PAUSED_FOOTER)


# ---------------------------------------------------------------- end of export and today


# ---------------------------------------------------------------- log, progress, doctor
# `glute log`, `glute progress`, `glute doctor` (issue 6). Core in logbook.py (use cases),
# progression.py (the rules), progress.py and store.py.




class CompensationChoice(str, Enum):
    left = "left"
    right = "right"
    both = "both"


class RedFlagChoice(str, Enum):
    night_pain = "night_pain"
    numbness = "numbness"
    bladder_bowel = "bladder_bowel"
    fever = "fever"
    weight_loss = "weight_loss"
    trauma = "trauma"
    rest_pain = "rest_pain"


def _log_request(day: Any, replace: bool, pain: int | None, compensation: bool | None, side: CompensationChoice, compensated: list[str] | None,
                 skipped: bool, exercise: list[str] | None, sets: list[int] | None, reps: list[int] | None, red_flag: list[RedFlagChoice] | None,
                 note: str | None) -> Any:  # fmt: skip
    from .errors import InputError
    from .logbook import LogRequest
    from .models import RedFlag

    exercise, sets, reps = exercise or [], sets or [], reps or []
    if not len(exercise) == len(sets) == len(reps):
        raise InputError("each --exercise needs its own --sets and --reps, in the same order", hint="e.g. glute log --pain 3 --exercise clamshell --sets 2 --reps 12")
    if skipped and (exercise or compensation or compensated):
        raise InputError("a --skipped session has no exercises or compensation to log")
    from .models import MAX_NOTE

    if note is not None and len(note) > MAX_NOTE:
        raise InputError(f"--note: {len(note)} characters; a note has at most {MAX_NOTE}", hint="keep it to a few words")
    return LogRequest(
        date=day, pain=pain, skipped=skipped, compensation=bool(compensation), compensation_side=side.value, compensated=list(compensated or []),
        done=list(zip(exercise, sets, reps, strict=True)), red_flags=[RedFlag(f.value) for f in red_flag or []], note=note, replace=replace,
    )  # fmt: skip


def _ask_log(day: Any, replace: bool, today: Any, fmt: OutputFormat) -> Any:
    """The questions of `glute log`; the session is checked before the first one."""
    if not (os.environ.get("GLUTE_ASSUME_TTY") == "1" or sys.stdin.isatty()):
        from .errors import InputError

        raise InputError("no terminal to ask questions on; log with flags instead", hint="e.g. glute log --pain 3 (see: glute log --help)")
    from .interactive import log_interview
    from .logbook import prepare
    from .present.console import stderr_console
    from .store import Store

    with Store() as store:
        prepared = prepare(store, OPTS.profile, day, today, replace=replace, catalogue=_catalogue)
    console = stderr_console() if fmt is OutputFormat.json else _console()
    return log_interview(console, typer.prompt, typer.confirm, prepared, err=fmt is OutputFormat.json)


@app.command("log")
def log_cmd(
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="The session's date (default: today; with --morning-pain: the latest logged session).")] = None,
    pain: Annotated[int | None, typer.Option("--pain", min=0, max=10, help="Highest pain during the session, 0-10.")] = None,
    compensation: Annotated[bool | None, typer.Option("--compensation/--no-compensation", help="Compensation (pelvis dropped or rolled) seen in every exercise, or in none (the default).")] = None,
    side: Annotated[CompensationChoice, typer.Option("--side", help="The side the compensation was seen on.")] = CompensationChoice.both,
    compensated: Annotated[list[str] | None, typer.Option("--compensated", metavar="ID", help="Compensation seen in this exercise only (repeat).")] = None,
    skipped: Annotated[bool, typer.Option("--skipped", help="The session was not done.")] = False,
    exercise: Annotated[list[str] | None, typer.Option("--exercise", metavar="ID", help="An exercise not done as prescribed (repeat; each with --sets and --reps).")] = None,
    sets: Annotated[list[int] | None, typer.Option("--sets", min=0, max=20, help="Sets done of the matching --exercise.")] = None,
    reps: Annotated[list[int] | None, typer.Option("--reps", min=0, max=200, help="Reps per set of the matching --exercise (seconds held if it is holds only).")] = None,
    morning_pain: Annotated[int | None, typer.Option("--morning-pain", min=0, max=10, help="Pain the morning after the session of --date, 0-10.")] = None,
    red_flag: Annotated[list[RedFlagChoice] | None, typer.Option("--red-flag", help="A new warning sign (repeat): the program stops.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A few words kept with the log.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Amend a session (or a morning pain) already logged.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="List the running programme's logs.")] = False,
    undo: Annotated[bool, typer.Option("--undo", help="Remove the log written last.")] = False,
    delete: Annotated[str | None, typer.Option("--delete", metavar="YYYY-MM-DD", help="Remove the log of this session.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """Log a session (asks exercise by exercise, or takes flags); the programme adapts. Also --list, --undo, --delete DATE.
    Example: glute log --pain 3"""
    from .errors import InputError
    from .logbook import record_morning, record_session

    today, day = _today(), _parse_date(date, "--date")
    if sum((list_, undo, delete is not None)) > 1 or ((list_ or undo or delete) and (date or morning_pain is not None or replace)):
        raise InputError("--list, --undo and --delete DATE are used on their own")
    if list_ or undo or delete:
        _log_admin(list_, undo, _parse_date(delete, "--delete"), fmt)
        return
    flags = any(x for x in (pain is not None, compensation is not None, compensated, skipped, exercise, sets, reps, red_flag, note))
    if morning_pain is not None:
        if flags:
            raise InputError("--morning-pain is logged on its own: it is about the session before", hint="e.g. glute log --morning-pain 2 (the latest session)")
        result = record_morning(OPTS.profile, day, morning_pain, today, _catalogue(), replace=replace)
    elif flags:
        from .sessionlog import ExerciseRowError

        req = _log_request(day or today, replace, pain, compensation, side, compensated, skipped, exercise, sets, reps, red_flag, note)
        try:
            result = record_session(OPTS.profile, req, today, _catalogue())
        except ExerciseRowError as e:
            # The core says "exercise ..."; here the user named it with --exercise.
            raise InputError(f"--{e.message}", hint=e.hint) from e
    else:
        result = record_session(OPTS.profile, _ask_log(day or today, replace, today, fmt), today, _catalogue())
    _show(fmt, "log_doc", "log_view", result)
    if result.refer:
        from .errors import ReferralError
        from .programme import PAUSED_FOOTER, ROUTINE_MESSAGE, URGENT_MESSAGE

        raise ReferralError("Logged. " + (URGENT_MESSAGE if result.urgent else ROUTINE_MESSAGE), reasons=result.refer, footer=PAUSED_FOOTER)


def _log_admin(list_: bool, undo: bool, delete: Any, fmt: OutputFormat) -> None:
    from .logbook import delete_log, list_logs

    if list_:
        prog, logs = list_logs(OPTS.profile)
        if fmt is OutputFormat.json:
            from .models import SCHEMA_VERSION

            _emit_json({"schema_version": SCHEMA_VERSION, "kind": "logs", "profile": OPTS.profile, "programme_start": prog.start_date.isoformat(),
                        "logs": [lg.model_dump(mode="json") for lg in logs]})  # fmt: skip
            return
        from .present.console import logs_view

        _console().print(logs_view(prog, logs))
        return
    from .present.text import long_date

    gone = delete_log(OPTS.profile, delete)
    sys.stdout.write(f"removed the log of {long_date(gone.date)}" + (" (skipped)" if gone.skipped else f" (pain {gone.pain_during}/10)") + "\n")


def _show(fmt: OutputFormat, doc: str, view: str, value: Any) -> None:
    if fmt is OutputFormat.json:
        from .present import json as documents

        _emit_json(getattr(documents, doc)(value))
        return
    from .present import console

    _console().print(getattr(console, view)(value))


@app.command("progress")
def progress_cmd(
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """Adherence, pain over time, level per function and side, gates and re-test dates. Example: glute progress"""
    from .errors import NotFoundError
    from .logbook import progress

    try:
        report, ref = progress(OPTS.profile, _today(), _catalogue)
    except NotFoundError as e:
        if "no programme" in e.message:
            raise _no_plan_error() from None
        raise
    _show(fmt, "progress_doc", "progress_view", report)
    if ref is not None:
        raise ref.error()


@app.command("move")
def move_cmd(
    date: Annotated[str, typer.Argument(metavar="DATE", help="The planned session's date, YYYY-MM-DD.")],
    to: Annotated[str, typer.Option("--to", metavar="DATE", help="The day to do it instead (same week, a day without a session).")],
) -> None:
    """Move a session to another day of its week (one a day, >= 24 h apart). Example: glute move 2026-12-08 --to 2026-12-09"""
    from . import programme as pg
    from .paths import catalogue_path
    from .store import Store

    src, dst = _parse_date(date, "DATE"), _parse_date(to, "--to")
    with Store() as store:
        msg = pg.move_session(store, OPTS.profile, src, dst, _catalogue, _today(), catalogue_path(OPTS.catalogue))
    sys.stdout.write(msg + "\n")


@app.command("doctor")
def doctor_cmd(
    repair: Annotated[bool, typer.Option("--repair", help="Back the store up (glute.db.bak-<time>), then repair what can be repaired.")] = False,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
) -> None:
    """Check the store: integrity, version, counts per profile, unreadable records. Example: glute doctor --repair"""
    from .errors import StoreError
    from .store import doctor

    report = doctor(repair=repair)
    _show(fmt, "doctor_doc", "doctor_view", report)
    if not report.ok:
        newer = report.version is not None and report.version > report.known_version
        hint = "upgrade glute: pip install -U glute" if newer else "glute doctor --repair backs the store up first, then repairs it"
        raise StoreError(f"the store has {len(report.problems)} problem(s), listed above", hint=None if repair and not newer else hint)


def run(argv: list[str] | None = None) -> NoReturn:
    """Run the CLI as a process: also handles a closed pipe (`glute plan | head`)."""
    try:
        app(args=argv, prog_name="glute")
    except BrokenPipeError:
        # The reader went away: exit quietly, and keep Python from complaining at shutdown.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
    finally:
        # The process ends now: spare the garbage collector's walk over every object still alive
        # at shutdown (~50 ms after listing a 10,000-exercise catalogue, 0.4 s after checking it).
        # Files and the store are closed explicitly; memory goes back to the system anyway.
        import gc

        gc.freeze()
    sys.exit(0)  # pragma: no cover - app() always raises SystemExit
