"""A physiotherapist's review of glute, re-run by script: new patient profiles, 12-week plans with
simulated logs, and checks of the clinical rules (glutecli/rules.py). Prints a PASS/FAIL table; exit 1 on a FAIL.

Runs from a fresh install (`pip install .`; only glutecli and the standard library):

    python scripts/review_profiles.py            # the table and every failure
    python scripts/review_profiles.py --quiet    # the table only

Profiles are invented (not the golden personas); logs are simulated the way `glute log` records
them: every session done as shown, then the plan is re-planned from the log. Each session is
checked as it was shown (against the plan it came from), and the sessions still to come in the
final plan too. Scenarios: no log (the plan as first made), a good log, a flare in week 3
(pain 7/10 during, 5 the next morning), and compensation on both sides in every session.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from glutecli import planner, rules
from glutecli.assess import falls_risk, pregnancy_state, score
from glutecli.catalogue import load_catalogue
from glutecli.errors import ReferralError
from glutecli.models import Answers, Condition, ExerciseLog, Function, Position, SessionLog

if TYPE_CHECKING:
    from glutecli.catalogue import Catalogue
    from glutecli.models import Assessment, Plan, Session

TODAY = dt.date(2026, 11, 21)
START = dt.date(2026, 11, 23)
WEEKS = 12
ONE_LEG = {Position.single_leg_stance, Position.split_stance}
STANDING = {Position.standing, Position.single_leg_stance, Position.split_stance}
SIDE_LYING = {Position.side_lying, Position.side_plank}


def _t(left: dict[str, object] | None, right: dict[str, object] | None) -> dict[str, object]:
    return {"left": left, "right": right}


def _reps(n: int, comp: bool = False) -> dict[str, object]:
    return {"reps": n, "compensation": comp}


def _all_ok(**over: dict[str, object]) -> dict[str, object]:
    tests: dict[str, object] = {
        "fire_hydrant": _t(_reps(7), _reps(7)),
        "reverse_clamshell": _t(_reps(11), _reps(11)),
        "clamshell": _t(_reps(17), _reps(17)),
        "single_leg_stance": _t({"seconds": 30, "pelvic_drop": False}, {"seconds": 30, "pelvic_drop": False}),
        "single_leg_squat": _t({"reps": 5}, {"reps": 5}),
    }
    tests.update(over)
    return tests


# Eight new patients, as a physiotherapist would meet them.
PROFILES: dict[str, dict[str, object]] = {
    "runner-itb-right": {
        "age": 29, "pain": {"now": 3, "areas": ["knee", "hip"], "side": "right"},
        "tests": _all_ok(fire_hydrant=_t(_reps(7), _reps(4, True)), single_leg_squat=_t({"reps": 5}, {"reps": 3, "knee_valgus": True})),
        "equipment": ["band", "step"], "schedule": {"sessions_per_week": 4},
    },
    "postpartum-4-months": {
        "age": 33, "pain": {"now": 2, "areas": ["low_back"]}, "pregnancy": {"months_since_birth": 4},
        "screen": {"surgery_recent": True, "cleared": True},
        "tests": _all_ok(
            fire_hydrant=_t(_reps(5, True), _reps(5, True)),
            single_leg_stance=_t({"seconds": 18, "pelvic_drop": True}, {"seconds": 20, "pelvic_drop": True}),
        ),
        "equipment": ["band"],
    },
    "older-72-knee-oa": {
        "age": 72, "pain": {"now": 3, "areas": ["knee"], "side": "both"},
        "tests": _all_ok(
            single_leg_stance=_t({"seconds": 6, "pelvic_drop": True}, {"seconds": 4, "pelvic_drop": True}),
            single_leg_squat=_t(None, None), clamshell=_t(_reps(12, True), _reps(14)),
        ),
    },
    "low-back-weak-stabilization": {
        "age": 44, "pain": {"now": 4, "areas": ["low_back"]},
        "tests": _all_ok(
            single_leg_stance=_t({"seconds": 14, "pelvic_drop": True}, {"seconds": 25, "pelvic_drop": True}),
            single_leg_squat=_t({"reps": 2, "pelvic_drop": True, "trunk_lean": True}, {"reps": 4, "trunk_lean": True}),
        ),
        "equipment": ["band", "dumbbell"],
    },
    "borderline-at-pass-marks": {
        "age": 38, "pain": {"now": 1},
        "tests": _all_ok(
            fire_hydrant=_t(_reps(6), _reps(6)), reverse_clamshell=_t(_reps(10), _reps(10)),
            clamshell=_t(_reps(15), _reps(15)),
        ),
        "equipment": ["band"],
    },
    "untested-right-rest-pain-5": {
        "age": 51, "pain": {"now": 5, "areas": ["hip"], "side": "right"},
        "tests": {
            "fire_hydrant": _t(_reps(6), None), "reverse_clamshell": _t(_reps(10), None),
            "clamshell": _t(_reps(15), None), "single_leg_stance": _t({"seconds": 30}, None),
            "single_leg_squat": _t({"reps": 5}, None),
        },
    },
    "tendinopathy-left-rest-pain-6": {
        "age": 58, "pain": {"now": 6, "areas": ["hip"], "side": "left"},
        "tests": _all_ok(fire_hydrant=_t(_reps(3, True), _reps(6)), clamshell=_t(_reps(0), _reps(2, True))),
        "equipment": ["band"],
    },
    "pregnant-22-cleared": {
        "age": 30, "pain": {"now": 3, "areas": ["low_back", "hip"], "side": "both"}, "pregnancy": {"week": 22},
        "screen": {"other_condition": True, "cleared": True},
        "tests": _all_ok(
            fire_hydrant=_t(_reps(4, True), _reps(5, True)),
            single_leg_stance=_t({"seconds": 20, "pelvic_drop": True}, {"seconds": 26, "pelvic_drop": True}),
        ),
    },
}  # fmt: skip


# ---------------------------------------------------------------- simulated logs


def _log(s: Session, pain: int, morning: int, comp: str | None) -> SessionLog:
    rows = [
        ExerciseLog(
            id=p.id, name=p.name, functions=p.functions, level=p.level, side=p.side, prescribed_sets=p.sets,
            prescribed_reps=p.reps, prescribed_hold=p.hold_seconds, prescribed_load=p.load,
            prescribed_sets_by_side=p.sets_by_side, sets_done=p.sets, reps_done=p.reps, hold_done=p.hold_seconds,
            compensation=comp,  # type: ignore[arg-type]  # a Literal the scenario picks
        )
        for p in s.exercises
    ]  # fmt: skip
    return SessionLog(date=s.date, pain_during=pain, morning_pain=morning, exercises=rows)


def _behaviour(scenario: str) -> Callable[[Session, int], SessionLog]:
    def good(s: Session, week: int) -> SessionLog:
        return _log(s, 2, 2, None)

    def flare(s: Session, week: int) -> SessionLog:
        return _log(s, 7, 5, None) if week == 3 else _log(s, 2, 2, None)

    def compensation(s: Session, week: int) -> SessionLog:
        return _log(s, 2, 2, "both")

    return {"good": good, "flare-week-3": flare, "compensation": compensation}[scenario]


@dataclass
class Run:
    name: str
    scenario: str
    answers: Answers
    assessment: Assessment
    plan: Plan
    logs: list[SessionLog] = field(default_factory=list)
    today: dt.date | None = None  # sessions before this were logged (as done)
    # Every session as it was shown before it was done, with the plan it came from.
    shown: list[tuple[Session, Plan]] = field(default_factory=list)
    by_week: dict[int, Plan] = field(default_factory=dict)  # the plan after each week's last log
    referral: str | None = None


def simulate(name: str, answers: Answers, scenario: str, cat: Catalogue) -> Run:
    assessment = score(answers, today=TODAY)
    opts = planner.PlanOptions(weeks=WEEKS, start=START)
    plan = planner.build_plan(assessment, cat, opts)
    run = Run(name, scenario, answers, assessment, plan)
    if scenario == "no log":
        return run
    act = _behaviour(scenario)
    day = START
    while run.referral is None:
        s = next((s for w in run.plan.weeks for s in w.sessions if s.date >= day), None)
        if s is None:
            break
        week = (s.date - START).days // 7 + 1
        run.shown.append((s, run.plan))
        run.logs.append(act(s, week))
        day = run.today = s.date + dt.timedelta(days=1)
        try:  # as `glute log` does: every log re-plans
            run.plan = planner.build_plan(assessment, cat, opts, planner.History(list(run.logs), run.today))
        except ReferralError as e:
            run.referral = str(e)
        run.by_week[week] = run.plan
    return run


# ---------------------------------------------------------------- the checks


def _cap(run: Run, flaring: bool) -> int:
    """The session's time cap (planner.cap_of; the older gentle/default pair when it is missing)."""
    cap_of = getattr(planner, "cap_of", None)
    safety = planner.safety_of(run.assessment)
    if cap_of is not None:
        return int(cap_of(safety, run.answers.pain.acute_flare or flaring)[0])
    gentle = safety.gentle or run.answers.pain.acute_flare or flaring
    return int(rules.MINUTES_CAP_GENTLE if gentle else rules.MINUTES_CAP)


