"""Import direction (cli -> services -> core -> models -> leaves), thin commands, and what the wheel ships."""

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

# The layers (README, package map): cli -> services -> {core, store, present, go} -> models ->
# {vocab, rules, errors, clock}. Names are top-level module or package names under glutecli/.
CLI = "cli"  # the only package that imports typer
SERVICES = "services"  # the use cases: imported only by the command line
ENTRY = {"__main__"}  # the console script: imports cli, and nothing of typer/rich itself
# The leaves: import nothing heavy and nothing of glutecli but each other.
LEAVES = {"vocab", "rules", "errors", "clock", "safetext", "__init__"}
# Modules that may import rich: the command line, the terminal views (present/console.py), and
# the guided session's screen. The rest of present/ (wording, JSON, exports) is plain.
RICH_OK = ("cli", "present.console", "go.screen")
# Modules that must exist (so the rules below cannot pass on an empty or misread package).
KNOWN_CORE = {"models", "catalogue", "yamlio", "paths", "errors", "vocab", "present.json", "present.text", "present.export.__init__"}


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


def top(name: str) -> str:
    return name.split(".")[0]


def in_group(name: str, group: str) -> bool:
    return name == group or name.startswith(group + ".")


def rich_ok(name: str) -> bool:
    return any(in_group(name, g) for g in RICH_OK)


def core_modules() -> dict[str, Path]:
    """Everything below the command line and the use cases."""
    return {n: p for n, p in modules().items() if top(n) not in {CLI, SERVICES, *ENTRY}}


def glute_imports(path: Path) -> set[str]:
    """The glutecli modules `path` imports, as names under glutecli/ ("store.db", "models")."""
    return {m.removeprefix("glutecli.") for m in imports_of(path) if m.startswith("glutecli.")}


def test_the_package_is_read() -> None:
    found = set(modules())
    assert set(core_modules()) >= KNOWN_CORE
    assert {"cli.__init__", "cli.app", "cli.output", "services", "__main__", "__init__"} <= found
    assert any(n.startswith("cli.commands.") for n in found)


def test_imports_are_resolved() -> None:
    # The resolver itself: relative, absolute and lazy imports all count.
    app = imports_of(PACKAGE / "cli" / "app.py")
    assert "typer" in app and "glutecli.services" in app and "glutecli.errors.outcome" in app
    assert "glutecli.models" in imports_of(PACKAGE / "catalogue.py")
    assert uses(imports_of(PACKAGE / "cli" / "output.py"), "rich")


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
    lazy = imports_in("def f():\n    from .render import x\n    from . import cli\n", "jsonout")
    assert uses(lazy, "glutecli.render") and uses(lazy, "glutecli.cli")
    assert "glutecli.services" in imports_in("from ... import services\n", "cli.commands.plan")
    assert not uses(imports_in("import richer\nimport typerx\n", "models"), "rich")


def test_only_the_cli_imports_typer() -> None:
    offenders = {n for n, p in modules().items() if (uses(imports_of(p), "typer") or uses(imports_of(p), "click")) and not in_group(n, CLI)}
    assert not offenders, f"typer imported outside glutecli/cli/: {sorted(offenders)}"


def test_only_the_cli_and_presentation_import_rich() -> None:
    offenders = {n for n, p in modules().items() if uses(imports_of(p), "rich") and not rich_ok(n)}
    assert not offenders, f"rich imported outside {RICH_OK}: {sorted(offenders)}"


def test_nothing_below_imports_the_cli() -> None:
    offenders = {n for n in modules() if not in_group(n, CLI) and n not in ENTRY and any(in_group(m, CLI) for m in glute_imports(modules()[n]))}
    assert not offenders, f"imports glutecli.cli from below it: {sorted(offenders)}"


def test_the_use_cases_are_called_only_by_the_cli() -> None:
    offenders = {n for n in modules() if not in_group(n, CLI) and n != SERVICES and SERVICES in {top(m) for m in glute_imports(modules()[n])}}
    assert not offenders, f"imports glutecli.services from below it: {sorted(offenders)}"


@pytest.mark.parametrize("name", sorted(core_modules()))
def test_core_module_does_not_import_the_ui(name: str) -> None:
    imported = imports_of(core_modules()[name])
    for banned in ("typer", "click", "glutecli.cli", "glutecli.services", *(() if rich_ok(name) else ("rich", "glutecli.present.console"))):
        assert not uses(imported, banned), f"glutecli.{name} imports {banned}"


