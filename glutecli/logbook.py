"""`glute log`, `glute progress` and re-planning from the log, as core use cases (issue 6).

Each function opens the store, checks what the person asked for, saves, re-plans the active plan
from the whole log (planner.replan: past weeks stay as they were done) and returns a result
model for the CLI to render. No typer, no rich.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .adapt import find_session, nearest_sessions, referral_reasons, session_log
from .errors import InputError, NotFoundError, ReferralError
from .models import Assessment, CompensationSide, FunctionDecision, Plan, RedFlag, Session, SessionLog
from .store import Store

NO_PLAN_HINT = "make one with: glute plan (it reads your latest assessment)"


@dataclass
class LogRequest:
    """What `glute log` was told, by flags or by the questions."""

    date: dt.date
    pain: int | None = None
    skipped: bool = False
    compensation: bool = False
    compensation_side: CompensationSide = "both"
    compensated: list[str] = field(default_factory=list)
    done: list[tuple[str, int, int]] = field(default_factory=list)
    red_flags: list[RedFlag] = field(default_factory=list)
    note: str | None = None
    replace: bool = False
    rows: list[Any] | None = None  # exercise rows as answered one by one (interactive)
    previous_morning: tuple[dt.date, int] | None = None  # morning pain after the previous session


@dataclass
class LogResult:
    profile: str
    log: SessionLog
    replaced: bool
    what: str  # "session" or "morning"
    plan: Plan | None = None
    decisions: list[FunctionDecision] = field(default_factory=list)
    next_session: Session | None = None
    refer: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Prepared:
    """The session to log, found and checked before any question is asked."""

    plan: Plan
    session: Session
    existing: SessionLog | None
    previous: SessionLog | None  # the session before, if its morning pain is missing


def prepare(store: Store, profile: str, date: dt.date, today: dt.date, *, replace: bool = False) -> Prepared:
    """Refuse a future date, a date with no planned session, or a session already logged."""
    if date > today:
        raise InputError(
            f"{date:%a %d %b %Y} is in the future: log a session on or after the day you did it",
            hint=f"today is {today.isoformat()}; use --date to log an earlier session",
        )
    plan = store.active_plan(profile)
    if plan is None:
        raise NotFoundError(f"no active plan for profile {profile!r}, so there is no session to log", hint=NO_PLAN_HINT)
    session = find_session(plan, date)
    if session is None:
        before, after = nearest_sessions(plan, date)
        near = " and ".join(f"{d:%a %d %b}" for d in (before, after) if d is not None)
        raise InputError(
            f"no session is planned on {date:%a %d %b %Y}" + (f"; the nearest are {near}" if near else ""),
            hint="log a planned session with --date YYYY-MM-DD (see them with: glute plan)",
        )
    existing = store.log(profile, date)
    if existing is not None and not replace:
        raise InputError(
            f"the session of {date:%a %d %b %Y} is already logged",
            hint=f"amend it with: glute log --date {date.isoformat()} --replace ...",
        )
    earlier = [lg for lg in store.logs(profile) if lg.date < date and not lg.skipped]
    previous = earlier[-1] if earlier and earlier[-1].morning_pain is None else None
    return Prepared(plan, session, existing, previous)


def record_session(profile: str, req: LogRequest, today: dt.date, catalogue: Any) -> LogResult:
    """Log a session (flags or answers), then re-plan the active plan from the whole log."""
    with Store() as store:
        prep = prepare(store, profile, req.date, today, replace=req.replace)
        if req.rows is not None:
            log = SessionLog(
                date=req.date,
                skipped=req.skipped,
                pain_during=req.pain,
                exercises=[] if req.skipped else req.rows,
                red_flags=req.red_flags,
                note=req.note,
            )
        else:
            if req.pain is None and not req.skipped:
                raise InputError(
                    "--pain N is needed: the highest pain during the session, 0-10",
                    hint="the plan only progresses while pain stays at 5/10 or less (or log --skipped)",
                )
            log = session_log(
                prep.session,
                pain=req.pain,
                skipped=req.skipped,
                compensation=req.compensation,
                compensation_side=req.compensation_side,
                compensated=req.compensated,
                done=req.done,
                red_flags=req.red_flags,
                note=req.note,
            )
        if req.previous_morning and prep.previous is not None and prep.previous.date == req.previous_morning[0]:
            store.save_log(profile, prep.previous.model_copy(update={"morning_pain": req.previous_morning[1]}), replace=True)
        store.save_log(profile, log, replace=req.replace, plan_id=store.active_plan_id(profile))
        result = LogResult(profile, log, replaced=prep.existing is not None, what="session")
        return _after(store, result, prep.plan, today, catalogue)


def record_morning(profile: str, date: dt.date | None, pain: int, today: dt.date, catalogue: Any, *, replace: bool = False) -> LogResult:
    """The pain the morning after a logged session (default: the latest one)."""
    with Store() as store:
        logs = store.logs(profile)
        if date is None:
            if not logs:
                raise NotFoundError(f"no session logged yet for profile {profile!r}", hint="log one first: glute log --pain N")
            date = logs[-1].date
        log = next((lg for lg in logs if lg.date == date), None)
        if log is None:
            raise NotFoundError(
                f"no session logged on {date:%a %d %b %Y}",
                hint=f"log the session first: glute log --date {date.isoformat()} --pain N",
            )
        if date >= today:
            raise InputError(f"the morning after {date:%a %d %b %Y} has not come yet", hint="log it tomorrow morning")
        if log.skipped:
            raise InputError(f"the session of {date:%a %d %b %Y} was logged as skipped: there is no morning after to log")
        if log.morning_pain is not None and not replace:
            raise InputError(
                f"the morning pain after {date:%a %d %b %Y} is already logged ({log.morning_pain}/10)",
                hint=f"amend it with: glute log --date {date.isoformat()} --morning-pain {pain} --replace",
            )
        updated = log.model_copy(update={"morning_pain": pain})
        store.save_log(profile, updated, replace=True)
        plan = store.active_plan(profile)
        result = LogResult(profile, updated, replaced=log.morning_pain is not None, what="morning")
        if plan is None:
            result.refer = referral_reasons(updated)
            return result
        return _after(store, result, plan, today, catalogue)


def _after(store: Store, result: LogResult, plan: Plan, today: dt.date, catalogue: Any) -> LogResult:
    """Refer on pain 8+ or a red flag; otherwise re-plan, save it, and say what changed."""
    result.refer = referral_reasons(result.log)
    if result.refer:
        return result
    assessment = _assessment_for(store, result.profile, plan)
    if assessment is None:
        result.notes.append("the plan's assessment is not in the store, so the plan was not re-planned")
        return result
    from .planner import replan

    try:
        new = replan(plan, assessment, catalogue, store.logs(result.profile), today)
    except ReferralError as e:
        result.refer = e.reasons
        return result
    store.save_plan(result.profile, new)
    before = {d.model_dump_json() for d in (plan.adaptation.decisions if plan.adaptation else [])}
    result.plan = new
    result.decisions = [d for d in (new.adaptation.decisions if new.adaptation else []) if d.model_dump_json() not in before]
    result.next_session = next((s for w in new.weeks for s in w.sessions if s.date > result.log.date and s.date >= today), None)
    return result


def _assessment_for(store: Store, profile: str, plan: Plan) -> Assessment | None:
    items = store.assessments(profile)
    return next((a for a in items if a.id == plan.assessment_id), None)


# ---------------------------------------------------------------- `glute plan` from the log


def plan_options(
    assessment: Assessment,
    active: Plan | None,
    logs: list[SessionLog],
    *,
    weeks: int | None,
    start: dt.date | None,
    sessions: int | None,
    days: list[str] | None,
    today: dt.date,
) -> Any:
    """Options for `glute plan`: continue the active plan from the log when it has started, is
    for this assessment and has logged sessions (same start, days and length unless given);
    otherwise a new plan (from --start or next Monday). Returns (PlanOptions, History)."""
    from .planner import History, PlanOptions, program_weeks

    continuing = (
        start is None
        and active is not None
        and active.assessment_id == (assessment.id or None)
        and active.start_date <= today
        and any(active.start_date <= lg.date <= today for lg in logs)
    )
    if continuing:
        assert active is not None
        keep_days = days or (None if sessions and sessions != active.sessions_per_week else list(active.days))
        opts = PlanOptions(weeks=weeks or program_weeks(active), start=active.start_date, sessions=sessions, days=keep_days, today=today)
    else:
        opts = PlanOptions(weeks=weeks or 8, start=start, sessions=sessions, days=days, today=today)
    return opts, History(logs, today)


# ---------------------------------------------------------------- `glute progress`


def current_plan(profile: str, today: dt.date, catalogue: Any) -> tuple[Plan, list[str]]:
    """The active plan re-planned from the log as of today, in memory (nothing is saved): after a
    week with nothing logged the saved plan is a stale projection until something re-plans it.
    Returns (plan, referral reasons); the saved plan itself when the log says stop."""
    from .planner import replan

    with Store() as store:
        plan = store.active_plan(profile)
        if plan is None:
            raise NotFoundError(f"no active plan for profile {profile!r}", hint=NO_PLAN_HINT)
        logs = store.logs(profile)
        assessment = _assessment_for(store, profile, plan)
    if assessment is None or not any(plan.start_date <= lg.date <= today for lg in logs):
        return plan, []
    try:
        return replan(plan, assessment, catalogue, logs, today), []
    except ReferralError as e:
        return plan, e.reasons


def progress(profile: str, today: dt.date, catalogue: Any) -> tuple[Any, bool]:
    """The progress report as of today, from the active plan re-planned in memory (not saved).

    Returns (Progress, stale): stale when the saved plan differs from today's re-plan (run
    `glute plan` to save it). The report carries the referral reasons when the log says stop.
    """
    from .progress import report

    current, refer = current_plan(profile, today, catalogue)
    with Store() as store:
        saved = store.active_plan(profile)
        logs = store.logs(profile)
        items = store.assessments(profile)
    stale = saved is not None and _weeks_json(current) != _weeks_json(saved)
    rep = report(current, logs, items, today, profile=profile)
    if refer:
        rep.refer = refer
    return rep, stale


def _weeks_json(plan: Plan) -> str:
    return "".join(w.model_dump_json() for w in plan.weeks)
