"""`glute log`, `glute progress` and re-planning from the log, as core use cases.

Each function opens the store, checks what the person asked for, saves a row of its own (never a
plan copy), derives the programme's plan again from its timeline (programme.current_plan: past
weeks stay as they were done) and returns a result model for the CLI to render. No typer, no rich.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import rules
from .errors import InputError, NotFoundError, ReferralError
from .models import WEEKDAYS, CompensationSide, ExerciseLog, FunctionDecision, Plan, Prescription, Programme, RedFlag, Session, SessionLog
from .present.text import long_date, short_date
from .progression import ADVICE, referral_reasons
from .sessionlog import find_session, nearest_sessions, session_log
from .store import Store

if TYPE_CHECKING:  # loaded on the paths that use them
    from .catalogue import Catalogue
    from .models import Progress
    from .programme import Referral, Timeline

ATTACHED = "logged on a day without a session"  # a move that came with a log: undoing the log undoes it
NO_PLAN_HINT = "start a programme with: glute plan --weeks 8 (it reads your latest assessment)"


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
    rows: list[ExerciseLog] | None = None  # exercise rows as answered one by one (interactive)
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
    urgent: bool = False
    # A log over a pain limit whose step back was already decided (e.g. by the same session's
    # pain during): not "no change", the limit and the advice are said again.
    over_limit: str | None = None


@dataclass
class Prepared:
    """The session to log, found and checked before any question is asked."""

    plan: Plan
    session: Session
    existing: SessionLog | None
    previous: SessionLog | None  # the session before, if its morning pain is missing
    timeline: Timeline
    attached_from: dt.date | None = None  # a log on a day without a session: the session it stands for


def _catalogue_loader(catalogue: Catalogue | Callable[[], Catalogue]) -> Callable[[], Catalogue]:
    if callable(catalogue):  # a loader: the catalogue is read only if a plan has to be derived
        return catalogue
    return lambda: catalogue


def prepare(store: Store, profile: str, date: dt.date, today: dt.date, *, replace: bool = False, catalogue: Catalogue | Callable[[], Catalogue] | None = None) -> Prepared:
    """Refuse a future date, a paused programme, a day of another week, or a session already logged.

    On a day without a planned session the log stands for that week's first open session (done
    on another day, still one a day: >= 24 h apart)."""
    from . import programme as pg

    if date > today:
        raise InputError(
            f"{long_date(date)} is in the future: log a session on or after the day you did it",
            hint=f"today is {today.isoformat()}; use --date to log an earlier session",
        )
    tl = pg.load(store, profile)
    if tl is None:
        raise NotFoundError(f"no programme is running for profile {profile!r}, so there is no session to log", hint=NO_PLAN_HINT)
    if not replace:
        pg.check_not_paused(tl, "Not logged. ")
    if catalogue is None:
        from .catalogue import load_catalogue

        catalogue = load_catalogue
    plan = pg.plan_for_amending(store, tl, _catalogue_loader(catalogue), today)
    session = find_session(plan, date)
    attached = None
    existing = next((lg for lg in tl.logs if lg.date == date), None)
    if session is None and existing is None:
        target = pg.attach_target(plan, tl.logs, date)
        planned = find_session(plan, target) if target is not None else None
        if planned is not None:
            attached = target
            session = planned.model_copy(update={"date": date, "weekday": WEEKDAYS[date.weekday()]})
    if session is None and existing is not None:
        session = Session(date=date, weekday=WEEKDAYS[date.weekday()], exercises=[_as_prescription(e) for e in existing.exercises])
    if session is None:
        before, after = nearest_sessions(plan, date)
        near = " and ".join(short_date(d) for d in (before, after) if d is not None)
        raise InputError(
            f"no open session to log on {long_date(date)}" + (f"; the nearest are {near}" if near else ""),
            hint="every session of that week is logged, or the day is outside the programme (see it with: glute plan --week N)",
        )
    if existing is not None and not replace:
        raise InputError(
            f"the session of {long_date(date)} is already logged",
            hint=f"amend it with: glute log --date {date.isoformat()} --replace ..., or remove it with: glute log --delete {date.isoformat()}",
        )
    earlier = [lg for lg in tl.logs if lg.date < date and not lg.skipped]
    previous = earlier[-1] if earlier and earlier[-1].morning_pain is None else None
    return Prepared(plan, session, existing, previous, tl, attached)


def _as_prescription(e: ExerciseLog) -> Prescription:
    return Prescription(
        id=e.id, name=e.name or e.id, functions=list(e.functions), level=e.level, sets=e.prescribed_sets, reps=e.prescribed_reps,
        hold_seconds=e.prescribed_hold, side=e.side, cue=e.name or e.id, load=e.prescribed_load,
    )  # fmt: skip


def record_session(profile: str, req: LogRequest, today: dt.date, catalogue: Catalogue | Callable[[], Catalogue]) -> LogResult:
    """Log a session (flags or answers): one row of its own; the plan is derived again from the timeline."""
    from .models import ProgrammeEvent

    with Store() as store:
        prep = prepare(store, profile, req.date, today, replace=req.replace, catalogue=catalogue)
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
        pid = prep.timeline.programme.id
        if req.previous_morning and prep.previous is not None and prep.previous.date == req.previous_morning[0]:
            store.save_log(profile, prep.previous.model_copy(update={"morning_pain": req.previous_morning[1]}), replace=True, programme_id=pid)
        event = None
        if prep.attached_from is not None:
            event = (pid, ProgrammeEvent(date=req.date, kind="move", moved_from=prep.attached_from, moved_to=req.date, text=ATTACHED))
        store.save_log(profile, log, replace=req.replace, programme_id=pid, event=event)
        result = LogResult(profile, log, replaced=prep.existing is not None, what="session")
        if prep.attached_from is not None:
            result.notes.append(
                f"no session was planned on {short_date(req.date)}: logged as the session of {short_date(prep.attached_from)}, "
                f"done on {short_date(req.date)} (it moved; sessions stay one a day, >= 24 h apart)"
            )
        missing = prep.previous if prep.previous is not None and not req.previous_morning else None
        if missing is not None and not log.skipped:
            result.notes.append(
                f"the morning pain after the session of {short_date(missing.date)} is not logged: the dose holds until it is "
                f"(glute log --date {missing.date.isoformat()} --morning-pain N)"
            )
        return _after(store, result, prep.plan, today, catalogue)


def record_morning(
    profile: str, date: dt.date | None, pain: int, today: dt.date, catalogue: Catalogue | Callable[[], Catalogue], *, replace: bool = False
) -> LogResult:
    """The pain the morning after a logged session (default: the latest one)."""
    from . import programme as pg

    with Store() as store:
        tl = pg.load(store, profile)
        logs = tl.logs if tl is not None else store.logs(profile)
        if date is None:
            if not logs:
                raise NotFoundError(f"no session logged yet for profile {profile!r}", hint="log one first: glute log --pain N")
            date = logs[-1].date
        log = next((lg for lg in logs if lg.date == date), None)
        if log is None:
            raise NotFoundError(
                f"no session logged on {long_date(date)}",
                hint=f"log the session first: glute log --date {date.isoformat()} --pain N",
            )
        if date >= today:
            raise InputError(f"the morning after {long_date(date)} has not come yet", hint="log it tomorrow morning")
        if log.skipped:
            raise InputError(f"the session of {long_date(date)} was logged as skipped: there is no morning after to log")
        if log.morning_pain is not None and not replace:
            raise InputError(
                f"the morning pain after {long_date(date)} is already logged ({log.morning_pain}/10)",
                hint=f"amend it with: glute log --date {date.isoformat()} --morning-pain {pain} --replace",
            )
        updated = log.model_copy(update={"morning_pain": pain})
        plan = pg.plan_for_amending(store, tl, _catalogue_loader(catalogue), today) if tl is not None else None
        store.save_log(profile, updated, replace=True)
        result = LogResult(profile, updated, replaced=log.morning_pain is not None, what="morning")
        if plan is None:
            result.refer = referral_reasons(updated)
            return result
        return _after(store, result, plan, today, catalogue)


def _after(store: Store, result: LogResult, plan: Plan, today: dt.date, catalogue: Catalogue | Callable[[], Catalogue]) -> LogResult:
    """Pause on pain 8+ or a red flag; otherwise derive the plan again and say what changed."""
    from . import programme as pg

    tl = pg.require(store, result.profile)
    ref = pg.referral(tl)
    if ref is not None:
        result.refer, result.urgent = ref.reasons, ref.urgent
        return result
    try:
        new = pg.current_plan(store, tl, _catalogue_loader(catalogue), today)
    except ReferralError as e:
        result.refer = e.reasons
        return result
    before = {_change_key(d) for d in (plan.adaptation.decisions if plan.adaptation else [])}
    result.plan = new
    result.decisions = [d for d in (new.adaptation.decisions if new.adaptation else []) if _change_key(d) not in before]
    if not result.decisions and (over := _over_limit(result.log, rules.morning_limit(tl.latest_assessment().answers.pain.now))):
        result.over_limit = f"{over}: the coming sessions already step back for this session (glute progress shows why). {ADVICE['step_back']}"
    result.next_session = next((s for w in new.weeks for s in w.sessions if s.date > result.log.date and s.date >= today), None)
    return result


def _change_key(d: FunctionDecision) -> tuple[object, ...]:
    """What a decision changes: a week under way re-words its reason as sessions are logged
    (the sessions it names), but the change is the same and is announced once."""
    return (d.date, d.function, d.side, d.decision, d.level)


def _over_limit(log: SessionLog, morning_limit: int) -> str | None:
    """The pain limit this log is over, in words; None when within the limits."""
    if log.morning_pain is not None and log.morning_pain > morning_limit:
        return f"Morning pain {log.morning_pain}/10 is above your limit of {morning_limit}/10"
    during = log.pain_during
    if during is not None and during > rules.PAIN_OK_DURING:
        return f"Pain {during}/10 during the session is above your limit of {rules.PAIN_OK_DURING}/10"
    return None


def list_logs(profile: str) -> tuple[Programme, list[SessionLog]]:
    """`glute log --list`: the running programme's logs, oldest first."""
    from . import programme as pg

    with Store() as store:
        tl = pg.require(store, profile)
        return tl.programme, tl.logs


