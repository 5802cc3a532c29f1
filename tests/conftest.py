"""Shared fixtures: every test gets its own empty data directory and cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def glute_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "glute-home"
    monkeypatch.setenv("GLUTE_HOME", str(home))
    monkeypatch.delenv("GLUTE_CATALOGUE", raising=False)
    monkeypatch.delenv("GLUTE_PROFILE", raising=False)
    monkeypatch.delenv("GLUTE_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    from glutecli import catalogue

    catalogue._MEMO.clear()
    return home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    """Run the CLI in-process: returns the Result (exit_code, stdout, stderr)."""
    from glutecli.cli import app

    def _invoke(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(app, list(args), input=input, env=env)

    return _invoke
