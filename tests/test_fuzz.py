"""Every input surface fuzzed: answer files, catalogue files, stdin, dates and option values.

The rule under test: bad input never gives a traceback (exit 1) and never a silent wrong result.
Either the input is accepted and what comes out is right, or it is refused with exit 2 and
`file:line: field: message` lines. Most cases run in-process (fast); a few go through a real
process to see exactly what a person sees.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import answers_dicts

from glutecli import assess
from glutecli.catalogue import load_catalogue
from glutecli.errors import EXIT_BAD_INPUT, InputError, ReferralError, ValidationFailed
from glutecli.models import Answers
from glutecli.paths import bundled_catalogue
from glutecli.planner import PlanOptions, build_plan

TODAY = dt.date(2026, 11, 21)  # every fixture is dated: the suite must not depend on the real clock

FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

EXAMPLE = (Path(assess.__file__).with_name("example.yaml")).read_text(encoding="utf-8")
BUNDLED = bundled_catalogue().read_text(encoding="utf-8")
CAT = load_catalogue()


def problem_shape(source: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(source)}:(\d+): ([^\n]+?): (.+)$", re.S)


def assert_well_refused(err: InputError, source: str) -> None:
    """A refusal names the file; a validation failure gives `file:line: field: message` lines."""
    assert err.exit_code == EXIT_BAD_INPUT
    assert err.message.startswith(source), err.message
    if isinstance(err, ValidationFailed):
        assert err.problems
        shape = problem_shape(source)
        for p in err.problems:
            m = shape.match(p)
            assert m, p
            assert int(m.group(1)) >= 1


# ---------------------------------------------------------------- strategies

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30)
)
json_values = st.recursive(
    scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=4), max_leaves=20
)
ANSWER_KEYS = [
    "date",
    "name",
    "pain",
    "red_flags",
    "tests",
    "schedule",
    "equipment",
    "now",
    "areas",
    "acute_flare",
    "left",
    "right",
    "reps",
]
answer_like = st.recursive(
    scalars, lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.sampled_from(ANSWER_KEYS), kids, max_size=5), max_leaves=25
)


@st.composite
def text_mutations(draw, base: str) -> str:
    """A valid file, edited the way a person (or a bad copy-paste) breaks one."""
    lines = base.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "replace_token", "truncate", "indent", "swap"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            junk = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20))
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + junk + lines[i][pos:]
        elif op == "replace_token":
            tokens = re.findall(r"[\w.-]+", lines[i])
            if tokens:
                tok = draw(st.sampled_from(tokens))
                new = draw(
                    st.sampled_from(["-1", "0", "999999", "1e309", "true", "null", "~", "[]", "{}", "'x'", "2026-02-30", "abc", ".nan"])
                )
                lines[i] = lines[i].replace(tok, new, 1)
        elif op == "truncate":
            lines = lines[:i]
        elif op == "indent":
            lines[i] = draw(st.sampled_from([" ", "  ", "\t", "    "])) + lines[i]
        else:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    return "".join(lines)


@st.composite
def dict_mutations(draw) -> dict:
    """A valid answers dict with one value replaced, one key removed or one unknown key added."""
    d = draw(answers_dicts())
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                paths.append((*path, k))
                walk(v, (*path, k))

    walk(d, ())
    path = draw(st.sampled_from(paths))
    parent = d
    for k in path[:-1]:
        parent = parent[k]
    op = draw(st.sampled_from(["replace", "delete", "unknown"]))
    if op == "replace":
        parent[path[-1]] = draw(json_values)
    elif op == "delete":
        del parent[path[-1]]
    else:
        parent[draw(st.text(min_size=1, max_size=10))] = draw(scalars)
    return d


def encoded(value: object, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(value, allow_nan=True)
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


# ---------------------------------------------------------------- answer files


def check_answers_file(path: Path, tmp: Path) -> Answers | None:
    """Load an answer file: accepted answers must score and plan; a refusal must be well-shaped."""
    try:
        a = assess.load_answers(path, today=TODAY)
    except InputError as err:
        assert_well_refused(err, str(path))
        return None
    assert isinstance(a, Answers)
    Answers.model_validate(a.model_dump())  # what was accepted is itself valid
    scored = assess.score(a, today=TODAY)
    try:
        build_plan(scored, CAT, PlanOptions(weeks=2, today=TODAY))
    except ReferralError:
        assert scored.referred
    except InputError as err:  # e.g. too little equipment for 3 exercises: a clear refusal
        assert err.exit_code == EXIT_BAD_INPUT and "Traceback" not in err.message
    return a


@FUZZ
@given(value=json_values, fmt=st.sampled_from(["json", "yaml"]))
def test_answers_random_structures(tmp_path: Path, value: object, fmt: str) -> None:
    p = tmp_path / f"a.{fmt}"
    p.write_text(encoded(value, fmt), encoding="utf-8")
    check_answers_file(p, tmp_path)


@FUZZ
@given(value=answer_like, fmt=st.sampled_from(["json", "yaml"]))
def test_answers_random_structures_with_real_keys(tmp_path: Path, value: object, fmt: str) -> None:
    p = tmp_path / f"a.{fmt}"
    p.write_text(encoded(value, fmt), encoding="utf-8")
    check_answers_file(p, tmp_path)


@FUZZ
@given(data=st.binary(max_size=300))
def test_answers_random_bytes(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "a.yaml"
    p.write_bytes(data)
    check_answers_file(p, tmp_path)


@FUZZ
@given(text=text_mutations(EXAMPLE))
def test_answers_mutated_example(tmp_path: Path, text: str) -> None:
    p = tmp_path / "a.yaml"
    p.write_text(text, encoding="utf-8")
    check_answers_file(p, tmp_path)


@FUZZ
@given(d=dict_mutations())
def test_answers_mutated_values(tmp_path: Path, d: dict) -> None:
    p = tmp_path / "a.json"
    p.write_text(json.dumps(d), encoding="utf-8")
    a = check_answers_file(p, tmp_path)
    if a is not None:
        # Accepted: what was read is what was written (no silent default for a bad value).
        pain = d.get("pain")
        if isinstance(pain, dict) and type(pain.get("now")) is int:
            assert a.pain.now == pain["now"]
        if isinstance(d.get("red_flags"), list):
            assert [f.value for f in a.red_flags] == d["red_flags"]
        if isinstance(d.get("equipment"), list):
            assert [e.value for e in a.equipment] == d["equipment"]


@FUZZ
@given(date=st.one_of(st.dates().map(str), st.text(max_size=20), st.integers(), st.datetimes().map(str)))
def test_answers_dates(tmp_path: Path, date: object) -> None:
    p = tmp_path / "a.yaml"
    p.write_text(f"date: {date}\npain: {{now: 2}}\n", encoding="utf-8")
    check_answers_file(p, tmp_path)


# ---------------------------------------------------------------- catalogue files


def check_catalogue_file(path: Path) -> None:
    try:
        cat = load_catalogue(path, use_cache=False)
    except InputError as err:
        assert_well_refused(err, str(path))
        return
    # Accepted: the cross rules really hold (a silent wrong catalogue would give wrong plans).
    ids = [e.id for e in cat]
    assert len(ids) == len(set(ids))
    for e in cat:
        for t in e.progresses_to:
            assert cat.by_id[t].level == e.level + 1
        for t in e.regresses_to:
            assert cat.by_id[t].level == e.level - 1


@FEW
@given(text=text_mutations(BUNDLED))
def test_catalogue_mutated_bundled_file(tmp_path: Path, text: str) -> None:
    p = tmp_path / "c.yaml"
    p.write_text(text, encoding="utf-8")
    check_catalogue_file(p)


@FUZZ
@given(value=json_values, fmt=st.sampled_from(["json", "yaml"]))
def test_catalogue_random_structures(tmp_path: Path, value: object, fmt: str) -> None:
    p = tmp_path / f"c.{fmt}"
    p.write_text(encoded({"exercises": value} if isinstance(value, list) else value, fmt), encoding="utf-8")
    check_catalogue_file(p)


@FUZZ
@given(data=st.binary(max_size=300))
def test_catalogue_random_bytes(tmp_path: Path, data: bytes) -> None:
    p = tmp_path / "c.yaml"
    p.write_bytes(data)
    check_catalogue_file(p)


@FEW
@given(
    entry=st.dictionaries(
        st.sampled_from(["id", "name", "functions", "level", "equipment", "dose", "cues", "position", "x"]), json_values, max_size=6
    )
)
def test_catalogue_with_one_random_entry(tmp_path: Path, entry: dict) -> None:
    doc = yaml.safe_load(BUNDLED)
    doc["exercises"].append(entry)
    p = tmp_path / "c.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    check_catalogue_file(p)


# ---------------------------------------------------------------- the CLI: options, stdin


def cli_ok(result, allowed=(0, EXIT_BAD_INPUT)) -> None:
    assert result.exit_code in allowed, (result.exit_code, result.output, result.exception)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "internal error" not in result.output
    assert "Traceback" not in result.output


option_text = st.one_of(
    st.text(max_size=12), st.integers(-5, 60).map(str), st.sampled_from(["", " ", "-1", "1e3", "0x10", "٣", "８", "3.0"])
)
day_text = st.one_of(
    st.text(max_size=15),
    st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "Mon", "monday", "xx", ""]), max_size=5).map(",".join),
)


@FUZZ
@given(weeks=option_text, start=st.one_of(st.dates().map(str), st.text(max_size=12), st.just("today")), sessions=option_text, days=day_text)
def test_plan_option_values(invoke, weeks: str, start: str, sessions: str, days: str) -> None:
    r = invoke("plan", "--example", "--format", "json", "--weeks", weeks, "--start", start, "--sessions", sessions, "--days", days)
    cli_ok(r)
    if r.exit_code == 0:
        doc = json.loads(r.stdout)
        assert doc["weeks_total"] == int(weeks)
        assert len(doc["weeks"]) == int(weeks)
        assert doc["sessions_per_week"] == int(sessions)
        assert all(len(w["sessions"]) == int(sessions) for w in doc["weeks"])


@FUZZ
@given(level=option_text, function=option_text, equipment=st.lists(option_text, max_size=3), profile=option_text)
def test_exercises_option_values(invoke, level: str, function: str, equipment: list[str], profile: str) -> None:
    args = ["--profile", profile, "exercises", "--format", "json", "--level", level, "--function", function]
    for e in equipment:
        args += ["-e", e]
    r = invoke(*args)
    cli_ok(r)
    if r.exit_code == 0:
        doc = json.loads(r.stdout)
        assert all(x["level"] == int(level) and function in x["functions"] for x in doc["exercises"])


@FUZZ
@given(
    data=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode), answers_dicts().map(lambda d: json.dumps(d).encode()))
)
def test_assess_from_stdin(invoke, data: bytes) -> None:
    r = invoke("assess", "--answers", "-", "--format", "json", input=data)
    cli_ok(r, allowed=(0, EXIT_BAD_INPUT, 3))
    if r.exit_code == EXIT_BAD_INPUT:
        assert "<stdin>" in r.stderr


@FEW
@given(ident=option_text)
def test_exercise_show_any_id(invoke, ident: str) -> None:
    cli_ok(invoke("exercises", "show", ident))


# ---------------------------------------------------------------- a few real processes


@pytest.mark.parametrize(
    "stdin",
    [b"", b"\x00\x01\x02", b"\xff\xfe\xfa", b"pain: {now: [}", b"- just\n- a list\n", b"pain:\n  now: 99\n", b"a: &a [*a]\n"],
)
def test_real_process_refuses_bad_stdin_with_exit_2(stdin: bytes) -> None:
    out = subprocess.run([sys.executable, "-m", "glutecli", "assess", "--answers", "-"], input=stdin, capture_output=True, timeout=60)
    err = out.stderr.decode()
    assert out.returncode == EXIT_BAD_INPUT, err
    assert "Traceback" not in err
    assert re.search(r"^<stdin>:\d+: \S.*?: ", err, re.M), err


@pytest.mark.parametrize(
    "args", [["plan", "--example", "--weeks", "x"], ["plan", "--example", "--start", "2026-02-30"], ["--profile", "../x", "history"]]
)
def test_real_process_refuses_bad_options_with_exit_2(args: list[str]) -> None:
    out = subprocess.run([sys.executable, "-m", "glutecli", *args], capture_output=True, text=True, timeout=60)
    assert out.returncode == EXIT_BAD_INPUT, out.stderr
    assert "Traceback" not in out.stderr
