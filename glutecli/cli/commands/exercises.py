"""`glute exercises` and `glute exercises show`."""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from ...vocab import EquipmentChoice, Function, OutputFormat
from ..app import app, context
from ..options import FormatOpt
from ..output import emit

exercises_app = typer.Typer(cls=TyperGroup, help="Browse the exercise catalogue. Example: glute exercises --function abduction")
app.add_typer(exercises_app, name="exercises")


@exercises_app.callback(invoke_without_command=True)
def exercises_list(
    ctx: typer.Context,
    function: Annotated[Function | None, typer.Option("--function", "-f", help="Only exercises that train this function.")] = None,
    level: Annotated[int | None, typer.Option("--level", "-l", min=1, max=3, help="Only this level (1 activation, 2 weight-bearing, 3 single-leg).")] = None,
    equipment: Annotated[
        list[EquipmentChoice] | None,
        typer.Option("--equipment", "-e", help="Only exercises doable with this equipment (repeat; 'none' = body weight only)."),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List exercises, filtered by function, level and equipment. Example: glute exercises --level 1 -e band"""
    if ctx.invoked_subcommand is not None:
        return
    from ... import services

    owned = None if equipment is None else [e.value for e in equipment]
    emit(services.exercises(context(ctx), function.value if function else None, level, owned), fmt)


@exercises_app.command("show")
def exercises_show(
    ctx: typer.Context,
    exercise_id: Annotated[str, typer.Argument(metavar="ID", help="Exercise id, name or alias.")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Everything about one exercise: dose, cues, faults, cautions, ladder. Example: glute exercises show clamshell"""
    from ... import services

    emit(services.exercise(context(ctx), exercise_id), fmt)
