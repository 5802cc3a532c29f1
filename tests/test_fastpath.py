"""yamlio's fast paths (issue 7): JSON read by the json module, YAML without anchors built without
`_walk`, line maps made only when a problem is reported. Same data, same errors, same lines as the
general path, which every test here forces for comparison."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import time
from pathlib import Path

import pytest
import yaml

from glutecli import assess, catalogue, yamlio
from glutecli.catalogue import load_catalogue
from glutecli.errors import ValidationFailed
from glutecli.paths import bundled_catalogue
from glutecli.present.json import dumps, exercise_dict, exercises_doc

CATALOGUES = Path(__file__).resolve().parent / "fixtures" / "catalogues"
EXAMPLE = Path(assess.__file__).with_name("example.yaml")


@pytest.fixture(autouse=True)
def cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GLUTE_CACHE_DIR", str(folder))
    return folder


def same(a: object, b: object) -> bool:
    """Equal, with the same types all the way down (1 is not 1.0 nor True) and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return [(type(k), k) for k in a] == [(type(k), k) for k in b] and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        assert isinstance(b, list)
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)  # type: ignore[arg-type]
    return a == b


def general(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, dict]:
    """Parse through the general path only (as before the fast paths)."""
    with monkeypatch.context() as m:
        m.setattr(yamlio, "_parse_json", lambda text: yamlio._SLOW)
        m.setattr(yamlio, "_construct_plain", lambda loader, node: yamlio._SLOW)
        data, lines = yamlio.parse(text, "t")
        return data, dict(lines.lines)


def outcome(text: str) -> tuple:
    try:
        data, lines = yamlio.parse(text, "t")
    except ValidationFailed as e:
        return ("refused", e.problems, e.hint)
    except ValueError as e:  # a 5,000-digit integer: PyYAML's int() fails (as before)
        return ("crashed", str(e))
    return ("ok", data, dict(lines.lines))


