"""yamlio: safe reading, the line map behind `file:line: field: message`, atomic writes."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pytest

from glutecli import files, yamlio
from glutecli.errors import EXIT_BAD_INPUT, InputError, StoreError, ValidationFailed
from glutecli.yamlio import LineMap, atomic_write_text, format_loc, load_file, parse, read_text


def lines_of(text: str) -> LineMap:
    return parse(text, "t.yaml")[1]


# ---------------------------------------------------------------- line map

NESTED = """\
# a comment first
top:
  inner:
    scalar: 1
    block_list:
      - first
      - key: 2
        other: 3
    flow_list: [a, b]
  empty:
last: end
"""


def test_line_map_nested_keys_and_lists() -> None:
    data, lines = parse(NESTED, "t.yaml")
    assert data["top"]["inner"]["block_list"][1] == {"key": 2, "other": 3}
    expected = {
        ("top",): 2,  # the line of the key, not of the block mapping below it
        ("top", "inner"): 3,
        ("top", "inner", "scalar"): 4,
        ("top", "inner", "block_list"): 5,  # `block_list:` itself, not its first item
        ("top", "inner", "block_list", 0): 6,
        ("top", "inner", "block_list", 1): 7,
        ("top", "inner", "block_list", 1, "key"): 7,
        ("top", "inner", "block_list", 1, "other"): 8,
        ("top", "inner", "flow_list"): 9,
        ("top", "inner", "flow_list", 1): 9,
        ("top", "empty"): 10,
        ("last",): 11,
    }
    for loc, line in expected.items():
        assert lines.line(loc) == line, loc


def test_line_map_falls_back_to_the_nearest_known_parent() -> None:
    lines = lines_of(NESTED)
    # A missing key is reported where its parent is written.
    assert lines.line(("top", "inner", "block_list", 1, "missing")) == 7
    assert lines.line(("top", "nope", "deeper")) == 2
    assert lines.line(("nothing",)) == lines.line(()) == 2  # the document starts after the comment


def test_line_map_alias_value_is_at_its_key() -> None:
    text = "base: &b\n  - 1\n  - 2\ncopy: *b\n"
    data, lines = parse(text, "t.yaml")
    assert data["copy"] == [1, 2]
    assert lines.line(("copy",)) == 4
    assert lines.line(("base",)) == 1


def test_line_map_of_multi_line_json() -> None:
    text = '{\n  "a": [1,\n        2],\n  "b": {\n    "c": true\n  }\n}\n'
    data, lines = parse(text, "t.json")
    assert data == {"a": [1, 2], "b": {"c": True}}
    assert lines.line(("a",)) == 2
    assert lines.line(("a", 1)) == 3
    assert lines.line(("b", "c")) == 5


def test_json_file_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / "answers.json"
    p.write_text('{"pain": {"now": 2}, "list": [1, 2, 3]}', encoding="utf-8")
    data, lines, source = load_file(p)
    assert data == {"pain": {"now": 2}, "list": [1, 2, 3]}
    assert source == str(p)
    assert lines.line(("pain", "now")) == 1


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    p = tmp_path / "bom.yaml"
    p.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_file(p)[0] == {"a": 1}


def test_format_loc() -> None:
    assert format_loc(("exercises", 3, "dose", "reps")) == "exercises[3].dose.reps"
    assert format_loc(()) == "(document)"


# ---------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: 1\nb: 2\n  c: 3\n", 3),  # mapping values are not allowed here
        ("a: 1\nb: [1, 2\nc: 3\n", 3),  # expected ','
        ("a: 1\nb:\n\t- 2\n", 3),  # a tab indent
        ('a: 1\nb: "unclosed\n', 3),  # unexpected end of stream
        ("a: 1\nb: *nowhere\n", 2),  # undefined alias
    ],
)
def test_syntax_error_reports_its_line(text: str, line: int) -> None:
    # Only glute's part is asserted: the message after it is PyYAML's and changes between versions.
    with pytest.raises(ValidationFailed) as info:
        parse(text, "bad.yaml")
    [problem] = info.value.problems
    assert problem.startswith(f"bad.yaml:{line}: (syntax): "), problem
    assert problem.removeprefix(f"bad.yaml:{line}: (syntax): ").strip()
    assert info.value.exit_code == EXIT_BAD_INPUT


def test_unsafe_tags_are_refused_with_their_line() -> None:
    with pytest.raises(ValidationFailed) as info:
        parse("a: 1\nb: !!python/object/apply:os.system ['echo hacked']\n", "evil.yaml")
    [problem] = info.value.problems
    assert problem.startswith("evil.yaml:2: (syntax): "), problem


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n# and another\n"])
def test_empty_document(text: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        parse(text, "empty.yaml")
    assert info.value.problems == ["empty.yaml:1: (document): the file is empty"]


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.yaml"
    p.write_bytes(b"")
    with pytest.raises(ValidationFailed) as info:
        load_file(p)
    assert info.value.problems == [f"{p}:1: (document): the file is empty"]


# ---------------------------------------------------------------- reading files


def test_binary_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "image.yaml"
    p.write_bytes(b"a: 1\n\x00\x01\x02garbage")
    with pytest.raises(InputError) as info:
        read_text(p)
    assert "binary" in info.value.message
    assert info.value.exit_code == EXIT_BAD_INPUT


def test_non_utf8_file_reports_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    p = tmp_path / "latin1.yaml"
    p.write_bytes("a: 1\nb: 2\nname: Jos\u00e9\n".encode("latin-1"))
    with pytest.raises(InputError) as info:
        read_text(p)
    assert info.value.message == f"{p}:3: not valid UTF-8 text (byte 0xe9)"
    assert info.value.hint and "UTF-8" in info.value.hint


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_text(tmp_path, what="catalogue file")
    assert info.value.message == f"{tmp_path}: is a directory, expected a catalogue file"


def test_missing_file(tmp_path: Path) -> None:
    p = tmp_path / "nope.yaml"
    with pytest.raises(InputError) as info:
        read_text(p, what="answer file")
    assert info.value.message == f"{p}: no such answer file"
    assert info.value.exit_code == EXIT_BAD_INPUT


def test_file_over_max_bytes_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.yaml"
    p.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    monkeypatch.setattr(files, "MAX_BYTES", 100)

    def no_parse(*a: object, **k: object) -> None:
        raise AssertionError("a file over the limit must not be parsed")

    monkeypatch.setattr(yamlio, "parse", no_parse)
    with pytest.raises(InputError) as info:
        load_file(p)
    assert "too large" in info.value.message
    # Exactly at the limit is fine.
    p.write_text("a: " + "x" * 96 + "\n", encoding="utf-8")
    assert len(p.read_bytes()) == 100
    assert read_text(p).startswith("a: x")


def test_stdin_is_read_with_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a: [1, 2]\n")))
    data, _, source = load_file("-")
    assert data == {"a": [1, 2]}
    assert source == "<stdin>"


def test_stdin_over_max_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a: " + b"x" * 50)))
    with pytest.raises(InputError, match="too large"):
        read_text("-")


# ---------------------------------------------------------------- alias bombs


def billion_laughs(levels: int = 9) -> str:
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    prev = "a"
    for name in "bcdefghijk"[: levels - 1]:
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
        prev = name
    return "\n".join(rows) + "\n"


def test_billion_laughs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # A real 10^9-value bomb; the limit is lowered only to keep the test fast.
    monkeypatch.setattr(yamlio, "MAX_NODES", 100_000)
    with pytest.raises(ValidationFailed) as info:
        parse(billion_laughs(), "bomb.yaml")
    [problem] = info.value.problems
    assert problem.startswith("bomb.yaml:")
    assert "too many values after expanding aliases (limit 100,000)" in problem


def test_aliases_under_the_limit_are_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_NODES", 100_000)
    data, _ = parse(billion_laughs(levels=3), "small.yaml")  # 10 + 100 + 1000 values
    assert len(data["c"]) == 10
    assert data["c"][0][0] == ["lol"] * 10


def test_node_limit_counts_expanded_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: &a [1, 2, 3, 4, 5]\nb: [*a, *a, *a, *a]\n"
    monkeypatch.setattr(yamlio, "MAX_NODES", 40)
    parse(text, "ok.yaml")  # 1 + (1 + 5) + (1 + 4 * 6) = 32 values
    monkeypatch.setattr(yamlio, "MAX_NODES", 31)
    with pytest.raises(ValidationFailed, match="too many values"):
        parse(text, "ok.yaml")


# ---------------------------------------------------------------- atomic writes


def test_atomic_write_creates_and_replaces_without_leftovers(tmp_path: Path) -> None:
    p = tmp_path / "plan.txt"
    atomic_write_text(p, "first\n")
    assert p.read_text(encoding="utf-8") == "first\n"
    atomic_write_text(p, "second \u00e9\r\n")
    assert p.read_bytes() == "second \u00e9\r\n".encode()  # no newline translation
    assert sorted(x.name for x in tmp_path.iterdir()) == ["plan.txt"]


def test_atomic_write_into_a_missing_folder_raises_store_error(tmp_path: Path) -> None:
    p = tmp_path / "no-such-dir" / "plan.txt"
    with pytest.raises(StoreError) as info:
        atomic_write_text(p, "x")
    assert info.value.message.startswith(f"{p}: cannot write")
    assert not p.parent.exists()


def test_atomic_write_in_read_only_folder_raises_store_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "plan.txt").write_text("old", encoding="utf-8")
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user (root) for whom a read-only folder is still writable")
        with pytest.raises(StoreError) as info:
            atomic_write_text(folder / "plan.txt", "new")
        assert "cannot write" in info.value.message
        assert (folder / "plan.txt").read_text(encoding="utf-8") == "old"
        assert sorted(x.name for x in folder.iterdir()) == ["plan.txt"]
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("levels", [999, 1001, 1500, 20_000])
def test_glute_depth_limit_comes_before_the_library_s_own(levels: int) -> None:
    # libyaml (PyYAML >= 6.0.3) refuses ~1000 levels with its own error while looking ahead.
    with pytest.raises(ValidationFailed) as info:
        parse("[" * levels + "]" * levels, "deep.yaml")
    [problem] = info.value.problems
    assert re.match(r"deep\.yaml:1: [^:]+: nested more than 100 levels deep", problem), problem


def test_a_syntax_error_among_many_brackets_is_still_a_syntax_error() -> None:
    text = "a: [1, 2\n" + "b: [[[]]]\n" * 3000
    with pytest.raises(ValidationFailed) as info:
        parse(text, "bad.yaml")
    [problem] = info.value.problems
    assert problem.startswith("bad.yaml:2: (syntax): "), problem


# ---------------------------------------------------------------- JSON and YAML edge cases


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1, "a": 2}',
        '{"a": NaN, "b": Infinity}',
        "[1e5, 1.5e+3, 2E-3, 1.0e5]",
        '["\\ud800"]',
        '["a\u2028b"]',
        '["a\x85b"]',
        '["\x7f"]',
        "[" + "9" * 5000 + "]",
        "[1, 2,]",
        "[" * 101 + "]" * 101,
        "[" * 60_000 + "]" * 60_000,
        '{"<<": 1, "a&b": "&x", "2026-02-30": "2026-02-30"}',
        "\t{}",
        "a: !!str 1\nb: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "? [a]\n: b\n",
        "f: [.inf, -.inf, .nan, 1e5, 1_000.5]\ni: [012, 0x1f, 1_000, 1:30, 0b101]\n",
        "b: !!bool yes\n",
        "a: !custom x\n",
        "a: *nowhere\n",
        "a: &a [*a]\n",
        "base: {a: 1}\nc:\n  <<: {b: 2}\n  d: 3\n",
    ],
)
def test_odd_input_is_read_or_refused_as_an_input_error(text: str) -> None:
    try:
        _, lines = parse(text, "t")
    except ValidationFailed as e:
        assert all(p.startswith("t:") for p in e.problems), e.problems
    else:
        assert lines.line(()) >= 1


def test_json_is_read_as_yaml_1_1_reads_it() -> None:
    data, lines = parse('{\n  "a": [1, -0, 0.5],\n  "b": {"c": null, "d": true},\n  "e": "x\\/y\\u00e9\\n",\n  "f": 1e5\n}\n', "t")
    assert data == {"a": [1, 0, 0.5], "b": {"c": None, "d": True}, "e": "x/y\u00e9\n", "f": "1e5"}
    assert lines.line(("b", "d")) == 3


def test_json_surrogate_pairs_are_characters_and_escaped_backslashes_stay() -> None:
    import json

    for s in ["x\U0001f600y", "\\ud83d\\ude00", "a\\", "\\\\\U0001d11e"]:
        assert parse(json.dumps({"a": s}), "t")[0] == {"a": s}
    # In YAML (not JSON) text, a backslash in a plain scalar is text.
    assert parse("a: \\ud83d\\ude00\n", "t")[0] == {"a": "\\ud83d\\ude00"}
    with pytest.raises(ValidationFailed):
        parse('["\\ud83d"]', "t")  # a lone surrogate


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_duplicate_key_is_rejected_with_its_line(tmp_path: Path, suffix: str) -> None:
    if suffix == "yaml":
        text = "pain:\n  now: 3\n  areas: [knee]\n  now: 4\nred_flags: []\n"
        line, first = 4, 2
    else:
        text = '{\n  "pain": {\n    "now": 3,\n    "areas": ["knee"],\n    "now": 4\n  },\n  "red_flags": []\n}\n'
        line, first = 5, 3
    f = tmp_path / f"answers.{suffix}"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_file(f)
    assert info.value.problems == [f"{f}:{line}: pain.now: duplicate key (first at line {first})"]
    assert info.value.hint == "remove one of the two keys"


def test_duplicate_key_deep_in_a_big_file() -> None:
    from glutecli.paths import bundled_catalogue

    rows = bundled_catalogue().read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, row in enumerate(rows) if row.strip().startswith("unilateral:") and i > len(rows) // 2)
    rows.insert(at + 1, rows[at])  # the same key twice in one exercise
    with pytest.raises(ValidationFailed) as info:
        parse("".join(rows), "c.yaml")
    [problem] = info.value.problems
    assert re.match(rf"c\.yaml:{at + 2}: exercises\[\d+\]\.unilateral: duplicate key \(first at line {at + 1}\)$", problem), problem


def test_alias_bomb_is_refused_at_once_with_the_real_limit() -> None:
    import time

    assert yamlio.MAX_NODES >= 5_000_000  # a 32 MB catalogue with figures holds ~2.7 M values
    t0 = time.monotonic()
    with pytest.raises(ValidationFailed) as info:
        parse(billion_laughs(), "bomb.yaml")
    assert time.monotonic() - t0 < 1
    # g holds 10^7 values: the top-level entry that passes the limit.
    assert info.value.problems == [f"bomb.yaml:7: (document): too many values after expanding aliases (limit {yamlio.MAX_NODES:,})"]
    # A self-reference next to a bomb does not hide the bomb.
    with pytest.raises(ValidationFailed, match="too many values"):
        parse("x: [&zz [*zz], 1]\n" + billion_laughs(), "bomb.yaml")


def test_deep_nesting_behind_a_big_file_is_still_refused_in_glute_s_words() -> None:
    from glutecli.paths import bundled_catalogue

    text = bundled_catalogue().read_text(encoding="utf-8") * 3 + "deep: " + "[" * 6000 + "]" * 6000 + "\n"
    with pytest.raises(ValidationFailed) as info:
        parse(text, "t")
    line = text.count("\n")  # the last line: glute's limit is met before PyYAML's own
    assert info.value.problems == [f"t:{line}: (document): nested more than 100 levels deep"]


@pytest.mark.parametrize("text", ["- " * 5000 + "x\n", "".join("  " * i + f"k{i}:\n" for i in range(3000)) + "  " * 3000 + "v\n"])
def test_deep_block_nesting_is_refused_in_glute_s_words(text: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        parse(text, "t")
    [problem] = info.value.problems
    assert re.match(r"t:\d+: [^:]+: nested more than 100 levels deep", problem), problem


# ---------------------------------------------------------------- errors found in JSON files, by line


def test_json_answer_file_error_reports_its_line(tmp_path: Path) -> None:
    import datetime as dt
    import json

    import yaml

    from glutecli import assess

    example = Path(assess.__file__).with_name("example.yaml")
    answers = yaml.safe_load(example.read_text(encoding="utf-8"))
    answers.pop("date", None)
    answers["pain"]["now"] = 11
    text = json.dumps(answers, indent=2, default=str)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if '"now": 11' in row)
    f = tmp_path / "answers.json"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        assess.load_answers(f, today=dt.date(2026, 11, 21))
    assert any(p.startswith(f"{f}:{line}: pain.now: ") for p in info.value.problems), info.value.problems
