"""Error hierarchy and exit codes: the core raises these; `outcome()` maps any exception to what
the user sees and the process's exit code, once, for the command group, `run()` and `__main__`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """The process's exit status (README, Exit codes)."""

    OK = 0
    ERROR = 1  # a store problem, or an internal error
    INPUT = 2  # bad input: a file, an option value, a missing prerequisite
    REFERRAL = 3  # see a clinician: no plan, or the programme paused
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT)
    BROKEN_PIPE = 141  # the reader went away (128 + SIGPIPE): `glute plan | head`


# The same numbers under their older names (tests and scripts use them).
EXIT_OK = ExitCode.OK
EXIT_ERROR = ExitCode.ERROR
EXIT_BAD_INPUT = ExitCode.INPUT
EXIT_REFERRED = ExitCode.REFERRAL
EXIT_INTERRUPTED = ExitCode.INTERRUPTED


class GluteError(Exception):
    """Base class: a message for the user, an exit code, an optional hint."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(GluteError):
    """Bad input: a file, an option value, a missing prerequisite."""

    exit_code = ExitCode.INPUT


# A file with thousands of problems (a typo repeated, a file of unknown keys) shows the first ones
# and a count: 300,000 lines of errors help nobody and take long to print.
MAX_PROBLEMS_SHOWN = 20


class ValidationFailed(InputError):
    """A file failed validation; every problem is one `file:line: field: message` line.

    `problems` holds them all; the message shows the first MAX_PROBLEMS_SHOWN and how many more.
    """

    def __init__(self, source: str, problems: list[str], *, hint: str | None = None) -> None:
        n = len(problems)
        head = f"{source}: {n:,} problem{'s' if n != 1 else ''}"
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if n > len(shown):
            shown = [*shown, f"... and {n - len(shown):,} more"]
        super().__init__(head + "\n" + "\n".join(shown), hint=hint)
        self.source = source
        self.problems = problems


class NotFoundError(InputError):
    """An id, file or record that does not exist."""


class ReferralError(GluteError):
    """Red flags or pain rules: see a clinician, no plan."""

    exit_code = ExitCode.REFERRAL

    def __init__(self, message: str, *, reasons: list[str] | None = None, hint: str | None = None, footer: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.reasons = reasons or []
        self.footer = footer  # the panel's closing line, when "no plan was made" is not what happened


class StoreError(GluteError):
    """The data directory or database cannot be used safely."""


def is_interrupt(err: BaseException) -> bool:
    """Whether `err` is a Ctrl-C that arrived wrapped in another error: Python 3.11 wraps one
    raised while a class is made (a model's fields) in RuntimeError("Error calling __set_name__"),
    with the interrupt as its cause; pydantic-core re-raises it as its own error (SchemaError,
    PydanticSerializationError) keeping only the text."""
    seen: set[int] = set()
    e: BaseException | None = err
    while e is not None and id(e) not in seen:
        if isinstance(e, KeyboardInterrupt):
            return True
        if type(e).__module__.startswith("pydantic") and "KeyboardInterrupt" in str(e):
            return True
        seen.add(id(e))
        e = e.__cause__ or e.__context__
    return False


@dataclass(frozen=True)
class Outcome:
    """What a failed command shows and how the process ends: `message`/`hint` None show nothing."""

    code: ExitCode
    message: str | None = None
    hint: str | None = None
    referral: ReferralError | None = None  # shown as the referral panel, not as an error line
    reraise: bool = False  # not ours to report: the caller lets it propagate (--debug, a closed pipe)


def outcome(err: BaseException, *, debug: bool = False) -> Outcome:
    """The one mapping from an exception to its message and exit code."""
    if isinstance(err, ReferralError):
        return Outcome(err.exit_code, referral=err)
    if isinstance(err, GluteError):
        return Outcome(err.exit_code, err.message, err.hint)
    if isinstance(err, KeyboardInterrupt) or is_interrupt(err):
        # Ctrl-C: nothing has been saved half-way (writes are atomic); leave quietly.
        return Outcome(ExitCode.INTERRUPTED, "")
    if isinstance(err, BrokenPipeError):
        return Outcome(ExitCode.BROKEN_PIPE, reraise=True)
    if debug:
        return Outcome(ExitCode.ERROR, reraise=True)
    return Outcome(
        ExitCode.ERROR,
        f"internal error: {type(err).__name__}: {err}",
        "rerun with --debug for the traceback, and report it",
    )