def _weak(run: Run) -> set[Function]:
    a = run.assessment
    return {f for f in Function if a.result(f) is None or a.result(f).verdict in ("weak", "untested")}  # type: ignore[union-attr]


def _flare_days(plan: Plan) -> set[dt.date]:
    ad = plan.adaptation
    starts = {d.date for d in (ad.decisions if ad else []) if d.decision in ("step_back", "level_down")}
    return {f + dt.timedelta(days=i) for f in starts for i in range(rules.FLARE_EASE_DAYS)}


@dataclass
class Seen:
    """A session as the person saw it: its program week, the week's levels and the plan it came from."""

    week: int
    levels: dict[Function, int]
    session: Session
    plan: Plan


def _seen(run: Run) -> list[Seen]:
    """Every session shown before it was done, and the sessions still to come in the final plan."""
    out = []
    for s, plan in [*run.shown, *((s, run.plan) for w in run.plan.weeks for s in w.sessions if run.today is None or s.date >= run.today)]:
        w = next(w for w in plan.weeks if s in w.sessions)
        out.append(Seen(w.program_week or w.number, dict(w.levels), s, plan))
    return out


def _future(run: Run) -> list[tuple[int, Session]]:
    return [(x.week, x.session) for x in _seen(run)]


Check = Callable[[Run, "Catalogue"], "list[str] | None"]  # None: does not apply to this profile


