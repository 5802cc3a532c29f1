"""`glute go`: the day's session guided live in the terminal (glutecli/go/), logged as `glute log` logs."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ..app import app, context
from ..options import parse_date
from ..output import emit


@app.command("go")
def go_cmd(
    ctx: typer.Context,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="Another day's session (also: today, yesterday); logged for that day."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell when a rest ends.")] = False,
    ascii_: Annotated[bool, typer.Option("--ascii", help="Plain ASCII figures and bars, for terminals without Unicode.")] = False,
) -> None:
    """Do today's session guided live: timers, tempo, rests; logged like glute log at the end. Example: glute go"""
    from ... import services

    c = context(ctx)
    day = parse_date(date, "--date", c.today(), words=True) or c.today()
    # GLUTE_GO_SPEED: a testing aid (README): the session's clock runs N times faster; 0 stops it.
    emit(services.go(c, day, quiet=quiet, ascii_only=ascii_, speed=os.environ.get("GLUTE_GO_SPEED", "")))
