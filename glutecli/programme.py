"""A programme: what a person asked for, plus a timeline, with the weekly plan derived.

A programme is created once, explicitly (`glute plan`), with a pinned start date, a length in
programme weeks, weekdays and the assessment it started from. Its timeline holds re-tests, moved
sessions, changes and its session logs. The week-by-week plan is derived deterministically from
that, the catalogue and the day it is read on (planner.build_plan); it is cached by a fingerprint
of those inputs, never stored as truth. Viewing never writes anything but that cache.

No typer, no rich: functions take values (including `today`) and return models.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import rules
from .errors import InputError, NotFoundError, ReferralError
from .models import FUNCTION_LABELS, Assessment, Plan, Programme, ProgrammeEvent, RedFlag, Session, SessionLog
from .present.text import URGENT_FLAGS as URGENT_FLAGS  # re-exported: its old home
from .present.text import URGENT_MESSAGE, is_urgent, long_date, short_date
from .progression import RED_FLAG_WORDS, day, referral_reasons
from .store import Store

if TYPE_CHECKING:  # loaded when a plan is derived or a calendar written, not to read a timeline
    from .catalogue import Catalogue

NO_PROGRAMME_HINT = "start one with: glute plan --weeks 8 (it reads your latest assessment; no assessment yet? glute assess)"

ROUTINE_MESSAGE = "Your programme is paused: see a doctor or physiotherapist before training on."
PAUSED_FOOTER = (
    "The programme is paused, not lost: your weeks, logs and levels are kept. When a clinician has cleared you, "
    "re-assess with 'glute assess': an assessment without red flags resumes the programme where it stopped."
)


@dataclass
class Referral:
    """Why a programme is paused (red flag or pain 8/10+), and whether it is urgent."""

    reasons: list[str]
    urgent: bool
    since: dt.date

    @property
    def message(self) -> str:
        return URGENT_MESSAGE if self.urgent else ROUTINE_MESSAGE

    def error(self, prefix: str = "", *, paused: bool = True) -> ReferralError:
        """The referral as an error; `paused=False` when no programme was started (nothing is
        paused: the closing line says no plan was made, and an urgent one says only that)."""
        if paused:
            return ReferralError(prefix + self.message, reasons=self.reasons, footer=PAUSED_FOOTER)
        return ReferralError((prefix + (URGENT_MESSAGE if self.urgent else "")).strip(), reasons=self.reasons)


@dataclass
class Timeline:
    """A programme as stored: what was asked for, its events and logs, and the assessments it uses."""

    programme: Programme
    events: list[ProgrammeEvent]
    logs: list[SessionLog]
    assessments: dict[str, Assessment]
    log_times: dict[dt.date, str] = field(default_factory=dict)

    @property
    def start_assessment(self) -> Assessment:
        a = self.assessments.get(self.programme.assessment_id or "")
        if a is None:
            raise NotFoundError(
                f"the assessment the programme started from ({self.programme.assessment_id}) is not in the store",
                hint="start over with: glute plan --new",
            )
        return a

    def retests(self) -> list[Assessment]:
        return [self.assessments[e.assessment_id] for e in self.events if e.kind == "retest" and e.assessment_id in self.assessments]

    def moves(self) -> list[tuple[dt.date, dt.date]]:
        return [(e.moved_from, e.moved_to) for e in self.events if e.kind == "move" and e.moved_from and e.moved_to]

    def latest_assessment(self) -> Assessment:
        clear = [a for a in self.retests() if not a.referred]
        return clear[-1] if clear else self.start_assessment


def load(store: Store, profile: str) -> Timeline | None:
    """The profile's running programme with its timeline, or None."""
    prog = store.programme(profile)
    if prog is None:
        return None
    events = store.events(prog.id)
    wanted = {e.assessment_id for e in events if e.assessment_id} | {prog.assessment_id}
    assessments = {a.id: a for a in store.assessments(profile) if a.id in wanted}
    return Timeline(prog, events, store.programme_logs(prog.id), assessments, store.log_times(prog.id))


