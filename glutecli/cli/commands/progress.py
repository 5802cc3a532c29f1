"""`glute progress`."""

from __future__ import annotations

import typer

from ...vocab import OutputFormat
from ..app import app, context
from ..options import FormatOpt
from ..output import emit


@app.command("progress")
def progress_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """Adherence, pain over time, level per function and side, gates and re-test dates. Example: glute progress"""
    from ... import services

    emit(services.progress(context(ctx)), fmt)
