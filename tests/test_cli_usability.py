"""Usability of the command line: next steps that work, help that reads, errors in glute's words,
dates and days as people type them, questions that re-ask, say their default and stop cleanly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from glutecli.cli.options import parse_date, parse_days
from glutecli.cli.prompts import Asker
from glutecli.errors import InputError
from glutecli.store import Store

RUNNER = Path(__file__).parent / "fixtures" / "personas" / "runner.yaml"
WED = dt.date(2026, 11, 25)  # a Wednesday


def on(day: str, **extra: str) -> dict:
    return {"GLUTE_TODAY": day, **extra}


@pytest.fixture
def planned(invoke):
    """The runner persona's plan from Mon 23 Nov 2026 (Mon/Wed/Fri)."""
    assert invoke("assess", "--answers", str(RUNNER), env=on("2026-11-21")).exit_code == 0
    r = invoke("plan", "--start", "2026-11-23", "--format", "json", env=on("2026-11-21"))
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)


# ---------------------------------------------------------------- next steps


def test_example_next_steps_work_as_written(invoke) -> None:
    r = invoke("plan", "--example", env=on("2026-12-02"))
    assert r.exit_code == 0, r.stderr
    assert "'glute --profile example plan'" in r.stderr and "'glute --profile example today'" in r.stderr
    assert r.stderr.rstrip().endswith("make your own: glute assess")
    for cmd in (("--profile", "example", "plan"), ("--profile", "example", "today")):
        assert invoke(*cmd, env=on("2026-12-07")).exit_code == 0


def test_own_plan_next_steps_name_no_profile(invoke) -> None:
    assert invoke("assess", "--answers", str(RUNNER), env=on("2026-11-21")).exit_code == 0
    r = invoke("plan", env=on("2026-11-21"))
    assert "'glute plan' shows it again" in r.stderr and "make your own" not in r.stderr


# ---------------------------------------------------------------- help


def test_help_lists_commands_in_the_order_of_use_on_one_line_each(invoke) -> None:
    r = invoke("--help", env={"COLUMNS": "80"})
    section = r.stdout.split("Commands:", 1)[1]
    names = [line.split()[0] for line in section.splitlines() if line.startswith("  ") and not line.startswith("   ")]
    order = ["assess", "plan", "today", "go", "log", "progress", "move", "export", "history", "exercises", "catalogue", "doctor"]
    assert names == [n for n in order if n in names] and len(names) >= 11
    assert "..." not in section
    assert all(len(line) <= 80 for line in section.splitlines())


@pytest.mark.parametrize("cmd", [(), ("plan",), ("log",), ("export",), ("exercises",), ("today",), ("assess",)])
def test_help_value_names_are_readable(invoke, cmd: tuple[str, ...]) -> None:
    out = invoke(*cmd, "--help", env={"COLUMNS": "200"}).stdout
    for typer_name in ("<int range>", "<str>", "list[", "<int>", "<=x<="):
        assert typer_name not in out, (cmd, typer_name)


def test_help_names_dates_days_and_files(invoke) -> None:
    plan = invoke("plan", "--help", env={"COLUMNS": "200"}).stdout
    assert "--start DATE" in plan and "--days DAYS" in plan and "--weeks N" in plan and "--export FILE" in plan
    log = invoke("log", "--help", env={"COLUMNS": "200"}).stdout
    assert "--pain 0-10" in log and "--sets N" in log and "all sets alike" in log


# ---------------------------------------------------------------- errors in glute's words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "--weeks", "0"), "--weeks: 0 is out of range 1-52"),
        (("plan", "--sessions", "5"), "--sessions: '5' is not one of 3, 4"),
        (("export", "--format", "pdf"), "--format: 'pdf' is not one of txt, md, html, json, ics, csv"),
        (("log", "--pain", "x"), "--pain: 'x' is not a whole number"),
        (("log", "--sets", "2", "--sets", "30"), "--sets: 30 is out of range 0-20"),
        (("exercises", "-e", "rope"), "--equipment: 'rope' is not one of band,"),
    ],
)
def test_range_and_choice_errors(invoke, args: tuple[str, ...], message: str) -> None:
    r = invoke(*args)
    assert r.exit_code == 2
    assert f"error: {message}" in r.stderr and "\nhint: " in r.stderr
    assert "Input should" not in r.stderr and "Value error" not in r.stderr


def test_equipment_aliases(invoke) -> None:
    band = invoke("exercises", "-e", "band", "--format", "json").stdout
    assert invoke("exercises", "-e", "resistance band", "--format", "json").stdout == band


# ---------------------------------------------------------------- dates and days


def test_one_date_parser() -> None:
    assert parse_date("2026-12-7", "--start", WED) == dt.date(2026, 12, 7)
    assert parse_date("tomorrow", "--start", WED) == dt.date(2026, 11, 26)
    assert parse_date("Yesterday", "--date", WED) == dt.date(2026, 11, 24)
    assert parse_date("fri", "--start", WED) == dt.date(2026, 11, 27)  # the coming Friday
    assert parse_date("monday", "--date", WED, ahead=False) == dt.date(2026, 11, 23)  # the last Monday
    assert parse_date("wed", "--date", WED, ahead=False) == parse_date("wed", "--start", WED) == WED
    with pytest.raises(InputError, match="not a date"):
        parse_date("2026-2-30", "--start", WED)


