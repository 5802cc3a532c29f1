"""docs/cli.md documents every command, and every command's help ends with an example."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import cogdocs  # noqa: E402  (scripts/ is not a package)

COMMANDS = cogdocs.command_paths()
CLI_MD = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def _command(path: list[str]) -> Any:
    import typer
    import typer.main

    from glutecli.cli import app

    cmd: Any = typer.main.get_command(app)
    for name in path:
        cmd = cmd.get_command(typer.Context(cmd), name)
    return cmd


def test_there_are_commands_and_subcommands() -> None:
    assert len(COMMANDS) >= 10
    assert any(len(p) == 2 for p in COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_commands_are_documented(path: list[str]) -> None:
    assert f"\n## glute {' '.join(path)}\n" in CLI_MD, "run: cog -r docs/cli.md"


@pytest.mark.parametrize("path", [[], *COMMANDS], ids=["glute", *(" ".join(p) for p in COMMANDS)])
def test_commands_have_help_ending_with_an_example(path: list[str]) -> None:
    help_ = (getattr(_command(path), "help", None) or "").strip()
    assert help_, f"glute {' '.join(path)} has no help"
    last = re.split(r"(?<=[.!?])\s+|\n\n", help_)[-1]
    assert re.match(r"Example: glute\b", last), f"glute {' '.join(path)}: help should end with 'Example: glute ...', ends {last!r}"


def test_the_reference_is_in_step_with_the_code() -> None:
    # What `cog --check docs/cli.md` checks, here so a local test run finds it too.
    assert cogdocs.cli_reference() in CLI_MD, "docs/cli.md is out of step: run cog -r docs/cli.md"


def test_no_documented_command_is_gone() -> None:
    documented = re.findall(r"^## glute ?(.*)$", CLI_MD, re.M)
    assert sorted(d for d in documented if d) == sorted(" ".join(p) for p in COMMANDS)
