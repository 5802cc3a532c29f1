"""The `glute` command line: the typer app with every command registered, and the process entry.

Only this package imports typer. Each command module imports its use case (glutecli.services)
inside the command, so importing the CLI loads neither pydantic, rich nor the store."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from ..errors import outcome
from .app import app
from .commands import assess, catalogue, doctor, exercises, export, go, log, move, plan, progress, today

COMMANDS = (exercises, catalogue, plan, assess, export, today, go, log, progress, move, doctor)  # registered on import, in help order

__all__ = ["COMMANDS", "app", "main", "run"]


def run(argv: list[str] | None = None) -> NoReturn:
    """Run the CLI as a process: also handles a closed pipe (`glute plan | head`)."""
    try:
        app(args=argv, prog_name="glute")
    except BrokenPipeError as err:
        # The reader went away: exit quietly, and keep Python from complaining at shutdown.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(outcome(err).code)
    finally:
        # The process ends now: spare the garbage collector's walk over every object still alive
        # at shutdown (~50 ms after listing a 10,000-exercise catalogue, 0.4 s after checking it).
        # Files and the store are closed explicitly; memory goes back to the system anyway.
        import gc

        gc.freeze()
    sys.exit(0)  # pragma: no cover - app() always raises SystemExit


def main() -> None:
    """The console script (see glutecli.__main__, which answers --version before importing this)."""
    run(sys.argv[1:])