def single_leg_gate(run: Run, cat: Catalogue) -> list[str] | None:
    weak = _weak(run) | {Function.stabilization}
    bad = []
    for x in _seen(run):
        for p in x.session.exercises:
            ex = cat.by_id[p.id]
            bad += [
                f"{x.session.date} {p.id} L{ex.level} above {g.value} L{x.levels[g]}"
                for g in ex.functions
                if g in weak and ex.level > x.levels[g]
            ]
    return bad


def untested_side(run: Run, cat: Catalogue) -> list[str] | None:
    untested = [r for r in run.assessment.functions if "untested" in (r.left.verdict, r.right.verdict)]
    untested_fns = [f for f in Function if run.assessment.result(f) is None]
    if not untested and not untested_fns:
        return None
    bad = []
    for r in untested:
        if r.verdict not in ("weak", "untested") or r.start_level != 1:
            bad.append(f"{r.function.value}: untested side scored {r.verdict} at level {r.start_level}")
    if not any("test again" in n.lower() for n in run.plan.notes):
        bad.append("no note asking for the test again")
    first = run.plan.weeks[0].sessions[0]
    trained = {g for p in first.exercises for g in p.functions}
    bad += [f"{f.value} untested and not trained in session 1" for f in _weak(run) if f not in trained]
    return bad


def falls(run: Run, cat: Catalogue) -> list[str] | None:
    if not falls_risk(run.answers):
        return None
    bad = [] if any(rules.FALL_ADVICE in n for n in run.plan.notes) else ["no fall advice"]
    for _wk, s in _future(run):
        for p in s.exercises:
            ex = cat.by_id[p.id]
            if ex.position in ONE_LEG and not ex.supported:
                bad.append(f"{s.date} {p.id}: unsupported one-leg work")
            if ex.position in STANDING and not any(w in p.cue.lower() for w in ("wall", "chair")):
                bad.append(f"{s.date} {p.id}: standing without a support cue")
        for text in s.warmup:
            if any(w in text.lower() for w in ("marching", "standing", "hip circles")) and "wall or a chair" not in text:
                bad.append(f"{s.date} warm-up without support: {text}")
    return bad


