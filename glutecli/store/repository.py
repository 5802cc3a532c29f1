"""`Store`: the typed repository of assessments, plans, programmes and session logs of every profile.

Models are imported inside the methods that build them (and only for type checking at the top):
opening the store for a cached view must not import pydantic.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import InputError, NotFoundError, StoreError
from . import db as _db
from . import hints
from .db import DB_NAME, DOCTOR_HINT
from .migrations import now

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..models import Assessment, ExerciseLog, Plan, Programme, ProgrammeEvent, SessionLog

T = TypeVar("T")
M = TypeVar("M", bound="BaseModel")
Row = tuple[Any, ...]  # one SQLite row: its values are whatever the column holds

# The columns a session log is read from, written once: a session row, then its exercise rows.
SESSION_COLUMNS = ("id", "date", "skipped", "pain_during", "morning_pain", "red_flags", "note")
EXERCISE_COLUMNS = (
    "session_id", "position", "exercise_id", "name", "functions", "level", "side",
    "prescribed_sets", "prescribed_reps", "prescribed_hold", "prescribed_load",
    "sets_done", "reps_done", "hold_done", "compensation", "pain",
    "prescribed_sets_by_side",  # store version 4 (plan schema 2): the sets per side prescribed
)  # fmt: skip
_PROGRAMME_COLUMNS = "id, profile, start_date, weeks, days, assessment_id, status, created_at"


class Store:
    """The profile-aware store. Opening it migrates an older schema; a newer one is refused."""

    def __init__(self, home: Path | None = None) -> None:
        from ..paths import data_dir

        self.home = Path(home) if home is not None else data_dir()
        self.path = self.home / DB_NAME
        self._db: sqlite3.Connection | None = None

    # -------------------------------------------------------- connection

    @property
    def db(self) -> sqlite3.Connection:
        """The open connection (opened, and migrated, on first use)."""
        if self._db is None:
            self._db = _db.open_database(self.path)
        return self._db

    def close(self) -> None:
        """Close the connection, if open."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run several writes as one atomic transaction (BEGIN IMMEDIATE: one writer at a time)."""
        return _db.transaction(self.db, self.path, fn)

    def _read(self, sql: str, params: tuple[object, ...] = ()) -> list[Row]:
        return _db.read(self.db, self.path, sql, params)

    def _parse(self, model: type[M], doc: str) -> M:
        try:
            return model.model_validate_json(doc)
        except ValueError as e:
            raise StoreError(f"{self.path}: a stored {model.__name__.lower()} cannot be read ({first_line(e)})", hint=DOCTOR_HINT) from None

    # -------------------------------------------------------- assessments

    def save_assessment(self, assessment: Assessment) -> Assessment:
        """Store a scored assessment as a new record; gives it an id (date + counter) if it has none.

        The id is allocated inside the write transaction, so concurrent saves on one profile each
        get their own; an existing record is never replaced.
        """
        date = assessment.date.isoformat()

        def tx(db: sqlite3.Connection) -> Assessment:
            a = assessment
            if not a.id:
                row = db.execute("SELECT last FROM assessment_ids WHERE profile = ? AND date = ?", (a.profile, date)).fetchone()
                n = (row[0] if row else 0) + 1
                # Older rows (or a salvaged store) may hold higher counters than the sequence knows.
                while db.execute("SELECT 1 FROM assessments WHERE id = ?", (f"{a.profile}/{date}-{n}",)).fetchone():
                    n += 1
                db.execute(
                    "INSERT INTO assessment_ids(profile, date, last) VALUES (?,?,?) ON CONFLICT(profile, date) DO UPDATE SET last = excluded.last",
                    (a.profile, date, n),
                )
                a = a.model_copy(update={"id": f"{date}-{n}"})
            elif db.execute("SELECT 1 FROM assessments WHERE id = ?", (f"{a.profile}/{a.id}",)).fetchone():
                raise InputError(f"assessment {a.id!r} of profile {a.profile!r} is already saved", hint="an assessment is saved once; take a new one")
            db.execute(
                "INSERT INTO assessments(id, profile, date, created_at, referred, doc) VALUES (?,?,?,?,?,?)",
                (f"{a.profile}/{a.id}", a.profile, date, now(), int(a.referred), a.model_dump_json()),
            )
            return a

        return self.transaction(tx)

    def assessments(self, profile: str) -> list[Assessment]:
        """All assessments of a profile, oldest first."""
        from ..models import Assessment

        rows = self._read("SELECT doc FROM assessments WHERE profile = ? ORDER BY date, created_at", (profile,))
        return [self._parse(Assessment, r[0]) for r in rows]

    def assessment(self, profile: str, ident: str = "latest") -> Assessment:
        """One assessment by id, or the latest; NotFoundError if there is none."""
        items = self.assessments(profile)
        if not items:
            raise NotFoundError(
                f"no saved assessment for profile {profile!r}",
                hint=hints.NO_ASSESSMENT,
            )
        if ident == "latest":
            return items[-1]
        for a in items:
            if a.id == ident:
                return a
        raise NotFoundError(f"no assessment {ident!r} for profile {profile!r}", hint=hints.LIST_ASSESSMENTS)

    def latest_assessment(self, profile: str) -> Assessment | None:
        """The newest assessment of a profile, if any."""
        items = self.assessments(profile)
        return items[-1] if items else None

    # -------------------------------------------------------- plans

    def save_plan(self, profile: str, plan: Plan) -> None:
        """Keep `plan` (a 0.1.0-style snapshot) and start a programme asking for the same: start,
        programme weeks, days and assessment (a running programme is ended, and kept)."""
        doc = plan.model_dump_json()

        def tx(db: sqlite3.Connection) -> None:
            db.execute("UPDATE plans SET active = 0 WHERE profile = ?", (profile,))
            db.execute("INSERT INTO plans(profile, created_at, active, doc) VALUES (?,?,1,?)", (profile, now(), doc))

        self.transaction(tx)
        missed = len(plan.adaptation.missed_weeks) if plan.adaptation else 0
        self.start_programme(
            profile, start=plan.start_date, weeks=max(1, min(52, plan.weeks_total - missed)), days=list(plan.days),
            assessment_id=plan.assessment_id, end_running="replaced by a saved plan",
        )  # fmt: skip

    def active_plan(self, profile: str) -> Plan | None:
        """The profile's last saved plan snapshot, if any."""
        from ..models import Plan

        rows = self._read("SELECT doc FROM plans WHERE profile = ? AND active = 1 ORDER BY id DESC LIMIT 1", (profile,))
        return self._parse(Plan, rows[0][0]) if rows else None

    def active_plan_id(self, profile: str) -> int | None:
        """The id of the profile's last saved plan snapshot, if any."""
        rows = self._read("SELECT id FROM plans WHERE profile = ? AND active = 1 ORDER BY id DESC LIMIT 1", (profile,))
        return int(rows[0][0]) if rows else None

    # -------------------------------------------------------- programmes

    def programme(self, profile: str) -> Programme | None:
        """The profile's running programme, if any."""
        rows = self._read(f"SELECT {_PROGRAMME_COLUMNS} FROM programmes WHERE profile = ? AND status = 'active' ORDER BY id DESC LIMIT 1", (profile,))
        return _programme(rows[0]) if rows else None

    def previous_programme(self, profile: str, before: int) -> Programme | None:
        """The ended programme started last before programme `before` (the one it replaced)."""
        rows = self._read(
            f"SELECT {_PROGRAMME_COLUMNS} FROM programmes WHERE profile = ? AND status = 'ended' AND id < ? ORDER BY id DESC LIMIT 1",
            (profile, before),
        )
        return _programme(rows[0]) if rows else None

    def start_programme(self, profile: str, *, start: dt.date, weeks: int, days: Sequence[str], assessment_id: str | None,
                        end_running: str | None = None, when: dt.date | None = None) -> Programme:  # fmt: skip
        """Start a programme; `end_running` (the reason, in words) ends a running one first."""

        def tx(db: sqlite3.Connection) -> None:
            running = db.execute("SELECT id FROM programmes WHERE profile = ? AND status = 'active'", (profile,)).fetchone()
            if running and end_running is None:
                raise InputError(f"a programme is already running for profile {profile!r}", hint=hints.START_OVER)
            if running:
                db.execute("UPDATE programmes SET status = 'ended' WHERE id = ?", (running[0],))
                _event(db, running[0], when or start, "end", {"text": end_running})
            cur = db.execute(
                "INSERT INTO programmes(profile, created_at, status, start_date, weeks, days, assessment_id) VALUES (?,?,?,?,?,?,?)",
                (profile, now(), "active", start.isoformat(), weeks, json.dumps(list(days)), assessment_id),
            )
            assert cur.lastrowid is not None
            _event(db, cur.lastrowid, start, "start", {"assessment_id": assessment_id})

        self.transaction(tx)
        started = self.programme(profile)
        assert started is not None
        return started

    def change_programme(self, programme_id: int, when: dt.date, text: str, before: dict[str, object] | None = None,
                         **fields: dt.date | int | list[str]) -> None:  # fmt: skip
        """Change what was asked for (start_date, weeks, days) and record it, with the words, as an event."""
        sets = {k: (json.dumps(v) if k == "days" else v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}
        assert set(sets) <= {"start_date", "weeks", "days"}

        def tx(db: sqlite3.Connection) -> None:
            if sets:
                db.execute(f"UPDATE programmes SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", (*sets.values(), programme_id))
            _event(db, programme_id, when, "change", {"text": text, **(before or {})})

        self.transaction(tx)

    def add_event(self, programme_id: int, event: ProgrammeEvent) -> None:
        """Append an event to a programme's timeline."""
        doc = _event_doc(event)
        self.transaction(lambda db: _event(db, programme_id, event.date, event.kind, doc))

    def events(self, programme_id: int) -> list[ProgrammeEvent]:
        """A programme's timeline, in the order it was recorded."""
        from ..models import ProgrammeEvent

        rows = self._read("SELECT id, date, created_at, kind, doc FROM programme_events WHERE programme_id = ? ORDER BY id", (programme_id,))
        out = []
        for rid, date, created, kind, doc in rows:
            try:
                out.append(ProgrammeEvent.model_validate({"id": rid, "date": date, "created_at": created, "kind": kind, **json.loads(doc)}))
            except ValueError as e:
                raise StoreError(f"{self.path}: a stored programme event cannot be read ({first_line(e)})", hint=DOCTOR_HINT) from None
        return out

    def programme_logs(self, programme_id: int) -> list[SessionLog]:
        """Every log tied to a programme, oldest first."""
        return self._logs("WHERE s.programme_id = ?", (programme_id,))

    def log_times(self, programme_id: int) -> dict[dt.date, str]:
        """When each log of a programme was last written (orders logs against re-tests)."""
        return {dt.date.fromisoformat(d): t for d, t in self._read("SELECT date, updated_at FROM session_logs WHERE programme_id = ?", (programme_id,))}

    def programme_row(self, profile: str) -> tuple[int, str, int, str] | None:
        """(id, start_date, weeks, days JSON) of the running programme: plain SQL, no models."""
        rows = self._read("SELECT id, start_date, weeks, days FROM programmes WHERE profile = ? AND status = 'active' ORDER BY id DESC LIMIT 1", (profile,))
        return (rows[0][0], rows[0][1], rows[0][2], rows[0][3]) if rows else None

    # -------------------------------------------------------- derived-plan and view caches

    def fingerprint(self, programme_id: int, profile: str, *context: str) -> str:
        """A digest of everything a programme's plan and views are derived from (the timeline, the
        assessments, and `context`: catalogue, day, version), read without parsing any document."""
        import hashlib

        src = self.fingerprint_source(programme_id)
        src += "\n" + repr(self._read("SELECT id, created_at, length(doc) FROM assessments WHERE profile = ? ORDER BY id", (profile,)))
        return hashlib.sha256("\n".join([*context, src]).encode("utf-8")).hexdigest()

    def fingerprint_source(self, programme_id: int) -> str:
        """Everything stored that a programme's plan is derived from, as one string (cheap: no parsing)."""
        parts = [repr(r) for r in self._read("SELECT start_date, weeks, days, assessment_id FROM programmes WHERE id = ?", (programme_id,))]
        parts += [repr(r) for r in self._read("SELECT id, date, kind, doc FROM programme_events WHERE programme_id = ? ORDER BY id", (programme_id,))]
        parts += [repr(r) for r in self._read("SELECT id, date, updated_at FROM session_logs WHERE programme_id = ? ORDER BY id", (programme_id,))]
        return "\n".join(parts)

    def cached_view(self, key: str) -> str | None:
        """A rendered view kept by `cache_view`, if any."""
        rows = self._read("SELECT text FROM view_cache WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def cache_view(self, programme_id: int, fingerprint: str, key: str, text: str) -> None:
        """Keep a rendered view of an unchanged programme; views of older fingerprints go."""

        def tx(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM view_cache WHERE programme_id = ? AND fingerprint != ?", (programme_id, fingerprint))
            db.execute("INSERT OR REPLACE INTO view_cache(key, programme_id, fingerprint, text) VALUES (?,?,?,?)", (key, programme_id, fingerprint, text))

        try:
            self.transaction(tx)
        except StoreError:
            pass  # only a cache: a read-only folder still shows the view

    def cached_plan(self, programme_id: int, fingerprint: str) -> str | None:
        """A derived plan document kept by `cache_plan` for these inputs, if any."""
        rows = self._read("SELECT doc FROM plan_cache WHERE programme_id = ? AND fingerprint = ?", (programme_id, fingerprint))
        return str(rows[0][0]) if rows else None

    def cache_plan(self, programme_id: int, fingerprint: str, doc: str) -> None:
        """Keep a derived plan for the next view; failing to (a read-only folder) is harmless."""
        try:
            self.transaction(
                lambda db: db.execute("INSERT OR REPLACE INTO plan_cache(programme_id, fingerprint, doc) VALUES (?,?,?)", (programme_id, fingerprint, doc))
            )
        except StoreError:
            pass

    # -------------------------------------------------------- session logs

    def save_log(self, profile: str, log: SessionLog, *, replace: bool = False, plan_id: int | None = None, programme_id: int | None = None,
                 event: tuple[int, ProgrammeEvent] | None = None) -> None:  # fmt: skip
        """Store one session's log. A date already logged needs `replace`.
        `event`: (programme id, event) recorded in the same transaction (a move)."""

        def tx(db: sqlite3.Connection) -> None:
            if event is not None:
                ev = event[1]
                _event(db, event[0], ev.date, ev.kind, _event_doc(ev))
            row = db.execute("SELECT id FROM session_logs WHERE profile = ? AND date = ?", (profile, log.date.isoformat())).fetchone()
            if row and not replace:
                from ..present.text import long_date

                raise InputError(
                    f"the session of {long_date(log.date)} is already logged",
                    hint=hints.amend_log(log.date.isoformat()),
                )
            values = (int(log.skipped), log.pain_during, log.morning_pain, json.dumps([f.value for f in log.red_flags]), log.note)
            stamp = now()
            if row:
                sid = int(row[0])
                db.execute(
                    "UPDATE session_logs SET updated_at = ?, plan_id = coalesce(?, plan_id), programme_id = coalesce(?, programme_id), "
                    "skipped = ?, pain_during = ?, morning_pain = ?, red_flags = ?, note = ? WHERE id = ?",
                    (stamp, plan_id, programme_id, *values, sid),
                )
                db.execute("DELETE FROM exercise_logs WHERE session_id = ?", (sid,))
            else:
                cur = db.execute(
                    "INSERT INTO session_logs(profile, date, created_at, updated_at, plan_id, programme_id, skipped, pain_during, "
                    "morning_pain, red_flags, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (profile, log.date.isoformat(), stamp, stamp, plan_id, programme_id, *values),
                )
                assert cur.lastrowid is not None
                sid = cur.lastrowid
            db.executemany(
                f"INSERT INTO exercise_logs({', '.join(EXERCISE_COLUMNS)}) VALUES ({', '.join('?' * len(EXERCISE_COLUMNS))})",
                [_exercise_row(sid, i, e) for i, e in enumerate(log.exercises)],
            )

        self.transaction(tx)

    def delete_log(self, profile: str, date: dt.date, *, programme_id: int | None = None, attached: str | None = None) -> bool:
        """Remove one session's log (its exercise rows go with it), and the move that came with it
        (a programme event whose text is `attached`), in one transaction."""

        def tx(db: sqlite3.Connection) -> int:
            if programme_id is not None and attached is not None:
                for eid, doc in db.execute("SELECT id, doc FROM programme_events WHERE programme_id = ? AND kind = 'move'", (programme_id,)).fetchall():
                    d = json.loads(doc)
                    if d.get("text") == attached and d.get("moved_to") == date.isoformat():
                        db.execute("DELETE FROM programme_events WHERE id = ?", (eid,))
            return db.execute("DELETE FROM session_logs WHERE profile = ? AND date = ?", (profile, date.isoformat())).rowcount

        return self.transaction(tx) > 0

    def logs(self, profile: str) -> list[SessionLog]:
        """Every logged session of a profile, oldest first."""
        return self._logs("WHERE s.profile = ?", (profile,))

    def log(self, profile: str, date: dt.date) -> SessionLog | None:
        """The log of one date, if any."""
        found = self._logs("WHERE s.profile = ? AND s.date = ?", (profile, date.isoformat()))
        return found[0] if found else None

    def _logs(self, where: str, params: tuple[object, ...]) -> list[SessionLog]:
        sessions = self._read(f"SELECT {', '.join('s.' + c for c in SESSION_COLUMNS)} FROM session_logs s {where} ORDER BY s.date", params)
        rows = self._read(
            f"SELECT {', '.join('e.' + c for c in EXERCISE_COLUMNS)} FROM exercise_logs e JOIN session_logs s ON s.id = e.session_id "
            f"{where} ORDER BY e.session_id, e.position",
            params,
        )
        by_session: dict[int, list[Row]] = {}
        for r in rows:
            by_session.setdefault(r[0], []).append(r)
        out = []
        for sess in sessions:
            try:
                out.append(session_log(sess, by_session.get(sess[0], [])))
            except ValueError as e:
                raise StoreError(f"{self.path}: the log of {sess[1]} cannot be read ({first_line(e)})", hint=DOCTOR_HINT) from None
        return out

    def profiles(self) -> list[str]:
        """Every profile with something stored."""
        rows = self._read(
            "SELECT DISTINCT profile FROM assessments UNION SELECT DISTINCT profile FROM plans UNION SELECT DISTINCT profile FROM session_logs ORDER BY 1"
        )
        return [r[0] for r in rows]


def open_store(home: Path) -> Store:
    """The store in data folder `home` (opened on first use)."""
    return Store(home)


def first_line(e: Exception) -> str:
    """The first line of an error's text (pydantic's are long)."""
    return str(e).splitlines()[0] if str(e) else type(e).__name__


# ---------------------------------------------------------------- programme rows


def _event(db: sqlite3.Connection, programme_id: int, date: dt.date, kind: str, doc: dict[str, object]) -> None:
    db.execute(
        "INSERT INTO programme_events(programme_id, date, created_at, kind, doc) VALUES (?,?,?,?,?)",
        (programme_id, date.isoformat(), now(), kind, json.dumps({k: v for k, v in doc.items() if v is not None}, sort_keys=True)),
    )


def _event_doc(event: ProgrammeEvent) -> dict[str, object]:
    return event.model_dump(mode="json", exclude={"id", "date", "kind", "created_at"}, exclude_defaults=True)


def _programme(row: Row) -> Programme:
    from ..models import Programme

    pid, profile, start, weeks, days, assessment_id, status, created = row
    try:
        return Programme(id=pid, profile=profile, start_date=start, weeks=weeks, days=json.loads(days), assessment_id=assessment_id, status=status, created_at=created)
    except ValueError as e:
        raise StoreError(f"the stored programme {pid} cannot be read ({first_line(e)})", hint=DOCTOR_HINT) from None


# ---------------------------------------------------------------- session log rows


def _exercise_row(session_id: int, position: int, e: ExerciseLog) -> Row:
    return (
        session_id,
        position,
        e.id,
        e.name,
        json.dumps([f.value for f in e.functions]),
        e.level,
        e.side,
        e.prescribed_sets,
        e.prescribed_reps,
        e.prescribed_hold,
        e.prescribed_load,
        e.sets_done,
        e.reps_done,
        e.hold_done,
        e.compensation,
        e.pain,
        json.dumps(e.prescribed_sets_by_side, sort_keys=True) if e.prescribed_sets_by_side else None,
    )


def session_log(sess: Row, rows: Sequence[Row], columns: Sequence[str] = EXERCISE_COLUMNS) -> SessionLog:
    """A SessionLog from its session row (SESSION_COLUMNS) and exercise rows (`columns`, in order).

    Raises ValueError (pydantic's) when a row is damaged.
    """
    from ..models import SessionLog

    _, date, skipped, pain, morning, flags, note = sess[: len(SESSION_COLUMNS)]
    exercises = []
    for r in rows:
        d = dict(zip(columns, r, strict=True))
        by_side = d.get("prescribed_sets_by_side")
        exercises.append(
            {
                "id": d["exercise_id"],
                "functions": json.loads(d["functions"]),
                "prescribed_sets_by_side": json.loads(by_side) if by_side else None,
                **{c: d[c] for c in EXERCISE_COLUMNS[3:-1] if c != "functions"},
            }
        )
    return SessionLog.model_validate(
        {
            "date": date,
            "skipped": bool(skipped),
            "pain_during": pain,
            "morning_pain": morning,
            "red_flags": json.loads(flags or "[]"),
            "exercises": exercises,
            "note": note,
        }
    )
