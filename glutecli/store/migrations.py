"""The store's schema: named migrations applied in order, tracked by `PRAGMA user_version`.

Migration N (1-based, the Nth function registered) upgrades store version N - 1 to N, so the
version a 0.1.0 or 0.2.0 glute wrote still names the migrations it has. Never edit one that has
shipped: add a new one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from .. import clock

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    """Register `fn` as the next migration (kept callable by name, for tests and doctor)."""
    MIGRATIONS.append(fn)
    return fn


# PRAGMA application_id of every glute database ("glut"): a SQLite file glute did not make is
# refused untouched, never adopted (a symlink or a stray file at glute.db).
APPLICATION_ID = 0x676C7574


def now() -> str:
    """The current instant as stored in created_at / updated_at columns."""
    return clock.now().isoformat(timespec="microseconds")


def _script(db: sqlite3.Connection, sql: str) -> None:
    # Statement by statement: executescript() would COMMIT and break the migration transaction.
    for stmt in sql.split(";"):
        if stmt.strip():
            db.execute(stmt)


@migration
def m001_assessments_and_plans(db: sqlite3.Connection) -> None:
    """Assessments and plans, one JSON document per row."""
    _script(
        db,
        """
        CREATE TABLE assessments (
            id TEXT PRIMARY KEY,
            profile TEXT NOT NULL,
            date TEXT NOT NULL,
            created_at TEXT NOT NULL,
            referred INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX assessments_profile ON assessments(profile, date, created_at);
        CREATE TABLE plans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            profile TEXT NOT NULL,
            created_at TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 1,
            doc TEXT NOT NULL
        );
        CREATE INDEX plans_profile ON plans(profile, active);
        """,
    )


@migration
def m002_session_logs(db: sqlite3.Connection) -> None:
    """Session logs: one row per logged session, one per prescription row done in it."""
    # Each exercise row keeps what was prescribed, so a log reads the same whatever the plan
    # becomes later (re-plans, missed weeks).
    _script(
        db,
        """
        CREATE TABLE session_logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            profile TEXT NOT NULL,
            date TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            plan_id INTEGER REFERENCES plans(id) ON DELETE SET NULL,
            skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped IN (0, 1)),
            pain_during INTEGER CHECK (pain_during BETWEEN 0 AND 10),
            morning_pain INTEGER CHECK (morning_pain BETWEEN 0 AND 10),
            red_flags TEXT NOT NULL DEFAULT '[]',
            note TEXT,
            UNIQUE (profile, date)
        );
        CREATE TABLE exercise_logs (
            session_id INTEGER NOT NULL REFERENCES session_logs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            exercise_id TEXT NOT NULL,
            name TEXT NOT NULL DEFAULT '',
            functions TEXT NOT NULL,
            level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
            side TEXT NOT NULL CHECK (side IN ('both', 'left', 'right')),
            prescribed_sets INTEGER NOT NULL,
            prescribed_reps INTEGER,
            prescribed_hold INTEGER,
            prescribed_load TEXT,
            sets_done INTEGER NOT NULL,
            reps_done INTEGER,
            hold_done INTEGER,
            compensation TEXT CHECK (compensation IN ('left', 'right', 'both')),
            pain INTEGER CHECK (pain BETWEEN 0 AND 10),
            PRIMARY KEY (session_id, position)
        );
        CREATE INDEX exercise_logs_exercise ON exercise_logs(exercise_id)
        """,
    )


@migration
def m003_assessment_ids(db: sqlite3.Connection) -> None:
    """The last assessment counter handed out per profile and date."""
    # Assessment ids are "DATE-N". The last N is kept here, so an id is never handed out twice,
    # even after a repair removed the row that had it.
    _script(
        db,
        """
        CREATE TABLE assessment_ids (
            profile TEXT NOT NULL,
            date TEXT NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (profile, date)
        )
        """,
    )
    seen: dict[tuple[str, str], int] = {}
    for key, profile, date in db.execute("SELECT id, profile, date FROM assessments").fetchall():
        n = id_counter(key)
        if n is not None:
            seen[(profile, date)] = max(n, seen.get((profile, date), 0))
    db.executemany("INSERT INTO assessment_ids(profile, date, last) VALUES (?,?,?)", [(p, d, n) for (p, d), n in seen.items()])


def id_counter(key: str) -> int | None:
    """The N of an assessment id "DATE-N" (or "PROFILE/DATE-N"), None if it has none."""
    tail = key.rsplit("-", 1)[-1]
    return int(tail) if tail.isdecimal() else None


@migration
def m004_programmes(db: sqlite3.Connection) -> None:
    """Programmes and their event timelines; logs tied to a programme; derived-plan caches."""
    # What was asked for + a timeline of events; the weekly plan is derived from them and the
    # catalogue (plan_cache is only a cache, keyed by a fingerprint of its inputs). The plans
    # table stays, read-only: every plan a 0.1.0 store holds is kept.
    _script(
        db,
        """
        CREATE TABLE programmes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            profile TEXT NOT NULL,
            created_at TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'ended')),
            start_date TEXT NOT NULL,
            weeks INTEGER NOT NULL CHECK (weeks BETWEEN 1 AND 52),
            days TEXT NOT NULL,
            assessment_id TEXT
        );
        CREATE UNIQUE INDEX programmes_one_active ON programmes(profile) WHERE status = 'active';
        CREATE TABLE programme_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
            date TEXT NOT NULL,
            created_at TEXT NOT NULL,
            kind TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX programme_events_programme ON programme_events(programme_id, id);
        CREATE TABLE plan_cache (
            programme_id INTEGER PRIMARY KEY REFERENCES programmes(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE TABLE view_cache (
            key TEXT PRIMARY KEY,
            programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            text TEXT NOT NULL
        );
        ALTER TABLE session_logs ADD COLUMN programme_id INTEGER REFERENCES programmes(id) ON DELETE SET NULL;
        ALTER TABLE exercise_logs ADD COLUMN prescribed_sets_by_side TEXT
        """,
    )
    # Each profile's active 0.1.0 plan becomes its running programme: same start, days, assessment
    # and programme weeks (without the weeks a missed week had added); its logs join it.
    stamp = now()
    rows = db.execute("SELECT id, profile, doc FROM plans WHERE active = 1 ORDER BY id").fetchall()
    latest: dict[str, tuple[int, Any]] = {}  # a 0.1.0 plan document, as JSON: any shape
    for pid, profile, doc in rows:
        try:
            latest[profile] = (pid, json.loads(doc))
        except ValueError:
            continue  # an unreadable plan stays in the plans table; doctor reports it
    for profile, (pid, plan) in sorted(latest.items()):
        try:
            missed = len((plan.get("adaptation") or {}).get("missed_weeks") or [])
            weeks = max(1, min(52, int(plan["weeks_total"]) - missed))
            start, days = str(plan["start_date"]), list(plan["days"])
        except (KeyError, TypeError, ValueError):
            continue
        cur = db.execute(
            "INSERT INTO programmes(profile, created_at, status, start_date, weeks, days, assessment_id) VALUES (?,?,?,?,?,?,?)",
            (profile, stamp, "active", start, weeks, json.dumps(days), plan.get("assessment_id")),
        )
        event = {"assessment_id": plan.get("assessment_id"), "text": f"carried over from plan {pid} of glute 0.1.0"}
        db.execute(
            "INSERT INTO programme_events(programme_id, date, created_at, kind, doc) VALUES (?,?,?,?,?)",
            (cur.lastrowid, start, stamp, "start", json.dumps(event)),
        )
        db.execute("UPDATE session_logs SET programme_id = ? WHERE profile = ? AND date >= ?", (cur.lastrowid, profile, start))


STORE_VERSION = len(MIGRATIONS)

# The tables each store version has: a database from before application_id is recognised by them.
SCHEMA_TABLES = {
    1: {"assessments", "plans"},
    2: {"assessments", "plans", "session_logs", "exercise_logs"},
    3: {"assessments", "plans", "session_logs", "exercise_logs", "assessment_ids"},
    4: {"assessments", "plans", "session_logs", "exercise_logs", "assessment_ids", "programmes", "programme_events", "plan_cache", "view_cache"},
}


def create_schema(db: sqlite3.Connection) -> None:
    """Apply every migration to an empty database inside the caller's transaction, and mark it."""
    for step in MIGRATIONS[:STORE_VERSION]:
        step(db)
    mark(db)


def mark(db: sqlite3.Connection) -> None:
    """Record the schema version and glute's application id."""
    db.execute(f"PRAGMA user_version = {STORE_VERSION}")
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def migrate(db: sqlite3.Connection) -> None:
    """Bring an older store up to date in one exclusive transaction (a crash leaves the old version).

    sqlite3 errors propagate unchanged (after the rollback): the caller translates them.
    """
    try:
        db.execute("BEGIN EXCLUSIVE")
        current = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
        for step in MIGRATIONS[current:STORE_VERSION]:
            step(db)
        mark(db)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
