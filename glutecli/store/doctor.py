"""Check the store and, when asked, repair it: back up, rebuild from readable rows, salvage, upgrade."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..errors import StoreError
from . import hints
from .db import DB_NAME, FOREIGN_HINT, connect_read_only, create_private, foreign_database, os_failure
from .migrations import STORE_VERSION, create_schema, id_counter
from .repository import EXERCISE_COLUMNS, SESSION_COLUMNS, Row, Store, first_line, session_log

if TYPE_CHECKING:
    from ..models import DoctorReport

# Tables in the order they can be copied (a row's foreign keys point to earlier tables).
_TABLES = ("assessment_ids", "assessments", "plans", "programmes", "programme_events", "session_logs", "exercise_logs")


def doctor(home: Path | None = None, *, repair: bool = False) -> DoctorReport:
    """Check the store and report what it finds; never writes without `repair`.

    `repair` first copies the database (and its WAL) to glute.db.bak-<timestamp>, then: a file that
    is not a database is set aside and a fresh store started; a damaged database is rebuilt from its
    readable rows; unreadable documents are removed; an older store is upgraded. A store written by
    a newer glute is never changed.
    """
    if home is None:
        from ..paths import data_dir

        home = data_dir()
    home = Path(home)
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


def _check(path: Path) -> DoctorReport:
    from ..models import DoctorReport

    report = DoctorReport(path=str(path), exists=path.is_file(), known_version=STORE_VERSION, ok=True)
    if not path.exists():
        report.integrity = "no store yet"
        report.notes.append(hints.NO_STORE_YET)
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
        db = connect_read_only(path)
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
            report.notes.append(f"store version {report.version}: " + hints.UPGRADED_NEXT.format(version=STORE_VERSION))
        _inspect(db, report)
    finally:
        db.close()
    return report


def _inspect(db: sqlite3.Connection, report: DoctorReport) -> None:
    """Counts per profile and documents that cannot be read, as far as the file allows."""
    from ..models import Assessment, Plan, ProfileCounts, ProgrammeEvent

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
                    report.problems.append(f"unreadable {key[:-1]} {rowid} (profile {profile}): {first_line(e)}")
        if "session_logs" in tables:
            have = {r[1] for r in db.execute("PRAGMA table_info(exercise_logs)")}
            cols = [c for c in EXERCISE_COLUMNS if c in have]  # an older store lacks the newest
            rows: dict[int, list[Row]] = {}
            for r in db.execute(f"SELECT {', '.join(cols)} FROM exercise_logs ORDER BY session_id, position"):
                rows.setdefault(r[0], []).append(r)
            for sess in db.execute(f"SELECT {', '.join(SESSION_COLUMNS)}, profile FROM session_logs").fetchall():
                profile = sess[-1]
                counts.setdefault(profile, {}).setdefault("logs", 0)
                counts[profile]["logs"] += 1
                try:
                    session_log(sess, rows.get(sess[0], []), cols)
                except ValueError as e:
                    report.ok = False
                    report.problems.append(f"unreadable log {sess[0]} of {sess[1]} (profile {profile}): {first_line(e)}")
        if "programmes" in tables:
            for (profile,) in db.execute("SELECT profile FROM programmes"):
                counts.setdefault(profile, {}).setdefault("programmes", 0)
                counts[profile]["programmes"] += 1
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
        raise os_failure(e, target, "nothing was backed up or repaired") from None
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
        create_schema(new)
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
    from pydantic import BaseModel

    from ..models import Assessment, Plan

    try:
        old = sqlite3.connect(src, isolation_level=None)
        version = old.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return 0, 0
    if version > STORE_VERSION:
        return 0, 0
    copied = skipped = 0
    models: dict[str, type[BaseModel]] = {"assessments": Assessment, "plans": Plan}
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


def _readable_rows(db: sqlite3.Connection, table: str, cols: list[str]) -> list[Row]:
    sel = ", ".join(cols)
    try:
        return db.execute(f"SELECT {sel} FROM {table} ORDER BY rowid").fetchall()
    except sqlite3.DatabaseError:
        pass
    out: list[Row] = []
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
    from pydantic import BaseModel

    from ..models import Assessment, Plan

    actions = []
    with Store(home) as store:
        db = store.db
        doomed: list[tuple[str, int, str]] = []
        models: tuple[tuple[str, type[BaseModel]], ...] = (("assessments", Assessment), ("plans", Plan))
        for table, model in models:
            for rowid, profile, doc in db.execute(f"SELECT rowid, profile, doc FROM {table}"):
                try:
                    model.model_validate_json(doc)
                except ValueError:
                    doomed.append((table, rowid, profile))
        for sess in db.execute(f"SELECT {', '.join(SESSION_COLUMNS)}, profile FROM session_logs").fetchall():
            rows = db.execute(f"SELECT {', '.join(EXERCISE_COLUMNS)} FROM exercise_logs WHERE session_id = ? ORDER BY position", (sess[0],)).fetchall()
            try:
                session_log(sess, rows)
            except ValueError:
                doomed.append(("session_logs", sess[0], sess[-1]))

        def tx(db: sqlite3.Connection) -> None:
            for table, rowid, _ in doomed:
                db.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))

        if doomed:
            store.transaction(tx)
        for table, rowid, profile in doomed:
            what = {"assessments": "assessment", "plans": "plan", "session_logs": "log"}[table]
            actions.append(f"removed unreadable {what} {rowid} (profile {profile}); it stays in the backup")
    return actions


def _reserve_id(db: sqlite3.Connection, row: dict[str, object]) -> None:
    # A salvaged store never hands out again the id of a row it could not read.
    n = id_counter(str(row.get("id", "")))
    if n is not None and row.get("profile") is not None and row.get("date") is not None:
        db.execute(
            "INSERT INTO assessment_ids(profile, date, last) VALUES (?,?,?) ON CONFLICT(profile, date) DO UPDATE SET last = max(last, excluded.last)",
            (row["profile"], row["date"], n),
        )