def delete_log(profile: str, date: dt.date | None) -> SessionLog:
    """`glute log --undo` (the log written last) or `--delete DATE`: remove a session's log."""
    from . import programme as pg

    with Store() as store:
        tl = pg.require(store, profile)
        if not tl.logs:
            raise NotFoundError("nothing to undo: no session is logged in the running programme")
        if date is None:
            date = max(tl.log_times, key=lambda d: (tl.log_times[d], d))
        log = next((lg for lg in tl.logs if lg.date == date), None)
        if log is None:
            raise NotFoundError(f"no session logged on {long_date(date)}", hint="see them with: glute log --list")
        store.delete_log(profile, date, programme_id=tl.programme.id, attached=ATTACHED)
        return log


# ---------------------------------------------------------------- `glute progress`


def progress(profile: str, today: dt.date, catalogue: Catalogue | Callable[[], Catalogue]) -> tuple[Progress, Referral | None]:
    """The progress report as of today, from the programme's derived plan (nothing is saved)."""
    from . import programme as pg
    from .progress import report

    with Store() as store:
        tl = pg.require(store, profile)
        ref = pg.referral(tl)
        plan = pg.plan_for_amending(store, tl, _catalogue_loader(catalogue), today)
        items = store.assessments(profile)
    rep = report(plan, tl.logs, items, today, profile=profile)
    if ref is not None:
        rep.refer = ref.reasons
    return rep, ref
