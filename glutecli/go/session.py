"""The guided session of `glute go` as a pure state machine: steps, keys, time, and the log it ends with.

No terminal, no rich and no real clock here: the screen draws a `GuidedSession`, the key reader
feeds it keys, and the loop advances it by the time a `Clock` says has passed, so a whole session
plays in milliseconds in a test. The order of the steps follows the planner's time estimate
(planner._row_seconds): the sides alternate within a round (one side rests while the other works),
a rest comes between rounds, and a change of position (get ready, switch sides) takes
rules.SWITCH_SECONDS, so a session played as prescribed takes about the minutes the plan shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from .. import rules
from ..timing import set_seconds, tempo_phases

if TYPE_CHECKING:
    from ..logbook import LogRequest
    from ..models import ExerciseLog, Figure, Prescription, Session

StepKind = Literal["warmup", "ready", "set", "rest"]
Side = Literal["left", "right"]
SKIP_REASONS = {"1": "pain", "2": "no time", "3": "too hard"}
MAX_DIGITS = 3
TICK = 0.25


class Clock(Protocol):
    """Seconds on a monotonic scale; the real one is go.keys.RealClock, tests pass a fake."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class FakeClock:
    """A clock that moves only when told to (sleep advances it at once)."""

    def __init__(self, start: float = 0.0) -> None:
        self.t = start

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)


@dataclass(frozen=True)
class Exercise:
    """One row of the session with what the screen needs from the catalogue."""

    row: int
    p: Prescription
    sets: dict[str | None, int]  # sets per side ("left"/"right"), or {None: n} for both legs together
    cues: tuple[str, ...] = ()
    faults: tuple[str, ...] = ()
    figure: Figure | None = None

    @property
    def sides(self) -> list[str | None]:
        return list(self.sets)

    @property
    def one_sided(self) -> bool:
        return None not in self.sets


@dataclass(frozen=True)
class Step:
    """One timed step: the warm-up, getting ready or switching sides, a set, a rest."""

    kind: StepKind
    seconds: float
    exercise: int | None = None  # index into GuidedSession.exercises
    side: str | None = None
    set_no: int = 0  # 1-based, per side
    text: str = ""

    def same_set(self, other: Step) -> bool:
        return self.kind == other.kind == "set" and (self.exercise, self.side, self.set_no) == (other.exercise, other.side, other.set_no)


def set_dose(p: Prescription) -> str:
    """One set's dose in words: `8 reps, 2 s hold`, `30 s hold`, with the load."""
    text = f"{p.reps} reps" + (f", {p.hold_seconds} s hold" if p.hold_seconds else "") if p.reps is not None else f"{p.hold_seconds} s hold"
    return text + (f", {p.load}" if p.load else "")


def exercise_for(
    row: int,
    p: Prescription,
    unilateral: bool | None,
    *,
    cues: Sequence[str] = (),
    faults: Sequence[str] = (),
    figure: Figure | None = None,
) -> Exercise:
    """The sides and sets of a row: each side in turn for a one-sided exercise, else together."""
    if p.side != "both":
        sets: dict[str | None, int] = {p.side: p.sets}
    elif unilateral is False:
        sets = {None: p.sets}
    elif p.sets_by_side:
        by_side: dict[str, int] = {str(k): n for k, n in p.sets_by_side.items()}
        sets = {s: by_side.get(s, p.sets) for s in ("left", "right")}
    else:
        sets = {"left": p.sets, "right": p.sets}
    return Exercise(row=row, p=p, sets=sets, cues=tuple(cues), faults=tuple(faults), figure=figure)


