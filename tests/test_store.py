"""The SQLite store: migrations, refusals that leave the file untouched, session logs, the doctor,
two concurrent writers and a writer killed mid-transaction."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from glutecli.assess import example_answers, score
from glutecli.errors import InputError, StoreError
from glutecli.models import ExerciseLog, Function, SessionLog
from glutecli.store import DB_NAME, MIGRATIONS, STORE_VERSION, Store, doctor

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 23)


def an_assessment(profile: str = "default"):
    return score(example_answers(), profile=profile, today=dt.date(2026, 11, 21))


def a_plan(assessment):
    from glutecli.catalogue import load_catalogue
    from glutecli.planner import PlanOptions, build_plan

    return build_plan(assessment, load_catalogue(), PlanOptions(weeks=2, start=DAY))


def a_log(date: dt.date = DAY, **kw) -> SessionLog:
    rows = [
        ExerciseLog(id="clamshell", name="Clamshell", functions=[Function.external_rotation], level=1, prescribed_sets=3,
                    prescribed_reps=15, sets_done=3, reps_done=15),
        ExerciseLog(id="clamshell", name="Clamshell", functions=[Function.external_rotation], level=1, side="left", prescribed_sets=1,
                    prescribed_reps=15, sets_done=1, reps_done=12, compensation="left", pain=4),
        ExerciseLog(id="horse-stance", functions=[Function.external_rotation, Function.stabilization], level=2, prescribed_sets=2,
                    prescribed_hold=15, prescribed_load="band", sets_done=2, hold_done=15),
    ]  # fmt: skip
    return SessionLog(date=date, pain_during=3, exercises=rows, **kw)


def v1_store(home: Path) -> Path:
    """A store as the first schema version wrote it, with an assessment and a plan in it."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / DB_NAME
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    for m in MIGRATIONS[:1]:
        m(db)
    db.execute("PRAGMA user_version = 1")
    a = an_assessment().model_copy(update={"id": "2026-11-21-1"})
    db.execute(
        "INSERT INTO assessments(id, profile, date, created_at, referred, doc) VALUES (?,?,?,?,?,?)",
        ("default/2026-11-21-1", "default", "2026-11-21", "2026-11-21T08:00:00", 0, a.model_dump_json()),
    )
    db.execute(
        "INSERT INTO plans(profile, created_at, active, doc) VALUES (?,?,1,?)",
        ("default", "2026-11-21T08:01:00", a_plan(a).model_dump_json()),
    )
    db.execute("COMMIT")
    db.close()
    return path