def parq(run: Run, cat: Catalogue) -> list[str] | None:
    if not run.answers.screen.positives():
        return None
    bad = [] if any("Pre-exercise screen" in n for n in run.plan.notes) else ["cleared screen yes not repeated in the notes"]
    uncleared = run.answers.model_copy(update={"screen": run.answers.screen.model_copy(update={"cleared": False})})
    a = score(uncleared, today=TODAY)
    if not a.referred:
        bad.append("a screen yes without clearance was not referred")
    elif not a.referral_reasons:
        bad.append("referred without a reason")
    return bad


def pregnancy(run: Run, cat: Catalogue) -> list[str] | None:
    state = pregnancy_state(run.answers)
    if state is None:
        return None
    bad = [] if any(rules.PREGNANCY_ADVICE in n for n in run.plan.notes) else ["no clearance advice and warning signs"]
    if state != "pregnant":
        return bad
    week0 = run.answers.pregnancy.week or 0  # type: ignore[union-attr]
    names = {e.name.lower(): e for e in cat if not e.functions}
    for wk, s in _future(run):
        exs = [cat.by_id[p.id] for p in s.exercises]
        exs += [
            names[t.split(": ", 1)[1].split(",", 1)[0]] for t in s.warmup if ": " in t and t.split(": ", 1)[1].split(",", 1)[0] in names
        ]
        for ex in exs:
            if ex.position in ONE_LEG and not ex.supported:
                bad.append(f"{s.date} {ex.id}: unsupported one-leg")
            if ex.wide_stance or ex.position in (Position.side_plank, Position.split_stance):
                bad.append(f"{s.date} {ex.id}: split stance, wide or asymmetric loading")
            if ex.position is Position.supine and week0 + wk - 1 >= rules.SUPINE_AFTER_WEEK:
                bad.append(f"{s.date} {ex.id}: supine at pregnancy week {week0 + wk - 1}")
    return bad


def painful_side(run: Run, cat: Catalogue) -> list[str] | None:
    pain = run.answers.pain
    if "hip" not in [a.value for a in pain.areas] or pain.side is None:
        return None
    bad = [] if any(rules.ADDUCTION_ADVICE in n for n in run.plan.notes) else ["no adduction advice"]
    for wk, s in _future(run):
        if wk <= rules.LATERAL_HIP_EARLY_WEEKS:
            bad += [
                f"{s.date} {p.id}: lying on the painful side in week {wk}" for p in s.exercises if cat.by_id[p.id].position in SIDE_LYING
            ]
    return bad


def progression(run: Run, cat: Catalogue) -> list[str] | None:
    bad = []
    weak = _weak(run)
    prev = None
    for w in run.plan.weeks:
        if weak:
            top = max(w.levels[f] for f in weak)
            bad += [f"week {w.number}: {f.value} (ok) L{lv} above the weak L{top}" for f, lv in w.levels.items() if lv > top]
        if prev is not None:
            bad += [f"week {w.number}: {f.value} jumped {prev[f]}->{lv}" for f, lv in w.levels.items() if lv - prev[f] > 1]
        prev = w.levels
    if run.scenario == "good" and weak and run.referral is None:
        first, last = run.plan.weeks[0].levels, run.plan.weeks[-1].levels
        bad += [f"{f.value}: a clean 12-week log never moved it up from L{first[f]}" for f in weak if first[f] < 3 and last[f] <= first[f]]
    return bad


def flare_handling(run: Run, cat: Catalogue) -> list[str] | None:
    if run.scenario != "flare-week-3" or run.referral:
        return None
    days = _flare_days(run.plan)
    if not days:
        return ["a week of 7/10 sessions was not read as a flare"]
    start = min(days)
    hip = Condition.hip.value in [a.value for a in run.answers.pain.areas]
    bad = []
    before = next(
        (w.levels for w in run.plan.weeks if w.sessions and w.sessions[0].date <= start <= w.sessions[-1].date + dt.timedelta(days=3)), None
    )
    for x in _seen(run):
        s = x.session
        if s.date in _flare_days(x.plan):
            for p in s.exercises:
                ex = cat.by_id[p.id]
                if p.load:
                    bad.append(f"{s.date} {p.id}: load in the days after a flare")
                if any(c.when is Condition.acute_flare for c in ex.cautions):
                    bad.append(f"{s.date} {p.id}: an exercise to avoid in a flare-up")
                if hip and ex.position in SIDE_LYING:
                    bad.append(f"{s.date} {p.id}: side-lying after a flare with hip pain")
    for w in run.plan.weeks:
        if before and w.sessions and start < w.sessions[0].date < start + dt.timedelta(weeks=rules.FLARE_GATE_DELAY_WEEKS):
            bad += [f"week {w.number}: {f.value} moved up within 2 weeks of the flare" for f, lv in w.levels.items() if lv > before[f]]
    return bad


