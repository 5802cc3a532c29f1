"""Safe YAML (and JSON, which is YAML) reading that remembers the line of every value, for
`file:line: field: message`.

One path: read the file with limits (files.read_text); compose it with PyYAML's C loader when
available, so every node keeps its line; on the node tree, bound alias expansion, refuse
duplicate keys and deep nesting, and record each value's line; then construct plain data.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ValidationFailed
from .files import MAX_BYTES, atomic_write_text, read_text

if TYPE_CHECKING:
    import yaml

__all__ = ["MAX_ANSWER_NODES", "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "LineMap", "atomic_write_text", "format_loc", "load_file", "parse", "pydantic_problems", "read_text"]

# Alias expansion ("billion laughs") is bounded by counting nodes as they would be expanded:
# 10,000 exercises with figures hold 1.84 M values, a 32 MB file of such exercises ~2.7 M.
MAX_NODES = 5_000_000
# Nesting is bounded too: an alias inside its own anchor (`a: &a [*a]`) nests without end, and
# walking it used to eat memory until the process was killed. Real files nest < 10 levels.
MAX_DEPTH = 100
# An answer file holds about 100 values (every test on both sides, a few PSFS activities, the
# screen): 2,000 is generous for a person and refuses a file of a million keys after reading
# 2,000 of them (it took 37 s and 2.2 GB to report every unknown key, one line each).
MAX_ANSWER_NODES = 2_000

Path_ = tuple[Any, ...]


class LineMap:
    """Maps a path of keys/indexes in the loaded document to its 1-based line.

    `fill`, if given, makes the map on first use: a map derived from another (the catalogue's
    bare-list form, shifted under `exercises`) is only made when a problem is reported.
    """

    def __init__(self, fill: Callable[[], dict[Path_, int]] | None = None) -> None:
        self._lines: dict[Path_, int] | None = None if fill is not None else {}
        self._fill = fill

    @property
    def lines(self) -> dict[Path_, int]:
        if self._lines is None:
            fill, self._fill = self._fill, None
            self._lines = fill() if fill is not None else {}
        return self._lines

    def line(self, loc: Path_) -> int:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


# Built on first use from whichever loader this PyYAML has (C or pure Python): typed as Any.
_LOADER: Any = None


def _loader_cls() -> Any:
    """The C loader when available, with timestamps left as strings.

    PyYAML would build `2026-02-30` itself and fail with a bare ValueError and no line; as a
    string it reaches pydantic, which reports it as `file:line: date: ...` like any other field.

    Each plain scalar's tag is resolved once per text (`13`, `true`, `band` come back thousands
    of times in a catalogue; PyYAML tries its regular expressions on every one): 1.5x faster.
    The tag of a plain scalar depends on its text only, as long as no path resolvers are added.
    """
    global _LOADER
    if _LOADER is None:
        import yaml

        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        scalar, base_resolve, default_tag = yaml.ScalarNode, base.resolve, base.DEFAULT_SCALAR_TAG

        def __init__(self: Any, stream: str) -> None:
            base.__init__(self, stream)
            self._tags = {}

        def resolve(self: Any, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
            if kind is scalar:
                if not implicit[0]:
                    return default_tag  # quoted, or a block scalar
                tags = self._tags
                tag: str | None = tags.get(value)
                if tag is None:
                    tag = tags[value] = str(base_resolve(self, kind, value, implicit))
                return tag
            return str(base_resolve(self, kind, value, implicit))

        methods = {"__init__": __init__, "resolve": resolve} if not base.yaml_path_resolvers else {}
        _LOADER = type("GluteLoader", (base,), methods)
        _LOADER.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
        _LOADER.add_constructor("tag:yaml.org,2002:int", _decimal_int)
    return _LOADER


_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)")


def _decimal_int(loader: Any, node: Any) -> int:
    """A YAML 1.1 integer, decimal only: `030` (octal 24), `0x1f`, `0b11`, `1_000` and `1:30`
    (sexagesimal 90) are read as something else than what a person wrote, so they are refused."""
    import yaml

    text = node.value
    if not (_DECIMAL.fullmatch(text) and text.isascii()):
        meant = loader.construct_yaml_int(node)
        raise yaml.constructor.ConstructorError(
            None, None, f"{text!r} is not a decimal whole number (YAML 1.1 would read it as {meant}); write it without a leading 0, prefix or separator, or quote it", node.start_mark
        )
    return int(text)


def parse(text: str, source: str, *, max_nodes: int | None = None, hint: str | None = None) -> tuple[Any, LineMap]:
    """Parse YAML (or JSON) text into plain data plus a LineMap. Raises ValidationFailed on any problem.

    `max_nodes` refuses a document of more values than that (keys, values, list items, aliases as
    written) before building anything of it; `hint` is the hint of that refusal.
    """
    if not text or text.isspace():
        raise ValidationFailed(source, [f"{source}:1: (document): the file is empty"])
    if max_nodes is not None:
        _refuse_too_many_nodes(text, source, max_nodes, hint)
    # The garbage collector is paused during the load: the nodes and values made are not cycles,
    # and collecting while millions of them are made is most of the time on a big catalogue.
    gc_was = gc.isenabled()
    gc.disable()
    loader = _loader_cls()(_join_surrogate_pairs(text))
    try:
        node = _compose(loader, text, source)
        if _ANCHOR.search(text):  # without an anchor there is no alias, nothing to expand
            _refuse_alias_bomb(node, source)
        lines = LineMap()
        _walk(node, (), lines, source)
        return _construct(loader, node, source), lines
    except ValueError as e:
        # PyYAML's own conversions (e.g. an integer longer than Python's 4300-digit limit) raise a
        # bare ValueError with no position: still an input error, never a traceback.
        raise ValidationFailed(source, [f"{source}:1: (document): a value cannot be read: {str(e).splitlines()[0]}"]) from None
    finally:
        loader.dispose()
        if gc_was:
            gc.enable()


# An anchor is `&` and a letter, digit, `_` or `-`: all the scanner accepts (`hips & knees` is none).
_ANCHOR = re.compile(r"&[0-9A-Za-z_-]")

# json.dump (ensure_ascii, its default) writes a character beyond U+FFFF as an escaped surrogate
# pair (`"\ud83d\ude00"`), which YAML refuses. In JSON text (every string double-quoted) such
# pairs are decoded before the parse; a line keeps its number. A lone surrogate is still refused.
_SURROGATE_PAIR = re.compile(r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _join_surrogate_pairs(text: str) -> str:
    if "\\u" not in text or text.lstrip()[:1] not in ("{", "["):
        return text

    def char(m: re.Match[str]) -> str:
        high, low = int(m[2], 16), int(m[3], 16)
        return m[1] + chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    return _SURROGATE_PAIR.sub(char, text)


def _compose(loader: Any, text: str, source: str) -> yaml.Node:
    import yaml

    try:
        node: yaml.Node | None = loader.get_single_node()
    except RecursionError:  # the pure-Python composer (no libyaml) recurses once per level
        _refuse_deep_nesting(text, source)
        raise ValidationFailed(source, [f"{source}:1: (document): nested more than {MAX_DEPTH} levels deep"]) from None
    except yaml.MarkedYAMLError as e:
        _refuse_deep_nesting(text, source)
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        msg = (e.problem or e.context or "invalid YAML").strip()
        raise ValidationFailed(source, [f"{source}:{line}: (syntax): {msg}"]) from None
    except yaml.YAMLError as e:
        raise ValidationFailed(source, [f"{source}:1: (syntax): {e}"]) from None
    if node is None:
        raise ValidationFailed(source, [f"{source}:1: (document): the file is empty"])
    return node


def _construct(loader: Any, node: Any, source: str) -> Any:
    import yaml

    try:
        return loader.construct_document(node)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ValidationFailed(source, [f"{source}:{line}: (syntax): {getattr(e, 'problem', None) or e}"]) from None


# ---------------------------------------------------------------- nesting depth
#
# libyaml (PyYAML >= 6.0.4) refuses about 1,000 levels of nesting with its own error, met while it
# looks ahead, and the pure-Python composer recurses until RecursionError; older libyaml crashed
# (SIGSEGV) instead, hence the floor. glute's own limit is lower and its message names it: when a
# parse fails, the text up to the failure is measured from the parser's events, which never recurse.

# Longest prefix measured again by the pure-Python parser (~3 s), which has no limit of its own.
_MAX_REMEASURE = 2 * 1024 * 1024


def _refuse_deep_nesting(text: str, source: str) -> None:
    """Raise glute's depth error if the text, as far as it parses, nests deeper than MAX_DEPTH."""
    import yaml

    failed_at = _measure_depth(_loader_cls(), text, source)
    if failed_at is None:
        return
    # The C parser stopped on an error, maybe its own nesting limit met in its look-ahead before
    # the events reach glute's: the look-ahead is measured again by the pure-Python parser, only
    # when it could hold the levels missing, and on a bounded prefix.
    index, depth, after = failed_at
    window = text[after : index + 1]
    if index <= _MAX_REMEASURE and window.count("[") + window.count("{") + depth > MAX_DEPTH:
        _measure_depth(yaml.SafeLoader, text[: index + 1], source)


