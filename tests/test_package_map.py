"""The package map in the README (Development) is the code's: every module is on it, and every
module imports only what its row allows.

The map is a table between `<!-- package-map -->` and `<!-- /package-map -->`: a row names a module
or a package (`store/`: all its modules, which may import each other, unless a module of it has a
row of its own), its one responsibility, and the glute modules it may import (`-`: none). Every
import counts: inside functions (the lazy ones) and under `if TYPE_CHECKING:` too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "glutecli"


def _rows() -> dict[str, set[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- package-map -->(.*?)<!-- /package-map -->", text, re.S)
    assert m, "README.md has no <!-- package-map --> table"
    rows: dict[str, set[str]] = {}
    for line in m.group(1).splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`([^`]+)`", cells[0])
        allowed = {a.rstrip("/").replace("/", ".") for a in re.findall(r"`([^`]+)`", cells[2])}
        for name in names:
            key = name.rstrip("/").replace("/", ".")
            assert key not in rows, f"{name} is on the map twice"
            rows[key] = allowed
    return rows


ROWS = _rows()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "__init__"


MODULES = {_module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _row_of(module: str) -> str | None:
    """The most specific row for `module`: its own, else its closest package's."""
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        key = ".".join(parts[:i])
        if key in ROWS:
            return key
    return None


def _is_module(dotted: str) -> bool:
    rel = Path(*dotted.split(".")) if dotted else Path()
    return (PKG / rel).with_suffix(".py").is_file() or (PKG / rel / "__init__.py").is_file()


def _imports(module: str, path: Path) -> set[str]:
    """The glute modules `module` imports (dotted, without `glutecli.`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    if module == "__init__":
        package = ""
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)]
                head = ".".join([*base, *([node.module] if node.module else [])])
            elif node.module and (node.module == "glutecli" or node.module.startswith("glutecli.")):
                head = node.module.removeprefix("glutecli").lstrip(".")
            else:
                continue
            for alias in node.names:
                sub = f"{head}.{alias.name}" if head else alias.name
                targets.append(sub if _is_module(sub) else head)
        elif isinstance(node, ast.Import):
            targets = [a.name.removeprefix("glutecli").lstrip(".") for a in node.names if a.name.split(".")[0] == "glutecli"]
        for t in targets:
            found.add(t or "__init__")
    return found


def test_every_module_is_on_the_map() -> None:
    missing = sorted(m for m in MODULES if _row_of(m) is None)
    assert not missing, f"add to the package map in README.md (Development): {missing}"


def test_every_row_is_a_module_that_exists() -> None:
    stale = sorted(r for r in ROWS if r not in MODULES)
    assert not stale, f"the package map names modules that do not exist: {stale}"


def test_the_map_allows_only_modules_on_it() -> None:
    for row, allowed in ROWS.items():
        unknown = sorted(a for a in allowed if a not in ROWS)
        assert not unknown, f"{row}: may import {unknown}, which are not rows of the map"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_map(module: str) -> None:
    row = _row_of(module)
    assert row is not None
    allowed = ROWS[row]
    wrong = []
    for target in sorted(_imports(module, MODULES[module])):
        target_row = _row_of(target)
        if target_row is None or target_row == row or target_row in allowed:
            continue
        wrong.append(target)
    assert not wrong, f"{module} ({row}) imports {wrong}; the package map allows {sorted(allowed) or 'none'}"