def build_steps(exercises: Sequence[Exercise], *, warmup_seconds: float | None = None) -> list[Step]:
    """The whole session in order: warm-up; per exercise get ready, then sets (sides alternate), rests between rounds."""
    steps = [Step("warmup", float(rules.WARMUP_MINUTES * 60 if warmup_seconds is None else warmup_seconds))]
    switch = float(rules.SWITCH_SECONDS)
    for i, ex in enumerate(exercises):
        rest = float(ex.p.rest_seconds or rules.REST_SECONDS)
        steps.append(Step("ready", switch, i, ex.sides[0], 1, "get into position"))
        rounds = max(ex.sets.values())
        prev: Step | None = None
        for r in range(1, rounds + 1):
            for side in ex.sides:
                if ex.sets[side] < r:
                    continue
                if prev is not None:
                    new_round = r > prev.set_no
                    extra_only = r > ex.p.sets
                    if new_round and not (extra_only and side != prev.side):
                        steps.append(Step("rest", rest, i, side, r))
                    elif side != prev.side:
                        steps.append(Step("ready", switch, i, side, r, "switch sides"))
                prev = Step("set", set_seconds(ex.p), i, side, r)
                steps.append(prev)
    return steps


@dataclass
class Prompt:
    """A question on screen; while one is open the timers stand still."""

    kind: Literal["side", "pain", "skip", "skip_pain", "help", "quit", "end_pain", "end_flags"]
    text: str = ""
    buffer: str = ""
    picked: list[int] = field(default_factory=list)


@dataclass
class Answers:
    """What was done, kept per set so `b` can take a set back."""

    done: dict[tuple[int, str | None, int], int] = field(default_factory=dict)  # (exercise, side, set) -> reps (or seconds held)
    compensated: dict[int, set[str]] = field(default_factory=dict)
    pain: dict[int, int] = field(default_factory=dict)  # exercise -> worst pain entered during it
    pain_entries: list[tuple[float, int | None, int]] = field(default_factory=list)  # (session time, exercise, pain)
    skipped: dict[int, str] = field(default_factory=dict)  # exercise -> reason
    worst_pain: int | None = None
    red_flags: list[str] = field(default_factory=list)


