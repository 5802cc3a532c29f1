"""`glute log`, `glute progress`, `glute doctor` and `glute plan` re-planning from the log, through
the CLI. GLUTE_TODAY pins today; the runner persona's plan starts Mon 23 Nov 2026 (Mon/Wed/Fri)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glutecli.store import DB_NAME, Store

RUNNER = Path(__file__).parent / "fixtures" / "personas" / "runner.yaml"
MON, TUE, WED = "2026-11-23", "2026-11-24", "2026-11-25"


def on(day: str, **extra: str) -> dict:
    return {"GLUTE_TODAY": day, **extra}


@pytest.fixture
def planned(invoke):
    """An assessment and an 8-week plan from Mon 23 Nov 2026; returns the plan document."""
    r = invoke("assess", "--answers", str(RUNNER), env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    r = invoke("plan", "--start", MON, "--format", "json", env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


def session_rows(plan: dict, date: str) -> list[dict]:
    return next(s for w in plan["weeks"] for s in w["sessions"] if s["date"] == date)["exercises"]


def flat(text: str) -> str:
    """Text with the rich wrapping (and panel borders) undone, for phrases that may wrap."""
    return " ".join(text.replace("│", " ").split())


def stored(home: Path) -> list:
    with Store(home) as store:
        return store.logs("default")


# ---------------------------------------------------------------- flags


def test_log_with_flags(invoke, planned, glute_home) -> None:
    r = invoke("log", "--pain", "2", env=on(MON))
    assert r.exit_code == 0, r.stderr
    n = len(session_rows(planned, MON))
    assert f"Logged Mon 23 Nov 2026: {n} of {n} entries as prescribed, pain 2/10." in r.stdout
    assert "Next session: Wed 25 Nov 2026 (glute today --date 2026-11-25)" in r.stdout
    logs = stored(glute_home)
    assert len(logs) == 1 and logs[0].pain_during == 2 and all(e.full_dose() and not e.compensation for e in logs[0].exercises)
    assert [e.id for e in logs[0].exercises] == [p["id"] for p in session_rows(planned, MON)]


def test_log_json_and_what_was_done(invoke, planned) -> None:
    r = invoke("log", "--date", MON, "--pain", "3", "--exercise", "side-lying-hip-abduction", "--sets", "2", "--reps", "5",
               "--compensated", "side-lying-hip-abduction", "--side", "left", "--format", "json", env=on(WED))  # fmt: skip
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == 1 and doc["kind"] == "log" and doc["recorded"] == "session" and not doc["replaced"]
    rows = [e for e in doc["log"]["exercises"] if e["id"] == "side-lying-hip-abduction"]
    assert (rows[0]["sets_done"], rows[0]["reps_done"], rows[0]["compensation"]) == (2, 5, "left")
    assert all(e["compensation"] is None for e in doc["log"]["exercises"] if e["id"] != "side-lying-hip-abduction")
    assert doc["next_session"]["date"] == WED and doc["refer"] == []


def test_a_session_logged_twice_needs_replace(invoke, planned, glute_home) -> None:
    assert invoke("log", "--pain", "2", env=on(MON)).exit_code == 0
    r = invoke("log", "--pain", "4", env=on(MON))
    assert r.exit_code == 2
    assert "error: the session of Mon 23 Nov 2026 is already logged" in r.stderr
    assert "hint: amend it with: glute log --date 2026-11-23 --replace" in r.stderr
    r = invoke("log", "--pain", "4", "--replace", env=on(MON))
    assert r.exit_code == 0 and "Replaced the log of Mon 23 Nov 2026" in r.stdout
    assert [lg.pain_during for lg in stored(glute_home)] == [4]


@pytest.mark.parametrize(
    ("args", "today", "message"),
    [
        (["--date", WED, "--pain", "2"], MON, "Wed 25 Nov 2026 is in the future"),
        (["--date", "2026-11-21", "--pain", "2"], WED, "no open session to log on Sat 21 Nov 2026; the nearest are Mon 23 Nov"),
        (["--date", "23/11/2026", "--pain", "2"], WED, "--date '23/11/2026': not a date"),
        (["--exercise", "fire-hydrant", "--sets", "2", "--pain", "2"], MON, "each --exercise needs its own --sets and --reps"),
        (["--exercise", "bridge", "--sets", "2", "--reps", "5", "--pain", "2"], MON, "--exercise 'bridge' is not in the session"),
        (["--compensation"], MON, "--pain N is needed"),
        (["--skipped", "--compensation"], MON, "a --skipped session has no exercises"),
        (["--morning-pain", "2", "--pain", "3"], MON, "--morning-pain is logged on its own"),
    ],
)
def test_log_refuses(invoke, planned, glute_home, args, today, message) -> None:
    r = invoke("log", *args, env=on(today))
    assert r.exit_code == 2, r.stdout + r.stderr
    assert message in r.stderr
    assert stored(glute_home) == []


def test_log_refuses_without_a_plan(invoke) -> None:
    r = invoke("log", "--pain", "2", env=on(MON))
    assert r.exit_code == 2 and "no programme is running for profile 'default'" in r.stderr and "glute plan" in r.stderr


def test_skipped(invoke, planned, glute_home) -> None:
    r = invoke("log", "--skipped", env=on(MON))
    assert r.exit_code == 0 and "Logged Mon 23 Nov 2026 as skipped." in r.stdout
    assert stored(glute_home)[0].skipped


# ---------------------------------------------------------------- morning pain


def test_morning_pain(invoke, planned, glute_home) -> None:
    r = invoke("log", "--morning-pain", "2", env=on(MON))
    assert r.exit_code == 2 and "no session logged yet" in r.stderr
    assert invoke("log", "--pain", "2", env=on(MON)).exit_code == 0
    r = invoke("log", "--morning-pain", "2", env=on(MON))
    assert r.exit_code == 2 and "the morning after Mon 23 Nov 2026 has not come yet" in r.stderr
    r = invoke("log", "--morning-pain", "2", env=on(TUE))
    assert r.exit_code == 0, r.stderr
    assert "Recorded the morning pain after the session of Mon 23 Nov 2026: 2/10." in r.stdout
    r = invoke("log", "--morning-pain", "3", env=on(TUE))
    assert r.exit_code == 2 and "already logged (2/10)" in r.stderr and "--replace" in r.stderr
    r = invoke("log", "--date", MON, "--morning-pain", "3", "--replace", env=on(WED))
    assert r.exit_code == 0 and "Replaced the morning pain" in r.stdout
    assert stored(glute_home)[0].morning_pain == 3
    r = invoke("log", "--date", WED, "--morning-pain", "3", env=on("2026-11-26"))
    assert r.exit_code == 2 and "no session logged on Wed 25 Nov 2026" in r.stderr


def test_high_morning_pain_steps_back(invoke, planned) -> None:
    assert invoke("log", "--pain", "2", env=on(MON)).exit_code == 0
    r = invoke("log", "--morning-pain", "6", env=on(TUE))  # baseline 3 + 2 = 5
    assert r.exit_code == 0, r.stderr
    assert "What changes in the coming sessions" in r.stdout and "morning pain 6 > baseline 3 + 2" in flat(r.stdout)


# ---------------------------------------------------------------- pain: adapt, or stop and refer


def test_pain_above_5_steps_the_plan_back_and_plan_keeps_its_start(invoke, planned) -> None:
    r = invoke("log", "--pain", "7", env=on(MON))
    assert r.exit_code == 0, r.stderr
    assert "What changes in the coming sessions:" in r.stdout
    assert "pain 7/10 during the session of 23 Nov" in flat(r.stdout) and "Advice" in r.stdout
    r = invoke("plan", "--format", "json", env=on(TUE))
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["start_date"] == MON and doc["weeks_total"] == 8  # re-planned, not restarted next Monday
    assert doc["adaptation"]["as_of"] == TUE and doc["adaptation"]["decisions"]
    assert session_rows(doc, MON) == session_rows(planned, MON)  # the past stays as it was done
    levels = {p["id"]: p["level"] for p in session_rows(doc, WED)}
    assert "horse-stance" not in levels  # external rotation went down to level 1 (first week: no lower dose)
    r = invoke("plan", env=on(TUE))
    assert "External rotation down to level 1: pain 7/10 during the session of 23 Nov" in flat(r.stdout)
    assert "Advice from your log" in r.stdout
    r = invoke("today", "--date", WED, "--format", "json", env=on(TUE))
    assert r.exit_code == 0, r.stderr
    assert "horse-stance" not in r.stdout  # glute today reads the re-planned active plan


def test_pain_8_records_the_log_then_refers(invoke, planned, glute_home) -> None:
    r = invoke("log", "--pain", "8", env=on(MON))
    assert r.exit_code == 3
    assert "programme is paused" in flat(r.stderr) and "pain 8/10 during the session of 23 Nov" in flat(r.stderr)
    assert [lg.pain_during for lg in stored(glute_home)] == [8]
    r = invoke("plan", env=on(TUE))
    assert r.exit_code == 3 and "see a doctor or physiotherapist" in flat(r.stderr)
    r = invoke("progress", "--format", "json", env=on(TUE))
    assert r.exit_code == 3 and json.loads(r.stdout)["refer"]


def test_a_red_flag_refers(invoke, planned) -> None:
    r = invoke("log", "--pain", "2", "--red-flag", "numbness", env=on(MON))
    assert r.exit_code == 3 and "numbness or leg weakness" in r.stderr


# ---------------------------------------------------------------- interactive


def test_no_terminal_and_no_flags(invoke, planned) -> None:
    r = invoke("log", env=on(MON))
    assert r.exit_code == 2 and "no terminal to ask questions on" in r.stderr and "glute log --pain 3" in r.stderr


def test_interactive(invoke, planned, glute_home) -> None:
    rows = session_rows(planned, MON)
    answers = "\n"  # did the session
    answers += "2x5\nleft\n4\n"  # first row: 2 sets of 5, left compensation, pain 4
    answers += "\n" * (len(rows) - 1)  # the rest as prescribed
    answers += "\n"  # highest pain: default = the highest exercise pain (4)
    answers += "n\n"  # no warning sign
    r = invoke("log", input=answers, env=on(MON, GLUTE_ASSUME_TTY="1"))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "Session of Mon 23 Nov 2026" in r.stdout and f"1/{len(rows)} {rows[0]['name']}" in r.stdout
    assert "Logged Mon 23 Nov 2026" in r.stdout and "pain 4/10" in r.stdout
    lg = stored(glute_home)[0]
    first = lg.exercises[0]
    assert (first.sets_done, first.compensation, first.pain) == (2, "left", 4)
    assert lg.pain_during == 4 and all(e.full_dose() for e in lg.exercises[1:])


def test_interactive_asks_the_previous_morning_and_reasks_bad_answers(invoke, planned, glute_home) -> None:
    assert invoke("log", "--pain", "2", env=on(MON)).exit_code == 0
    rows = session_rows(planned, WED)
    answers = "2\n" + "\n" + "lots\n" + "\n" * len(rows) + "eleven\n3\n" + "n\n"
    r = invoke("log", input=answers, env=on(WED, GLUTE_ASSUME_TTY="1"))
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "Pain the morning after your session of Mon 23 Nov" in r.stdout
    assert "'lots': press Enter if done as prescribed" in r.stdout and "type a whole number from 0 to 10" in r.stdout
    mon, wed = stored(glute_home)
    assert mon.morning_pain == 2 and wed.pain_during == 3


def test_interactive_skipped(invoke, planned, glute_home) -> None:
    r = invoke("log", input="s\n", env=on(MON, GLUTE_ASSUME_TTY="1"))
    assert r.exit_code == 0 and "as skipped" in r.stdout
    assert stored(glute_home)[0].skipped


def test_interactive_interrupted_saves_nothing(invoke, planned, glute_home) -> None:
    r = invoke("log", input="\n\n", env=on(MON, GLUTE_ASSUME_TTY="1"))  # input ends half-way (as Ctrl-D)
    assert r.exit_code == 130
    assert stored(glute_home) == []


def test_interactive_checks_the_date_before_asking(invoke, planned) -> None:
    r = invoke("log", "--date", "2026-11-21", input="\n", env=on(WED, GLUTE_ASSUME_TTY="1"))
    assert r.exit_code == 2 and "no open session to log" in r.stderr and "Session of" not in r.stdout


# ---------------------------------------------------------------- progress


def _log_week(invoke) -> None:
    for day, pain in ((MON, 2), (WED, 6)):
        assert invoke("log", "--date", day, "--pain", str(pain), env=on(day)).exit_code == 0
    assert invoke("log", "--date", MON, "--morning-pain", "2", env=on(TUE)).exit_code == 0


def test_progress_table(invoke, planned) -> None:
    _log_week(invoke)
    r = invoke("progress", env=on("2026-11-26"))
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    for text in ("Progress", "2 done of 2 planned so far (100%)", "Adherence per week", "Pain over time", "Level per function and side",
                 "Gates pending because of", "Re-test (glute assess) due", "week 4: Fri 18 Dec 2026", "One assessment so far"):  # fmt: skip
        assert text in out, text
    assert "Mon 23 Nov   ##........ 2   ##........ 2" in out
    assert "Wed 25 Nov   ######.... 6   -" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_progress_json(invoke, planned) -> None:
    _log_week(invoke)
    r = invoke("progress", "--format", "json", env=on("2026-11-26"))
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == 1 and doc["kind"] == "progress"
    assert (doc["sessions_done"], doc["sessions_planned_to_date"], doc["baseline_pain"]) == (2, 2, 3)
    week1 = doc["adherence"][0]
    assert (week1["planned"], week1["done"], week1["state"], week1["pain_during_max"], week1["morning_pain_max"]) == (3, 2, "current", 6, 2)
    assert [(p["date"], p["during"], p["morning"]) for p in doc["pain"]] == [(MON, 2, 2), (WED, 6, None)]
    assert {(s["function"], s["side"]) for s in doc["status"]} >= {("abduction", "left"), ("abduction", "right")}
    assert [r_["due"] for r_ in doc["reassessments"]] == ["2026-12-18", "2027-01-15"]
    assert any(d["decision"] == "step_back" for d in doc["recent_decisions"])


def test_progress_shows_the_change_between_assessments(invoke, planned, tmp_path) -> None:
    better = tmp_path / "better.yaml"
    better.write_text(RUNNER.read_text().replace("now: 3", "now: 1"))
    assert invoke("assess", "--answers", str(better), env=on(TUE)).exit_code == 0
    r = invoke("progress", "--format", "json", env=on(TUE))
    assert r.exit_code == 0, r.stderr
    assert "pain 3 -> 1" in json.loads(r.stdout)["assessment_changes"]


def test_progress_after_a_missed_week_shows_the_slide(invoke, planned) -> None:
    for day in (MON, WED, "2026-11-27"):
        assert invoke("log", "--date", day, "--pain", "2", env=on(day)).exit_code == 0
    r = invoke("progress", "--format", "json", env=on("2026-12-07"))  # nothing logged in week 2
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["slide_days"] == 7 and doc["adherence"][1]["state"] == "missed" and doc["plan_end"] == "2027-01-22"
    r = invoke("plan", "--format", "json", env=on("2026-12-07"))
    assert json.loads(r.stdout)["weeks_total"] == 9 and json.loads(r.stdout)["weeks"][1]["note"].startswith("missed (0 of 3")


def test_an_adapted_plan_is_a_valid_plan_document(invoke, planned) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parent.parent / "glutecli" / "schemas" / "plan.schema.json").read_text())
    assert invoke("log", "--pain", "7", "--compensated", "side-lying-hip-abduction", "--side", "left", env=on(MON)).exit_code == 0
    doc = json.loads(invoke("plan", "--format", "json", env=on(TUE)).stdout)
    assert doc["adaptation"]["decisions"] and doc["weeks"][0]["program_week"] == 1
    jsonschema.validate(doc, schema)
    jsonschema.validate(planned, schema)
    assert "adaptation" not in planned and "program_week" not in planned["weeks"][0]  # no log: the document as before


def test_progress_without_a_plan(invoke) -> None:
    r = invoke("progress", env=on(MON))
    assert r.exit_code == 2 and "no programme is running" in r.stderr


# ---------------------------------------------------------------- doctor


def test_doctor(invoke, planned, glute_home) -> None:
    assert invoke("log", "--pain", "2", env=on(MON)).exit_code == 0
    r = invoke("doctor")
    assert r.exit_code == 0, r.stderr
    assert "integrity ok" in r.stdout and "result    ok" in r.stdout
    doc = json.loads(invoke("doctor", "--format", "json").stdout)
    assert doc["kind"] == "doctor" and doc["profiles"][0]["logs"] == 1


def test_doctor_repairs_a_corrupt_store(invoke, glute_home) -> None:
    glute_home.mkdir(parents=True, exist_ok=True)
    (glute_home / DB_NAME).write_bytes(b"not a database" * 100)
    r = invoke("plan", "--example")
    assert r.exit_code == 1 and "hint: run 'glute doctor'" in r.stderr
    r = invoke("doctor")
    assert r.exit_code == 1 and "not a readable SQLite database" in r.stdout and "glute doctor --repair" in r.stderr
    r = invoke("doctor", "--repair")
    assert r.exit_code == 0, r.stdout + r.stderr
    assert "Backup:" in r.stdout and list(glute_home.glob(f"{DB_NAME}.bak-*"))
    assert invoke("plan", "--example").exit_code == 0


@pytest.mark.parametrize("command", ["log", "progress", "doctor"])
def test_help_ends_with_an_example(invoke, command) -> None:
    r = invoke(command, "--help")
    assert r.exit_code == 0 and "Example: glute " + command in r.stdout
