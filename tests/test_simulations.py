"""Simulated 8-week logs against the real catalogue: each person trains session by session, the
plan is re-planned from the log after every session (as `glute log` does), and the plan changes
we expect are checked. Personas: tests/fixtures/personas/runner.yaml (abduction and stabilization
weak, left weaker; baseline pain 3; band and step)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from glutecli.assess import load_answers, score
from glutecli.catalogue import load_catalogue
from glutecli.errors import ReferralError
from glutecli.models import Function, Plan, Session, SessionLog
from glutecli.planner import History, PlanOptions, build_plan, replan
from glutecli.sessionlog import session_log

FIX = Path(__file__).parent / "fixtures" / "personas"
CAT = load_catalogue()
START = dt.date(2026, 11, 23)
ABD, ER, IR, STAB = Function.abduction, Function.external_rotation, Function.internal_rotation, Function.stabilization


def d(week: int, weekday: int = 0) -> dt.date:
    return START + dt.timedelta(days=7 * (week - 1) + weekday)


@pytest.fixture(scope="module")
def runner():
    return score(load_answers(FIX / "runner.yaml", today=None), today=dt.date(2026, 11, 21)).model_copy(update={"id": "2026-11-21-1"})


@pytest.fixture(scope="module")
def static(runner) -> Plan:
    return build_plan(runner, CAT, PlanOptions(weeks=8, start=START))


class Sim:
    def __init__(self, plan: Plan, logs: list[SessionLog], shown: dict[dt.date, Session], plans: dict[dt.date, Plan]) -> None:
        self.plan, self.logs, self.shown, self.plans = plan, logs, shown, plans


def simulate(a, behaviour: Callable[[Session], SessionLog | None], until: dt.date | None = None) -> Sim:
    """Train the plan as a person would: each planned session is done as the saved plan has it,
    logged as `behaviour` says (None: missed, nothing logged), and every log re-plans the plan
    (as `glute log` does); a missed session re-plans nothing."""
    plan = build_plan(a, CAT, PlanOptions(weeks=8, start=START))
    logs: list[SessionLog] = []
    shown: dict[dt.date, Session] = {}
    plans: dict[dt.date, Plan] = {}
    day = START
    while True:
        nxt = next((s for w in plan.weeks for s in w.sessions if s.date >= day), None)
        if nxt is None or (until is not None and nxt.date > until):
            return Sim(plan, logs, shown, plans)
        shown[nxt.date] = nxt
        lg = behaviour(nxt)
        day = nxt.date + dt.timedelta(days=1)
        if lg is not None:
            logs.append(lg)
            plan = replan(plan, a, CAT, logs, day)
        plans[day] = plan


def done(s: Session, pain: int = 2, morning: int | None = 2, **kw) -> SessionLog:
    return session_log(s, pain=pain, **kw).model_copy(update={"morning_pain": morning})


def levels(plan: Plan, f: Function) -> list[int]:
    return [w.levels[f] for w in plan.weeks]


def sessions(plan: Plan) -> list[Session]:
    return [s for w in plan.weeks for s in w.sessions]


def assert_spacing(plan: Plan) -> None:
    dates = [s.date for s in sessions(plan)]
    assert all((b - a).days >= 1 for a, b in itertools.pairwise(dates)), "two sessions within 24 h"
    for w in plan.weeks:
        assert len(w.sessions) <= plan.sessions_per_week, f"week {w.number} piles sessions"
        assert all(s.weekday in plan.days for s in w.sessions)


def assert_past_as_done(sim: Sim) -> None:
    """Past weeks stay as they were done: every session done (logged) is still in the plan as it
    was shown (a missed one may be re-projected)."""
    final = {s.date: s for s in sessions(sim.plan)}
    done_dates = {lg.date for lg in sim.logs if lg.exercises}
    assert done_dates
    for date, s in sim.shown.items():
        if date in done_dates:
            assert final[date] == s, f"the session of {date} changed after it was done"


# ---------------------------------------------------------------- good responder


def test_good_responder_moves_up_at_the_gates(runner, static) -> None:
    sim = simulate(runner, done)
    plan = sim.plan
    # The static plan climbs once per 4-week block; a clean log lets the weak functions climb after
    # 2 weeks at a level (003: "a week or two"), one level per 2 weeks, up to level 3 by week 5.
    assert levels(static, ABD) == [1, 1, 1, 1, 2, 2, 2, 2]
    assert levels(plan, ABD) == [1, 1, 2, 2, 3, 3, 3, 3]
    assert levels(plan, STAB) == [1, 1, 2, 2, 3, 3, 3, 3]
    # external rotation tested ok: never above the weak functions' level (a passing function never outruns a weak one)
    for f in (ER, IR):
        assert all(m <= w for m, w in zip(levels(plan, f), levels(plan, ABD), strict=True))
    ups = [x for x in plan.adaptation.decisions if x.decision == "up"]
    assert {(x.function, x.date) for x in ups if x.function in (ABD, STAB)} == {(f, w) for f in (ABD, STAB) for w in (d(2, 4), d(4, 4))}
    assert not [x for x in plan.adaptation.decisions if x.decision != "up"]
    # Lighter weeks stay every 4th programme week.
    assert [w.number for w in plan.weeks if w.phase == "deload"] == [4, 8]
    assert plan.adaptation.missed_weeks == [] and plan.weeks_total == 8
    assert_past_as_done(sim)


def test_morning_pain_not_logged_holds_the_gate(runner) -> None:
    sim = simulate(runner, lambda s: done(s, morning=None if s.date == d(4, 4) else 2))
    assert levels(sim.plan, ABD)[4] == 2  # at level 2, the climb to 3 waits for a logged morning
    assert levels(sim.plan, ABD)[5] == 3
    hold = next(x for x in sim.plan.adaptation.decisions if x.decision == "hold" and x.date == d(4, 4))
    assert "next-morning pain not logged for 18 Dec" in hold.reason


# ---------------------------------------------------------------- pain flare in week 3


def flare(s: Session) -> SessionLog:
    if s.date == d(3, 0):
        return done(s, pain=7, morning=4)
    if s.date == d(3, 2):
        return done(s, pain=6, morning=6)
    return done(s)


def test_flare_in_week_3_steps_back_then_drops_a_level(runner, static) -> None:
    sim = simulate(runner, flare)
    first = [x for x in sim.plan.adaptation.decisions if x.date == d(3)]
    # The functions that session trained step back (a session trimmed to its time cap may leave one out).
    trained = {f for p in sim.shown[d(3, 0)].exercises for f in p.functions}
    # Abduction and stabilization had just climbed to level 2 (clean weeks 1-2): the flare at the
    # start of a level takes them back down.
    assert {x.function for x in first} == trained and {x.decision for x in first} <= {"step_back", "level_down"}
    assert next(x for x in first if x.function is ABD).decision == "level_down"
    assert all("pain 7/10 during the session of 7 Dec" in x.reason and x.advice for x in first)
    second = {x.function: x for x in sim.plan.adaptation.decisions if x.date == d(3, 2)}
    both = trained & {f for p in sim.shown[d(3, 2)].exercises for f in p.functions}
    assert ER in both
    assert all(second[f].decision == "level_down" for f in (ER, IR) if f in both)
    assert "again within a week" in second[ER].reason
    assert second[ABD].decision == "step_back"  # level 1 has no level below: the dose goes back

    before = {s.date: s for s in sessions(static)}
    wed = {p.id: p for p in sim.shown[d(3, 2)].exercises if p.side == "both"}
    planned = {p.id: p for p in before[d(3, 2)].exercises if p.side == "both"}
    common = [i for i in wed if i in planned and planned[i].reps]
    assert common and any(wed[i].reps < planned[i].reps for i in common)  # the dose went back a step
    fri = sim.shown[d(3, 4)]
    er_rows = [p for p in fri.exercises if p.functions[0] is ER]
    assert er_rows and all(p.level == 1 for p in er_rows)  # level 2 horse stance replaced by level 1 work
    week3 = sim.plan.weeks[2]
    downs = [c for c in week3.level_changes if c.to_level < c.from_level]
    # External rotation tested ok and is held at the weak abduction's level 1 (rules.CAP_TO_WEAKEST), so its
    # level-down on the log does not change the level it trains at: no level change is shown.
    assert all(c.function in (ER, IR) and "pain 6/10" in c.gate for c in downs)
    advice = sim.plans[d(3, 3)].adaptation.advice
    assert any("dose goes back one step" in a for a in advice) and any("level below" in a for a in advice)
    assert any("External rotation down to level 1" in n for n in sim.plans[d(3, 3)].notes)
    # Weeks 4+ clean: the flare delays the next gate 2 weeks (rules.FLARE_GATE_DELAY_WEEKS), then
    # abduction climbs one level per 2 weeks; external rotation never outruns it.
    flare_days = [d(3, 0), d(3, 2)]
    ups = [x for x in sim.plan.adaptation.decisions if x.decision == "up" and x.date > d(3)]
    assert ups and all((x.date - max(flare_days)).days >= 14 for x in ups if x.function in (ABD, STAB))
    assert levels(sim.plan, ABD) == [1, 1, 1, 1, 1, 2, 2, 3]
    assert levels(sim.plan, ER) == [1, 1, 1, 1, 1, 1, 2, 2]
    # The lighter weeks stay at weeks 4 and 8, not shifted by the flare.
    assert [w.number for w in sim.plan.weeks if w.phase == "deload"] == [4, 8]
    assert_past_as_done(sim)
    assert_spacing(sim.plan)


def test_pain_8_stops_and_refers(runner) -> None:
    sim = simulate(runner, flare, until=d(4, 0))
    lg = done(sim.shown[d(4, 0)], pain=8)
    logs = [*sim.logs[:-1], lg]
    with pytest.raises(ReferralError) as e:
        replan(sim.plan, runner, CAT, logs, d(4, 1))
    assert "pain 8/10 during the session of 14 Dec" in e.value.reasons[0]


# ---------------------------------------------------------------- a missed week


def test_missed_week_slides_the_plan_without_piling(runner, static) -> None:
    sim = simulate(runner, lambda s: None if d(3) <= s.date < d(4) else done(s))
    plan = sim.plan
    assert plan.weeks_total == 9 and plan.adaptation.missed_weeks == [3] and plan.adaptation.slide_days == 7
    assert [w.program_week for w in plan.weeks] == [1, 2, 3, 3, 4, 5, 6, 7, 8]
    assert "missed" in plan.weeks[2].note
    assert sessions(plan)[-1].date == sessions(static)[-1].date + dt.timedelta(days=7)
    # Calendar week 4 trains program week 3, as planned for week 3 - but its Monday was done from
    # the saved plan before anything re-planned (nothing is logged in a missed week), and stays as done.
    saved = sim.plans[d(3, 5)]  # the plan in force during the missed week
    assert plan.weeks[3].sessions[0].exercises == saved.weeks[3].sessions[0].exercises
    assert [p.level for p in plan.weeks[3].sessions[1].exercises] == [p.level for p in saved.weeks[2].sessions[1].exercises]
    assert any("slid 7 days" in n for n in plan.notes)
    # During the missed week nothing was moved or doubled up: still Mon, Wed, Fri only.
    mid = replan(sim.plans[d(3, 1)], runner, CAT, sim.logs[:6], d(3, 3))
    assert [s.date for s in mid.weeks[2].sessions] == [d(3, 0), d(3, 2), d(3, 4)] and mid.weeks_total == 8
    assert [s.date for s in mid.weeks[3].sessions] == [d(4, 0), d(4, 2), d(4, 4)]
    assert_spacing(plan)
    assert_past_as_done(sim)
    # The levels keep their gates, a week later.
    assert levels(plan, ABD) == [1, 1, 2, 2, 2, 3, 3, 3, 3]


# ---------------------------------------------------------------- asymmetric: the left side compensates


def left_compensates(until: dt.date | None = None) -> Callable[[Session], SessionLog]:
    def behaviour(s: Session) -> SessionLog:
        if until is not None and s.date >= until:
            return done(s)
        ids = [p.id for p in s.exercises if ABD in p.functions or STAB in p.functions]
        return done(s, compensated=ids, compensation_side="left")

    return behaviour


def test_left_side_held_back_right_side_progresses(runner) -> None:
    sim = simulate(runner, left_compensates())
    plan = sim.plan
    week5 = plan.weeks[4]
    assert week5.side_levels[ABD] == {"left": 1, "right": 2}
    assert week5.levels[ABD] == 1
    # The clean right side climbs after 2 weeks (003: "a week or two"); the left is held.
    assert any(c.function is ABD and c.side == "right" and (c.from_level, c.to_level) == (1, 2) for c in plan.weeks[2].level_changes)
    assert [(x.side, x.decision) for x in plan.adaptation.decisions if x.function is ABD and x.date == d(2, 4)] == [("left", "hold"), ("right", "up")]
    gate = [x for x in plan.adaptation.decisions if x.function is ABD and x.date == d(4, 4)]
    assert ("left", "hold") in {(x.side, x.decision) for x in gate} and not [x for x in gate if x.decision == "up"]
    left = next(x for x in gate if x.side == "left")
    assert left.reason.startswith("left side compensation logged on 16 Dec")
    # The two sides train apart: a level 1 exercise for the left with an extra set, level 2 for the right.
    session = week5.sessions[0].exercises
    both = {p.id for p in session if p.side == "both"}
    split = [p for p in session if p.id not in both]  # one-side rows without a `both` row: the sides apart
    assert week5.side_levels[STAB] == {"left": 1, "right": 2}  # stabilization exercises were compensated too
    pairs = list(zip(split[::2], split[1::2], strict=True))
    assert len(pairs) == 2 and ABD in pairs[0][0].functions
    for left_row, right_row in pairs:
        assert (left_row.side, right_row.side) == ("left", "right")
        assert left_row.level == 1 and right_row.level == 2 and left_row.id != right_row.id
        assert left_row.sets == right_row.sets + 1  # the side behind gets an extra set
    # Sides stay within one level: the right side waits at 2 while the left is at 1.
    assert [w.side_levels.get(ABD, {}).get("right", w.levels[ABD]) for w in plan.weeks] == [1, 1, 2, 2, 2, 2, 2, 2]
    status = {(s.function, s.side): s for s in plan.adaptation.status}
    assert status[(ABD, "left")].gate == "pending" and status[(ABD, "right")].level == 2
    assert_past_as_done(sim)
    assert_spacing(sim.plan)


def test_left_side_catches_up_once_clean(runner) -> None:
    sim = simulate(runner, left_compensates(until=d(5)))
    assert sim.plan.weeks[4].side_levels[ABD] == {"left": 1, "right": 2}
    # Clean from week 5: after 2 clean weeks both sides climb (the right stays one ahead), then the
    # left catches up at level 3.
    assert sim.plan.weeks[5].side_levels[ABD] == {"left": 2, "right": 3}
    assert sim.plan.weeks[7].side_levels == {} and sim.plan.weeks[7].levels[ABD] == 3
    catch_up = [c for c in sim.plan.weeks[7].level_changes if c.function is ABD]
    assert [(c.side, c.from_level, c.to_level) for c in catch_up] == [("left", 2, 3)]


# ---------------------------------------------------------------- determinism


def test_same_log_same_plan(runner) -> None:
    sim = simulate(runner, flare, until=d(4, 4))
    today = d(5, 1)
    a = build_plan(runner, CAT, PlanOptions(weeks=8, start=START), History(sim.logs, today))
    b = build_plan(runner, CAT, PlanOptions(weeks=8, start=START), History(list(reversed(sim.logs)), today))
    assert a.model_dump_json() == b.model_dump_json()
    assert replan(a, runner, CAT, sim.logs, today).model_dump_json() == a.model_dump_json()


# ---------------------------------------------------------------- any log: the invariants hold

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), persona=st.sampled_from(["runner", "flare"]))
def test_random_logs_keep_the_invariants(seed: int, persona: str) -> None:
    import random

    rnd = random.Random(seed)
    a = score(load_answers(FIX / f"{persona}.yaml", today=None), today=dt.date(2026, 11, 21)).model_copy(update={"id": "x-1"})
    owned = set(a.answers.equipment)

    def behaviour(s: Session) -> SessionLog | None:
        roll = rnd.random()
        if roll < 0.12:
            return None  # missed, nothing logged
        if roll < 0.18:
            return SessionLog(date=s.date, skipped=True)
        ids = sorted({p.id for p in s.exercises})
        comp = rnd.sample(ids, k=rnd.randint(0, 2)) if rnd.random() < 0.4 else []
        done_ = [(i, rnd.randint(0, 3), rnd.randint(0, 15)) for i in rnd.sample(ids, k=1)] if rnd.random() < 0.2 else []
        return done(s, pain=rnd.choice([0, 1, 2, 3, 4, 5, 6, 7]), morning=rnd.choice([None, 1, 2, 3, 5, 6]), compensated=comp,
                    compensation_side=rnd.choice(["left", "right", "both"]), done=done_)  # fmt: skip

    sim = simulate(a, behaviour)
    plan = sim.plan
    assert_spacing(plan)
    assert_past_as_done(sim)
    assert plan.weeks_total == 8 + len(plan.adaptation.missed_weeks) if plan.adaptation else plan.weeks_total == 8
    for w in plan.weeks:
        for f, by_side in w.side_levels.items():
            assert abs(by_side["left"] - by_side["right"]) == 1 and w.levels[f] == min(by_side.values())
        for s in w.sessions:
            for p in s.exercises:
                ex = CAT.by_id[p.id]
                assert set(ex.equipment) <= owned and p.sets >= 1
    if plan.adaptation is not None:  # re-planning again as of the same day changes nothing
        assert replan(plan, a, CAT, sim.logs, plan.adaptation.as_of).model_dump_json() == plan.model_dump_json()
