"""Safe YAML/JSON reading that remembers the line of every value, for `file:line: field: message`."""

from __future__ import annotations

import gc
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import InputError, ValidationFailed

# Refuse big inputs before reading them: an answer file is ~1 KB, the built-in catalogue ~40 KB,
# a 10,000-exercise user catalogue ~12 MB (22 MB with stick figures).
MAX_BYTES = 32 * 1024 * 1024
# Alias expansion ("billion laughs") is bounded by counting nodes as they would be expanded. A
# file without anchors cannot expand, but its values are counted too: 10,000 exercises with
# figures hold 1.84 M values, a 32 MB file of such exercises ~2.7 M.
MAX_NODES = 5_000_000
# Nesting is bounded too: an alias inside its own anchor (`a: &a [*a]`) nests without end, and
# walking it used to eat memory until the process was killed. Real files nest < 10 levels.
MAX_DEPTH = 100

Path_ = tuple[Any, ...]


class LineMap:
    """Maps a path of keys/indexes in the loaded document to its 1-based line.

    Lines are only needed to report a problem, so a fast load passes `fill` instead: it makes
    the map on first use (by parsing the text again) and is never run for a valid file.
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


def read_text(path: str | Path, *, what: str = "file") -> str:
    """Read a UTF-8 text file with clear errors for every way a path can be wrong."""
    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "<stdin>"
    else:
        if not str(path).strip():
            raise InputError(f"no {what} name given (an empty path)", hint="give a file name, or - for stdin")
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
        if not stat.S_ISREG(st.st_mode):
            # A FIFO with no writer would block for ever, a device may never end: regular files only.
            raise InputError(f"{name}: is not a regular file (a FIFO, a device or a socket), expected a {what}", hint="to read from a pipe, give - and pipe it to stdin")
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
                tag = tags.get(value)
                if tag is None:
                    tag = tags[value] = base_resolve(self, kind, value, implicit)
                return tag
            return base_resolve(self, kind, value, implicit)

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


def parse(text: str, source: str) -> tuple[Any, LineMap]:
    """Parse YAML (or JSON) text into plain data plus a LineMap. Raises ValidationFailed on syntax errors.

    Two fast paths give exactly the data the general path gives, with the same guarantees (size,
    depth, duplicate keys, no alias bombs): JSON text is read by the json module, and YAML without
    anchors (so without aliases to expand) is built without `_walk`. Their LineMap is only made
    (by parsing the text again) if a problem is reported.
    """
    if not text or text.isspace():
        raise ValidationFailed(source, [f"{source}:1: (document): the file is empty"])
    # The garbage collector is paused during the load: 3x faster on a 10k-entry catalogue.
    gc_was = gc.isenabled()
    gc.disable()
    try:
        data, lines = _parse(text, source)
    except ValueError as e:
        # PyYAML's own conversions (e.g. an integer longer than Python's 4300-digit limit) raise a
        # bare ValueError with no position: still an input error, never a traceback.
        raise ValidationFailed(source, [f"{source}:1: (document): a value cannot be read: {str(e).splitlines()[0]}"]) from None
    finally:
        if gc_was:
            gc.enable()
    if lines is None:
        lines = LineMap(lambda: _lines_of(text, source))
    return data, lines


def _parse(text: str, source: str) -> tuple[Any, LineMap | None]:
    """(data, line map), or (data, None) from a fast path."""
    start = _LEADING_SPACE.match(text).end()  # type: ignore[union-attr]
    if text[start : start + 1] in ("{", "["):
        data = _parse_json(text)
        if data is not _SLOW:
            return data, None
    _refuse_deep_nesting(text, source)
    loader = _loader_cls()(text)
    try:
        node = _compose(loader, source)
        # An anchor is `&` and a letter, digit, `_` or `-` (`hips & knees` is none). `<<` (a merge
        # key) rewrites mappings while they are built: such files take the general path too.
        if not _ANCHOR.search(text) and "<<" not in text:
            data = _construct_plain(loader, node)
            if data is not _SLOW:
                return data, None
        _refuse_alias_bomb(node, source)
        lines = LineMap()
        _walk(node, (), lines, source)
        return _construct(loader, node, source), lines
    finally:
        loader.dispose()


_LEADING_SPACE = re.compile(r"\s*")
_ANCHOR = re.compile(r"&[0-9A-Za-z_-]")
_SLOW = object()  # "the general path decides"


def _compose(loader: Any, source: str) -> Any:
    import yaml

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
    return node


def _construct(loader: Any, node: Any, source: str) -> Any:
    import yaml

    try:
        return loader.construct_document(node)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ValidationFailed(source, [f"{source}:{line}: (syntax): {getattr(e, 'problem', None) or e}"]) from None


def _lines_of(text: str, source: str) -> dict[Path_, int]:
    """The line map of a text a fast path loaded, made when it is first needed.

    The text is parsed again as YAML (JSON is YAML to PyYAML). Best effort: a JSON text that YAML
    reads differently or not at all (a tab before the first `{`...) has every value at line 1.
    A fast path has already checked the nesting depth (JSON nests the same read as YAML).
    """
    import yaml

    lines = LineMap()
    gc_was = gc.isenabled()
    gc.disable()
    try:
        node = _loader_cls()(text).get_single_node()
        if node is not None:
            _walk(node, (), lines, source)
    except (yaml.YAMLError, ValidationFailed):
        pass  # lines found before the problem are kept
    finally:
        if gc_was:
            gc.enable()
    return lines.lines


# ---------------------------------------------------------------- JSON fast path
#
# json.loads (C) is ~60x faster than PyYAML on a big JSON catalogue. It must give what the YAML
# path gives, or step aside (_SLOW) for the YAML path to read or refuse the text as before: on a
# duplicate key (YAML reports it with its line), exponent floats (YAML 1.1 reads `1e5` as a
# string), NaN/Infinity (strings to YAML), characters YAML refuses or reads as line breaks (C1
# controls, NEL, U+2028/9, U+FFFE/F), lone escaped surrogates (YAML refuses them), nesting deeper
# than MAX_DEPTH, and anything json.loads refuses. JSON has no aliases: nothing to expand.

_NOT_LIKE_YAML = re.compile(r"[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# A lone surrogate escape (YAML refuses it, json.loads would make a broken string). A pair, high
# then low (`\ud83d\ude00`: what json.dump writes for an emoji), is valid JSON and read here.
_SURROGATE_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]")


class _Differs(Exception):
    """A JSON value that YAML reads as another type."""


def _json_float(s: str) -> float:
    if "e" in s or "E" in s:
        raise _Differs(s)
    return float(s)


def _json_constant(s: str) -> Any:
    raise _Differs(s)


def _parse_json(text: str) -> Any:
    import json

    if "\x7f" in text or (not text.isascii() and _NOT_LIKE_YAML.search(text)) or _SURROGATE_ESCAPE.search(text):
        return _SLOW
    duplicate = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicate
        out = dict(items)
        if len(out) != len(items):
            duplicate = True
        return out

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_float=_json_float, parse_constant=_json_constant)
    except (ValueError, RecursionError, _Differs):  # JSONDecodeError is a ValueError
        return _SLOW
    if duplicate or (text.count("[") + text.count("{") > MAX_DEPTH and _too_deep(data)):
        return _SLOW
    return data


def _too_deep(root: Any) -> bool:
    """Whether a value holds a value more than MAX_DEPTH lists/dicts deep (`_walk`'s rule)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        values = node.values() if node.__class__ is dict else node
        if values and depth >= MAX_DEPTH:
            return True
        for v in values:
            if v.__class__ is dict or v.__class__ is list:
                stack.append((v, depth + 1))
    return False


# ---------------------------------------------------------------- YAML without anchors

_TAG = "tag:yaml.org,2002:"
_STR, _TIMESTAMP, _NULL, _BOOL, _INT, _FLOAT, _SEQ, _MAP = (
    _TAG + t for t in ("str", "timestamp", "null", "bool", "int", "float", "seq", "map")
)


def _construct_plain(loader: Any, root: Any) -> Any:
    """`loader.construct_document(root)` for a document without anchors, ~6x faster, also doing
    `_walk`'s checks: _SLOW (the general path reports or builds it) for a duplicate key, nesting
    deeper than MAX_DEPTH, or anything but mappings, lists and plain scalars (tags, sets,
    complex keys...). The values are not counted: without aliases nothing expands."""
    import yaml

    scalar_cls, seq_cls, map_cls = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode

    def scalar(n: Any) -> Any:
        tag = n.tag
        if tag in (_STR, _TIMESTAMP):  # timestamps stay strings (see _loader_cls)
            return n.value
        if tag == _INT:
            v = n.value
            if v.isdigit() and v.isascii() and (v[0] != "0" or len(v) == 1):
                return int(v)
            return _decimal_int(loader, n)
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return loader.construct_yaml_bool(n)
        if tag == _FLOAT:
            return loader.construct_yaml_float(n)
        raise _Differs(tag)

    def container(n: Any) -> Any:
        cls = n.__class__
        if cls is map_cls and n.tag == _MAP:
            return {}
        if cls is seq_cls and n.tag == _SEQ:
            return []
        raise _Differs(n.tag)

    try:
        if root.__class__ is scalar_cls:
            return scalar(root)
        top = container(root)
        stack = [(root, top, 0)]
        while stack:
            node, into, depth = stack.pop()
            items = node.value
            if items and depth >= MAX_DEPTH:
                return _SLOW
            if into.__class__ is dict:
                plain_keys = True
                for k, v in items:
                    if k.__class__ is not scalar_cls:
                        return _SLOW
                    if k.tag == _STR:
                        key = k.value
                    else:
                        key = scalar(k)
                        plain_keys = False
                    if v.__class__ is scalar_cls:
                        into[key] = v.value if v.tag == _STR else scalar(v)
                    else:
                        into[key] = c = container(v)
                        stack.append((v, c, depth + 1))
                # A duplicate key as written (`_walk` compares keys as written, too).
                if len(into) != len(items) if plain_keys else len({k.value for k, _ in items}) != len(items):
                    return _SLOW
            else:
                append = into.append
                for v in items:
                    if v.__class__ is scalar_cls:
                        append(v.value if v.tag == _STR else scalar(v))
                    else:
                        append(c := container(v))
                        stack.append((v, c, depth + 1))
        return top
    except Exception:  # an unusual tag, or a value the constructor refuses: as before
        return _SLOW


# ---------------------------------------------------------------- nesting depth
#
# PyYAML's C composer recurses once per nesting level and crashes the process (SIGSEGV, exit 139)
# somewhere below 50,000 levels: `[[[[...` in a 100 KB file. A cheap bound on the depth lets
# ordinary files through untouched; a file that could nest deeper than SAFE_COMPOSE_DEPTH has its
# depth measured from the parser's events first (~2 s for 20 MB).
SAFE_COMPOSE_DEPTH = 5_000


def _refuse_deep_nesting(text: str, source: str) -> None:
    # Every level of flow nesting needs a `[` or a `{`, every level of block nesting a column of a
    # line (`- - x`: two). A catalogue has too many brackets for the first count: its flow
    # collections are measured a few levels deep (_flow_nesting_bound).
    for flow in (lambda: text.count("[") + text.count("{"), lambda: _flow_nesting_bound(text)):
        bound = flow()
        if bound <= SAFE_COMPOSE_DEPTH and not _has_line_longer_than(text, (SAFE_COMPOSE_DEPTH - bound) // 2):
            return
    import yaml

    failed_at = _measure_depth(_loader_cls(), text, source)
    if failed_at is None:
        return
    # The C parser stopped on an error. libyaml (PyYAML >= 6.0.3) has a nesting limit of its
    # own, met while it looks ahead, before the events reach glute's: the text up to that point
    # is measured again by the pure-Python parser, which has none, so glute's limit and message
    # come first. Only when the look-ahead could hold the levels missing, and on a bounded prefix
    # (0.75 MB/s); anything else is a syntax error, reported with its line by the parse itself.
    index, depth, after = failed_at
    window = text[after : index + 1]
    if index <= _MAX_REMEASURE and window.count("[") + window.count("{") + depth > MAX_DEPTH:
        _measure_depth(yaml.SafeLoader, text[: index + 1], source)


# Longest prefix that _refuse_deep_nesting measures with the pure-Python parser (~3 s).
_MAX_REMEASURE = 2 * 1024 * 1024


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
                    raise ValidationFailed(
                        source, [f"{source}:{ev.start_mark.line + 1}: (document): nested more than {MAX_DEPTH} levels deep"]
                    )
            elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        return (mark.index if mark is not None else len(text)), depth, after
    finally:
        loader.dispose()


# What can hide a bracket from the parser: quotes, comments (`#`) and tags (`!<a[b]>`).
_FLOW_DROP = bytes(c for c in range(256) if c not in b"[]{}\"'#!")
_INNERMOST = re.compile(rb"\[\]|\{\}")


def _flow_nesting_bound(text: str) -> int:
    """An upper bound on how many flow collections (`[...]`, `{...}`) nest.

    A `[` or `{` whose span holds no quote, `#` or `!`, and only brackets that pair up among
    themselves, is a collection with exactly that bracket structure inside, if it is one at all
    (in flow context nothing else can hold a bracket). Removing such innermost pairs level by
    level, the depth is at most the levels removed plus the brackets left: a catalogue's
    `[15, 20]` and `{hip: [50, 40], ...}` go in two steps. (A `[a: b]` entry is a one-pair
    mapping, a level without a bracket: the bound may be 2x short, as the plain count may;
    SAFE_COMPOSE_DEPTH is 10x below the crash.)
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, _FLOW_DROP)
    levels = 0
    while levels < 8:  # real files nest a few levels; deeper ones are measured instead
        shorter = _INNERMOST.sub(b"", rest)
        if len(shorter) == len(rest):
            break
        rest, levels = shorter, levels + 1
    return levels + rest.count(b"[") + rest.count(b"{")


def _has_line_longer_than(text: str, limit: int) -> bool:
    """Whether a line (between two `\\n`) is longer than `limit`, in C-speed steps of ~limit."""
    if limit < 64:
        return len(text) > limit  # small limits would take many steps: assume the worst
    pos, end = 0, len(text)
    while end - pos > limit:
        nl = text.rfind("\n", pos, pos + limit + 1)
        if nl < 0:
            return True
        pos = nl + 1
    return False


def _refuse_alias_bomb(root: Any, source: str) -> None:
    """Refuse a document whose values, aliases expanded, are more than MAX_NODES, before `_walk`
    would expand them: each node is counted once (an alias is its anchor's node again), so a
    "billion laughs" is refused at once. The line is that of the top-level entry that passes
    the limit. A node inside itself (`a: &a [*a]`) counts as empty there: `_walk` reports it."""
    import yaml

    mapping, sequence = yaml.MappingNode, yaml.SequenceNode

    def children(node: Any) -> list:
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

    count = 0
    duplicates: list[str] = []
    known = lines.lines
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
        known.setdefault(p, at)
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


def _real_loc(loc: tuple, data: Any) -> tuple:
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
    seen: set[str] = set()
    return [m for _, m in out if not (m in seen or seen.add(m))]


def atomic_write_text(path: Path, text: str) -> None:
    """Write via a temp file + fsync + rename so a crash never leaves a half-written file.

    The temp file is made by `tempfile.mkstemp` (O_CREAT|O_EXCL, an unpredictable name, mode 0600)
    in the target's folder: another user of a shared folder cannot plant a symlink for it to follow.
    The result is 0600 (health data), or keeps the mode of the regular file it replaces.
    """
    import stat
    import tempfile

    from .errors import StoreError

    path = Path(path)
    try:
        st = os.stat(path)
        mode = stat.S_IMODE(st.st_mode) if stat.S_ISREG(st.st_mode) else 0o600
    except OSError:
        mode = 0o600
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            if hasattr(os, "fchmod"):  # (not on Windows: ACLs, not modes)
                os.fchmod(fh.fileno(), mode)
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
    except OSError as e:
        import errno

        if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
            why = "the disk is full"
        elif e.errno == errno.EROFS:
            why = f"cannot write to {path.parent}: the folder is read-only"
        elif e.errno in (errno.EACCES, errno.EPERM):
            why = f"cannot write to {path.parent}: permission denied"
        else:
            why = f"cannot write: {e.strerror or e}"
        raise StoreError(f"{path}: {why}; the file was not written", hint="check that the folder exists, is writable and the disk is not full") from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
