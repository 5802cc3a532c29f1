"""Error hierarchy: the core raises these, the CLI maps them to exit codes in one place."""

from __future__ import annotations

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2
EXIT_REFERRED = 3
EXIT_INTERRUPTED = 130


class GluteError(Exception):
    """Base class: a message for the user, an exit code, an optional hint."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(GluteError):
    """Bad input: a file, an option value, a missing prerequisite."""

    exit_code = EXIT_BAD_INPUT


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

    exit_code = EXIT_REFERRED

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
