"""`glute exercises`, `glute exercises show`, `glute catalogue check` and the global options."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from glutecli import __version__
from glutecli.catalogue import load_catalogue
from glutecli.paths import bundled_catalogue

CATALOGUES = Path(__file__).resolve().parent / "fixtures" / "catalogues"
MINIMAL = CATALOGUES / "minimal_valid.yaml"
BROKEN = CATALOGUES / "many_problems.yaml"
BROKEN_LINES = [15, 19, 23, 26, 29, 36, 46]


@pytest.fixture(scope="module")
def all_ids() -> set[str]:
    return {e.id for e in load_catalogue(bundled_catalogue(), use_cache=False)}


def table_ids(stdout: str, known: set[str]) -> set[str]:
    """Ids shown in the table: each sits alone at the start of a row's second line."""
    out = set()
    for line in stdout.splitlines():
        words = line.split()
        if words and words[0] in known:
            out.add(words[0])
    return out


def no_traceback(result) -> None:
    assert "Traceback" not in result.stdout
    assert "Traceback" not in result.stderr


def json_of(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# ---------------------------------------------------------------- glute exercises


def test_exercises_table_lists_every_id(invoke, all_ids: set[str]) -> None:
    r = invoke("exercises")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == ""
    assert f"{len(all_ids)} exercises" in r.stdout
    assert table_ids(r.stdout, all_ids) == all_ids
    for column in ("exercise", "lvl", "equip", "dose", "%MVIC"):
        assert column in r.stdout
    assert "3 x 15-20" in r.stdout  # the clamshell's dose
    no_traceback(r)


def test_exercises_filter_by_function(invoke, all_ids: set[str]) -> None:
    r = invoke("exercises", "--function", "internal_rotation")
    assert r.exit_code == 0, r.stderr
    shown = table_ids(r.stdout, all_ids)
    assert {"reverse-clamshell", "seated-hip-internal-rotation", "hip-airplane"} <= shown
    assert "clamshell" not in shown and "banded-lateral-walk" not in shown


def test_exercises_filter_by_level(invoke, all_ids: set[str]) -> None:
    r = invoke("exercises", "--level", "3")
    assert r.exit_code == 0, r.stderr
    shown = table_ids(r.stdout, all_ids)
    assert {"hip-airplane", "single-leg-squat", "skater-squat"} <= shown
    assert not shown & {"clamshell", "horse-stance", "lateral-step-down"}


def test_exercises_filter_by_equipment(invoke, all_ids: set[str]) -> None:
    band = table_ids(invoke("exercises", "--equipment", "band").stdout, all_ids)
    assert {"clamshell", "banded-clamshell", "banded-lateral-walk"} <= band
    assert not band & {"lateral-step-down", "hip-abduction-machine", "bulgarian-split-squat"}
    more = table_ids(invoke("exercises", "-e", "band", "-e", "step").stdout, all_ids)
    assert "lateral-step-down" in more and band < more


def test_exercises_equipment_none_is_body_weight_only(invoke, all_ids: set[str]) -> None:
    r = invoke("exercises", "--equipment", "none")
    assert r.exit_code == 0, r.stderr
    shown = table_ids(r.stdout, all_ids)
    assert {"clamshell", "side-lying-hip-abduction", "hip-airplane"} <= shown
    assert not shown & {"banded-clamshell", "banded-lateral-walk", "lateral-step-down"}
    doc = json_of(invoke("exercises", "--equipment", "none", "--format", "json"))
    assert doc["count"] > 0 and all(e["equipment"] == [] for e in doc["exercises"])


def test_exercises_combined_filters_json(invoke) -> None:
    doc = json_of(invoke("exercises", "-f", "abduction", "-l", "2", "-e", "band", "--format", "json"))
    assert doc["count"] == len(doc["exercises"]) > 0
    for e in doc["exercises"]:
        assert "abduction" in e["functions"] and e["level"] == 2 and set(e["equipment"]) <= {"band"}
    assert "banded-lateral-walk" in [e["id"] for e in doc["exercises"]]


def test_exercises_no_match(invoke) -> None:
    r = invoke("--catalogue", str(MINIMAL), "exercises", "--level", "2", "--equipment", "none")
    assert r.exit_code == 0, r.stderr
    assert "No exercises match these filters." in r.stdout
    doc = json_of(invoke("--catalogue", str(MINIMAL), "exercises", "--level", "2", "-e", "none", "--format", "json"))
    assert doc["count"] == 0 and doc["exercises"] == []


def test_exercises_json_document(invoke, all_ids: set[str]) -> None:
    doc = json_of(invoke("exercises", "--format", "json"))
    assert doc["schema_version"] == 1
    assert doc["kind"] == "exercises"
    assert doc["count"] == len(doc["exercises"]) == len(all_ids)
    assert doc["catalogue"] == str(bundled_catalogue())
    clam = next(e for e in doc["exercises"] if e["id"] == "clamshell")
    assert clam["dose"]["sets"] == [3, 3]
    assert clam["dose"]["reps"] == [15, 20]
    assert clam["mvic_percent"] == 40
    assert clam["functions"] == ["external_rotation"]
    assert "figure" not in clam


@pytest.mark.parametrize(
    "args",
    [
        ("exercises", "--level", "4"),
        ("exercises", "--level", "0"),
        ("exercises", "--level", "one"),
        ("exercises", "--function", "nope"),
        ("exercises", "--equipment", "kettlebell"),
        ("exercises", "--format", "xml"),
        ("exercises", "show"),
        ("catalogue", "check"),
        ("exercises", "--no-such-option"),
    ],
)
def test_bad_usage_exits_2(invoke, args: tuple[str, ...]) -> None:
    r = invoke(*args)
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert r.stdout == ""
    assert r.stderr.strip()  # the usage error itself is click's wording
    no_traceback(r)


# ---------------------------------------------------------------- glute exercises show


def test_exercises_show(invoke) -> None:
    r = invoke("exercises", "show", "clamshell")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    ex = load_catalogue(bundled_catalogue()).get("clamshell")
    assert ex.name in out
    for cue in ex.cues:
        assert f"- {cue}" in out
    for fault in ex.faults:
        assert f"- {fault}" in out
    assert "How to do it" in out and "Watch for" in out and "Cautions" in out
    assert "L1: clamshell  ->  L2: horse-stance  ->  L3: hip-airplane" in out
    assert "Sources: 001_fd9108dfcfb8dd41.txt" in out
    assert "Distefano" in out
    assert ex.dose.text() in out
    no_traceback(r)


def test_exercises_show_by_name_or_alias(invoke) -> None:
    for query in ("monster walk", "Banded lateral walk"):
        r = invoke("exercises", "show", query)
        assert r.exit_code == 0, r.stderr
        assert re.search(r"\bid\s+banded-lateral-walk\b", r.stdout)


def test_exercises_show_json(invoke) -> None:
    doc = json_of(invoke("exercises", "show", "horse-stance", "--format", "json"))
    assert doc["schema_version"] == 1
    assert doc["kind"] == "exercise"
    assert doc["exercise"]["id"] == "horse-stance"
    assert doc["ladder"][1] == ["horse-stance"]
    assert set(doc["ladder"][0]) == {"clamshell", "banded-clamshell"}


def test_exercises_show_unknown_id_suggests(invoke) -> None:
    r = invoke("exercises", "show", "clamshel")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith("error: no exercise with id 'clamshel'\n")
    assert "hint: did you mean clamshell" in r.stderr
    no_traceback(r)


def test_exercises_show_unknown_id_without_match(invoke) -> None:
    r = invoke("exercises", "show", "xyzzy")
    assert r.exit_code == 2
    assert "hint: list them with: glute exercises" in r.stderr


# ---------------------------------------------------------------- glute catalogue check


def test_catalogue_check_ok(invoke, all_ids: set[str]) -> None:
    path = str(bundled_catalogue())
    r = invoke("catalogue", "check", path)
    assert r.exit_code == 0, r.stderr
    assert r.stderr == ""
    assert r.stdout.startswith(f"{path}: ok, {len(all_ids)} exercises (level 1: ")
    r = invoke("catalogue", "check", str(MINIMAL))
    assert r.stdout == f"{MINIMAL}: ok, 3 exercises (level 1: 1, level 2: 1, level 3: 1)\n"


def test_catalogue_check_ok_json(invoke) -> None:
    doc = json_of(invoke("catalogue", "check", str(MINIMAL), "--format", "json"))
    assert doc == {
        "schema_version": 1,
        "kind": "catalogue_check",
        "file": str(MINIMAL),
        "ok": True,
        "exercises": 3,
        "per_level": {"1": 1, "2": 1, "3": 1},
    }


def test_catalogue_check_broken(invoke) -> None:
    r = invoke("catalogue", "check", str(BROKEN))
    assert r.exit_code == 2
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert lines[0] == f"error: {BROKEN}: 7 problems"
    assert [int(x.split(":")[1]) for x in lines[1:8]] == BROKEN_LINES
    assert all(x.startswith(f"{BROKEN}:") for x in lines[1:8])
    assert f"{BROKEN}:36: high.id: duplicate id (first used at line 26)" in lines
    assert lines[8].startswith("hint: ")
    no_traceback(r)


@pytest.mark.parametrize("name", ["syntax_error.yaml", "empty.yaml", "not_a_mapping.yaml", "wrong_version.yaml", "bad_enum.yaml"])
def test_catalogue_check_other_broken_files(invoke, name: str) -> None:
    path = CATALOGUES / name
    r = invoke("catalogue", "check", str(path))
    assert r.exit_code == 2
    assert r.stdout == ""
    assert f"\n{path}:" in r.stderr
    no_traceback(r)


def test_catalogue_check_missing_file(invoke, tmp_path: Path) -> None:
    r = invoke("catalogue", "check", str(tmp_path / "nope.yaml"))
    assert r.exit_code == 2
    assert r.stderr.startswith(f"error: {tmp_path / 'nope.yaml'}: no such catalogue file")
    no_traceback(r)


def test_catalogue_check_directory(invoke, tmp_path: Path) -> None:
    r = invoke("catalogue", "check", str(tmp_path))
    assert r.exit_code == 2
    assert "is a directory" in r.stderr
    no_traceback(r)


# ---------------------------------------------------------------- --catalogue / GLUTE_CATALOGUE


def test_catalogue_option_switches_the_catalogue(invoke, all_ids: set[str]) -> None:
    r = invoke("--catalogue", str(MINIMAL), "exercises")
    assert r.exit_code == 0, r.stderr
    assert table_ids(r.stdout, {"low", "mid", "high"} | all_ids) == {"low", "mid", "high"}
    assert "3 exercises" in r.stdout
    r = invoke("--catalogue", str(MINIMAL), "exercises", "show", "mid")
    assert r.exit_code == 0, r.stderr
    assert "L1: low  ->  L2: mid  ->  L3: high" in r.stdout
    assert invoke("--catalogue", str(MINIMAL), "exercises", "show", "clamshell").exit_code == 2


def test_catalogue_env_switches_the_catalogue(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLUTE_CATALOGUE", str(MINIMAL))
    doc = json_of(invoke("exercises", "--format", "json"))
    assert doc["catalogue"] == str(MINIMAL)
    assert [e["id"] for e in doc["exercises"]] == ["low", "mid", "high"]
    assert invoke("exercises", "show", "high").exit_code == 0


def test_catalogue_option_wins_over_env(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLUTE_CATALOGUE", str(BROKEN))
    doc = json_of(invoke("--catalogue", str(MINIMAL), "exercises", "--format", "json"))
    assert doc["count"] == 3


def test_broken_catalogue_option(invoke) -> None:
    r = invoke("--catalogue", str(BROKEN), "exercises")
    assert r.exit_code == 2
    assert r.stdout == ""
    assert f"{BROKEN}:15: low.progresses_to:" in r.stderr
    no_traceback(r)


def test_broken_catalogue_env(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLUTE_CATALOGUE", str(CATALOGUES / "duplicate_id.yaml"))
    r = invoke("exercises", "show", "low")
    assert r.exit_code == 2
    assert "duplicate_id.yaml:34: low.id: duplicate id" in r.stderr
    no_traceback(r)


# ---------------------------------------------------------------- --version, --debug, errors


def test_version(invoke) -> None:
    for flag in ("--version", "-V"):
        r = invoke(flag)
        assert r.exit_code == 0
        assert r.stdout == f"glute {__version__}\n" == "glute 0.3.0\n"


def test_debug_shows_traceback_for_a_broken_catalogue(invoke) -> None:
    r = invoke("--debug", "catalogue", "check", str(BROKEN))
    assert r.exit_code == 2
    assert "Traceback (most recent call last)" in r.stderr
    assert "ValidationFailed" in r.stderr
    assert f"error: {BROKEN}: 7 problems" in r.stderr


def test_glute_debug_env_shows_traceback(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLUTE_DEBUG", "1")
    r = invoke("catalogue", "check", str(BROKEN))
    assert r.exit_code == 2
    assert "Traceback" in r.stderr


def test_without_debug_no_traceback(invoke) -> None:
    r = invoke("catalogue", "check", str(BROKEN))
    assert r.exit_code == 2
    no_traceback(r)
    # --debug of an earlier run does not stick.
    invoke("--debug", "catalogue", "check", str(BROKEN))
    no_traceback(invoke("catalogue", "check", str(BROKEN)))


def boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_unexpected_exception_is_an_internal_error(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("glutecli.catalogue.Catalogue.filter", boom)
    r = invoke("exercises")
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr == "error: internal error: RuntimeError: boom\nhint: rerun with --debug for the traceback, and report it\n"
    no_traceback(r)


def test_unexpected_exception_with_debug_propagates(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("glutecli.catalogue.Catalogue.filter", boom)
    r = invoke("--debug", "exercises")
    assert r.exit_code == 1
    # In-process the runner catches what the interpreter would print as a traceback.
    assert isinstance(r.exception, RuntimeError)
    assert "internal error" not in r.stderr


SCRIPT = """
import sys
import glutecli.catalogue as c
def boom(*a, **k):
    raise RuntimeError("boom")
c.Catalogue.filter = boom
from glutecli.cli import run
run(sys.argv[1:])
"""


@pytest.mark.parametrize("debug", [False, True])
def test_unexpected_exception_in_a_real_process(tmp_path: Path, debug: bool) -> None:
    env = {**os.environ, "GLUTE_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    env.pop("GLUTE_DEBUG", None)
    env.pop("GLUTE_CATALOGUE", None)
    args = [sys.executable, "-c", SCRIPT, *(["--debug"] if debug else []), "exercises"]
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    assert p.returncode == 1
    assert p.stdout == ""
    if debug:
        assert "Traceback (most recent call last)" in p.stderr
        assert "RuntimeError: boom" in p.stderr
    else:
        assert "Traceback" not in p.stderr
        assert p.stderr.startswith("error: internal error: RuntimeError: boom\n")


# ---------------------------------------------------------------- help


def _commands() -> list[list[str]]:
    from glutecli.cli import app

    root = typer.main.get_command(app)
    found: list[list[str]] = []

    def walk(cmd, path: list[str]) -> None:
        found.append(path)
        for name, sub in getattr(cmd, "commands", {}).items():
            if not getattr(sub, "hidden", False):
                walk(sub, [*path, name])

    walk(root, [])
    return found


def test_the_walk_finds_the_catalogue_commands() -> None:
    paths = _commands()
    for expected in ([], ["exercises"], ["exercises", "show"], ["catalogue"], ["catalogue", "check"]):
        assert expected in paths


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "glute")
def test_every_help_has_an_example(invoke, path: list[str]) -> None:
    r = invoke(*path, "--help")
    assert r.exit_code == 0, r.stderr
    assert "Example:" in r.stdout
    assert " ".join(["glute", *path]) in r.stdout
