"""Turn a scored assessment and the catalogue into a progressive weekly program.

Plain, deterministic Python: same assessment + catalogue + start date + options = same plan.
Rules and their sources (seed files in shared/seeds, cited by prefix):
- 001: 3-4 sessions a week, >= 24 h apart; level 1 non-weight-bearing -> 2 weight-bearing ->
  3 single-leg; progress only without Trendelenburg compensation; 8-12 weeks for change;
  3x15-20 with a band once 20 reps are clean.
- 003: test, train the weak function, re-test; progress "after a week or two".
- Silbernagel 2007 (tendon rehab, borrowed): pain <= 5/10 during, settled by next morning.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .catalogue import Catalogue
from .errors import InputError, ReferralError
from .models import (
    DEFAULT_DAYS,
    FUNCTION_LABELS,
    FUNCTION_ORDER,
    WEEKDAYS,
    Assessment,
    Condition,
    Equipment,
    Exercise,
    Function,
    LevelChange,
    Plan,
    Prescription,
    ProgressStep,
    Session,
    Week,
    min_gap_days,
)

GATE = (
    "Progress only if last week's sets were done without compensation (pelvis level, no drop or roll) "
    "and pain stayed <= 5/10 and settled by next morning (001; pain limits from the Silbernagel 2007 "
    "pain-monitoring model, borrowed from tendon rehab)."
)

PAIN_RULES = [
    "Pain up to 5/10 during exercise is acceptable if it has settled by the next morning "
    "(Silbernagel 2007 pain-monitoring model, borrowed from tendon rehab).",
    "Pain above 5/10, or worse the next morning: go back to the previous week's dose or the level below.",
    "Pain 8/10 or more, or a red flag (constant or night pain, numbness or leg weakness, bladder or bowel "
    "change, fever, unexplained weight loss, a fall or injury): stop and see a doctor or physiotherapist.",
    "Quality over count: 10 perfect reps beat 20 compensated ones; keep your hip bones level (001).",
]

# A function moves up one level at most every 2 weeks (003: "after a week or two"). The default
# block is 4 weeks: 3 loading weeks, a lighter 4th week with the re-test, then the gate (001: 8-12
# weeks, 003: train the weak function 2-4 weeks and re-test). "Level 3 reachable early" (every test
# passed, little pain) uses the 2-week minimum.
BLOCK_WEEKS = 4
EARLY_BLOCK_WEEKS = 2
FLARE_LEVEL1_WEEKS = 2
MAX_EXERCISES = 6
MIN_EXERCISES = 3
FOCUS_EXTRA = 1  # a second exercise per weak function when the session has room


@dataclass
class PlanOptions:
    weeks: int = 8
    start: dt.date | None = None
    sessions: int | None = None
    days: list[str] | None = None
    equipment: list[Equipment] | None = None
    today: dt.date | None = None


@dataclass
class _FunctionTrack:
    function: Function
    focus: bool
    start_level: int
    block: int
    weaker_side: str | None
    levels: list[int] = field(default_factory=list)


def next_monday(today: dt.date) -> dt.date:
    """Today if it is a Monday, else the coming Monday."""
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


def resolve_days(assessment: Assessment, sessions: int | None, days: list[str] | None) -> list[str]:
    """The weekdays to train on: options override the assessment's schedule."""
    sched = assessment.answers.schedule
    if days:
        bad = [d for d in days if d not in WEEKDAYS]
        if bad:
            raise InputError(f"--days: {', '.join(bad)} is not a weekday", hint="use mon, tue, wed, thu, fri, sat, sun")
        if len(set(days)) != len(days):
            raise InputError("--days: a weekday is listed twice (never two sessions on one day)")
        n = sessions or len(days)
        if n not in (3, 4):
            raise InputError(f"--days: {len(days)} days given; a program has 3 or 4 sessions a week (001)")
        if len(days) != n:
            raise InputError(f"--days: {len(days)} days given for --sessions {n}", hint="list exactly one weekday per session")
        if min_gap_days(days) < 1:
            raise InputError("--days: sessions must be at least 24 h apart (001)")
        return sorted(days, key=WEEKDAYS.index)
    n = sessions or sched.sessions_per_week
    if n not in (3, 4):
        raise InputError(f"--sessions {n}: a program has 3 or 4 sessions a week (001)")
    if sched.days and len(sched.days) == n:
        return sched.resolved_days()
    return list(DEFAULT_DAYS[n])


