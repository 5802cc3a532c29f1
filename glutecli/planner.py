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

from . import rules
from .assess import falls_risk, pregnancy_state
from .catalogue import Catalogue
from .errors import InputError, ReferralError
from .models import (
    DEFAULT_DAYS,
    FUNCTION_LABELS,
    FUNCTION_ORDER,
    SIDES,
    WEEKDAYS,
    Adaptation,
    Assessment,
    Condition,
    Equipment,
    Exercise,
    ExerciseLog,
    Function,
    FunctionDecision,
    LevelChange,
    PainArea,
    Plan,
    Position,
    Prescription,
    ProgressStep,
    Session,
    SessionLog,
    Side,
    Week,
)
from .present.text import DECISION_WORDS  # the words every view uses
from .progression import BLOCK_WEEKS, EARLY_BLOCK_WEEKS, FLARE_LEVEL1_WEEKS, GATE, Frame, Program, Retest, TrackSpec, TrackView, day, replay
from .timing import set_seconds
from .vocab import check_days

__all__ = ["BLOCK_WEEKS", "EARLY_BLOCK_WEEKS", "FLARE_LEVEL1_WEEKS", "GATE", "History", "PlanOptions", "build_plan", "program_weeks", "replan"]

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
# passed, little pain) uses the 2-week minimum. The week-by-week walk lives in progression.replay, which
# also applies the session log; without a log every gate is assumed met.
MAX_EXERCISES = rules.MAX_EXERCISES
MIN_EXERCISES = rules.MIN_EXERCISES
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
class History:
    """The session log a plan adapts to: logs on or after the plan's start, read as of `today`."""

    logs: list[SessionLog]
    today: dt.date
    # A programme's timeline: assessments taken while it runs, and moved sessions.
    retests: list[Assessment] = field(default_factory=list)
    moves: list[tuple[dt.date, dt.date]] = field(default_factory=list)


@dataclass
class _FunctionTrack:
    function: Function
    focus: bool
    start_level: int
    block: int
    weaker_side: Side | None
    untested: bool = False

    @property
    def guards(self) -> bool:
        """Weak, untested and stabilization functions cap every exercise that trains them (rules.CAP_TO_WEAKEST)."""
        return self.focus or self.untested or self.function is Function.stabilization


def next_monday(today: dt.date) -> dt.date:
    """Today if it is a Monday, else the coming Monday."""
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


def resolve_days(assessment: Assessment, sessions: int | None, days: list[str] | None) -> list[str]:
    """The weekdays to train on: options override the assessment's schedule."""
    sched = assessment.answers.schedule
    if days:
        try:
            return check_days(days, sessions, per_week="--sessions {n}")
        except ValueError as e:
            raise InputError(f"--days: {e}", hint="use mon, tue, wed, thu, fri, sat, sun, one per session") from None
    n = sessions or sched.sessions_per_week
    if n not in (3, 4):
        raise InputError(f"--sessions {n}: a program has 3 or 4 sessions a week (001)")
    if sched.days and len(sched.days) == n:
        return sched.resolved_days()
    return list(DEFAULT_DAYS[n])


def _excluded(ex: Exercise, conditions: set[Condition]) -> bool:
    # Only acute_flare excludes; area cautions are shown as warnings (models.Condition).
    return Condition.acute_flare in conditions and any(c.when is Condition.acute_flare for c in ex.cautions)


ONE_LEG = {Position.single_leg_stance, Position.split_stance}
STANDING = {Position.standing, Position.single_leg_stance, Position.split_stance}
COMPRESSES_SIDE = {Position.side_lying, Position.side_plank}


@dataclass(frozen=True)
class Safety:
    """What the person's answers rule out or change, for every exercise of the plan (rules.py)."""

    falls: bool = False  # supported one-leg work only, "hold a wall or a chair" (Vellas 1997)
    pregnant_week: int | None = None  # ACOG CO 804: no unsupported one-leg, wide, asymmetric; no supine from week 20
    postpartum: bool = False
    hip_side: str | None = None  # lateral hip pain on a known side: no side-lying early (002, LEAP)
    cautious: bool = False  # resting pain 6-7: maintenance sets

    @property
    def gentle(self) -> bool:
        return self.falls or self.pregnant_week is not None or self.postpartum or self.cautious

    def allows(self, ex: Exercise, program_week: int) -> bool:
        if (self.falls or self.pregnant_week is not None) and ex.position in ONE_LEG and not ex.supported:
            return False
        if self.pregnant_week is not None:
            # Split stance loads the pelvis asymmetrically even with a hand on a chair (rules.PREGNANCY_EXCLUDES).
            if ex.wide_stance or ex.position in (Position.side_plank, Position.split_stance):
                return False
            if ex.position is Position.supine and self.pregnant_week + program_week - 1 >= rules.SUPINE_AFTER_WEEK:
                return False
        return not (self.hip_side and program_week <= rules.LATERAL_HIP_EARLY_WEEKS and ex.position in COMPRESSES_SIDE)

    def key(self, program_week: int) -> tuple[bool, bool]:
        """What `allows` depends on for a given week (the pool memo's key)."""
        supine = self.pregnant_week is not None and self.pregnant_week + program_week - 1 >= rules.SUPINE_AFTER_WEEK
        return (supine, bool(self.hip_side) and program_week <= rules.LATERAL_HIP_EARLY_WEEKS)


def safety_of(a: Assessment) -> Safety:
    ans = a.answers
    state = pregnancy_state(ans)
    hip_side = ans.pain.side if PainArea.hip in ans.pain.areas else None
    return Safety(
        falls=bool(falls_risk(ans)),
        pregnant_week=ans.pregnancy.week if state == "pregnant" and ans.pregnancy else None,
        postpartum=state == "postpartum",
        hip_side=hip_side,
        cautious=rules.PAIN_HIGH <= ans.pain.now < rules.PAIN_STOP,
    )


def _compensated_streak(logs: list[SessionLog], f: Function, before: dt.date) -> int:
    """How many of the latest logged sessions before `before` that trained `f`, in a row, had its
    exercises compensated on both sides (or on `both`)."""
    n = 0
    for lg in sorted((lg for lg in logs if lg.date < before and lg.trains(f)), key=lambda lg: lg.date, reverse=True):
        rows = [e for e in lg.exercises if f in e.functions]
        if any(e.compensation == "both" for e in rows) or ({"left", "right"} <= {e.compensation for e in rows}):
            n += 1
        else:
            break
    return n


