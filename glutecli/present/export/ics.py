"""The plan as an iCalendar file: one event per session with its exercises, and a reminder."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING

from ...errors import InputError
from ...safetext import safe
from ..text import DISCLAIMER, all_sessions, dose_change_lines, level_change_lines, session_items, session_line
from .options import DEFAULT_DURATION

if TYPE_CHECKING:
    from icalendar import Calendar, Event

    from ...catalogue import Catalogue
    from ...models import Plan, Session, Week
    from ...programme import CalendarInfo
    from .options import Options


def render(plan: Plan, cat: Catalogue | None, options: Options) -> str:
    """A programme's calendar when `options.calendar` is given, else one keyed by profile and date."""
    if options.calendar is not None:
        return _ics_programme(plan, cat, options.time, options.duration, options.calendar)
    return _ics(plan, cat, options.time, options.duration)


def session_uid(profile: str, date: dt.date) -> str:
    """Stable per profile and day: re-importing a re-exported plan updates events, never duplicates."""
    return hashlib.sha1(f"{profile}|{date.isoformat()}|glute".encode()).hexdigest() + "@glute"


def _ical_text(text: object) -> str:
    """A TEXT value for icalendar: line breaks as LF (icalendar escapes them as `\\n`), every other
    control character (RFC 5545 allows none in TEXT but TAB) and bidi override escaped visibly."""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return safe(s, newlines=True, tabs=True)


def _session_description(plan: Plan, week: Week, index: int, session: Session, cat: Catalogue | None) -> str:
    lines = [f"Week {week.number} of {plan.weeks_total} ({week.phase}), session {index} of {len(week.sessions)}.", ""]
    if session_line(session):
        lines += [session_line(session), ""]
    # Decisions in the words of the terminal and the handouts.
    changes = [f"{head}: {line}" for head, line in level_change_lines(plan, week)] if index == 1 else []
    prev = max((s.date for _, s in all_sessions(plan) if s.date < session.date), default=None)
    changes += dose_change_lines(plan, prev, session.date)
    if changes:
        lines += [*changes, ""]
    for n, it in enumerate(session_items(session, cat), 1):
        lines.append(f"{n}. {it.main.name}: {it.dose}, {it.side_and_extra}")
        if it.cues:
            lines.append(f"   {it.cues[0]}")
    lines.append("")
    lines += plan.pain_rules[:2]
    lines += ["", DISCLAIMER]
    return _ical_text("\n".join(lines))


def _calendar(plan: Plan) -> Calendar:
    """An empty VCALENDAR named after the person."""
    from icalendar import Calendar, vText

    cal = Calendar()
    cal.add("prodid", "-//glute//gluteus medius plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # One line: a name with a line break would otherwise end the property (and start a new one).
    # vText: an X- property is otherwise written without any escaping.
    cal.add("x-wr-calname", vText(_ical_text(f"Glute plan: {plan.generated_for or plan.profile}").replace("\n", " ")))
    return cal


def _ics(plan: Plan, cat: Catalogue | None, time: dt.time, duration: int | None) -> str:
    from icalendar import Alarm, Event

    cal = _calendar(plan)
    # DTSTAMP from the plan, not the clock: the same plan exports to the same bytes.
    stamp = dt.datetime.combine(plan.start_date, dt.time(0, 0), tzinfo=dt.UTC)
    for week in plan.weeks:
        for i, session in enumerate(week.sessions, 1):
            ev = Event()
            ev.add("uid", session_uid(plan.profile, session.date))
            ev.add("dtstamp", stamp)
            start = dt.datetime.combine(session.date, time.replace(tzinfo=None))  # floating local time
            ev.add("dtstart", start)
            # The event lasts the session's estimated minutes unless a duration was asked for.
            ev.add("dtend", start + dt.timedelta(minutes=duration or session.minutes or DEFAULT_DURATION))
            ev.add("summary", f"Glute session (week {week.number})")
            ev.add("description", _session_description(plan, week, i, session, cat))
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Glute session (week {week.number}) in 15 minutes")
            alarm.add("trigger", dt.timedelta(minutes=-15))
            ev.add_component(alarm)
            cal.add_component(ev)
    text: str = cal.to_ical().decode("utf-8")
    _check_ics(text)
    return text


def _check_ics(text: str) -> None:
    """Every content line is a property of its own: no text became structure (never an `assert`)."""
    for line in text.split("\r\n"):
        if "\n" in line or "\r" in line or any((ord(c) < 0x20 and c != "\t") or ord(c) == 0x7F for c in line):
            raise InputError("the plan's text cannot be written as iCalendar (a control character survived escaping)")


def _ics_programme(plan: Plan, cat: Catalogue | None, time: dt.time, duration: int | None, info: CalendarInfo) -> str:
    """A programme's calendar: stable UIDs, SEQUENCE and DTSTAMP from its revision, a zone, and
    STATUS:CANCELLED for sessions that went away, so re-importing updates instead of duplicating."""
    from icalendar import Alarm, Event

    zone = None
    if info.tz:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(info.tz)
    cal = _calendar(plan)
    stamp = info.stamp or dt.datetime.combine(plan.start_date, dt.time(0, 0), tzinfo=dt.UTC)

    def event(uid: str, date: dt.date, summary: str, minutes: int = duration or DEFAULT_DURATION) -> Event:
        ev = Event()
        ev.add("uid", uid)
        ev.add("dtstamp", stamp)
        ev.add("last-modified", stamp)
        ev.add("sequence", info.sequence)
        start = dt.datetime.combine(date, time.replace(tzinfo=None), tzinfo=zone)
        ev.add("dtstart", start)
        ev.add("dtend", start + dt.timedelta(minutes=minutes))
        ev.add("summary", summary)
        return ev

    for week in plan.weeks:
        for i, session in enumerate(week.sessions, 1):
            # The event lasts the session's estimated minutes unless a duration was asked for.
            minutes = duration or session.minutes or DEFAULT_DURATION
            uid = info.uid(week.number, info.place(session, list(plan.days)))
            if session.date in info.missed:
                # A past session not done did not take place: CANCELLED is RFC 5545's word for that
                # (calendars strike it through or drop it), and "missed" in the summary says so where
                # STATUS is not shown; it keeps its UID, so a later import updates it.
                ev = event(uid, session.date, f"Glute session (week {week.number}) - missed", minutes)
                ev.add("status", "CANCELLED")
                ev.add("transp", "TRANSPARENT")
                ev.add("description", _ical_text(f"Missed (not logged as done). {DISCLAIMER}"))
                cal.add_component(ev)
                continue
            ev = event(uid, session.date, f"Glute session (week {week.number}, about {minutes} min)", minutes)
            ev.add("status", "CONFIRMED")
            ev.add("description", _session_description(plan, week, i, session, cat))
            if info.reminder is not None:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"Glute session (week {week.number}) in {info.reminder} minutes")
                alarm.add("trigger", dt.timedelta(minutes=-info.reminder))
                ev.add_component(alarm)
            cal.add_component(ev)
    cancelled = [(info.uid(week_no, place), week_no, date) for week_no, place, date in info.cancelled] + info.replaced
    for uid, week_no, date in cancelled:
        ev = event(uid, date, f"Glute session (week {week_no}) - cancelled")
        ev.add("status", "CANCELLED")
        cal.add_component(ev)
    if zone is not None:
        cal.add_missing_timezones()
    text: str = cal.to_ical().decode("utf-8")
    _check_ics(text)
    return text


