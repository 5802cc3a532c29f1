"""The week-by-week progression of a programme: data in (programme, logs, today), decisions out.

The planner describes a programme without the catalogue (`Program`: start, weeks, days, one
`TrackSpec` per function); `replay` walks it week by week and session by session, reading the
log, and returns the state (level and dose step, per function and side) in force at every
session, the level changes with their reasons, and an `Adaptation` record. A session's state
depends only on the logs dated before it, so the past stays as it was done and the same
assessment + options + logs + today always give the same plan.

Each step of the walk is a pure function on frozen state: `SideState` has one named method per
transition, `end_week` decides one function's week, `apply_log` and `retested` handle the events
between sessions; `replay` only drives them through the calendar.

Rules (sources: 001 = "progress load only when the current level is performed without any
Trendelenburg compensation across all reps"; Silbernagel 2007 pain-monitoring model, borrowed
from tendon rehab: <= 5/10 during, settled by next morning, not rising week to week; 003:
"progress after a week or two"):

- Gate (level up, at the end of a block's lighter week): the function's exercises were logged at
  full dose without compensation on that side in the last 2 sessions that trained it, pain during
  <= 5 and next-morning pain <= baseline + 2 (baseline = the assessment's pain now). Otherwise the
  level holds, the reason is recorded, and the gate is tried again 2 weeks later. A weak or
  untested function meeting the same test climbs after 2 weeks at its level without waiting for
  the block's end (rules.CLEAN_LOG_UP_WEEKS); a flare holds every level up for 2 weeks
  (rules.FLARE_GATE_DELAY_WEEKS). Lighter weeks stay every 4th programme week.
- Dose (within a level, each loading week): the same test on the week's last 2 sessions; if it
  fails the dose holds instead of climbing.
- Pain above 5 during, morning pain above baseline + 2, or pain rising over the last week (three
  sessions in a row, each higher): the affected functions step one dose back from the next
  session; a second flare within 7 days, or a flare at the bottom of the dose ladder, drops a
  level. Pain 8 or more, or a red flag: stop and refer.
- A week with fewer than half its sessions done is repeated: the rest of the plan slides 7 days
  (sessions are never piled together, the weekly days and the 24 h spacing stay). Weeks before the
  first log are taken as done as planned.
- One side may move a level ahead of the other (never more than one), and only when one-sided
  exercises exist at both levels; the side behind gets an extra set.
"""

from __future__ import annotations

import datetime as dt
import itertools
from bisect import bisect_left
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

from . import rules
from .models import (
    FUNCTION_LABELS,
    SIDES,
    WEEKDAYS,
    Adaptation,
    Decision,
    Function,
    FunctionDecision,
    FunctionStatus,
    Level,
    RedFlag,
    SessionLog,
    Side,
)
from .present.text import day_month

GATE = (
    "Progress only if last week's sets were done without compensation (pelvis level, no drop or roll) "
    "and pain stayed <= 5/10 and settled by next morning (001; pain limits from the Silbernagel 2007 "
    "pain-monitoring model, borrowed from tendon rehab)."
)

# The clinical numbers are rules.py's; the short names read better in the walk.
BLOCK_WEEKS = rules.BLOCK_WEEKS
EARLY_BLOCK_WEEKS = rules.EARLY_BLOCK_WEEKS
FLARE_LEVEL1_WEEKS = rules.FLARE_LEVEL1_WEEKS
PAIN_OK = rules.PAIN_OK_DURING
PAIN_STOP = rules.PAIN_STOP
MORNING_MARGIN = rules.MORNING_MARGIN

MAX_WEEKS = 52  # missed weeks may extend the calendar by at most this many weeks
TOP_LEVEL = 3
GATE_SESSIONS = 2  # the last 2 sessions that trained the function
GATE_RETRY_WEEKS = 2  # a held gate is tried again after "a week or two" (003)
RISING_SESSIONS = 3  # three sessions in a row, each more painful ...
RISING_DAYS = 7  # ... within a week
AGAIN_DAYS = 7  # a second flare within a week drops a level; advice stays shown for a week

ADVICE = {
    "step_back": "Pain above 5/10 during, or not settled by the next morning: the dose goes back one step. "
    "Keep moving gently; if it has not settled within a week, see a doctor or physiotherapist.",
    "level_down": "Pain flared again within a week (or the dose was already at its lowest): back to the level below, "
    "rebuilding from its base dose.",
    "floor": "You are at the lightest dose: rest 2-3 days, then resume; if the pain does not settle within a week, "
    "see a doctor or physiotherapist.",
    "hold": "Keep the dose until it is clean: 10 perfect reps beat 20 compensated ones; keep your hip bones level (001).",
    "stop": "Stop the program and see a doctor or physiotherapist (pain 8/10 or more, or a red flag). "
    "When you are cleared, re-assess with 'glute assess' to start again.",
}

RED_FLAG_WORDS = {
    RedFlag.night_pain: "constant or night pain",
    RedFlag.numbness: "numbness or leg weakness",
    RedFlag.bladder_bowel: "bladder or bowel change",
    RedFlag.fever: "fever or a hot, swollen joint",
    RedFlag.weight_loss: "unexplained weight loss",
    RedFlag.trauma: "a fall or injury",
    RedFlag.rest_pain: "pain that does not settle with rest",
}

