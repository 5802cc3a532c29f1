"""`glute assess` and `glute history`."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from ...errors import InputError
from ...vocab import OutputFormat
from ..app import app, context
from ..options import FormatOpt
from ..output import console, emit

if TYPE_CHECKING:
    from ...models import Answers


@app.command("assess")
def assess_cmd(
    ctx: typer.Context,
    ident: Annotated[str | None, typer.Argument(metavar="ID", help="With --show: an id from 'glute history', or latest.", show_default=False)] = None,
    answers: Annotated[str | None, typer.Option("--answers", "-a", metavar="FILE", help="Read the answers from a YAML/JSON file ('-' for stdin) instead of asking.")] = None,
    template: Annotated[bool, typer.Option("--template", help="Print a blank, commented answer file and exit.")] = False,
    show: Annotated[bool, typer.Option("--show", help="Show a saved assessment (the latest, or ID) instead of making one.")] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Red-flag screen, pain, five tests each side: scored and saved. Example: glute assess --answers me.yaml"""
    from ... import services

    if sum((answers is not None, template, show)) > 1:
        raise InputError("use only one of --answers, --template and --show")
    if ident is not None and not show:
        raise InputError(f"unexpected argument {ident!r}", hint=f"to see a saved assessment: glute assess --show {ident}")
    if template:
        emit(services.assess_template())
    elif show:
        emit(services.assessment(context(ctx), ident or "latest"), fmt)
    else:
        emit(services.assess(context(ctx), answers, lambda: _interview(fmt)), fmt)


def _interview(fmt: OutputFormat) -> Answers:
    """The questions, on a terminal (stderr with --format json, so stdout stays a document)."""
    if not (os.environ.get("GLUTE_ASSUME_TTY") == "1" or sys.stdin.isatty()):  # GLUTE_ASSUME_TTY=1: hidden, for tests
        raise InputError("no terminal to ask questions on; pass answers with --answers FILE (or - for stdin)", hint="get a blank file with glute assess --template")
    from ...present.console import stderr_console
    from .. import prompts

    err = fmt is OutputFormat.json
    return prompts.interview(stderr_console() if err else console(), typer.prompt, typer.confirm, err=err)


@app.command("history")
def history_cmd(ctx: typer.Context, fmt: FormatOpt = OutputFormat.table) -> None:
    """Past assessments: verdict per function, pain, and the change between the last two. Example: glute history"""
    from ... import services

    emit(services.history(context(ctx)), fmt)
