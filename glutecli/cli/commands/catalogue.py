"""`glute catalogue check`."""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperGroup

from ...vocab import OutputFormat
from ..app import app
from ..options import FormatOpt
from ..output import emit

catalogue_app = typer.Typer(cls=TyperGroup, no_args_is_help=True, help="Check a catalogue file. Example: glute catalogue check my.yaml")
app.add_typer(catalogue_app, name="catalogue")


@catalogue_app.command("check")
def catalogue_check(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Catalogue YAML file to validate.")],
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Validate a catalogue file and report every problem with its line. Example: glute catalogue check my.yaml"""
    from ... import services

    emit(services.catalogue_check(file), fmt)
