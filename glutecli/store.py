"""Versioned, safe persistence: one SQLite database per data directory, profiles inside it.

Every write is one transaction (atomic: SQLite's journal survives a killed process), the schema
carries a version, migrations run in order, and a database that is corrupt or written by a newer
glute is refused without being touched.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import NotFoundError, StoreError
from .paths import data_dir

DB_NAME = "glute.db"
STORE_VERSION = 2

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
    _script(
        db,
        """
        CREATE TABLE logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            profile TEXT NOT NULL,
            date TEXT NOT NULL,
            created_at TEXT NOT NULL,
            doc TEXT NOT NULL,
            UNIQUE(profile, date)
        );
        """
    )


# Ordered migrations: index i upgrades version i to i + 1. Never edit one that has shipped.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m1, _m2]
assert len(MIGRATIONS) == STORE_VERSION


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


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
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path} is not a file", hint=DOCTOR_HINT)
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
            mode = db.execute("PRAGMA journal_mode").fetchone()[0]
            if mode != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
        except StoreError:
            raise
        except sqlite3.DatabaseError as e:
            db.close()
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
            db.execute("COMMIT")
        except sqlite3.OperationalError as e:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if "readonly" in str(e) or "read-only" in str(e):
                raise StoreError(f"{self.path}: the data folder is read-only", hint="set GLUTE_HOME to a writable folder") from None
            raise StoreError(f"{self.path}: cannot update the store: {e}", hint=DOCTOR_HINT) from None
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        if version == 0:
            self._import_json_files(db)

    def _import_json_files(self, db: sqlite3.Connection) -> None:
        """Older file layout (profiles/<name>/assessments/*.json): copy it in, leave the files."""
        root = self.home / "profiles"
        if not root.is_dir():
            return
        for prof in sorted(p for p in root.iterdir() if p.is_dir()):
            for f in sorted((prof / "assessments").glob("*.json")):
                try:
                    doc = json.loads(f.read_text("utf-8"))
                    self._write(
                        "INSERT OR IGNORE INTO assessments(id, profile, date, created_at, referred, doc) VALUES (?,?,?,?,?,?)",
                        (doc["id"], prof.name, doc["date"], _now(), int(bool(doc.get("referred"))), json.dumps(doc)),
                        db=db,
                    )
                except (OSError, ValueError, KeyError):
                    continue

    def _write(self, sql: str, params: tuple, db: sqlite3.Connection | None = None) -> sqlite3.Cursor:
        db = db or self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            cur = db.execute(sql, params)
            db.execute("COMMIT")
            return cur
        except sqlite3.Error as e:
            if db.in_transaction:
                db.execute("ROLLBACK")
            msg = str(e)
            if "readonly" in msg or "read-only" in msg:
                raise StoreError(f"{self.path}: the data folder is read-only; nothing was saved", hint="set GLUTE_HOME to a writable folder") from None
            if "full" in msg:
                raise StoreError(f"{self.path}: the disk is full; nothing was saved") from None
            raise StoreError(f"{self.path}: cannot save: {msg}; nothing was saved", hint=DOCTOR_HINT) from None

    def transaction(self, fn: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run several writes as one atomic transaction."""
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
                raise StoreError(f"{self.path}: cannot save: {e}; nothing was saved", hint=DOCTOR_HINT) from None
            raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: cannot read the store: {e}", hint=DOCTOR_HINT) from None

    # -------------------------------------------------------- assessments

    def save_assessment(self, assessment: Any) -> Any:
        """Store a scored assessment; gives it an id (date + counter) if it has none."""
        if not assessment.id:
            n = len(self._read("SELECT 1 FROM assessments WHERE profile = ? AND date = ?", (assessment.profile, assessment.date.isoformat())))
            assessment = assessment.model_copy(update={"id": f"{assessment.date.isoformat()}-{n + 1}"})
        self._write(
            "INSERT OR REPLACE INTO assessments(id, profile, date, created_at, referred, doc) VALUES (?,?,?,?,?,?)",
            (
                f"{assessment.profile}/{assessment.id}",
                assessment.profile,
                assessment.date.isoformat(),
                _now(),
                int(assessment.referred),
                assessment.model_dump_json(),
            ),
        )
        return assessment

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
        """Make `plan` the profile's active plan (the previous one is kept, inactive)."""
        doc = plan.model_dump_json()

        def tx(db: sqlite3.Connection) -> None:
            db.execute("UPDATE plans SET active = 0 WHERE profile = ?", (profile,))
            db.execute("INSERT INTO plans(profile, created_at, active, doc) VALUES (?,?,1,?)", (profile, _now(), doc))

        self.transaction(tx)

    def active_plan(self, profile: str) -> Any | None:
        from .models import Plan

        rows = self._read("SELECT doc FROM plans WHERE profile = ? AND active = 1 ORDER BY id DESC LIMIT 1", (profile,))
        return self._parse(Plan, rows[0][0]) if rows else None

    # -------------------------------------------------------- logs

    def save_log(self, profile: str, date: dt.date, doc: dict, *, replace: bool = False) -> None:
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        try:
            self._write(
                f"{verb} INTO logs(profile, date, created_at, doc) VALUES (?,?,?,?)",
                (profile, date.isoformat(), _now(), json.dumps(doc, default=str)),
            )
        except StoreError as e:
            if "UNIQUE" in e.message:
                from .errors import InputError

                raise InputError(f"the session of {date.isoformat()} is already logged", hint="amend it with --replace") from None
            raise

    def logs(self, profile: str) -> list[dict]:
        rows = self._read("SELECT doc FROM logs WHERE profile = ? ORDER BY date", (profile,))
        out = []
        for (doc,) in rows:
            try:
                out.append(json.loads(doc))
            except ValueError:
                raise StoreError(f"{self.path}: a stored log is damaged", hint=DOCTOR_HINT) from None
        return out

    def profiles(self) -> list[str]:
        rows = self._read("SELECT DISTINCT profile FROM assessments UNION SELECT DISTINCT profile FROM plans ORDER BY 1")
        return [r[0] for r in rows]

    def _parse(self, model: Any, doc: str) -> Any:
        try:
            return model.model_validate_json(doc)
        except ValueError as e:
            raise StoreError(f"{self.path}: a stored {model.__name__.lower()} cannot be read ({str(e).splitlines()[0]})", hint=DOCTOR_HINT) from None