def _family(ex: Exercise) -> str:
    """An exercise and its own loaded variant are one family: never both in a session (001, 003)."""
    return ex.variant_of or ex.id


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


def _tracks(a: Assessment) -> list[_FunctionTrack]:
    flare = a.answers.pain.acute_flare
    tracks = []
    for f in FUNCTION_ORDER:
        r = a.result(f)
        if r is None:
            start, focus, early, side, untested = 1, False, False, None, True
        else:
            start, focus, early, side = r.start_level, r.verdict == "weak", r.level3_early, r.weaker_side
            untested = r.verdict == "untested"
        if flare:
            start = 1
        block = EARLY_BLOCK_WEEKS if early and not flare else BLOCK_WEEKS
        tracks.append(_FunctionTrack(f, focus, start, block, side, untested))
    return tracks


def _slots(tracks: list[_FunctionTrack], session_index: int) -> list[tuple[_FunctionTrack, bool]]:
    """Which functions a session trains, in order: weak ones first, stabilization always. An
    untested function is unknown, so it is trained every session like a weak one (rules.UNTESTED_SIDE)."""
    focus = [t for t in tracks if t.focus] + [t for t in tracks if t.untested and not t.focus]
    stab = next(t for t in tracks if t.function is Function.stabilization)
    others = [t for t in tracks if t not in focus and t is not stab]
    slots: list[tuple[_FunctionTrack, bool]] = [(t, True) for t in focus]
    if stab not in focus:
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
    """The next exercise of the pool whose family (itself and its loaded variant) is not in the session yet."""
    for i in range(len(pool)):
        ex = pool[(rotation + i) % len(pool)]
        if _family(ex) not in taken:
            return ex
    return None


CHECKPOINT = (
    "Re-test at the end of this week (glute assess): if a function now passes, move on; "
    "if not, keep training it (003)."
)


@dataclass
class _Ctx:
    """What every prescription of one plan needs."""

    cat: Catalogue
    tracks: list[_FunctionTrack]
    owned: set[Equipment]
    conditions: set[Condition]
    safety: Safety = field(default_factory=Safety)
    fallbacks: set[str] = field(default_factory=set)
    # The session being built: its program week, the level each function may train at (capped
    # by the weak, untested and stabilization functions) and each function's dose step.
    week: int = 1
    levels: dict[Function, int] = field(default_factory=dict)
    steps: dict[Function, int] = field(default_factory=dict)
    prev_levels: dict[Function, int] = field(default_factory=dict)  # the previous week's trained levels
    flares: list[dt.date] = field(default_factory=list)  # dates the log stepped back or dropped a level
    flaring: bool = False  # the session being built is within rules.FLARE_EASE_DAYS of a flare
    logs: list[SessionLog] = field(default_factory=list)  # the session log, oldest first
    regressed: dict[Function, dt.date] = field(default_factory=dict)  # first session each function regressed
    trims: dict[int, int] = field(default_factory=dict)  # rules.CAP_ORDER step -> sessions that used it
    over_cap: list[int] = field(default_factory=list)  # estimates still over the cap at the floor (none expected)
    warmups: dict[tuple[object, ...], _Warmup] = field(default_factory=dict)  # per safety key and flare state

    def ease(self, date: dt.date) -> None:
        self.flaring = any(0 <= (date - f).days < rules.FLARE_EASE_DAYS for f in self.flares)
        # Persistent compensation on both sides: the function's exercises come from the level below.
        for f in list(self.levels):
            if _compensated_streak(self.logs, f, date) >= rules.REGRESS_AFTER_SESSIONS:
                self.regressed.setdefault(f, date)
                self.levels[f] = max(1, self.levels[f] - 1)
    # _pool's answers for this plan: the same few questions come ~120 times (60-90 ms for a
    # 10,000-exercise catalogue). Per plan, so nothing carries over to another catalogue.
    pools: dict[tuple[object, ...], tuple[list[Exercise], int]] = field(default_factory=dict)

    def pool(self, f: Function, level: int) -> tuple[list[Exercise], int]:
        """`_pool` for this plan's catalogue, equipment and conditions. The list is shared: do not change it."""
        key = (f, level, frozenset(self.owned), frozenset(self.conditions))
        found = self.pools.get(key)
        if found is None:
            found = self.pools[key] = _pool(self.cat, f, level, self.owned, self.conditions)
        return found

    def begin(self, week: int, views: dict[Function, TrackView]) -> None:
        """Set the session's caps: a function that tested ok never trains above the highest weak
        or untested one, and no exercise goes above the level of any function it trains."""
        raw = {t.function: views[t.function].low.level for t in self.tracks}
        weak = [raw[t.function] for t in self.tracks if t.focus or t.untested]
        top = max(weak) if weak else 3
        self.week = week
        self.levels = {t.function: raw[t.function] if (t.focus or t.untested) else min(raw[t.function], top) for t in self.tracks}
        self.steps = {t.function: views[t.function].low.step for t in self.tracks}

    def fits(self, ex: Exercise) -> bool:
        """The per-session rules: levels of every trained function, and a loaded variant only
        after its base exercise's rep range has been climbed (001: a band after 20 clean reps)."""
        if any(ex.level > self.levels.get(g, 3) for g in ex.functions):
            return False
        base = self.cat.by_id.get(ex.variant_of) if ex.variant_of else None
        if base is not None and set(ex.equipment) - set(base.equipment):
            # A loaded variant (it adds a band or a weight): only after the base's rep range was climbed.
            need = len(_climb(base.dose.reps.lo, base.dose.reps.hi)) + 1 if base.dose.reps else 1
            if min(self.steps.get(g, 0) for g in ex.functions) < need:
                return False
        return True

    def candidates(self, f: Function, level: int, taken: set[str] | frozenset[str] = frozenset()) -> tuple[list[Exercise], int]:
        """Exercises for `f` at `level` (or the nearest level below) that this person and session allow,
        and that are not in the session yet (`taken`: families)."""
        level = min(level, self.levels.get(f, level))
        # In the days after a logged flare, what a flare-up excludes is left out too (rules.FLARE_EASE_DAYS).
        conditions = self.conditions | {Condition.acute_flare} if self.flaring else self.conditions
        no_side = self.flaring and Condition.hip in self.conditions
        for lvl in range(level, 0, -1):
            key = ("safe", f, lvl, frozenset(self.owned), frozenset(conditions), no_side, self.safety.key(self.week))
            found = self.pools.get(key)
            if found is None:
                base = [
                    e
                    for e in self.cat.filter(f, lvl, self.owned)
                    if not _excluded(e, conditions) and self.safety.allows(e, self.week) and not (no_side and e.position in COMPRESSES_SIDE)
                ]
                isometric_first = self.safety.key(self.week)[1] and f is Function.abduction
                base.sort(key=lambda e: (0 if not isometric_first or e.dose.reps is None else 1, 0 if e.functions[0] is f else 1, -(e.mvic or 0), e.id))
                found = self.pools[key] = (base, lvl)
            pool = [e for e in found[0] if self.fits(e)]
            if any(_family(e) not in taken for e in pool):
                return pool, lvl
        return [], 0


