"""Load, validate, cache and query the exercise catalogue."""

from __future__ import annotations

import difflib
import gc
import hashlib
import json
import os
import re
import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from . import __version__
from .errors import NotFoundError, ValidationFailed
from .models import ID_RE, CatalogueFile, Equipment, Exercise, Function
from .paths import cache_dir, catalogue_path
from .yamlio import LineMap, format_loc, load_file, pydantic_problems

if TYPE_CHECKING:  # pydantic's error type: only a catalogue with problems needs it
    from pydantic import ValidationError

# Equipment that every plan may assume at the lowest rung: body weight or a band (a plan is
# always possible).
BASIC_EQUIPMENT = {Equipment.band}


class Catalogue:
    """A validated list of exercises with lookups. Plain Python: no I/O after construction."""

    def __init__(self, exercises: list[Exercise], source: str = "<catalogue>") -> None:
        self.exercises = exercises
        self.source = source
        self.by_id = {e.id: e for e in exercises}
        self._filtered: dict[tuple[object, ...], list[Exercise]] = {}  # the planner asks the same few questions many times

    def __len__(self) -> int:
        return len(self.exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self.by_id[exercise_id]
        except KeyError:
            pass
        # Accept a name or alias typed in any case, as a person would.
        wanted = exercise_id.strip().lower()
        for e in self.exercises:
            if wanted == e.name.lower() or wanted in (a.lower() for a in e.aliases):
                return e
        close = difflib.get_close_matches(exercise_id, list(self.by_id), n=3, cutoff=0.5)
        hint = f"did you mean {', '.join(close)}?" if close else "list them with: glute exercises"
        raise NotFoundError(f"no exercise with id {exercise_id!r}", hint=hint)

    def filter(
        self,
        function: Function | None = None,
        level: int | None = None,
        equipment: Iterable[Equipment] | None = None,
    ) -> list[Exercise]:
        """Exercises that train `function`, sit at `level`, and need only the given equipment."""
        owned = set(equipment) if equipment is not None else None
        memo = (function, level, None if owned is None else frozenset(owned))
        if memo in self._filtered:
            return list(self._filtered[memo])
        out: list[Exercise] = []
        for e in self.exercises:
            if function is not None and function not in e.functions:
                continue
            if level is not None and e.level != level:
                continue
            if owned is not None and not set(e.equipment) <= owned:
                continue
            out.append(e)
        self._filtered[memo] = out
        return list(out)

    def ladder(self, exercise_id: str) -> list[list[str]]:
        """The rungs around an exercise: regressions below, itself, progressions above (ids per level)."""
        ex = self.get(exercise_id)
        rungs: dict[int, list[str]] = {ex.level: [ex.id]}
        for attr, step in (("regresses_to", -1), ("progresses_to", 1)):
            frontier = [ex]
            while frontier:
                nxt: list[Exercise] = []
                for cur in frontier:
                    for tid in getattr(cur, attr):
                        t = self.by_id[tid]
                        bucket = rungs.setdefault(cur.level + step, [])
                        if tid not in bucket:
                            bucket.append(tid)
                            nxt.append(t)
                frontier = nxt
        return [rungs[k] for k in sorted(rungs)]


def _display_loc(raw: Any) -> Callable[[tuple[Any, ...]], str]:
    """Location formatter: `exercises[3].dose` becomes `clamshell.dose` when entry 3 has an id."""

    def name(loc: tuple[Any, ...]) -> str:
        if len(loc) >= 2 and loc[0] == "exercises" and isinstance(loc[1], int):
            try:
                ident = raw["exercises"][loc[1]].get("id")
            except Exception:
                ident = None
            head = ident if isinstance(ident, str) and ident else f"exercises[{loc[1]}]"
            rest = format_loc(loc[2:])
            return head if rest == "(document)" else f"{head}.{rest}"
        return format_loc(loc)

    return name


def cross_check(
    exercises: list[Exercise],
    source: str,
    lines: LineMap,
    ids_at: list[int],
    all_ids: set[str] | None = None,
    coverage: bool = True,
    raw_ids: list[tuple[int, str]] | None = None,
) -> list[str]:
    """Rules that span entries: unique ids, ladders one level apart, coverage per function/level.

    `raw_ids` ((index, id) of every entry, valid or not) makes the duplicate check see invalid
    entries too, so a duplicate is reported even when one of the two copies has other problems.
    """
    problems: list[tuple[int, str]] = []

    def add(loc: tuple[Any, ...], field: str, msg: str) -> None:
        line = lines.line(loc)
        problems.append((line, f"{source}:{line}: {field}: {msg}"))

    seen: dict[str, int] = {}
    for i, ident in raw_ids if raw_ids is not None else [(i, e.id) for i, e in zip(ids_at, exercises, strict=True)]:
        if ident in seen:
            add(("exercises", i, "id"), f"{ident}.id", f"duplicate id (first used at line {lines.line(('exercises', seen[ident], 'id'))})")
        else:
            seen[ident] = i
    by_id = {e.id: e for e in exercises}
    for i, e in zip(ids_at, exercises, strict=True):
        for attr, step, word in (("progresses_to", 1, "up"), ("regresses_to", -1, "down")):
            for j, tid in enumerate(getattr(e, attr)):
                loc = ("exercises", i, attr, j)
                t = by_id.get(tid)
                if t is None and all_ids is not None and tid in all_ids:
                    continue  # the target entry is invalid itself; it is reported on its own lines
                if t is None:
                    close = difflib.get_close_matches(tid, list(by_id), n=1)
                    extra = f" (did you mean {close[0]}?)" if close else ""
                    add(loc, f"{e.id}.{attr}", f"unknown exercise id {tid!r}{extra}")
                elif not 1 <= e.level + step <= 3:
                    add(loc, f"{e.id}.{attr}", f"a level-{e.level} exercise has no {'higher' if step > 0 else 'lower'} level to {attr.split('_')[0][:-2]} to; leave {attr} empty")
                elif t.level != e.level + step:
                    add(loc, f"{e.id}.{attr}", f"{tid} is level {t.level}; it must be one level {word} (level {e.level + step})")
                elif tid == e.id:
                    add(loc, f"{e.id}.{attr}", "an exercise cannot point at itself")
    for i, e in zip(ids_at, exercises, strict=True):
        base = e.variant_of
        if base is not None and (all_ids is None or base not in all_ids) and (base not in by_id or base == e.id):
            add(("exercises", i, "variant_of"), f"{e.id}.variant_of", f"unknown exercise id {base!r}" if base != e.id else "an exercise cannot be a variant of itself")
    for f in Function if coverage else ():
        for level in (1, 2, 3):
            if not any(f in e.functions and e.level == level and set(e.equipment) <= BASIC_EQUIPMENT for e in exercises):
                add(
                    ("exercises",),
                    "exercises",
                    f"no level-{level} exercise for {f.value} that needs only body weight or a band "
                    "(every function needs one at each level so a plan is always possible)",
                )
    problems.sort(key=lambda t: t[0])
    return [m for _, m in problems]


def validate(data: Any, lines: LineMap, source: str) -> Catalogue:
    """Validate parsed data; every problem in the file is reported at once."""
    from pydantic import ValidationError

    problems: list[str] = []
    exercises: list[Exercise] = []
    ids_at: list[int] = []
    if isinstance(data, list):  # a bare list of exercises is accepted too
        data = {"exercises": data}
        lines = _shift(lines)
    if not isinstance(data, dict):
        raise ValidationFailed(source, [f"{source}:{lines.line(())}: (document): expected a mapping with an `exercises:` list"])
    # Validate entry by entry so one bad exercise does not hide the problems of the others.
    raw_list = data.get("exercises")
    for key in data:
        if key not in CatalogueFile.model_fields:
            problems.append(f"{source}:{lines.line((key,))}: {format_loc((key,))}: unknown key (expected catalogue_version, exercises)")
    if data.get("catalogue_version", 1) != 1:
        problems.append(
            f"{source}:{lines.line(('catalogue_version',))}: catalogue_version: "
            f"version {data.get('catalogue_version')!r} is not supported by glute {__version__} (expected 1)"
        )
    if not isinstance(raw_list, list) or not raw_list:
        problems.append(f"{source}:{lines.line(('exercises',))}: exercises: expected a non-empty list of exercises")
        raw_list = []
    namer = _display_loc(data)
    for i, raw in enumerate(raw_list):
        try:
            exercises.append(Exercise.model_validate(raw))
            ids_at.append(i)
        except ValidationError as err:
            wrapped = _prefix(err, i)
            problems += pydantic_problems(wrapped, source, lines, name_loc=namer, data=data)
    raw_ids = [(i, r["id"]) for i, r in enumerate(raw_list) if isinstance(r, dict) and isinstance(r.get("id"), str)]
    all_ids = {ident for _, ident in raw_ids}
    # Coverage is only meaningful once every entry is valid.
    problems += cross_check(exercises, source, lines, ids_at, all_ids, coverage=not problems, raw_ids=raw_ids)
    if problems:
        problems.sort(key=_line_of)
        raise ValidationFailed(source, problems, hint="fix the lines above and run: glute catalogue check FILE")
    return Catalogue(exercises, source)


def _line_of(problem: str) -> int:
    # `file:line: field: message` -> line, for ordering problems as they stand in the file.
    m = re.search(r":(\d+): ", problem)
    return int(m.group(1)) if m else 0


class _Prefixed:
    """A ValidationError look-alike whose locations start with ('exercises', i)."""

    def __init__(self, err: ValidationError, i: int) -> None:
        self._err, self._i = err, i

    def errors(self, include_url: bool = False) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for e in self._err.errors(include_url=include_url):
            out.append({**e, "loc": ("exercises", self._i, *e["loc"])})
        return out


def _prefix(err: ValidationError, i: int) -> _Prefixed:
    return _Prefixed(err, i)


def _shift(lines: LineMap) -> LineMap:
    def fill() -> dict[tuple[Any, ...], int]:
        # Made on first use only: most catalogues have no problem to report.
        out = {("exercises", *k): v for k, v in lines.lines.items()}
        out.setdefault((), lines.lines.get((), 1))
        return out

    return LineMap(fill)


# ---------------------------------------------------------------- cache
#
# The cache holds a validated catalogue as JSON in the user cache folder, keyed on the glute
# version, the cache format and a SHA-256 of the file's content (mtime and size can be put back
# after an edit: the cache then served the old exercises). Line 1: [key, crc32 of the rest];
# line 2: an index (what filters, sorts, lookups and ladders read); then each exercise's JSON.
# A 10,000-exercise catalogue then opens in ~50 ms instead of ~900 ms for validating it all:
# an exercise is validated from its JSON the first time more than its index is read.

CACHE_FORMAT = 3  # 3: exercises gained supported/wide_stance/variant_of/left_means
_INDEX = ("id", "name", "aliases", "functions", "level", "equipment", "progresses_to", "regresses_to", "mvic")


class LazyExercise:
    """An exercise read from the cache: the index fields are at hand; anything else (dose, cues,
    cautions, model_dump...) validates the cached JSON into an `Exercise` on first use."""

    __slots__ = (*_INDEX, "_blob", "_at", "_ex", "_source")

    def __init__(self, row: list[Any], blob: bytes, base: int, source: Path | None = None) -> None:
        (self.id, self.name, self.aliases, self.functions, self.level, self.equipment, self.progresses_to, self.regresses_to, self.mvic, a, b) = row
        self._blob = blob
        self._at = (base + a, base + b)
        self._ex: Exercise | None = None
        self._source = source

    def exercise(self) -> Exercise:
        ex = self._ex
        if ex is None:
            a, b = self._at
            try:
                ex = Exercise.model_validate_json(self._blob[a:b])
                if any(getattr(ex, k) != getattr(self, k) for k in _INDEX if k != "mvic") or ex.mvic != self.mvic:
                    raise ValueError("the cache's index does not match its exercise")
            except ValueError:  # pydantic's ValidationError is one
                # A cache that does not decode into valid data is a miss: read the file itself.
                ex = self._from_source()
            self._ex = ex
            self._blob = b""
        return ex

    def _from_source(self) -> Exercise:
        source = self._source
        if source is None:
            raise ValidationFailed("<catalogue cache>", ["the cached catalogue is damaged"], hint="delete the cache folder")
        _drop_cache(source)
        fresh = load_catalogue(source, use_cache=False)
        ex = fresh.by_id.get(self.id)
        if ex is None or isinstance(ex, LazyExercise):
            raise ValidationFailed(str(source), [f"{self.id}: changed while in use"], hint="run the command again")
        return ex

    def json_dump(self) -> dict[str, Any]:
        """`model_dump(mode="json")`: the cached JSON itself until the exercise is validated (it is
        that serialiser's output), 4x faster for `glute exercises --format json`."""
        if self._ex is None:
            a, b = self._at
            try:
                doc = json.loads(self._blob[a:b])
                if isinstance(doc, dict) and doc.get("id") == self.id and doc.get("name") == self.name and doc.get("level") == self.level:
                    return doc
            except ValueError:
                pass
            # Not what the index says: validate it (or read the file, on a miss) instead.
        return self.exercise().model_dump(mode="json")

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.exercise(), name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyExercise):
            other = other.exercise()
        return self.exercise() == other

    # Unhashable like Exercise; typeshed declares object.__hash__ a method, hence the ignore.
    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.exercise())


