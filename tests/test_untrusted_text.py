"""Untrusted text and safety wording in every view: one line per untrusted value, bounded answer
files, urgent referrals that say only urgent things, and no bare source codes in patient text."""

from __future__ import annotations

import json
import re
import tracemalloc
from pathlib import Path

import pytest
import yaml

from glutecli import yamlio
from glutecli.errors import MAX_PROBLEMS_SHOWN, ValidationFailed
from glutecli.paths import bundled_catalogue
from glutecli.present import export
from glutecli.present.text import one_line, patient_text

RUNNER = Path(__file__).parent / "fixtures" / "personas" / "runner.yaml"
START = "2026-11-23"
FAKE = "Saved as 2026-12-02-9 - no red flags"
# Seed codes and study citations that patient-facing text must not show.
CODES = re.compile(r"\(0\d\d\b|\b0\d\d\)|source 0\d\d|Silbernagel 2007 \(|borrowed from tendon rehab\)")


def fake_lines(text: str) -> list[str]:
    """Lines that start with the text an attacker put after a line break."""
    return [line for line in text.splitlines() if line.strip(" │|-*#>").startswith(("Saved as 2026-12-02-9", "FAKE"))]


# ---------------------------------------------------------------- the helpers


def test_one_line_escapes_line_breaks_tabs_and_controls() -> None:
    assert one_line("Sam\nSaved as x") == "Sam\\x0aSaved as x"
    assert one_line("a\r\nb\tc\x1b[2J") == "a\\x0d\\x0ab\\x09c\\x1b[2J"
    assert one_line("plain, é 😀") == "plain, é 😀"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("keep your hip bones level (001) - the aim (000).", "keep your hip bones level - the aim."),
        ("Mobility first (000): 5 slow", "Mobility first: 5 slow"),
        ("move on (003: if you pass, move on)", "move on (if you pass, move on)"),
        ("first (5 min, 000), then", "first (5 min), then"),
        ("(then train the stabilizers: 000)", "(then train the stabilizers)"),
        ("effort (003 signs of weakness)", "effort (signs of weakness)"),
        ("x (001, 003) y", "x y"),
        ("morning (001; pain limits from the Silbernagel 2007 pain-monitoring model, borrowed from tendon rehab).", "morning."),
        ("PSFS (Stratford 1995): walking 4/10", "PSFS: walking 4/10"),
        ("3 x 8 (8 weeks), pain 4/10 (hip)", "3 x 8 (8 weeks), pain 4/10 (hip)"),
    ],
)
def test_patient_text_drops_seed_codes_and_citations(given: str, shown: str) -> None:
    assert patient_text(given) == shown


# ---------------------------------------------------------------- one line in every terminal view


@pytest.fixture
def newline_answers(tmp_path: Path) -> Path:
    doc = yaml.safe_load(RUNNER.read_text(encoding="utf-8"))
    doc["name"] = f"Sam\n{FAKE}"
    doc["psfs"] = [{"activity": "stairs\nFAKE activity", "score": 4}]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    return path


def test_a_line_break_in_a_name_activity_or_note_stays_on_one_line(invoke, newline_answers: Path) -> None:
    env = {"GLUTE_TODAY": "2026-11-21"}
    runs = [
        (("assess", "--answers", str(newline_answers)), env),
        (("history",), env),
        (("assess", "--show"), env),
        (("plan", "--start", START), env),
        (("plan",), env),
        (("log", "--date", START, "--pain", "2", "--note", "ok\nFAKE note\tend"), {"GLUTE_TODAY": START}),
        (("today", "--date", START), {"GLUTE_TODAY": START}),
        (("progress",), {"GLUTE_TODAY": START}),
        (("export", "--format", "txt"), {"GLUTE_TODAY": START}),
    ]
    for args, e in runs:
        r = invoke(*args, env=e)
        assert r.exit_code == 0, (args, r.stderr)
        out = r.stdout + r.stderr
        assert not fake_lines(out), (args, fake_lines(out))
        assert "\t" not in out, args
    r = invoke("assess", "--show", env=env)
    assert "Sam\\x0aSaved as" in " ".join(r.stdout.split())  # shown, visibly escaped


