"""glutecli/cli/typer_speed.py works around a cost in typer: this checks the cause is still there.

When it fails, typer no longer imports pydantic to coerce values that need no coercion: delete
glutecli/cli/typer_speed.py and its three calls in glutecli/cli/app.py, and this test."""

from __future__ import annotations

import json
import subprocess
import sys

# A one-option typer app run with its default value, without glute's workaround.
PLAIN_TYPER = """
import json, sys
import typer
from typing import Annotated

app = typer.Typer()

@app.command()
def show(weeks: Annotated[int, typer.Option(min=1, max=52)] = 8, fmt: Annotated[str, typer.Option()] = "table") -> None:
    pass

try:
    app(args=[], prog_name="x", standalone_mode=False)
finally:
    print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "pydantic_core"))), file=sys.stderr)
"""


def pydantic_loaded(code: str) -> list[str]:
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return list(json.loads(p.stderr.strip().splitlines()[-1]))


def test_typer_still_imports_pydantic_for_a_default_value() -> None:
    loaded = pydantic_loaded(PLAIN_TYPER)
    assert loaded, "typer no longer loads pydantic for default values: glutecli/cli/typer_speed.py can go (see this file's docstring)"


def test_the_workaround_keeps_pydantic_out() -> None:
    code = PLAIN_TYPER.replace(
        "try:\n",
        "from glutecli.cli.typer_speed import take_as_is_everywhere\n"
        "cmd = typer.main.get_command(app)\ntake_as_is_everywhere(cmd, typer.Context(cmd))\n"
        "try:\n",
    ).replace("app(args=[], prog_name=\"x\", standalone_mode=False)", "cmd.main(args=[], prog_name=\"x\", standalone_mode=False)")
    assert pydantic_loaded(code) == []


def test_the_workaround_is_found_on_this_typer() -> None:
    from glutecli.cli import typer_speed

    assert typer_speed._as_is_class() is not None, "typer's private coercion hook moved: typer_speed does nothing on this version"