def _cache_file(path: Path) -> tuple[Path | None, str]:
    try:
        if not path.is_file():  # a FIFO or a device is not hashed (it would be read twice, or hang)
            return None, ""
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None, ""
    key = f"{__version__}|{CACHE_FORMAT}|sha256:{digest}"
    folder = cache_dir()
    if folder is None:
        return None, key
    return folder / f"catalogue-{hashlib.sha256(key.encode()).hexdigest()[:24]}.json", key


def _drop_cache(path: Path) -> None:
    cf, _ = _cache_file(path)
    if cf is not None:
        try:
            cf.unlink()
        except OSError:
            pass


def _read_cache(path: Path) -> Catalogue | None:
    cf, key = _cache_file(path)
    if cf is None or not cf.is_file():
        return None
    try:
        raw = cf.read_bytes()
        nl = raw.index(b"\n")
        cached_key, crc = json.loads(raw[:nl])
        if cached_key != key or zlib.crc32(memoryview(raw)[nl + 1 :]) != crc:
            return None
        nl2 = raw.index(b"\n", nl + 1)
        fns, eqs = {f.value: f for f in Function}, {e.value: e for e in Equipment}
        out: list[LazyExercise] = []
        for row in json.loads(raw[nl + 1 : nl2]):
            row[3] = [fns[f] for f in row[3]]
            row[5] = [eqs[e] for e in row[5]]
            if not (isinstance(row[0], str) and ID_RE.match(row[0]) and row[4] in (1, 2, 3) and isinstance(row[1], str)):
                return None
            out.append(LazyExercise(row, raw, nl2 + 1, path))
        # A LazyExercise answers every attribute an Exercise has (it validates on first use).
        return Catalogue(cast("list[Exercise]", out), str(path))
    except Exception:
        # A stale or damaged cache is ignored and rebuilt: it is never the source of truth.
        return None


