"""`glute move`."""

from __future__ import annotations

from typing import Annotated

import typer

from ..app import app, context
from ..options import parse_date
from ..output import emit


@app.command("move")
def move_cmd(
    ctx: typer.Context,
    date: Annotated[str, typer.Argument(metavar="DATE", help="The planned session's date: YYYY-MM-DD, tomorrow or a weekday.")],
    to: Annotated[str, typer.Option("--to", metavar="DATE", help="The day to do it instead (same week, a day without a session): a date or a weekday.")],
) -> None:
    """Move a session to another day of its week (one a day, >= 24 h apart). Example: glute move 2026-12-08 --to 2026-12-09"""
    from ... import services

    c = context(ctx)
    src, dst = parse_date(date, "DATE", c.today()), parse_date(to, "--to", c.today())
    assert src is not None and dst is not None  # both are required
    emit(services.move(c, src, dst))
