"""`glute export`."""

from __future__ import annotations

from typing import Annotated

import typer

from ...vocab import ExportFormat
from ..app import app, context
from ..options import WeekOpt, parse_time, parse_week_range
from ..output import emit


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option("--format", help="txt, md, html, json, ics or csv (default: from the -o extension, else txt)."),
    ] = None,
    output: Annotated[str | None, typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of printing; '-' prints.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    time: Annotated[str, typer.Option("--time", metavar="HH:MM", help="ics: local start time of each session.")] = "07:30",
    duration: Annotated[int | None, typer.Option("--duration", metavar="MIN", min=1, max=1440, help="ics: minutes per session (default: each session's estimate).")] = None,
    week: WeekOpt = None,
    tz: Annotated[str | None, typer.Option("--tz", metavar="ZONE", help="ics: time zone of --time, e.g. Europe/Paris (default: the system's).")] = None,
    reminder: Annotated[int, typer.Option("--reminder", metavar="MIN", min=0, max=1440, help="ics: reminder minutes before a session; 0: none.")] = 15,
    example: Annotated[bool, typer.Option("--example", help="The built-in example person's programme (profile 'example').")] = False,
) -> None:
    """Print or save the running programme: paper (txt, md, html), calendar (ics), spreadsheet (csv) or json.

    Only reads: --week N (or 3-4) selects what is shown, never what is planned. Example: glute export -o plan.html --week 3-4
    """
    from ... import services

    opts = services.ExportOptions(
        fmt=fmt.value if fmt else None, output=output, force=force, time=parse_time(time), duration=duration,
        week=parse_week_range(week), tz=tz, reminder=reminder, example=example,
    )  # fmt: skip
    emit(services.export(context(ctx), opts))
