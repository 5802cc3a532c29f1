"""The `glute` command line. Only this module imports typer; core modules are imported lazily."""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import EXIT_ERROR, EXIT_INTERRUPTED, GluteError


class _Opts:
    """Global options, reset by the root callback on every invocation."""

    catalogue: str | None = None
    profile: str = "default"
    debug: bool = False


OPTS = _Opts()


def _print_error(err: GluteError) -> None:
    sys.stderr.write(f"error: {err.message}\n")
    if err.hint:
        sys.stderr.write(f"hint: {err.hint}\n")


class GluteGroup(TyperGroup):
    """The one place that turns exceptions into exit codes (see README, Exit codes)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GluteError as err:
            if OPTS.debug:
                import traceback

                traceback.print_exc()
            if getattr(err, "exit_code", 1) == 3:
                _render_referral(err)
            else:
                _print_error(err)
            raise typer.Exit(err.exit_code) from None
        except (KeyboardInterrupt, typer.Abort):
            # Ctrl-C: nothing has been saved half-way (writes are atomic); leave quietly.
            sys.stderr.write("\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.BadParameter):
            raise
        except Exception as err:
            if OPTS.debug or type(err).__module__.startswith(("typer", "click")):
                raise
            if isinstance(err, BrokenPipeError):
                raise
            sys.stderr.write(f"error: internal error: {type(err).__name__}: {err}\n")
            sys.stderr.write("hint: rerun with --debug for the traceback, and report it\n")
            raise typer.Exit(EXIT_ERROR) from None


def _render_referral(err: Any) -> None:
    from .render import referral_panel, stderr_console

    stderr_console().print(referral_panel(err.message, getattr(err, "reasons", [])))


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
    from .errors import InputError

    if not profile or len(profile) > 64 or not all(c.isalnum() or c in "-_." for c in profile) or profile.startswith("."):
        raise InputError(f"--profile {profile!r}: use letters, digits, '-', '_' or '.' (at most 64)")


def _catalogue():
    from .catalogue import load_catalogue
    from .paths import catalogue_path

    return load_catalogue(catalogue_path(OPTS.catalogue))


def _emit_json(doc: Any) -> None:
    from .jsonout import dumps

    sys.stdout.write(dumps(doc) + "\n")


def _console():
    from .render import stdout_console

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
        from .jsonout import exercises_doc

        _emit_json(exercises_doc(found, cat.source))
        return
    from .render import exercises_table

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
        from .jsonout import exercise_doc

        _emit_json(exercise_doc(ex, cat))
        return
    from .render import exercise_panel

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
    typer.echo(f"{file}: ok, {len(cat)} exercises (level 1: {counts[1]}, level 2: {counts[2]}, level 3: {counts[3]})")


# ---------------------------------------------------------------- plan


def _parse_date(value: str | None, option: str) -> Any:
    import datetime as dt

    from .errors import InputError

    if value is None:
        return None
    if value.strip().lower() == "today":
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option} {value!r}: not a date", hint="write it as YYYY-MM-DD, e.g. 2026-11-23") from None


def _parse_days(value: list[str] | None) -> list[str] | None:
    if not value:
        return None
    return [d.strip().lower()[:3] for v in value for d in v.split(",") if d.strip()]


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
            fresh = assess.score(assess.example_answers(), profile=profile)
            # Re-running the example reuses its saved assessment instead of growing the history.
            if latest is not None and latest.answers == fresh.answers and latest.date == fresh.date:
                return latest
            return store.save_assessment(fresh)
        if answers:
            return store.save_assessment(assess.score(assess.load_answers(answers), profile=OPTS.profile))
        return store.assessment(OPTS.profile, "latest")


def _example_profile() -> str:
    # The built-in example never overwrites a real person's data: it lives in profile "example".
    return "example" if OPTS.profile == "default" else OPTS.profile


def _build_plan_from_options(
    weeks: int, start: str | None, sessions: int | None, days: list[str] | None, answers: str | None, example: bool, save: bool = True
) -> Any:
    """Assessment + options -> plan, saved as the profile's active plan. Shared by plan and export."""
    from .planner import PlanOptions, build_plan
    from .store import Store

    assessment = _plan_assessment(answers, example)
    opts = PlanOptions(weeks=weeks, start=_parse_date(start, "--start"), sessions=sessions, days=_parse_days(days))
    plan = build_plan(assessment, _catalogue(), opts)
    if save:
        with Store() as store:
            store.save_plan(assessment.profile, plan)
    return plan


