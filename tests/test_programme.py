"""A programme that lives for weeks, played out through the CLI under a fixed clock.

The runner persona (abduction and stabilization weak, left side) starts a programme on Mon 23 Nov
2026 (Mon/Wed/Fri). GLUTE_TODAY pins every day; nothing reads the real clock.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from glutecli.store import DB_NAME, STORE_VERSION, Store

RUNNER = Path(__file__).parent / "fixtures" / "personas" / "runner.yaml"
START = dt.date(2026, 11, 23)  # a Monday


def on(day: dt.date | str, **extra: str) -> dict:
    return {"GLUTE_TODAY": str(day), **extra}


def flat(text: str) -> str:
    return " ".join(text.replace("│", " ").replace("┃", " ").split())


def answers(tmp_path: Path, name: str, date: dt.date, source: Path = RUNNER, **replace: str) -> str:
    text = source.read_text("utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    import re

    text = re.sub(r"(?m)^date:.*\n", "", text)  # the fixture's own date gives way to this one
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"date: {date.isoformat()}\n" + text, "utf-8")
    return str(path)


@pytest.fixture
def started(invoke, tmp_path):
    r = invoke("assess", "--answers", answers(tmp_path, "start", dt.date(2026, 11, 21)), env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    r = invoke("plan", "--weeks", "8", "--start", START.isoformat(), "--format", "json", env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    assert "started a programme of 8 weeks on Mon 23 Nov 2026" in r.stderr
    return json.loads(r.stdout)


@pytest.fixture
def started_l2(invoke, tmp_path):
    """A programme whose functions all start at level 2 (the runner's passing functions are held
    at its weak level 1, so a level drop needs a person who starts higher)."""
    src = RUNNER.parent / "perfect-responder.yaml"
    r = invoke("assess", "--answers", answers(tmp_path, "start", dt.date(2026, 11, 21), source=src), env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    r = invoke("plan", "--weeks", "8", "--start", START.isoformat(), "--format", "json", env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def snapshot(home: Path) -> list:
    """Everything a programme is: what was asked for, its timeline and its logs (not the cache)."""
    db = sqlite3.connect(home / DB_NAME)
    try:
        out = []
        for table in ("programmes", "programme_events", "session_logs", "exercise_logs", "assessments", "plans"):
            out.append((table, db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()))
        return out
    finally:
        db.close()


def sessions(plan: dict) -> list[dt.date]:
    return [dt.date.fromisoformat(s["date"]) for w in plan["weeks"] for s in w["sessions"]]


def log_clean(invoke, day: dt.date) -> None:
    r = invoke("log", "--date", day.isoformat(), "--pain", "2", env=on(day))
    assert r.exit_code == 0, r.stdout + r.stderr
    r = invoke("log", "--date", day.isoformat(), "--morning-pain", "2", env=on(day + dt.timedelta(days=1)))
    assert r.exit_code == 0, r.stdout + r.stderr


# ---------------------------------------------------------------- viewing never changes anything


def test_viewing_every_day_of_week_1_changes_nothing(invoke, started, glute_home, tmp_path):
    before = snapshot(glute_home)
    for i in range(-2, 7):
        day = START + dt.timedelta(days=i)
        for args in (["plan"], ["plan", "--weeks", "8"], ["plan", "--week", "3"], ["plan", "--week", "3-4", "--format", "json"],
                     ["today"], ["progress"], ["export", "--format", "ics"], ["export", "--week", "2", "--format", "csv"]):  # fmt: skip
            r = invoke(*args, env=on(day))
            assert r.exit_code == 0, (args, day, r.stderr)
            assert "started" not in r.stderr and "changed" not in r.stderr
    assert snapshot(glute_home) == before
    r = invoke("plan", "--format", "json", env=on(START + dt.timedelta(days=1)))
    doc = json.loads(r.stdout)
    assert doc["start_date"] == START.isoformat() and doc["days"] == started["days"] and doc["weeks_total"] == 8
    r = invoke("today", env=on(START))
    assert "week 1 (activation)" in flat(r.stdout)


def test_a_change_is_explicit_says_what_and_keeps_history(invoke, started, glute_home):
    log_clean(invoke, START)
    r = invoke("plan", "--weeks", "12", "--format", "json", env=on(START + dt.timedelta(days=2)))
    assert r.exit_code == 0, r.stderr
    assert "length 8 -> 12 programme weeks" in r.stderr
    doc = json.loads(r.stdout)
    assert doc["weeks_total"] == 12 and doc["start_date"] == START.isoformat()
    r = invoke("plan", "--start", "2026-12-07", env=on(START + dt.timedelta(days=2)))
    assert r.exit_code == 2 and "start stays" in r.stderr
    r = invoke("plan", "--new", "--start", "2026-11-30", "--format", "json", env=on(START + dt.timedelta(days=2)))
    assert r.exit_code == 0, r.stderr
    assert "ended and kept" in r.stderr
    with Store(glute_home) as store:
        assert len(store.logs("default")) == 1  # the old programme's log is kept
        assert store.programme("default").start_date == dt.date(2026, 11, 30)


def test_week_selection_and_ranges(invoke, started):
    r = invoke("plan", "--week", "3-4", "--format", "json", env=on(START))
    assert [w["number"] for w in json.loads(r.stdout)["weeks"]] == [3, 4]
    r = invoke("plan", "--week", "9", env=on(START))
    assert r.exit_code == 2 and "the programme has 8 weeks" in r.stderr
    r = invoke("plan", "--week", "x", env=on(START))
    assert r.exit_code == 2 and "--week 3-4" in r.stderr


# ---------------------------------------------------------------- a re-test continues the programme


def test_week_4_retest_continues_at_week_5(invoke, started, glute_home, tmp_path):
    for day in sessions(started)[:12]:  # weeks 1-4, every session clean, every morning logged
        log_clean(invoke, day)
    retest_day = dt.date(2026, 12, 19)  # Saturday after week 4's last session
    passing = answers(
        tmp_path, "retest", retest_day,
        **{"fire_hydrant:      {left: {reps: 5, compensation: true}": "fire_hydrant:      {left: {reps: 8, compensation: false}",
           "pain: {now: 3": "pain: {now: 1"},
    )  # fmt: skip
    r = invoke("assess", "--answers", passing, env=on(retest_day))
    assert r.exit_code == 0, r.stderr
    out = flat(r.stdout)
    assert "What changed in your programme" in out and "Next: glute plan" not in out
    assert "re-test: the programme goes on at week 4 of 8" in out
    assert "abduction: now passes" in out and "stabilization: still weak" in out
    assert "pain baseline 3/10 -> 1/10" in out
    r = invoke("plan", "--format", "json", env=on("2026-12-21"))
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["start_date"] == START.isoformat() and doc["weeks_total"] == 8  # not restarted
    assert doc["focus"] == ["stabilization"]
    week5 = doc["weeks"][4]
    assert week5["number"] == 5 and week5["program_week"] == 5
    assert week5["levels"]["abduction"] >= 2  # moved on, earned levels kept
    first = week5["sessions"][0]["exercises"]
    abd = [p for p in first if p["functions"][0] == "abduction"]
    # The weak function comes first; its exercise may list another function first (in
    # the catalogue, horse stance trains external rotation and stabilization).
    stab = [p for p in first if "stabilization" in p["functions"]]
    assert stab and "stabilization" in first[0]["functions"]
    assert all(p["sets"] <= 2 for p in abd)  # abduction at maintenance volume
    # History stays: 12 sessions done, and progress sees them.
    r = invoke("progress", "--format", "json", env=on("2026-12-21"))
    prog = json.loads(r.stdout)
    assert prog["sessions_done"] == 12 and prog["baseline_pain"] == 1  # the re-test's: the one the gates use
    assert any(x["done"] for x in prog["reassessments"])
    # The past weeks stay as they were done.
    assert doc["weeks"][0]["sessions"] == started["weeks"][0]["sessions"]


def test_checkpoint_prompts_for_the_retest(invoke, started):
    day = sessions(started)[11]  # the last session of week 4
    r = invoke("today", env=on(day))
    assert "re-test with 'glute assess'" in flat(r.stdout)


# ---------------------------------------------------------------- referral pauses


def test_red_flag_in_a_log_pauses_until_a_clear_assessment(invoke, started, glute_home, tmp_path):
    log_clean(invoke, START)
    wed = START + dt.timedelta(days=2)
    r = invoke("log", "--pain", "3", "--red-flag", "fever", env=on(wed))
    assert r.exit_code == 3
    assert "see a doctor or physiotherapist" in flat(r.stderr) and "URGENT" not in r.stderr
    fri = START + dt.timedelta(days=4)
    for args in (["today"], ["log", "--pain", "2"], ["plan"], ["export"], ["progress"]):
        r = invoke(*args, env=on(fri))
        assert r.exit_code == 3, args
        assert "fever" in flat(r.stderr) and "glute assess" in flat(r.stderr), args
    with Store(glute_home) as store:
        assert len(store.logs("default")) == 2  # the refused log saved nothing
    r = invoke("assess", "--answers", answers(tmp_path, "clear", fri), env=on(fri))
    assert r.exit_code == 0, r.stderr
    assert "resumes" in flat(r.stdout)
    r = invoke("today", env=on(fri))
    assert r.exit_code == 0, r.stderr
    assert "week 1 (activation)" in flat(r.stdout)  # resumed where it stopped, not restarted


def test_cauda_equina_signs_at_a_retest_are_urgent(invoke, started, tmp_path):
    day = START + dt.timedelta(days=9)
    path = answers(tmp_path, "urgent", day, **{"red_flags: []": "red_flags: [bladder_bowel, numbness]"})
    r = invoke("assess", "--answers", path, env=on(day))
    assert r.exit_code == 3
    assert "URGENT" in r.stderr and "same day" in flat(r.stderr) and "emergency" in flat(r.stderr)
    r = invoke("today", env=on(day))
    assert r.exit_code == 3 and "URGENT" in r.stderr
    r = invoke("log", "--pain", "1", env=on(day + dt.timedelta(days=1)))
    assert r.exit_code == 3


def test_pain_8_pauses_and_an_amended_log_resumes(invoke, started):
    r = invoke("log", "--pain", "8", env=on(START))
    assert r.exit_code == 3 and "URGENT" not in r.stderr
    assert invoke("today", env=on(START + dt.timedelta(days=1))).exit_code == 3
    r = invoke("log", "--date", START.isoformat(), "--pain", "3", "--replace", env=on(START + dt.timedelta(days=1)))
    assert r.exit_code == 0, r.stderr
    assert invoke("today", env=on(START + dt.timedelta(days=1))).exit_code == 0


# ---------------------------------------------------------------- real weeks


def test_a_tuesday_session_logged_on_wednesday_counts(invoke, tmp_path, glute_home):
    r = invoke("assess", "--answers", answers(tmp_path, "a", dt.date(2026, 11, 21)), env=on("2026-11-21"))
    assert r.exit_code == 0
    r = invoke("plan", "--start", START.isoformat(), "--days", "tue,thu,sat", env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    wed = START + dt.timedelta(days=2)
    r = invoke("log", "--pain", "2", env=on(wed))
    assert r.exit_code == 0, r.stderr
    assert "logged as the session of Tue 24 Nov, done on Wed 25 Nov" in flat(r.stdout)
    doc = json.loads(invoke("plan", "--week", "1", "--format", "json", env=on(wed)).stdout)
    assert [s["date"] for s in doc["weeks"][0]["sessions"]] == ["2026-11-25", "2026-11-26", "2026-11-28"]
    r = invoke("progress", "--format", "json", env=on(wed))
    assert json.loads(r.stdout)["sessions_done"] == 1
    # Thursday is still the next session: one a day keeps them >= 24 h apart.
    assert "Thu 26 Nov" in invoke("today", env=on(wed)).stdout


def test_move_a_session(invoke, started):
    r = invoke("move", "2026-11-25", "--to", "2026-11-26", env=on(START))
    assert r.exit_code == 0, r.stderr
    assert "moved the session of Wed 25 Nov 2026 to Thu 26 Nov 2026" in r.stdout
    doc = json.loads(invoke("plan", "--week", "1", "--format", "json", env=on(START)).stdout)
    assert [s["date"] for s in doc["weeks"][0]["sessions"]] == ["2026-11-23", "2026-11-26", "2026-11-27"]
    for to, why in (("2026-11-27", "already has a session"), ("2026-12-02", "not in the same week")):
        r = invoke("move", "2026-11-26", "--to", to, env=on(START))
        assert r.exit_code == 2 and why in r.stderr


def test_missing_morning_pain_is_asked_for_and_explained(invoke, started):
    assert invoke("log", "--pain", "2", env=on(START)).exit_code == 0
    wed = START + dt.timedelta(days=2)
    r = invoke("today", env=on(wed))
    assert "log the morning pain after your session of Mon 23 Nov" in flat(r.stdout)
    r = invoke("log", "--pain", "2", env=on(wed))
    assert "morning pain after the session of Mon 23 Nov is not logged: the dose holds" in flat(r.stdout)


def test_log_list_and_undo(invoke, started, glute_home):
    assert invoke("log", "--pain", "2", env=on(START)).exit_code == 0
    wed = START + dt.timedelta(days=2)
    assert invoke("log", "--pain", "4", env=on(wed)).exit_code == 0
    r = invoke("log", "--list", env=on(wed))
    assert r.exit_code == 0 and "Mon 23 Nov 2026" in r.stdout and "Wed 25 Nov 2026" in r.stdout
    r = invoke("log", "--undo", env=on(wed))
    assert r.exit_code == 0 and "removed the log of Wed 25 Nov 2026" in r.stdout
    r = invoke("log", "--delete", START.isoformat(), env=on(wed))
    assert r.exit_code == 0
    with Store(glute_home) as store:
        assert store.logs("default") == []


def test_missed_weeks_keep_all_52_programme_weeks(invoke, tmp_path):
    r = invoke("assess", "--answers", answers(tmp_path, "a", dt.date(2026, 11, 21)), env=on("2026-11-21"))
    assert r.exit_code == 0
    r = invoke("plan", "--weeks", "52", "--start", START.isoformat(), env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    for day in ("2026-11-23", "2026-11-25", "2026-11-27"):
        assert invoke("log", "--date", day, "--pain", "2", env=on(day)).exit_code == 0
    later = "2026-12-14"  # weeks 2 and 3 had nothing logged
    doc = json.loads(invoke("plan", "--format", "json", env=on(later)).stdout)
    assert doc["adaptation"]["missed_weeks"] == [2, 3]
    assert doc["weeks_total"] == 54 and max(w["program_week"] for w in doc["weeks"]) == 52
    # Logging an old session late does not shrink it.
    assert invoke("log", "--date", later, "--pain", "2", env=on(later)).exit_code == 0
    doc = json.loads(invoke("plan", "--format", "json", env=on(later)).stdout)
    assert max(w["program_week"] for w in doc["weeks"]) == 52


# ---------------------------------------------------------------- one source of words


def test_a_level_drop_never_reads_level_up_in_handouts(invoke, started_l2):
    wed = START + dt.timedelta(days=2)
    assert invoke("log", "--pain", "6", env=on(START)).exit_code == 0
    assert invoke("log", "--pain", "7", env=on(wed)).exit_code == 0
    term = flat(invoke("plan", "--week", "1", env=on(wed)).stdout)
    assert "Level down" in term
    for fmt in ("txt", "md", "html"):
        text = invoke("export", "--format", fmt, "--week", "1", env=on(wed)).stdout
        downs = [line for line in text.splitlines() if "L2 -> L1" in line or "L2 → L1" in line]
        assert downs, fmt
        assert all("Level up" not in line for line in downs), fmt
        assert any("Level down" in line for line in downs), fmt


# ---------------------------------------------------------------- storage


def _store_010(home: Path) -> None:
    """A version-2 store as glute 0.1.0 wrote it: its two shipped migrations, then its rows."""
    from glutecli.assess import example_answers, score
    from glutecli.catalogue import load_catalogue
    from glutecli.planner import History, PlanOptions, build_plan
    from glutecli.store import migrations, repository

    a = score(example_answers(), today=dt.date(2026, 11, 21)).model_copy(update={"id": "2026-11-21-1"})
    cat = load_catalogue()
    plan0 = build_plan(a, cat, PlanOptions(weeks=8, start=START))
    log = repository.session_log((0, "2026-11-23", 0, 3, 2, "[]", None), [])
    from glutecli.sessionlog import find_session, session_log

    log = session_log(find_session(plan0, START), pain=3).model_copy(update={"morning_pain": 2})
    plan1 = build_plan(a, cat, PlanOptions(weeks=8, start=START), History([log], dt.date(2026, 11, 24)))
    db = sqlite3.connect(home / DB_NAME, isolation_level=None)
    db.execute("BEGIN")
    migrations.m001_assessments_and_plans(db)
    migrations.m002_session_logs(db)
    db.execute("PRAGMA user_version = 2")
    db.execute("INSERT INTO assessments VALUES (?,?,?,?,?,?)", ("default/2026-11-21-1", "default", "2026-11-21", "t0", 0, a.model_dump_json()))
    db.execute("INSERT INTO plans(profile, created_at, active, doc) VALUES ('default', 't1', 0, ?)", (plan0.model_dump_json(),))
    db.execute("INSERT INTO plans(profile, created_at, active, doc) VALUES ('default', 't2', 1, ?)", (plan1.model_dump_json(),))
    cur = db.execute(
        "INSERT INTO session_logs(profile, date, created_at, updated_at, plan_id, skipped, pain_during, morning_pain, red_flags, note) "
        "VALUES ('default', '2026-11-23', 't3', 't3', 2, 0, 3, 2, '[]', NULL)"
    )
    for i, e in enumerate(log.exercises):
        row = repository._exercise_row(cur.lastrowid, i, e)[: len(repository.EXERCISE_COLUMNS) - 1]  # 0.1.0's columns
        db.execute(f"INSERT INTO exercise_logs VALUES ({', '.join('?' * (len(repository.EXERCISE_COLUMNS) - 1))})", row)
    db.execute("COMMIT")
    db.close()


def test_a_store_written_by_010_is_migrated_with_nothing_lost(invoke, glute_home):
    _store_010(glute_home)
    with Store(glute_home) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == STORE_VERSION
        assert [a.id for a in store.assessments("default")] == ["2026-11-21-1"]
        assert store.db.execute("SELECT count(*) FROM plans").fetchone()[0] == 2  # every plan kept
        logs = store.logs("default")
        assert len(logs) == 1 and logs[0].pain_during == 3 and len(logs[0].exercises) > 0
        prog = store.programme("default")
        assert (prog.start_date, prog.weeks, prog.days, prog.assessment_id) == (START, 8, ["mon", "wed", "fri"], "2026-11-21-1")
        assert [lg.date for lg in store.programme_logs(prog.id)] == [START]
    r = invoke("today", "--format", "json", env=on("2026-11-25"))
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["session"]["week"] == 1
    r = invoke("progress", "--format", "json", env=on("2026-11-25"))
    assert json.loads(r.stdout)["sessions_done"] == 1
    r = invoke("doctor", "--format", "json")
    assert r.exit_code == 0, r.stdout + r.stderr
    (counts,) = json.loads(r.stdout)["profiles"]
    assert (counts["assessments"], counts["plans"], counts["logs"], counts["programmes"]) == (1, 2, 1, 1)


def test_a_log_adds_a_row_not_a_plan(invoke, started, glute_home):
    before = snapshot(glute_home)
    assert invoke("log", "--pain", "2", env=on(START)).exit_code == 0
    after = snapshot(glute_home)
    counts = {t: len(rows) for t, rows in after}
    assert counts["plans"] == dict((t, len(r)) for t, r in before)["plans"] == 0
    assert counts["session_logs"] == 1


# ---------------------------------------------------------------- the calendar follows the programme


def _events(ics: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for block in ics.replace("\r\n ", "").split("BEGIN:VEVENT")[1:]:
        fields = {}
        for line in block.split("END:VEVENT")[0].replace("\r\n", "\n").splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.split(";")[0], value)
            if key.startswith("DTSTART"):
                fields["DTSTART_RAW"] = line
        out[fields["UID"]] = fields
    return out


def test_calendar_uids_survive_moves_and_changes(invoke, started, glute_home):
    def ics(*extra: str) -> dict:
        r = invoke("export", "--format", "ics", "--tz", "Europe/Paris", *extra, env=on(START))
        assert r.exit_code == 0, r.stderr
        return _events(r.stdout)

    first = ics()
    assert len(first) == 24 and all(e["STATUS"] == "CONFIRMED" for e in first.values())
    assert all(e["DTSTART_RAW"].startswith("DTSTART;TZID=Europe/Paris:") for e in first.values())
    assert invoke("move", "2026-11-25", "--to", "2026-11-26", env=on(START)).exit_code == 0
    moved = ics()
    assert set(moved) == set(first)  # the moved session keeps its UID
    changed = [u for u in moved if moved[u]["DTSTART"] != first[u]["DTSTART"]]
    assert len(changed) == 1 and moved[changed[0]]["DTSTART"].startswith("20261126")
    assert all(int(moved[u]["SEQUENCE"]) > int(first[u]["SEQUENCE"]) for u in moved)
    assert all(moved[u]["DTSTAMP"] >= first[u]["DTSTAMP"] for u in moved)
    r = invoke("plan", "--weeks", "4", env=on(START))
    assert r.exit_code == 0 and "length 8 -> 4" in r.stderr
    shorter = ics()
    cancelled = [u for u, e in shorter.items() if e["STATUS"] == "CANCELLED"]
    assert len(cancelled) == 12 and set(cancelled) <= set(first)  # weeks 5-8 went away: cancelled, not left stale
    assert {u for u, e in shorter.items() if e["STATUS"] == "CONFIRMED"} <= set(first)


def test_calendar_reminder_and_people(invoke, started, glute_home, tmp_path, monkeypatch):
    r = invoke("export", "--format", "ics", "--reminder", "0", "--tz", "America/New_York", env=on(START))
    assert r.exit_code == 0 and "BEGIN:VALARM" not in r.stdout and "BEGIN:VTIMEZONE" in r.stdout
    r = invoke("export", "--format", "ics", "--reminder", "30", env=on(START))
    assert "TRIGGER:-PT30M" in r.stdout
    r = invoke("export", "--format", "ics", "--tz", "Mars/Olympus", env=on(START))
    assert r.exit_code == 2 and "--tz" in r.stderr
    mine = set(_events(invoke("export", "--format", "ics", env=on(START)).stdout))
    # Another person, also on profile "default", in another data folder.
    other = tmp_path / "other-home"
    monkeypatch.setenv("GLUTE_HOME", str(other))
    assert invoke("assess", "--answers", answers(tmp_path, "b", dt.date(2026, 11, 21)), env=on("2026-11-21")).exit_code == 0
    assert invoke("plan", "--start", START.isoformat(), env=on("2026-11-21")).exit_code == 0
    theirs = set(_events(invoke("export", "--format", "ics", env=on(START)).stdout))
    assert mine and theirs and not (mine & theirs)


# ---------------------------------------------------------------- plan schema 2


def test_a_schema_1_plan_reads_as_schema_2_one_row_per_exercise():
    """A 0.1.0 plan document (extra-set rows) folds into one row per exercise, as schema 2 writes it."""
    from glutecli.models import Plan

    fixtures = Path(__file__).parent / "fixtures"
    v1 = json.loads((fixtures / "plan-v1-runner.json").read_text("utf-8"))
    assert v1["schema_version"] == 1
    extra_rows = sum(1 for w in v1["weeks"] for s in w["sessions"] for p in s["exercises"] if p["side"] != "both")
    assert extra_rows > 0
    v1.pop("kind")
    plan = Plan.model_validate(v1)
    assert plan.schema_version == 2
    rows = [p for w in plan.weeks for s in w.sessions for p in s.exercises]
    assert all(p.side == "both" for p in rows)
    assert sum(1 for p in rows if p.sets_by_side) == extra_rows
    assert all(p.sets_by_side["left"] == p.sets + 1 and p.sets_by_side["right"] == p.sets for p in rows if p.sets_by_side)
    assert sum(len(s.exercises) for w in plan.weeks for s in w.sessions) == sum(
        len(s["exercises"]) for w in v1["weeks"] for s in w["sessions"]
    ) - extra_rows


def test_today_says_why_a_dose_changed(invoke, started):
    assert invoke("log", "--pain", "7", env=on(START)).exit_code == 0
    wed = START + dt.timedelta(days=2)
    out = flat(invoke("today", env=on(wed)).stdout)
    assert "Why the dose changed:" in out and "pain 7/10 during the session of 23 Nov" in out


def test_progress_prompts_for_a_due_retest(invoke, started):
    day = sessions(started)[11] + dt.timedelta(days=1)  # the day after week 4's last session
    out = flat(invoke("progress", env=on(day)).stdout)
    assert "Re-test now: glute assess (week 4's checkpoint" in out


def test_interactive_log_asks_once_per_exercise(invoke, started, glute_home):
    rows = next(s for w in started["weeks"] for s in w["sessions"] if s["date"] == START.isoformat())["exercises"]
    assert len({r["id"] for r in rows}) == len(rows)  # schema 2: one row per exercise
    answers = "\n" + "\n" * len(rows) + "2\n" + "n\n"  # did it; each exercise as prescribed; pain 2; no warning sign
    r = invoke("log", input=answers, env=on(START, GLUTE_ASSUME_TTY="1"))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert f"{len(rows)}/{len(rows)} " in r.stdout and f"{len(rows) + 1}/" not in r.stdout
    assert "(+1 on the left)" in r.stdout
    with Store(glute_home) as store:
        (lg,) = store.logs("default")
    assert len(lg.exercises) == len(rows) and any(e.prescribed_sets_by_side for e in lg.exercises)


def test_undoing_a_late_log_puts_the_session_back(invoke, tmp_path, glute_home):
    assert invoke("assess", "--answers", answers(tmp_path, "a", dt.date(2026, 11, 21)), env=on("2026-11-21")).exit_code == 0
    assert invoke("plan", "--start", START.isoformat(), "--days", "tue,thu,sat", env=on("2026-11-21")).exit_code == 0
    wed = START + dt.timedelta(days=2)
    assert invoke("log", "--pain", "2", env=on(wed)).exit_code == 0
    r = invoke("log", "--undo", env=on(wed))
    assert r.exit_code == 0 and "Wed 25 Nov" in r.stdout
    doc = json.loads(invoke("plan", "--week", "1", "--format", "json", env=on(wed)).stdout)
    assert [s["date"] for s in doc["weeks"][0]["sessions"]] == ["2026-11-24", "2026-11-26", "2026-11-28"]


def test_calendar_events_are_sized_by_the_session(invoke, started):
    r = invoke("export", "--format", "ics", "--tz", "Europe/Paris", env=on(START))
    events = _events(r.stdout)
    lengths = set()
    for e in events.values():
        start = dt.datetime.strptime(e["DTSTART"], "%Y%m%dT%H%M%S")
        end = dt.datetime.strptime(e["DTEND"], "%Y%m%dT%H%M%S")
        minutes = int((end - start).total_seconds() // 60)
        assert f"about {minutes} min" in e["SUMMARY"] and 20 <= minutes <= 90
        lengths.add(minutes)
    assert len(lengths) > 1  # heavier weeks take longer
    r = invoke("export", "--format", "ics", "--duration", "45", env=on(START))
    assert all("T0815" in e["DTEND"] for e in _events(r.stdout).values())


def test_the_calendar_uses_the_same_words(invoke, started_l2):
    wed = START + dt.timedelta(days=2)
    assert invoke("log", "--pain", "6", env=on(START)).exit_code == 0
    assert invoke("log", "--pain", "7", env=on(wed)).exit_code == 0
    ics = invoke("export", "--format", "ics", "--week", "1", env=on(wed)).stdout.replace("\r\n", "\n").replace("\n ", "").replace("\\,", ",").replace("\\n", " ")
    today = flat(invoke("today", "--date", "2026-11-26", env=on(wed)).stdout)
    said = "Why the dose changed: external rotation dose stepped back: pain 7/10 during the session of 25 Nov"
    assert said in today and said in ics
    assert "Level down: external rotation L2 -> L1" in ics and "Level up: external rotation L2 -> L1" not in ics


def test_starting_over_cancels_the_old_programmes_sessions(invoke, started):
    old = _events(invoke("export", "--format", "ics", env=on(START)).stdout)
    r = invoke("plan", "--new", "--start", "2026-11-30", env=on(START))
    assert r.exit_code == 0, r.stderr
    new = _events(invoke("export", "--format", "ics", env=on(START)).stdout)
    confirmed = {u for u, e in new.items() if e["STATUS"] == "CONFIRMED"}
    cancelled = {u for u, e in new.items() if e["STATUS"] == "CANCELLED"}
    assert confirmed and not (confirmed & set(old))
    assert cancelled and cancelled <= set(old)
    # Sessions of the old programme from the day it was replaced on are cancelled, none before.
    assert min(new[u]["DTSTART"][:8] for u in cancelled) >= START.strftime("%Y%m%d")


# ---------------------------------------------------------------- schema 2 of both issues (12 and 15)


def test_one_row_with_sets_by_side_is_timed_like_the_old_extra_row():
    from glutecli import planner
    from glutecli.models import Prescription

    common = dict(id="x", name="X", functions=["abduction"], level=1, reps=10, cue="c", rest_seconds=60)
    one = Prescription(**common, sets=3, sets_by_side={"left": 4, "right": 3})
    both = Prescription(**common, sets=3)
    extra = Prescription(**common, sets=1, side="left")

    class Uni:
        unilateral = True

    ex = Uni()
    assert planner._row_seconds(one, ex) == planner._row_seconds(both, ex) + planner._row_seconds(extra, ex)  # type: ignore[arg-type]
    planner._drop_set(one)
    assert one.sets == 2 and one.sets_by_side == {"left": 3, "right": 2}  # the weaker side keeps its extra set


def test_a_row_carries_sets_by_side_and_the_session_rules(started):
    rows = [p for w in started["weeks"] for s in w["sessions"] for p in s["exercises"]]
    split = [p for p in rows if p["sets_by_side"]]
    assert split and all(p["side"] == "both" and max(p["sets_by_side"].values()) == p["sets"] + 1 for p in split)
    assert all(p["rest_seconds"] and "cautions" in p for p in rows)
    assert all(s["minutes"] and s["warmup"] for w in started["weeks"] for s in w["sessions"])
    # One row per exercise: no one-side extra row after a row of the same exercise.
    for w in started["weeks"]:
        for s in w["sessions"]:
            ids = [p["id"] for p in s["exercises"]]
            assert len(ids) == len(set(ids))


def test_a_level_change_is_announced_once_in_the_log_that_caused_it(invoke, started):
    announced = []
    for day in sessions(started)[:9]:  # weeks 1-3, every session clean, every morning logged
        for args, when in ((("--pain", "2"), day), (("--morning-pain", "2"), day + dt.timedelta(days=1))):
            r = invoke("log", "--date", day.isoformat(), *args, env=on(when))
            assert r.exit_code == 0, r.stdout + r.stderr
            announced += [line for line in flat(r.stdout).split("- ") if "up to level" in line]
    ups = [line.split(":")[1].strip() for line in announced]
    assert ups and len(ups) == len(set(ups)), announced


def test_morning_pain_over_the_limit_is_never_no_change(invoke, started):
    day = sessions(started)[0]
    assert invoke("log", "--date", day.isoformat(), "--pain", "6", env=on(day)).exit_code == 0
    r = invoke("log", "--date", day.isoformat(), "--morning-pain", "7", env=on(day + dt.timedelta(days=1)))
    assert r.exit_code == 0, r.stderr
    out = flat(r.stdout)
    assert "No change to the coming sessions" not in out
    assert "above your limit" in out and "see a doctor or physiotherapist" in out


def test_a_decided_level_up_reads_as_decided_not_as_a_condition(invoke, started):
    for day in sessions(started)[:6]:  # weeks 1-2 clean: the weak functions climb early
        log_clean(invoke, day)
    week3 = sessions(started)[6]
    for args in (("today",), ("plan", "--week", "3")):
        out = flat(invoke(*args, env=on(week3)).stdout)
        assert "abduction L1 -> L2 (gate met" in out, args
        assert "abduction L1 -> L2, only if" not in out and "abduction L1 -> L2, stabilization L1 -> L2, only if" not in out, args


def test_a_selected_week_has_its_own_dates_and_the_plan_starts_with_its_first_session(invoke, started, tmp_path):
    days = sessions(started)
    for fmt in ("txt", "md", "html"):
        out = tmp_path / f"week3.{fmt}"
        r = invoke("export", "--week", "3", "-o", str(out), env=on(days[0]))
        assert r.exit_code == 0, r.stderr
        text = " ".join(out.read_text("utf-8").split())
        assert "Mon 7 Dec 2026 to Fri 11 Dec 2026" in text and "week 3 of 8" in text, fmt
        assert "Mon 23 Nov 2026 to" not in text, fmt
    # A programme starting on a day without a session: the header starts at the first session.
    r = invoke("plan", "--new", "--start", "2026-11-24", "--weeks", "8", env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    out = flat(invoke("plan", env=on("2026-11-21")).stdout)
    assert "Wed 25 Nov 2026 to" in out and "Tue 24 Nov 2026 to" not in out


def test_a_missed_past_session_is_not_exported_as_still_to_do(invoke, started, tmp_path):
    mon, wed, fri, next_mon = sessions(started)[:4]
    log_clean(invoke, mon)
    log_clean(invoke, fri)  # Wednesday was not done
    out = tmp_path / "plan.ics"
    r = invoke("export", "-o", str(out), env=on(next_mon))
    assert r.exit_code == 0, r.stderr
    by_day = {ev["DTSTART_RAW"].rsplit(":", 1)[1][:8]: ev for ev in _events(out.read_text("utf-8")).values()}
    assert by_day[wed.strftime("%Y%m%d")]["STATUS"] == "CANCELLED" and "missed" in by_day[wed.strftime("%Y%m%d")]["SUMMARY"]
    for day in (mon, fri, next_mon):  # done, or still to come
        assert by_day[day.strftime("%Y%m%d")]["STATUS"] == "CONFIRMED"


def test_decisions_are_dated_on_the_session_that_decided_them(invoke, started):
    days = sessions(started)
    for day in days[:3]:
        log_clean(invoke, day)
    invoke("log", "--date", days[3].isoformat(), "--pain", "6", env=on(days[3]))
    invoke("log", "--date", days[3].isoformat(), "--morning-pain", "7", env=on(days[3] + dt.timedelta(days=1)))
    log_clean(invoke, days[4])
    doc = json.loads(invoke("plan", "--format", "json", env=on(days[5])).stdout)
    dates = {dt.date.fromisoformat(x["date"]) for x in doc["adaptation"]["decisions"]}
    assert dates and dates <= set(days), sorted(dates - set(days))


def test_every_view_reports_the_level_trained(invoke, started):
    # The runner's external and internal rotation tested ok but train at the weak abduction's level.
    days = sessions(started)
    for day in days[:4]:
        log_clean(invoke, day)
    today = days[4]
    plan = json.loads(invoke("plan", "--format", "json", env=on(today)).stdout)
    week = next(w for w in plan["weeks"] if any(s["date"] == today.isoformat() for s in w["sessions"]))
    prog = json.loads(invoke("progress", "--format", "json", env=on(today)).stdout)
    shown = {}
    for st_ in prog["status"]:
        shown[st_["function"]] = min(shown.get(st_["function"], 3), st_["level"])
    assert shown == week["levels"]
    session = next(s for s in week["sessions"] if s["date"] == today.isoformat())
    for p in session["exercises"]:
        assert p["level"] <= shown[p["functions"][0]]
    for x in plan["adaptation"]["decisions"]:  # at the level trained from the next session on
        after = next(w for w in plan["weeks"] if any(s["date"] > x["date"] for s in w["sessions"]))
        assert x["level"] == after["levels"][x["function"]] or x["decision"] != "hold", x