def test_days_with_spaces_and_a_warning_for_days_in_a_row(capsys) -> None:
    assert parse_days(["mon wed fri"]) == parse_days(["mon,wed,fri"]) == ["mon", "wed", "fri"]
    assert capsys.readouterr().err == ""
    assert parse_days(["mon,tue,thu,sat"]) == ["mon", "tue", "thu", "sat"]  # the 4-day default: no warning
    assert capsys.readouterr().err == ""
    parse_days(["mon,tue,wed"])
    assert "warning: --days mon,tue,wed: sessions on days in a row" in capsys.readouterr().err


def test_plan_start_words_and_a_past_start(invoke) -> None:
    assert invoke("assess", "--answers", str(RUNNER), env=on("2026-11-21")).exit_code == 0
    r = invoke("plan", "--start", "2026-11-1", "--format", "json", env=on("2026-11-21"))
    assert r.exit_code == 0 and "warning: --start 2026-11-01 is in the past" in r.stderr
    assert json.loads(r.stdout)["start_date"] == "2026-11-01"
    r = invoke("plan", "--start", "tomorrow", "--format", "json", env=on("2026-11-21"))
    assert r.exit_code == 0 and "warning" not in r.stderr
    assert json.loads(r.stdout)["start_date"] == "2026-11-22"


def test_log_date_yesterday(invoke, planned, glute_home: Path) -> None:
    r = invoke("log", "--date", "yesterday", "--pain", "2", env=on("2026-11-24"))
    assert r.exit_code == 0, r.stderr
    with Store(glute_home) as store:
        assert [lg.date for lg in store.logs("default")] == [dt.date(2026, 11, 23)]


# ---------------------------------------------------------------- log flags


def test_side_without_compensation_is_refused(invoke, planned) -> None:
    r = invoke("log", "--pain", "3", "--side", "left", env=on("2026-11-23"))
    assert r.exit_code == 2 and "--side" in r.stderr and "--compensated" in r.stderr and "hint:" in r.stderr


def test_unknown_compensated_exercise_names_its_flag(invoke, planned) -> None:
    r = invoke("log", "--pain", "3", "--compensated", "hopping", env=on("2026-11-23"))
    assert r.exit_code == 2 and "error: --compensated 'hopping' is not in the session" in r.stderr


def test_ctrl_d_in_the_log_questions_says_nothing_saved(invoke, planned) -> None:
    r = invoke("log", input="\n", env=on("2026-11-23", GLUTE_ASSUME_TTY="1"))
    assert r.exit_code == 130 and "stopped: nothing saved" in r.stderr


# ---------------------------------------------------------------- questions


class Scripted:
    """typer.prompt's stand-in: answers from a list, records the questions."""

    def __init__(self, *answers: str) -> None:
        self.answers, self.asked = list(answers), []

    def __call__(self, text: str, default: str = "", **kwargs: object) -> str:
        self.asked.append(text)
        answer = self.answers.pop(0)
        return answer or default


class Screen:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, text: object = "", style: str | None = None) -> None:
        self.lines.append(str(text))


def asker(*answers: str) -> tuple[Asker, Scripted, Screen]:
    prompt, screen = Scripted(*answers), Screen()
    return Asker(screen, prompt, None), prompt, screen  # type: ignore[arg-type]  # confirm is not used


def test_yes_no_reasks_in_glute_words() -> None:
    q, prompt, screen = asker("maybe", "y")
    assert q.yes("Any fever?") is True
    assert prompt.asked == ["Any fever? [y/N]"] * 2
    assert "type y for yes or n for no" in screen.lines[0]


def test_prompt_shows_its_default() -> None:
    q, prompt, _ = asker("")
    assert q.ask("Sessions a week, 3 or 4", default="3") == "3"
    assert prompt.asked == ["Sessions a week, 3 or 4 [3]"]


def test_seconds_with_a_unit() -> None:
    q, _, _ = asker("25s")
    assert q.number("left: seconds held", 0, 120, whole=False) == 25.0


def test_choices_take_phrases() -> None:
    q, _, _ = asker("resistance band, yoga block")
    assert q.choices("Equipment", ["band", "step", "yoga_block"]) == ["band", "yoga_block"]
    q, _, _ = asker("body weight")
    assert q.choices("Equipment", ["band", "step"]) == []  # "none" in other words


def test_interview_right_hip_and_the_side_lying_warning() -> None:
    from glutecli.cli import prompts

    answers = ["Sam", *["n"] * 7, "2", "right hip", "n", *["n"] * 5, "", "", ""]
    answers += ["", ""] * 5 + ["", "", ""]  # every test skipped on both sides; 3 sessions, default days, no equipment
    prompt, screen = Scripted(*answers), Screen()
    a = prompts.interview(screen, prompt, None, err=False)  # type: ignore[arg-type]
    assert a.name == "Sam" and a.pain.side == "right" and [x.value for x in a.pain.areas] == ["hip"]
    assert not any("Which side hurts" in t for t in prompt.asked)
    assert any("If lying on your right side hurts, skip the left side of this test" in line for line in screen.lines)


def test_schedule_question_notes_days_in_a_row() -> None:
    from glutecli.cli import prompts

    q, _, screen = asker("3", "mon tue wed")
    assert prompts._ask_schedule(q) == {"sessions_per_week": 3, "days": ["mon", "tue", "wed"]}
    assert any("days in a row" in line for line in screen.lines)