class Sessions(str, Enum):
    three = "3"
    four = "4"


WeeksOpt = Annotated[int, typer.Option("--weeks", "-w", min=1, max=52, help="Program length in weeks (1-52).")]
StartOpt = Annotated[str | None, typer.Option("--start", help="First day, YYYY-MM-DD (default: next Monday).")]
SessionsOpt = Annotated[Sessions | None, typer.Option("--sessions", help="Sessions a week (3 or 4); overrides the assessment.")]
DaysOpt = Annotated[list[str] | None, typer.Option("--days", help="Training weekdays, e.g. mon,wed,fri; overrides the assessment.")]
AnswersOpt = Annotated[str | None, typer.Option("--answers", help="Assess from this answer file (YAML/JSON, - for stdin) and save it.")]
ExampleOpt = Annotated[bool, typer.Option("--example", help="Use the built-in example person (saved under profile 'example').")]


@app.command("plan")
def plan_cmd(
    weeks: WeeksOpt = 8,
    start: StartOpt = None,
    sessions: SessionsOpt = None,
    days: DaysOpt = None,
    answers: AnswersOpt = None,
    example: ExampleOpt = False,
    week: Annotated[int | None, typer.Option("--week", min=1, max=52, help="Show only this week.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
    export: Annotated[str | None, typer.Option("--export", help="Also write the plan to FILE (.txt, .md, .json, .html, .ics, .csv).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --export file if it exists.")] = False,
) -> None:
    """Make a progressive weekly program from the latest assessment. Example: glute plan --weeks 8"""
    from .errors import InputError

    if week is not None and week > weeks:
        raise InputError(f"--week {week}: the plan has {weeks} weeks")
    plan = _build_plan_from_options(weeks, start, sessions.value and int(sessions.value) if sessions else None, days, answers, example)
    if export:
        from .export import write

        path = write(plan, export, force=force, catalogue=_catalogue())
        sys.stderr.write(f"wrote {path}\n")
    if fmt is OutputFormat.json:
        from .jsonout import plan_doc

        doc = plan_doc(plan)
        if week is not None:
            doc["weeks"] = [w for w in doc["weeks"] if w["number"] == week]
        _emit_json(doc)
        return
    from .render import plan_view

    _console().print(plan_view(plan, week))


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


def _show_assessment(a: Any, fmt: OutputFormat, *, saved: bool = False) -> None:
    if fmt is OutputFormat.json:
        from .jsonout import assessment_doc

        _emit_json(assessment_doc(a))
        return
    from .render import assessment_view

    _console().print(assessment_view(a, saved=saved))


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

    if answers is None:
        _require_tty()
        from .interactive import interview
        from .render import stderr_console

        console = stderr_console() if fmt is OutputFormat.json else _console()
        given = interview(console, typer.prompt, typer.confirm, err=fmt is OutputFormat.json)
    else:
        given = load_answers(answers)
    with Store() as store:
        saved = store.save_assessment(score(given, profile=OPTS.profile))
    _show_assessment(saved, fmt, saved=True)
    if saved.referred:
        raise ReferralError(REFERRAL_MESSAGE + f" Saved as {saved.id} (referred).", reasons=saved.referral_reasons)


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
        from .jsonout import history_doc

        _emit_json(history_doc(OPTS.profile, items, changes))
        return
    from .render import history_view

    _console().print(history_view(OPTS.profile, items, changes))


# ---------------------------------------------------------------- end of assess


def run(argv: list[str] | None = None) -> NoReturn:
    """Run the CLI as a process: also handles a closed pipe (`glute plan | head`)."""
    try:
        app(args=argv, prog_name="glute")
    except BrokenPipeError:
        # The reader went away: exit quietly, and keep Python from complaining at shutdown.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
    sys.exit(0)  # pragma: no cover - app() always raises SystemExit
