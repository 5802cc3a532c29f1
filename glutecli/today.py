"""`glute today`: the active plan's session for a date, or when the next one is (plain Python)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .models import Plan, Session, Week
from .present.text import Item, all_sessions, dose_change_lines, long_date, plan_end, session_items, short_date
from .sessionlog import find_session as session_for
from .sessionlog import nearest_sessions, next_session

if TYPE_CHECKING:
    from .catalogue import Catalogue
    from .models import SessionLog

Status = Literal["session", "rest", "before_start", "ended", "empty"]


def _locate(plan: Plan, session: Session) -> tuple[Week, int]:
    for week in plan.weeks:
        for i, s in enumerate(week.sessions, 1):
            if s.date == session.date:
                return week, i
    raise ValueError(f"session {session.date} is not in the plan")  # pragma: no cover - callers pass plan sessions


@dataclass
class SessionView:
    """One session with where it sits in the plan and the catalogue's cues."""

    session: Session
    week: Week
    index: int
    count: int
    items: list[Item] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{long_date(self.session.date)} - week {self.week.number} ({self.week.phase}), session {self.index} of {self.count}"


@dataclass
class TodayView:
    plan: Plan
    date: dt.date
    status: Status
    message: str
    session: SessionView | None
    next: SessionView | None
    notes: list[str] = field(default_factory=list)  # why a dose changed; what to log first; re-test due


def _view(plan: Plan, session: Session | None, catalogue: Catalogue | None) -> SessionView | None:
    if session is None:
        return None
    week, i = _locate(plan, session)
    return SessionView(session, week, i, len(week.sessions), session_items(session, catalogue))


def today_view(plan: Plan, date: dt.date, catalogue: Catalogue | None, *, logs: list[SessionLog] | None = None) -> TodayView:
    """What to do on `date`: the session, or why not (rest day, before the start, after the end).
    The catalogue adds each exercise's cues (None: the plan's one cue)."""
    sessions = all_sessions(plan)
    today = session_for(plan, date)
    nxt = next_session(plan, date)
    status: Status
    if not sessions:
        status, message = "empty", "the plan has no sessions; make a new one with glute plan"
    elif today is not None:
        week, i = _locate(plan, today)
        status, message = "session", f"{long_date(date)}: week {week.number} of {plan.weeks_total} ({week.phase}), session {i} of {len(week.sessions)}"
    elif date < min(plan.start_date, sessions[0][1].date):
        status = "before_start"
        message = f"the plan starts on {long_date(plan.start_date)}"
        if nxt is not None and nxt.date != plan.start_date:
            message += f" - first session is {short_date(nxt.date)}"
    elif nxt is None:
        status = "ended"
        message = f"the plan has ended on {long_date(plan_end(plan))} - re-test with glute assess, then make a new plan with glute plan"
    else:
        status, message = "rest", f"rest day - next session is {short_date(nxt.date)}"
    view = TodayView(plan, date, status, message, _view(plan, today, catalogue), _view(plan, nxt, catalogue))
    view.notes = notes_for(plan, date, logs or [], view.session)
    return view


def notes_for(plan: Plan, date: dt.date, logs: list[SessionLog], session: SessionView | None) -> list[str]:
    """What `today` says besides the session: a morning pain to log, why the dose changed, a re-test due."""
    out = []
    done = [lg for lg in logs if lg.date < date and not lg.skipped]
    if done and done[-1].morning_pain is None:
        d = done[-1].date
        out.append(
            f"First, log the morning pain after your session of {short_date(d)}: glute log --date {d.isoformat()} --morning-pain N "
            "(the dose only goes up on logged mornings)"
        )
    if session is not None:
        prev, _ = nearest_sessions(plan, date)
        out += dose_change_lines(plan, prev, date)
        numbers = [w.number for w in plan.weeks]
        i = numbers.index(session.week.number)
        if i > 0 and plan.weeks[i - 1].note and session.index == 1:
            out.append(f"This week repeats programme week {session.week.program_week or session.week.number}: week {plan.weeks[i - 1].number} was {plan.weeks[i - 1].note}")
        if session.week.checkpoint:
            out.append("Re-test week: after this week's last session, re-test with 'glute assess' (the programme goes on with the new results)")
    return out