def require(store: Store, profile: str) -> Timeline:
    tl = load(store, profile)
    if tl is None:
        raise NotFoundError(f"no programme is running for profile {profile!r}", hint=NO_PROGRAMME_HINT)
    return tl


# ---------------------------------------------------------------- referral


def referral(tl: Timeline) -> Referral | None:
    """Paused when the latest assessment or log that says anything about safety says stop.

    Assessments (the start and re-tests) and logs with pain 8/10+ or a red flag are taken in the
    order they were recorded; a clear assessment resumes; a log amended to clear resumes too."""
    items: list[tuple[str, bool, list[str], list[RedFlag], dt.date]] = []
    for e in tl.events:
        if e.kind in ("start", "retest") and e.assessment_id in tl.assessments:
            a = tl.assessments[e.assessment_id]
            items.append((e.created_at, a.referred, list(a.referral_reasons), list(a.answers.red_flags), a.date))
    for lg in tl.logs:
        reasons = referral_reasons(lg)
        if reasons:
            items.append((tl.log_times.get(lg.date, ""), True, reasons, list(lg.red_flags), lg.date))
    items.sort(key=lambda x: x[0])
    found: Referral | None = None
    for _, referred, reasons, flags, when in items:
        if not referred:
            found = None
            continue
        urgent = is_urgent(flags)
        if found is None:
            found = Referral(reasons, urgent, when)
        else:
            found.reasons += [r for r in reasons if r not in found.reasons]
            found.urgent = found.urgent or urgent
    return found


def check_not_paused(tl: Timeline, prefix: str = "") -> None:
    ref = referral(tl)
    if ref is not None:
        raise ref.error(prefix)


def assessment_referral(a: Assessment) -> Referral:
    return Referral(list(a.referral_reasons), is_urgent(a.answers.red_flags), a.date)


# ---------------------------------------------------------------- the derived plan


def derive(tl: Timeline, catalogue: Catalogue, today: dt.date) -> Plan:
    """The programme's weekly plan as of `today`: deterministic in the timeline and the catalogue."""
    from .planner import History, PlanOptions, build_plan

    p = tl.programme
    opts = PlanOptions(weeks=p.weeks, start=p.start_date, days=list(p.days), today=today)
    history = History(list(tl.logs), today, retests=tl.retests(), moves=tl.moves())
    return build_plan(tl.start_assessment, catalogue, opts, history)


def plan_for_amending(store: Store, tl: Timeline, catalogue: Callable[[], Catalogue], today: dt.date) -> Plan:
    """The plan to find a session in while the programme is paused (amending the log that paused
    it): derived without the logs that say stop."""
    try:
        return current_plan(store, tl, catalogue, today)
    except ReferralError:
        calm = Timeline(tl.programme, tl.events, [lg for lg in tl.logs if not referral_reasons(lg)], tl.assessments, tl.log_times)
        try:
            return derive(calm, catalogue(), today)
        except ReferralError:
            from .planner import PlanOptions, build_plan

            p = tl.programme
            return build_plan(tl.start_assessment, catalogue(), PlanOptions(weeks=p.weeks, start=p.start_date, days=list(p.days)))


def fingerprint(store: Store, tl: Timeline, catalogue_path: Path | None, today: dt.date) -> str:
    from . import __version__
    from .paths import catalogue_key

    return store.fingerprint(tl.programme.id, tl.programme.profile, __version__, catalogue_key(catalogue_path), today.isoformat())


def current_plan(store: Store, tl: Timeline, catalogue: Callable[[], Catalogue], today: dt.date, catalogue_path: Path | None = None) -> Plan:
    """The derived plan, from the cache when its inputs have not changed (no re-planning)."""
    if catalogue_path is None:  # a catalogue given as an object: its file identifies it
        source = getattr(catalogue(), "source", None)
        catalogue_path = Path(source) if source and Path(source).is_file() else None
    fp = fingerprint(store, tl, catalogue_path, today)
    cached = store.cached_plan(tl.programme.id, fp)
    if cached is not None:
        try:
            return Plan.model_validate_json(cached)
        except ValueError:
            pass  # a cache from another version: derive again
    plan = derive(tl, catalogue(), today)
    store.cache_plan(tl.programme.id, fp, plan.model_dump_json())
    return plan


