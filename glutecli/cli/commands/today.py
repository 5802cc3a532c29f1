"""`glute today`."""

from __future__ import annotations

from typing import Annotated

import typer

from ...vocab import OutputFormat
from ..app import app, context
from ..options import FormatOpt, parse_date
from ..output import emit


@app.command("today")
def today_cmd(
    ctx: typer.Context,
    date: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Another day than today (also: tomorrow, yesterday, a weekday).")] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Today's session of the running programme as a checklist, or when the next one is. Example: glute today"""
    from ... import services

    c = context(ctx)
    day = parse_date(date, "--date", c.today()) or c.today()
    emit(services.today(c, day, json=fmt is OutputFormat.json), fmt)
