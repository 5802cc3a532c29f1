"""Hypothesis strategies for valid answer files (shared by planner and invariant tests)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import strategies as st

from glutecli.models import WEEKDAYS, Answers, min_gap_days

EQUIPMENT = ["band", "step", "yoga_block", "dumbbell", "bench", "cable_machine", "abduction_machine"]
AREAS = ["hip", "knee", "low_back", "ankle", "other"]
SCREEN = ["heart_condition", "chest_pain", "dizziness", "surgery_recent", "other_condition"]
RED_FLAGS = ["night_pain", "numbness", "bladder_bowel", "fever", "weight_loss", "trauma", "rest_pain"]

DAY_SETS = {
    n: [list(c) for c in itertools.combinations(WEEKDAYS, n) if min_gap_days(list(c)) >= 1] for n in (3, 4)
}


def _reps_side(hi: int = 30) -> st.SearchStrategy:
    return st.one_of(st.none(), st.fixed_dictionaries({"reps": st.integers(0, hi), "compensation": st.booleans()}))


def _stance_side() -> st.SearchStrategy:
    return st.one_of(st.none(), st.fixed_dictionaries({"seconds": st.integers(0, 60), "pelvic_drop": st.booleans()}))


def _squat_side() -> st.SearchStrategy:
    return st.one_of(
        st.none(),
        st.fixed_dictionaries(
            {"reps": st.integers(0, 10), "knee_valgus": st.booleans(), "pelvic_drop": st.booleans(), "trunk_lean": st.booleans()}
        ),
    )


def _pair(side: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), st.fixed_dictionaries({"left": side, "right": side}))


@st.composite
def answers_dicts(draw, *, pain_max: int = 10, red_flags: bool = True) -> dict:
    n = draw(st.sampled_from([3, 4]))
    schedule: dict = {"sessions_per_week": n}
    if draw(st.booleans()):
        schedule["days"] = draw(st.sampled_from(DAY_SETS[n]))
    tests = {
        "fire_hydrant": draw(_pair(_reps_side(12))),
        "reverse_clamshell": draw(_pair(_reps_side(16))),
        "clamshell": draw(_pair(_reps_side(25))),
        "single_leg_stance": draw(_pair(_stance_side())),
        "single_leg_squat": draw(_pair(_squat_side())),
    }
    out = {
        "date": dt.date(2026, 11, 21).isoformat(),
        "pain": {
            "now": draw(st.integers(0, pain_max)),
            "areas": draw(st.lists(st.sampled_from(AREAS), unique=True, max_size=3)),
            "acute_flare": draw(st.booleans()),
        },
        "red_flags": draw(st.lists(st.sampled_from(RED_FLAGS), unique=True, max_size=2)) if red_flags else [],
        "tests": {k: v for k, v in tests.items() if v is not None},
        "schedule": schedule,
        "equipment": draw(st.lists(st.sampled_from(EQUIPMENT), unique=True)),
    }
    # The optional answers: pain side, age, the PAR-Q+ screen (a yes without clearance refers,
    # so only when red flags are wanted), pregnancy, PSFS.
    if draw(st.booleans()):
        out["pain"]["side"] = draw(st.sampled_from(["left", "right", "both"]))
    if draw(st.booleans()):
        out["age"] = draw(st.integers(18, 95))
    screen = draw(st.fixed_dictionaries({k: st.booleans() for k in SCREEN}))
    out["screen"] = {**screen, "cleared": draw(st.booleans()) if red_flags else True}
    preg = draw(st.sampled_from([None, "week", "birth"]))
    if preg == "week":
        out["pregnancy"] = {"week": draw(st.integers(1, 40))}
    elif preg == "birth":
        out["pregnancy"] = {"months_since_birth": draw(st.integers(0, 24))}
    out["psfs"] = draw(st.lists(st.fixed_dictionaries({"activity": st.sampled_from(["stairs", "running", "sitting"]), "score": st.integers(0, 10)}), max_size=3))
    return out


def answers(**kw) -> st.SearchStrategy:
    return answers_dicts(**kw).map(Answers.model_validate)
