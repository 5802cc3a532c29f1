"""Adapt a program to its session log (issue 6). Plain, deterministic Python: no I/O, no UI.

The planner describes a program without the catalogue (`Program`: start, weeks, days, one
`TrackSpec` per function); `replay` walks it week by week and session by session, reading the
log, and returns the state (level and dose step, per function and side) in force at every
session, the level changes with their reasons, and an `Adaptation` record. A session's state
depends only on the logs dated before it, so the past stays as it was done and the same
assessment + options + logs + today always give the same plan.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import rules
from .errors import InputError
from .models import (
    FUNCTION_LABELS,
    SIDES,
    WEEKDAYS,
    Adaptation,
    CompensationSide,
    ExerciseLog,
    Function,
    FunctionDecision,
    FunctionStatus,
    RedFlag,
    Session,
    SessionLog,
)

GATE = (
    "Progress only if last week's sets were done without compensation (pelvis level, no drop or roll) "
    "and pain stayed <= 5/10 and settled by next morning (001; pain limits from the Silbernagel 2007 "
    "pain-monitoring model, borrowed from tendon rehab)."
)

BLOCK_WEEKS = 4  # 3 loading weeks and a lighter 4th week with the re-test (001: 8-12 weeks, 003)
EARLY_BLOCK_WEEKS = 2  # "level 3 reachable early": the 2-week minimum (003: "a week or two")
FLARE_LEVEL1_WEEKS = 2
MAX_WEEKS = 52

PAIN_OK = 5  # during: up to 5/10 is acceptable (Silbernagel 2007)
PAIN_STOP = 8  # 8/10 or more: stop and see a clinician
MORNING_MARGIN = 2  # next morning: settled when <= baseline + 2
GATE_SESSIONS = 2  # the last 2 sessions that trained the function
RISING_SESSIONS = 3  # three sessions in a row, each more painful ...
RISING_DAYS = 7  # ... within a week

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


def day(d: dt.date) -> str:
    """`2 Dec`: how dates appear in reasons."""
    return f"{d.day} {d:%b}"


def label(f: Function) -> str:
    return FUNCTION_LABELS[f]


# ---------------------------------------------------------------- the program and its state


@dataclass(frozen=True)
class TrackSpec:
    """One function of the program as planned from the assessment."""

    function: Function
    focus: bool
    start_level: int
    block: int
    weaker_side: str | None = None
    untested: bool = False  # no test result: counts as weak for the caps (rules.CAP_TO_WEAKEST)


@dataclass(frozen=True)
class Program:
    """What `replay` needs of a plan: no catalogue, no exercises."""

    start: dt.date
    weeks: int
    days: tuple[str, ...]
    tracks: tuple[TrackSpec, ...]
    baseline_pain: int = 0
    flare: bool = False
    # A programme's timeline (issue 12): re-tests change the verdicts from their date on, moves
    # put a session on another day of its week.
    retests: tuple[Retest, ...] = ()
    moves: tuple[tuple[dt.date, dt.date], ...] = ()


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


@dataclass
class SideState:
    level: int
    since: int = 0  # weeks completed at this level
    step: int = 0  # loading weeks credited at this level: the index on the exercise's dose ladder


@dataclass(frozen=True)
class SideView:
    level: int
    step: int


@dataclass(frozen=True)
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
    def level(self) -> int:
        return self.low.level

    def side(self, side: str) -> SideView:
        return self.left if side == "left" else self.right

    def behind(self) -> str | None:
        if self.merged:
            return None
        return "left" if (self.left.level, self.left.step) < (self.right.level, self.right.step) else "right"


@dataclass
class _Track:
    spec: TrackSpec
    sides: dict[str, SideState]
    flare_dates: list[dt.date] = field(default_factory=list)
    flared: str | None = None  # why the dose was stepped back this week

    @property
    def function(self) -> Function:
        return self.spec.function

    def view(self) -> TrackView:
        lv, rv = self.sides["left"], self.sides["right"]
        return TrackView(SideView(lv.level, lv.step), SideView(rv.level, rv.step))


@dataclass(frozen=True)
class Change:
    function: Function
    side: str | None
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
    gates: set[tuple[Function, str]]
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


SplitCheck = Callable[[Function, int, int], bool]


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
    if s.level >= 3 or week >= weeks:
        return False
    if flare and week + 1 <= FLARE_LEVEL1_WEEKS:
        return False
    return s.since + 1 >= block


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


def pain_flare(log: SessionLog, earlier: list[SessionLog], baseline: int) -> dict[Function, str]:
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


def pain_rising(log: SessionLog, earlier: list[SessionLog]) -> str | None:
    """Pain during rose session after session (3 in a row within 7 days, each higher)."""
    window = [
        lg
        for lg in earlier
        if not lg.skipped and lg.pain_during is not None and 0 < (log.date - lg.date).days < RISING_DAYS and lg.date < log.date
    ]
    if log.pain_during is None:
        return None
    before = [lg.pain_during for lg in sorted(window, key=lambda x: x.date)][-(RISING_SESSIONS - 1) :]
    series = [*before, log.pain_during]
    if len(series) == RISING_SESSIONS and all(b > a for a, b in itertools.pairwise(series)):
        return "pain rising over the last week: " + " -> ".join(str(v) for v in series) + f" (up to {day(log.date)})"
    return None


def gate_criteria(recent: list[SessionLog], f: Function, side: str, baseline: int) -> list[str]:
    """What stops this function and side from progressing, in words; empty when the gate is met.

    `recent`: the last sessions that trained the function, oldest first (GATE_SESSIONS needed).
    """
    return [text for _, text in criteria(recent, f, side, baseline)]


def criteria(recent: list[SessionLog], f: Function, side: str, baseline: int) -> list[tuple[str, str]]:
    """gate_criteria with a kind for each: `missing` (not logged yet), `compensation`, `dose`,
    `pain`, `morning`."""
    out: list[tuple[str, str]] = []
    if len(recent) < GATE_SESSIONS:
        n = len(recent)
        out.append(("missing", f"{n} logged session{'s' if n != 1 else ''} with {label(f)} ({GATE_SESSIONS} needed)"))
    for lg in recent:
        d = day(lg.date)
        rows = [e for e in lg.exercises if f in e.functions and e.counts_for(side)]  # type: ignore[arg-type]
        comp = [e for e in rows if e.compensated(side)]  # type: ignore[arg-type]
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
            out.append(("pain", f"pain {p}/10 during on {d} (limit {PAIN_OK})"))
        if lg.morning_pain is None:
            out.append(("missing", f"next-morning pain not logged for {d} (glute log --date {lg.date} --morning-pain N)"))
        elif lg.morning_pain > baseline + MORNING_MARGIN:
            out.append(("morning", f"morning pain {lg.morning_pain} > baseline {baseline} + {MORNING_MARGIN} after {d}"))
    return out


HOLD_ADVICE = {
    "compensation": ADVICE["hold"],
    "dose": "Finish the prescribed sets and reps cleanly before the dose goes up; fewer, cleaner reps are fine meanwhile.",
    "missing": "Log every session and the next morning's pain (glute log): the plan only moves up on what is logged.",
    "pain": ADVICE["step_back"],
    "morning": ADVICE["step_back"],
}


def recent_sessions(logs: list[SessionLog], f: Function, before: dt.date, n: int = GATE_SESSIONS) -> list[SessionLog]:
    """The last n non-skipped sessions before `before` that trained f, oldest first."""
    found = [lg for lg in logs if lg.date < before and not lg.skipped and lg.trains(f)]
    return found[-n:]


# ---------------------------------------------------------------- the replay


def replay(
    program: Program,
    logs: Iterable[SessionLog] = (),
    today: dt.date | None = None,
    can_split: SplitCheck | None = None,
) -> Replay:
    """Walk the program week by week, applying the log; see the module docstring for the rules."""
    return _Replayer(program, logs, today, can_split).run()


class _Replayer:
    def __init__(self, program: Program, logs: Iterable[SessionLog], today: dt.date | None, can_split: SplitCheck | None) -> None:
        self.p = program
        self.today = today
        self.can_split = can_split or (lambda f, lo, hi: True)
        self.logs = sorted(
            (lg for lg in logs if lg.date >= program.start and (today is None or lg.date <= today)),
            key=lambda lg: lg.date,
        )
        self.adaptive = bool(self.logs) and today is not None
        self.first_week = (self.logs[0].date - program.start).days // 7 if self.adaptive else None
        self.tracks = [_Track(t, {s: SideState(t.start_level) for s in SIDES}) for t in program.tracks]
        self.seen = 0  # logs already applied (pain events), in date order
        self.baseline = program.baseline_pain
        self.retests = sorted((r for r in program.retests if today is None or r.date <= today), key=lambda r: r.date)
        self.retests_seen = 0
        self.decisions: list[FunctionDecision] = []
        self.refer: list[str] = []
        self.advice: list[str] = []
        self.missed: list[int] = []

    # -------------------------------------------------------- driving

    def run(self) -> Replay:
        frames: list[Frame] = []
        week, cal = 1, 0
        # The 52-week limit is on programme weeks: missed weeks extend the calendar beyond it.
        while week <= self.p.weeks and len(frames) < self.p.weeks + MAX_WEEKS:
            start = self.p.start + dt.timedelta(days=7 * cal)
            frame = self._frame(cal + 1, week, start)
            for t in self.tracks:
                t.flared = None
            for d in frame.dates:
                self._apply_logs_before(d)
                frame.views[d] = {t.function: t.view() for t in self.tracks}
                frame.specs[d] = tuple(t.spec for t in self.tracks)
            end = start + dt.timedelta(days=7)
            self._apply_logs_before(end)
            in_log = self.adaptive and cal >= self.first_week  # type: ignore[operator]
            complete = self.adaptive and end <= self.today  # type: ignore[operator]
            week_logs = [lg for lg in self.logs if start <= lg.date < end]
            frames.append(frame)
            # In the week of the first log, sessions before it are taken as done as planned.
            assumed = [d for d in frame.dates if d < self.logs[0].date] if in_log and cal == self.first_week else []
            if in_log and complete and week_missed(frame.dates[len(assumed) :], week_logs, len(frame.dates)):
                self._missed(frame, week_logs, frames)
                cal += 1
                continue
            if in_log and (complete or week_logs) and not self.refer:
                self._end_week_logged(frame, end, complete)
            else:
                self._end_week_planned(frame)
            week += 1
            cal += 1
        self._changes(frames)
        return Replay(frames, self._adaptation(frames) if self.adaptive else None)

    def _frame(self, number: int, week: int, start: dt.date) -> Frame:
        gates = {(t.function, s) for t in self.tracks for s in SIDES if is_gate(t.sides[s], t.spec.block, week, self.p.weeks, self.p.flare)}
        return Frame(
            number=number,
            program_week=week,
            start=start,
            dates=moved_dates(week_dates(start, self.p.days), start, self.p.moves),
            # Lighter weeks keep their schedule (every 4th programme week): a held or delayed gate does not move them.
            lighter=week % BLOCK_WEEKS == 0,
            checkpoint=week % BLOCK_WEEKS == 0 or week == self.p.weeks,
            gates=gates,
        )

    # -------------------------------------------------------- end of a week

    def _end_week_planned(self, frame: Frame) -> None:
        """No log for this week (before the first log, or still to come): as planned."""
        for t in self.tracks:
            for side, s in t.sides.items():
                gate = (t.function, side) in frame.gates
                s.since += 1
                if gate:
                    s.level, s.since, s.step = s.level + 1, 0, 0
                elif not frame.lighter:
                    s.step += 1

    def _end_week_logged(self, frame: Frame, end: dt.date, complete: bool) -> None:
        for t in self.tracks:
            f = t.function
            gates = {side: (f, side) in frame.gates for side in SIDES}
            if t.flared:
                for side, s in t.sides.items():
                    s.since += 1
                    if gates[side]:
                        s.since = t.spec.block - 2
                if any(gates.values()):
                    self._decide(end, t, None, "hold", f"dose stepped back this week ({t.flared})", ADVICE["step_back"])
                continue
            recent = recent_sessions(self.logs, f, end)
            crit: dict[str, list[tuple[str, str]]] = {}
            delay = rules.FLARE_GATE_DELAY_WEEKS * 7
            flares = [d for d in t.flare_dates if (end - d).days < delay]
            for side in SIDES:
                found = criteria(recent, f, side, self.baseline)
                # A week still under way: only what was logged holds the plan back, not what is still to come.
                crit[side] = found if complete else [c for c in found if c[0] != "missing"]
            # A weak or untested function with a clean log climbs after 2 weeks at its level, without
            # waiting for the block's end (003: "a week or two"); ok functions keep their blocks.
            weak = t.spec.focus or t.spec.untested
            early = {
                side: weak
                and not gates[side]
                and t.sides[side].level < 3
                and frame.program_week < self.p.weeks
                and t.sides[side].since + 1 >= rules.CLEAN_LOG_UP_WEEKS
                for side in SIDES
            }
            # A flare delays the next level up by 2 weeks (rules.FLARE_GATE_DELAY_WEEKS); the dose may still climb.
            delayed = [("pain", f"flare on {day(flares[-1])}: no level up for {rules.FLARE_GATE_DELAY_WEEKS} weeks after a flare")] if flares else []
            ups = {side: (gates[side] or early[side]) and not crit[side] and not delayed for side in SIDES}
            for side, other in (("left", "right"), ("right", "left")):
                s, o = t.sides[side], t.sides[other]
                if ups[side] and not ups[other]:
                    if s.level > o.level:
                        ups[side] = False
                        crit[side] = [("side", f"the {other} side is a level behind (the two sides stay within one level)")]
                    elif s.level == o.level and not self.can_split(f, s.level, s.level + 1):
                        ups[side] = False
                        crit[side] = [
                            (
                                "side",
                                f"no one-sided exercise at levels {s.level} and {s.level + 1} fits your equipment, so the {side} side waits for the {other}",
                            )
                        ]
            outcome: dict[str, tuple[str, str, str | None]] = {}
            for side, s in t.sides.items():
                s.since += 1
                if gates[side] or (early[side] and ups[side]):
                    if ups[side]:
                        s.level, s.since, s.step = s.level + 1, 0, 0
                        sessions = " and ".join(day(lg.date) for lg in recent)
                        outcome[side] = (
                            "up",
                            f"gate met: full dose, no compensation, pain <= 5 and settled in the sessions of {sessions}",
                            None,
                        )
                    else:
                        s.since = t.spec.block - 2  # try the gate again in 2 weeks (003: "a week or two")
                        why = (crit[side] or delayed)[0]
                        outcome[side] = ("hold", why[1], HOLD_ADVICE.get(why[0]))
                elif not frame.lighter:
                    if crit[side]:
                        outcome[side] = ("hold", crit[side][0][1], HOLD_ADVICE.get(crit[side][0][0]))
                    else:
                        s.step += 1
            self._record_outcome(end, t, outcome)

    def _record_outcome(self, when: dt.date, t: _Track, outcome: dict[str, tuple[str, str, str | None]]) -> None:
        if len(outcome) == 2 and outcome["left"] == outcome["right"]:
            self._decide(when, t, None, *outcome["left"])
            return
        for side, (decision, reason, advice) in sorted(outcome.items()):
            self._decide(when, t, side, decision, reason, advice)

    def _missed(self, frame: Frame, week_logs: list[SessionLog], frames: list[Frame]) -> None:
        done = sum(1 for lg in week_logs if not lg.skipped)
        frame.missed = True
        frame.note = f"missed ({done} of {len(frame.dates)} sessions done): program week {frame.program_week} is repeated next week"
        self.missed.append(frame.number)
        run = 1
        for prev in reversed(frames[:-1]):
            if not prev.missed:
                break
            run += 1
        text = (
            f"Week {frame.number} was missed ({done} of {len(frame.dates)} sessions): it is repeated and the plan slides 7 days. "
            "Missed sessions are not made up by doubling; sessions stay at least 24 h apart."
        )
        if run >= 2:
            text += f" {run} weeks in a row without training: re-test with 'glute assess' before going on."
        self.advice.append(text)

    # -------------------------------------------------------- sessions: pain and stops

    def _apply_logs_before(self, when: dt.date) -> None:
        while True:
            # A re-test taken on a session's day comes after that session's log.
            lg = self.logs[self.seen] if self.seen < len(self.logs) and self.logs[self.seen].date < when else None
            rt = self.retests[self.retests_seen] if self.retests_seen < len(self.retests) and self.retests[self.retests_seen].date < when else None
            if rt is not None and (lg is None or rt.date < lg.date):
                self._retest(rt)
                self.retests_seen += 1
            elif lg is not None:
                self._session(lg, self.logs[: self.seen])
                self.seen += 1
            else:
                return

    def _retest(self, r: Retest) -> None:
        if r.referred:
            return  # a referred re-test changes nothing: the programme is paused until a clear one
        self.refer = []  # a clear re-test resumes a stopped programme
        specs = {t.function: t for t in r.tracks}
        for t in self.tracks:
            new = specs.get(t.function)
            if new is None:
                continue
            for s in t.sides.values():
                if new.start_level > s.level:  # passes now: moves on to the level its test allows
                    s.level, s.since, s.step = new.start_level, 0, 0
            t.spec = new  # focus and weaker side from the re-test; a weak function keeps its level
            t.flare_dates.clear()
        self.baseline = r.baseline_pain

    def _session(self, lg: SessionLog, earlier: list[SessionLog]) -> None:
        if self.refer:
            return  # stopped: nothing after a stop changes the program
        nxt = lg.date + dt.timedelta(days=1)
        reasons = referral_reasons(lg)
        if reasons:
            self.refer += reasons
            for t in self.tracks:
                self._decide(nxt, t, None, "stop", reasons[0], ADVICE["stop"])
            return
        for f, reason in pain_flare(lg, earlier, self.baseline).items():
            t = next(x for x in self.tracks if x.function is f)
            again = any(0 < (lg.date - d).days <= RISING_DAYS for d in t.flare_dates)
            t.flare_dates.append(lg.date)
            t.flared = reason
            dropped = floor = False
            for s in t.sides.values():
                if again or s.step == 0:
                    if s.level > 1:
                        s.level, s.since, s.step = s.level - 1, 0, 0
                        dropped = True
                    else:
                        floor = floor or s.step == 0
                        s.step = 0
                else:
                    s.step -= 1
            # Sides more than one level apart after a drop: the side ahead comes down too.
            left, right = t.sides["left"], t.sides["right"]
            hi, lo = (left, right) if left.level > right.level else (right, left)
            if hi.level - lo.level > 1:
                hi.level, hi.since, hi.step = lo.level + 1, 0, 0
            if dropped:
                decision, advice = "level_down", ADVICE["level_down"]
            else:
                decision, advice = "step_back", ADVICE["floor"] if floor else ADVICE["step_back"]
            self._decide(nxt, t, None, decision, reason + ("; again within a week" if again else ""), advice)

    def _decide(self, when: dt.date, t: _Track, side: str | None, decision: str, reason: str, advice: str | None) -> None:
        level = t.sides[side].level if side else min(s.level for s in t.sides.values())
        self.decisions.append(
            FunctionDecision(date=when, function=t.function, side=side, decision=decision, level=level, reason=reason, advice=advice)  # type: ignore[arg-type]
        )

    # -------------------------------------------------------- results

    def _changes(self, frames: list[Frame]) -> None:
        """Level changes between consecutive sessions: ups behind the gate, downs with the pain reason."""
        prev: dict[Function, TrackView] | None = None
        for frame in frames:
            for d in frame.dates:
                cur = frame.views[d]
                if prev is not None:
                    for t in self.tracks:
                        a, b = prev[t.function], cur[t.function]
                        moved = [s for s in SIDES if a.side(s).level != b.side(s).level]
                        if not moved:
                            continue
                        together = len(moved) == 2 and a.left.level == a.right.level and b.left.level == b.right.level
                        for s in [None] if together else moved:
                            x, y = (a.level, b.level) if s is None else (a.side(s).level, b.side(s).level)
                            reason = GATE if y > x else self._down_reason(t.function, d)
                            frame.changes.append(Change(t.function, s, x, y, reason))
                prev = cur

    def _down_reason(self, f: Function, session: dt.date) -> str:
        # The level-down decision is dated the day after the painful session: the latest one on or
        # before this session is the cause.
        found = [x for x in self.decisions if x.function is f and x.decision == "level_down" and x.date <= session]
        return found[-1].reason if found else "level down after pain"

    def _adaptation(self, frames: list[Frame]) -> Adaptation:
        today = self.today
        assert today is not None
        views, gate_dates = self._now(frames, today)
        status = []
        for t in self.tracks:
            recent = recent_sessions(self.logs, t.function, today + dt.timedelta(days=1))
            for side in SIDES:
                v = views[t.function].side(side)
                if v.level >= 3:
                    gate, pending = "top", []
                else:
                    pending = gate_criteria(recent, t.function, side, self.baseline)
                    gate = "pending" if pending else "met"
                status.append(
                    FunctionStatus(
                        function=t.function,
                        side=side,  # type: ignore[arg-type]
                        level=v.level,  # type: ignore[arg-type]
                        dose_step=v.step,
                        gate=gate,  # type: ignore[arg-type]
                        pending=pending,
                        next_gate=gate_dates.get((t.function, side)),
                    )
                )
        advice = list(self.advice)
        for dcs in self.decisions:
            recent = (today - dcs.date).days <= RISING_DAYS
            if dcs.advice and dcs.decision in ("step_back", "level_down", "stop") and recent and dcs.advice not in advice:
                advice.append(dcs.advice)
        return Adaptation(
            as_of=today,
            logged_from=self.logs[0].date,
            sessions_logged=sum(1 for lg in self.logs if not lg.skipped),
            slide_days=7 * len(self.missed),
            missed_weeks=list(self.missed),
            refer=list(dict.fromkeys(self.refer)),
            decisions=self.decisions,
            status=status,
            advice=advice,
        )

    def _now(self, frames: list[Frame], today: dt.date) -> tuple[dict[Function, TrackView], dict[tuple[Function, str], dt.date]]:
        """The state of the next session from today (or the last one), and each side's next gate date."""
        views = None
        gate_dates: dict[tuple[Function, str], dt.date] = {}
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


