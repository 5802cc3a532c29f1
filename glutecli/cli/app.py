"""The typer application: its command group, where every exception becomes an exit code, and the
root callback that reads the global options into a `services.Context`."""

from __future__ import annotations

import functools
import os
import sys
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from .. import __version__
from ..errors import ExitCode, Outcome, outcome
from .typer_speed import take_as_is, take_as_is_everywhere

if TYPE_CHECKING:
    from ..services import Context

# click's UsageError (vendored by newer typer): the base of typer.BadParameter, found without
# importing click by name.
UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


def show(out: Outcome) -> None:
    """Tell the user what went wrong: a referral panel, an error line and hint, or (Ctrl-C) a newline."""
    if out.referral is not None:
        from ..present.console import referral_panel, stderr_console

        err = out.referral
        stderr_console().print(referral_panel(err.message, err.reasons, err.footer))
        return
    if out.message is None:
        return
    if not out.message:
        sys.stderr.write("\n")
        return
    # Messages echo paths and values from files: escaped, so no control character reaches a terminal.
    from ..safetext import safe

    sys.stderr.write(f"error: {safe(out.message, newlines=True)}\n")
    if out.hint:
        sys.stderr.write(f"hint: {safe(out.hint, newlines=True)}\n")


def _debug(ctx: Any) -> bool:
    obj = getattr(ctx, "obj", None)
    return bool(getattr(obj, "debug", False) or ctx.params.get("debug") or os.environ.get("GLUTE_DEBUG") == "1")


class GluteGroup(TyperGroup):
    """The one place that turns exceptions into exit codes (errors.outcome; README, Exit codes)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        take_as_is_everywhere(self, ctx)  # here: typer adds its completion options after __init__
        readable_help(self)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(HELP_ORDER)}
        return sorted(names, key=lambda n: rank.get(n, len(rank)))

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().make_context(*args, **kwargs)
        except UsageError as e:
            _escape_usage_error(e)
            raise
        except KeyboardInterrupt as err:
            # Ctrl-C while the options are read: 130 like anywhere else, not click's "Aborted!" (1).
            _exit(outcome(err))

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        take_as_is(params)  # --help is made here
        return params

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, UsageError) as e:  # UsageError: an unknown option or command, a bad value
            if isinstance(e, UsageError):
                _escape_usage_error(e)
            raise
        except typer.Abort:  # a prompt's Ctrl-C or end of input (Ctrl-D)
            # The questions build nothing until the last answer: say so, or people wonder.
            sys.stderr.write("\nstopped: nothing saved\n")
            raise typer.Exit(outcome(KeyboardInterrupt()).code) from None
        except (Exception, KeyboardInterrupt) as err:
            if not isinstance(err, KeyboardInterrupt) and type(err).__module__.startswith(("typer", "click")):
                raise
            debug = _debug(ctx)
            out = outcome(err, debug=debug)
            if out.reraise:
                raise
            if debug and out.code is not ExitCode.INTERRUPTED:
                import traceback

                from ..safetext import safe

                sys.stderr.write(safe(traceback.format_exc(), newlines=True))  # it quotes the message: escaped too
            _exit(out)


# `glute --help` lists the commands in the order a person uses them, each with a summary that
# fits one line (click would cut the docstring with "...").
HELP_ORDER = ("assess", "plan", "today", "go", "log", "progress", "move", "export", "history", "exercises", "catalogue", "doctor")
SUMMARIES = {
    "assess": "Answer the safety questions and do five tests: start here.",
    "plan": "Start your programme, or show the running one.",
    "today": "Today's session as a checklist.",
    "go": "Do today's session with a timer, exercise by exercise.",
    "log": "Log a session or a morning's pain: the programme adapts.",
    "progress": "Levels, pain and adherence so far.",
    "move": "Move a session to another day of its week.",
    "export": "Save or print the programme (txt, md, html, ics, csv, json).",
    "history": "Past assessments and what changed.",
    "exercises": "Browse the exercise catalogue.",
    "catalogue": "Check a catalogue file of your own.",
    "doctor": "Check (and repair) the data store.",
}

# What a value looks like, for options that do not name it themselves (typer would show
# `<int range>`, `<str>`, `<list[int]>`).
_METAVARS = {int: "N", str: "TEXT", float: "NUMBER"}


def readable_help(group: Any) -> None:
    """Give every command a one-line summary and every option a readable value name."""
    stack = [group]
    while stack:
        c = stack.pop()
        subs = getattr(c, "commands", {})
        stack.extend(subs.values())
        for name, sub in subs.items():
            if sub.short_help is None and name in SUMMARIES:
                sub.short_help = SUMMARIES[name]
        for p in getattr(c, "params", ()):
            if getattr(p, "metavar", "") is None and not getattr(p, "is_flag", False):
                p.metavar = _metavar(p)
            if getattr(p, "param_type_name", "") == "argument" and p.metavar:
                # typer prints an argument's type after its name ("ID <str>"): the name says it.
                p.display_type_rich = _no_type
            lo, hi = getattr(p, "min", None), getattr(p, "max", None)
            if lo is not None and hi is not None and hasattr(p, "_get_number_range_help_str"):
                # "[1-52]" rather than "[1<=x<=52]"; nothing when the value name is the range.
                words = f"{lo}-{hi}"
                p._get_number_range_help_str = functools.partial(_text, None if p.metavar == words else words)


def _no_type(ctx: Any) -> None:
    return None


def _text(text: str | None) -> str | None:
    return text


def _metavar(p: Any) -> str | None:
    desc = getattr(p, "type_descriptor", None)
    if desc is None:
        return None
    if desc.is_choice:
        return "[" + "|".join(str(getattr(c, "value", c)) for c in desc.choices or ()) + "]"
    t = desc.annotation
    for arg in (t, *getattr(t, "__args__", ())):
        for inner in (arg, *getattr(arg, "__args__", ())):
            if inner in _METAVARS:
                return _METAVARS[inner]
    return None


def _exit(out: Outcome) -> NoReturn:
    show(out)
    raise typer.Exit(out.code) from None


def _escape_usage_error(e: Any) -> None:
    """click echoes the unknown option, command or value it was given: escape it like any text."""
    from ..safetext import safe

    e.message = safe(e.message, newlines=True)


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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glute {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    catalogue: Annotated[
        str | None,
        typer.Option("--catalogue", metavar="FILE", envvar="GLUTE_CATALOGUE", help="Use this exercise catalogue (YAML) instead of the built-in one."),
    ] = None,
    profile: Annotated[str, typer.Option("--profile", metavar="NAME", envvar="GLUTE_PROFILE", help="Whose data: one history and plan per profile.")] = "default",
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Plan a progressive gluteus medius rehab program. Example: glute plan --example"""
    from ..services import Context

    ctx.obj = Context(profile=profile, catalogue_option=catalogue or None, debug=debug or os.environ.get("GLUTE_DEBUG") == "1")


def context(ctx: typer.Context) -> Context:
    """The services context the root callback made for this invocation."""
    obj: Context = ctx.find_root().obj
    return obj