def _specs(tracks: list[_FunctionTrack]) -> tuple[TrackSpec, ...]:
    return tuple(TrackSpec(t.function, t.focus, t.start_level, t.block, t.weaker_side, t.untested) for t in tracks)


def _program(a: Assessment, tracks: list[_FunctionTrack], start: dt.date, weeks: int, days: list[str], history: History | None = None) -> Program:
    # The morning rule's baseline stays low enough that its limit is below the stop level
    # (rules.planning_baseline); a re-test's new baseline gets the same adjustment.
    retests = tuple(
        Retest(r.date, _specs(_tracks(r)), rules.planning_baseline(r.answers.pain.now), r.referred) for r in (history.retests if history else ())
    )
    moves = tuple(history.moves) if history else ()
    return Program(
        start=start, weeks=weeks, days=tuple(days), tracks=_specs(tracks), baseline_pain=rules.planning_baseline(a.answers.pain.now),
        flare=a.answers.pain.acute_flare, retests=retests, moves=moves,
    )  # fmt: skip


def _one_sided(ctx: _Ctx, f: Function, level: int) -> bool:
    pool, got = ctx.pool(f, level)
    return got == level and any(e.unilateral for e in pool)


def build_plan(assessment: Assessment, cat: Catalogue, options: PlanOptions | None = None, history: History | None = None) -> Plan:
    """The program for an assessment, adapted to `history` (the session log) when given.

    Raises ReferralError if the assessment was referred, or if the log says stop (pain 8/10 or
    more, or a new red flag). Same inputs, same plan.
    """
    opts = options or PlanOptions()
    if assessment.referred:
        raise ReferralError(
            "this assessment found reasons to see a clinician first; no plan was made",
            reasons=assessment.referral_reasons,
        )
    if not 1 <= opts.weeks <= 52:
        raise InputError(f"--weeks {opts.weeks}: choose 1 to 52 weeks")
    days = resolve_days(assessment, opts.sessions, opts.days)
    today = opts.today or (history.today if history else None)
    if opts.start is not None:
        start = opts.start
    elif today is not None:
        start = next_monday(today)
    else:
        raise ValueError("build_plan needs PlanOptions.start or today")
    owned = set(opts.equipment if opts.equipment is not None else assessment.answers.equipment)
    tracks = _tracks(assessment)
    ctx = _Ctx(cat, tracks, owned, _conditions(assessment), safety_of(assessment))
    program = _program(assessment, tracks, start, opts.weeks, days, history)
    rp = replay(
        program,
        history.logs if history else (),
        history.today if history else None,
        can_split=lambda f, lo, hi: _one_sided(ctx, f, lo) and _one_sided(ctx, f, hi),
    )
    adaptation = rp.adaptation
    if adaptation and adaptation.refer:
        raise ReferralError(
            "your session log says stop: see a doctor or physiotherapist before training on",
            reasons=adaptation.refer,
            footer="The program is stopped. When a clinician has cleared you, re-assess with 'glute assess' to start a new plan.",
        )
    # A logged session stays as it was done (its log keeps the prescription), even if the plan
    # it was done from was a projection that the log has since changed (a missed week).
    logged = {lg.date: lg for lg in history.logs if lg.exercises and lg.date <= history.today} if adaptation and history else {}
    starts = rp.start_views
    ctx.begin(1, starts)
    start_levels = dict(ctx.levels)
    ctx.prev_levels = dict(start_levels)
    if adaptation is not None:
        ctx.flares = sorted({d.date for d in adaptation.decisions if d.decision in ("step_back", "level_down")})
    if history is not None:
        ctx.logs = [lg for lg in history.logs if lg.exercises and lg.date <= history.today]
    weeks = [_week(frame, ctx, adaptation is not None, logged) for frame in rp.frames]
    notes = _notes(assessment, tracks, opts.weeks, ctx.fallbacks, owned, ctx.safety)
    notes.append(_cap_note(ctx, assessment.answers.pain.acute_flare))
    latest = tracks
    for r in history.retests if history else ():
        if r.referred or (history and r.date > history.today):
            continue
        latest = _tracks(r)
        notes.append(_retest_note(r, latest))
    if adaptation is not None:
        notes += _adaptation_notes(adaptation, weeks)
        for f, since in sorted(ctx.regressed.items(), key=lambda x: x[1]):
            notes.append(
                f"{FUNCTION_LABELS[f].capitalize()}: compensation on both sides in {rules.REGRESS_AFTER_SESSIONS} sessions in a row, "
                f"so its exercises come from the level below (level 1 stays at level 1) from {day(since)} until a session is clean "
                "(001: quality over count). Use a hand on the hip bone or a mirror; if it persists, have a physiotherapist check your technique."
            )
        if ctx.flares:
            notes.append(
                f"After a flare the next {rules.FLARE_EASE_DAYS} days ease: one set fewer, no added band or load, "
                "no exercise to avoid in a flare-up (000)" + (", no lying on the side" if Condition.hip in ctx.conditions else "") + "."
            )
    return Plan(
        profile=assessment.profile,
        assessment_id=assessment.id or None,
        generated_for=assessment.answers.name or assessment.profile,
        start_date=start,
        weeks_total=len(weeks),
        sessions_per_week=len(days),
        days=days,
        focus=[t.function for t in latest if t.focus],
        start_levels={t.function: start_levels[t.function] for t in tracks},
        weaker_side={t.function: t.weaker_side for t in latest},
        gate=GATE,
        pain_rules=PAIN_RULES,
        notes=notes,
        weeks=weeks,
        adaptation=adaptation,
    )


# What each rules.CAP_ORDER step gave up, in the plan's words.
CAP_STEP_WORDS = (
    "a weak function's second exercise",
    "maintenance sets (down to 1)",
    "a maintenance exercise",
    "sets of weak work (down to 2)",
    "an exercise whose functions another one trains too",
    "reps or holds (down to the bottom of the range)",
    "the weaker side's extra set",
    "the warm-up down to marching and one mobility exercise",
    "both sides on the lower of two exercises",
)


