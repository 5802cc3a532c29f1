"""The use cases without typer: each returns a Result (a document, a view, messages, an error)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from glutecli import services
from glutecli.errors import InputError, NotFoundError, ReferralError, StoreError
from glutecli.logbook import LogRequest
from glutecli.vocab import RedFlag

MONDAY = dt.date(2026, 12, 7)  # the example programme starts on this day when it is "today"


def ctx(day: dt.date = MONDAY, profile: str = "example") -> services.Context:
    return services.Context(profile=profile, pinned_today=day)


@pytest.fixture
def started() -> services.Result:
    return services.plan(ctx(), services.PlanOptions(example=True))


def doc(result: services.Result) -> dict:
    assert result.document is not None
    return dict(result.document())


# ---------------------------------------------------------------- context


def test_context_refuses_a_bad_profile_name() -> None:
    for bad in ("", ".hidden", "a/b", "x" * 65):
        with pytest.raises(InputError):
            services.Context(profile=bad)


def test_context_reads_today_once() -> None:
    c = services.Context(pinned_today=MONDAY)
    assert c.today() == MONDAY


def test_the_example_lives_in_its_own_profile() -> None:
    assert services.Context().example_profile() == "example"
    assert services.Context(profile="ann").example_profile() == "ann"


# ---------------------------------------------------------------- catalogue


def test_exercises_filters_and_documents() -> None:
    d = doc(services.exercises(ctx(), "abduction", 1, None))
    assert d["kind"] == "exercises" and d["count"] >= 1
    assert all(e["level"] == 1 and "abduction" in e["functions"] for e in d["exercises"])


def test_exercises_body_weight_only() -> None:
    d = doc(services.exercises(ctx(), None, None, ["none"]))
    assert all(not e["equipment"] for e in d["exercises"])


def test_exercise_by_id_and_unknown() -> None:
    assert doc(services.exercise(ctx(), "clamshell"))["kind"] == "exercise"
    with pytest.raises(NotFoundError):
        services.exercise(ctx(), "no-such-exercise")


def test_catalogue_check_counts_levels() -> None:
    from glutecli.paths import bundled_catalogue

    r = services.catalogue_check(str(bundled_catalogue()))
    d = doc(r)
    assert d["ok"] is True and sum(d["per_level"].values()) == d["exercises"]
    assert r.view is not None and ": ok, " in str(r.view())


# ---------------------------------------------------------------- plan, today, export


def test_plan_starts_the_example_and_says_so(started: services.Result) -> None:
    assert any(m.startswith("started a programme of 8 weeks on Mon 7 Dec 2026") for m in started.messages)
    d = doc(started)
    assert d["kind"] == "plan" and len(d["weeks"]) == 8
    assert started.keep is None  # a programme that was just started is not a replay


def test_plan_shown_again_changes_nothing_and_can_be_cached(started: services.Result) -> None:
    again = services.plan(ctx(), services.PlanOptions(example=True))
    assert not any(m.startswith("started") for m in again.messages)
    assert again.keep is not None
    again.keep("the printed view\n")
    replay = services.plan(ctx(), services.PlanOptions(example=True))
    assert replay.text == "the printed view\n" and replay.document is None


def test_plan_week_selection(started: services.Result) -> None:
    d = doc(services.plan(ctx(), services.PlanOptions(example=True, week=(3, 4))))
    assert [w["number"] for w in d["weeks"]] == [3, 4]
    with pytest.raises(InputError):
        services.plan(ctx(), services.PlanOptions(example=True, week=(9, 9)))


def test_plan_refuses_a_start_far_in_time() -> None:
    with pytest.raises(InputError):
        services.plan(ctx(), services.PlanOptions(example=True, start=dt.date(1, 1, 1)))


def test_plan_without_an_assessment() -> None:
    with pytest.raises(NotFoundError):
        services.plan(ctx(profile="nobody"), services.PlanOptions())


def test_today_gives_the_session(started: services.Result) -> None:
    d = doc(services.today(ctx(), MONDAY))
    assert d["kind"] == "today"


def test_today_without_a_programme_says_how_to_start() -> None:
    with pytest.raises(NotFoundError) as e:
        services.today(ctx(profile="example"), MONDAY)
    assert e.value.hint is not None and "glute plan --example" in e.value.hint


def test_export_prints_or_writes(started: services.Result, tmp_path: Path) -> None:
    r = services.export(ctx(), services.ExportOptions(fmt="csv"))
    assert r.text is not None and r.text_format == "csv" and "," in r.text
    out = tmp_path / "plan.md"
    r = services.export(ctx(), services.ExportOptions(output=str(out), week=(1, 1)))
    assert out.is_file() and r.text == ""
    assert r.messages and r.messages[0].startswith("wrote ") and "(md, 1 weeks" in r.messages[0]


def test_export_ics_checks_the_zone(started: services.Result) -> None:
    with pytest.raises(InputError):
        services.export(ctx(), services.ExportOptions(fmt="ics", tz="Not/AZone"))


# ---------------------------------------------------------------- assess and history


def test_assess_asks_when_no_file_is_given() -> None:
    from glutecli.assess import example_answers

    asked: list[bool] = []

    def ask():  # type: ignore[no-untyped-def]
        asked.append(True)
        return example_answers()

    r = services.assess(ctx(profile="ann"), None, ask)
    assert asked and doc(r)["kind"] == "assessment" and r.error is None
    assert doc(services.history(ctx(profile="ann")))["count"] == 1
    assert doc(services.assessment(ctx(profile="ann"), "latest"))["kind"] == "assessment"


def test_assess_template_is_text() -> None:
    r = services.assess_template()
    assert r.text and r.document is None


# ---------------------------------------------------------------- log, progress, move, doctor


def test_log_a_session_then_list_and_undo(started: services.Result) -> None:
    r = services.log_session(ctx(), MONDAY, LogRequest(date=MONDAY, pain=2), lambda p: pytest.fail("asked"))
    assert doc(r)["kind"] == "log" and r.error is None
    logs = doc(services.log_list(ctx()))
    assert [lg["date"] for lg in logs["logs"]] == ["2026-12-07"]
    gone = services.log_delete(ctx(), None)
    assert gone.text == "removed the log of Mon 7 Dec 2026 (pain 2/10)\n"


def test_log_asks_about_the_planned_session(started: services.Result) -> None:
    seen = []

    def ask(prepared):  # type: ignore[no-untyped-def]
        seen.append(prepared.session.date)
        return LogRequest(date=prepared.session.date, pain=1)

    services.log_session(ctx(), MONDAY, None, ask)
    assert seen == [MONDAY]


def test_a_red_flag_is_logged_then_refers(started: services.Result) -> None:
    r = services.log_session(ctx(), MONDAY, LogRequest(date=MONDAY, pain=2, red_flags=[RedFlag.numbness]), lambda p: pytest.fail("asked"))
    assert isinstance(r.error, ReferralError) and r.error.message.startswith("Logged. ")
    assert doc(r)["kind"] == "log"  # the log is shown before the referral


def test_morning_pain(started: services.Result) -> None:
    services.log_session(ctx(), MONDAY, LogRequest(date=MONDAY, pain=2), lambda p: pytest.fail("asked"))
    r = services.log_morning(ctx(MONDAY + dt.timedelta(days=1)), None, 1)
    assert doc(r)["kind"] == "log"


def test_progress(started: services.Result) -> None:
    r = services.progress(ctx())
    assert doc(r)["kind"] == "progress" and r.error is None


def test_progress_without_a_programme() -> None:
    with pytest.raises(NotFoundError) as e:
        services.progress(ctx(profile="nobody"))
    assert "no programme is running" in e.value.message


def test_move_a_session(started: services.Result) -> None:
    r = services.move(ctx(), dt.date(2026, 12, 9), dt.date(2026, 12, 10))
    assert r.text and r.text.endswith("\n")
    days = [s["date"] for s in doc(services.plan(ctx(), services.PlanOptions(example=True)))["weeks"][0]["sessions"]]
    assert "2026-12-10" in days and "2026-12-09" not in days


def test_doctor_on_a_healthy_store(started: services.Result) -> None:
    r = services.doctor(repair=False)
    assert doc(r)["kind"] == "doctor" and r.error is None


def test_doctor_reports_problems_as_a_store_error(started: services.Result, glute_home: Path) -> None:
    (glute_home / "glute.db").write_bytes(b"not a database at all" * 100)
    try:
        r = services.doctor(repair=False)
    except StoreError:
        return  # a store it cannot open at all is an error of its own
    assert isinstance(r.error, StoreError)
