"""`glute doctor`."""

from __future__ import annotations

from typing import Annotated

import typer

from ...vocab import OutputFormat
from ..app import app
from ..options import FormatOpt
from ..output import emit


@app.command("doctor")
def doctor_cmd(
    repair: Annotated[bool, typer.Option("--repair", help="Back the store up (glute.db.bak-<time>), then repair what can be repaired.")] = False,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """Check the store: integrity, version, counts per profile, unreadable records. Example: glute doctor --repair"""
    from ... import services

    emit(services.doctor(repair), fmt)