# ---------------------------------------------------------------- logging helpers (pure)


def find_session(plan, date: dt.date) -> Session | None:
    for w in plan.weeks:
        for s in w.sessions:
            if s.date == date:
                return s
    return None


def nearest_sessions(plan, date: dt.date) -> tuple[dt.date | None, dt.date | None]:
    dates = [s.date for w in plan.weeks for s in w.sessions]
    before = max((d for d in dates if d < date), default=None)
    after = min((d for d in dates if d > date), default=None)
    return before, after


def rows_as_prescribed(session: Session) -> list[ExerciseLog]:
    """Every prescription row of the session, done as prescribed without compensation."""
    return [
        ExerciseLog(
            id=p.id,
            name=p.name,
            functions=list(p.functions),
            level=p.level,
            side=p.side,
            prescribed_sets=p.sets,
            prescribed_reps=p.reps,
            prescribed_hold=p.hold_seconds,
            prescribed_load=p.load,
            prescribed_sets_by_side=p.sets_by_side,
            sets_done=p.sets,
            reps_done=p.reps,
            hold_done=p.hold_seconds,
        )
        for p in session.exercises
    ]


def session_log(
    session: Session,
    *,
    pain: int | None,
    skipped: bool = False,
    compensation: bool = False,
    compensation_side: CompensationSide = "both",
    compensated: Iterable[str] = (),
    done: Iterable[tuple[str, int, int]] = (),
    red_flags: Iterable[RedFlag] = (),
    note: str | None = None,
) -> SessionLog:
    """A log built from `glute log` flags: every row as prescribed unless `done` says otherwise.

    `done`: (exercise id, sets, reps) for the exercise's main row (`both`, or its first row); for an
    exercise prescribed as holds only, `reps` is the seconds held. `compensation` marks every row,
    `compensated` only the named exercises, on `compensation_side`.
    """
    if skipped:
        return SessionLog(date=session.date, skipped=True, pain_during=pain, red_flags=list(red_flags), note=note)
    rows = rows_as_prescribed(session)
    ids = list(dict.fromkeys(r.id for r in rows))
    named = set(compensated)
    for eid in [*named, *(d[0] for d in done)]:
        if eid not in ids:
            raise InputError(
                f"--exercise {eid!r} is not in the session of {session.date:%a %d %b %Y}",
                hint="its exercises are: " + ", ".join(ids),
            )
    seen: set[str] = set()
    for eid, sets, reps in done:
        if eid in seen:
            raise InputError(f"--exercise {eid} is given twice")
        seen.add(eid)
        i = next(i for i, r in enumerate(rows) if r.id == eid)
        r = rows[i]
        upd: dict = {"sets_done": sets}
        if r.prescribed_reps is not None:
            upd["reps_done"] = reps
        else:
            upd["hold_done"] = reps
        rows[i] = r.model_copy(update=upd)
    if compensation or named:
        rows = [r.model_copy(update={"compensation": compensation_side}) if (compensation or r.id in named) else r for r in rows]
    return SessionLog(date=session.date, pain_during=pain, exercises=rows, red_flags=list(red_flags), note=note)
