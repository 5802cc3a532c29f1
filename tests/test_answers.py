"""Every way an answer file can be wrong: exit 2, `file:line: field: message` on stderr, no traceback."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from glutecli import assess
from glutecli.errors import ValidationFailed
from glutecli.store import Store

GOOD = """\
name: Test person
pain:
  now: 3
  areas: [knee]
  acute_flare: no
red_flags: []
tests:
  fire_hydrant:
    left: {reps: 5, compensation: yes}
    right: {reps: 8}
  single_leg_stance:
    left: {seconds: 30}
    right: {seconds: 30, pelvic_drop: no}
schedule:
  sessions_per_week: 3
  days: [mon, wed, fri]
equipment: [band]
"""


def edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


# (case id, file text, expected line, expected field, words in the message). Words are glute's
# own (or the allowed values): pydantic's and PyYAML's phrasing changes between versions.
CASES = [
    ("unknown key", edit("  now: 3\n", "  now: 3\n  nw: 2\n"), 4, "pain.nw", "unknown key"),
    ("unknown top key", GOOD + "colour: blue\n", 18, "colour", "unknown key"),
    ("pain 11", edit("now: 3", "now: 11"), 3, "pain.now", ""),
    ("pain -1", edit("now: 3", "now: -1"), 3, "pain.now", ""),
    ("pain not a number", edit("now: 3", "now: lots"), 3, "pain.now", ""),
    ("pain empty", edit("now: 3", "now:"), 3, "pain.now", "empty: fill in a whole number"),
    ("pain missing", edit("  now: 3\n", ""), 2, "pain.now", "required field is missing"),
    ("reps 101", edit("{reps: 8}", "{reps: 101}"), 10, "tests.fire_hydrant.right.reps", ""),
    ("reps fraction", edit("{reps: 8}", "{reps: 7.5}"), 10, "tests.fire_hydrant.right.reps", ""),
    ("reps negative", edit("{reps: 8}", "{reps: -2}"), 10, "tests.fire_hydrant.right.reps", ""),
    (
        "seconds 121",
        edit("{seconds: 30, pelvic_drop: no}", "{seconds: 121, pelvic_drop: no}"),
        13,
        "tests.single_leg_stance.right.seconds",
        "",
    ),
    ("wrong key for test", edit("left: {seconds: 30}", "left: {reps: 30}"), 12, "tests.single_leg_stance.left.reps", "unknown key"),
    ("unknown test", edit("  fire_hydrant:\n", "  fire_hydrnt:\n"), 8, "tests.fire_hydrnt", "unknown key"),
    ("compensation not yes/no", edit("compensation: yes", "compensation: maybe"), 9, "tests.fire_hydrant.left.compensation", ""),
    ("sessions 5", edit("sessions_per_week: 3", "sessions_per_week: 5"), 15, "schedule.sessions_per_week", ""),
    ("sessions 2", edit("sessions_per_week: 3", "sessions_per_week: 2"), 15, "schedule.sessions_per_week", ""),
    ("days mismatch", edit("days: [mon, wed, fri]", "days: [mon, wed]"), 16, "schedule.days", "2 days given for sessions_per_week=3"),
    ("days for 4", edit("sessions_per_week: 3", "sessions_per_week: 4"), 16, "schedule.days", "3 days given for sessions_per_week=4"),
    ("days duplicate", edit("days: [mon, wed, fri]", "days: [mon, mon, fri]"), 16, "schedule.days", "listed twice"),
    ("bad weekday", edit("days: [mon, wed, fri]", "days: [mon, wednesday, fri]"), 16, "schedule.days[1]", "'mon'"),
    ("bad red flag", edit("red_flags: []", "red_flags: [fevr]"), 6, "red_flags[0]", "night_pain"),
    ("bad pain area", edit("areas: [knee]", "areas: [elbow]"), 4, "pain.areas[0]", "hip"),
    ("bad equipment", edit("equipment: [band]", "equipment: [kettlebell]"), 17, "equipment[0]", "band"),
    ("name too long", edit("name: Test person", "name: " + "x" * 81), 1, "name", "80"),
    ("not a real date", "date: 2026-02-30\n" + GOOD, 1, "date", ""),
    ("not a real quoted date", 'date: "2026-13-01"\n' + GOOD, 1, "date", "date"),
    ("date words", "date: yesterday\n" + GOOD, 1, "date", "date"),
    ("date with time", "date: 2026-11-01 10:30:00\n" + GOOD, 1, "date", ""),
    ("future date", "date: 2026-11-22\n" + GOOD, 1, "date", "2026-11-22 is in the future (today is 2026-11-21)"),
    ("bad YAML syntax", edit("  areas: [knee]\n", "  areas: [knee\n"), 5, "(syntax)", ""),
    ("tab indentation", edit("  now: 3\n", "\tnow: 3\n"), 3, "(syntax)", ""),
    ("empty file", "", 1, "(document)", "empty"),
    ("only comments", "# nothing here\n", 1, "(document)", "empty"),
    ("a list", "- pain\n- tests\n", 1, "(document)", "expected a mapping"),
    ("a scalar", "hello\n", 1, "(document)", "expected a mapping"),
    ("no pain", "red_flags: []\n", 1, "pain", "required field is missing"),
    (
        "json error",
        '{\n  "pain": {"now": 3},\n  "tests": {"clamshell": {"left": {"reps": 500}}}\n}\n',
        3,
        "tests.clamshell.left.reps",
        "",
    ),
]


@pytest.mark.parametrize(("case", "text", "line", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_answer_file_error(invoke, tmp_path: Path, monkeypatch, case: str, text: str, line: int, field: str, words: str) -> None:
    _freeze_today(monkeypatch)
    f = tmp_path / "x.yaml"
    f.write_text(text, encoding="utf-8")
    r = invoke("assess", "--answers", str(f))
    assert r.exit_code == 2, (r.stdout, r.stderr)
    assert f"{f}:{line}: {field}:" in r.stderr, r.stderr
    assert words in r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert _saved() == []


def _freeze_today(monkeypatch) -> None:
    """Pin 'today' to 2026-11-21 through the one clock."""
    monkeypatch.setenv("GLUTE_TODAY", "2026-11-21")


def _saved() -> list:
    with Store() as s:
        return s.assessments("default")


# (case id, bytes, expected line, words)
RAW = [
    ("binary junk", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "binary"),
    ("not UTF-8", b"pain:\n  now: 3\nname: Ren\xe9\n", 3, "not valid UTF-8"),
]


@pytest.mark.parametrize(("case", "data", "line", "words"), RAW, ids=[c[0] for c in RAW])
def test_unreadable_bytes(invoke, tmp_path: Path, case: str, data: bytes, line: int, words: str) -> None:
    f = tmp_path / "x.yaml"
    f.write_bytes(data)
    r = invoke("assess", "--answers", str(f))
    assert r.exit_code == 2
    assert f"{f}:{line}: (file): " in r.stderr and words in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_file(invoke, tmp_path: Path) -> None:
    f = tmp_path / "nope.yaml"
    r = invoke("assess", "--answers", str(f))
    assert r.exit_code == 2
    assert f"{f}:1: (file): no such file" in r.stderr
    assert "Traceback" not in r.stderr


def test_directory(invoke, tmp_path: Path) -> None:
    r = invoke("assess", "--answers", str(tmp_path))
    assert r.exit_code == 2
    assert f"{tmp_path}:1: (file): is a directory" in r.stderr
    assert "Traceback" not in r.stderr


def test_stdin_ok(invoke) -> None:
    r = invoke("assess", "--answers", "-", input=GOOD)
    assert r.exit_code == 0, r.stderr
    assert len(_saved()) == 1


def test_stdin_error(invoke) -> None:
    r = invoke("assess", "--answers", "-", input=edit("now: 3", "now: 11"))
    assert r.exit_code == 2
    assert "<stdin>:3: pain.now:" in r.stderr
    assert "Traceback" not in r.stderr
    assert _saved() == []


def test_stdin_empty(invoke) -> None:
    r = invoke("assess", "--answers", "-", input="")
    assert r.exit_code == 2
    assert "<stdin>:1: (document): the file is empty" in r.stderr


def test_every_problem_is_reported_at_once(invoke, tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text(edit("now: 3", "now: 11").replace("{reps: 8}", "{reps: 101}").replace("sessions_per_week: 3", "sessions_per_week: 5"))
    r = invoke("assess", "--answers", str(f))
    assert r.exit_code == 2
    lines = [ln for ln in r.stderr.splitlines() if re.match(re.escape(str(f)) + r":\d+: ", ln)]
    assert [ln.split(": ")[1] for ln in lines] == ["pain.now", "tests.fire_hydrant.right.reps", "schedule.sessions_per_week"]
    assert "3 problems" in r.stderr


def test_json_answers_ok(invoke, tmp_path: Path) -> None:
    import json

    f = tmp_path / "x.json"
    f.write_text(json.dumps({"pain": {"now": 2}, "tests": {"clamshell": {"left": {"reps": 18}, "right": {"reps": 12}}}}))
    r = invoke("assess", "--answers", str(f))
    assert r.exit_code == 0, r.stderr


# ---------------------------------------------------------------- the core API directly


def test_load_answers_raises_validation_failed(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text(edit("days: [mon, wed, fri]", "days: [mon, wed]"))
    with pytest.raises(ValidationFailed) as e:
        assess.load_answers(f, today=dt.date(2026, 11, 21))
    assert e.value.problems == [f"{f}:16: schedule.days: 2 days given for sessions_per_week=3; list exactly one weekday per session"]


def test_parse_answers_future_date_uses_today(tmp_path: Path) -> None:
    from glutecli.yamlio import parse

    data, lines = parse("date: 2026-11-21\npain: {now: 1}\n", "t.yaml")
    assert assess.parse_answers(data, lines, "t.yaml", today=dt.date(2026, 11, 21)).date == dt.date(2026, 11, 21)
    with pytest.raises(ValidationFailed, match=r"t.yaml:1: date: 2026-11-21 is in the future"):
        assess.parse_answers(data, lines, "t.yaml", today=dt.date(2026, 11, 20))


def test_good_file_loads(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text(GOOD)
    a = assess.load_answers(f, today=dt.date(2026, 11, 21))
    assert a.pain.now == 3 and a.schedule.resolved_days() == ["mon", "wed", "fri"]
    assert a.tests.fire_hydrant.left.compensation is True


def test_days_are_optional_and_default_spread() -> None:
    from glutecli.yamlio import parse

    data, lines = parse("pain: {now: 1}\nschedule: {sessions_per_week: 4}\n", "t.yaml")
    a = assess.parse_answers(data, lines, "t.yaml", today=None)
    assert a.schedule.resolved_days() == ["mon", "tue", "thu", "sat"]


def test_readme_answer_file_example_is_valid() -> None:
    """The schema example in the README (a public contract) loads and scores."""
    from glutecli.yamlio import parse

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Answer file", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    data, lines = parse(block, "README.md")
    a = assess.parse_answers(data, lines, "README.md", today=dt.date(2026, 11, 21))
    scored = assess.score(a, today=dt.date(2026, 11, 21))
    assert not scored.referred and a.tests.single_leg_squat.right is None