def version_of(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


# ---------------------------------------------------------------- migrations


def test_a_fresh_store_has_the_latest_schema(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == STORE_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"assessments", "plans", "session_logs", "exercise_logs"} <= tables
    assert not (tmp_path / "profiles").exists()  # no earlier JSON layout is read or written


def test_migration_from_version_1_keeps_every_row(tmp_path: Path) -> None:
    path = v1_store(tmp_path)
    with Store(tmp_path) as store:
        items = store.assessments("default")
        assert [a.id for a in items] == ["2026-11-21-1"]
        assert store.active_plan("default").assessment_id == "2026-11-21-1"
        assert store.logs("default") == []
        store.save_log("default", a_log())
        assert store.logs("default") == [a_log()]
    assert version_of(path) == STORE_VERSION


def test_migration_continues_the_id_sequence_of_an_older_store(tmp_path: Path) -> None:
    v1_store(tmp_path)
    with Store(tmp_path) as store:
        nxt = store.save_assessment(an_assessment())
    assert nxt.id == "2026-11-21-2"  # the id the old store gave is never handed out again


def test_a_failed_migration_leaves_the_old_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = v1_store(tmp_path)

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr("glutecli.store.migrations.MIGRATIONS", [MIGRATIONS[0], broken])
    with pytest.raises(StoreError):
        Store(tmp_path).db  # noqa: B018
    assert version_of(path) == 1
    db = sqlite3.connect(path)
    assert "half_done" not in {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    db.close()


def test_a_newer_store_is_refused_untouched(tmp_path: Path) -> None:
    path = v1_store(tmp_path)
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {STORE_VERSION + 1}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer glute") as e:
        Store(tmp_path).db  # noqa: B018
    assert "untouched" in e.value.hint
    assert path.read_bytes() == before
    report = doctor(tmp_path, repair=True)
    assert not report.ok and "newer glute" in report.problems[0] and "not repaired" in report.actions[0]
    assert path.read_bytes() == before and not list(tmp_path.glob("*.bak-*"))


def test_a_corrupt_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    path.write_bytes(b"this is not a database\n" * 200)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a readable glute database") as e:
        Store(tmp_path).db  # noqa: B018
    assert "glute doctor" in e.value.hint
    assert path.read_bytes() == before


# ---------------------------------------------------------------- session logs


def test_logs_round_trip_and_refuse_a_second_log_of_a_date(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        store.save_log("default", a_log())
        store.save_log("default", a_log(DAY + dt.timedelta(days=2), morning_pain=1))
        store.save_log("alice", SessionLog(date=DAY, skipped=True))
        assert store.logs("default") == [a_log(), a_log(DAY + dt.timedelta(days=2), morning_pain=1)]
        assert store.log("alice", DAY).skipped and store.log("alice", DAY + dt.timedelta(days=1)) is None
        with pytest.raises(InputError, match="already logged") as e:
            store.save_log("default", a_log())
        assert "--replace" in e.value.hint
        store.save_log("default", a_log().model_copy(update={"pain_during": 6, "exercises": a_log().exercises[:1]}), replace=True)
        assert store.log("default", DAY).pain_during == 6 and len(store.log("default", DAY).exercises) == 1
        n = store.db.execute("SELECT count(*) FROM exercise_logs").fetchone()[0]
        assert n == 1 + 3  # the replaced session's old rows are gone
        assert store.profiles() == ["alice", "default"]


def test_exercise_rows_belong_to_a_session(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        with pytest.raises(StoreError):
            store.transaction(lambda db: db.execute("INSERT INTO exercise_logs(session_id, position, exercise_id, functions, level, side, "
                                                    "prescribed_sets, sets_done) VALUES (999, 0, 'x', '[]', 1, 'both', 1, 1)"))  # fmt: skip
        store.save_log("default", a_log())
        store.transaction(lambda db: db.execute("DELETE FROM session_logs"))
        assert store.db.execute("SELECT count(*) FROM exercise_logs").fetchone()[0] == 0  # cascade


# ---------------------------------------------------------------- doctor


def test_doctor_reports_counts_per_profile(tmp_path: Path) -> None:
    assert doctor(tmp_path).integrity == "no store yet"
    with Store(tmp_path) as store:
        a = store.save_assessment(an_assessment())
        store.save_plan("default", a_plan(a))
        store.save_log("default", a_log())
        store.save_assessment(an_assessment("alice"))
    report = doctor(tmp_path)
    assert report.ok and report.integrity == "ok" and report.version == STORE_VERSION
    counts = {p.profile: (p.assessments, p.plans, p.logs) for p in report.profiles}
    assert counts == {"alice": (1, 0, 0), "default": (1, 1, 1)}
    assert doctor(tmp_path, repair=True).actions == ["nothing to repair"]
    assert not list(tmp_path.glob("*.bak-*"))


def test_doctor_repair_backs_up_then_removes_unreadable_documents(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        a = store.save_assessment(an_assessment())
        store.save_plan("default", a_plan(a))
        store.transaction(
            lambda db: db.execute("INSERT INTO plans(profile, created_at, active, doc) VALUES ('default', 'x', 1, '{broken')")
        )
        with pytest.raises(StoreError, match="cannot be read"):
            store.active_plan("default")
    report = doctor(tmp_path)
    assert not report.ok and any("unreadable plan 2" in p for p in report.problems)
    path = tmp_path / DB_NAME
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    before = path.read_bytes()
    fixed = doctor(tmp_path, repair=True)
    backup = Path(fixed.backup)
    assert backup.read_bytes() == before
    assert fixed.actions[0] == f"backed up the store to {backup.name}"
    assert any("removed unreadable plan 2" in x for x in fixed.actions)
    assert fixed.ok
    with Store(tmp_path) as store:
        assert store.active_plan("default").assessment_id == a.id  # the readable plan is back in use
        assert len(store.assessments("default")) == 1


def test_doctor_repair_sets_a_corrupt_file_aside_and_starts_fresh(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    path.write_bytes(b"\x00garbage" * 512)
    before = path.read_bytes()
    report = doctor(tmp_path)
    assert not report.ok and "not a readable SQLite database" in report.problems[0]
    assert path.read_bytes() == before  # checking changes nothing
    fixed = doctor(tmp_path, repair=True)
    assert Path(fixed.backup).read_bytes() == before
    assert fixed.ok and fixed.version == STORE_VERSION and "fresh store" in fixed.actions[1]
    with Store(tmp_path) as store:
        store.save_assessment(an_assessment())


def test_doctor_rebuilds_a_damaged_database_from_its_readable_rows(tmp_path: Path) -> None:
    with Store(tmp_path) as store:
        for _ in range(30):
            store.save_assessment(an_assessment())
        store.save_log("default", a_log())
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = store.db.execute("PRAGMA page_size").fetchone()[0]
        root = store.db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'assessments_profile'").fetchone()[0]
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    data[(root - 1) * page : root * page] = b"\xff" * page  # wreck the index, keep the table
    path.write_bytes(bytes(data))
    report = doctor(tmp_path)
    assert not report.ok and report.integrity != "ok"
    fixed = doctor(tmp_path, repair=True)
    assert Path(fixed.backup).read_bytes() == bytes(data)
    assert fixed.ok and fixed.integrity == "ok", fixed
    assert "rebuilt the store from" in fixed.actions[1]
    with Store(tmp_path) as store:
        assert len(store.assessments("default")) == 30
        assert store.logs("default") == [a_log()]


# ---------------------------------------------------------------- processes

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from glutecli.models import SessionLog
    from glutecli.store import Store
    home, profile, n = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    start = dt.date(2026, 1, 1)
    for i in range(n):
        with Store(home) as store:  # a fresh connection each time, as separate glute commands would
            store.save_log(profile, SessionLog(date=start + dt.timedelta(days=i), pain_during=i % 6))
    print("ok")
    """
)


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_two_concurrent_writers_both_land(tmp_path: Path) -> None:
    home = tmp_path / "shared"  # neither process finds a store: both race to create and migrate it
    home.mkdir()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(home), who, "60"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
        )
        for who in ("anna", "ben")
    ]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert out.strip() == "ok"
    with Store(home) as store:
        assert len(store.logs("anna")) == 60 and len(store.logs("ben")) == 60
    report = doctor(home)
    assert report.ok and report.integrity == "ok"


KILLED = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from pathlib import Path
    from glutecli.models import SessionLog
    from glutecli.store import Store
    store = Store(Path(sys.argv[1]))
    store.save_log("default", SessionLog(date=dt.date(2026, 11, 23), pain_during=2))

    def slow(db):
        for i in range(1, 200):
            db.execute("INSERT INTO session_logs(profile, date, created_at, updated_at, pain_during) VALUES (?,?,?,?,?)",
                       ("default", f"2027-01-{i % 28 + 1:02d}-{i}", "t", "t", 3))
        print("inside", flush=True)
        time.sleep(60)

    store.transaction(slow)
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_writer_killed_mid_transaction_leaves_the_previous_data(tmp_path: Path) -> None:
    p = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    try:
        assert p.stdout.readline().strip() == "inside", p.stderr.read()
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=30)
    assert p.returncode == -signal.SIGKILL
    with Store(tmp_path) as store:
        logs = store.logs("default")
        assert [lg.date for lg in logs] == [DAY]  # the half-done transaction left nothing
        store.save_log("default", a_log(DAY + dt.timedelta(days=2)))  # and the store takes writes again
    assert doctor(tmp_path).ok


def test_doctor_json_is_a_versioned_document(tmp_path: Path) -> None:
    from glutecli.present.json import doctor_doc

    doc = json.loads(json.dumps(doctor_doc(doctor(tmp_path))))
    assert doc["schema_version"] == 1 and doc["kind"] == "doctor" and doc["known_version"] == STORE_VERSION


# ---------------------------------------------------------------- one translation of SQLite errors


@pytest.mark.parametrize(
    ("error", "doing", "words", "doctor_hint"),
    [
        ("database or disk is full", "write", "the disk is full; nothing was saved", False),
        ("attempt to write a readonly database", "migrate", "read-only; the store was not changed", False),
        ("database is locked", "write", "another glute is using the store; nothing was saved", False),
        ("database disk image is malformed", "read", "is not a readable glute database", True),
        ("file is not a database", "open", "is not a readable glute database", True),
        ("no such table: plans", "read", "cannot read the store", True),
        ("no such table: plans", "write", "cannot save", True),
        ("no such table: plans", "migrate", "cannot update the store", True),
    ],
)
def test_every_sqlite_error_is_translated_in_one_place(tmp_path: Path, error: str, doing: str, words: str, doctor_hint: bool) -> None:
    from glutecli.store import translate

    e = translate(sqlite3.OperationalError(error), tmp_path / DB_NAME, doing)  # type: ignore[arg-type]  # a plain str from the table
    assert isinstance(e, StoreError) and words in e.message, e.message
    assert ("doctor" in (e.hint or "")) is doctor_hint


def test_a_locked_store_says_so(tmp_path: Path) -> None:
    with Store(tmp_path) as first, Store(tmp_path) as second:
        first.db.execute("BEGIN IMMEDIATE")
        second.db.execute("PRAGMA busy_timeout = 0")
        with pytest.raises(StoreError, match="another glute is using the store"):
            second.save_log("default", a_log())
        first.db.execute("ROLLBACK")


def test_migrations_are_named_and_in_order() -> None:
    from glutecli.store import migrations

    assert [m.__name__[:4] for m in MIGRATIONS] == [f"m{i:03d}" for i in range(1, STORE_VERSION + 1)]
    assert migrations.STORE_VERSION == len(MIGRATIONS) == STORE_VERSION