def _measure_depth(loader_cls: type, text: str, source: str) -> tuple[int, int, int] | None:
    """Refuse a text whose events nest deeper than MAX_DEPTH. None if the text parses, or where
    the parser stopped on an error: (index of the error, depth reached, index after the last event)."""
    import yaml

    loader = loader_cls(text)
    depth = after = 0
    try:
        while True:
            ev = loader.get_event()
            if ev is None:
                return None
            after = ev.end_mark.index
            if isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line = ev.start_mark.line + 1 if ev.start_mark is not None else 1
                    raise ValidationFailed(source, [f"{source}:{line}: (document): nested more than {MAX_DEPTH} levels deep"])
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        return (mark.index if mark is not None else len(text)), depth, after
    finally:
        loader.dispose()


def _refuse_too_many_nodes(text: str, source: str, limit: int, hint: str | None) -> None:
    """Count the parser's events up to `limit`: memory and time stay bounded by the limit, not the
    file (composing a million keys first would hold them all). A syntax error is left to `_compose`."""
    import yaml

    counted = (yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
    loader = _loader_cls()(text)
    count = 0
    try:
        while True:
            ev = loader.get_event()
            if ev is None:
                return
            if isinstance(ev, counted):
                count += 1
                if count > limit:
                    line = ev.start_mark.line + 1 if ev.start_mark is not None else 1
                    raise ValidationFailed(source, [f"{source}:{line}: (document): more than {limit:,} keys and values; stopped reading here"], hint=hint)
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _refuse_alias_bomb(root: Any, source: str) -> None:
    """Refuse a document whose values, aliases expanded, are more than MAX_NODES, before `_walk`
    would expand them: each node is counted once (an alias is its anchor's node again), so a
    "billion laughs" is refused at once. The line is that of the top-level entry that passes
    the limit. A node inside itself (`a: &a [*a]`) counts as empty there: `_walk` reports it."""
    import yaml

    mapping, sequence = yaml.MappingNode, yaml.SequenceNode

    def children(node: Any) -> list[Any]:
        if isinstance(node, mapping):
            return [v for _, v in node.value]
        return node.value if isinstance(node, sequence) else []

    sizes: dict[int, int] = {}  # id(node) -> values it holds, itself included (at most MAX_NODES + 1)
    open_: set[int] = set()  # nodes whose children are being counted
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            sizes[key] = min(MAX_NODES + 1, 1 + sum(sizes.get(id(c), 0) for c in children(node)))
        elif key not in sizes and key not in open_:
            open_.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children(node))
    if sizes[id(root)] <= MAX_NODES:
        return
    line, total = root.start_mark.line + 1, 1
    for k, v in root.value if isinstance(root, mapping) else ((c, c) for c in children(root)):
        total += sizes.get(id(v), 0)
        if total > MAX_NODES:
            line = k.start_mark.line + 1
            break
    raise ValidationFailed(source, [f"{source}:{line}: (document): too many values after expanding aliases (limit {MAX_NODES:,})"])


