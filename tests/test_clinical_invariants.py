"""Safety of the advice itself: clinical invariants over generated assessments.

Hypothesis draws valid answer files; `score` and `build_plan` run in-process (fast), and a few
cases go through the CLI to check the exit code a person would see.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import DAY_SETS, EQUIPMENT, RED_FLAGS, answers_dicts

from glutecli.assess import PAIN_REFERRAL, TEST_SPECS, score
from glutecli.catalogue import load_catalogue
from glutecli.errors import EXIT_REFERRED, ReferralError
from glutecli.models import Answers, Condition
from glutecli.planner import PlanOptions, build_plan
from glutecli.store import Store

TODAY = dt.date(2026, 11, 21)  # every fixture is dated: the suite must not depend on the real clock

CAT = load_catalogue()
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = dt.date(2026, 11, 23)


def options() -> st.SearchStrategy:
    return st.builds(
        lambda weeks, offset: PlanOptions(weeks=weeks, start=START + dt.timedelta(days=offset)),
        st.integers(1, 16),
        st.integers(0, 60),
    )


def prescriptions(plan):
    for w in plan.weeks:
        for s in w.sessions:
            for p in s.exercises:
                yield w.number, s, p


# ---------------------------------------------------------------- referral


@SETTINGS
@given(answers_dicts(), st.lists(st.sampled_from(RED_FLAGS), min_size=1, unique=True))
def test_a_red_flag_always_refers_and_no_plan_is_made(d, flags):
    d["red_flags"] = flags
    a = score(Answers.model_validate(d), today=TODAY)
    assert a.referred
    assert a.referral_reasons
    with pytest.raises(ReferralError):
        build_plan(a, CAT, PlanOptions(start=START))


@SETTINGS
@given(answers_dicts(red_flags=False), st.integers(PAIN_REFERRAL, 10))
def test_pain_8_or_more_always_refers(d, pain):
    d["pain"]["now"] = pain
    a = score(Answers.model_validate(d), today=TODAY)
    assert a.referred
    with pytest.raises(ReferralError):
        build_plan(a, CAT, PlanOptions(start=START))


@SETTINGS
@given(answers_dicts(red_flags=False, pain_max=PAIN_REFERRAL - 1))
def test_no_red_flag_and_pain_below_8_is_not_referred(d):
    assert not score(Answers.model_validate(d), today=TODAY).referred


# ---------------------------------------------------------------- weak everywhere


def _failing_side(spec) -> st.SearchStrategy:
    """A side result that fails the test: under the pass mark, or with a sign of weakness."""
    below = st.integers(0, spec.mark - 1)
    signs = {s.field: st.booleans() for s in spec.signs}
    at_mark_with_sign = st.integers(spec.mark, spec.limit if spec.kind == "reps" else 60)
    if spec.signs:
        first = spec.signs[0].field
        with_sign = st.fixed_dictionaries({spec.kind: at_mark_with_sign, **signs, first: st.just(True)})
        return st.one_of(st.fixed_dictionaries({spec.kind: below, **signs}), with_sign)
    return st.fixed_dictionaries({spec.kind: below, **signs})


@st.composite
def weak_everywhere(draw) -> dict:
    d = draw(answers_dicts(red_flags=False, pain_max=PAIN_REFERRAL - 1))
    d["tests"] = {spec.id: {"left": draw(_failing_side(spec)), "right": draw(_failing_side(spec))} for spec in TEST_SPECS}
    return d


@SETTINGS
@given(weak_everywhere(), options())
def test_weak_in_every_test_never_starts_at_level_3(d, opts):
    a = score(Answers.model_validate(d), today=TODAY)
    assert not a.referred
    assert all(r.verdict == "weak" for r in a.functions), [(r.function, r.verdict) for r in a.functions]
    plan = build_plan(a, CAT, opts)
    week1 = [p for w, _, p in prescriptions(plan) if w == 1]
    assert week1
    assert all(p.level < 3 for p in week1), [(p.id, p.level) for p in week1]
    assert all(lv < 3 for lv in plan.weeks[0].levels.values())


# ---------------------------------------------------------------- acute flare


@SETTINGS
@given(answers_dicts(red_flags=False, pain_max=PAIN_REFERRAL - 1), options())
def test_acute_flare_gets_no_cautioned_exercise_and_level_1_first(d, opts):
    d["pain"]["acute_flare"] = True
    a = score(Answers.model_validate(d), today=TODAY)
    plan = build_plan(a, CAT, opts)
    for week, _, p in prescriptions(plan):
        ex = CAT.get(p.id)
        assert not any(c.when is Condition.acute_flare for c in ex.cautions), (week, p.id)
        if week <= 2:
            assert p.level == 1, (week, p.id, p.level)


# ---------------------------------------------------------------- every plan


@st.composite
def plannable(draw) -> tuple[Answers, PlanOptions]:
    d = draw(answers_dicts(red_flags=False, pain_max=PAIN_REFERRAL - 1))
    n = draw(st.sampled_from([None, 3, 4]))
    days = draw(st.sampled_from([None, *DAY_SETS[n]])) if n else None
    opts = draw(options())
    opts.sessions, opts.days = n, days
    return Answers.model_validate(d), opts


@SETTINGS
@given(plannable())
def test_every_session_has_3_to_6_distinct_exercises_and_only_owned_equipment(case):
    answers, opts = case
    plan = build_plan(score(answers, today=TODAY), CAT, opts)
    owned = set(answers.equipment)
    for w in plan.weeks:
        assert w.sessions
        for s in w.sessions:
            ids = [p.id for p in s.exercises]
            assert 3 <= len(set(ids)) <= 6, (w.number, s.date, ids)
            for i in set(ids):
                need = set(CAT.get(i).equipment)
                assert need <= owned, (w.number, i, sorted(e.value for e in need - owned))


@SETTINGS
@given(plannable())
def test_sessions_are_at_least_24_hours_apart(case):
    answers, opts = case
    plan = build_plan(score(answers, today=TODAY), CAT, opts)
    dates = [s.date for w in plan.weeks for s in w.sessions]
    assert dates == sorted(dates)
    assert all((b - a).days >= 1 for a, b in itertools.pairwise(dates))


# ---------------------------------------------------------------- through the CLI


def run(args: list[str], stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "glutecli", *args], input=stdin, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    "change",
    [
        {"red_flags": ["night_pain"]},
        {"red_flags": ["bladder_bowel", "fever"]},
        {"pain": {"now": 8}},
        {"pain": {"now": 10, "acute_flare": True}},
    ],
)
def test_cli_refers_with_exit_3_and_saves_no_plan(change: dict) -> None:
    d = {"date": "2026-11-21", "pain": {"now": 2}, "equipment": ["band"]}
    for k, v in change.items():
        d[k] = {**d[k], **v} if isinstance(v, dict) else v
    out = run(["plan", "--answers", "-", "--format", "json"], json.dumps(d))
    assert out.returncode == EXIT_REFERRED, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout.strip() == ""
    listing = subprocess.run([sys.executable, "-m", "glutecli", "history", "--format", "json"], capture_output=True, text=True, timeout=60)
    assert listing.returncode == 0
    assert json.loads(listing.stdout)["assessments"][-1]["referred"] is True
    with Store() as store:
        assert store.active_plan("default") is None


def test_cli_plan_for_a_person_weak_everywhere_starts_below_level_3() -> None:
    d = {
        "date": "2026-11-21",
        "pain": {"now": 3},
        "tests": {spec.id: {side: {spec.kind: 0} for side in ("left", "right")} for spec in TEST_SPECS},
        "equipment": EQUIPMENT,
    }
    out = run(["plan", "--answers", "-", "--format", "json", "--start", "2026-11-23"], json.dumps(d))
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert all(p["level"] < 3 for s in doc["weeks"][0]["sessions"] for p in s["exercises"])


def test_generated_answer_files_are_valid_for_the_cli() -> None:
    """The strategy draws what the CLI accepts (guards the strategy itself)."""

    @settings(max_examples=5, deadline=None)
    @given(answers_dicts(red_flags=False, pain_max=PAIN_REFERRAL - 1))
    def check(d):
        assume(d["pain"]["now"] < PAIN_REFERRAL)
        out = run(["assess", "--answers", "-", "--format", "json"], json.dumps(d))
        assert out.returncode == 0, out.stderr

    check()