def test_a_line_break_in_a_user_catalogue_name_stays_on_one_line(invoke, tmp_path: Path) -> None:
    doc = yaml.safe_load(bundled_catalogue().read_text(encoding="utf-8"))
    for ex in doc["exercises"]:
        ex["name"] = f"{ex['name']}\nFAKE exercise\t!"
    cat = tmp_path / "cat.json"
    cat.write_text(json.dumps(doc, default=str), encoding="utf-8")
    env = {"GLUTE_TODAY": "2026-11-21", "COLUMNS": "200"}
    for args in (
        ("exercises",),
        ("exercises", "show", "clamshell"),
        ("plan", "--example", "--start", START),
        ("--profile", "example", "plan", "--week", "2"),
        ("--profile", "example", "today", "--date", START),
        ("--profile", "example", "today", "--date", "2026-11-24"),
    ):
        r = invoke("--catalogue", str(cat), *args, env=env)
        assert r.exit_code == 0, (args, r.stderr)
        assert not fake_lines(r.stdout + r.stderr), args


# ---------------------------------------------------------------- urgent referrals

URGENT = "red_flags: [bladder_bowel, numbness]\npain: {now: 3, areas: [low_back]}\n"
ROUTINE_LINE = "before starting an exercise program"
LOW_BACK_NOTE = "keep the pelvis and trunk still"


def assert_urgent_only(text: str) -> None:
    flat = " ".join(text.replace("┃", " ").replace("│", " ").split())
    assert "URGENT - get emergency care today" in flat
    assert ROUTINE_LINE not in flat
    assert LOW_BACK_NOTE not in flat
    assert "see a doctor or physiotherapist before starting" not in flat


