"""Versioned, safe persistence: one SQLite database per data directory, profiles inside it.

Every write is one transaction (atomic: SQLite's journal survives a killed process), the schema
carries a version, migrations run in order, and a database that is corrupt or written by a newer
glute is refused without being touched.

    db.py          the file and connection: permissions, pragmas, transactions, error translation
    migrations.py  the schema, as named migrations in order
    repository.py  Store: typed reads and writes of assessments, plans, programmes and logs
    doctor.py      check, back up, rebuild, salvage
    hints.py       every hint that names a glute command or setting
"""

from __future__ import annotations

from .db import (
    DB_NAME,
    DOCTOR_HINT,
    FOREIGN_HINT,
    create_private,
    foreign_database,
    make_private,
    storage_failure,
    translate,
)
from .doctor import doctor
from .migrations import APPLICATION_ID, MIGRATIONS, STORE_VERSION
from .repository import Store, open_store

__all__ = [
    "APPLICATION_ID",
    "DB_NAME",
    "DOCTOR_HINT",
    "FOREIGN_HINT",
    "MIGRATIONS",
    "STORE_VERSION",
    "Store",
    "create_private",
    "doctor",
    "foreign_database",
    "make_private",
    "open_store",
    "storage_failure",
    "translate",
]