# ---------------------------------------------------------------- starting and changing


def _next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


@dataclass
class PlanRequest:
    """`glute plan`'s options: None = not given."""

    weeks: int | None = None
    start: dt.date | None = None
    sessions: int | None = None
    days: list[str] | None = None
    new: bool = False


@dataclass
class PlanOutcome:
    timeline: Timeline
    started: bool = False
    changes: list[str] = field(default_factory=list)


def start_or_show(store: Store, profile: str, assessment: Assessment, req: PlanRequest, today: dt.date) -> PlanOutcome:
    """`glute plan`: start a programme when none runs; show the running one; change it only when
    options ask for something else (and say what); `new` starts over, keeping the history."""
    from .planner import resolve_days

    tl = load(store, profile)
    if tl is not None and not req.new:
        return _change(store, tl, req, today)
    if assessment.referred:
        raise assessment_referral(assessment).error("The latest assessment found reasons to see a clinician first; no programme was started. ", paused=False)
    weeks = req.weeks or 8
    if not 1 <= weeks <= 52:
        raise InputError(f"--weeks {weeks}: choose 1 to 52 weeks")
    days = resolve_days(assessment, req.sessions, req.days)
    start = req.start or _next_monday(today)
    ended = f"started over on {long_date(today)} (glute plan --new)" if tl is not None else None
    store.start_programme(profile, start=start, weeks=weeks, days=days, assessment_id=assessment.id or None, end_running=ended, when=today)
    out = PlanOutcome(require(store, profile), started=True)
    if tl is not None:
        out.changes.append(f"the programme that started on {long_date(tl.programme.start_date)} was ended and kept in the history")
    return out


def _change(store: Store, tl: Timeline, req: PlanRequest, today: dt.date) -> PlanOutcome:
    from .planner import resolve_days

    p = tl.programme
    fields: dict[str, Any] = {}
    words: list[str] = []
    if req.weeks is not None and req.weeks != p.weeks:
        if not 1 <= req.weeks <= 52:
            raise InputError(f"--weeks {req.weeks}: choose 1 to 52 weeks")
        fields["weeks"] = req.weeks
        words.append(f"length {p.weeks} -> {req.weeks} programme weeks")
    if req.days is not None or (req.sessions is not None and req.sessions != len(p.days)):
        days = resolve_days(tl.latest_assessment(), req.sessions, req.days)
        if days != list(p.days):
            fields["days"] = days
            words.append(f"days {','.join(p.days)} -> {','.join(days)}")
    if req.start is not None and req.start != p.start_date:
        if tl.logs:
            raise InputError(
                f"--start: the programme started on {long_date(p.start_date)} and has logged sessions, so its start stays",
                hint="move one session with: glute move DATE --to DATE, or start over with: glute plan --new --start DATE",
            )
        fields["start_date"] = req.start
        words.append(f"start {long_date(p.start_date)} -> {long_date(req.start)}")
    if not fields:
        return PlanOutcome(tl)
    text = "; ".join(words)
    store.change_programme(p.id, today, text, before={"weeks_before": p.weeks, "days_before": list(p.days)}, **fields)
    return PlanOutcome(require(store, p.profile), changes=[f"changed the running programme: {text} (logs and history kept)"])


# ---------------------------------------------------------------- re-tests