class GuidedSession:
    """Where you are in the session, and what each key and each second does."""

    def __init__(
        self, session: Session, exercises: Sequence[Exercise], *, warmup_seconds: float | None = None, estimate_minutes: int | None = None
    ) -> None:
        self.session = session
        self.exercises = list(exercises)
        self.steps = build_steps(self.exercises, warmup_seconds=warmup_seconds)
        self.index = 0
        self.elapsed = 0.0  # seconds into the current step
        self.clock_total = 0.0  # seconds of session time played (pauses and questions excluded)
        self.paused = False
        self.prompt: Prompt | None = None
        self.digits = ""
        self.answers = Answers()
        self.stopped_early = False
        self.finished = False  # the end questions are answered: ready to log
        self.events: list[str] = []  # "bell" when a rest (or the warm-up) runs out; "done"
        self.message = ""  # one line of feedback under the screen (what the last key did)
        self.estimate_minutes = estimate_minutes if estimate_minutes is not None else session.minutes

    # ------------------------------------------------------------ where we are

    @property
    def step(self) -> Step:
        return self.steps[min(self.index, len(self.steps) - 1)]

    @property
    def ending(self) -> bool:
        """Past the last step (or stopped with q): the end questions are on."""
        return self.index >= len(self.steps)

    @property
    def exercise(self) -> Exercise | None:
        i = self.step.exercise
        return None if i is None or self.ending else self.exercises[i]

    def planned_seconds(self) -> float:
        return sum(s.seconds for s in self.steps)

    def seconds_left(self) -> float:
        """Time left, in the session estimate's minutes (the timers and the estimate agree to 10%)."""
        if self.ending:
            return 0.0
        rest = self.step.seconds - self.elapsed + sum(s.seconds for s in self.steps[self.index + 1 :])
        total = self.planned_seconds()
        if not self.estimate_minutes or total <= 0:
            return max(0.0, rest)
        return max(0.0, rest * self.estimate_minutes * 60 / total)

    def timer_running(self) -> bool:
        return not (self.paused or self.prompt is not None or self.ending)

    def sets_of(self, ex: int, side: str | None) -> int:
        return self.exercises[ex].sets[side]

    def rep_position(self) -> tuple[int, int, float]:
        """In a set of reps: (rep number from 1, the index of its phase, seconds into that phase)."""
        ex = self.exercise
        assert ex is not None
        phases = tempo_phases(ex.p)
        per_rep = sum(ph.seconds for ph in phases) or 1.0
        t = min(self.elapsed, self.step.seconds - 1e-9)
        rep = int(t // per_rep)
        into = t - rep * per_rep
        for k, ph in enumerate(phases):
            if into < ph.seconds:
                return rep + 1, k, into
            into -= ph.seconds
        return rep + 1, len(phases) - 1, phases[-1].seconds  # pragma: no cover - rounding at the very end

    def next_set(self) -> Step | None:
        """The next set step after the current one (shown during a rest)."""
        return next((s for s in self.steps[self.index + 1 :] if s.kind == "set"), None)

    # ------------------------------------------------------------ time

    def advance(self, seconds: float) -> list[str]:
        """Let `seconds` of session time pass (nothing moves while paused or asking)."""
        self.events = []
        left = max(0.0, seconds)
        while left > 0 and self.timer_running():
            room = self.step.seconds - self.elapsed
            if left < room:
                self.elapsed += left
                self.clock_total += left
                break
            self.elapsed += room
            self.clock_total += room
            left -= room
            self._complete_step(None)
        return self.events

    def until_next_change(self) -> float:
        """Session seconds to the next moment the screen changes on its own (a phase or a second)."""
        if not self.timer_running():
            return 1.0
        room = self.step.seconds - self.elapsed
        tick = TICK - (self.elapsed % TICK)  # the bars move in quarter seconds
        return max(0.0, min(room, tick))

    def _complete_step(self, reps: int | None) -> None:
        s = self.step
        if s.kind == "set" and s.exercise is not None:
            ex = self.exercises[s.exercise]
            amount = ex.p.reps if ex.p.reps is not None else ex.p.hold_seconds
            self.answers.done[(s.exercise, s.side, s.set_no)] = (amount or 0) if reps is None else reps
        if s.kind in ("rest", "warmup"):
            self.events.append("bell")
        self._go_to(self.index + 1)

    def _go_to(self, index: int) -> None:
        self.index = max(0, min(index, len(self.steps)))
        self.elapsed = 0.0
        self.digits = ""
        if self.ending and self.prompt is None:
            self._ask_end()

    def _ask_end(self) -> None:
        worst = max(self.answers.pain.values(), default=None)
        self.prompt = Prompt("end_pain", "Worst pain during the session, 0-10", "" if worst is None else str(worst))
        self.events.append("done")

    # ------------------------------------------------------------ keys

    def press(self, key: str) -> None:
        """One key: a character, "enter", "backspace", "escape" (arrows and others are ignored)."""
        if key == "redraw":  # a resize, or back from the background: nothing to do but draw
            return
        self.message = ""
        if self.finished:
            return
        if self.prompt is not None:
            self._answer(key)
            return
        if key.isdigit() and len(key) == 1:
            if len(self.digits) < MAX_DIGITS:
                self.digits += key
            return
        if key == "backspace":
            self.digits = self.digits[:-1]
        elif key == "escape":
            self.digits = ""
        elif key == "enter":
            self._enter()
        elif key == " ":
            self.paused = not self.paused
            self.message = "paused: space to go on" if self.paused else ""
        elif key == "c":
            self._compensated()
        elif key == "p":
            self.prompt = Prompt("pain", "Pain right now, 0-10")
        elif key == "s":
            if self.step.kind == "warmup":
                self._go_to(self.index + 1)
                self.message = "warm-up skipped"
            else:
                self.prompt = Prompt("skip", "Skip this exercise because of: 1 pain, 2 no time, 3 too hard")
        elif key == "b":
            self._back()
        elif key == "?":
            self.prompt = Prompt("help")
        elif key == "q":
            self.prompt = Prompt("quit", "Stop now and log what was done? y / n")

    def _enter(self) -> None:
        s = self.step
        if self.digits:
            n = int(self.digits)
            self.digits = ""
            if s.kind == "set":
                self._complete_step(n)
                self.message = f"set logged with {n}"
                return
            last = self._last_done()
            if last is not None:  # a rest or a switch: the number is for the set just done
                self.answers.done[last] = n
                self.message = f"previous set corrected to {n}"
            return
        self._complete_step(None)

    def _last_done(self) -> tuple[int, str | None, int] | None:
        for st in reversed(self.steps[: self.index]):
            if st.kind == "set" and st.exercise is not None:
                key = (st.exercise, st.side, st.set_no)
                return key if key in self.answers.done else None
        return None

    def _compensated(self) -> None:
        ex = self.exercise
        if ex is None:
            self.message = "compensation is noted during an exercise"
            return
        if not ex.one_sided or len(ex.sets) == 1:  # both legs together, or one side only: nothing to ask
            self._mark(ex, "both" if not ex.one_sided else str(next(iter(ex.sets))))
            return
        default = self.step.side or "both"
        self.prompt = Prompt("side", f"Compensated on which side? l left, r right, b both (Enter: {default})")

    def _mark(self, ex: Exercise, side: str) -> None:
        sides = self.answers.compensated.setdefault(self.step.exercise or 0, set())
        sides.update(("left", "right") if side == "both" else (side,))
        self.message = f"compensation noted ({side}): the dose holds on that side until it is gone"

    def _back(self) -> None:
        # From a set: the set before it; from a rest or a switch: the set just done, again.
        target = next((j for j in range(min(self.index, len(self.steps)) - 1, -1, -1) if self.steps[j].kind == "set"), None)
        if target is None:
            self.message = "nothing to go back to"
            return
        st = self.steps[target]
        self.answers.done.pop((st.exercise or 0, st.side, st.set_no), None)
        if st.exercise is not None:
            self.answers.skipped.pop(st.exercise, None)
        self._go_to(target)
        self.paused = False
        self.message = "back one set"

    def _answer(self, key: str) -> None:
        pr = self.prompt
        assert pr is not None
        if key == "escape" and pr.kind not in ("end_pain", "end_flags"):
            self.prompt = None
            return
        if pr.kind == "help":
            self.prompt = None
        elif pr.kind == "quit":
            if key in ("y", "enter"):
                self.stopped_early = True
                self.prompt = None
                self._go_to(len(self.steps))
            elif key in ("n", "q"):
                self.prompt = None
        elif pr.kind == "side":
            ex = self.exercise
            side = {"l": "left", "r": "right", "b": "both", "enter": self.step.side or "both"}.get(key)
            if side is not None and ex is not None:
                self.prompt = None
                self._mark(ex, side)
        elif pr.kind == "skip":
            reason = SKIP_REASONS.get(key) or {"p": "pain", "t": "no time", "h": "too hard"}.get(key)
            if reason is not None:
                self._skip(reason)
        elif pr.kind in ("pain", "skip_pain", "end_pain"):
            value = self._number(pr, key, 10)
            if value is None:
                return
            if pr.kind == "end_pain":
                self.answers.worst_pain = value
                self.prompt = Prompt("end_flags", "Any new warning sign? type its number to mark it, Enter when done (none: just Enter)")
                return
            self.prompt = None
            self._pain(value)
            if pr.kind == "skip_pain":
                self._skip_now("pain")
        elif pr.kind == "end_flags":
            if key.isdigit() and 1 <= int(key) <= len(RED_FLAG_ORDER):
                n = int(key)
                pr.picked.remove(n) if n in pr.picked else pr.picked.append(n)
            elif key == "enter":
                self.answers.red_flags = [RED_FLAG_ORDER[n - 1] for n in sorted(pr.picked)]
                self.prompt = None
                self.finished = True

    def _number(self, pr: Prompt, key: str, hi: int) -> int | None:
        if key.isdigit() and len(key) == 1:
            if len(pr.buffer) < 2:
                pr.buffer += key
            if int(pr.buffer) > hi:
                pr.buffer = key
        elif key == "backspace":
            pr.buffer = pr.buffer[:-1]
        elif key == "enter" and pr.buffer:
            return int(pr.buffer)
        return None

    def _pain(self, value: int) -> None:
        i = self.step.exercise if not self.ending else None
        self.answers.pain_entries.append((self.clock_total, i, value))
        if i is not None:
            self.answers.pain[i] = max(value, self.answers.pain.get(i, 0))
        else:
            self.answers.pain[-1] = max(value, self.answers.pain.get(-1, 0))
        self.message = f"pain {value}/10 noted" + (": above 5, ease off or skip this exercise (s)" if value > rules.PAIN_OK_DURING else "")
        if value >= rules.PAIN_STOP:
            self.message = f"pain {value}/10: stop here (q); 8 or more pauses the programme until you have seen a clinician"

    def _skip(self, reason: str) -> None:
        if reason == "pain":
            self.prompt = Prompt("skip_pain", "Pain right now, 0-10")
            return
        self.prompt = None
        self._skip_now(reason)

    def _skip_now(self, reason: str) -> None:
        i = self.step.exercise
        if i is None:
            return
        self.answers.skipped[i] = reason
        nxt = next((j for j in range(self.index + 1, len(self.steps)) if self.steps[j].exercise != i), len(self.steps))
        self._go_to(nxt)
        self.message = f"{self.exercises[i].p.name} skipped ({reason})"

    # ------------------------------------------------------------ the log

    def sets_done(self, i: int) -> dict[str | None, int]:
        return {side: sum(1 for (e, s, _), _n in self.answers.done.items() if e == i and s == side) for side in self.exercises[i].sides}

    def exercise_rows(self, prescribed: list[ExerciseLog]) -> list[ExerciseLog]:
        """`rows_as_prescribed` with what was done: what `glute log` asks exercise by exercise.

        sets_done counts the sets every worked side did, less that side's own extra sets not
        done (a weaker side that missed its extra set is short by one: no progression on it);
        reps (or seconds held) are the fewest of any set done."""
        out = []
        for i, row in enumerate(prescribed):
            ex = self.exercises[i]
            done = self.sets_done(i)
            base = ex.p.sets
            sets = min(min(n, base) for n in done.values())
            if sets == base and any(n < ex.sets[s] for s, n in done.items()):
                sets -= 1  # the weaker side's extra set was not done: not the full dose
            amounts = [n for (e, _s, _k), n in self.answers.done.items() if e == i]
            least = min(amounts) if amounts else 0
            upd: dict[str, object] = {"sets_done": min(sets, 20)}
            if row.prescribed_reps is not None:
                upd["reps_done"] = min(least if sets else 0, 200)
            else:
                upd["hold_done"] = min(least if sets else 0, 600)
            sides = self.answers.compensated.get(i)
            if sides:
                upd["compensation"] = "both" if sides >= {"left", "right"} else next(iter(sides))
                if row.side != "both":
                    upd["compensation"] = row.side
            if i in self.answers.pain:
                upd["pain"] = self.answers.pain[i]
            out.append(row.model_copy(update=upd))
        return out

    def note(self) -> str | None:
        parts = [f"skipped {self.exercises[i].p.name} ({why})" for i, why in sorted(self.answers.skipped.items())]
        if self.stopped_early:
            done = sum(1 for i in range(len(self.exercises)) if any(self.sets_done(i).values()))
            parts.append(f"stopped early after {done} of {len(self.exercises)} exercises")
        text = "; ".join(parts)
        return ("glute go: " + text)[:500] if text else None

    def log_request(self, date: dt.date, prescribed: list[ExerciseLog], *, replace: bool = False) -> LogRequest:
        """The LogRequest `glute log` would build from the same answers (partial after q)."""
        from ..logbook import LogRequest
        from ..models import RedFlag

        req = LogRequest(date=date, replace=replace)
        req.rows = self.exercise_rows(prescribed)
        worst = self.answers.worst_pain
        entered = max(self.answers.pain.values(), default=None)
        # The worst of the session is never below a pain entered during it.
        req.pain = worst if entered is None or (worst is not None and worst >= entered) else entered
        req.red_flags = [RedFlag(f) for f in self.answers.red_flags]
        req.note = self.note()
        return req


# The warning signs in the order the end question lists them (numbers 1-7 on screen).
RED_FLAG_ORDER = ["night_pain", "numbness", "bladder_bowel", "fever", "weight_loss", "trauma", "rest_pain"]
