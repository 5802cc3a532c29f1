"""The one place a command's Result is printed: JSON document or table, or text; messages on stderr."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..vocab import OutputFormat

if TYPE_CHECKING:
    from rich.console import Console

    from ..services import Result


def console() -> Console:
    """The stdout console of the tables (rich, made on first use)."""
    from ..present.console import stdout_console

    return stdout_console()


def emit(result: Result, fmt: OutputFormat = OutputFormat.table) -> None:
    """Print `result` as `fmt` asks (JSON document on stdout, messages on stderr), then raise its
    error, if any (a referral after a log, the problems doctor found)."""
    for line in result.messages:
        sys.stderr.write(line + "\n")
    if result.text is not None:
        _write(result.text, result.text_format)
    elif fmt is OutputFormat.json and result.document is not None:
        from ..present.json import dumps

        _write(dumps(result.document()) + "\n", "json", result)
        for line in result.json_notes:
            sys.stderr.write(line + "\n")
    elif result.view is not None:
        view = result.view()
        if isinstance(view, str):  # one plain line, already escaped
            _write(view + "\n", "raw", result)
        elif result.keep is not None:
            c = console()
            with c.capture() as cap:
                c.print(view)
            _write(cap.get(), "raw", result)
        else:
            console().print(view)
    if result.error is not None:
        raise result.error


def _write(text: str, kind: str, result: Result | None = None) -> None:
    """Text on stdout; on a terminal, control characters in it are shown escaped (not run)."""
    if kind != "raw":
        if not text.endswith("\n") and text:
            text += "\n"
        if sys.stdout.isatty():
            from ..safetext import safe, safe_json

            text = safe_json(text) if kind == "json" else safe(text.replace("\r\n", "\n"), newlines=True, tabs=True)
    sys.stdout.write(text)
    if result is not None and result.keep is not None:
        result.keep(text)