CriterionKind = Literal["missing", "compensation", "dose", "pain", "morning", "side"]
Criterion = tuple[CriterionKind, str]  # what holds a side back: its kind and the words

HOLD_ADVICE: dict[CriterionKind, str] = {
    "compensation": ADVICE["hold"],
    "dose": "Finish the prescribed sets and reps cleanly before the dose goes up; fewer, cleaner reps are fine meanwhile.",
    "missing": "Log every session and the next morning's pain (glute log): the plan only moves up on what is logged.",
    "pain": ADVICE["step_back"],
    "morning": ADVICE["step_back"],
}


def day(d: dt.date) -> str:
    """`2 Dec`: how dates appear in reasons (locale-free, as every view spells them)."""
    return day_month(d)


def label(f: Function) -> str:
    """The function's name in reasons."""
    return FUNCTION_LABELS[f]


def as_level(n: int) -> Level:
    """A level number as the models' `Level` (1-3)."""
    if n == 1:
        return 1
    if n == 2:
        return 2
    if n == 3:
        return 3
    raise ValueError(f"level {n} is outside 1-3")


# ---------------------------------------------------------------- the programme (input)


@dataclass(frozen=True)
class TrackSpec:
    """One function of the program as planned from the assessment."""

    function: Function
    focus: bool
    start_level: int
    block: int
    weaker_side: Side | None = None
    untested: bool = False  # no test result: counts as weak for the caps (rules.CAP_TO_WEAKEST)

    @property
    def weak(self) -> bool:
        """Weak or untested: may climb early on a clean log."""
        return self.focus or self.untested


@dataclass(frozen=True)
class Retest:
    """An assessment taken while the programme runs: from `date` on, its verdicts apply.

    A function that now starts higher moves up to that level; a function still weak keeps the
    level it earned and becomes a focus; the pain baseline becomes the re-test's. A clear re-test
    resumes a programme that a log had stopped."""

    date: dt.date
    tracks: tuple[TrackSpec, ...]
    baseline_pain: int
    referred: bool = False


@dataclass(frozen=True)
class Program:
    """What `replay` needs of a plan: no catalogue, no exercises."""

    start: dt.date
    weeks: int
    days: tuple[str, ...]
    tracks: tuple[TrackSpec, ...]
    baseline_pain: int = 0
    flare: bool = False
    # A programme's timeline: re-tests change the verdicts from their date on, moves put a
    # session on another day of its week.
    retests: tuple[Retest, ...] = ()
    moves: tuple[tuple[dt.date, dt.date], ...] = ()


SplitCheck = Callable[[Function, int, int], bool]


# ---------------------------------------------------------------- state and its named transitions


FlareEffect = Literal["step_back", "level_down", "floor"]


@dataclass(frozen=True, slots=True)
class SideState:
    """One side of one function: its level, the weeks done at it, and its step on the dose ladder."""

    level: Level
    since: int = 0  # weeks completed at this level
    step: int = 0  # loading weeks credited at this level: the index on the exercise's dose ladder

    def week_done(self) -> SideState:
        """One more week at this level."""
        return SideState(self.level, self.since + 1, self.step)

    def level_up(self) -> SideState:
        """The next level, from its base dose."""
        return SideState(as_level(self.level + 1))

    def level_down(self) -> SideState:
        """The level below, from its base dose."""
        return SideState(as_level(self.level - 1))

    def start_at(self, level: Level) -> SideState:
        """Another level (a re-test's start level, or one above the other side), from its base dose."""
        return SideState(level)

    def dose_up(self) -> SideState:
        """One step up the dose ladder."""
        return SideState(self.level, self.since, self.step + 1)

    def step_back(self) -> SideState:
        """One step down the dose ladder."""
        return SideState(self.level, self.since, self.step - 1)

    def lightest_dose(self) -> SideState:
        """The bottom of the dose ladder, same level."""
        return SideState(self.level, self.since, 0)

    def retry_gate_in(self, weeks: int, block: int) -> SideState:
        """Hold the level; the gate comes again at the end of the week `weeks` weeks from now."""
        return SideState(self.level, block - weeks, self.step)

    def flare(self, again: bool) -> tuple[SideState, FlareEffect]:
        """A pain flare: one dose step back; a level down when it flared again or the dose is at its lowest."""
        if not again and self.step > 0:
            return self.step_back(), "step_back"
        if self.level > 1:
            return self.level_down(), "level_down"
        return self.lightest_dose(), "floor" if self.step == 0 else "step_back"

    def gate_due(self, block: int, week: int, weeks: int, flare: bool) -> bool:
        """Does this side's block end with programme week `week` (a level change behind the gate)?"""
        if self.level >= TOP_LEVEL or week >= weeks:
            return False
        if flare and week + 1 <= FLARE_LEVEL1_WEEKS:
            return False
        return self.since + 1 >= block

    def view(self) -> SideView:
        """What a session prescribes from."""
        return SideView(self.level, self.step)


@dataclass(frozen=True, slots=True)
class SideView:
    level: Level
    step: int


