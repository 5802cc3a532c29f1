"""The store's file and connection: permissions, opening, pragmas, transactions, and the ONE
translation of SQLite and OS errors into StoreError used by every path."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from ..errors import StoreError
from . import hints
from .migrations import APPLICATION_ID, SCHEMA_TABLES, STORE_VERSION, migrate

DB_NAME = "glute.db"

DOCTOR_HINT, FOREIGN_HINT = hints.DOCTOR, hints.FOREIGN  # the names other modules import

T = TypeVar("T")

# What was being done when SQLite failed: the message for an error no rule below recognises,
# and what the user is told about their data.
Doing = Literal["open", "migrate", "read", "write"]
_GENERIC: dict[Doing, tuple[str, str]] = {
    "open": ("{path} is not a readable glute database ({e}); it was left untouched", "the store was not changed"),
    "migrate": ("{path}: cannot update the store: {e}", "the store was not changed"),
    "read": ("{path}: cannot read the store: {e}", "nothing was changed"),
    "write": ("{path}: cannot save: {e}; nothing was saved", "nothing was saved"),
}


def storage_failure(e: Exception, path: Path, what: str) -> StoreError | None:
    """A clear error for a full disk, a read-only folder, a busy store or a permission problem (None otherwise)."""
    msg = str(e).lower()
    if "full" in msg:
        return StoreError(f"{path}: the disk is full; {what}", hint="free some space, then try again")
    if "readonly" in msg or "read-only" in msg:
        return StoreError(f"{path}: the data folder is read-only; {what}", hint=hints.WRITABLE)
    if "locked" in msg or "busy" in msg:
        return StoreError(f"{path}: another glute is using the store; {what}", hint="try again when it has finished")
    if "unable to open" in msg or "permission" in msg or "disk i/o error" in msg:
        return StoreError(f"cannot write to {path.parent} ({e}); {what}", hint=hints.WRITABLE_WITH_SPACE)
    return None


def translate(e: sqlite3.Error, path: Path, doing: Doing) -> StoreError:
    """The StoreError for a SQLite error met while opening, migrating, reading or writing the store."""
    generic, what = _GENERIC[doing]
    known = storage_failure(e, path, what)
    if known is not None:
        return known
    msg = str(e).lower()
    if "malformed" in msg or "not a database" in msg or "corrupt" in msg:
        return StoreError(f"{path} is not a readable glute database ({e}); {what}", hint=DOCTOR_HINT)
    return StoreError(generic.format(path=path, e=e), hint=DOCTOR_HINT)


def os_failure(e: OSError, path: Path, what: str) -> StoreError:
    """The StoreError for an OS error on a store file (creating it, backing it up)."""
    import errno

    if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return StoreError(f"{path}: the disk is full; {what}", hint="free some space, then try again")
    if e.errno == errno.EROFS:
        return StoreError(f"{path}: the data folder is read-only; {what}", hint=hints.WRITABLE)
    if e.errno in (errno.EACCES, errno.EPERM):
        return StoreError(f"cannot write to {path.parent}: permission denied; {what}", hint=hints.WRITABLE)
    return StoreError(f"{path}: {e.strerror or e}; {what}", hint="check that the folder exists, is writable and the disk is not full")


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only (0600 whatever the umask), never through a symlink."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return  # another glute made it a moment ago
    except OSError as e:
        raise os_failure(e, path, "nothing was saved") from None
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
    backups = sorted(path.parent.glob(path.name + ".bak-*"))  # a repair's backups, maybe from an older glute
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"), *backups):
        try:
            st = os.stat(p)
            if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
                os.chmod(p, stat.S_IMODE(st.st_mode) & 0o700)
        except OSError:
            pass


def foreign_database(path: Path) -> str | None:
    """Why the SQLite file at `path` is not glute's, or None (glute's, empty, or not SQLite at all:
    the last case is reported by the normal open as a damaged store, for doctor)."""
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
        ro = connect_read_only(path)
        try:
            tables = {r[0] for r in ro.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} - {"sqlite_sequence"}
        finally:
            ro.close()
    except sqlite3.DatabaseError:
        return None
    if not tables and version == 0:
        return None  # an empty database: nothing in it to lose
    if tables == SCHEMA_TABLES.get(version, {None}) or (version > STORE_VERSION and SCHEMA_TABLES[1] <= tables):
        return None  # a glute store from before the mark (or from a newer glute)
    return f"tables {', '.join(sorted(tables)) or 'none'}, user_version {version}"


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that never creates, migrates or replays anything into the file."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


def open_database(path: Path) -> sqlite3.Connection:
    """Open (creating or migrating) the store at `path`; a foreign, newer or damaged file is refused untouched."""
    if path.is_symlink() and not path.exists():
        raise StoreError(f"{path} is a symlink to nothing; glute does not create its store through it", hint="remove the link")
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a file", hint=DOCTOR_HINT)
    if not path.exists():
        create_private(path)  # 0600 before SQLite writes a byte (its WAL and -shm copy the mode)
    else:
        foreign = foreign_database(path)
        if foreign:
            raise StoreError(f"{path} is not a glute database ({foreign}); it was left untouched", hint=FOREIGN_HINT)
        make_private(path)
    try:
        db = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    except sqlite3.Error as e:
        raise StoreError(f"cannot open {path}: {e}", hint=hints.CANNOT_OPEN) from None
    doing: Doing = "open"
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 10000")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > STORE_VERSION:
            raise StoreError(f"{path} was written by a newer glute (store version {version}, this glute knows {STORE_VERSION})", hint=hints.NEWER)
        if version < STORE_VERSION:
            doing = "migrate"
            migrate(db)
            doing = "open"
        elif db.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            try:  # a glute store from before the mark; a read-only one is still read
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            except sqlite3.OperationalError:
                pass
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
    except StoreError:
        db.close()
        raise
    except sqlite3.Error as e:
        db.close()
        raise translate(e, path, doing) from None
    except BaseException:
        db.close()
        raise
    return db


def transaction(db: sqlite3.Connection, path: Path, fn: Callable[[sqlite3.Connection], T]) -> T:
    """Run `fn` as one atomic transaction (BEGIN IMMEDIATE: one writer at a time)."""
    try:
        db.execute("BEGIN IMMEDIATE")
        out = fn(db)
        db.execute("COMMIT")
        return out
    except BaseException as e:
        if db.in_transaction:
            db.execute("ROLLBACK")
        if isinstance(e, sqlite3.Error):
            raise translate(e, path, "write") from None
        raise


def read(db: sqlite3.Connection, path: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    """Rows of a query; a SQLite error becomes a StoreError."""
    try:
        return db.execute(sql, params).fetchall()
    except sqlite3.Error as e:
        raise translate(e, path, "read") from None
