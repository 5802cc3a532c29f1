"""Import direction (UI on top, a core without typer/rich) and what the wheel ships."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "glutecli"

# UI code: the command line, its rich views (present/console.py), and the interactive
# questionnaire (called only by cli.py). The rest of present/ (wording, JSON, exports) is plain.
TYPER_OK = {"cli"}
RICH_OK = {"cli", "present.console", "interactive", "go.screen"}
UI = {"cli", "present.console", "interactive", "go.screen"}  # go.screen: the live screen of `glute go`
ENTRY = {"__main__"}  # the console script: imports cli, and nothing of typer/rich itself
# Modules that must exist (so the rules below cannot pass on an empty or misread package).
KNOWN_CORE = {"models", "catalogue", "yamlio", "paths", "errors", "present.json", "present.text", "present.export.__init__"}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path) -> set[str]:
    return imports_in(path.read_text(encoding="utf-8"), module_name(path))


def imports_in(source: str, name: str) -> set[str]:
    """Every module `source` (module glutecli.`name`) imports, anywhere: lazy imports included."""
    package = ["glutecli", *name.split(".")[:-1]]  # `__init__` and `x.__init__` resolve right too
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                mod = ".".join([*base, *([node.module] if node.module else [])])
            else:
                mod = node.module or ""
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            func = node.func
            fname = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if fname in ("import_module", "__import__"):
                out.add(node.args[0].value)
    return out


def uses(imported: set[str], top: str) -> bool:
    return any(m == top or m.startswith(top + ".") for m in imported)


def importers_of(target: str) -> set[str]:
    return {name for name, path in modules().items() if name != target and uses(imports_of(path), f"glutecli.{target}")}


def core_modules() -> dict[str, Path]:
    return {n: p for n, p in modules().items() if n not in UI | ENTRY and n.split(".")[0] not in UI | ENTRY}


def test_the_package_is_read() -> None:
    found = set(modules())
    assert set(core_modules()) >= KNOWN_CORE
    assert {"cli", "present.console", "__main__", "__init__"} <= found


def test_imports_are_resolved() -> None:
    # The resolver itself: relative, absolute and lazy imports all count.
    cli = imports_of(PACKAGE / "cli.py")
    assert "typer" in cli and "glutecli.present.console" in cli and "glutecli.catalogue" in cli
    assert "glutecli.models" in imports_of(PACKAGE / "catalogue.py")
    assert uses(imports_of(PACKAGE / "present" / "console.py"), "rich")


def test_resolver_catches_every_form_of_import() -> None:
    source = (
        "import rich.console\n"
        "from typer import Option\n"
        "def later():\n"
        "    from .render import exercises_table\n"
        "    from . import cli\n"
        "    import importlib\n"
        "    importlib.import_module('click')\n"
        "    from .. import outside\n"
    )
    imported = imports_in(source, "sub.mod")
    assert uses(imported, "rich") and uses(imported, "typer") and uses(imported, "click")
    assert "glutecli.sub.render" in imported and "glutecli.sub.cli" in imported
    assert "glutecli.outside" in imported
    top = imports_in("def f():\n    from .render import x\n    from . import cli\n", "jsonout")
    assert uses(top, "glutecli.render") and uses(top, "glutecli.cli")
    assert not uses(imports_in("import richer\nimport typerx\n", "models"), "rich")


def test_only_the_ui_imports_typer() -> None:
    offenders = {n for n, p in modules().items() if uses(imports_of(p), "typer") and n not in TYPER_OK}
    assert not offenders, f"typer imported outside the UI: {sorted(offenders)}"


def test_only_the_ui_imports_rich() -> None:
    offenders = {n for n, p in modules().items() if uses(imports_of(p), "rich") and n not in RICH_OK}
    assert not offenders, f"rich imported outside the UI: {sorted(offenders)}"


@pytest.mark.parametrize("name", sorted(core_modules()))
def test_core_module_does_not_import_the_ui(name: str) -> None:
    imported = imports_of(core_modules()[name])
    for banned in ("typer", "click", "rich", "glutecli.cli", "glutecli.present.console", "glutecli.interactive"):
        assert not uses(imported, banned), f"glutecli.{name} imports {banned}"


def test_ui_modules_are_used_only_from_above() -> None:
    assert importers_of("cli") <= ENTRY
    assert importers_of("interactive") <= {"cli"}
    assert importers_of("present.console") <= {"cli", "interactive", "go.screen"}  # go: the log view after a session
    assert importers_of("go.screen") <= {"go.run", "cli"}  # lazily, once the terminal is checked


def test_the_wording_module_needs_only_the_models(tmp_path: Path) -> None:
    """present/text.py words every view, core ones too (today, progress): it must stay a leaf."""
    code = "import sys, json, glutecli.present.text\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith(('glutecli', 'rich')))))"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == ["glutecli", "glutecli.models", "glutecli.present", "glutecli.present.text"]


def test_entry_point_imports_no_ui_library_itself() -> None:
    imported = imports_of(PACKAGE / "__main__.py")
    assert not uses(imported, "typer") and not uses(imported, "rich")


def test_core_modules_load_without_typer_or_rich(tmp_path: Path) -> None:
    """The same rule at run time: importing the whole core pulls in neither library."""
    names = sorted(f"glutecli.{n}" for n in core_modules() if n != "__init__")
    code = (
        "import importlib, json, sys\n"
        f"for n in {names!r}:\n"
        "    importlib.import_module(n)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click'))))\n"
    )
    env = {**os.environ, "GLUTE_HOME": str(tmp_path / "home")}
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == []


# ---------------------------------------------------------------- packaging


def build_wheel(out: Path) -> Path:
    try:
        from hatchling.builders.wheel import WheelBuilder  # type: ignore[import-not-found]
    except ImportError:
        WheelBuilder = None
    if WheelBuilder is None:
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-w", str(out), str(ROOT)]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            log = p.stdout + p.stderr
            unavailable = (
                "No matching distribution",
                "Could not find a version",
                "Failed to establish",
                "Network is unreachable",
                "Temporary failure",
            )
            if any(s in log for s in unavailable):
                pytest.skip("hatchling is not installed and cannot be fetched (offline)")
            raise AssertionError(f"building the wheel failed:\n{log[-3000:]}")
    else:
        list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    wheels = list(out.glob("glute-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_wheel_ships_the_catalogue(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "glutecli/data/exercises.yaml" in names
        assert zf.read("glutecli/data/exercises.yaml") == (ROOT / "data" / "exercises.yaml").read_bytes()
        assert {"glutecli/__init__.py", "glutecli/cli.py", "glutecli/catalogue.py"} <= names
        assert not any(n.startswith("tests/") for n in names)
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        assert "glute = glutecli.__main__:main" in zf.read(entry_points).decode()


def test_unpacked_wheel_uses_its_own_catalogue(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "GLUTE_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    env.pop("GLUTE_CATALOGUE", None)
    p = subprocess.run(
        [sys.executable, "-m", "glutecli", "exercises", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=elsewhere,
        timeout=60,
    )
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["catalogue"] == str(site / "glutecli" / "data" / "exercises.yaml")
    assert doc["count"] >= 22


def test_cli_choice_enums_match_the_core_vocabularies():
    """cli.py copies the core enums (importing models at start-up would cost pydantic); keep them in step."""
    from glutecli import cli
    from glutecli.models import Equipment, Function, RedFlag
    from glutecli.present import export

    assert [e.value for e in cli.FunctionChoice] == [e.value for e in Function]
    assert [e.value for e in cli.EquipmentChoice if e.value != "none"] == [e.value for e in Equipment]
    assert [e.value for e in cli.RedFlagChoice] == [e.value for e in RedFlag]
    assert tuple(e.value for e in cli.ExportFormat) == tuple(export.FORMATS)


CLOCK_READS = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.today|datetime\.utcnow|time\.time|time\.localtime)\(")


def test_only_the_clock_module_reads_the_clock() -> None:
    # "Today" is a value passed down from one place, so tests can move it (GLUTE_TODAY) and
    # every command agrees on the date.
    readers = {name for name, path in modules().items() if CLOCK_READS.search(path.read_text(encoding="utf-8"))}
    assert readers == {"clock"}


def test_the_clock_check_can_fail() -> None:
    assert CLOCK_READS.search("x = dt.date.today()") and CLOCK_READS.search("datetime.now(dt.UTC)")
    assert not CLOCK_READS.search("clock.today()")
