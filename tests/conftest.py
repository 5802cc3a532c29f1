"""Shared fixtures: every test gets its own empty data directory and cache."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


# CI runs the same examples every time, so a red run can be reproduced and a green one means the
# same thing on every machine; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        default=None,
        help="run every test as if today were this day: YYYY-MM-DD, or +N / -N days from the real date (sets GLUTE_TODAY)",
    )


def shifted_today(value: str, real: dt.date | None = None) -> dt.date:
    """`--today` value -> a date: YYYY-MM-DD, or +N / -N days from `real` (the real date)."""
    if value[:1] in "+-":
        return (real or dt.date.today()) + dt.timedelta(days=int(value))
    return dt.date.fromisoformat(value)


@pytest.fixture(autouse=True)
def glute_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Path:
    home = tmp_path / "glute-home"
    monkeypatch.setenv("GLUTE_HOME", str(home))
    monkeypatch.delenv("GLUTE_CATALOGUE", raising=False)
    monkeypatch.delenv("GLUTE_PROFILE", raising=False)
    monkeypatch.delenv("GLUTE_DEBUG", raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("GLUTE_TODAY", raising=False)
    pinned = request.config.getoption("--today")
    if pinned:
        monkeypatch.setenv("GLUTE_TODAY", shifted_today(pinned).isoformat())
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