def record_retest(store: Store, profile: str, assessment: Assessment, today: dt.date) -> list[str]:
    """An assessment taken while a programme runs is a re-test: add it to the timeline and say,
    in words, what changes in the programme. Empty when no programme runs."""
    tl = load(store, profile)
    if tl is None:
        return []
    before = tl.latest_assessment()
    was_paused = referral(tl) is not None
    store.add_event(tl.programme.id, ProgrammeEvent(date=assessment.date, kind="retest", assessment_id=assessment.id, referred=assessment.referred))
    week = _programme_week(tl, assessment.date + dt.timedelta(days=1))  # it applies from the next day on
    if assessment.referred:
        return [f"the programme is paused from week {week}: see the advice below; a clear assessment resumes it"]
    out = [f"this is a re-test: the programme goes on at week {week} of {tl.programme.weeks} with it (weeks, logs and earned levels kept)"]
    if was_paused:
        out.append("no red flag now: the paused programme resumes")
    for r in assessment.functions:
        old = before.result(r.function)
        name = FUNCTION_LABELS[r.function]
        if r.verdict == "weak":
            side = f" ({r.weaker_side} side weaker)" if r.weaker_side else ""
            if old is not None and old.verdict == "weak":
                out.append(f"{name}: still weak{side}: keeps its level and stays a focus")
            else:
                out.append(f"{name}: now weak{side}: keeps its level and becomes a focus")
        elif r.verdict == "ok" and old is not None and old.verdict == "weak":
            out.append(f"{name}: now passes: moves on (at least level {r.start_level}), maintained from here")
    old_pain, new_pain = before.answers.pain.now, assessment.answers.pain.now
    if old_pain != new_pain:
        out.append(f"pain baseline {old_pain}/10 -> {new_pain}/10 (the next-morning limit is now {rules.morning_limit(new_pain)}/10)")
    return out


