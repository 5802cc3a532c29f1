"""`glute go` as one use case: check, ask what must be asked first, play the session, log it.

The log goes through logbook.record_session, the path `glute log` takes: the same checks, the same
adaptation, the same referral (the CLI turns `result.refer` into exit 3). Ctrl-C anywhere before
the log is written raises KeyboardInterrupt: nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .keys import is_terminal

if TYPE_CHECKING:
    from ..logbook import LogResult
    from ..models import Plan, Session
    from .session import Exercise, GuidedSession

NO_TERMINAL_HINT = "see the session with: glute today; log it afterwards with: glute log --pain N (or glute log, which asks)"


def parse_speed(value: str) -> float:
    """GLUTE_GO_SPEED (a testing aid): how many times faster the session's clock runs; 0 stops it."""
    try:
        speed = float(value) if value.strip() else 1.0
    except ValueError:
        speed = -1.0
    if not 0 <= speed <= 1e9:
        raise InputError(f"GLUTE_GO_SPEED={value!r}: not a speed", hint="a number >= 0 (1 real time, 0 stopped), or unset it")
    return speed


def check_terminal() -> None:
    """Exit 2 without a terminal: the session is drawn on it and steered with single keys."""
    if not is_terminal():
        raise InputError("glute go needs a terminal: it draws the session live and reads single keys", hint=NO_TERMINAL_HINT)


def exercises_of(session: Session, catalogue: Any) -> list[Exercise]:
    """The session's rows with the catalogue's sides, cues, faults and figure."""
    from .session import exercise_for

    out = []
    for i, p in enumerate(session.exercises):
        ex = catalogue.by_id.get(p.id) if catalogue is not None else None
        cues = list(ex.cues[:3]) if ex is not None else []
        if p.cue and p.cue not in cues:
            cues = [p.cue, *cues][:3]
        out.append(
            exercise_for(
                i,
                p,
                ex.unilateral if ex is not None else None,
                cues=cues,
                faults=list(ex.faults[:3]) if ex is not None else [],
                figure=ex.figure if ex is not None else None,
            )
        )
    return out


def guided_session(session: Session, catalogue: Any) -> GuidedSession:
    """The session's guided steps; the warm-up takes what the plan's estimate gives it."""
    from ..planner import warmup_seconds
    from .session import GuidedSession

    return GuidedSession(
        session, exercises_of(session, catalogue), warmup_seconds=warmup_seconds(session, catalogue) if catalogue is not None else None
    )


def run(
    profile: str,
    tl: Any,
    plan: Plan,
    date: dt.date,
    today: dt.date,
    catalogue: Callable[[], Any],
    *,
    quiet: bool = False,
    ascii_only: bool = False,
    speed: float = 1.0,
) -> LogResult | None:
    """Guide the session of `date` live and log it; None when there was nothing to do or keep."""
    from ..logbook import prepare, record_session
    from ..present.text import long_date, short_date
    from ..sessionlog import rows_as_prescribed
    from ..store import Store
    from ..today import today_view
    from .keys import KeyReader, RealClock
    from .screen import ask_key, ask_number, make_console, play, say

    check_terminal()
    cat = catalogue()
    view = today_view(plan, date, cat, logs=tl.logs)
    console = make_console()
    if view.status != "session" or view.session is None:
        say(console, view.message)
        if view.next is not None and view.status in ("rest", "before_start"):
            nxt = view.next.session.date
            say(console, f"Run glute go on that day; glute today --date {nxt.isoformat()} shows the session now.", "dim")
        return None
    with Store() as store:
        # replace=True only to find a log already there: asked about below, before anything runs.
        prepared = prepare(store, profile, date, today, replace=True, catalogue=catalogue)
    session = prepared.session
    previous_morning = None
    with KeyReader() as reader:
        if prepared.existing is not None:
            old = prepared.existing
            what = "skipped" if old.skipped else f"pain {old.pain_during}/10"
            again = ask_key(
                console,
                reader,
                f"The session of {long_date(date)} is already logged ({what}). Do it again and replace that log? y / n",
                {"y": True, "n": False, "enter": False, "q": False, "escape": False},
            )
            if not again:
                say(console, "Nothing changed.")
                return None
        if prepared.previous is not None:
            before = prepared.previous.date
            morning = ask_number(
                console, reader, f"First: pain the morning after your session of {short_date(before)}, 0-10 (Enter to skip)", 10
            )
            if morning is not None:
                previous_morning = (before, morning)
        gs = guided_session(session, cat)
        play(gs, console, reader, RealClock(speed), ascii_only=ascii_only, quiet=quiet, date_text=long_date(date))
    req = gs.log_request(date, rows_as_prescribed(session), replace=prepared.existing is not None)
    req.previous_morning = previous_morning
    return record_session(profile, req, today, catalogue)