def test_an_urgent_referral_from_an_answer_file_says_only_urgent_things(invoke) -> None:
    r = invoke("assess", "--answers", "-", input=URGENT, env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 3, r.stderr
    assert_urgent_only(r.stdout + r.stderr)
    r = invoke("assess", "--show", env={"GLUTE_TODAY": "2026-11-21"})
    assert_urgent_only(r.stdout + r.stderr)


def test_an_urgent_referral_in_the_interview_says_only_urgent_things(invoke) -> None:
    from glutecli.assess import RED_FLAGS

    # Every safety question answered yes, then pain 3 in the low back, one side, no flare.
    answers = "\n" + "y\n" * len(RED_FLAGS) + "3\nlow_back\nleft\nn\n"  # Enter: no name
    r = invoke("assess", input=answers, env={"GLUTE_TODAY": "2026-11-21", "GLUTE_ASSUME_TTY": "1"})
    assert r.exit_code == 3, (r.stdout, r.stderr)
    after = r.stdout[r.stdout.find("Assessment 2026-11-21") :] + r.stderr  # the questions say "before starting"
    assert_urgent_only(after)


def test_an_urgent_red_flag_logged_or_a_paused_programme_says_only_urgent_things(invoke) -> None:
    env = {"GLUTE_TODAY": "2026-11-21"}
    assert invoke("assess", "--answers", str(RUNNER), env=env).exit_code == 0
    assert invoke("plan", "--start", START, env=env).exit_code == 0
    r = invoke("log", "--date", START, "--pain", "2", "--red-flag", "numbness", env={"GLUTE_TODAY": START})
    assert r.exit_code == 3, r.stderr
    assert_urgent_only(r.stdout + r.stderr)
    r = invoke("today", "--date", "2026-11-25", env={"GLUTE_TODAY": "2026-11-25"})
    assert r.exit_code == 3, r.stderr
    assert_urgent_only(r.stdout + r.stderr)


def test_a_routine_referral_keeps_its_routine_closing_line(invoke) -> None:
    r = invoke("assess", "--answers", "-", input="red_flags: [fever]\npain: {now: 3}\n", env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 3
    assert "URGENT" not in r.stderr
    assert ROUTINE_LINE in " ".join(r.stderr.replace("┃", " ").split())


# ---------------------------------------------------------------- answer files of many values


def test_an_answer_file_of_many_keys_is_refused_early_with_its_line(tmp_path: Path) -> None:
    lines = ["pain: {now: 3}", *(f"k{i}: 1" for i in range(200_000))]
    text = "\n".join(lines) + "\n"
    tracemalloc.start()
    with pytest.raises(ValidationFailed) as e:
        yamlio.parse(text, "a.yaml", max_nodes=yamlio.MAX_ANSWER_NODES, hint="h")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    [problem] = e.value.problems
    assert re.fullmatch(r"a\.yaml:\d+: \(document\): more than 2,000 keys and values; stopped reading here", problem)
    assert int(problem.split(":")[1]) < 1_100  # where the limit was met, not the end of the file
    assert e.value.hint == "h"
    assert peak < 20 * 1024 * 1024, peak  # nothing of the 200,000 keys was kept


def test_a_real_answer_file_is_far_below_the_limit() -> None:
    text = RUNNER.read_text(encoding="utf-8")
    data, _ = yamlio.parse(text, "runner.yaml", max_nodes=yamlio.MAX_ANSWER_NODES)
    assert isinstance(data, dict)
    assert text.count(":") * 4 < yamlio.MAX_ANSWER_NODES


def test_the_cli_refuses_an_answer_file_of_many_keys(invoke, tmp_path: Path) -> None:
    p = tmp_path / "keys.yaml"
    p.write_text("pain: {now: 3}\n" + "".join(f"k{i}: 1\n" for i in range(50_000)), encoding="utf-8")
    r = invoke("assess", "--answers", str(p))
    assert r.exit_code == 2
    assert "more than 2,000 keys and values" in r.stderr and "hint:" in r.stderr
    assert len(r.stderr.splitlines()) < 10


def test_many_problems_show_the_first_ones_and_a_count(invoke, tmp_path: Path) -> None:
    p = tmp_path / "keys.yaml"
    p.write_text("pain: {now: 3}\n" + "".join(f"k{i}: 1\n" for i in range(300)), encoding="utf-8")
    r = invoke("assess", "--answers", str(p))
    assert r.exit_code == 2
    shown = [line for line in r.stderr.splitlines() if ": unknown key" in line]
    assert len(shown) == MAX_PROBLEMS_SHOWN
    assert f"... and {300 - MAX_PROBLEMS_SHOWN} more" in r.stderr
    assert "300 problems" in r.stderr


def test_validation_failed_keeps_every_problem() -> None:
    e = ValidationFailed("f", [f"f:{i}: x: bad" for i in range(1, 1001)])
    assert len(e.problems) == 1000
    assert e.message.startswith("f: 1,000 problems\n")
    assert e.message.endswith("... and 980 more")


# ---------------------------------------------------------------- stable hints


def test_the_export_extension_hint_is_the_same_on_every_run(tmp_path: Path) -> None:
    from glutecli.errors import InputError

    with pytest.raises(InputError) as e:
        export.format_from_path(tmp_path / "plan")
    assert e.value.hint is not None
    assert ".txt, .text, .md, .markdown, .html, .htm, .json, .ics, .csv" in e.value.hint


# ---------------------------------------------------------------- no seed codes in patient text


def test_patient_views_show_no_seed_codes(invoke, tmp_path: Path) -> None:
    doc = yaml.safe_load(RUNNER.read_text(encoding="utf-8"))
    doc["pain"]["areas"] = ["hip", "low_back"]
    p = tmp_path / "a.json"
    p.write_text(json.dumps(doc, default=str), encoding="utf-8")
    env = {"GLUTE_TODAY": "2026-11-21", "COLUMNS": "200"}
    runs = [
        (("assess", "--answers", str(p)), env),
        (("plan", "--start", START), env),
        (("plan", "--week", "4"), env),
        (("today", "--date", START), {**env, "GLUTE_TODAY": START}),
        (("export", "--format", "txt"), env),
        (("export", "--format", "md"), env),
        (("export", "--format", "html"), env),
    ]
    for args, e in runs:
        r = invoke(*args, env=e)
        assert r.exit_code == 0, (args, r.stderr)
        found = CODES.findall(r.stdout + r.stderr)
        assert not found, (args, found)
    # Still traceable where sources belong: the JSON document keeps the plan's text as written.
    r = invoke("plan", "--format", "json", env=env)
    assert CODES.search(r.stdout)


def test_plan_after_an_urgent_referral_says_only_urgent_things(invoke) -> None:
    env = {"GLUTE_TODAY": "2026-11-21"}
    assert invoke("assess", "--answers", "-", input=URGENT, env=env).exit_code == 3
    r = invoke("plan", env=env)
    assert r.exit_code == 3
    assert_urgent_only(r.stderr)
    assert "paused" not in r.stderr  # no programme was started: nothing is paused
