"""`glute progress`: adherence, pain over time, levels per side, gates and re-test dates.

Pure: a plan (ideally re-planned as of today), the log and the assessments in, a `Progress`
model out.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .models import (
    FUNCTION_ORDER,
    SIDES,
    Assessment,
    FunctionStatus,
    PainPoint,
    Plan,
    Progress,
    Reassessment,
    SessionLog,
    WeekAdherence,
)
from .present.text import plan_end
from .progression import gate_criteria, recent_sessions


def week_start(plan: Plan, number: int) -> dt.date:
    return plan.start_date + dt.timedelta(days=7 * (number - 1))


def pain_baseline(plan: Plan, assessments: list[Assessment], today: dt.date) -> int:
    """The pain baseline in force today: the plan's assessment's, or the latest clear re-test's
    since (the one the gates use, so the limit shown is the limit applied)."""
    first = next((a for a in assessments if a.id == plan.assessment_id), assessments[-1] if assessments else None)
    if first is None:
        return 0
    current = first
    for a in assessments:  # in the order they were taken
        if a.id != first.id and current.date <= a.date <= today and not a.referred:
            current = a
    return current.answers.pain.now


def report(plan: Plan, logs: list[SessionLog], assessments: list[Assessment], today: dt.date, *, profile: str | None = None) -> Progress:
    ad = plan.adaptation
    baseline = pain_baseline(plan, assessments, today)
    end = plan_end(plan)
    mine = [lg for lg in logs if plan.start_date <= lg.date <= today]
    missed = set(ad.missed_weeks) if ad else set()
    rows = []
    for w in plan.weeks:
        start = week_start(plan, w.number)
        stop = start + dt.timedelta(days=6)
        in_week = [lg for lg in mine if start <= lg.date <= stop]
        state: Literal["done", "missed", "current", "planned"]
        done = [lg for lg in in_week if not lg.skipped]
        if w.number in missed:
            state = "missed"
        elif stop < today:
            state = "done"
        elif start <= today:
            state = "current"
        else:
            state = "planned"
        during = [lg.pain_during for lg in done if lg.pain_during is not None]
        morning = [lg.morning_pain for lg in done if lg.morning_pain is not None]
        rows.append(
            WeekAdherence(
                number=w.number,
                program_week=w.program_week or w.number,
                start=start,
                end=stop,
                state=state,
                planned=len(w.sessions),
                done=len(done),
                skipped=len(in_week) - len(done),
                pain_during_max=max(during) if during else None,
                morning_pain_max=max(morning) if morning else None,
            )
        )
    planned_to_date = sum(1 for w in plan.weeks for s in w.sessions if s.date <= today)
    checkpoints = []
    for w in plan.weeks:
        if w.checkpoint and w.sessions:
            due = w.sessions[-1].date
            start = week_start(plan, w.number)
            retested = any(start <= a.date <= start + dt.timedelta(days=13) and a.id != plan.assessment_id for a in assessments)
            checkpoints.append(Reassessment(week=w.number, due=due, done=retested))
    compared: list[str] = []
    changes: list[str] = []
    if len(assessments) >= 2:
        from .assess import compare

        compared = [assessments[-2].id, assessments[-1].id]
        changes = compare(assessments[-2], assessments[-1])
    return Progress(
        profile=profile or plan.profile,
        as_of=today,
        plan_start=plan.start_date,
        plan_end=end,
        baseline_pain=baseline,
        sessions_planned_to_date=planned_to_date,
        sessions_done=sum(1 for lg in mine if not lg.skipped),
        adherence=rows,
        pain=[PainPoint(date=lg.date, during=lg.pain_during, morning=lg.morning_pain) for lg in mine if not lg.skipped],
        status=ad.status if ad else _static_status(plan, mine, baseline, today),
        reassessments=checkpoints,
        assessments=compared,
        assessment_changes=changes,
        slide_days=ad.slide_days if ad else 0,
        refer=list(ad.refer) if ad else [],
        advice=list(ad.advice) if ad else [],
        recent_decisions=[d for d in (ad.decisions if ad else []) if (today - d.date).days <= 14],
    )


def _static_status(plan: Plan, logs: list[SessionLog], baseline: int, today: dt.date) -> list[FunctionStatus]:
    """Before the first log: levels as planned for this week, every gate pending."""
    current = next((w for w in plan.weeks if w.sessions and w.sessions[-1].date >= today), plan.weeks[-1])
    out = []
    for f in FUNCTION_ORDER:
        if f not in current.levels:
            continue
        nxt = next((w for w in plan.weeks if w.number > current.number and any(c.function is f for c in w.level_changes)), None)
        before = next((w for w in plan.weeks if nxt and w.number == nxt.number - 1), None)
        for side in SIDES:
            level = current.side_levels.get(f, {}).get(side, current.levels[f])
            pending = gate_criteria(recent_sessions(logs, f, today + dt.timedelta(days=1)), f, side, baseline)
            out.append(
                FunctionStatus(
                    function=f,
                    side=side,
                    level=level,
                    dose_step=0,
                    gate="top" if level >= 3 else ("pending" if pending else "met"),
                    pending=[] if level >= 3 else pending,
                    next_gate=before.sessions[-1].date if before and before.sessions else None,
                )
            )
    return out
