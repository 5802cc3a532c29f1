"""Safe YAML/JSON reading that remembers the line of every value, for `file:line: field: message`."""

from __future__ import annotations

import gc
import os
import stat
from pathlib import Path
from typing import Any

from .errors import InputError, ValidationFailed

# Refuse big inputs before reading them: an answer file is ~1 KB, the built-in catalogue ~40 KB,
# a 10,000-exercise user catalogue ~12 MB.
MAX_BYTES = 32 * 1024 * 1024
# Alias expansion ("billion laughs") is bounded by counting nodes as they would be expanded.
MAX_NODES = 2_000_000
# Nesting is bounded too: an alias inside its own anchor (`a: &a [*a]`) nests without end, and
# walking it used to eat memory until the process was killed. Real files nest < 10 levels.
MAX_DEPTH = 100

Path_ = tuple[Any, ...]


class LineMap:
    """Maps a path of keys/indexes in the loaded document to its 1-based line."""

    def __init__(self) -> None:
        self.lines: dict[Path_, int] = {}

    def line(self, loc: Path_) -> int:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def read_text(path: str | Path, *, what: str = "file") -> str:
    """Read a UTF-8 text file with clear errors for every way a path can be wrong."""
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "<stdin>"
    else:
        p = Path(path)
        name = str(path)
        try:
            st = p.stat()
        except FileNotFoundError:
            raise InputError(f"{name}: no such {what}", hint="check the path") from None
        except OSError as e:  # symlink loops, permission denied, name too long
            raise InputError(f"{name}: cannot open {what}: {e.strerror or e}") from None
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name}: is a directory, expected a {what}")
        if st.st_size > MAX_BYTES:
            raise InputError(f"{name}: {st.st_size // (1024 * 1024)} MB is too large (limit {MAX_BYTES // (1024 * 1024)} MB)")
        try:
            with open(p, "rb") as fh:
                data = fh.read(MAX_BYTES + 1)
        except OSError as e:
            raise InputError(f"{name}: cannot read {what}: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: too large (limit {MAX_BYTES // (1024 * 1024)} MB)")
    if b"\x00" in data:
        raise InputError(f"{name}: looks like a binary file, expected YAML or JSON text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(f"{name}:{line}: not valid UTF-8 text (byte 0x{data[e.start]:02x})", hint="save the file as UTF-8") from None
    return text


_LOADER: type | None = None


def _loader_cls() -> type:
    """The C loader when available, with timestamps left as strings.

    PyYAML would build `2026-02-30` itself and fail with a bare ValueError and no line; as a
    string it reaches pydantic, which reports it as `file:line: date: ...` like any other field.
    """
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        _LOADER = type("GluteLoader", (base,), {})
        _LOADER.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return _LOADER


def parse(text: str, source: str) -> tuple[Any, LineMap]:
    """Parse YAML (or JSON) text into plain data plus a LineMap. Raises ValidationFailed on syntax errors."""
    import yaml

    lines = LineMap()
    if not text.strip():
        raise ValidationFailed(source, [f"{source}:1: (document): the file is empty"])
    _refuse_deep_nesting(text, source)
    loader = _loader_cls()(text)
    # The garbage collector is paused during the load: 3x faster on a 10k-entry catalogue.
    gc_was = gc.isenabled()
    gc.disable()
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line = mark.line + 1 if mark else 1
            msg = (e.problem or e.context or "invalid YAML").strip()
            raise ValidationFailed(source, [f"{source}:{line}: (syntax): {msg}"]) from None
        except yaml.YAMLError as e:
            raise ValidationFailed(source, [f"{source}:1: (syntax): {e}"]) from None
        if node is None:
            raise ValidationFailed(source, [f"{source}:1: (document): the file is empty"])
        _walk(node, (), lines, source)
        try:
            data = loader.construct_document(node)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            raise ValidationFailed(source, [f"{source}:{line}: (syntax): {getattr(e, 'problem', None) or e}"]) from None
        finally:
            loader.dispose()
    finally:
        if gc_was:
            gc.enable()
    return data, lines


# PyYAML's C composer recurses once per nesting level and crashes the process (SIGSEGV, exit 139)
# somewhere below 50,000 levels: `[[[[...` in a 100 KB file. A cheap bound on the depth (every
# level needs a `[`, a `{` or a column of a line) lets ordinary files through untouched; a file
# that could nest deeper than this has its depth measured from the parser's events first.
SAFE_COMPOSE_DEPTH = 5_000


def _refuse_deep_nesting(text: str, source: str) -> None:
    bound = text.count("[") + text.count("{") + 2 * max(map(len, text.splitlines()), default=0)
    if bound <= SAFE_COMPOSE_DEPTH:
        return
    import yaml

    loader = _loader_cls()(text)
    depth = 0
    try:
        while True:
            ev = loader.get_event()
            if ev is None:
                return
            if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ValidationFailed(
                        source, [f"{source}:{ev.start_mark.line + 1}: (document): nested more than {MAX_DEPTH} levels deep"]
                    )
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: reported with its line by the parse itself
    finally:
        loader.dispose()


def _walk(root: Any, path: Path_, lines: LineMap, source: str) -> None:
    """Record the line of every node; count nodes as expanded to refuse alias bombs.

    A mapping value is recorded at the line of its key (`dose:`), not where the value starts
    (a block mapping or list starts on the next line; an alias at its anchor).
    """
    import yaml

    count = 0
    duplicates: list[str] = []
    stack = [(root, path, root.start_mark.line + 1)]
    while stack:
        node, p, at = stack.pop()
        count += 1
        if len(p) > MAX_DEPTH:
            raise ValidationFailed(
                source,
                [f"{source}:{at}: {format_loc(p[:2])}: nested more than {MAX_DEPTH} levels deep (or an alias refers to itself)"],
            )
        if count > MAX_NODES:
            raise ValidationFailed(
                source,
                [f"{source}:{node.start_mark.line + 1}: (document): too many values after expanding aliases (limit {MAX_NODES:,})"],
            )
        lines.lines.setdefault(p, at)
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, v in node.value:
                key = k.value if isinstance(k, yaml.ScalarNode) else str(k.start_mark.line)
                line = k.start_mark.line + 1
                # YAML keeps the last of two equal keys silently; a typo must not win quietly.
                if key in seen and key != "<<" and count <= MAX_NODES:
                    duplicates.append(f"{source}:{line}: {format_loc((*p, key))}: duplicate key (first at line {seen[key]})")
                seen.setdefault(key, line)
                stack.append((v, (*p, key), line))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                stack.append((v, (*p, i), v.start_mark.line + 1))
    if duplicates:
        duplicates.sort(key=lambda m: int(m[len(source) + 1 :].split(":", 1)[0]))
        raise ValidationFailed(source, sorted(set(duplicates), key=duplicates.index), hint="remove one of the two keys")


def load_file(path: str | Path, *, what: str = "file") -> tuple[Any, LineMap, str]:
    """Read and parse a YAML/JSON file: (data, line map, display name)."""
    source = "<stdin>" if str(path) == "-" else str(path)
    text = read_text(path, what=what)
    data, lines = parse(text, source)
    return data, lines, source


def format_loc(loc: Path_) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = str(part)
            if not part.strip() or part != part.strip() or "\n" in part:
                part = repr(part)  # an empty or blank key must still show as a field: `''`
            out += ("." if out else "") + part
    return out or "(document)"


def pydantic_problems(err: Any, source: str, lines: LineMap, *, name_loc: Any = None) -> list[str]:
    """Turn a pydantic ValidationError into sorted `file:line: field: message` lines.

    `name_loc(loc)` may rewrite a location for display (the catalogue shows `clamshell.dose`).
    """
    out: list[tuple[int, str]] = []
    for e in err.errors(include_url=False):
        loc = tuple(x for x in e["loc"] if not (isinstance(x, str) and x in ("function-after", "function-before")))
        # Pydantic appends the union member / model name for unions; keep only real keys.
        loc = tuple(x for x in loc if not (isinstance(x, str) and (x[:1].isupper() or "[" in x)))
        line = lines.line(loc)
        field = name_loc(loc) if name_loc else format_loc(loc)
        msg = e["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if e["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; see the documented schema)"
        elif e["type"] == "missing":
            msg = "required field is missing"
        out.append((line, f"{source}:{line}: {field}: {msg}"))
    out.sort(key=lambda t: t[0])
    seen: set[str] = set()
    return [m for _, m in out if not (m in seen or seen.add(m))]


def atomic_write_text(path: Path, text: str) -> None:
    """Write via temp file + fsync + rename so a crash never leaves a half-written file."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as e:
        try:
            tmp.unlink()
        except OSError:
            pass
        from .errors import StoreError

        raise StoreError(f"{path}: cannot write: {e.strerror or e}", hint="check that the folder exists, is writable and the disk is not full") from None