def general_outcome(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple:
    try:
        data, lines = general(text, monkeypatch)
    except ValidationFailed as e:
        return ("refused", e.problems, e.hint)
    except ValueError as e:
        return ("crashed", str(e))
    return ("ok", data, lines)


def assert_same_outcome(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = outcome(text), general_outcome(text, monkeypatch)
    assert fast[0] == slow[0], (fast, slow)
    if fast[0] == "ok":
        assert same(fast[1], slow[1]), (fast[1], slow[1])
        assert fast[2] == slow[2]
    else:
        assert fast[1:] == slow[1:]


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times `_walk` ran (the general path, or a line map being made)."""
    calls: list[int] = []
    walk = yamlio._walk

    def counting(*a: object, **k: object) -> None:
        calls.append(1)
        walk(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(yamlio, "_walk", counting)
    return calls


# ---------------------------------------------------------------- same data as the general path


@pytest.mark.parametrize("path", [bundled_catalogue(), EXAMPLE, *sorted(CATALOGUES.glob("*.yaml"))], ids=lambda p: p.name)
def test_fast_path_gives_the_general_paths_data_and_lines(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    assert_same_outcome(text, monkeypatch)
    try:
        data = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    for indent in (None, 2):
        assert_same_outcome(json.dumps(data, indent=indent, ensure_ascii=False, default=str), monkeypatch)


def test_catalogue_via_the_fast_path_equals_the_full_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, walks: list[int]) -> None:
    text = bundled_catalogue().read_text(encoding="utf-8")
    assert not yamlio._ANCHOR.search(text)  # the bundled catalogue takes the fast path
    fast_data, fast_lines = yamlio.parse(text, "c.yaml")
    assert walks == []  # no line map while loading
    slow_data, slow_lines = general(text, monkeypatch)
    assert same(fast_data, slow_data)
    assert fast_lines.lines == slow_lines
    # As JSON, it is the same catalogue again.
    as_json = tmp_path / "c.json"
    as_json.write_text(json.dumps(fast_data, indent=2, ensure_ascii=False), encoding="utf-8")
    assert same(yamlio.load_file(as_json)[0], fast_data)
    a = load_catalogue(bundled_catalogue(), use_cache=False)
    b = load_catalogue(as_json, use_cache=False)
    assert [e.model_dump() for e in a] == [e.model_dump() for e in b]


@pytest.mark.parametrize(
    "text",
    [
        # JSON that YAML would read differently, or refuse: the general path decides.
        '{"a": 1, "a": 2}',
        '{"a": NaN, "b": Infinity}',
        "[1e5, 1.5e+3, 2E-3, 1.0e5]",
        '["\\ud800"]',
        '["a\u2028b"]',
        '["a\x85b"]',
        '["\x7f"]',
        "[" + "9" * 5000 + "]",
        "[1, 2,]",
        "[1] # comment",
        "[" * 101 + "]" * 101,
        "[" * 101 + "1" + "]" * 101,
        "[" * 100 + "1" + "]" * 100,
        "[" * 100 + "]" * 100,
        "[" * 60_000 + "]" * 60_000,
        # JSON as YAML reads it.
        '{"a": [1, -0, 0.5, -0.0, 123456789012345678901234567890], "b": {"c": null, "d": true}, "e": "x\\/y\\u00e9\\n"}',
        '{"<<": 1, "a&b": "&x", "2026-02-30": "2026-02-30"}',
        "[]",
        "  {}  \n",
        # YAML without anchors.
        "a: 1\na: 2\n",
        "1: a\n'1': b\n",
        "true: a\nTrue: b\n",
        "1: a\n01: b\n",
        "a: !!str 1\nb: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "? [a]\n: b\n",
        "=: a\n",
        "d: 2026-01-01\nt: 2026-01-01 10:00:00\n",
        "f: [.inf, -.inf, .nan, 1e5, 1.5e+3, 1_000.5]\ni: [012, 0x1f, 1_000, 1:30, 0b101, -5, +5, 0, 00]\n",
        "n: [~, null, Null, '']\ne:\n",
        "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n",
        "".join("  " * i + f"k{i}:\n" for i in range(101)) + "  " * 101 + "v\n",
        "x: " + "[" * 100 + "1" + "]" * 100 + "\n",
        "b: !!bool yes\n",
        "x: " + "9" * 5000 + "\n",
        "a: !custom x\n",
        "a: [1, 2\n",
        "a: *nowhere\n",
        "hips & knees: 1\nq: a & b\n",
        "base: {a: 1}\nc:\n  <<: {b: 2}\n  d: 3\n",
        # YAML with anchors: the general path, as before.
        "a: &x [1, 2]\nb: *x\n",
        "a: &a [*a]\n",
    ],
)
def test_edge_cases_match_the_general_path(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_same_outcome(text, monkeypatch)


def test_json_only_constructs_are_read_with_lines_at_1(monkeypatch: pytest.MonkeyPatch) -> None:
    # A tab before the first `{` is JSON whitespace but stops YAML: such JSON is now read, and its
    # lines (only needed for a problem) fall back to line 1.
    with pytest.raises(ValidationFailed):
        general('\t{"a": 1}', monkeypatch)
    data, lines = yamlio.parse('\t{"a": 1}', "t")
    assert data == {"a": 1}
    assert lines.line(("a",)) == 1


# ---------------------------------------------------------------- lines, only when needed


def test_line_map_is_made_on_first_use_only(walks: list[int]) -> None:
    data, lines = yamlio.parse("a: 1\nb:\n  c: [1, 2]\n", "t.yaml")
    assert data == {"a": 1, "b": {"c": [1, 2]}}
    assert walks == []
    assert lines.line(("b", "c", 1)) == 3
    assert lines.line(("a",)) == 1
    assert walks == [1]
    data, lines = yamlio.parse('{\n"a": 1,\n"b": [\n2]\n}', "t.json")
    assert walks == [1]
    assert lines.line(("b", 0)) == 4
    assert walks == [1, 1]


def test_json_answer_file_error_reports_its_line(tmp_path: Path, walks: list[int]) -> None:
    answers = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    answers.pop("date", None)
    answers["pain"]["now"] = 11
    text = json.dumps(answers, indent=2, default=str)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"now": 11' in row)
    f = tmp_path / "answers.json"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        assess.load_answers(f, today=dt.date(2026, 11, 21))
    assert any(p.startswith(f"{f}:{line}: pain.now: ") for p in info.value.problems), info.value.problems
    assert walks == [1]  # the JSON was read by json; its lines were made for the report


def test_json_catalogue_error_reports_its_line(tmp_path: Path) -> None:
    data = yaml.safe_load(bundled_catalogue().read_text(encoding="utf-8"))
    data["exercises"][3]["dose"]["sets"] = [3, 1]
    data["exercises"][7]["colour"] = "blue"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    rows = text.splitlines()
    first = next(i for i, row in enumerate(rows, 1) if f'"id": "{data["exercises"][3]["id"]}"' in row)
    sets = next(i for i, row in enumerate(rows[first:], first + 1) if '"sets": [' in row)
    colour = next(i for i, row in enumerate(rows, 1) if '"colour": "blue"' in row)
    f = tmp_path / "c.json"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_catalogue(f, use_cache=False)
    problems = info.value.problems
    assert any(p.startswith(f"{f}:{sets}: {data['exercises'][3]['id']}.dose.sets: ") and "not ordered" in p for p in problems), problems
    assert any(p.startswith(f"{f}:{colour}: {data['exercises'][7]['id']}.colour: unknown key") for p in problems), problems


def test_bare_list_catalogue_error_lines(tmp_path: Path) -> None:
    # A catalogue may be a bare list (its line map is shifted under `exercises`, lazily too).
    text = CATALOGUES.joinpath("minimal_valid.yaml").read_text(encoding="utf-8")
    body = yaml.safe_load(text)["exercises"]
    body[1]["level"] = 7
    for name, out in (("c.yaml", yaml.safe_dump(body, sort_keys=False)), ("c.json", json.dumps(body, indent=2))):
        line = next(i for i, row in enumerate(out.splitlines(), 1) if "level" in row and "7" in row)
        f = tmp_path / name
        f.write_text(out, encoding="utf-8")
        with pytest.raises(ValidationFailed) as info:
            load_catalogue(f, use_cache=False)
        assert any(p.startswith(f"{f}:{line}: mid.level: ") for p in info.value.problems), info.value.problems


def test_yaml_without_anchors_error_reports_its_line(tmp_path: Path, walks: list[int]) -> None:
    text = CATALOGUES.joinpath("minimal_valid.yaml").read_text(encoding="utf-8")
    bad = text.replace("dose: {sets: 3, hold_seconds: [20, 30]", "dose: {sets: 3, hold_seconds: [30, 20]")
    assert bad != text and "&" not in bad
    line = next(i for i, row in enumerate(bad.splitlines(), 1) if "[30, 20]" in row)
    f = tmp_path / "c.yaml"
    f.write_text(bad, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_catalogue(f, use_cache=False)
    assert info.value.problems[0].startswith(f"{f}:{line}: mid.dose.hold_seconds: "), info.value.problems
    assert walks == [1]


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_duplicate_key_is_rejected_with_its_line(tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if suffix == "yaml":
        text = "pain:\n  now: 3\n  areas: [knee]\n  now: 4\nred_flags: []\n"
        line, first = 4, 2
    else:
        text = '{\n  "pain": {\n    "now": 3,\n    "areas": ["knee"],\n    "now": 4\n  },\n  "red_flags": []\n}\n'
        line, first = 5, 3
    f = tmp_path / f"answers.{suffix}"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        yamlio.load_file(f)
    assert info.value.problems == [f"{f}:{line}: pain.now: duplicate key (first at line {first})"]
    assert info.value.hint == "remove one of the two keys"
    assert_same_outcome(text, monkeypatch)


def test_duplicate_key_deep_in_a_big_yaml_without_anchors(monkeypatch: pytest.MonkeyPatch) -> None:
    text = bundled_catalogue().read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    at = next(i for i, row in enumerate(rows) if row.strip().startswith("unilateral:") and i > len(rows) // 2)
    rows.insert(at + 1, rows[at])  # the same key twice in one exercise
    bad = "".join(rows)
    with pytest.raises(ValidationFailed) as info:
        yamlio.parse(bad, "c.yaml")
    [problem] = info.value.problems
    assert re.match(rf"c\.yaml:{at + 2}: exercises\[\d+\]\.unilateral: duplicate key \(first at line {at + 1}\)$", problem), problem
    assert_same_outcome(bad, monkeypatch)


# ---------------------------------------------------------------- what each path checks


def test_which_path_reads_what(monkeypatch: pytest.MonkeyPatch, walks: list[int]) -> None:
    yamlio.parse("a: {b: [1, 2]}\nnote: hips & knees\n", "t")  # `&` but no anchor
    yamlio.parse('{"a": [1, {"b": "&x *y"}]}', "t")
    assert walks == []
    yamlio.parse("a: &x 1\nb: *x\n", "t")
    yamlio.parse("a: {b: 1}\nc:\n  <<: {d: 2}\n", "t")  # a merge key
    with pytest.raises(ValidationFailed, match="duplicate key"):
        yamlio.parse('{"a": 1, "a": 2}', "t")  # JSON with a duplicate key: reported by the general path
    assert walks == [1, 1, 1]


def test_alias_bomb_is_refused_at_once_with_the_real_limit() -> None:
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    bomb = "\n".join(rows) + "\n"  # 10^9 values once expanded
    assert yamlio.MAX_NODES >= 5_000_000  # a 32 MB catalogue with figures holds ~2.7 M values
    t0 = time.monotonic()
    with pytest.raises(ValidationFailed) as info:
        yamlio.parse(bomb, "bomb.yaml")
    assert time.monotonic() - t0 < 1
    # g holds 10^7 values: the top-level entry that passes the limit.
    assert info.value.problems == [f"bomb.yaml:7: (document): too many values after expanding aliases (limit {yamlio.MAX_NODES:,})"]
    # A self-reference next to a bomb does not hide the bomb.
    with pytest.raises(ValidationFailed, match="too many values"):
        yamlio.parse("x: [&zz [*zz], 1]\n" + bomb, "bomb.yaml")


def test_values_without_aliases_are_not_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without anchors nothing expands: only files with aliases are counted.
    monkeypatch.setattr(yamlio, "MAX_NODES", 10)
    assert yamlio.parse("a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n", "t")[0]["a"][-1] == 11
    assert yamlio.parse("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", "t")[0][-1] == 11
    with pytest.raises(ValidationFailed, match="too many values"):
        yamlio.parse("a: &a [1, 2, 3, 4, 5, 6]\nb: *a\n", "t")


# ---------------------------------------------------------------- the cheap nesting bound


def test_flow_nesting_bound() -> None:
    catalogue_text = bundled_catalogue().read_text(encoding="utf-8") * 200  # flat lists, figures 2 deep
    assert catalogue_text.count("[") > yamlio.SAFE_COMPOSE_DEPTH
    assert yamlio._flow_nesting_bound(catalogue_text) <= 10
    assert yamlio._flow_nesting_bound("a: [x, {b: [1, 2]}, []]\n") == 3
    # Brackets a quote, comment or tag could hide count in full.
    for hidden in ('[ "]" ', "[ ']' ", "[ #]\n", "[ !<]> "):
        assert yamlio._flow_nesting_bound(hidden * 6000) >= 6000, hidden
    assert yamlio._flow_nesting_bound("[" * 6000 + "]" * 6000) >= 6000


def test_line_length_check() -> None:
    text = "\n".join("x" * n for n in (10, 200, 30)) + "\n"
    assert not yamlio._has_line_longer_than(text, 200)
    assert yamlio._has_line_longer_than(text, 199)
    assert not yamlio._has_line_longer_than("y" * 500, 500)
    assert yamlio._has_line_longer_than("y" * 501, 500)
    assert yamlio._has_line_longer_than("short\nlines", 10)  # below 64: assume long


def test_deep_nesting_behind_a_big_catalogue_is_still_refused() -> None:
    text = bundled_catalogue().read_text(encoding="utf-8") * 3 + "deep: " + "[" * 6000 + "]" * 6000 + "\n"
    with pytest.raises(ValidationFailed) as info:
        yamlio.parse(text, "t")
    line = text.count("\n")  # the last line: glute's limit is met before PyYAML's own
    assert info.value.problems == [f"t:{line}: (document): nested more than 100 levels deep"]


# ---------------------------------------------------------------- the cache's JSON, as it is


def test_exercises_json_from_the_cache_equals_the_validated_exercises() -> None:
    path = bundled_catalogue()
    load_catalogue(path)  # writes the cache
    catalogue._MEMO.clear()
    cached = load_catalogue(path)
    assert type(cached.exercises[0]).__name__ == "LazyExercise"
    full = load_catalogue(path, use_cache=False)
    for a, b in zip(cached.exercises, full.exercises, strict=True):
        assert same(exercise_dict(a), exercise_dict(b)), a.id
    assert dumps(exercises_doc(cached.exercises, "c")) == dumps(exercises_doc(full.exercises, "c"))
    # Validated already (the JSON is then dropped): the model's dump, the same again.
    ex = cached.exercises[0]
    assert ex.cues and same(exercise_dict(ex), exercise_dict(full.exercises[0]))


# ---------------------------------------------------------------- the planner's pools


def test_planner_pools_are_kept_per_plan() -> None:
    import datetime as dt

    from glutecli.planner import PlanOptions, build_plan

    a = assess.score(assess.example_answers(), today=dt.date(2026, 11, 21))
    opts = PlanOptions(weeks=4, start=dt.date(2026, 11, 23))
    bundled = load_catalogue(bundled_catalogue(), use_cache=False)
    renamed = catalogue.Catalogue(
        [
            e.model_copy(update={"id": "x-" + e.id, "progresses_to": ["x-" + i for i in e.progresses_to], "regresses_to": ["x-" + i for i in e.regresses_to]})
            for e in bundled
        ]
    )
    first = build_plan(a, bundled, opts)
    other = build_plan(a, renamed, opts)
    ids = {e.id for w in other.weeks for s in w.sessions for e in s.exercises}
    assert ids and all(i.startswith("x-") for i in ids)  # nothing from the other catalogue's plan
    assert build_plan(a, bundled, opts) == first
