"""`glute today` and glutecli/today.py: session day, rest day, before the start, after the end, json."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from glutecli.catalogue import load_catalogue
from glutecli.present.json import today_doc as today_document
from glutecli.today import next_session, session_for, today_view

START = dt.date(2026, 11, 23)  # a Monday; the example person trains mon, wed, fri


def make_plan(start: dt.date = START, weeks: int = 8):
    from glutecli.assess import example_answers, score
    from glutecli.catalogue import load_catalogue
    from glutecli.planner import PlanOptions, build_plan

    return build_plan(score(example_answers(), today=dt.date(2026, 11, 21)), load_catalogue(), PlanOptions(weeks=weeks, start=start))


@pytest.fixture
def plan():
    return make_plan()


@pytest.fixture
def saved(plan):
    """The plan as a running programme: its assessment saved, then the plan's options."""
    from glutecli.assess import example_answers, score
    from glutecli.store import Store

    with Store() as store:
        a = store.save_assessment(score(example_answers(), today=dt.date(2026, 11, 21)))
        plan = plan.model_copy(update={"assessment_id": a.id})
        store.save_plan("default", plan)
    return plan


def test_session_for_and_next_session(plan):
    assert session_for(plan, START) is plan.weeks[0].sessions[0]
    assert session_for(plan, dt.date(2026, 11, 24)) is None
    assert next_session(plan, START).date == dt.date(2026, 11, 25)  # strictly after
    assert next_session(plan, dt.date(2026, 11, 1)).date == START
    assert next_session(plan, dt.date(2027, 1, 15)) is None  # the last session
    assert session_for(plan, dt.date(2027, 1, 15)) is plan.weeks[-1].sessions[-1]


def test_session_day(plan):
    v = today_view(plan, dt.date(2026, 11, 25), load_catalogue())
    assert v.status == "session"
    assert v.message == "Wed 25 Nov 2026: week 1 of 8 (activation), session 2 of 3"
    assert v.session.session.date == dt.date(2026, 11, 25) and v.session.index == 2 and v.session.count == 3
    assert v.next.session.date == dt.date(2026, 11, 27)
    first = v.session.items[0]
    assert first.cues and first.main.cue == first.cues[0]
    # The weaker side's extra set is attached to its exercise, not a separate item.
    assert all(it.main.side == "both" for it in v.session.items)
    assert any(x.side == "left" for it in v.session.items for x in it.extras)


def test_rest_day(plan):
    v = today_view(plan, dt.date(2026, 11, 24), load_catalogue())
    assert v.status == "rest" and v.session is None
    assert v.message == "rest day - next session is Wed 25 Nov"
    assert today_view(plan, dt.date(2026, 11, 28), load_catalogue()).message == "rest day - next session is Mon 30 Nov"


def test_before_the_start(plan):
    v = today_view(plan, dt.date(2026, 11, 20), load_catalogue())
    assert v.status == "before_start" and v.session is None
    assert v.message == "the plan starts on Mon 23 Nov 2026"
    assert v.next.session.date == START


def test_start_day_without_a_session():
    plan = make_plan(start=dt.date(2026, 11, 24))  # a Tuesday: the first session is Wednesday
    v = today_view(plan, dt.date(2026, 11, 23), load_catalogue())
    assert v.message == "the plan starts on Tue 24 Nov 2026 - first session is Wed 25 Nov"
    v = today_view(plan, dt.date(2026, 11, 24), load_catalogue())
    assert v.status == "rest" and v.message == "rest day - next session is Wed 25 Nov"


def test_after_the_end(plan):
    v = today_view(plan, dt.date(2027, 1, 16), load_catalogue())
    assert v.status == "ended" and v.session is None and v.next is None
    assert v.message.startswith("the plan has ended on Fri 15 Jan 2027")
    assert "glute assess" in v.message


def test_last_session_has_no_next(plan):
    v = today_view(plan, dt.date(2027, 1, 15), load_catalogue())
    assert v.status == "session" and v.next is None


def test_json_document(plan):
    doc = today_document(today_view(plan, START, load_catalogue()))
    assert doc["schema_version"] == 1 and doc["kind"] == "today"
    assert doc["date"] == "2026-11-23" and doc["status"] == "session"
    s = doc["session"]
    assert s["date"] == "2026-11-23" and s["weekday"] == "mon" and s["week"] == 1 and s["session"] == 1
    # Every prescription of the session, extra sets included, each with the catalogue's cues.
    assert len(s["exercises"]) == len(plan.weeks[0].sessions[0].exercises)
    assert {"id", "name", "sets", "reps", "hold_seconds", "side", "level", "cue", "cues"} <= set(s["exercises"][0])
    assert doc["next_session"]["date"] == "2026-11-25"
    # The session's time: estimated minutes, rest, tempo and warm-up, as in the plan document.
    planned = plan.weeks[0].sessions[0]
    assert s["minutes"] == planned.minutes and s["minutes"] > 0
    assert s["warmup"] == planned.warmup and s["warmup"]
    assert s["carry_over"] == planned.carry_over
    assert s["rest_seconds"] == planned.exercises[0].rest_seconds and s["rest_seconds"] > 0
    assert s["tempo"] == planned.exercises[0].tempo and s["tempo"]
    assert all({"rest_seconds", "tempo"} <= set(e) for e in s["exercises"])
    json.dumps(doc)  # plain JSON types only
    rest = today_document(today_view(plan, dt.date(2026, 11, 24), load_catalogue()))
    assert rest["session"] is None and rest["next_session"]["date"] == "2026-11-25"
    assert rest["message"] == "rest day - next session is Wed 25 Nov"
    ended = today_document(today_view(plan, dt.date(2027, 6, 1), load_catalogue()))
    assert ended["session"] is None and ended["next_session"] is None and ended["status"] == "ended"