def _programme_week(tl: Timeline, date: dt.date) -> int:
    return max(1, min(tl.programme.weeks, (date - tl.programme.start_date).days // 7 + 1))


# ---------------------------------------------------------------- moving sessions


def move_session(store: Store, profile: str, src: dt.date, dst: dt.date, catalogue: Callable[[], Catalogue], today: dt.date,
                 catalogue_path: Path | None = None) -> str:  # fmt: skip
    """`glute move DATE --to DATE`: a session to another day of its week without a session."""
    tl = require(store, profile)
    check_not_paused(tl)
    plan = current_plan(store, tl, catalogue, today, catalogue_path)
    week = next((w for w in plan.weeks if any(s.date == src for s in w.sessions)), None)
    if week is None:
        raise InputError(f"no session is planned on {long_date(src)}", hint="see the sessions with: glute plan --week N")
    if any(lg.date == src for lg in tl.logs):
        raise InputError(f"the session of {long_date(src)} is already logged: a done session stays where it was done")
    dates = [s.date for s in week.sessions]
    first = plan.start_date + dt.timedelta(days=7 * (week.number - 1))
    if not first <= dst <= first + dt.timedelta(days=6):
        raise InputError(
            f"{long_date(dst)} is not in the same week as {short_date(src)} ({short_date(first)} to {short_date(first + dt.timedelta(days=6))})",
            hint="a session moves within its week; a week with too few sessions is repeated, never piled up",
        )
    if dst in dates:
        raise InputError(f"{long_date(dst)} already has a session: one a day keeps sessions at least 24 h apart")
    store.add_event(tl.programme.id, ProgrammeEvent(date=today, kind="move", moved_from=src, moved_to=dst))
    return f"moved the session of {long_date(src)} to {long_date(dst)} (week {week.number})"


def attach_target(plan: Plan, logs: list[SessionLog], when: dt.date) -> dt.date | None:
    """The session a log on a day without one belongs to: the first open session of that week."""
    first = plan.start_date
    for w in plan.weeks:
        start = first + dt.timedelta(days=7 * (w.number - 1))
        if start <= when <= start + dt.timedelta(days=6):
            done = {lg.date for lg in logs}
            open_ = [s.date for s in w.sessions if s.date not in done]
            return open_[0] if open_ else None
    return None


# ---------------------------------------------------------------- calendar


def _seed(p: Programme) -> str:
    return hashlib.sha1(f"{p.profile}|{p.id}|{p.created_at}".encode()).hexdigest()


@dataclass
class CalendarInfo:
    """What a calendar needs beyond the plan, derived from the programme's timeline.

    `seed`: unique per person and programme; a session's UID is the seed + its week + its place in
    the week as first planned, so it survives moves and re-plans. `sequence` and `stamp` grow with
    every change to the timeline. `cancelled`: (week, place, date) of sessions that went away."""

    seed: str
    sequence: int = 0
    stamp: dt.datetime | None = None
    moves: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    cancelled: list[tuple[int, int, dt.date]] = field(default_factory=list)
    replaced: list[tuple[str, int, dt.date]] = field(default_factory=list)  # (uid, week, date) of a replaced programme
    tz: str | None = None  # an IANA zone; None: floating local time
    reminder: int | None = 15  # minutes before; None: no reminder
    missed: frozenset[dt.date] = frozenset()  # past sessions not done: not exported as still to do

    def uid(self, week: int, place: int) -> str:
        return hashlib.sha1(f"{self.seed}|{week}|{place}".encode()).hexdigest() + "@glute"

    def place(self, session: Session, days: list[str]) -> int:
        """The session's place in its week as first planned (before any move)."""
        from .models import WEEKDAYS

        back = {b: a for a, b in self.moves}
        d = session.date
        seen = set()
        while d in back and d not in seen:
            seen.add(d)
            d = back[d]
        order = [WEEKDAYS.index(x) for x in days]
        wd = d.weekday()
        return order.index(wd) if wd in order else len(order) + wd


def missed_sessions(plan: Plan, logs: list[SessionLog]) -> frozenset[dt.date]:
    """Past sessions that were not done: skipped, in a missed week, or without a log since logging
    began (before the first log, sessions are taken as done, as the plan's walk takes them)."""
    ad = plan.adaptation
    if ad is None or ad.logged_from is None:
        return frozenset()
    done = {lg.date for lg in logs if not lg.skipped}
    missed_weeks = set(ad.missed_weeks)
    return frozenset(
        s.date
        for w in plan.weeks
        for s in w.sessions
        if s.date < ad.as_of and s.date not in done and (w.number in missed_weeks or s.date >= ad.logged_from)
    )


def calendar_info(tl: Timeline, plan: Plan, *, tz: str | None, reminder: int | None, previous: Programme | None = None) -> CalendarInfo:
    """The programme's identity and revision for its calendar. `previous`: the programme this one
    replaced (`glute plan --new`): its sessions from then on are cancelled."""
    from .models import WEEKDAYS

    p = tl.programme
    seed = _seed(p)
    times = [e.created_at for e in tl.events] + list(tl.log_times.values())
    stamp = None
    if times:
        stamp = dt.datetime.fromisoformat(max(times)).astimezone(dt.UTC).replace(microsecond=0)
    info = CalendarInfo(seed=seed, sequence=len(tl.events) - 1 + len(tl.logs), stamp=stamp, moves=tl.moves(), tz=tz, reminder=reminder)
    have = {(w.number, info.place(s, list(plan.days))) for w in plan.weeks for s in w.sessions}
    gone: dict[tuple[int, int], dt.date] = {}
    for e in tl.events:
        if e.kind != "change" or e.weeks_before is None or not e.days_before:
            continue
        missed = len(plan.adaptation.missed_weeks) if plan.adaptation else 0
        for w in range(1, e.weeks_before + missed + 1):
            week_start = plan.start_date + dt.timedelta(days=7 * (w - 1))
            for place, d in enumerate(e.days_before):
                if (w, place) in have or (w, place) in gone:
                    continue
                offset = (WEEKDAYS.index(d) - week_start.weekday()) % 7
                gone[(w, place)] = week_start + dt.timedelta(days=offset)
    info.cancelled = [(w, place, d) for (w, place), d in sorted(gone.items())]
    info.missed = missed_sessions(plan, tl.logs)
    if previous is not None:
        old = CalendarInfo(seed=_seed(previous))
        since = dt.datetime.fromisoformat(p.created_at).date() if p.created_at else p.start_date
        for w in range(1, previous.weeks + 1):
            week_start = previous.start_date + dt.timedelta(days=7 * (w - 1))
            for place, d in enumerate(previous.days):
                when = week_start + dt.timedelta(days=(WEEKDAYS.index(d) - week_start.weekday()) % 7)
                if when >= since:
                    info.replaced.append((old.uid(w, place), w, when))
    return info


def red_flag_words(flags: list[RedFlag]) -> list[str]:
    return [RED_FLAG_WORDS[f] for f in flags]


def when_text(d: dt.date) -> str:
    return f"{day(d)} {d.year}"