def compensation_regression(run: Run, cat: Catalogue) -> list[str] | None:
    if run.scenario != "compensation":
        return None
    # Read in the plan after week 3 (at the end of the programme nothing is left to regress).
    mid = run.by_week.get(3, run.plan)
    bad = [] if any("compensation on both sides" in n for n in mid.notes) else ["no regression note after weeks of compensation"]
    first = run.plan.weeks[0].levels
    for wk, s in _future(run):
        if wk > 2:
            bad += [
                f"{s.date} {p.id}: L{p.level} above the start level under compensation"
                for p in s.exercises
                if p.level > max(first[f] for f in p.functions)
            ]
    return bad


def resting_pain(run: Run, cat: Catalogue) -> list[str] | None:
    now = run.answers.pain.now
    limit = rules.morning_limit(rules.planning_baseline(now))
    bad = [] if limit < rules.PAIN_STOP else [f"next-morning limit {limit} at or above the stop level"]
    if now < rules.PAIN_HIGH:
        return bad or None
    if not any(rules.HIGH_PAIN_ADVICE in n for n in run.plan.notes):
        bad.append("no clinician advice for resting pain 6-7")
    for _wk, s in _future(run):
        bad += [f"{s.date} {p.id}: {p.sets} sets at resting pain {now}" for p in s.exercises if p.sets > 2]
    return bad


def band_rule(run: Run, cat: Catalogue) -> list[str] | None:
    bad = []
    for wk, s in _future(run):
        fams = [cat.by_id[p.id].variant_of or p.id for p in s.exercises]
        if len(fams) != len(set(fams)):
            bad.append(f"{s.date}: an exercise with its own loaded variant")
        if wk == 1:
            bad += [f"{s.date} {p.id}: loaded variant in week 1" for p in s.exercises if cat.by_id[p.id].variant_of]
    return bad


def scoring(run: Run, cat: Catalogue) -> list[str] | None:
    bad = []
    tests = run.answers.tests.model_dump()
    for r in run.assessment.functions:
        for name, t in tests.items():
            if not t or not t.get("left") or not t.get("right") or "reps" not in t["left"]:
                continue
            lr = {s: t[s]["reps"] for s in ("left", "right")}
            zero = [s for s in lr if lr[s] == 0]
            if len(zero) == 1 and name in _TEST_FUNCTION and _TEST_FUNCTION[name] is r.function and r.weaker_side != zero[0]:
                bad.append(f"{name}: 0 reps on the {zero[0]} but the weaker side is {r.weaker_side}")
    if run.name.startswith("borderline") and any(r.level3_early for r in run.assessment.functions):
        bad.append("exactly at the pass marks gets early level 3")
    passed = run.assessment.functions and all(r.verdict == "ok" for r in run.assessment.functions)
    if passed and run.answers.pain.now >= rules.PAIN_IN_PAIN_PASS and not any(rules.IN_PAIN_PASS_ADVICE in n for n in run.plan.notes):
        bad.append("passed every test in pain without 003's conclusion")
    return bad


_TEST_FUNCTION = {
    "fire_hydrant": Function.abduction, "reverse_clamshell": Function.internal_rotation,
    "clamshell": Function.external_rotation,
}  # fmt: skip


def cautions(run: Run, cat: Catalogue) -> list[str] | None:
    conditions = {Condition.general} | {Condition(a.value) for a in run.answers.pain.areas if a.value in Condition.__members__}
    bad = []
    for _wk, s in _future(run):
        for p in s.exercises:
            want = [c.text for c in cat.by_id[p.id].caution_for(conditions)]
            missing = [t for t in want if t not in p.cautions]
            if missing:
                bad.append(f"{s.date} {p.id}: caution missing: {missing[0][:50]}")
    return bad


