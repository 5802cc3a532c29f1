"""glutecli/present/text.py: one wording for every view (dates, sessions line, decisions)."""

from __future__ import annotations

import datetime as dt

import pytest

from glutecli.present import text

DAY = dt.date(2026, 12, 7)  # a Monday


def test_dates_are_spelt_without_zero_padding_or_locale() -> None:
    assert text.long_date(DAY) == "Mon 7 Dec 2026"
    assert text.short_date(DAY) == "Mon 7 Dec"
    assert text.day_month(DAY) == "7 Dec"
    assert text.date_range(DAY, dt.date(2026, 12, 11)) == "Mon 7 Dec to Fri 11 Dec 2026"
    assert text.date_range(dt.date(2026, 12, 28), dt.date(2027, 1, 1)) == "Mon 28 Dec 2026 to Fri 1 Jan 2027"


def test_plan_end_is_the_last_session_or_the_start() -> None:
    from glutecli.assess import example_answers, score
    from glutecli.catalogue import load_catalogue
    from glutecli.planner import PlanOptions, build_plan

    plan = build_plan(score(example_answers(), today=dt.date(2026, 12, 5)), load_catalogue(), PlanOptions(weeks=2, start=DAY))
    assert text.plan_end(plan) == plan.weeks[-1].sessions[-1].date
    assert text.plan_end(plan.model_copy(update={"weeks": []})) == DAY
    assert text.sessions_text(plan) == "3 sessions a week on Mon, Wed, Fri, at least 24 h apart"


def test_decision_words_read_the_same_everywhere() -> None:
    from glutecli.models import Function

    assert text.decision_text("hold", 2) == "held at level 2"
    assert text.decision_phrase(Function.external_rotation, "left", "level_down", 1) == "external rotation (left side) down to level 1"
    assert set(text.DECISION_WORDS) == {"up", "progress", "hold", "step_back", "level_down", "stop"}


@pytest.mark.parametrize("view", [("plan", "--example", "--weeks", "2"), ("--profile", "example", "today")])
def test_the_table_and_the_export_spell_the_start_alike(invoke, view) -> None:
    # The same plan once printed "Mon 07 Dec 2026" in the table and "Mon 7 Dec 2026" in the export.
    env = {"GLUTE_TODAY": "2026-12-05", "NO_COLOR": "1"}
    assert invoke("plan", "--example", "--weeks", "2", env=env).exit_code == 0
    shown = invoke(*view, env=env)
    exported = invoke("--profile", "example", "export", "--format", "txt", env=env)
    assert shown.exit_code == 0 and exported.exit_code == 0, shown.stderr + exported.stderr
    assert "Mon 7 Dec 2026" in exported.stdout
    assert "Mon 7 Dec" in shown.stdout and "07 Dec" not in shown.stdout
