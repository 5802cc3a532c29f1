"""`glute plan`."""

from __future__ import annotations

from typing import Annotated

import typer

from ...vocab import OutputFormat
from ..app import app, context
from ..options import (
    AnswersOpt,
    DaysOpt,
    ExampleOpt,
    FormatOpt,
    SessionsOpt,
    StartOpt,
    WeekOpt,
    WeeksOpt,
    parse_days,
    parse_start,
    parse_week_range,
)
from ..output import emit


@app.command("plan")
def plan_cmd(
    ctx: typer.Context,
    weeks: WeeksOpt = None,
    start: StartOpt = None,
    sessions: SessionsOpt = None,
    days: DaysOpt = None,
    answers: AnswersOpt = None,
    example: ExampleOpt = False,
    new: Annotated[bool, typer.Option("--new", help="Start over: end the running programme (kept in the history) and start a new one.")] = False,
    week: WeekOpt = None,
    fmt: FormatOpt = OutputFormat.table,
    export: Annotated[str | None, typer.Option("--export", metavar="FILE", help="Also write the plan to FILE (.txt, .md, .json, .html, .ics, .csv).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --export file if it exists.")] = False,
) -> None:
    """Start a programme from the latest assessment, or show the running one (viewing never changes it).
    Other --weeks/--days/--start change it and say so; --new starts over. Example: glute plan --weeks 8"""
    from ... import services

    c = context(ctx)
    sel = parse_week_range(week)
    opts = services.PlanOptions(
        weeks=weeks, start=parse_start(start, c.today()), sessions=int(sessions.value) if sessions else None, days=parse_days(days),
        answers=answers, example=example, new=new, week=sel, export=export, force=force, json=fmt is OutputFormat.json,
    )  # fmt: skip
    emit(services.plan(c, opts), fmt)