def _level_timeline(start: int, weeks: int, block: int, flare: bool) -> list[int]:
    levels, lvl, since = [], start, 0
    for w in range(1, weeks + 1):
        if flare and w <= FLARE_LEVEL1_WEEKS:
            lvl = 1
        levels.append(lvl)
        since += 1
        if since >= block and lvl < 3 and w < weeks:
            lvl, since = lvl + 1, 0
    return levels


def _excluded(ex: Exercise, conditions: set[Condition]) -> bool:
    # Only acute_flare excludes; area cautions are shown as warnings (models.Condition).
    return Condition.acute_flare in conditions and any(c.when is Condition.acute_flare for c in ex.cautions)


def _pool(cat: Catalogue, f: Function, level: int, owned: set[Equipment], conditions: set[Condition]) -> tuple[list[Exercise], int]:
    """Candidates for a function at a level; falls back to lower levels if none fit the person."""
    for lvl in range(level, 0, -1):
        found = [e for e in cat.filter(f, lvl, owned) if not _excluded(e, conditions)]
        if found:
            # Exercises whose main function is this one first, then higher activation, then id.
            found.sort(key=lambda e: (0 if e.functions[0] is f else 1, -(e.mvic or 0), e.id))
            return found, lvl
    return [], 0


def _usable_steps(ex: Exercise, owned: set[Equipment]) -> list[ProgressStep]:
    steps = []
    for s in ex.dose.progress_by:
        if (s is ProgressStep.reps and ex.dose.reps is None) or (s is ProgressStep.hold and ex.dose.hold_seconds is None):
            continue
        if s is ProgressStep.band and Equipment.band not in owned:
            continue
        if s is ProgressStep.load and not ({Equipment.dumbbell, Equipment.band, Equipment.cable_machine, Equipment.abduction_machine} & owned):
            continue
        steps.append(s)
    return steps or ([ProgressStep.reps] if ex.dose.reps else [ProgressStep.hold])


def _dose_states(ex: Exercise, owned: set[Equipment], focus: bool) -> list[tuple[int, int | None, int | None, str | None]]:
    """The exercise's dose ladder, one state per loading week: (sets, reps, hold, added load).

    A range is climbed in about three weekly steps (reps toward the top, then longer holds), then
    resistance is added as the catalogue's `progress_by` says (001: a band once 20 reps are clean).
    """
    d = ex.dose
    reps = d.reps.lo if d.reps else None
    hold = d.hold_seconds.lo if d.hold_seconds else None
    # Weak functions get the most sets; functions that tested ok get maintenance volume.
    sets = d.sets.hi if focus else max(1, min(d.sets.lo, 2))
    load: str | None = None
    states = [(sets, reps, hold, load)]
    for s in _usable_steps(ex, owned):
        if s is ProgressStep.reps and d.reps:
            for v in _climb(d.reps.lo, d.reps.hi):
                reps = v
                states.append((sets, reps, hold, load))
        elif s is ProgressStep.hold and d.hold_seconds:
            for v in _climb(d.hold_seconds.lo, d.hold_seconds.hi):
                hold = v
                states.append((sets, reps, hold, load))
        elif s is ProgressStep.sets and focus:
            for v in range(d.sets.lo + 1, d.sets.hi + 1):
                sets = max(sets, v)
                states.append((sets, reps, hold, load))
        elif s in (ProgressStep.band, ProgressStep.load):
            load = _load_text(s, owned, load)
            if d.reps:  # with added resistance, start again from the bottom of the rep range
                reps = d.reps.lo
            states.append((sets, reps, hold, load))
    return states


