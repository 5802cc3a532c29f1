"""`glute log`: a session (by flags or by questions), a morning's pain, or --list/--undo/--delete."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from ...errors import InputError
from ...vocab import CompensationChoice, OutputFormat, RedFlag
from ..app import app, context
from ..options import FormatOpt, parse_date
from ..output import console, emit

if TYPE_CHECKING:
    from ... import services
    from ...logbook import LogRequest, Prepared


@dataclass
class _Flags:
    """What a session was logged with on the command line."""

    pain: int | None
    compensation: bool | None
    side: CompensationChoice | None
    compensated: list[str] | None
    skipped: bool
    exercise: list[str] | None
    sets: list[int] | None
    reps: list[int] | None
    red_flag: list[RedFlag] | None
    note: str | None

    def given(self) -> bool:
        return any(x for x in (self.pain is not None, self.compensation is not None, self.side, self.compensated, self.skipped, self.exercise, self.sets,
                               self.reps, self.red_flag, self.note))  # fmt: skip

    def request(self, day: dt.date, replace: bool) -> LogRequest:
        """The log request, or InputError for flags that do not go together."""
        from ...logbook import LogRequest
        from ...models import MAX_NOTE

        exercise, sets, reps = self.exercise or [], self.sets or [], self.reps or []
        if not len(exercise) == len(sets) == len(reps):
            raise InputError(f"{len(exercise)} --exercise, {len(sets)} --sets, {len(reps)} --reps: each --exercise needs its own --sets and --reps, in the same order",
                             hint="e.g. glute log --pain 3 --exercise clamshell --sets 2 --reps 12 (reps per set, all sets alike)")  # fmt: skip
        if self.side is not None and not (self.compensation or self.compensated):
            raise InputError("--side says where compensation was seen: give --compensation (every exercise) or --compensated ID with it",
                             hint="e.g. glute log --pain 3 --compensated clamshell --side left")  # fmt: skip
        if self.skipped and (exercise or self.compensation or self.compensated):
            raise InputError("a --skipped session has no exercises or compensation to log")
        if self.note is not None and len(self.note) > MAX_NOTE:
            raise InputError(f"--note: {len(self.note)} characters; a note has at most {MAX_NOTE}", hint="keep it to a few words")
        return LogRequest(
            date=day, pain=self.pain, skipped=self.skipped, compensation=bool(self.compensation), compensation_side=(self.side or CompensationChoice.both).value,
            compensated=list(self.compensated or []), done=list(zip(exercise, sets, reps, strict=True)), red_flags=list(self.red_flag or []),
            note=self.note, replace=replace,
        )  # fmt: skip


def _ask(fmt: OutputFormat) -> Callable[[Prepared], LogRequest]:
    """The questions of `glute log`, asked once the session is found and checked."""

    def ask(prepared: Prepared) -> LogRequest:
        if not (os.environ.get("GLUTE_ASSUME_TTY") == "1" or sys.stdin.isatty()):
            raise InputError("no terminal to ask questions on; log with flags instead", hint="e.g. glute log --pain 3 (see: glute log --help)")
        from ...present.console import stderr_console
        from .. import prompts

        err = fmt is OutputFormat.json
        return prompts.log_interview(stderr_console() if err else console(), typer.prompt, typer.confirm, prepared, err=err)

    return ask


def _use_case(c: services.Context, day: dt.date | None, flags: _Flags, morning_pain: int | None, replace: bool, admin: tuple[bool, bool, str | None],
              fmt: OutputFormat) -> services.Result:  # fmt: skip
    """Which of the log use cases the options ask for (the options that cannot go together raise)."""
    from ... import services

    list_, undo, delete = admin
    if sum((list_, undo, delete is not None)) > 1 or ((list_ or undo or delete) and (day or morning_pain is not None or replace)):
        raise InputError("--list, --undo and --delete DATE are used on their own")
    if list_:
        return services.log_list(c)
    if undo or delete:
        return services.log_delete(c, parse_date(delete, "--delete", c.today(), ahead=False))
    if morning_pain is not None:
        if flags.given():
            raise InputError("--morning-pain is logged on its own: it is about the session before", hint="e.g. glute log --morning-pain 2 (the latest session)")
        return services.log_morning(c, day, morning_pain, replace=replace)
    when = day or c.today()
    if not flags.given():
        return services.log_session(c, when, None, _ask(fmt), replace=replace)
    from ...sessionlog import ExerciseRowError

    try:
        return services.log_session(c, when, flags.request(when, replace), _ask(fmt), replace=replace)
    except ExerciseRowError as e:
        # The core says "exercise ..."; here the user named it with --exercise.
        named = "--exercise" if e.exercise in (flags.exercise or []) else "--compensated"
        raise InputError(named + e.message.removeprefix("exercise"), hint=e.hint) from e


@app.command("log")
def log_cmd(
    ctx: typer.Context,
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="The session's date, also yesterday or a weekday (default: today; with --morning-pain: the latest logged session).")] = None,
    pain: Annotated[int | None, typer.Option("--pain", metavar="0-10", min=0, max=10, help="Highest pain during the session, 0-10.")] = None,
    compensation: Annotated[bool | None, typer.Option("--compensation/--no-compensation", help="Compensation (pelvis dropped or rolled) seen in every exercise, or in none (the default).")] = None,
    side: Annotated[CompensationChoice | None, typer.Option("--side", help="With --compensation or --compensated: the side it was seen on (default both).")] = None,
    compensated: Annotated[list[str] | None, typer.Option("--compensated", metavar="ID", help="Compensation seen in this exercise only (repeat).")] = None,
    skipped: Annotated[bool, typer.Option("--skipped", help="The session was not done.")] = False,
    exercise: Annotated[list[str] | None, typer.Option("--exercise", metavar="ID", help="An exercise not done as prescribed (repeat; each with --sets and --reps).")] = None,
    sets: Annotated[list[int] | None, typer.Option("--sets", min=0, max=20, help="Sets done of the matching --exercise.")] = None,
    reps: Annotated[list[int] | None, typer.Option("--reps", min=0, max=200, help="Reps per set, all sets alike, of the matching --exercise (seconds held if it is holds only).")] = None,
    morning_pain: Annotated[int | None, typer.Option("--morning-pain", metavar="0-10", min=0, max=10, help="Pain the morning after the session of --date, 0-10.")] = None,
    red_flag: Annotated[list[RedFlag] | None, typer.Option("--red-flag", help="A new warning sign (repeat): the program stops.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A few words kept with the log.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Amend a session (or a morning pain) already logged.")] = False,
    list_: Annotated[bool, typer.Option("--list", help="List the running programme's logs.")] = False,
    undo: Annotated[bool, typer.Option("--undo", help="Remove the log written last.")] = False,
    delete: Annotated[str | None, typer.Option("--delete", metavar="YYYY-MM-DD", help="Remove the log of this session.")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Log a session (asks exercise by exercise, or takes flags); the programme adapts. Also --list, --undo, --delete DATE.
    Example: glute log --pain 3"""
    c = context(ctx)
    flags = _Flags(pain, compensation, side, compensated, skipped, exercise, sets, reps, red_flag, note)
    emit(_use_case(c, parse_date(date, "--date", c.today(), ahead=False), flags, morning_pain, replace, (list_, undo, delete), fmt), fmt)
