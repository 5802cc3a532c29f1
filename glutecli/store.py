"""Versioned, safe persistence: one SQLite database per data directory, profiles inside it.

Every write is one transaction (atomic: SQLite's journal survives a killed process), the schema
carries a version, migrations run in order, and a database that is corrupt or written by a newer
glute is refused without being touched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import clock
from .errors import InputError, NotFoundError, StoreError
from .paths import data_dir

DB_NAME = "glute.db"
STORE_VERSION = 4
# PRAGMA application_id of every glute database ("glut"): a SQLite file glute did not make is
# refused untouched, never adopted (a symlink or a stray file at glute.db).
APPLICATION_ID = 0x676C7574
# The tables each store version has: a database from before application_id is recognised by them.
_SCHEMA_TABLES = {
    1: {"assessments", "plans"},
    2: {"assessments", "plans", "session_logs", "exercise_logs"},
    3: {"assessments", "plans", "session_logs", "exercise_logs", "assessment_ids"},
    4: {"assessments", "plans", "session_logs", "exercise_logs", "assessment_ids", "programmes", "programme_events", "plan_cache", "view_cache"},
}

DOCTOR_HINT = "run 'glute doctor' to check the store ('glute doctor --repair' backs it up before changing anything)"


def _script(db: sqlite3.Connection, sql: str) -> None:
    # Statement by statement: executescript() would COMMIT and break the migration transaction.
    for stmt in sql.split(";"):
        if stmt.strip():
            db.execute(stmt)


def _m1(db: sqlite3.Connection) -> None:
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
        """
    )


def _m2(db: sqlite3.Connection) -> None:
    # Session logs (issue 6): one row per logged session, one per prescription row done in it.
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


def _m3(db: sqlite3.Connection) -> None:
    # Assessment ids are "DATE-N". The last N handed out per profile and date is kept here, so an
    # id is never handed out twice, even after `doctor --repair` removed the row that had it.
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
        n = _id_counter(key)
        if n is not None:
            seen[(profile, date)] = max(n, seen.get((profile, date), 0))
    db.executemany("INSERT INTO assessment_ids(profile, date, last) VALUES (?,?,?)", [(p, d, n) for (p, d), n in seen.items()])


def _reserve_id(db: sqlite3.Connection, row: dict) -> None:
    # A salvaged store never hands out again the id of a row it could not read.
    n = _id_counter(str(row.get("id", "")))
    if n is not None and row.get("profile") is not None and row.get("date") is not None:
        db.execute(
            "INSERT INTO assessment_ids(profile, date, last) VALUES (?,?,?) ON CONFLICT(profile, date) DO UPDATE SET last = max(last, excluded.last)",
            (row["profile"], row["date"], n),
        )


def _id_counter(key: str) -> int | None:
    tail = key.rsplit("-", 1)[-1]
    return int(tail) if tail.isdecimal() else None


def _m4(db: sqlite3.Connection) -> None:
    # Programmes (issue 12): what was asked for + a timeline of events; the weekly plan is derived
    # from them and the catalogue (plan_cache is only a cache, keyed by a fingerprint of its
    # inputs). A log is a row of its own, tied to its programme. The plans table stays, read-only:
    # every plan a 0.1.0 store holds is kept.
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
    now = _now()
    rows = db.execute("SELECT id, profile, doc FROM plans WHERE active = 1 ORDER BY id").fetchall()
    latest: dict[str, tuple[int, dict]] = {}
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
            (profile, now, "active", start, weeks, json.dumps(days), plan.get("assessment_id")),
        )
        prog = cur.lastrowid
        event = {"assessment_id": plan.get("assessment_id"), "text": f"carried over from plan {pid} of glute 0.1.0"}
        db.execute(
            "INSERT INTO programme_events(programme_id, date, created_at, kind, doc) VALUES (?,?,?,?,?)",
            (prog, start, now, "start", json.dumps(event)),
        )
        db.execute("UPDATE session_logs SET programme_id = ? WHERE profile = ? AND date >= ?", (prog, profile, start))


# Ordered migrations: index i upgrades version i to i + 1. Never edit one that has shipped.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m1, _m2, _m3, _m4]
assert len(MIGRATIONS) == STORE_VERSION


FOREIGN_HINT = "move it away (or set GLUTE_HOME to another folder); glute makes a new store where there is none"


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (0600 whatever the umask), never through a symlink."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return  # another glute made it a moment ago
    except OSError as e:
        raise _os_failure(e, path, "nothing was saved") from None
    try:
        if hasattr(os, "fchmod"):  # (not on Windows: ACLs, not modes)
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def make_private(path: Path) -> None:
    """Take group and other permissions off a store (and its backups) an older glute made readable
    by everyone (0644): only files of the user running glute, and never adding a permission."""
    import stat

    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: ACLs, not modes
        return
    backups = sorted(path.parent.glob(path.name + ".bak-*"))  # doctor --repair's, maybe from an older glute
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"), *backups):
        try:
            st = os.stat(p)
            if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
                os.chmod(p, stat.S_IMODE(st.st_mode) & 0o700)
        except OSError:
            pass