def _cap_note(ctx: _Ctx, flare: bool) -> str:
    """The session time cap, why, and what the sessions over it gave up (rules.CAP_ORDER)."""
    cap, why = cap_of(ctx.safety, flare)
    text = f"Sessions are kept within {cap} min, warm-up included" + (f" (shorter for {why})" if why else "")
    if ctx.flares and cap > rules.MINUTES_CAP_FLARE:
        text += f", and within {rules.MINUTES_CAP_FLARE} min in the {rules.FLARE_EASE_DAYS} days after a flare"
    if ctx.over_cap:
        # Not expected with the bundled catalogue (tests/test_clinical_rules.py); said when it happens.
        text += (
            f"; {len(ctx.over_cap)} session{'s' if len(ctx.over_cap) != 1 else ''} stay over it (up to {max(ctx.over_cap)} min) "
            "at the minimum effective dose: ask a physiotherapist which exercise to leave out"
        )
    if not ctx.trims:
        return text + "."
    used = "; ".join(f"{CAP_STEP_WORDS[k]} in {n} session{'s' if n != 1 else ''}" for k, n in sorted(ctx.trims.items()))
    return text + f". To fit, in this order as needed, sessions gave up: {used}. The cap never drops weak work nor takes it below 2 sets."


def _retest_note(r: Assessment, tracks: list[_FunctionTrack]) -> str:
    weak = [FUNCTION_LABELS[t.function] for t in tracks if t.focus]
    ok = [FUNCTION_LABELS[t.function] for t in tracks if not t.focus]
    text = f"Re-tested on {day(r.date)} {r.date.year}: the programme goes on with the new verdicts"
    if weak:
        text += f"; focus now: {', '.join(weak)} (keeps its level)"
    if ok:
        text += f"; maintained: {', '.join(ok)}"
    return text + f"; pain baseline {r.answers.pain.now}/10."


def replan(active: Plan, assessment: Assessment, cat: Catalogue, logs: list[SessionLog], today: dt.date) -> Plan:
    """Re-plan an active plan from its log: same start, days and program length; see build_plan."""
    missed = len(active.adaptation.missed_weeks) if active.adaptation else 0
    opts = PlanOptions(weeks=max(1, active.weeks_total - missed), start=active.start_date, days=list(active.days))
    return build_plan(assessment, cat, opts, History(logs, today))


def program_weeks(plan: Plan) -> int:
    """The program's length in weeks, without the weeks a missed week added."""
    return plan.weeks_total - (len(plan.adaptation.missed_weeks) if plan.adaptation else 0)


def _week(frame: Frame, ctx: _Ctx, adapted: bool, logged: dict[dt.date, SessionLog]) -> Week:
    w = frame.program_week
    sessions = []
    for s_idx, date in enumerate(frame.dates):
        if date in logged:
            done = [_as_logged(ctx, e) for e in logged[date].exercises]
            # The warm-up as it was shown: the flares logged before this day, the same cap rule.
            ctx.week = w
            ctx.flaring = any(0 < (date - f).days < rules.FLARE_EASE_DAYS for f in ctx.flares)
            warm = _warmup(ctx)
            cap, _ = cap_of(ctx.safety, Condition.acute_flare in ctx.conditions or ctx.flaring)
            if _minutes(done, ctx, warm.seconds) > cap and warm.short is not None:
                warm = warm.short
            sessions.append(_session(date, done, _minutes(done, ctx, warm.seconds), warm.texts))
            continue
        views = frame.views[date]
        if date in frame.specs:  # a re-test changes the focus and the weaker side from its date on
            ctx.tracks = [_FunctionTrack(x.function, x.focus, x.start_level, x.block, x.weaker_side, x.untested) for x in frame.specs[date]]
        ctx.begin(w, views)
        ctx.ease(date)
        taken: set[str] = set()
        groups: list[tuple[int, list[Prescription]]] = []
        seen: set[Function] = set()
        for slot_no, (t, focus) in enumerate(_slots(ctx.tracks, s_idx)):
            # Rotate through the pool across the week's sessions (variety) and weeks.
            got = _rows(ctx, t, views[t.function], focus, frame.lighter, s_idx + (w - 1) + slot_no, taken)
            if got:
                # What a session trimmed to its time cap keeps longest: weak, untested and stabilization
                # work, then maintenance of the other functions; a weak function's second exercise goes first.
                groups.append((_tier(t, t.function in seen), got))
                seen.add(t.function)
        _fill_minimum(groups, taken, ctx, views, w, frame.lighter, s_idx)
        if len(taken) < MIN_EXERCISES:
            raise InputError(
                f"the catalogue has too few exercises for this person's equipment (week {w} has {len(taken)})",
                hint="add equipment with 'glute assess', or use a fuller catalogue",
            )
        warm = _warmup(ctx)
        minutes, warm = _fit_cap(groups, ctx, warm)
        rows = [r for _, g in groups for r in g]
        sessions.append(_session(date, rows, minutes, warm.texts))
    last = frame.last_views()
    first = frame.views[frame.dates[0]]
    ctx.begin(w, last)
    # Levels as trained: a function that tested ok is held at the highest weak one (rules.CAP_TO_WEAKEST),
    # so its change is recorded when its trained level moves (with the gate that moved it or the weak one).
    changes = [
        LevelChange(function=c.function, from_level=c.from_level, to_level=c.to_level, gate=c.reason, side=c.side)
        for c in frame.changes
        if c.side is not None
    ]
    for t in ctx.tracks:
        f = t.function
        was, now = ctx.prev_levels.get(f, ctx.levels[f]), ctx.levels[f]
        if was != now and not any(c.function == f and c.side is not None for c in frame.changes):
            own = next((c for c in frame.changes if c.function == f and c.side is None), None)
            changes.append(LevelChange(function=f, from_level=was, to_level=now, gate=own.reason if own else GATE))
    ctx.prev_levels = dict(ctx.levels)
    return Week(
        number=frame.number,
        phase=_phase(frame, ctx.tracks, first),
        checkpoint=CHECKPOINT if frame.checkpoint else None,
        levels={t.function: ctx.levels[t.function] for t in ctx.tracks},
        level_changes=changes,
        sessions=sessions,
        program_week=w if adapted else None,
        side_levels={
            t.function: {"left": v.left.level, "right": v.right.level}
            for t in ctx.tracks
            if (v := last[t.function]).left.level != v.right.level
        },
        note=frame.note,
    )