def _walk(root: Any, path: Path_, lines: LineMap, source: str) -> None:
    """Record the line of every node; count nodes as expanded to refuse alias bombs.

    A mapping value is recorded at the line of its key (`dose:`), not where the value starts
    (a block mapping or list starts on the next line; an alias at its anchor).
    """
    import yaml

    mapping, sequence, scalar = yaml.MappingNode, yaml.SequenceNode, yaml.ScalarNode
    max_depth, max_nodes = MAX_DEPTH, MAX_NODES  # locals: this loop runs once per value
    count = 0
    duplicates: list[str] = []
    known = lines.lines
    stack = [(root, path, root.start_mark.line + 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, p, at = pop()
        count += 1
        if len(p) > max_depth:
            raise ValidationFailed(
                source,
                [f"{source}:{at}: {format_loc(p[:2])}: nested more than {MAX_DEPTH} levels deep (or an alias refers to itself)"],
            )
        if count > max_nodes:
            raise ValidationFailed(
                source,
                [f"{source}:{node.start_mark.line + 1}: (document): too many values after expanding aliases (limit {MAX_NODES:,})"],
            )
        known.setdefault(p, at)
        if isinstance(node, mapping):
            seen: dict[str, int] = {}
            for k, v in node.value:
                key = k.value if isinstance(k, scalar) else str(k.start_mark.line)
                line = k.start_mark.line + 1
                # YAML keeps the last of two equal keys silently; a typo must not win quietly.
                if key in seen and key != "<<":
                    duplicates.append(f"{source}:{line}: {format_loc((*p, key))}: duplicate key (first at line {seen[key]})")
                seen.setdefault(key, line)
                push((v, (*p, key), line))
        elif isinstance(node, sequence):
            for i, v in enumerate(node.value):
                push((v, (*p, i), v.start_mark.line + 1))
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


def _real_loc(loc: Path_, data: Any) -> Path_:
    """`loc` without the parts pydantic adds for unions and validators (`RepsResult`, `list[int]`,
    `function-after[...]`): a part that is a key (or index) of the data as read is always kept,
    also `Schedule` or `a[b]`; without the data, such parts are told apart by their look."""
    out = []
    cur = data
    for x in loc:
        if (isinstance(cur, dict) and x in cur) or (isinstance(cur, list) and isinstance(x, int) and 0 <= x < len(cur)):
            out.append(x)
            cur = cur[x]
        elif isinstance(x, str) and (x[:1].isupper() or "[" in x or x.startswith("function-")) and (data is None or cur is not _GONE):
            continue
        else:
            out.append(x)
            cur = _GONE if data is not None else None
    return tuple(out)


_GONE = object()  # the location has left the data (a missing key)


def pydantic_problems(err: Any, source: str, lines: LineMap, *, name_loc: Any = None, data: Any = None) -> list[str]:
    """Turn a pydantic ValidationError into sorted `file:line: field: message` lines.

    `name_loc(loc)` may rewrite a location for display (the catalogue shows `clamshell.dose`);
    `data` (the document as read) tells keys from the names pydantic adds for unions.
    """
    out: list[tuple[int, str]] = []
    for e in err.errors(include_url=False):
        loc = _real_loc(tuple(e["loc"]), data)
        line = lines.line(loc)
        field = name_loc(loc) if name_loc else format_loc(loc)
        msg = e["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        if isinstance(e.get("input"), bool) and e["type"] in ("int_type", "float_type", "int_parsing", "float_parsing"):
            msg = f"{str(e['input']).lower()} is not a number (YAML reads yes/no/on/off as true/false); write a number"
        elif e["type"] == "extra_forbidden":
            msg = "unknown key (check the spelling; see the documented schema)"
        elif e["type"] == "missing":
            msg = "required field is missing"
        out.append((line, f"{source}:{line}: {field}: {msg}"))
    out.sort(key=lambda t: t[0])
    return list(dict.fromkeys(m for _, m in out))