@dataclass(frozen=True, slots=True)
class TrackView:
    """The state one function's exercises are prescribed from, for one session."""

    left: SideView
    right: SideView

    @property
    def merged(self) -> bool:
        return self.left == self.right

    @property
    def low(self) -> SideView:
        """The side behind (lower level, then lower dose): what work done with both sides uses."""
        return min(self.left, self.right, key=lambda v: (v.level, v.step))

    @property
    def level(self) -> Level:
        return self.low.level

    def side(self, side: Side) -> SideView:
        return self.left if side == "left" else self.right

    def behind(self) -> Side | None:
        if self.merged:
            return None
        return "left" if (self.left.level, self.left.step) < (self.right.level, self.right.step) else "right"


@dataclass(frozen=True, slots=True)
class TrackState:
    """One function's state during the walk: both sides, and its recent flares."""

    spec: TrackSpec
    left: SideState
    right: SideState
    flare_dates: tuple[dt.date, ...] = ()
    flared: str | None = None  # why the dose was stepped back this week

    @classmethod
    def start(cls, spec: TrackSpec) -> TrackState:
        return cls(spec, SideState(as_level(spec.start_level)), SideState(as_level(spec.start_level)))

    @property
    def function(self) -> Function:
        return self.spec.function

    def side(self, side: Side) -> SideState:
        return self.left if side == "left" else self.right

    def with_sides(self, left: SideState, right: SideState) -> TrackState:
        return TrackState(self.spec, left, right, self.flare_dates, self.flared)

    def level(self, side: Side | None) -> Level:
        """One side's level, or the lower of the two."""
        return self.side(side).level if side else min(self.left.level, self.right.level)

    def view(self) -> TrackView:
        return TrackView(self.left.view(), self.right.view())


@dataclass(frozen=True)
class Walk:
    """The whole programme's state between two events of the log."""

    tracks: tuple[TrackState, ...]
    baseline: int
    refer: tuple[str, ...] = ()  # why the programme stopped; empty while it runs

    def new_week(self) -> Walk:
        """A new week: last week's flares no longer hold this week's dose."""
        if all(t.flared is None for t in self.tracks):
            return self
        return replace(self, tracks=tuple(replace(t, flared=None) for t in self.tracks))

    def views(self) -> dict[Function, TrackView]:
        return {t.function: t.view() for t in self.tracks}


def decide(when: dt.date, t: TrackState, side: Side | None, decision: Decision, reason: str, advice: str | None) -> FunctionDecision:
    """A decision about one function (and side, or both), at the level it leaves the track at."""
    return FunctionDecision(date=when, function=t.function, side=side, decision=decision, level=t.level(side), reason=reason, advice=advice)


def trained_top(views: dict[Function, TrackView], specs: Iterable[TrackSpec]) -> int:
    """The highest level a function that tested ok may train at: the highest weak or untested
    function's (rules.CAP_TO_WEAKEST); the top level when none is weak."""
    weak = [views[s.function].low.level for s in specs if s.weak and s.function in views]
    return max(weak) if weak else TOP_LEVEL


def trained_level(level: int, spec: TrackSpec, top: int) -> int:
    """The level a function (or side) trains at: its own, capped at `top` when it tested ok. Every
    view (progress, plan, today, the log, exports) reports this one, so they cannot disagree."""
    return level if spec.weak else min(level, top)


def _as_trained(walk: Walk, decisions: list[FunctionDecision]) -> list[FunctionDecision]:
    """Decisions at the level their function trains at after them."""
    if not decisions:
        return decisions
    specs = {t.function: t.spec for t in walk.tracks}
    top = trained_top(walk.views(), specs.values())
    out = []
    for d in decisions:
        level = trained_level(d.level, specs[d.function], top) if d.function in specs else d.level
        out.append(d if level == d.level else d.model_copy(update={"level": level}))
    return out


# ---------------------------------------------------------------- the calendar (output)


@dataclass(frozen=True)
class Change:
    function: Function
    side: Side | None
    from_level: int
    to_level: int
    reason: str