def _climb(lo: int, hi: int) -> list[int]:
    if hi <= lo:
        return []
    step = max(1, -(-(hi - lo) // 3))
    out = list(range(lo + step, hi, step))
    return [*out, hi]


def _load_text(step: ProgressStep, owned: set[Equipment], current: str | None) -> str:
    if step is ProgressStep.band:
        return "heavier band" if current == "band" else "band"
    if Equipment.dumbbell in owned:
        return "light dumbbell"
    if Equipment.band in owned:
        return "heavier band" if current == "band" else "band"
    return "light load"


def _conditions(a: Assessment) -> set[Condition]:
    out = {Condition.general}
    if a.answers.pain.acute_flare:
        out.add(Condition.acute_flare)
    for area in a.answers.pain.areas:
        if area.value in Condition.__members__:
            out.add(Condition(area.value))
    return out


def _tracks(a: Assessment, weeks: int) -> list[_FunctionTrack]:
    flare = a.answers.pain.acute_flare
    tracks = []
    for f in FUNCTION_ORDER:
        r = a.result(f)
        if r is None:
            start, focus, early, side = 1, False, False, None
        else:
            start, focus, early, side = r.start_level, r.verdict == "weak", r.level3_early, r.weaker_side
        if flare:
            start = 1
        block = EARLY_BLOCK_WEEKS if early and not flare else BLOCK_WEEKS
        t = _FunctionTrack(f, focus, start, block, side)
        t.levels = _level_timeline(start, weeks, block, flare)
        tracks.append(t)
    return tracks


def _lighter_weeks(tracks: list[_FunctionTrack], weeks: int) -> set[int]:
    """Every 4th week, and the week before any level change, is lighter (one set fewer)."""
    out = {w for w in range(1, weeks + 1) if w % BLOCK_WEEKS == 0}
    for t in tracks:
        for w in range(1, weeks):
            if t.levels[w] > t.levels[w - 1]:
                out.add(w)
    return out


def _slots(tracks: list[_FunctionTrack], session_index: int) -> list[tuple[_FunctionTrack, bool]]:
    """Which functions a session trains, in order: weak ones first, stabilization always."""
    focus = [t for t in tracks if t.focus]
    stab = next(t for t in tracks if t.function is Function.stabilization)
    others = [t for t in tracks if not t.focus and t is not stab]
    slots: list[tuple[_FunctionTrack, bool]] = [(t, True) for t in focus]
    if not stab.focus:
        slots.append((stab, False))
    # Maintenance functions alternate across the week's sessions when there is no room for all.
    room = MAX_EXERCISES - len(slots)
    if others and room > 0:
        k = min(room, max(1, len(others) if len(slots) + len(others) <= 4 else (len(others) + 1) // 2))
        start = (session_index * k) % len(others)
        for i in range(k):
            slots.append((others[(start + i) % len(others)], False))
    # A second exercise for weak functions while the session stays within 5 (adherence).
    extra = [(t, True) for t in focus][: max(0, 5 - len(slots))]
    return slots[: len(focus)] + extra + slots[len(focus) :]


def _pick(pool: list[Exercise], rotation: int, taken: set[str]) -> Exercise | None:
    for i in range(len(pool)):
        ex = pool[(rotation + i) % len(pool)]
        if ex.id not in taken:
            return ex
    return None


def build_plan(assessment: Assessment, cat: Catalogue, options: PlanOptions | None = None) -> Plan:
    """The program for an assessment. Raises ReferralError if the assessment was referred."""
    opts = options or PlanOptions()
    if assessment.referred:
        raise ReferralError(
            "this assessment found reasons to see a clinician first; no plan was made",
            reasons=assessment.referral_reasons,
        )
    if not 1 <= opts.weeks <= 52:
        raise InputError(f"--weeks {opts.weeks}: choose 1 to 52 weeks")
    days = resolve_days(assessment, opts.sessions, opts.days)
    start = opts.start or next_monday(opts.today or dt.date.today())
    owned = set(opts.equipment if opts.equipment is not None else assessment.answers.equipment)
    conditions = _conditions(assessment)
    tracks = _tracks(assessment, opts.weeks)
    lighter = _lighter_weeks(tracks, opts.weeks)
    notes: list[str] = []
    fallbacks: set[str] = set()

    weeks: list[Week] = []
    session_counter = 0
    for w in range(1, opts.weeks + 1):
        week_start = start + dt.timedelta(days=7 * (w - 1))
        dates = [week_start + dt.timedelta(days=i) for i in range(7)]
        dates = [d for d in dates if WEEKDAYS[d.weekday()] in days]
        sessions = []
        for s_idx, date in enumerate(dates):
            taken: set[str] = set()
            rows: list[Prescription] = []
            for slot_no, (t, focus) in enumerate(_slots(tracks, s_idx)):
                level = t.levels[w - 1]
                pool, got = _pool(cat, t.function, level, owned, conditions)
                if got and got < level:
                    fallbacks.add(f"{FUNCTION_LABELS[t.function]} level {level}")
                # Rotate through the pool across the week's sessions (variety) and weeks.
                ex = _pick(pool, s_idx + (w - 1) + slot_no, taken)
                if ex is None:
                    continue
                taken.add(ex.id)
                rows += _prescribe(ex, t, tracks, w, level, focus, lighter, owned, conditions)
            _fill_minimum(rows, taken, tracks, w, cat, owned, conditions, lighter, s_idx)
            if len(taken) < MIN_EXERCISES:
                raise InputError(
                    f"the catalogue has too few exercises for this person's equipment (week {w} has {len(taken)})",
                    hint="add equipment with 'glute assess', or use a fuller catalogue",
                )
            sessions.append(Session(date=date, weekday=WEEKDAYS[date.weekday()], exercises=rows))
            session_counter += 1
        levels = {t.function: t.levels[w - 1] for t in tracks}
        changes = [
            LevelChange(function=t.function, from_level=t.levels[w - 2], to_level=t.levels[w - 1], gate=GATE)
            for t in tracks
            if w > 1 and t.levels[w - 1] > t.levels[w - 2]
        ]
        checkpoint = None
        if w % BLOCK_WEEKS == 0 or w == opts.weeks:
            checkpoint = (
                "Re-test at the end of this week (glute assess): if a function now passes, move on; "
                "if not, keep training it (003)."
            )
        weeks.append(
            Week(number=w, phase=_phase(w, lighter, tracks), checkpoint=checkpoint, levels=levels, level_changes=changes, sessions=sessions)
        )

    notes += _notes(assessment, tracks, opts.weeks, fallbacks, owned)
    return Plan(
        profile=assessment.profile,
        assessment_id=assessment.id or None,
        generated_for=assessment.answers.name or assessment.profile,
        start_date=start,
        weeks_total=opts.weeks,
        sessions_per_week=len(days),
        days=days,
        focus=[t.function for t in tracks if t.focus],
        start_levels={t.function: t.levels[0] for t in tracks},
        weaker_side={t.function: t.weaker_side for t in tracks},
        gate=GATE,
        pain_rules=PAIN_RULES,
        notes=notes,
        weeks=weeks,
    )


def _level_step(t: _FunctionTrack, w: int, lighter: set[int]) -> int:
    """Loading weeks already done at the current level before week w (a lighter week repeats the last)."""
    level = t.levels[w - 1]
    k = 0
    for x in range(w - 1, 0, -1):
        if t.levels[x - 1] != level:
            break
        if x not in lighter:
            k += 1
    return max(0, k - 1) if w in lighter else k


def _prescribe(
    ex: Exercise,
    t: _FunctionTrack,
    tracks: list[_FunctionTrack],
    w: int,
    level: int,
    focus: bool,
    lighter: set[int],
    owned: set[Equipment],
    conditions: set[Condition],
) -> list[Prescription]:
    states = _dose_states(ex, owned, focus)
    sets, reps, hold, load = states[min(_level_step(t, w, lighter), len(states) - 1)]
    if w in lighter:
        sets = max(1, sets - 1)
    cautions = [c.text for c in ex.caution_for(conditions - {Condition.acute_flare, Condition.general})]
    base = Prescription(
        id=ex.id,
        name=ex.name,
        functions=list(ex.functions),
        level=ex.level,
        sets=sets,
        reps=reps,
        hold_seconds=hold,
        side="both",
        cue=ex.cues[0],
        load=load,
        caution=cautions[0] if cautions else None,
    )
    rows = [base]
    # The weaker side gets a side-specific extra set on unilateral exercises.
    # Only for functions that tested weak: a small asymmetry between two passing sides is noise.
    side = (t.weaker_side if t.focus else None) or next(
        (x.weaker_side for x in tracks if x.focus and x.function in ex.functions and x.weaker_side), None
    )
    if ex.unilateral and side:
        rows.append(base.model_copy(update={"sets": 1, "side": side}))
    return rows


def _fill_minimum(rows, taken, tracks, w, cat, owned, conditions, lighter, s_idx) -> None:
    """Top a short session up to 3 exercises with maintenance work (3-6 per session)."""
    if len(taken) >= MIN_EXERCISES:
        return
    for offset in range(len(tracks)):
        t = tracks[(s_idx + offset) % len(tracks)]
        pool, _ = _pool(cat, t.function, t.levels[w - 1], owned, conditions)
        ex = _pick(pool, s_idx + w, taken)
        if ex is None:
            continue
        taken.add(ex.id)
        rows += _prescribe(ex, t, tracks, w, t.levels[w - 1], False, lighter, owned, conditions)
        if len(taken) >= MIN_EXERCISES:
            return


def _phase(w: int, lighter: set[int], tracks: list[_FunctionTrack]) -> str:
    if w in lighter:
        return "deload"
    focus = [t for t in tracks if t.focus] or tracks
    lowest = min(t.levels[w - 1] for t in focus)
    return {1: "activation", 2: "strength", 3: "integration"}[lowest]


def _notes(a: Assessment, tracks: list[_FunctionTrack], weeks: int, fallbacks: set[str], owned: set[Equipment]) -> list[str]:
    notes = []
    focus = [t for t in tracks if t.focus]
    if focus:
        names = ", ".join(FUNCTION_LABELS[t.function] for t in focus)
        notes.append(f"Focus: {names} tested weak; trained every session with the most sets, first in each session (003).")
    else:
        notes.append("No function tested weak: the plan keeps every function at maintenance volume (003: if you pass, move on).")
    for t in tracks:
        r = a.result(t.function)
        if r is None or r.verdict == "untested":
            notes.append(f"{FUNCTION_LABELS[t.function].capitalize()} was not tested: it starts cautiously at level 1. Test it to know.")
        if t.weaker_side and t.focus:
            notes.append(f"{FUNCTION_LABELS[t.function].capitalize()}: the {t.weaker_side} side is weaker and gets an extra set on one-sided exercises.")
    notes.append(
        "Levels (001): 1 non-weight-bearing activation, 2 weight-bearing, 3 single-leg under full body weight or load. "
        "A function moves up one level at most every 2 weeks (003: 'after a week or two'), here after a lighter week, behind the gate."
    )
    notes.append("Sessions 3-4 times a week, at least 24 h apart (001). Within a level, reps rise first, then holds, then a band or load.")
    if any(t.block == EARLY_BLOCK_WEEKS for t in tracks):
        notes.append("Every test passed with little pain: level 3 is reachable after 2 weeks if the gate is met.")
    if a.answers.pain.acute_flare:
        notes.append(
            "Acute flare: level 1 only for the first 2 weeks, and no hip airplane or loaded single-leg work "
            "in this plan (000: avoid during acute flare-ups). Re-assess when the flare has settled."
        )
    for area in a.answers.pain.areas:
        if area.value == "knee":
            notes.append("Knee pain: watch for the knee collapsing inward on single-leg work; stop the set if it does.")
        elif area.value == "low_back":
            notes.append("Low back pain: keep the spine neutral and move from the hip (003, 000).")
    if fallbacks:
        notes.append(
            "No exercise fits your equipment at " + ", ".join(sorted(fallbacks)) + ": the level below is used instead."
        )
    if weeks < 8:
        notes.append(f"This plan is {weeks} week{'s' if weeks != 1 else ''}: meaningful change in gluteus medius strength takes 8-12 weeks (001).")
    if Equipment.band not in owned:
        notes.append("No band listed: band progressions are left out (001 adds a band once 20 reps are clean).")
    return notes
