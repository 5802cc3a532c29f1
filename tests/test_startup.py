"""Start-up guards: what each entry path imports (start-up time is a feature: TAB completion and views). Not timing tests: the imports are what
costs start-up time, and they are stable where timings are not. `scripts/bench.py` measures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("rich", "pydantic", "pydantic_core", "yaml", "platformdirs", "sqlite3")


def loaded_after(code: str, env: dict | None = None, *args: str) -> set[str]:
    """Modules in sys.modules after running `code` in a fresh interpreter."""
    script = code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})}, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def heavy(mods: set[str]) -> list[str]:
    return sorted(m for m in mods if m.split(".")[0] in HEAVY)


def test_importing_the_cli_loads_no_rich_pydantic_or_yaml() -> None:
    mods = loaded_after("import glutecli.cli")
    assert "typer" in mods
    assert heavy(mods) == []
    # Only the command line itself and the plain modules it names its choices and errors with:
    # the use cases (services) and the core are imported by each command when it runs.
    light = ("glutecli.errors", "glutecli.vocab")
    assert not any(m.startswith("glutecli.") and not m.startswith("glutecli.cli") and m not in light for m in mods), sorted(
        m for m in mods if m.startswith("glutecli")
    )


def test_version_answers_without_typer() -> None:
    code = "import sys\nsys.argv = ['glute', '--version']\nfrom glutecli.__main__ import main\nmain()"
    mods = loaded_after(code)
    assert "typer" not in mods
    assert heavy(mods) == []
    assert "importlib.metadata" not in mods


def test_version_is_hard_coded_and_matches_the_package() -> None:
    from glutecli import __version__

    out = subprocess.run([sys.executable, "-m", "glutecli", "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert out.stdout == f"glute {__version__}\n"


def run_cli(argv: list[str], env: dict | None = None) -> str:
    return (
        f"import sys\nsys.argv = ['glute', *{argv!r}]\nfrom glutecli.cli import run\n"
        "try:\n    run(sys.argv[1:])\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n"
    )


def test_help_loads_no_pydantic_rich_or_yaml(tmp_path: Path) -> None:
    mods = loaded_after(run_cli(["--help"]), {"GLUTE_HOME": str(tmp_path)})
    assert heavy(mods) == []


@pytest.mark.parametrize(
    "words, cword",
    [("glute pl", "1"), ("glute --profile x ex", "3"), ("glute exercises --function ", "3"), ("glute plan --fo", "2")],
)
def test_tab_completion_loads_no_pydantic_rich_or_yaml(tmp_path: Path, words: str, cword: str) -> None:
    env = {"GLUTE_HOME": str(tmp_path), "_GLUTE_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    mods = loaded_after(run_cli([]), env)
    assert heavy(mods) == [], words


def test_tab_completion_still_completes(tmp_path: Path) -> None:
    env = {**os.environ, "GLUTE_HOME": str(tmp_path), "_GLUTE_COMPLETE": "complete_bash", "COMP_WORDS": "glute pl", "COMP_CWORD": "1"}
    out = subprocess.run([sys.executable, "-m", "glutecli"], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["plan"]


def test_json_output_does_not_load_rich(tmp_path: Path) -> None:
    mods = loaded_after(run_cli(["plan", "--example", "--format", "json"]), {"GLUTE_HOME": str(tmp_path)})
    assert "rich" not in {m.split(".")[0] for m in mods}
    mods = loaded_after(run_cli(["exercises", "--format", "json"]), {"GLUTE_HOME": str(tmp_path)})
    assert "rich" not in {m.split(".")[0] for m in mods}


def test_a_cached_catalogue_is_read_without_yaml(tmp_path: Path) -> None:
    env = {"GLUTE_HOME": str(tmp_path)}
    loaded_after(run_cli(["exercises", "--format", "json"]), env)  # builds the cache
    mods = loaded_after(run_cli(["exercises", "--format", "json"]), env)
    assert "yaml" not in {m.split(".")[0] for m in mods}