def _write_cache(path: Path, cat: Catalogue) -> None:
    cf, key = _cache_file(path)
    if cf is None:
        return
    tmp = None
    try:
        cf.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        index, parts, at = [], [], 0
        for e in cat.exercises:
            body = e.__pydantic_serializer__.to_json(e)
            row = [getattr(e, name) for name in _INDEX]
            row[3] = [f.value for f in row[3]]
            row[5] = [q.value for q in row[5]]
            index.append([*row, at, at + len(body)])
            parts.append(body)
            at += len(body)
        rest = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" + b"".join(parts)
        fd, name = tempfile.mkstemp(prefix=f".{cf.name}.", suffix=".tmp", dir=cf.parent)  # 0600, O_EXCL
        tmp = Path(name)
        with os.fdopen(fd, "wb") as fh:
            fh.write(json.dumps([key, zlib.crc32(rest)]).encode() + b"\n" + rest)
        os.replace(tmp, cf)
    except Exception:
        # No cache (read-only or full disk): only slower. Never leave a temp file behind.
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass


_MEMO: dict[str, Catalogue] = {}


def load_catalogue(path: str | Path | None = None, *, use_cache: bool = True) -> Catalogue:
    """Load and validate a catalogue file (default: --catalogue/GLUTE_CATALOGUE/bundled)."""
    p = Path(path) if path is not None else catalogue_path(None)
    memo_key = str(p)
    if use_cache and memo_key in _MEMO:
        return _MEMO[memo_key]
    cat = _read_cache(p) if use_cache else None
    if cat is None:
        # The garbage collector is paused while a file is read, validated and cached: its data
        # are millions of objects for a big catalogue, that every collection would walk again
        # (2x faster on 10,000 exercises). Validation makes few reference cycles.
        gc_was = gc.isenabled()
        gc.disable()
        try:
            data, lines, source = load_file(p, what="catalogue file")
            cat = validate(data, lines, source)
            if use_cache:
                _write_cache(p, cat)
        finally:
            if gc_was:
                gc.enable()
    _MEMO[memo_key] = cat
    return cat