def warm_up(run: Run, cat: Catalogue) -> list[str] | None:
    names = {e.name.lower(): e for e in cat if not e.functions and getattr(e, "kind", "strength") != "strength"}
    safety = planner.safety_of(run.assessment)
    bad = []
    for wk, s in _future(run):
        if not s.warmup or not s.warmup[0].startswith("Warm-up: ") or not any(t.startswith("Mobility: ") for t in s.warmup):
            bad.append(f"{s.date}: the warm-up is not catalogue warm-up + mobility entries")
            continue
        for t in s.warmup:
            ex = names.get(t.split(": ", 1)[1].split(",", 1)[0])
            if ex is None:
                bad.append(f"{s.date}: warm-up line not from the catalogue: {t[:40]}")
            elif not safety.allows(ex, wk):
                bad.append(f"{s.date}: {ex.id} not allowed for this person")
        if any(cat.by_id[p.id].kind != "strength" for p in s.exercises if hasattr(cat.by_id[p.id], "kind")):
            bad.append(f"{s.date}: a warm-up entry fills a strength slot")
    return bad


def time_cap(run: Run, cat: Catalogue) -> list[str] | None:
    bad = []
    for x in _seen(run):
        s = x.session
        cap = _cap(run, s.date in _flare_days(x.plan))
        if s.minutes is None or s.minutes > cap:
            bad.append(f"{s.date}: {s.minutes} min over the {cap}-min cap")
    return bad


def end_advice(run: Run, cat: Catalogue) -> list[str] | None:
    return [] if any(rules.END_ADVICE in n for n in run.plan.notes) else ["no 'no better after 8-12 weeks' advice"]


CHECKS: dict[str, Check] = {
    "1-leg gate": single_leg_gate, "untested": untested_side, "falls": falls, "PAR-Q": parq,
    "pregnancy": pregnancy, "pain side": painful_side, "progress": progression, "flare": flare_handling,
    "compens.": compensation_regression, "rest pain": resting_pain, "band": band_rule, "scoring": scoring,
    "cautions": cautions, "warm-up": warm_up, "time cap": time_cap, "end": end_advice,
}  # fmt: skip
SCENARIOS = ("no log", "good", "flare-week-3", "compensation")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quiet", action="store_true", help="the table only, no failure details")
    ap.add_argument("--profile", action="append", help="only this profile (repeatable)")
    args = ap.parse_args(argv)
    cat = load_catalogue()
    failures: list[str] = []
    counts = {"PASS": 0, "FAIL": 0}
    head = f"{'profile':30} {'scenario':13} " + " ".join(f"{c[:9]:>9}" for c in CHECKS)
    print(head)
    print("-" * len(head))
    for name, data in PROFILES.items():
        if args.profile and name not in args.profile:
            continue
        answers = Answers.model_validate({"date": TODAY.isoformat(), "name": name, **data})
        for scenario in SCENARIOS:
            try:
                run = simulate(name, answers, scenario, cat)
            except ReferralError as e:
                print(f"{name:30} {scenario:13} referred: {e}")
                failures.append(f"{name} / {scenario}: referred before any plan: {e}")
                counts["FAIL"] += 1
                continue
            cells = []
            for label, check in CHECKS.items():
                try:
                    got = check(run, cat)
                except Exception as e:  # a crash in a check is a failure of the rule it checks
                    got = [f"check crashed: {type(e).__name__}: {e}"]
                if got is None:
                    cells.append("-")
                    continue
                verdict = "FAIL" if got else "PASS"
                counts[verdict] += 1
                cells.append(verdict)
                failures += [f"{name} / {scenario} / {label}: {g}" for g in got[:3]]
            print(f"{name:30} {scenario:13} " + " ".join(f"{c:>9}" for c in cells))
    print(f"\n{counts['PASS']} PASS, {counts['FAIL']} FAIL ({counts['PASS'] + counts['FAIL']} checks)")
    if failures and not args.quiet:
        print("\nFailures (first 3 per check):")
        for f in failures:
            print(" - " + f)
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