def _warnings(ex: Exercise, ctx: _Ctx) -> list[str]:
    """Every caution text that applies: the person's pain areas and the exercise's `general` ones
    (acute_flare excludes instead of warning)."""
    return [c.text for c in ex.caution_for(ctx.conditions - {Condition.acute_flare})]


def _session(date: dt.date, rows: list[Prescription], minutes: int, warmup: list[str]) -> Session:
    return Session(
        date=date,
        weekday=WEEKDAYS[date.weekday()],
        exercises=rows,
        minutes=minutes,
        warmup=warmup,
        carry_over=rules.CARRY_OVER,
    )


@dataclass(frozen=True)
class _Warmup:
    """A session's warm-up and mobility: the lines shown first and the seconds they take."""

    texts: list[str]
    seconds: int
    # The shortest warm-up a session over its cap may fall back to: the general warm-up and the
    # first mobility entry (the last step of rules.CAP_ORDER).
    short: _Warmup | None = None


def _warmup(ctx: _Ctx) -> _Warmup:
    """The catalogue's warm-up and mobility entries this person may do this week (rules.WARMUP_ITEMS),
    at the bottom of their dose ranges; the rules.WARMUP texts when the catalogue has none."""
    key = ("warmup", ctx.flaring, ctx.safety.key(ctx.week))
    found = ctx.warmups.get(key)
    if found is not None:
        return found
    conditions = ctx.conditions | {Condition.acute_flare} if ctx.flaring else ctx.conditions
    # `functions` is an index field of a cached catalogue: only entries without any are read in full.
    extras = [e for e in ctx.cat if not e.functions]
    texts: list[str] = []
    seconds = 0
    short: tuple[list[str], int] = ([], 0)
    for kind, n in zip(("warm_up", "mobility"), rules.WARMUP_ITEMS, strict=True):
        allowed = [e for e in extras if e.kind == kind and not _excluded(e, conditions) and ctx.safety.allows(e, ctx.week)]
        for ex in allowed[:n]:
            d = ex.dose
            sets, reps = d.sets.lo, d.reps.lo if d.reps else None
            hold = d.hold_seconds.lo if d.hold_seconds else None
            seconds += _warmup_item_seconds(ex)
            # The key cue lives in the catalogue entry (glute exercises); the plan line keeps the dose
            # and, for a falls risk or in pregnancy, the support (rules.SUPPORT_CUE).
            held = (ctx.safety.falls or ctx.safety.pregnant_week is not None) and ex.position in STANDING
            texts.append(
                f"{'Warm-up' if kind == 'warm_up' else 'Mobility'}: {ex.name.lower()}, {_warmup_dose(sets, reps, hold, ex.unilateral)}"
                + (", holding a wall or a chair." if held else ".")
            )
            if ex is allowed[0]:
                short = ([*short[0], texts[-1]], seconds)
    shorter = _Warmup(*short) if short[1] < seconds else None
    found = _Warmup(texts, seconds, shorter) if texts else _Warmup(list(rules.WARMUP), rules.WARMUP_MINUTES * 60)
    ctx.warmups[key] = found
    return found


def _warmup_item_seconds(ex: Exercise) -> int:
    """One warm-up or mobility entry at the bottom of its dose, each side, without rest."""
    d = ex.dose
    sets, reps = d.sets.lo, d.reps.lo if d.reps else None
    hold = d.hold_seconds.lo if d.hold_seconds else None
    per_set = reps * (rules.SECONDS_PER_REP + (hold or 0)) if reps is not None else (hold or 0)
    sides = 2 if ex.unilateral else 1
    return sets * sides * per_set + sides * rules.SWITCH_SECONDS


def warmup_seconds(session: Session, cat: Catalogue) -> int:
    """How long a session's warm-up lines take (a guided session times them): each line's catalogue
    entry at the bottom of its dose; rules.WARMUP_MINUTES when a line names no entry (older plans)."""
    names = {e.name.lower(): e for e in cat if not e.functions}
    total = 0
    for line in session.warmup:
        ex = names.get(line.partition(": ")[2].partition(",")[0])
        if ex is None:
            return rules.WARMUP_MINUTES * 60
        total += _warmup_item_seconds(ex)
    return total


def _warmup_dose(sets: int, reps: int | None, hold: int | None, unilateral: bool) -> str:
    """`2 min`, `30 s each side`, `6 reps each side`, `2 x 30 s each side`."""
    if reps is not None:
        one = f"{reps} reps"
    elif hold is not None and hold >= 60 and hold % 60 == 0:
        one = f"{hold // 60} min"
    else:
        one = f"{hold} s"
    return (f"{sets} x " if sets > 1 else "") + one + (" each side" if unilateral else "")


def _row_seconds(p: Prescription, ex: Exercise | None) -> int:
    """Estimated seconds for one row, as `glute go` times it: sides alternate within each round of
    sets (a change of position before each side's set, one rest between rounds), and the weaker
    side's extra sets come last, each after a rest."""
    per_set = set_seconds(p)  # the same tempo model the guided session's timers follow
    rest = p.rest_seconds or rules.REST_SECONDS
    sides = 2 if (ex is not None and ex.unilateral and p.side == "both") else 1
    switches = 1 + (p.sets if sides == 2 else 0)
    seconds = p.sets * sides * per_set + max(0, p.sets - 1) * rest + switches * rules.SWITCH_SECONDS
    extra = sum(p.sets_by_side.values()) - p.sets * len(p.sets_by_side) if p.sets_by_side and sides == 2 else 0
    if extra > 0:
        # Left goes first in a round: a left extra set follows the right set after a change of
        # position (the right set was its rest); a right one follows a rest; then rest between them.
        first = rules.SWITCH_SECONDS if (p.sets_by_side or {}).get("left", 0) > p.sets else rest
        seconds += first + (extra - 1) * rest + extra * per_set
    return round(seconds)


def _drop_set(p: Prescription) -> None:
    """One set fewer on a row (and on each side of it, when the sides differ)."""
    p.sets -= 1
    if p.sets_by_side:
        p.sets_by_side = {k: max(1, n - 1) for k, n in p.sets_by_side.items()}