# ---------------------------------------------------------------- CLI


def test_cli_session_day(invoke, saved):
    r = invoke("today", "--date", "2026-11-23")
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    assert "Today: Mon 23 Nov 2026 - week 1 (activation), session 1 of 3" in out
    assert "☐ ☐ ☐" in out
    for p in saved.weeks[0].sessions[0].exercises:
        assert p.name in out
    assert "3 x 8, 2 s hold, each side" in out
    assert "Keep your hip bones stacked" in out  # a cue
    assert "extra set on the left" in out
    # The session's time: estimated minutes, warm-up, rest between sets and tempo.
    first = saved.weeks[0].sessions[0]
    flat = " ".join(out.replace("│", " ").split())  # the panel's borders are not text
    assert f"About {first.minutes} min" in flat
    assert f"Rest {first.exercises[0].rest_seconds} s between sets" in flat
    assert " ".join(first.exercises[0].tempo.split()) in flat
    assert " ".join(first.warmup[0].split())[:30] in flat
    assert "Next session: Wed 25 Nov" in out
    assert "\x1b[" not in out
    assert r.stderr == ""


def test_cli_rest_day(invoke, saved):
    r = invoke("today", "--date", "2026-11-24")
    assert r.exit_code == 0, r.stderr
    assert "rest day - next session is Wed 25 Nov" in r.stdout


def test_cli_before_and_after(invoke, saved):
    r = invoke("today", "--date", "2026-11-01")
    assert r.exit_code == 0 and "the plan starts on Mon 23 Nov 2026" in r.stdout
    r = invoke("today", "--date", "2027-02-01")
    assert r.exit_code == 0 and "the plan has ended on Fri 15 Jan 2027" in r.stdout


def test_cli_json(invoke, saved):
    r = invoke("today", "--date", "2026-11-27", "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["kind"] == "today" and doc["session"]["date"] == "2026-11-27" and doc["next_session"]["date"] == "2026-11-30"


def test_cli_default_date_is_today(invoke, saved, monkeypatch):
    monkeypatch.setenv("GLUTE_TODAY", "2026-12-31")  # the one clock; tomorrow crosses a year end
    r = invoke("today", "--format", "json")
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["date"] == "2026-12-31"
    r = invoke("today", "--date", "tomorrow", "--format", "json")
    assert json.loads(r.stdout)["date"] == "2027-01-01"


def test_cli_bad_date(invoke, saved):
    r = invoke("today", "--date", "23/11/2026")
    assert r.exit_code == 2
    assert "--date" in r.stderr and "YYYY-MM-DD" in r.stderr


def test_cli_without_a_plan(invoke):
    r = invoke("today")
    assert r.exit_code == 2
    assert "no programme is running" in r.stderr


def test_cli_today_follows_glute_today(invoke, saved):
    r = invoke("today", env={"GLUTE_TODAY": "2026-11-24"})
    assert r.exit_code == 0, r.stderr
    assert "rest day - next session is Wed 25 Nov" in r.stdout
    r = invoke("today", "--date", "tomorrow", "--format", "json", env={"GLUTE_TODAY": "2026-11-24"})
    assert json.loads(r.stdout)["date"] == "2026-11-25"


def test_today_refers_once_the_log_says_stop(invoke, monkeypatch):
    """`today` reads the plan re-planned from the log: after pain 8/10 it refers, it does not list exercises."""
    runner = Path(__file__).parent / "fixtures" / "personas" / "runner.yaml"
    monkeypatch.setenv("GLUTE_TODAY", "2026-11-25")
    assert invoke("plan", "--answers", str(runner), "--start", "2026-11-23").exit_code == 0
    assert invoke("today", "--date", "2026-11-25").exit_code == 0
    r = invoke("log", "--date", "2026-11-23", "--pain", "8")
    assert r.exit_code == 3, r.stderr
    r = invoke("today", "--date", "2026-11-25")
    assert r.exit_code == 3, (r.stdout, r.stderr)
    assert "see a doctor or physiotherapist" in r.stderr
    assert "Side-lying" not in r.stdout
