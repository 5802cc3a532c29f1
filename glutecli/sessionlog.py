"""Session-log helpers: find a plan's sessions by date, and build a log from what was done (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from .errors import InputError
from .models import CompensationSide, ExerciseLog, Plan, RedFlag, Session, SessionLog
from .present.text import long_date


class ExerciseRowError(InputError):
    """An exercise named for a log that the session does not hold, or named twice.

    The message names no option: the caller knows how the user named the exercise and may reword it."""

    def __init__(self, message: str, exercise: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.exercise = exercise


def find_session(plan: Plan, date: dt.date) -> Session | None:
    """The plan's session on `date`, if there is one."""
    return next((s for w in plan.weeks for s in w.sessions if s.date == date), None)


def next_session(plan: Plan, date: dt.date) -> Session | None:
    """The first session strictly after `date`, if any."""
    return next((s for w in plan.weeks for s in w.sessions if s.date > date), None)


def nearest_sessions(plan: Plan, date: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The dates of the sessions just before and just after `date`."""
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
    """A log of the session: every row as prescribed unless `done` says otherwise.

    `done`: (exercise id, sets, reps) for the exercise's main row (`both`, or its first row); for an
    exercise prescribed as holds only, `reps` is the seconds held. `compensation` marks every row,
    `compensated` only the named exercises, on `compensation_side`.
    """
    if skipped:
        return SessionLog(date=session.date, skipped=True, pain_during=pain, red_flags=list(red_flags), note=note)
    rows = rows_as_prescribed(session)
    ids = list(dict.fromkeys(r.id for r in rows))
    named = set(compensated)
    done = list(done)
    for eid in [*named, *(d[0] for d in done)]:
        if eid not in ids:
            raise ExerciseRowError(
                f"exercise {eid!r} is not in the session of {long_date(session.date)}", eid, hint="its exercises are: " + ", ".join(ids)
            )
    seen: set[str] = set()
    for eid, sets, reps in done:
        if eid in seen:
            raise ExerciseRowError(f"exercise {eid} is given twice", eid)
        seen.add(eid)
        i = next(i for i, r in enumerate(rows) if r.id == eid)
        upd: dict[str, Any] = {"sets_done": sets, "reps_done" if rows[i].prescribed_reps is not None else "hold_done": reps}
        rows[i] = rows[i].model_copy(update=upd)
    if compensation or named:
        rows = [r.model_copy(update={"compensation": compensation_side}) if (compensation or r.id in named) else r for r in rows]
    return SessionLog(date=session.date, pain_during=pain, exercises=rows, red_flags=list(red_flags), note=note)