@dataclass
class Frame:
    """One calendar week of the plan."""

    number: int
    program_week: int
    start: dt.date
    dates: list[dt.date]
    lighter: bool
    checkpoint: bool
    gates: set[tuple[Function, Side]]
    views: dict[dt.date, dict[Function, TrackView]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    missed: bool = False
    note: str | None = None
    specs: dict[dt.date, tuple[TrackSpec, ...]] = field(default_factory=dict)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    def last_views(self) -> dict[Function, TrackView]:
        return self.views[self.dates[-1]]


@dataclass
class Replay:
    frames: list[Frame]
    adaptation: Adaptation | None = None

    @property
    def start_views(self) -> dict[Function, TrackView]:
        return self.frames[0].views[self.frames[0].dates[0]]


# ---------------------------------------------------------------- the rules, one function each


def week_dates(start: dt.date, days: Iterable[str]) -> list[dt.date]:
    wanted = set(days)
    return [start + dt.timedelta(days=i) for i in range(7) if WEEKDAYS[(start + dt.timedelta(days=i)).weekday()] in wanted]


def moved_dates(dates: list[dt.date], start: dt.date, moves: Iterable[tuple[dt.date, dt.date]]) -> list[dt.date]:
    """The week's session dates after `glute move`: a session moves within its own week, onto a day
    without a session (one a day keeps them >= 24 h apart); a move that no longer fits (the
    calendar slid after a missed week) is ignored."""
    out = list(dates)
    end = start + dt.timedelta(days=6)
    for a, b in moves:
        if a in out and start <= b <= end and b not in out:
            out[out.index(a)] = b
    return sorted(out)


def is_gate(s: SideState, block: int, week: int, weeks: int, flare: bool) -> bool:
    """Does this side's block end with this week (a level change is due at its end, behind the gate)?"""
    return s.gate_due(block, week, weeks, flare)


def week_missed(dates: list[dt.date], logs: Iterable[SessionLog], planned: int | None = None) -> bool:
    """Fewer than half of the week's planned sessions done: the week is repeated.

    `dates`: the sessions that had to be logged; `planned`: the week's sessions (default: all of
    `dates`; more when some were before the first log and are taken as done).
    """
    planned = len(dates) if planned is None else planned
    done = sum(1 for lg in logs if not lg.skipped) + (planned - len(dates))
    return planned > 0 and done * 2 < planned


def referral_reasons(log: SessionLog) -> list[str]:
    """Pain 8/10 or more (during, in an exercise or next morning) or a red flag: stop and refer."""
    out = []
    during = max([v for v in (log.pain_during, *(e.pain for e in log.exercises)) if v is not None], default=None)
    if during is not None and during >= PAIN_STOP:
        out.append(f"pain {during}/10 during the session of {day(log.date)} (8 or more: stop)")
    if log.morning_pain is not None and log.morning_pain >= PAIN_STOP:
        out.append(f"pain {log.morning_pain}/10 the morning after the session of {day(log.date)} (8 or more: stop)")
    for flag in log.red_flags:
        out.append(f"new red flag logged on {day(log.date)}: {RED_FLAG_WORDS[flag]}")
    return out


def pain_flare(log: SessionLog, earlier: Sequence[SessionLog], baseline: int) -> dict[Function, str]:
    """Functions whose dose must step back after this session, with the reason in words.

    Pain above 5 during counts for the functions whose exercises hurt (per-exercise pain if
    logged, else the session's); morning pain above baseline + 2 and pain rising over the last
    week count for every function the session trained.
    """
    if log.skipped:
        return {}
    trained = [f for f in Function if log.trains(f)] or list(Function)
    out: dict[Function, str] = {}
    for f in trained:
        p = log.pain_for(f)
        if p is not None and p > PAIN_OK:
            out[f] = f"pain {p}/10 during the session of {day(log.date)} (limit {PAIN_OK})"
    reason = None
    if log.morning_pain is not None and log.morning_pain > baseline + MORNING_MARGIN:
        reason = f"morning pain {log.morning_pain} > baseline {baseline} + {MORNING_MARGIN} after the session of {day(log.date)}"
    elif rising := pain_rising(log, earlier):
        reason = rising
    if reason:
        for f in trained:
            out.setdefault(f, reason)
    return out


def pain_rising(log: SessionLog, earlier: Sequence[SessionLog]) -> str | None:
    """Pain during rose session after session (3 in a row within 7 days, each higher)."""
    if log.pain_during is None:
        return None
    window = [
        lg
        for lg in earlier
        if not lg.skipped and lg.pain_during is not None and 0 < (log.date - lg.date).days < RISING_DAYS and lg.date < log.date
    ]
    before = [lg.pain_during for lg in sorted(window, key=lambda x: x.date) if lg.pain_during is not None][-(RISING_SESSIONS - 1) :]
    series = [*before, log.pain_during]
    if len(series) == RISING_SESSIONS and all(b > a for a, b in itertools.pairwise(series)):
        return "pain rising over the last week: " + " -> ".join(str(v) for v in series) + f" (up to {day(log.date)})"
    return None


def gate_criteria(recent: list[SessionLog], f: Function, side: Side, baseline: int) -> list[str]:
    """What stops this function and side from progressing, in words; empty when the gate is met.

    `recent`: the last sessions that trained the function, oldest first (GATE_SESSIONS needed).
    """
    return [text for _, text in criteria(recent, f, side, baseline)]


def criteria(recent: list[SessionLog], f: Function, side: Side, baseline: int) -> list[Criterion]:
    """gate_criteria with a kind for each: `missing` (not logged yet), `compensation`, `dose`,
    `pain`, `morning`."""
    out: list[Criterion] = []
    if len(recent) < GATE_SESSIONS:
        n = len(recent)
        out.append(("missing", f"{n} logged session{'s' if n != 1 else ''} with {label(f)} ({GATE_SESSIONS} needed)"))
    for lg in recent:
        d = day(lg.date)
        rows = [e for e in lg.exercises if f in e.functions and e.counts_for(side)]
        comp = [e for e in rows if e.compensated(side)]
        if comp:
            both = all(e.compensation == "both" for e in comp)
            who = "compensation (both sides)" if both else f"{side} side compensation"
            out.append(("compensation", f"{who} logged on {d} ({', '.join(dict.fromkeys(e.id for e in comp))})"))
        for e in rows:
            if not e.full_dose():
                out.append(("dose", f"below the prescribed dose on {d} ({e.id}: {e.done_text()} of {e.prescribed_text()})"))
        p = lg.pain_for(f)
        if p is None:
            out.append(("missing", f"pain during not logged on {d}"))
        elif p > PAIN_OK:
            out.append(("pain", f"pain {p}/10 during the session of {d} (limit {PAIN_OK})"))
        if lg.morning_pain is None:
            out.append(("missing", f"next-morning pain not logged for {d} (glute log --date {lg.date} --morning-pain N)"))
        elif lg.morning_pain > baseline + MORNING_MARGIN:
            out.append(("morning", f"morning pain {lg.morning_pain} > baseline {baseline} + {MORNING_MARGIN} after {d}"))
    return out


def recent_sessions(logs: Sequence[SessionLog], f: Function, before: dt.date, n: int = GATE_SESSIONS) -> list[SessionLog]:
    """The last n non-skipped sessions before `before` that trained f, oldest first."""
    found: list[SessionLog] = []
    for lg in reversed(logs):
        if len(found) == n:
            break
        if lg.date < before and not lg.skipped and lg.trains(f):
            found.append(lg)
    return found[::-1]


# ---------------------------------------------------------------- events between sessions


def flare_track(t: TrackState, when: dt.date, reason: str) -> tuple[TrackState, FunctionDecision]:
    """A pain flare on the session of `when`: both sides step back (or down); decided from the next day."""
    again = any(0 < (when - d).days <= AGAIN_DAYS for d in t.flare_dates)
    (left, a), (right, b) = t.left.flare(again), t.right.flare(again)
    # Sides more than one level apart after a drop: the side ahead comes down too.
    if left.level - right.level > 1:
        left = left.start_at(as_level(right.level + 1))
    elif right.level - left.level > 1:
        right = right.start_at(as_level(left.level + 1))
    new = TrackState(t.spec, left, right, (*t.flare_dates, when), reason)
    if "level_down" in (a, b):
        decision: Decision = "level_down"
        advice = ADVICE["level_down"]
    else:
        decision, advice = "step_back", ADVICE["floor"] if "floor" in (a, b) else ADVICE["step_back"]
    why = reason + ("; again within a week" if again else "")
    # Dated on the session that flared (the log that caused it), not on a day without a session.
    return new, decide(when, new, None, decision, why, advice)


def apply_log(walk: Walk, log: SessionLog, logs: Sequence[SessionLog]) -> tuple[Walk, list[FunctionDecision]]:
    """A logged session: stop and refer, or step the painful functions back (`logs`, by date: for rising pain); nothing once stopped."""
    if walk.refer:
        return walk, []
    if reasons := referral_reasons(log):
        stops = [decide(log.date, t, None, "stop", reasons[0], ADVICE["stop"]) for t in walk.tracks]
        return replace(walk, refer=(*walk.refer, *reasons)), stops
    tracks = {t.function: t for t in walk.tracks}
    decisions = []
    week_before = logs[bisect_left(logs, log.date - dt.timedelta(days=RISING_DAYS), key=_date) : bisect_left(logs, log.date, key=_date)]
    for f, reason in pain_flare(log, week_before, walk.baseline).items():
        if f in tracks:
            tracks[f], decision = flare_track(tracks[f], log.date, reason)
            decisions.append(decision)
    return replace(walk, tracks=tuple(tracks.values())), decisions


def retested(walk: Walk, r: Retest) -> Walk:
    """A re-test's verdicts from now on; a clear one resumes a stopped programme, a referred one changes nothing."""
    if r.referred:
        return walk
    specs = {t.function: t for t in r.tracks}

    def lift(s: SideState, spec: TrackSpec) -> SideState:
        # Passes now: moves on to the level its test allows; a weak function keeps the level it earned.
        return s.start_at(as_level(spec.start_level)) if spec.start_level > s.level else s

    tracks = tuple(
        replace(t, spec=new, left=lift(t.left, new), right=lift(t.right, new), flare_dates=())
        if (new := specs.get(t.function)) is not None
        else t
        for t in walk.tracks
    )
    return Walk(tracks, r.baseline_pain)


# ---------------------------------------------------------------- the end of a week


@dataclass(frozen=True)
class WeekEnd:
    """What deciding the end of one programme week needs besides the state."""

    end: dt.date  # the day after the week: its decisions apply from then
    program_week: int
    weeks: int  # the programme's length
    lighter: bool
    gates: frozenset[tuple[Function, Side]]
    complete: bool = True  # the week is over; else only what was logged can hold the plan back
    last_session: dt.date | None = None  # the week's last session: what its decisions are dated by

    @property
    def decided(self) -> dt.date:
        """The date of the week's decisions: its last session (the log that completes the week)."""
        return self.last_session or self.end - dt.timedelta(days=1)


_SIDE_PAIRS: tuple[tuple[Side, Side], ...] = (("left", "right"), ("right", "left"))


class Outcome(NamedTuple):
    decision: Decision
    reason: str
    advice: str | None


def end_week_planned(t: TrackState, week: WeekEnd) -> TrackState:
    """A week without a log (before the first one, or still to come): as planned."""

    def planned(side: Side) -> SideState:
        s = t.side(side).week_done()
        if _gate_now(t, side, week):
            return s.level_up()
        return s if week.lighter else s.dose_up()

    return t.with_sides(planned("left"), planned("right"))


def end_week(
    t: TrackState, week: WeekEnd, logs: Sequence[SessionLog], baseline: int, can_split: SplitCheck
) -> tuple[TrackState, list[FunctionDecision]]:
    """One function's logged week: up behind the gate, hold with the reason, or one dose step up."""
    gate = {side: _gate_now(t, side, week) for side in SIDES}
    if t.flared:
        return _flared_week(t, gate, week.decided)
    recent = recent_sessions(logs, t.function, week.end)
    blockers = {side: _blockers(recent, t.function, side, baseline, week.complete) for side in SIDES}
    delayed = _flare_delay(t.flare_dates, week.end)
    early = {side: not gate[side] and _early_up_due(t, t.side(side), week) for side in SIDES}
    ups = {side: (gate[side] or early[side]) and not blockers[side] and not delayed for side in SIDES}
    for side, other in _SIDE_PAIRS:
        if ups[side] and not ups[other] and (cap := _side_ahead(t, side, other, can_split)):
            ups[side], blockers[side] = False, [cap]
    met = "gate met: full dose, no compensation, pain <= 5 and settled in the sessions of " + " and ".join(day(lg.date) for lg in recent)
    due = {side: gate[side] or (early[side] and ups[side]) for side in SIDES}
    # A level change held back names its first reason, a flare's delay included; a dose held, only its own.
    held = {side: (blockers[side] or delayed) if due[side] else blockers[side] for side in SIDES}
    ends = {side: _side_end(t.side(side).week_done(), due[side], ups[side], held[side], met, week.lighter, t.spec.block) for side in SIDES}
    new = t.with_sides(ends["left"][0], ends["right"][0])
    return new, outcome_decisions(week.decided, new, {side: o for side, (_, o) in ends.items() if o is not None})


def _side_end(
    s: SideState, due: bool, up: bool, held: list[Criterion], met: str, lighter: bool, block: int
) -> tuple[SideState, Outcome | None]:
    """One side at the end of its logged week; `due`: a level change is due, `held`: what holds it back."""
    if due and up:
        return s.level_up(), Outcome("up", met, None)
    if due:
        return s.retry_gate_in(GATE_RETRY_WEEKS, block), Outcome("hold", held[0][1], HOLD_ADVICE.get(held[0][0]))
    if lighter:
        return s, None
    if held:
        return s, Outcome("hold", held[0][1], HOLD_ADVICE.get(held[0][0]))
    return s.dose_up(), None


def _gate_now(t: TrackState, side: Side, week: WeekEnd) -> bool:
    """The gate due when the week began, and still due now: a re-test (or a drop) during the week
    started the side afresh at another level, so the week's end does not add a second level on top."""
    return (t.function, side) in week.gates and t.side(side).gate_due(t.spec.block, week.program_week, week.weeks, False)


def outcome_decisions(when: dt.date, t: TrackState, outcome: dict[Side, Outcome]) -> list[FunctionDecision]:
    """One decision for both sides when they agree, else one per side."""
    if len(outcome) == 2 and outcome["left"] == outcome["right"]:
        return [decide(when, t, None, *outcome["left"])]
    return [decide(when, t, side, *o) for side, o in sorted(outcome.items())]


def _flared_week(t: TrackState, gate: dict[Side, bool], end: dt.date) -> tuple[TrackState, list[FunctionDecision]]:
    """A week whose dose was stepped back: the dose stays and a gate due is tried again 2 weeks later."""

    def held(side: Side) -> SideState:
        s = t.side(side).week_done()
        return s.retry_gate_in(GATE_RETRY_WEEKS, t.spec.block) if gate[side] else s

    new = t.with_sides(held("left"), held("right"))
    if not any(gate.values()):
        return new, []
    return new, [decide(end, new, None, "hold", f"dose stepped back this week ({t.flared})", ADVICE["step_back"])]


def _blockers(recent: list[SessionLog], f: Function, side: Side, baseline: int, complete: bool) -> list[Criterion]:
    found = criteria(recent, f, side, baseline)
    # A week still under way: only what was logged holds the plan back, not what is still to come.
    return found if complete else [c for c in found if c[0] != "missing"]


def _flare_delay(flare_dates: Sequence[dt.date], end: dt.date) -> list[Criterion]:
    """A flare delays the next level up by 2 weeks (rules.FLARE_GATE_DELAY_WEEKS); the dose may still climb."""
    flares = [d for d in flare_dates if (end - d).days < rules.FLARE_GATE_DELAY_WEEKS * 7]
    if not flares:
        return []
    return [("pain", f"flare on {day(flares[-1])}: no level up for {rules.FLARE_GATE_DELAY_WEEKS} weeks after a flare")]


def _early_up_due(t: TrackState, s: SideState, week: WeekEnd) -> bool:
    """A weak or untested function with a clean log climbs after 2 weeks at its level, without
    waiting for the block's end (003: "a week or two"); ok functions keep their blocks."""
    return t.spec.weak and s.level < TOP_LEVEL and week.program_week < week.weeks and s.since + 1 >= rules.CLEAN_LOG_UP_WEEKS


def _side_ahead(t: TrackState, side: Side, other: Side, can_split: SplitCheck) -> Criterion | None:
    """Why `side` may not go up without `other`: the sides stay within one level, and split only
    when one-sided exercises exist at both levels."""
    s, o = t.side(side), t.side(other)
    if s.level > o.level:
        return ("side", f"the {other} side is a level behind (the two sides stay within one level)")
    if s.level == o.level and not can_split(t.function, s.level, s.level + 1):
        return (
            "side",
            f"no one-sided exercise at levels {s.level} and {s.level + 1} fits your equipment, so the {side} side waits for the {other}",
        )
    return None


def missed_week_advice(frame: Frame, done: int, run: int) -> str:
    """What a missed week means; `run`: missed weeks in a row, this one included."""
    text = (
        f"Week {frame.number} was missed ({done} of {len(frame.dates)} sessions): it is repeated and the plan slides 7 days. "
        "Missed sessions are not made up by doubling; sessions stay at least 24 h apart."
    )
    if run >= 2:
        text += f" {run} weeks in a row without training: re-test with 'glute assess' before going on."
    return text


# ---------------------------------------------------------------- the walk


Event = SessionLog | Retest


def replay(
    program: Program,
    logs: Iterable[SessionLog] = (),
    today: dt.date | None = None,
    can_split: SplitCheck | None = None,
) -> Replay:
    """Walk the program week by week, applying the log; see the module docstring for the rules."""
    kept = sorted((lg for lg in logs if lg.date >= program.start and (today is None or lg.date <= today)), key=lambda lg: lg.date)
    walk = Walk(tuple(TrackState.start(s) for s in program.tracks), program.baseline_pain)
    events = _timeline(kept, program.retests, today)
    frames: list[Frame] = []
    decisions: list[FunctionDecision] = []
    advice: list[str] = []
    week = 1
    # The 52-week limit is on programme weeks: missed weeks extend the calendar beyond it.
    while week <= program.weeks and len(frames) < program.weeks + MAX_WEEKS:
        frame = _frame(len(frames) + 1, week, program, walk)
        frames.append(frame)
        walk = walk.new_week()
        # The events before each session give its state; the rest of the week's come before its end.
        for date in [*frame.dates, frame.start + dt.timedelta(days=7)]:
            walk, done = _events_before(date, walk, events, kept)
            decisions += _as_trained(walk, done)
            if date <= frame.end:
                frame.views[date], frame.specs[date] = walk.views(), tuple(t.spec for t in walk.tracks)
        kind, week_logs = _week_kind(frame, kept, today, walk)
        if kind == "missed":
            advice.append(_mark_missed(frame, week_logs, frames))
            continue
        walk, done = _end_week_all(walk, frame, program.weeks, kind, kept, can_split or _any_split)
        decisions += _as_trained(walk, done)
        week += 1
    _mark_changes(frames, [t.function for t in walk.tracks], decisions)
    if not kept or today is None:
        return Replay(frames)
    return Replay(frames, _adaptation(frames, walk, kept, decisions, advice, today))


def _date(e: SessionLog) -> dt.date:
    return e.date


def _any_split(f: Function, lo: int, hi: int) -> bool:
    return True


def _timeline(logs: list[SessionLog], retests: Iterable[Retest], today: dt.date | None) -> deque[Event]:
    """The logs and re-tests in date order; a re-test taken on a session's day comes after its log."""
    kept = sorted((r for r in retests if today is None or r.date <= today), key=lambda r: r.date)
    events: list[Event] = [*logs, *kept]
    return deque(sorted(events, key=lambda e: (e.date, isinstance(e, Retest))))


def _events_before(when: dt.date, walk: Walk, events: deque[Event], logs: list[SessionLog]) -> tuple[Walk, list[FunctionDecision]]:
    """Apply (and take from `events`) the events dated before `when`."""
    decisions: list[FunctionDecision] = []
    while events and events[0].date < when:
        event = events.popleft()
        if isinstance(event, Retest):
            walk = retested(walk, event)
        else:
            walk, done = apply_log(walk, event, logs)
            decisions += done
    return walk, decisions


def _frame(number: int, week: int, p: Program, walk: Walk) -> Frame:
    start = p.start + dt.timedelta(days=7 * (number - 1))
    return Frame(
        number=number,
        program_week=week,
        start=start,
        dates=moved_dates(week_dates(start, p.days), start, p.moves),
        # Lighter weeks keep their schedule (every 4th programme week): a held or delayed gate does not move them.
        lighter=week % BLOCK_WEEKS == 0,
        checkpoint=week % BLOCK_WEEKS == 0 or week == p.weeks,
        gates={(t.function, s) for t in walk.tracks for s in SIDES if t.side(s).gate_due(t.spec.block, week, p.weeks, p.flare)},
    )


WeekKind = Literal["planned", "logged", "under_way", "missed"]


def _week_kind(frame: Frame, logs: list[SessionLog], today: dt.date | None, walk: Walk) -> tuple[WeekKind, list[SessionLog]]:
    """How the log decides this week: as planned (before the first log, or stopped), by the log, or missed."""
    end = frame.start + dt.timedelta(days=7)
    week_logs = logs[bisect_left(logs, frame.start, key=_date) : bisect_left(logs, end, key=_date)]
    if not logs or today is None or logs[0].date >= end:
        return "planned", week_logs
    complete = end <= today
    # In the week of the first log, sessions before it are taken as done as planned.
    due = [d for d in frame.dates if d >= logs[0].date]
    if complete and week_missed(due, week_logs, len(frame.dates)):
        return "missed", week_logs
    if walk.refer or not (complete or week_logs):
        return "planned", week_logs
    return ("logged" if complete else "under_way"), week_logs


def _end_week_all(
    walk: Walk, frame: Frame, weeks: int, kind: WeekKind, logs: list[SessionLog], can_split: SplitCheck
) -> tuple[Walk, list[FunctionDecision]]:
    """Every function's end of the week."""
    week = WeekEnd(
        frame.start + dt.timedelta(days=7), frame.program_week, weeks, frame.lighter, frozenset(frame.gates), kind == "logged",
        frame.dates[-1] if frame.dates else None,
    )
    if kind == "planned":
        return replace(walk, tracks=tuple(end_week_planned(t, week) for t in walk.tracks)), []
    tracks, decisions = [], []
    before = logs[: bisect_left(logs, week.end, key=_date)]
    for t in walk.tracks:
        new, done = end_week(t, week, before, walk.baseline, can_split)
        tracks.append(new)
        decisions += done
    return replace(walk, tracks=tuple(tracks)), decisions


def _mark_missed(frame: Frame, week_logs: list[SessionLog], frames: list[Frame]) -> str:
    """Mark the frame missed; the advice for it."""
    done = sum(1 for lg in week_logs if not lg.skipped)
    frame.missed = True
    frame.note = f"missed ({done} of {len(frame.dates)} sessions done): program week {frame.program_week} is repeated next week"
    run = next((i for i, prev in enumerate(reversed(frames)) if not prev.missed), len(frames))
    return missed_week_advice(frame, done, run)


# ---------------------------------------------------------------- results


def _mark_changes(frames: list[Frame], functions: list[Function], decisions: list[FunctionDecision]) -> None:
    """Level changes between consecutive sessions: ups behind the gate, downs with the pain reason."""
    prev: dict[tuple[Function, Side], int] | None = None
    for frame in frames:
        for d in frame.dates:
            # At the levels trained (a function that tested ok is held at the weak one's level):
            # a change the sessions do not show is not announced.
            views, specs = frame.views[d], {s.function: s for s in frame.specs[d]}
            top = trained_top(views, specs.values())
            cur = {(f, s): trained_level(views[f].side(s).level, specs[f], top) for f in functions for s in SIDES}
            if prev is not None:
                for f in functions:
                    moved = [s for s in SIDES if prev[(f, s)] != cur[(f, s)]]
                    if not moved:
                        continue
                    together = len(moved) == 2 and prev[(f, "left")] == prev[(f, "right")] and cur[(f, "left")] == cur[(f, "right")]
                    for s in [None] if together else moved:
                        side: Side = s or "left"
                        x, y = prev[(f, side)], cur[(f, side)]
                        reason = GATE if y > x else _down_reason(decisions, f, d)
                        frame.changes.append(Change(f, s, x, y, reason))
            prev = cur


def _down_reason(decisions: list[FunctionDecision], f: Function, session: dt.date) -> str:
    # The level-down decision is dated on the painful session: the latest one on or
    # before this session is the cause.
    found = [x for x in decisions if x.function is f and x.decision == "level_down" and x.date <= session]
    return found[-1].reason if found else "level down after pain"


def _adaptation(
    frames: list[Frame], walk: Walk, logs: list[SessionLog], decisions: list[FunctionDecision], advice: list[str], today: dt.date
) -> Adaptation:
    """What the log changed, as of today."""
    shown = list(advice)
    for dcs in decisions:
        recent_flare = (today - dcs.date).days <= AGAIN_DAYS and dcs.decision in ("step_back", "level_down", "stop")
        if dcs.advice and recent_flare and dcs.advice not in shown:
            shown.append(dcs.advice)
    missed = [fr.number for fr in frames if fr.missed]
    return Adaptation(
        as_of=today,
        logged_from=logs[0].date,
        sessions_logged=sum(1 for lg in logs if not lg.skipped),
        slide_days=7 * len(missed),
        missed_weeks=missed,
        refer=list(dict.fromkeys(walk.refer)),
        decisions=decisions,
        status=_status(frames, walk, logs, today),
        advice=shown,
    )


def _status(frames: list[Frame], walk: Walk, logs: list[SessionLog], today: dt.date) -> list[FunctionStatus]:
    """Where each function and side stands for the next session, and what its next gate waits for."""
    views, gate_dates = _now(frames, today)
    top = trained_top(views, (t.spec for t in walk.tracks))
    status = []
    for t, side in itertools.product(walk.tracks, SIDES):
        raw = views[t.function].side(side)
        v = SideView(as_level(trained_level(raw.level, t.spec, top)), raw.step)
        recent = recent_sessions(logs, t.function, today + dt.timedelta(days=1))
        pending = [] if v.level >= TOP_LEVEL else gate_criteria(recent, t.function, side, walk.baseline)
        gate: Literal["top", "pending", "met"] = "top" if v.level >= TOP_LEVEL else "pending" if pending else "met"
        next_gate = gate_dates.get((t.function, side))
        status.append(
            FunctionStatus(function=t.function, side=side, level=v.level, dose_step=v.step, gate=gate, pending=pending, next_gate=next_gate)
        )
    return status


def _now(frames: list[Frame], today: dt.date) -> tuple[dict[Function, TrackView], dict[tuple[Function, Side], dt.date]]:
    """The state of the next session from today (or the last one), and each side's next gate date."""
    views = None
    gate_dates: dict[tuple[Function, Side], dt.date] = {}
    for frame in frames:
        if frame.end < today:
            continue
        for d in frame.dates:
            if views is None and d >= today:
                views = frame.views[d]
        for key in sorted(frame.gates, key=lambda k: (k[0].value, k[1])):
            gate_dates.setdefault(key, frame.dates[-1])
    if views is None:
        views = frames[-1].last_views()
    return views, gate_dates
