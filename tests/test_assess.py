"""Scoring rules of glutecli/assess.py, table-driven: one row per rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from glutecli import assess
from glutecli.errors import InputError
from glutecli.models import SIDES, Answers, Function

TODAY = dt.date(2026, 11, 21)

# A clean pass on every test, both sides.
PASS: dict[str, dict] = {
    "fire_hydrant": {"reps": 8},
    "reverse_clamshell": {"reps": 12},
    "clamshell": {"reps": 20},
    "single_leg_stance": {"seconds": 30},
    "single_leg_squat": {"reps": 5},
}


def make(
    tests: dict[str, Any] | None = None, *, pain: int = 1, flare: bool = False, areas: tuple = (), flags: tuple = (), **extra: Any
) -> Answers:
    """Answers from a compact description: tests = {test_id: {"left": {...}|None, "right": {...}|None}}."""
    doc = {"pain": {"now": pain, "acute_flare": flare, "areas": list(areas)}, "red_flags": list(flags), "tests": tests or {}, **extra}
    return Answers.model_validate(doc)


def both(result: dict) -> dict:
    return {"left": result, "right": result}


def all_pass() -> dict:
    return {k: both(v) for k, v in PASS.items()}


def scored(answers: Answers):
    return assess.score(answers, today=TODAY)


# ---------------------------------------------------------------- per-test rules

# (test, one side's result, function, expected side verdict, words expected in the reason)
SIDE_RULES = [
    ("fire_hydrant", {"reps": 6}, Function.abduction, "ok", "6 reps >= 6, clean"),
    ("fire_hydrant", {"reps": 8}, Function.abduction, "ok", "8 reps >= 6"),
    ("fire_hydrant", {"reps": 5}, Function.abduction, "weak", "left fire hydrant: 5 reps < 6"),
    ("fire_hydrant", {"reps": 0}, Function.abduction, "weak", "0 reps < 6"),
    ("fire_hydrant", {"reps": 4, "compensation": True}, Function.abduction, "weak", "left fire hydrant: 4 reps < 6, weight shift"),
    ("fire_hydrant", {"reps": 8, "compensation": True}, Function.abduction, "weak", "8 reps, but weight shift/cramping/shakiness"),
    ("reverse_clamshell", {"reps": 10}, Function.internal_rotation, "ok", "10 reps >= 10"),
    ("reverse_clamshell", {"reps": 9}, Function.internal_rotation, "weak", "left reverse clamshell: 9 reps < 10"),
    ("reverse_clamshell", {"reps": 12, "compensation": True}, Function.internal_rotation, "weak", "cramping/shakiness"),
    ("clamshell", {"reps": 15}, Function.external_rotation, "ok", "15 reps >= 15"),
    ("clamshell", {"reps": 14}, Function.external_rotation, "weak", "left clamshell: 14 reps < 15"),
    ("clamshell", {"reps": 20, "compensation": True}, Function.external_rotation, "weak", "pelvic roll"),
    ("single_leg_stance", {"seconds": 30}, Function.stabilization, "ok", "30 s >= 30"),
    ("single_leg_stance", {"seconds": 29.5}, Function.stabilization, "weak", "left single-leg stance: 29.5 s < 30"),
    ("single_leg_stance", {"seconds": 30, "pelvic_drop": True}, Function.stabilization, "weak", "Trendelenburg sign"),
    ("single_leg_squat", {"reps": 5}, Function.stabilization, "ok", "5 reps >= 5"),
    ("single_leg_squat", {"reps": 4}, Function.stabilization, "weak", "left single-leg squat: 4 reps < 5"),
    ("single_leg_squat", {"reps": 5, "knee_valgus": True}, Function.stabilization, "weak", "knee collapse"),
    ("single_leg_squat", {"reps": 5, "pelvic_drop": True}, Function.stabilization, "weak", "pelvic drop"),
    ("single_leg_squat", {"reps": 5, "trunk_lean": True}, Function.stabilization, "weak", "trunk lean"),
]


@pytest.mark.parametrize(("test", "result", "function", "verdict", "words"), SIDE_RULES)
def test_side_rule(test: str, result: dict, function: Function, verdict: str, words: str) -> None:
    a = scored(make({test: {"left": result}}))
    r = a.result(function)
    assert r.left.verdict == verdict
    assert any(words in reason for reason in r.left.reasons), r.left.reasons
    assert r.right.verdict == "untested"
    # One side tested: the untested side counts as weak at level 1 (unknown is not ok), so the function is weak.
    assert r.verdict == "weak"
    if verdict == "ok":
        assert r.weaker_side == "right" and r.start_level == 1
    if verdict == "weak":
        assert words.split(":")[-1].strip() in r.summary


# ---------------------------------------------------------------- function verdicts

# (tests, function, verdict, left, right)
FUNCTION_RULES = [
    ({}, Function.abduction, "untested", "untested", "untested"),
    # an untested side counts as weak (unknown is not ok)
    ({"fire_hydrant": {"left": {"reps": 8}}}, Function.abduction, "weak", "ok", "untested"),
    ({"fire_hydrant": {"left": {"reps": 3}}}, Function.abduction, "weak", "weak", "untested"),
    ({"fire_hydrant": {"left": {"reps": 8}, "right": {"reps": 3}}}, Function.abduction, "weak", "ok", "weak"),
    ({"fire_hydrant": both({"reps": 7})}, Function.abduction, "ok", "ok", "ok"),
    # stabilization: weak on a side if either of its two tests is weak on that side
    ({"single_leg_stance": both({"seconds": 30}), "single_leg_squat": both({"reps": 5})}, Function.stabilization, "ok", "ok", "ok"),
    (
        {"single_leg_stance": both({"seconds": 30}), "single_leg_squat": {"left": {"reps": 5, "knee_valgus": True}, "right": {"reps": 5}}},
        Function.stabilization,
        "weak",
        "weak",
        "ok",
    ),
    (
        {"single_leg_stance": {"left": {"seconds": 30}, "right": {"seconds": 12}}, "single_leg_squat": both({"reps": 5})},
        Function.stabilization,
        "weak",
        "ok",
        "weak",
    ),
    ({"single_leg_stance": both({"seconds": 30})}, Function.stabilization, "ok", "ok", "ok"),
    ({"single_leg_squat": {"right": {"reps": 2}}}, Function.stabilization, "weak", "untested", "weak"),
]


@pytest.mark.parametrize(("tests", "function", "verdict", "left", "right"), FUNCTION_RULES)
def test_function_verdict(tests: dict, function: Function, verdict: str, left: str, right: str) -> None:
    r = scored(make(tests)).result(function)
    assert (r.verdict, r.left.verdict, r.right.verdict) == (verdict, left, right)


def test_untested_function_is_said_and_cautious() -> None:
    a = scored(make({"fire_hydrant": both({"reps": 8})}))
    r = a.result(Function.internal_rotation)
    assert r.verdict == "untested" and r.start_level == 1
    assert r.summary == "not tested: starts cautiously at level 1; test it to know"
    assert "internal rotation not tested: starts cautiously at level 1; test it to know" in a.notes


def test_one_side_untested_is_said() -> None:
    a = scored(make({"clamshell": {"left": {"reps": 18}}}))
    r = a.result(Function.external_rotation)
    assert r.verdict == "weak" and r.start_level == 1 and r.weaker_side == "right"
    assert "right side not tested" in r.summary
    assert any(n.startswith("external rotation: the right side was not tested") for n in a.notes)


def test_stabilization_with_one_test_says_so() -> None:
    a = scored(make({"single_leg_stance": both({"seconds": 30})}))
    assert any("single-leg squat was not tested" in n for n in a.notes)


def test_weak_reasons_name_only_failing_tests() -> None:
    a = scored(make({"single_leg_stance": {"left": {"seconds": 10}, "right": {"seconds": 30}}, "single_leg_squat": both({"reps": 5})}))
    r = a.result(Function.stabilization)
    assert r.summary.startswith("weak on the left (left single-leg stance: 10 s < 30)")
    assert r.left.reasons[0] == "left single-leg stance: 10 s < 30"


# ---------------------------------------------------------------- weaker side

# (test, left, right, expected weaker side)
WEAKER = [
    ("fire_hydrant", {"reps": 3}, {"reps": 8}, "left"),  # weak vs ok
    ("fire_hydrant", {"reps": 8}, {"reps": 8, "compensation": True}, "right"),  # ok vs weak (compensation)
    ("fire_hydrant", {"reps": 3}, {"reps": 5}, "left"),  # both weak: lower reps
    ("fire_hydrant", {"reps": 5, "compensation": True}, {"reps": 4}, "left"),  # compensation counts as worse
    ("fire_hydrant", {"reps": 4}, {"reps": 4}, None),  # both weak, equal
    ("clamshell", {"reps": 20}, {"reps": 16}, "right"),  # both ok: lower score
    ("clamshell", {"reps": 18}, {"reps": 18}, None),  # both ok, equal
    ("clamshell", {"reps": 20}, {"reps": 60}, None),  # counted only up to where the test stops (20)
    ("single_leg_stance", {"seconds": 20}, {"seconds": 25}, "left"),
    ("single_leg_stance", {"seconds": 30, "pelvic_drop": True}, {"seconds": 28}, "left"),
    ("fire_hydrant", {"reps": 3}, None, None),  # other side untested
    ("fire_hydrant", None, None, None),
]


@pytest.mark.parametrize(("test", "left", "right", "weaker"), WEAKER)
def test_weaker_side(test: str, left: dict | None, right: dict | None, weaker: str | None) -> None:
    fn = assess.TESTS_BY_ID[test].function
    assert scored(make({test: {"left": left, "right": right}})).result(fn).weaker_side == weaker


def test_weaker_side_stabilization_sums_both_tests() -> None:
    tests = {
        "single_leg_stance": {"left": {"seconds": 20}, "right": {"seconds": 30, "pelvic_drop": True}},  # left 0.67, right 0.0
        "single_leg_squat": {"left": {"reps": 5, "trunk_lean": True}, "right": {"reps": 5}},  # left 0.0, right 1.0
    }
    assert scored(make(tests)).result(Function.stabilization).weaker_side == "left"  # 0.67 < 1.0


# ---------------------------------------------------------------- start levels

# (tests, pain, flare, {function: (start_level, level3_early)})
LEVELS = [
    ("weak abduction", {"fire_hydrant": both({"reps": 3})}, 1, False, {Function.abduction: (1, False), Function.stabilization: (1, False)}),
    ("ok abduction", {"fire_hydrant": both({"reps": 8})}, 5, False, {Function.abduction: (2, False)}),
    ("untested", {}, 0, False, {f: (1, False) for f in Function}),
    ("all pass, pain 2", all_pass(), 2, False, {f: (2, True) for f in Function}),
    ("all pass, pain 0", all_pass(), 0, False, {f: (2, True) for f in Function}),
    ("all pass, pain 3", all_pass(), 3, False, {f: (2, False) for f in Function}),
    ("all pass, flare", all_pass(), 1, True, {f: (1, False) for f in Function}),
    ("ok but flare", {"fire_hydrant": both({"reps": 8})}, 1, True, {Function.abduction: (1, False)}),
    ("weak and pain", {"clamshell": both({"reps": 5})}, 6, False, {Function.external_rotation: (1, False)}),
]


@pytest.mark.parametrize(("case", "tests", "pain", "flare", "expected"), LEVELS, ids=[c[0] for c in LEVELS])
def test_start_levels(case: str, tests: dict, pain: int, flare: bool, expected: dict) -> None:
    a = scored(make(tests, pain=pain, flare=flare))
    for f, (level, early) in expected.items():
        r = a.result(f)
        assert (r.start_level, r.level3_early) == (level, early), (f, r.summary)


def test_level3_early_needs_every_side_tested() -> None:
    tests = all_pass()
    tests["clamshell"] = {"left": {"reps": 20}}
    a = scored(make(tests, pain=0))
    assert not any(r.level3_early for r in a.functions)
    # the untested right clamshell makes external rotation weak at level 1; the rest start at 2
    assert all(r.start_level == (1 if r.function is Function.external_rotation else 2) for r in a.functions)


def test_level3_early_is_said() -> None:
    a = scored(make(all_pass(), pain=2))
    assert "level 3 reachable early" in a.result(Function.abduction).summary
    assert any("level 3 can be reached early" in n for n in a.notes)


def test_flare_note() -> None:
    a = scored(make(all_pass(), pain=1, flare=True))
    assert any(n.startswith("acute flare") for n in a.notes)
    assert "(acute flare)" in a.result(Function.abduction).summary


# ---------------------------------------------------------------- referral

REFERRALS = [
    (("night_pain",), 2, ["constant or night pain"]),
    (("numbness",), 2, ["saddle numbness or progressive leg weakness"]),
    (("bladder_bowel",), 2, ["new bladder or bowel change"]),
    (("fever",), 2, ["fever or feeling unwell with a hot, swollen joint"]),
    (("weight_loss",), 2, ["unexplained weight loss or cancer history"]),
    (("trauma",), 2, ["recent fall or injury"]),
    (("rest_pain",), 2, ["pain that does not settle with rest (002: see a professional)"]),
    ((), 8, [assess.PAIN_REASON]),
    ((), 10, [assess.PAIN_REASON]),
    (("trauma", "night_pain"), 9, ["constant or night pain", "recent fall or injury", assess.PAIN_REASON]),
]


@pytest.mark.parametrize(("flags", "pain", "reasons"), REFERRALS)
def test_referral(flags: tuple, pain: int, reasons: list[str]) -> None:
    a = scored(make(all_pass(), pain=pain, flags=flags))
    assert a.referred
    assert a.referral_reasons == reasons
    assert a.notes[0].startswith("referred: see a doctor or physiotherapist")
    # functions are still scored: useful to the clinician
    assert all(r.verdict == "ok" for r in a.functions)


@pytest.mark.parametrize("pain", [0, 5, 7])
def test_no_referral_below_8(pain: int) -> None:
    a = scored(make(all_pass(), pain=pain))
    assert not a.referred and a.referral_reasons == []


def test_referral_without_tests_has_no_untested_noise() -> None:
    a = scored(make({}, pain=3, flags=("trauma",)))
    assert a.referred
    assert not any("not tested" in n for n in a.notes)


# ---------------------------------------------------------------- notes, dates


@pytest.mark.parametrize(
    ("area", "words"),
    [
        ("knee", "knee collapsing inward"),
        ("hip", "lying on the sore side"),
        ("low_back", "comes from the hip"),
        ("ankle", "wall"),
        ("other", "clinician"),
    ],
)
def test_area_notes(area: str, words: str) -> None:
    a = scored(make({}, areas=(area,)))
    assert any(words in n for n in a.notes)


def test_date_from_answers_or_today() -> None:
    assert scored(make({})).date == TODAY
    assert scored(make({}, date="2026-11-01")).date == dt.date(2026, 11, 1)


def test_future_date_refused() -> None:
    with pytest.raises(InputError, match="future"):
        assess.score(make({}, date="2026-11-22"), today=TODAY)


def test_score_is_pure() -> None:
    answers = make(all_pass(), pain=2)
    before = answers.model_dump()
    assert assess.score(answers, today=TODAY) == assess.score(answers, today=TODAY)
    assert answers.model_dump() == before


def test_profile_is_kept() -> None:
    assert assess.score(make({}), profile="alice", today=TODAY).profile == "alice"


def test_example_answers() -> None:
    a = scored(assess.example_answers())
    verdicts = {r.function: (r.verdict, r.weaker_side, r.start_level) for r in a.functions}
    assert verdicts[Function.abduction] == ("weak", "left", 1)
    assert verdicts[Function.stabilization] == ("weak", "left", 1)
    assert verdicts[Function.internal_rotation][0] == "ok"
    assert verdicts[Function.external_rotation][0] == "ok"
    assert a.focus == [Function.abduction, Function.stabilization]
    assert not a.referred


# ---------------------------------------------------------------- compare


def test_compare_lists_changes() -> None:
    prev = scored(make({"fire_hydrant": {"left": {"reps": 5, "compensation": True}, "right": {"reps": 8}}}, pain=3))
    cur = scored(make({"fire_hydrant": {"left": {"reps": 8}, "right": {"reps": 8}}}, pain=1))
    changes = assess.compare(prev, cur)
    assert "pain 3 -> 1" in changes
    assert "abduction: weak -> ok (start level 1 -> 2)" in changes
    assert "left fire hydrant 5 -> 8 reps" in changes
    assert "left fire hydrant: weight shift/cramping/shakiness gone" in changes
    assert not any("right fire hydrant" in c for c in changes)


def test_compare_same_is_empty() -> None:
    a = scored(make(all_pass()))
    assert assess.compare(a, a) == []


def test_compare_newly_tested_and_referral() -> None:
    prev = scored(make({"fire_hydrant": {"left": {"reps": 7}}}))
    cur = scored(make({"fire_hydrant": {"left": {"reps": 7}}, "clamshell": {"left": {"reps": 16}}}, pain=8))
    changes = assess.compare(prev, cur)
    assert "left clamshell not tested -> 16 reps" in changes
    assert "external rotation: untested -> weak" in changes
    assert "now referred to a clinician" in changes


def test_compare_against_a_record_without_tests() -> None:
    prev = scored(make(all_pass()))
    cur = scored(make({}, flags=("trauma",))).model_copy(update={"id": "2026-11-21-2"})
    assert assess.compare(prev, cur) == ["now referred to a clinician", "no tests in 2026-11-21-2"]


# ---------------------------------------------------------------- data tables


def test_test_specs_cover_every_function_and_match_the_schema() -> None:
    from glutecli.models import Tests

    assert {t.function for t in assess.TEST_SPECS} == set(Function)
    assert [t.id for t in assess.TEST_SPECS] == list(Tests.model_fields)
    for spec in assess.TEST_SPECS:
        side_model = Tests.model_fields[spec.id].annotation.__args__[0].model_fields["left"].annotation.__args__[0]
        assert set(spec.fields) == set(side_model.model_fields), spec.id
        assert spec.how and spec.watch and spec.pass_mark and spec.source
        assert spec.mark <= spec.top


def test_red_flag_table_is_complete() -> None:
    from glutecli.models import RedFlag

    assert set(assess.RED_FLAGS) == set(RedFlag) == set(assess.RED_FLAG_REASONS)
    assert all(q.endswith("?") for q in assess.RED_FLAGS.values())


def test_sides_order() -> None:
    assert SIDES == ("left", "right")