def _minutes(rows: list[Prescription], ctx: _Ctx, warmup_seconds: int) -> int:
    """Estimated session length in minutes, warm-up included (shown in the plan, today and the .ics)."""
    seconds = warmup_seconds + sum(_row_seconds(p, ctx.cat.by_id.get(p.id)) for p in rows)
    return -(-seconds // 60)


# What a session over its time cap gives up first (rules.CAP_ORDER): a weak function's second
# exercise, then maintenance of the functions that tested ok. Stabilization that tested ok keeps its
# exercise (001: pelvic control in every session) at maintenance sets; weak and untested work
# (TRIM_KEEP) is never dropped.
TRIM_EXTRA, TRIM_MAINTENANCE, TRIM_STABILIZATION, TRIM_KEEP = 0, 1, 2, 3


def _tier(t: _FunctionTrack, second: bool) -> int:
    if second:
        return TRIM_EXTRA
    if t.focus or t.untested:
        return TRIM_KEEP
    return TRIM_STABILIZATION if t.function is Function.stabilization else TRIM_MAINTENANCE


def cap_of(safety: Safety, flare: bool) -> tuple[int, str]:
    """The session time cap for this person (rules.MINUTES_CAP_*) and why: the lowest that applies."""
    caps = [(rules.MINUTES_CAP, "")]
    if safety.falls:
        caps.append((rules.MINUTES_CAP_OLDER, "falls risk or age"))
    if safety.pregnant_week is not None or safety.postpartum:
        caps.append((rules.MINUTES_CAP_PREGNANT, "pregnancy or a recent birth"))
    if flare or safety.cautious:
        caps.append((rules.MINUTES_CAP_FLARE, "a flare" if flare else "high resting pain"))
    return min(caps, key=lambda c: c[0])


def _fit_cap(groups: list[tuple[int, list[Prescription]]], ctx: _Ctx, warm: _Warmup) -> tuple[int, _Warmup]:
    """Fit the session into its time cap (cap_of) by the steps of rules.CAP_ORDER, in order, each only
    while the estimate is over: a weak or untested function keeps its exercise at rules.MIN_SETS_WEAK
    sets or more, and the session keeps MIN_EXERCISES. Also keeps the session within MAX_EXERCISES.
    Records the steps used in ctx.trims. Returns the estimated minutes and the warm-up kept."""
    cap, _ = cap_of(ctx.safety, Condition.acute_flare in ctx.conditions or ctx.flaring)

    def rows(*tiers: int) -> list[Prescription]:
        return [r for tier, g in groups if not tiers or tier in tiers for r in g]

    def total() -> int:
        return _minutes(rows(), ctx, warm.seconds)

    def exercises() -> int:
        return len({p.id for p in rows()})

    def seconds(r: Prescription) -> int:
        return _row_seconds(r, ctx.cat.by_id.get(r.id))

    used: list[int] = []
    guarded = {t.function for t in ctx.tracks if t.focus or t.untested}

    def pop_tier(tier: int, floor: int, step: int, for_time: bool = True) -> None:
        while ((for_time and total() > cap) or exercises() > MAX_EXERCISES) and len(groups) > floor:
            idx = next((i for i in range(len(groups) - 1, -1, -1) if groups[i][0] == tier), None)
            if idx is None:
                return
            groups.pop(idx)
            used.append(step)

    def drop_sets(tiers: tuple[int, ...], floor: int, step: int) -> None:
        while total() > cap:
            over = [r for r in rows(*tiers) if r.sets > floor]
            if not over:
                return
            _drop_set(max(over, key=seconds))
            used.append(step)

    pop_tier(TRIM_EXTRA, MIN_EXERCISES, 0)
    pop_tier(TRIM_MAINTENANCE, MIN_EXERCISES, 2, for_time=False)
    # Sides trained apart (two exercises): both sides do the lower one, the side behind with its
    # extra set, until the session is back within the exercise cap (the safer of the two levels).
    for i in range(len(groups) - 1, -1, -1):
        if exercises() <= MAX_EXERCISES:
            break
        tier, g = groups[i]
        if len({p.id for p in g}) == 2 and all(p.side != "both" for p in g):
            low = min(g, key=lambda p: (p.level, -p.sets))
            base = max(1, low.sets - 1)
            other = "right" if low.side == "left" else "left"
            both = {"side": "both", "sets": base, "sets_by_side": {low.side: base + 1, other: base}}
            groups[i] = (tier, [low.model_copy(update=both)])
    drop_sets((TRIM_MAINTENANCE, TRIM_STABILIZATION), rules.MIN_SETS_MAINTENANCE, 1)
    pop_tier(TRIM_MAINTENANCE, MIN_EXERCISES, 2)
    drop_sets((TRIM_KEEP,), rules.MIN_SETS_WEAK, 3)
    # An exercise whose functions another exercise of the session trains too (a side plank with a
    # clam trains external rotation and stabilization): the functions are still trained.
    while total() > cap and len(groups) > MIN_EXERCISES:
        # Only weak work covers weak work: the other exercise keeps at least MIN_SETS_WEAK sets.
        keep = [i for i, (tier, _) in enumerate(groups) if tier == TRIM_KEEP]
        covered = [
            i for i in keep
            if all(any(f in r.functions for j in keep if j != i for r in groups[j][1]) for f in groups[i][1][0].functions if f in guarded)
        ]  # fmt: skip
        if not covered:
            break
        groups.pop(max(covered, key=lambda i: sum(seconds(r) for r in groups[i][1])))
        used.append(4)
    while total() > cap:  # weak work down to the bottom of its range: the minimum effective dose
        over = [r for r in rows() if _above_bottom(r, ctx)]
        if not over:
            break
        r = max(over, key=seconds)
        ex = ctx.cat.by_id[r.id]
        if r.reps is not None and ex.dose.reps and r.reps > ex.dose.reps.lo:
            r.reps = ex.dose.reps.lo
        if r.hold_seconds is not None and ex.dose.hold_seconds and r.hold_seconds > ex.dose.hold_seconds.lo:
            r.hold_seconds = ex.dose.hold_seconds.lo
        used.append(5)
    while total() > cap:  # the weaker side's extra set: both sides the same
        uneven = [r for r in rows() if r.sets_by_side]
        if not uneven:
            break
        r = max(uneven, key=seconds)
        r.sets_by_side = None
        used.append(6)
    if total() > cap and warm.short is not None:
        warm = warm.short
        used.append(7)
    # Last: sides trained apart (two exercises) both do the lower one, the safer of the two levels.
    for i in range(len(groups) - 1, -1, -1):
        if total() <= cap:
            break
        tier, g = groups[i]
        if len({p.id for p in g}) == 2 and all(p.side != "both" for p in g):
            low = min(g, key=lambda p: (p.level, -p.sets))
            groups[i] = (tier, [low.model_copy(update={"side": "both", "sets_by_side": None})])
            used.append(8)
    if 4 in used:  # weak functions' exercises stay first in the session (003), whichever one was left
        focus = {t.function for t in ctx.tracks if t.focus}
        groups.sort(key=lambda tg: 0 if any(f in focus for r in tg[1] for f in r.functions) else 1)
    for step in sorted(set(used)):
        ctx.trims[step] = ctx.trims.get(step, 0) + 1
    minutes = total()
    if minutes > cap:
        ctx.over_cap.append(minutes)
    return minutes, warm


def _above_bottom(r: Prescription, ctx: _Ctx) -> bool:
    ex = ctx.cat.by_id.get(r.id)
    if ex is None:
        return False
    d = ex.dose
    return bool((r.reps is not None and d.reps and r.reps > d.reps.lo) or (r.hold_seconds is not None and d.hold_seconds and r.hold_seconds > d.hold_seconds.lo))


def _as_logged(ctx: _Ctx, e: ExerciseLog) -> Prescription:
    """A prescription as its log recorded it (cue and caution from the catalogue, when it still has the exercise)."""
    ex = ctx.cat.by_id.get(e.id)
    cautions = _warnings(ex, ctx) if ex else []
    return Prescription(
        id=e.id,
        name=e.name or (ex.name if ex else e.id),
        functions=list(e.functions),
        level=e.level,
        sets=e.prescribed_sets,
        reps=e.prescribed_reps,
        hold_seconds=e.prescribed_hold,
        side=e.side,
        cue=_cue(ex, ctx) if ex else (e.name or e.id),
        load=e.prescribed_load,
        caution=cautions[0] if cautions else None,
        cautions=cautions,
        rest_seconds=rules.REST_SECONDS,
        tempo=(ex.dose.tempo or rules.TEMPO) if ex and e.prescribed_reps is not None else None,
        left_means=ex.left_means if ex else None,
        sets_by_side=e.prescribed_sets_by_side,
    )


def _rows(ctx: _Ctx, t: _FunctionTrack, v: TrackView, focus: bool, lighter: bool, rotation: int, taken: set[str]) -> list[Prescription]:
    """One function's exercise for a session: one row for both sides (with the weaker side's extra
    set), or one row per side when the log moved the two sides apart."""
    if not v.merged:
        split = _split_rows(ctx, t, v, focus, lighter, rotation, taken)
        if split:
            return split
    level, step = v.low.level, v.low.step
    pool, got = ctx.candidates(t.function, level, taken)
    if got and got < level and ctx.pool(t.function, level)[1] != level:
        ctx.fallbacks.add(f"{FUNCTION_LABELS[t.function]} level {level}")
    ex = _pick(pool, rotation, taken)
    if ex is None:
        return []
    taken.add(_family(ex))
    return _prescribe(ex, t, ctx, step, focus, lighter)


def _split_rows(ctx: _Ctx, t: _FunctionTrack, v: TrackView, focus: bool, lighter: bool, rotation: int, taken: set[str]) -> list[Prescription]:
    picks: dict[str, Exercise] = {}
    held = ctx.levels.get(t.function)
    for side in SIDES:
        sv = v.side(side)
        # Each side trains at its own level here (the caps of the other functions still apply).
        if t.focus or t.untested:
            ctx.levels[t.function] = sv.level
        pool, got = ctx.candidates(t.function, sv.level)
        if held is not None:
            ctx.levels[t.function] = held
        if got != sv.level:
            return []
        if side == "right" and v.left.level == v.right.level:
            picks[side] = picks["left"]  # same level, different dose: the same exercise each side
            continue
        ex = _pick([e for e in pool if e.unilateral], rotation, taken | {_family(e) for e in picks.values()})
        if ex is None:
            return []
        picks[side] = ex
    behind = v.behind()
    rows: list[Prescription] = []
    for side in SIDES:
        taken.add(_family(picks[side]))
        rows += _prescribe(picks[side], t, ctx, v.side(side).step, focus, lighter, side=side, extra=side == behind)
    return rows


def _prescribe(
    ex: Exercise,
    t: _FunctionTrack,
    ctx: _Ctx,
    step: int,
    focus: bool,
    lighter: bool,
    side: str | None = None,
    extra: bool = False,
) -> list[Prescription]:
    """The rows for one exercise. `step`: loading weeks done at the level (a lighter week repeats
    the previous week's dose with one set fewer). `side`: a one-side row (sides apart); `extra`:
    that side is behind and gets one more set."""
    # Resting pain 6-7: a cautious dose, maintenance sets only (rules.PAIN_HIGH).
    states = _dose_states(ex, ctx.owned, focus and not ctx.safety.cautious)
    sets, reps, hold, load = states[min(max(0, step - 1) if lighter else step, len(states) - 1)]
    if lighter:
        sets = max(1, sets - 1)
    if ctx.flaring:  # after a logged flare: one set fewer and no added load
        sets, load = max(1, sets - 1), None
    cautions = _warnings(ex, ctx)
    base = Prescription(
        id=ex.id,
        name=ex.name,
        functions=list(ex.functions),
        level=ex.level,
        sets=sets + (1 if extra else 0),
        reps=reps,
        hold_seconds=hold,
        side=side or "both",
        cue=_cue(ex, ctx),
        load=load,
        caution=cautions[0] if cautions else None,
        cautions=cautions,
        rest_seconds=rules.REST_SECONDS,
        tempo=(ex.dose.tempo or rules.TEMPO) if reps is not None else None,
        left_means=ex.left_means,
    )
    if side:
        return [base]
    rows = [base]
    # The weaker side gets a side-specific extra set on unilateral exercises.
    # Only for functions that tested weak: a small asymmetry between two passing sides is noise.
    weaker = (t.weaker_side if t.focus else None) or next(
        (x.weaker_side for x in ctx.tracks if x.focus and x.function in ex.functions and x.weaker_side), None
    )
    if ex.unilateral and weaker:
        other = "right" if weaker == "left" else "left"
        rows[0] = base.model_copy(update={"sets_by_side": {weaker: sets + 1, other: sets}})
    return rows


def _fill_minimum(
    groups: list[tuple[int, list[Prescription]]], taken: set[str], ctx: _Ctx, views: dict[Function, TrackView], w: int, lighter: bool, s_idx: int
) -> None:
    """Top a short session up to 3 exercises with maintenance work (3-6 per session)."""
    if len(taken) >= MIN_EXERCISES:
        return
    tracks = ctx.tracks
    for offset in range(len(tracks)):
        t = tracks[(s_idx + offset) % len(tracks)]
        low = views[t.function].low
        pool, _ = ctx.candidates(t.function, low.level, taken)
        ex = _pick(pool, s_idx + w, taken)
        if ex is None:
            continue
        taken.add(_family(ex))
        groups.append((TRIM_MAINTENANCE, _prescribe(ex, t, ctx, low.step, False, lighter)))
        if len(taken) >= MIN_EXERCISES:
            return


def _cue(ex: Exercise, ctx: _Ctx) -> str:
    """The key cue; with a falls risk or in pregnancy, standing work starts with 'hold a wall or a chair'."""
    if (ctx.safety.falls or ctx.safety.pregnant_week is not None) and ex.position in STANDING:
        first = ex.cues[0]
        # Said once: an exercise whose own first cue already puts a hand on a wall or a chair keeps it.
        return first if any(w in first.lower() for w in ("wall", "chair")) else f"{rules.SUPPORT_CUE} {first}"
    return ex.cues[0]


def _phase(frame: Frame, tracks: list[_FunctionTrack], views: dict[Function, TrackView]) -> str:
    if frame.lighter:
        return "deload"
    focus = [t for t in tracks if t.focus] or tracks
    lowest = min(views[t.function].level for t in focus)
    return {1: "activation", 2: "strength", 3: "integration"}[lowest]




def _adaptation_notes(ad: Adaptation, weeks: list[Week]) -> list[str]:
    end = weeks[-1].sessions[-1].date if weeks and weeks[-1].sessions else None
    n = ad.sessions_logged
    notes = [f"Adapted to your log as of {day(ad.as_of)} {ad.as_of.year}: {n} session{'s' if n != 1 else ''} logged{f' since {day(ad.logged_from)}' if ad.logged_from else ''}."]
    if ad.missed_weeks:
        weeks_txt = ", ".join(str(x) for x in ad.missed_weeks)
        notes.append(
            f"Missed week{'s' if len(ad.missed_weeks) > 1 else ''} {weeks_txt}: the plan slid {ad.slide_days} days"
            + (f" and now ends on {end:%a %d %b %Y}" if end else "")
            + "; sessions are never piled together."
        )
    # The latest decision per function and side from the last week (and the coming boundary).
    latest: dict[tuple[Function, str | None], FunctionDecision] = {}
    for d in ad.decisions:
        if (ad.as_of - d.date).days <= 7:
            latest[(d.function, d.side)] = d
    for (f, side), d in latest.items():
        who = FUNCTION_LABELS[f].capitalize() + (f" ({side} side)" if side else "")
        what = DECISION_WORDS[d.decision].format(level=d.level)
        notes.append(f"{who} {what}: {d.reason}.")
    return notes


def _notes(a: Assessment, tracks: list[_FunctionTrack], weeks: int, fallbacks: set[str], owned: set[Equipment], safety: Safety) -> list[str]:
    notes = _safety_notes(a, safety)
    focus = [t for t in tracks if t.focus]
    if focus:
        names = ", ".join(FUNCTION_LABELS[t.function] for t in focus)
        notes.append(f"Focus: {names} tested weak; trained every session with the most sets, first in each session (003).")
    else:
        notes.append("No function tested weak: the plan keeps every function at maintenance volume (003: if you pass, move on).")
    for t in tracks:
        r = a.result(t.function)
        name = FUNCTION_LABELS[t.function].capitalize()
        if r is None or r.verdict == "untested":
            notes.append(rules.UNTESTED_ADVICE.format(what=name))
        elif any(getattr(r, side).verdict == "untested" for side in SIDES):
            side = next(side for side in SIDES if getattr(r, side).verdict == "untested")
            extra = " That side gets an extra set on one-sided exercises." if t.focus and t.weaker_side == side else ""
            notes.append(rules.UNTESTED_ADVICE.format(what=f"{name} on the {side} side") + extra)
        elif t.weaker_side and t.focus:
            notes.append(f"{name}: the {t.weaker_side} side is weaker and gets an extra set on one-sided exercises.")
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
    notes.append(
        "Each session: a warm-up and mobility first (loosen the muscles that take over, then train the stabilizers: 000), "
        f"then the exercises with {rules.REST_SECONDS} s rest between sets, at {rules.TEMPO} unless stated; "
        "the estimated minutes, warm-up included, are shown per session."
    )
    notes.append(rules.FEEDBACK_CUES)
    notes.append(rules.END_ADVICE)
    return notes


def _safety_notes(a: Assessment, safety: Safety) -> list[str]:
    """The notes that change what a person may do, first in the plan."""
    ans = a.answers
    notes = []
    screen = [rules.SCREEN_QUESTIONS[k][1] for k in ans.screen.positives()]
    if screen:
        notes.append("Pre-exercise screen (PAR-Q+): " + ", ".join(screen) + ". A clinician has cleared you; stop and ask them if anything changes.")
    if safety.pregnant_week is not None:
        notes.append(rules.PREGNANCY_ADVICE)
        notes.append(
            f"Pregnancy (week {safety.pregnant_week} at the assessment): left out are {rules.PREGNANCY_EXCLUDES} "
            "(ACOG Committee Opinion 804, 2020; pelvic girdle pain guidance)."
        )
    elif safety.postpartum:
        notes.append(rules.PREGNANCY_ADVICE)
    if safety.falls:
        why = "; ".join(falls_risk(ans))
        notes.append(f"Falls risk ({why}): one-leg work only with a hand on a wall or a chair. {rules.FALL_ADVICE}")
    if safety.hip_side:
        where = "both hips" if safety.hip_side == "both" else f"the {safety.hip_side} hip"
        notes.append(
            f"Pain at the side of {where}: for the first {rules.LATERAL_HIP_EARLY_WEEKS} weeks no side-lying or side-plank work "
            "(lying on the painful side compresses it, 002) and abduction starts with isometric holds (LEAP trial, Mellor 2018; "
            f"Grimaldi 2015). {rules.ADDUCTION_ADVICE}"
        )
    if safety.cautious:
        notes.append(rules.HIGH_PAIN_ADVICE)
    passed = all(r.verdict == "ok" for r in a.functions) and bool(a.functions)
    if passed and ans.pain.now >= rules.PAIN_IN_PAIN_PASS:
        notes.append(rules.IN_PAIN_PASS_ADVICE)
    return notes