def foreign_database(path: Path) -> str | None:
    """Why the SQLite file at `path` is not glute's, or None (glute's, empty, or not SQLite at all:
    the last case is reported by the normal open as a damaged store, for `glute doctor`)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return None
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return None
    app_id = int.from_bytes(head[68:72], "big")
    version = int.from_bytes(head[60:64], "big")
    if app_id == APPLICATION_ID:
        return None
    if app_id != 0:
        return f"application_id {app_id:#x}"
    try:
        ro = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        try:
            tables = {r[0] for r in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} - {"sqlite_sequence"}
        finally:
            ro.close()
    except sqlite3.DatabaseError:
        return None
    if not tables and version == 0:
        return None  # an empty database: nothing in it to lose
    if tables == _SCHEMA_TABLES.get(version, {None}) or (version > STORE_VERSION and _SCHEMA_TABLES[1] <= tables):
        return None  # a glute store from before the mark (or from a newer glute)
    return f"tables {', '.join(sorted(tables)) or 'none'}, user_version {version}"


def _os_failure(e: OSError, path: Path, what: str) -> StoreError:
    import errno

    if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return StoreError(f"{path}: the disk is full; {what}", hint="free some space, then try again")
    if e.errno == errno.EROFS:
        return StoreError(f"{path}: the data folder is read-only; {what}", hint="set GLUTE_HOME to a writable folder")
    if e.errno in (errno.EACCES, errno.EPERM):
        return StoreError(f"cannot write to {path.parent}: permission denied; {what}", hint="set GLUTE_HOME to a writable folder")
    return StoreError(f"{path}: {e.strerror or e}; {what}", hint="check that the folder exists, is writable and the disk is not full")


def storage_failure(e: Exception, path: Path, what: str) -> StoreError | None:
    """A clear error for a full disk, a read-only folder or a permission problem (None otherwise)."""
    msg = str(e).lower()
    if "full" in msg:
        return StoreError(f"{path}: the disk is full; {what}", hint="free some space, then try again")
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"{path}: the data folder is read-only; {what}", hint="set GLUTE_HOME to a writable folder")
    if "unable to open" in msg or "permission" in msg or "disk i/o error" in msg:
        return StoreError(f"cannot write to {path.parent} ({e}); {what}", hint="set GLUTE_HOME to a writable folder with free space")
    return None


def _now() -> str:
    return clock.now().isoformat(timespec="microseconds")


class Store:
    """The profile-aware store. Opening it migrates an older schema; a newer one is refused."""

    def __init__(self, home: Path | None = None) -> None:
        self.home = Path(home) if home is not None else data_dir()
        self.path = self.home / DB_NAME
        self._db: sqlite3.Connection | None = None

    # -------------------------------------------------------- connection

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = self._open()
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> sqlite3.Connection:
        if self.path.is_symlink() and not self.path.exists():
            raise StoreError(f"{self.path} is a symlink to nothing; glute does not create its store through it", hint="remove the link")
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path} is not a file", hint=DOCTOR_HINT)
        if not self.path.exists():
            create_private(self.path)  # 0600 before SQLite writes a byte (its WAL and -shm copy the mode)
        else:
            foreign = foreign_database(self.path)
            if foreign:
                raise StoreError(f"{self.path} is not a glute database ({foreign}); it was left untouched", hint=FOREIGN_HINT)
            make_private(self.path)
        try:
            db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open {self.path}: {e}", hint="check GLUTE_HOME points at a writable folder") from None
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("PRAGMA busy_timeout = 10000")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > STORE_VERSION:
                db.close()
                raise StoreError(
                    f"{self.path} was written by a newer glute (store version {version}, this glute knows {STORE_VERSION})",
                    hint="upgrade glute (pip install -U glute); the file was left untouched",
                )
            if version < STORE_VERSION:
                self._migrate(db, version)
            elif db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                try:  # a glute store from before the mark; a read-only one is still read
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                except sqlite3.OperationalError:
                    pass
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
        except StoreError:
            raise
        except sqlite3.DatabaseError as e:
            db.close()
            known = storage_failure(e, self.path, "the store was not changed")
            if known is not None:
                raise known from None
            raise StoreError(f"{self.path} is not a readable glute database ({e}); it was left untouched", hint=DOCTOR_HINT) from None
        return db

    def _migrate(self, db: sqlite3.Connection, version: int) -> None:
        # One exclusive transaction for all steps: a crash leaves the old version intact.
        try:
            db.execute("BEGIN EXCLUSIVE")
            current = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            for i in range(current, STORE_VERSION):
                MIGRATIONS[i](db)
            db.execute(f"PRAGMA user_version = {STORE_VERSION}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute("COMMIT")
        except sqlite3.OperationalError as e:
            if db.in_transaction:
                db.execute("ROLLBACK")
            known = storage_failure(e, self.path, "the store was not changed")
            if known is not None:
                raise known from None
            raise StoreError(f"{self.path}: cannot update the store: {e}", hint=DOCTOR_HINT) from None
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def transaction(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run several writes as one atomic transaction (BEGIN IMMEDIATE: one writer at a time)."""
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            out = fn(db)
            db.execute("COMMIT")
            return out
        except BaseException as e:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if isinstance(e, sqlite3.Error):
                raise self._write_error(e) from None
            raise

    def _write_error(self, e: sqlite3.Error) -> StoreError:
        known = storage_failure(e, self.path, "nothing was saved")  # full disk, read-only, permissions
        if known is not None:
            return known
        return StoreError(f"{self.path}: cannot save: {e}; nothing was saved", hint=DOCTOR_HINT)

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: cannot read the store: {e}", hint=DOCTOR_HINT) from None

    # -------------------------------------------------------- assessments

    def save_assessment(self, assessment: Any) -> Any:
        """Store a scored assessment as a new record; gives it an id (date + counter) if it has none.

        The id is allocated inside the write transaction, so concurrent saves on one profile each
        get their own; an existing record is never replaced.
        """
        date = assessment.date.isoformat()

        def tx(db: sqlite3.Connection) -> Any:
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
                (f"{a.profile}/{a.id}", a.profile, date, _now(), int(a.referred), a.model_dump_json()),
            )
            return a

        return self.transaction(tx)

    def assessments(self, profile: str) -> list[Any]:
        """All assessments of a profile, oldest first."""
        from .models import Assessment

        rows = self._read("SELECT doc FROM assessments WHERE profile = ? ORDER BY date, created_at", (profile,))
        return [self._parse(Assessment, r[0]) for r in rows]

    def assessment(self, profile: str, ident: str = "latest") -> Any:
        items = self.assessments(profile)
        if not items:
            raise NotFoundError(
                f"no saved assessment for profile {profile!r}",
                hint="run 'glute assess' (or 'glute assess --answers FILE'), or try 'glute plan --example'",
            )
        if ident == "latest":
            return items[-1]
        for a in items:
            if a.id == ident:
                return a
        raise NotFoundError(f"no assessment {ident!r} for profile {profile!r}", hint="list them with: glute history")

    def latest_assessment(self, profile: str) -> Any | None:
        items = self.assessments(profile)
        return items[-1] if items else None

    # -------------------------------------------------------- plans

    def save_plan(self, profile: str, plan: Any) -> None:
        """Keep `plan` (a 0.1.0-style snapshot) and start a programme asking for the same: start,
        programme weeks, days and assessment (a running programme is ended, and kept)."""
        doc = plan.model_dump_json()

        def tx(db: sqlite3.Connection) -> None:
            db.execute("UPDATE plans SET active = 0 WHERE profile = ?", (profile,))
            db.execute("INSERT INTO plans(profile, created_at, active, doc) VALUES (?,?,1,?)", (profile, _now(), doc))

        self.transaction(tx)
        missed = len(plan.adaptation.missed_weeks) if plan.adaptation else 0
        self.start_programme(
            profile, start=plan.start_date, weeks=max(1, min(52, plan.weeks_total - missed)), days=list(plan.days),
            assessment_id=plan.assessment_id, end_running="replaced by a saved plan",
        )  # fmt: skip

    def active_plan(self, profile: str) -> Any | None:
        from .models import Plan

        rows = self._read("SELECT doc FROM plans WHERE profile = ? AND active = 1 ORDER BY id DESC LIMIT 1", (profile,))
        return self._parse(Plan, rows[0][0]) if rows else None

    def active_plan_id(self, profile: str) -> int | None:
        rows = self._read("SELECT id FROM plans WHERE profile = ? AND active = 1 ORDER BY id DESC LIMIT 1", (profile,))
        return rows[0][0] if rows else None

    # -------------------------------------------------------- programmes (issue 12)

    def programme(self, profile: str) -> Any | None:
        """The profile's running programme (models.Programme), if any."""
        rows = self._read(
            "SELECT id, profile, start_date, weeks, days, assessment_id, status, created_at FROM programmes "
            "WHERE profile = ? AND status = 'active' ORDER BY id DESC LIMIT 1",
            (profile,),
        )
        return _programme(rows[0]) if rows else None

    def previous_programme(self, profile: str, before: int) -> Any | None:
        """The ended programme started last before programme `before` (the one it replaced)."""
        rows = self._read(
            "SELECT id, profile, start_date, weeks, days, assessment_id, status, created_at FROM programmes "
            "WHERE profile = ? AND status = 'ended' AND id < ? ORDER BY id DESC LIMIT 1",
            (profile, before),
        )
        return _programme(rows[0]) if rows else None

    def start_programme(self, profile: str, *, start: dt.date, weeks: int, days: list[str], assessment_id: str | None,
                        end_running: str | None = None, when: dt.date | None = None) -> Any:  # fmt: skip
        """Start a programme; `end_running` (the reason, in words) ends a running one first."""

        def tx(db: sqlite3.Connection) -> int:
            running = db.execute("SELECT id FROM programmes WHERE profile = ? AND status = 'active'", (profile,)).fetchone()
            if running and end_running is None:
                raise InputError(f"a programme is already running for profile {profile!r}", hint="start over with: glute plan --new")
            if running:
                db.execute("UPDATE programmes SET status = 'ended' WHERE id = ?", (running[0],))
                _event(db, running[0], when or start, "end", {"text": end_running})
            cur = db.execute(
                "INSERT INTO programmes(profile, created_at, status, start_date, weeks, days, assessment_id) VALUES (?,?,?,?,?,?,?)",
                (profile, _now(), "active", start.isoformat(), weeks, json.dumps(list(days)), assessment_id),
            )
            _event(db, cur.lastrowid, start, "start", {"assessment_id": assessment_id})
            return cur.lastrowid

        self.transaction(tx)
        return self.programme(profile)

    def change_programme(self, programme_id: int, when: dt.date, text: str, before: dict | None = None, **fields: Any) -> None:
        """Change what was asked for (start, weeks, days) and record it, with the words, as an event."""
        sets = {k: (json.dumps(v) if k == "days" else v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}
        assert set(sets) <= {"start_date", "weeks", "days"}

        def tx(db: sqlite3.Connection) -> None:
            if sets:
                db.execute(f"UPDATE programmes SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?", (*sets.values(), programme_id))
            _event(db, programme_id, when, "change", {"text": text, **(before or {})})

        self.transaction(tx)

    def add_event(self, programme_id: int, event: Any) -> None:
        """Append a models.ProgrammeEvent to a programme's timeline."""
        doc = event.model_dump(mode="json", exclude={"id", "date", "kind", "created_at"}, exclude_defaults=True)
        self.transaction(lambda db: _event(db, programme_id, event.date, event.kind, doc))

    def events(self, programme_id: int) -> list[Any]:
        """A programme's timeline (models.ProgrammeEvent), in the order it was recorded."""
        from .models import ProgrammeEvent

        rows = self._read("SELECT id, date, created_at, kind, doc FROM programme_events WHERE programme_id = ? ORDER BY id", (programme_id,))
        out = []
        for rid, date, created, kind, doc in rows:
            try:
                out.append(ProgrammeEvent.model_validate({"id": rid, "date": date, "created_at": created, "kind": kind, **json.loads(doc)}))
            except ValueError as e:
                raise StoreError(f"{self.path}: a stored programme event cannot be read ({str(e).splitlines()[0]})", hint=DOCTOR_HINT) from None
        return out

    def programme_logs(self, programme_id: int) -> list[Any]:
        return self._logs("WHERE s.programme_id = ?", (programme_id,))

    def log_times(self, programme_id: int) -> dict[dt.date, str]:
        """When each log of a programme was last written (orders logs against re-tests)."""
        return {dt.date.fromisoformat(d): t for d, t in self._read("SELECT date, updated_at FROM session_logs WHERE programme_id = ?", (programme_id,))}

    def programme_row(self, profile: str) -> tuple | None:
        """(id, start_date, weeks, days JSON) of the running programme: plain SQL, no models."""
        rows = self._read("SELECT id, start_date, weeks, days FROM programmes WHERE profile = ? AND status = 'active' ORDER BY id DESC LIMIT 1", (profile,))
        return rows[0] if rows else None

    def fingerprint(self, programme_id: int, profile: str, *context: str) -> str:
        """A digest of everything a programme's plan and views are derived from (the timeline, the
        assessments, and `context`: catalogue, day, version), read without parsing any document."""
        import hashlib

        src = self.fingerprint_source(programme_id)
        src += "\n" + repr(self._read("SELECT id, created_at, length(doc) FROM assessments WHERE profile = ? ORDER BY id", (profile,)))
        return hashlib.sha256("\n".join([*context, src]).encode("utf-8")).hexdigest()

    def cached_view(self, key: str) -> str | None:
        rows = self._read("SELECT text FROM view_cache WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def cache_view(self, programme_id: int, fingerprint: str, key: str, text: str) -> None:
        """Keep a rendered view of an unchanged programme; views of older fingerprints go."""

        def tx(db: sqlite3.Connection) -> None:
            db.execute("DELETE FROM view_cache WHERE programme_id = ? AND fingerprint != ?", (programme_id, fingerprint))
            db.execute("INSERT OR REPLACE INTO view_cache(key, programme_id, fingerprint, text) VALUES (?,?,?,?)", (key, programme_id, fingerprint, text))

        try:
            self.transaction(tx)
        except StoreError:
            pass

    def fingerprint_source(self, programme_id: int) -> str:
        """Everything stored that a programme's plan is derived from, as one string (cheap: no parsing)."""
        parts = [repr(r) for r in self._read("SELECT start_date, weeks, days, assessment_id FROM programmes WHERE id = ?", (programme_id,))]
        parts += [repr(r) for r in self._read("SELECT id, date, kind, doc FROM programme_events WHERE programme_id = ? ORDER BY id", (programme_id,))]
        parts += [repr(r) for r in self._read("SELECT id, date, updated_at FROM session_logs WHERE programme_id = ? ORDER BY id", (programme_id,))]
        return "\n".join(parts)

    def cached_plan(self, programme_id: int, fingerprint: str) -> str | None:
        rows = self._read("SELECT doc FROM plan_cache WHERE programme_id = ? AND fingerprint = ?", (programme_id, fingerprint))
        return rows[0][0] if rows else None

    def cache_plan(self, programme_id: int, fingerprint: str, doc: str) -> None:
        """Keep a derived plan for the next view; failing to (a read-only folder) is harmless."""
        try:
            self.transaction(lambda db: db.execute("INSERT OR REPLACE INTO plan_cache(programme_id, fingerprint, doc) VALUES (?,?,?)", (programme_id, fingerprint, doc)))
        except StoreError:
            pass

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

    # -------------------------------------------------------- session logs (issue 6)

    def save_log(self, profile: str, log: Any, *, replace: bool = False, plan_id: int | None = None, programme_id: int | None = None,
                 event: tuple[int, Any] | None = None) -> None:  # fmt: skip
        """Store one session's log (a models.SessionLog). A date already logged needs `replace`.
        `event`: (programme id, models.ProgrammeEvent) recorded in the same transaction (a move)."""

        def tx(db: sqlite3.Connection) -> None:
            if event is not None:
                ev = event[1]
                _event(db, event[0], ev.date, ev.kind, ev.model_dump(mode="json", exclude={"id", "date", "kind", "created_at"}, exclude_defaults=True))
            row = db.execute("SELECT id FROM session_logs WHERE profile = ? AND date = ?", (profile, log.date.isoformat())).fetchone()
            if row and not replace:
                raise InputError(
                    f"the session of {log.date:%a %d %b %Y} is already logged",
                    hint=f"amend it with: glute log --date {log.date.isoformat()} --replace ...",
                )
            values = (
                int(log.skipped),
                log.pain_during,
                log.morning_pain,
                json.dumps([f.value for f in log.red_flags]),
                log.note,
            )
            now = _now()
            if row:
                sid = row[0]
                db.execute(
                    "UPDATE session_logs SET updated_at = ?, plan_id = coalesce(?, plan_id), programme_id = coalesce(?, programme_id), "
                    "skipped = ?, pain_during = ?, morning_pain = ?, red_flags = ?, note = ? WHERE id = ?",
                    (now, plan_id, programme_id, *values, sid),
                )
                db.execute("DELETE FROM exercise_logs WHERE session_id = ?", (sid,))
            else:
                cur = db.execute(
                    "INSERT INTO session_logs(profile, date, created_at, updated_at, plan_id, programme_id, skipped, pain_during, "
                    "morning_pain, red_flags, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                    (profile, log.date.isoformat(), now, now, plan_id, programme_id, *values),
                )
                sid = cur.lastrowid
            db.executemany(
                f"INSERT INTO exercise_logs({', '.join(_EXERCISE_COLUMNS_4)}) VALUES ({', '.join('?' * len(_EXERCISE_COLUMNS_4))})",
                [_exercise_row(sid, i, e) for i, e in enumerate(log.exercises)],
            )

        self.transaction(tx)

    def logs(self, profile: str) -> list[Any]:
        """Every logged session of a profile (models.SessionLog), oldest first."""
        return self._logs("WHERE s.profile = ?", (profile,))

    def log(self, profile: str, date: dt.date) -> Any | None:
        found = self._logs("WHERE s.profile = ? AND s.date = ?", (profile, date.isoformat()))
        return found[0] if found else None

    def _logs(self, where: str, params: tuple) -> list[Any]:
        sessions = self._read(
            f"SELECT s.id, s.date, s.skipped, s.pain_during, s.morning_pain, s.red_flags, s.note FROM session_logs s {where} ORDER BY s.date",
            params,
        )
        rows = self._read(
            f"SELECT {', '.join('e.' + c for c in _EXERCISE_COLUMNS_4)} FROM exercise_logs e JOIN session_logs s ON s.id = e.session_id "
            f"{where} ORDER BY e.session_id, e.position",
            params,
        )
        by_session: dict[int, list[tuple]] = {}
        for r in rows:
            by_session.setdefault(r[0], []).append(r)
        out = []
        for sess in sessions:
            try:
                out.append(_session_log(sess, by_session.get(sess[0], [])))
            except ValueError as e:
                raise StoreError(f"{self.path}: the log of {sess[1]} cannot be read ({str(e).splitlines()[0]})", hint=DOCTOR_HINT) from None
        return out

    def profiles(self) -> list[str]:
        rows = self._read(
            "SELECT DISTINCT profile FROM assessments UNION SELECT DISTINCT profile FROM plans "
            "UNION SELECT DISTINCT profile FROM session_logs ORDER BY 1"
        )
        return [r[0] for r in rows]

    def _parse(self, model: Any, doc: str) -> Any:
        try:
            return model.model_validate_json(doc)
        except ValueError as e:
            raise StoreError(f"{self.path}: a stored {model.__name__.lower()} cannot be read ({str(e).splitlines()[0]})", hint=DOCTOR_HINT) from None


# ---------------------------------------------------------------- programme rows


def _event(db: sqlite3.Connection, programme_id: int, date: dt.date, kind: str, doc: dict) -> None:
    db.execute(
        "INSERT INTO programme_events(programme_id, date, created_at, kind, doc) VALUES (?,?,?,?,?)",
        (programme_id, date.isoformat(), _now(), kind, json.dumps({k: v for k, v in doc.items() if v is not None}, sort_keys=True)),
    )


def _programme(row: tuple) -> Any:
    from .models import Programme

    pid, profile, start, weeks, days, assessment_id, status, created = row
    try:
        return Programme(id=pid, profile=profile, start_date=start, weeks=weeks, days=json.loads(days), assessment_id=assessment_id, status=status, created_at=created)
    except ValueError as e:
        raise StoreError(f"the stored programme {pid} cannot be read ({str(e).splitlines()[0]})", hint=DOCTOR_HINT) from None


# ---------------------------------------------------------------- session log rows

_EXERCISE_COLUMNS = (
    "session_id",
    "position",
    "exercise_id",
    "name",
    "functions",
    "level",
    "side",
    "prescribed_sets",
    "prescribed_reps",
    "prescribed_hold",
    "prescribed_load",
    "sets_done",
    "reps_done",
    "hold_done",
    "compensation",
    "pain",
)
# Store version 4 (plan schema 2): the sets per side the exercise was prescribed with.
_EXERCISE_COLUMNS_4 = (*_EXERCISE_COLUMNS, "prescribed_sets_by_side")


def _exercise_row(session_id: int, position: int, e: Any) -> tuple:
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


def _session_log(sess: tuple, rows: list[tuple]) -> Any:
    """A SessionLog from its rows; raises ValueError (pydantic's) when a row is damaged."""
    from .models import SessionLog

    _, date, skipped, pain, morning, flags, note = sess
    exercises = []
    for r in rows:
        d = dict(zip(_EXERCISE_COLUMNS_4 if len(r) == len(_EXERCISE_COLUMNS_4) else _EXERCISE_COLUMNS, r, strict=True))
        exercises.append(
            {
                "id": d["exercise_id"],
                "name": d["name"],
                "functions": json.loads(d["functions"]),
                "level": d["level"],
                "side": d["side"],
                "prescribed_sets": d["prescribed_sets"],
                "prescribed_reps": d["prescribed_reps"],
                "prescribed_hold": d["prescribed_hold"],
                "prescribed_load": d["prescribed_load"],
                "sets_done": d["sets_done"],
                "reps_done": d["reps_done"],
                "hold_done": d["hold_done"],
                "compensation": d["compensation"],
                "pain": d["pain"],
                "prescribed_sets_by_side": json.loads(d["prescribed_sets_by_side"]) if d.get("prescribed_sets_by_side") else None,
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


# ---------------------------------------------------------------- doctor

# Tables in the order they can be copied (a row's foreign keys point to earlier tables).
_TABLES = ("assessment_ids", "assessments", "plans", "programmes", "programme_events", "session_logs", "exercise_logs")


def doctor(home: Path | None = None, *, repair: bool = False) -> Any:
    """Check the store and report what it finds (models.DoctorReport); never writes without `repair`.

    `repair` first copies the database (and its WAL) to glute.db.bak-<timestamp>, then: a file that
    is not a database is set aside and a fresh store started; a damaged database is rebuilt from its
    readable rows; unreadable documents are removed; an older store is upgraded. A store written by
    a newer glute is never changed.
    """
    home = Path(home) if home is not None else data_dir()
    path = home / DB_NAME
    report = _check(path)
    if not repair:
        return report
    if not report.exists:
        report.actions.append("nothing to repair: there is no store yet")
        return report
    if report.version is not None and report.version > STORE_VERSION:
        report.actions.append("not repaired: a newer glute wrote this store; upgrade glute (the file was left untouched)")
        return report
    if foreign_database(path):
        report.actions.append("not repaired: this is not a glute database (the file was left untouched)")
        return report
    if report.ok and report.version == STORE_VERSION:
        report.actions.append("nothing to repair")
        return report
    backup = _backup(path)
    actions = [f"backed up the store to {backup.name}"]
    broken = report.version is None or report.integrity != "ok"
    if broken:
        actions += _rebuild(path, backup)
    else:
        if report.version is not None and report.version < STORE_VERSION:
            actions.append(f"upgraded the store from version {report.version} to {STORE_VERSION}")
        actions += _remove_unreadable(home)
    after = _check(path)
    after.actions = actions
    after.backup = str(backup)
    after.notes = [*(f"found before the repair: {p}" for p in report.problems), *after.notes]
    return after


def _check(path: Path) -> Any:
    from .models import DoctorReport

    report = DoctorReport(path=str(path), exists=path.is_file(), known_version=STORE_VERSION, ok=True)
    if not path.exists():
        report.integrity = "no store yet"
        report.notes.append("no store yet: it is created by the first 'glute assess' or 'glute plan'")
        return report
    if not path.is_file():
        report.ok = False
        report.problems.append(f"{path} is not a file")
        return report
    report.size = path.stat().st_size
    foreign = foreign_database(path)
    if foreign:
        report.ok = False
        report.problems.append(f"not a glute database ({foreign}): glute leaves it untouched; {FOREIGN_HINT}")
        return report
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as e:
        report.ok = False
        report.problems.append(f"cannot open the store: {e}")
        return report
    try:
        try:
            report.version = db.execute("PRAGMA user_version").fetchone()[0]
            checks = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as e:
            report.ok = False
            report.integrity = f"unreadable: {e}"
            report.problems.append(f"not a readable SQLite database ({e})")
            return report
        report.integrity = "ok" if checks == ["ok"] else "; ".join(checks[:5])
        if checks != ["ok"]:
            report.ok = False
            report.problems.append(f"integrity check failed: {report.integrity}")
        if report.version > STORE_VERSION:
            report.ok = False
            report.problems.append(f"written by a newer glute (store version {report.version}, this glute knows {STORE_VERSION}): upgrade glute")
            return report
        if report.version < STORE_VERSION:
            report.notes.append(f"store version {report.version}: upgraded to {STORE_VERSION} by the next glute command (or --repair)")
        _inspect(db, report)
    finally:
        db.close()
    return report


def _inspect(db: sqlite3.Connection, report: Any) -> None:
    """Counts per profile and documents that cannot be read, as far as the file allows."""
    from .models import Assessment, Plan, ProfileCounts

    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    counts: dict[str, dict[str, int]] = {}
    try:
        for table, key, model in (("assessments", "assessments", Assessment), ("plans", "plans", Plan)):
            if table not in tables:
                continue
            for rowid, profile, doc in db.execute(f"SELECT rowid, profile, doc FROM {table} ORDER BY rowid"):
                counts.setdefault(profile, {}).setdefault(key, 0)
                counts[profile][key] += 1
                try:
                    model.model_validate_json(doc)
                except ValueError as e:
                    report.ok = False
                    report.problems.append(f"unreadable {key[:-1]} {rowid} (profile {profile}): {str(e).splitlines()[0]}")
        if "session_logs" in tables:
            sessions = db.execute("SELECT id, date, skipped, pain_during, morning_pain, red_flags, note, profile FROM session_logs").fetchall()
            rows: dict[int, list[tuple]] = {}
            have = {r[1] for r in db.execute("PRAGMA table_info(exercise_logs)")}
            cols = _EXERCISE_COLUMNS_4 if "prescribed_sets_by_side" in have else _EXERCISE_COLUMNS
            for r in db.execute(f"SELECT {', '.join(cols)} FROM exercise_logs ORDER BY session_id, position"):
                rows.setdefault(r[0], []).append(r)
            for sess in sessions:
                profile = sess[7]
                counts.setdefault(profile, {}).setdefault("logs", 0)
                counts[profile]["logs"] += 1
                try:
                    _session_log(sess[:7], rows.get(sess[0], []))
                except ValueError as e:
                    report.ok = False
                    report.problems.append(f"unreadable log {sess[0]} of {sess[1]} (profile {profile}): {str(e).splitlines()[0]}")
        if "programmes" in tables:
            for (profile,) in db.execute("SELECT profile FROM programmes"):
                counts.setdefault(profile, {}).setdefault("programmes", 0)
                counts[profile]["programmes"] += 1
            from .models import ProgrammeEvent

            for eid, pid, date, kind, doc in db.execute("SELECT id, programme_id, date, kind, doc FROM programme_events"):
                try:
                    ProgrammeEvent.model_validate({"id": eid, "date": date, "kind": kind, **json.loads(doc)})
                except (ValueError, TypeError):
                    report.ok = False
                    report.problems.append(f"unreadable programme event {eid} of programme {pid}")
        bad_keys = db.execute("PRAGMA foreign_key_check").fetchall()
        if bad_keys:
            report.ok = False
            report.problems.append(f"{len(bad_keys)} row(s) point to missing rows ({', '.join(sorted({r[0] for r in bad_keys}))})")
    except sqlite3.DatabaseError as e:
        report.ok = False
        report.problems.append(f"cannot read every row: {e}")
    report.profiles = [ProfileCounts(profile=p, **c) for p, c in sorted(counts.items())]


def _backup(path: Path) -> Path:
    """Copy the database and its WAL (committed data not yet in the main file) side by side."""
    import shutil

    stamp = clock.now().astimezone().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.bak-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bak-{stamp}-{n}")
    made: list[Path] = []
    try:
        for src, dst in ((path, target), (path.with_name(path.name + "-wal"), target.with_name(target.name + "-wal"))):
            if src.exists():
                create_private(dst)
                made.append(dst)
                shutil.copyfile(src, dst)
    except (OSError, StoreError) as e:
        for p in made:  # no empty or half-written backup is left behind
            try:
                p.unlink()
            except OSError:
                pass
        if isinstance(e, StoreError):
            raise
        raise _os_failure(e, target, "nothing was backed up or repaired") from None
    return target


def _rebuild(path: Path, backup: Path) -> list[str]:
    """Copy every readable row of a damaged store into a fresh one, then swap it in."""
    import shutil
    import tempfile

    fresh = path.with_name(path.name + ".rebuild")
    for p in (fresh, fresh.with_name(fresh.name + "-journal")):
        p.unlink(missing_ok=True)
    create_private(fresh)
    new = sqlite3.connect(fresh, isolation_level=None)
    try:
        new.execute("PRAGMA foreign_keys = ON")
        new.execute("BEGIN")
        for m in MIGRATIONS:
            m(new)
        new.execute(f"PRAGMA user_version = {STORE_VERSION}")
        new.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        copied, skipped = 0, 0
        with tempfile.TemporaryDirectory() as tmp:
            # Read from a scratch copy: opening the damaged file may replay its WAL.
            scratch = Path(tmp) / "old.db"
            shutil.copy2(backup, scratch)
            wal = backup.with_name(backup.name + "-wal")
            if wal.exists():
                shutil.copy2(wal, scratch.with_name("old.db-wal"))
            copied, skipped = _salvage(scratch, new)
        new.execute("COMMIT")
    finally:
        new.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    fresh.replace(path)
    if copied:
        return [f"rebuilt the store from {copied} readable row(s); {skipped} could not be read (they stay in the backup)"]
    return ["the old store could not be read: it is set aside in the backup and a fresh store was started"]


def _salvage(src: Path, new: sqlite3.Connection) -> tuple[int, int]:
    from .models import Assessment, Plan

    try:
        old = sqlite3.connect(src, isolation_level=None)
        version = old.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return 0, 0
    if version > STORE_VERSION:
        return 0, 0
    copied = skipped = 0
    models = {"assessments": Assessment, "plans": Plan}
    try:
        for table in _TABLES:
            if table not in tables:
                continue
            wanted = [r[1] for r in new.execute(f"PRAGMA table_info({table})")]
            have = [r[1] for r in old.execute(f"PRAGMA table_info({table})")]
            cols = [c for c in wanted if c in have]
            for row in _readable_rows(old, table, cols):
                doc = dict(zip(cols, row, strict=True))
                if table == "assessments":
                    _reserve_id(new, doc)
                if table in models:
                    try:
                        models[table].model_validate_json(doc["doc"])
                    except (ValueError, TypeError, KeyError):
                        skipped += 1
                        continue
                try:
                    new.execute(f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", row)
                    copied += 1
                except sqlite3.Error:
                    if table == "session_logs" and "plan_id" in cols:
                        try:  # its plan was lost: keep the log without the link
                            doc["plan_id"] = None
                            new.execute(f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", tuple(doc.values()))
                            copied += 1
                            continue
                        except sqlite3.Error:
                            pass
                    skipped += 1
    finally:
        old.close()
    return copied, skipped


def _readable_rows(db: sqlite3.Connection, table: str, cols: list[str]) -> list[tuple]:
    sel = ", ".join(cols)
    try:
        return db.execute(f"SELECT {sel} FROM {table} ORDER BY rowid").fetchall()
    except sqlite3.DatabaseError:
        pass
    out = []
    try:
        top = db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.DatabaseError:
        top = 100_000
    for rowid in range(1, min(top, 1_000_000) + 1):
        try:
            row = db.execute(f"SELECT {sel} FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row is not None:
            out.append(row)
    return out


def _remove_unreadable(home: Path) -> list[str]:
    """Open the store (upgrading it), then delete rows whose documents cannot be read."""
    from .models import Assessment, Plan

    actions = []
    with Store(home) as store:
        db = store.db
        doomed: list[tuple[str, Any, str]] = []
        for table, model in (("assessments", Assessment), ("plans", Plan)):
            for rowid, profile, doc in db.execute(f"SELECT rowid, profile, doc FROM {table}"):
                try:
                    model.model_validate_json(doc)
                except ValueError:
                    doomed.append((table, rowid, profile))
        sessions = db.execute("SELECT id, date, skipped, pain_during, morning_pain, red_flags, note, profile FROM session_logs").fetchall()
        for sess in sessions:
            rows = db.execute(f"SELECT {', '.join(_EXERCISE_COLUMNS_4)} FROM exercise_logs WHERE session_id = ? ORDER BY position", (sess[0],)).fetchall()
            try:
                _session_log(sess[:7], rows)
            except ValueError:
                doomed.append(("session_logs", sess[0], sess[7]))

        def tx(db: sqlite3.Connection) -> None:
            for table, rowid, _ in doomed:
                db.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))

        if doomed:
            store.transaction(tx)
        for table, rowid, profile in doomed:
            what = {"assessments": "assessment", "plans": "plan", "session_logs": "log"}[table]
            actions.append(f"removed unreadable {what} {rowid} (profile {profile}); it stays in the backup")
    return actions