def test_the_wording_module_needs_only_the_models(tmp_path: Path) -> None:
    """present/text.py words every view, core ones too (today, progress): it must stay a leaf."""
    code = "import sys, json, glutecli.present.text\nprint(json.dumps(sorted(m for m in sys.modules if m.startswith(('glutecli', 'rich')))))"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == ["glutecli", "glutecli.models", "glutecli.present", "glutecli.present.text", "glutecli.vocab"]


def test_models_import_only_the_leaves() -> None:
    for name in ("models", *(n for n in modules() if n.startswith("models."))):
        if name in modules():
            below = {top(m) for m in glute_imports(modules()[name])} - {"models"}
            assert below <= LEAVES, f"glutecli.{name} imports {sorted(below - LEAVES)}"


@pytest.mark.parametrize("name", sorted(LEAVES - {"__init__"}))
def test_leaves_import_only_leaves(name: str) -> None:
    path = modules().get(name)
    if path is None:
        pytest.skip(f"glutecli.{name} is not on this branch")
    assert {top(m) for m in glute_imports(path)} <= LEAVES
    assert not any(uses(imports_of(path), lib) for lib in ("pydantic", "yaml", "rich", "typer", "sqlite3"))


def test_the_layer_checks_can_fail() -> None:
    assert rich_ok("present.console") and rich_ok("go.screen") and not rich_ok("go.session") and not rich_ok("present.text")
    assert in_group("cli.commands.plan", CLI) and not in_group("client", CLI)


# ---------------------------------------------------------------- thin commands

MAX_COMMAND_BODY = 20


def command_bodies() -> dict[str, int]:
    """Lines of each typer command's body (decorated with `.command(...)` or `.callback(...)`),
    docstring and blank lines left out."""
    out: dict[str, int] = {}
    for name, path in modules().items():
        if not in_group(name, CLI):
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef):
                continue
            if not any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ("command", "callback") for d in node.decorator_list):
                continue
            body = node.body[1:] if node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant) else node.body
            if not body:
                continue
            text = lines[body[0].lineno - 1 : (body[-1].end_lineno or body[-1].lineno)]
            out[f"{name}.{node.name}"] = sum(1 for line in text if line.strip())
    return out


def test_every_command_is_found() -> None:
    found = {k.rsplit(".", 1)[1] for k in command_bodies()}
    assert {"plan_cmd", "assess_cmd", "log_cmd", "export_cmd", "today_cmd", "root", "exercises_list", "catalogue_check"} <= found


def test_no_command_body_is_longer_than_20_lines() -> None:
    long = {k: n for k, n in command_bodies().items() if n > MAX_COMMAND_BODY}
    assert not long, f"commands over {MAX_COMMAND_BODY} lines (parse -> one services call -> output.emit): {long}"


def test_entry_point_imports_no_ui_library_itself() -> None:
    imported = imports_of(PACKAGE / "__main__.py")
    assert not uses(imported, "typer") and not uses(imported, "rich")


def test_core_modules_load_without_typer_or_rich(tmp_path: Path) -> None:
    """The same rule at run time: importing the whole core pulls in neither library."""
    names = sorted(f"glutecli.{n}" for n in core_modules() if n != "__init__" and not rich_ok(n))
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
        assert {"glutecli/__init__.py", "glutecli/cli/__init__.py", "glutecli/catalogue.py"} <= names
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


def test_the_cli_and_the_models_share_one_vocabulary() -> None:
    """No copies to keep in step: the options' choices are the models' own enums."""
    from glutecli import models, vocab

    assert models.Function is vocab.Function and models.Equipment is vocab.Equipment and models.RedFlag is vocab.RedFlag
    assert [e.value for e in vocab.EquipmentChoice] == [*(e.value for e in vocab.Equipment), "none"]
    import importlib

    assert tuple(e.value for e in vocab.ExportFormat) == tuple(importlib.import_module("glutecli.present.export").FORMATS)


CLOCK_READS = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.today|datetime\.utcnow|time\.time|time\.localtime)\(")


def test_only_the_clock_module_reads_the_clock() -> None:
    # "Today" is a value passed down from one place, so tests can move it (GLUTE_TODAY) and
    # every command agrees on the date.
    readers = {name for name, path in modules().items() if CLOCK_READS.search(path.read_text(encoding="utf-8"))}
    assert readers == {"clock"}


def test_the_clock_check_can_fail() -> None:
    assert CLOCK_READS.search("x = dt.date.today()") and CLOCK_READS.search("datetime.now(dt.UTC)")
    assert not CLOCK_READS.search("clock.today()")
