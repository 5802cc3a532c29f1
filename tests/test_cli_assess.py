"""`glute assess` and `glute history` end to end, in-process (CliRunner)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from glutecli.store import Store

EXAMPLE = Path(__file__).resolve().parent.parent / "glutecli" / "example.yaml"

BETTER = """\
pain: {now: 1, areas: [knee]}
tests:
  fire_hydrant:      {left: {reps: 8}, right: {reps: 8}}
  reverse_clamshell: {left: {reps: 12}, right: {reps: 12}}
  clamshell:         {left: {reps: 18}, right: {reps: 20}}
  single_leg_stance: {left: {seconds: 30}, right: {seconds: 30}}
  single_leg_squat:  {left: {reps: 5}, right: {reps: 5}}
schedule: {sessions_per_week: 4}
equipment: [band, step]
"""


def saved(profile: str = "default") -> list:
    with Store() as s:
        return s.assessments(profile)


def write(tmp_path: Path, text: str, name: str = "a.yaml") -> str:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return str(f)


# ---------------------------------------------------------------- --answers


def test_answers_ok_saves_and_shows(invoke) -> None:
    r = invoke("assess", "--answers", str(EXAMPLE))
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    for words in ("abduction", "external rotation", "internal rotation", "stabilization", "weak on the left", "Saved as", "glute plan"):
        assert words in out
    assert "left fire hydrant: 5 reps < 6, weight shift/cramping/shakiness" in " ".join(out.split())
    items = saved()
    assert len(items) == 1 and not items[0].referred
    assert items[0].id in out


def test_table_fits_80_columns(invoke) -> None:
    r = invoke("assess", "--answers", str(EXAMPLE))
    assert max(len(line.rstrip()) for line in r.stdout.splitlines()) <= 80


def test_no_color_means_no_escape_codes(invoke) -> None:
    r = invoke("assess", "--answers", str(EXAMPLE))
    assert "\x1b[" not in r.stdout


def test_red_flag_exits_3_saved_as_referred(invoke, tmp_path: Path) -> None:
    f = write(tmp_path, "pain: {now: 2}\nred_flags: [night_pain, trauma]\n")
    r = invoke("assess", "--answers", f)
    assert r.exit_code == 3
    assert "See a clinician first" in r.stderr
    assert "constant or night pain" in r.stderr and "recent fall or injury" in r.stderr
    assert "doctor or physiotherapist" in r.stderr
    assert "Traceback" not in r.stderr
    items = saved()
    assert len(items) == 1 and items[0].referred
    assert items[0].referral_reasons == ["constant or night pain", "recent fall or injury"]


def test_pain_8_exits_3(invoke, tmp_path: Path) -> None:
    r = invoke("assess", "--answers", write(tmp_path, "pain: {now: 8}\n"))
    assert r.exit_code == 3
    assert "pain 8/10 or more" in r.stderr
    assert saved()[0].referred


def test_referral_json_still_prints_the_document(invoke, tmp_path: Path) -> None:
    r = invoke("assess", "--answers", write(tmp_path, "pain: {now: 9}\n"), "--format", "json")
    assert r.exit_code == 3
    doc = json.loads(r.stdout)
    assert doc["kind"] == "assessment" and doc["referred"] is True


def test_plan_refused_after_referral(invoke, tmp_path: Path) -> None:
    invoke("assess", "--answers", write(tmp_path, "pain: {now: 2}\nred_flags: [fever]\n"))
    r = invoke("plan", "--weeks", "8")
    assert r.exit_code == 3


def test_assess_then_plan_without_answers(invoke) -> None:
    assert invoke("assess", "--answers", str(EXAMPLE)).exit_code == 0
    r = invoke("plan", "--weeks", "8")
    assert r.exit_code == 0, r.stderr
    r = invoke("plan", "--weeks", "8", "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["kind"] == "plan" and doc["assessment_id"] == saved()[0].id


# ---------------------------------------------------------------- --format json


def test_json_document(invoke) -> None:
    r = invoke("assess", "--answers", str(EXAMPLE), "--format", "json")
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == 1 and doc["kind"] == "assessment"
    assert doc["id"] == saved()[0].id and doc["profile"] == "default"
    fns = {f["function"]: f for f in doc["functions"]}
    assert set(fns) == {"abduction", "external_rotation", "internal_rotation", "stabilization"}
    assert fns["abduction"]["verdict"] == "weak" and fns["abduction"]["weaker_side"] == "left" and fns["abduction"]["start_level"] == 1
    assert fns["abduction"]["left"]["reasons"][0] == "left fire hydrant: 5 reps < 6, weight shift/cramping/shakiness"
    assert doc["answers"]["pain"]["now"] == 3


# ---------------------------------------------------------------- --template


def fill(template: str) -> str:
    out = re.sub(r"^(\s*)(reps):(\s*)#", r"\1\2: 10\3#", template, flags=re.M)
    out = re.sub(r"^(\s*)(seconds):(\s*)#", r"\1\2: 30\3#", out, flags=re.M)
    return re.sub(r"^(\s*)now:(\s*)#", r"\1now: 2\2#", out, flags=re.M)


def test_template_loads_once_filled(invoke, tmp_path: Path) -> None:
    r = invoke("assess", "--template")
    assert r.exit_code == 0
    blank = r.stdout
    assert blank.startswith("# glute answer file")
    # every key of the schema appears in it
    for key in (
        "date:",
        "name:",
        "red_flags:",
        "pain:",
        "now:",
        "areas:",
        "acute_flare:",
        "tests:",
        "schedule:",
        "sessions_per_week:",
        "days:",
        "equipment:",
    ):
        assert key in blank
    for test in ("fire_hydrant", "reverse_clamshell", "clamshell", "single_leg_stance", "single_leg_squat"):
        assert f"  {test}:" in blank
    # blank: every number still to fill is reported
    r = invoke("assess", "--answers", write(tmp_path, blank, "blank.yaml"))
    assert r.exit_code == 2 and "pain.now: empty" in r.stderr
    # filled in: loads, scores, saves
    r = invoke("assess", "--answers", write(tmp_path, fill(blank), "filled.yaml"))
    assert r.exit_code == 0, r.stderr
    a = saved()[0]
    assert a.answers.pain.now == 2 and a.answers.tests.single_leg_squat.right.reps == 10


def test_template_with_a_side_skipped(invoke, tmp_path: Path) -> None:
    blank = invoke("assess", "--template").stdout
    # delete the whole clamshell block; write `left: null` for the reverse clamshell
    text = re.sub(r"\n  clamshell:.*?(?=\n  single_leg_stance:)", "", fill(blank), flags=re.S)
    text = re.sub(r"(  reverse_clamshell:.*?\n    )left:\n.*?\n.*?\n", r"\1left: null\n", text, flags=re.S)
    r = invoke("assess", "--answers", write(tmp_path, text))
    assert r.exit_code == 0, r.stderr
    a = saved()[0]
    assert a.answers.tests.clamshell is None and a.answers.tests.reverse_clamshell.left is None
    assert "external rotation not tested" in r.stdout
    assert "internal rotation: the left side was not tested" in r.stdout


# ---------------------------------------------------------------- --show, history


def test_show_latest_and_by_id(invoke, tmp_path: Path) -> None:
    invoke("assess", "--answers", str(EXAMPLE))
    invoke("assess", "--answers", write(tmp_path, BETTER))
    first, second = (a.id for a in saved())
    r = invoke("assess", "--show")
    assert r.exit_code == 0 and f"Assessment {second}" in r.stdout
    r = invoke("assess", "--show", "latest")
    assert r.exit_code == 0 and f"Assessment {second}" in r.stdout
    r = invoke("assess", "--show", first, "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["id"] == first
    assert len(saved()) == 2  # showing saves nothing


def test_show_unknown_id(invoke) -> None:
    invoke("assess", "--answers", str(EXAMPLE))
    r = invoke("assess", "--show", "1999-01-01-1")
    assert r.exit_code == 2 and "no assessment '1999-01-01-1'" in r.stderr


def test_show_nothing_saved(invoke) -> None:
    r = invoke("assess", "--show")
    assert r.exit_code == 2 and "no saved assessment" in r.stderr


def test_show_referred_is_exit_0_with_the_panel(invoke, tmp_path: Path) -> None:
    invoke("assess", "--answers", write(tmp_path, "pain: {now: 9}\n"))
    r = invoke("assess", "--show")
    assert r.exit_code == 0 and "See a clinician first" in r.stdout


def test_option_conflicts(invoke) -> None:
    assert invoke("assess", "--template", "--show").exit_code == 2
    assert invoke("assess", "--answers", str(EXAMPLE), "--template").exit_code == 2
    r = invoke("assess", "latest")
    assert r.exit_code == 2 and "--show" in r.stderr


def test_history_shows_the_change(invoke, tmp_path: Path) -> None:
    invoke("assess", "--answers", str(EXAMPLE))
    invoke("assess", "--answers", write(tmp_path, BETTER))
    first, second = (a.id for a in saved())
    r = invoke("history")
    assert r.exit_code == 0, r.stderr
    assert first in r.stdout and second in r.stdout
    assert "3/10" in r.stdout and "1/10" in r.stdout
    assert f"Change from {first} to {second}" in r.stdout
    for change in (
        "pain 3 -> 1",
        "abduction: weak -> ok (start level 1 -> 2)",
        "left fire hydrant 5 -> 8 reps",
        "stabilization: weak -> ok",
    ):
        assert change in r.stdout
    assert max(len(line.rstrip()) for line in r.stdout.splitlines()) <= 80


def test_history_json(invoke, tmp_path: Path) -> None:
    invoke("assess", "--answers", str(EXAMPLE))
    invoke("assess", "--answers", write(tmp_path, BETTER))
    doc = json.loads(invoke("history", "--format", "json").stdout)
    assert doc["schema_version"] == 1 and doc["kind"] == "history" and doc["count"] == 2
    assert [a["pain"] for a in doc["assessments"]] == [3, 1]
    assert doc["assessments"][0]["verdicts"]["abduction"] == "weak"
    assert doc["changes"]["from"] == doc["assessments"][0]["id"]
    assert "pain 3 -> 1" in doc["changes"]["items"]


def test_history_empty(invoke) -> None:
    r = invoke("history")
    assert r.exit_code == 0 and "No assessments yet" in r.stdout
    doc = json.loads(invoke("history", "--format", "json").stdout)
    assert doc["count"] == 0 and doc["assessments"] == [] and doc["changes"] is None


def test_profiles_are_separate(invoke) -> None:
    assert invoke("--profile", "alice", "assess", "--answers", str(EXAMPLE)).exit_code == 0
    assert saved("default") == [] and len(saved("alice")) == 1
    assert "No assessments yet" in invoke("history").stdout
    assert "1 assessment - profile alice" in invoke("--profile", "alice", "history").stdout
    assert invoke("assess", "--show").exit_code == 2
    assert invoke("--profile", "alice", "assess", "--show").exit_code == 0


def test_help_ends_with_examples(invoke) -> None:
    for cmd in ("assess", "history"):
        r = invoke(cmd, "--help")
        assert r.exit_code == 0 and "Example: glute" in r.stdout


# ---------------------------------------------------------------- interactive

NO_FLAGS = "n\n" * 7

# pain 3, knee, no flare; fire hydrant L 5 + compensation, R 8 clean; reverse clamshell: a typo,
# then L 12 clean, R skipped; clamshell skipped both sides ("s", Enter); single-leg stance L 30
# with drop, R 40 (out of range, re-asked) -> 30; squat L 5 with valgus only, R 5 clean;
# 4 sessions, a bad day list then Enter for the default; equipment band and yoga block.
INTERVIEW = (
    NO_FLAGS
    + "3\nknee\n\nn\n"
    + "n\n" * 5 + "\n\n\n"
    + "5\ny\n8\nn\n"
    + "ten\n12\nn\n\n"
    + "s\n\n"
    + "30\ny\n130\n30\nn\n"
    + "5\ny\nn\nn\n5\nn\nn\nn\n"
    + "4\nmon,mon,tue,wed\n\n"
    + "band, yoga block\n"
)


def test_interactive_flow(invoke) -> None:
    r = invoke("assess", input=INTERVIEW, env={"GLUTE_ASSUME_TTY": "1"})
    assert r.exit_code == 0, r.stdout + r.stderr
    out = r.stdout
    assert "Not medical advice" in out  # the disclaimer comes first
    assert out.index("Not medical advice") < out.index("wake you at night")
    assert "Test 1/5: fire hydrant" in out and "weight onto the other hip" in out and "6-8 reps with 3 s holds" in out
    assert "'ten' is not a whole number" in out
    assert "130 is out of range" in out
    assert "listed twice" in out
    items = saved()
    assert len(items) == 1
    a = items[0]
    t = a.answers.tests
    assert a.answers.pain.now == 3 and [x.value for x in a.answers.pain.areas] == ["knee"]
    assert (t.fire_hydrant.left.reps, t.fire_hydrant.left.compensation, t.fire_hydrant.right.reps) == (5, True, 8)
    assert t.reverse_clamshell.left.reps == 12 and t.reverse_clamshell.right is None
    assert t.clamshell is None
    assert t.single_leg_stance.left.pelvic_drop and t.single_leg_stance.right.seconds == 30
    assert t.single_leg_squat.left.knee_valgus and not t.single_leg_squat.left.pelvic_drop
    assert a.answers.schedule.sessions_per_week == 4 and a.answers.schedule.resolved_days() == ["mon", "tue", "thu", "sat"]
    assert [e.value for e in a.answers.equipment] == ["band", "yoga_block"]
    verdicts = {r.function.value: r.verdict for r in a.functions}
    # the right reverse clamshell was skipped: an untested side counts as weak (unknown is not ok)
    assert verdicts == {"abduction": "weak", "external_rotation": "untested", "internal_rotation": "weak", "stabilization": "weak"}
    assert "Saved as" in out and "external rotation not tested" in out


def test_interactive_red_flag_stops_before_tests(invoke) -> None:
    answers = "n\n" * 5 + "y\n" + "n\n" + "2\nhip\nleft\nn\n"
    r = invoke("assess", input=answers, env={"GLUTE_ASSUME_TTY": "1"})
    assert r.exit_code == 3
    assert "Test 1/5" not in r.stdout
    assert "See a clinician first" in r.stderr and "recent fall or injury" in r.stderr
    a = saved()[0]
    assert a.referred and a.answers.red_flags[0].value == "trauma" and a.answers.pain.now == 2


def test_interactive_pain_8_stops_before_tests(invoke) -> None:
    r = invoke("assess", input=NO_FLAGS + "8\n\nn\n", env={"GLUTE_ASSUME_TTY": "1"})
    assert r.exit_code == 3
    assert "Test 1/5" not in r.stdout
    assert saved()[0].referred


def test_interactive_json_keeps_stdout_clean(invoke) -> None:
    r = invoke("assess", "--format", "json", input=INTERVIEW, env={"GLUTE_ASSUME_TTY": "1"})
    assert r.exit_code == 0, r.stderr
    # CliRunner echoes the typed input to stdout (a terminal would echo it on the tty): skip it.
    assert json.loads(r.stdout[r.stdout.index("{\n") :])["kind"] == "assessment"
    assert "Test 1/5" in r.stderr and "Test 1/5" not in r.stdout


@pytest.mark.parametrize("cut", [0, 3, 9, 20, len(INTERVIEW.splitlines()) - 1])
def test_eof_anywhere_is_130_and_saves_nothing(invoke, cut: int) -> None:
    partial = "".join(line + "\n" for line in INTERVIEW.splitlines()[:cut])
    r = invoke("assess", input=partial, env={"GLUTE_ASSUME_TTY": "1"})
    assert r.exit_code == 130
    assert "Traceback" not in r.stdout + r.stderr
    assert saved() == []


def test_ctrl_c_is_130_and_saves_nothing(invoke, monkeypatch) -> None:
    import typer

    calls = {"n": 0}
    real = typer.confirm

    def confirm(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 9:  # 7 red flags, the flare question, then Ctrl-C in the first test
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(typer, "confirm", confirm)
    r = invoke("assess", input=INTERVIEW, env={"GLUTE_ASSUME_TTY": "1"})
    assert r.exit_code == 130
    assert "Traceback" not in r.stdout + r.stderr
    assert saved() == []


def test_no_tty_is_a_clear_error(invoke) -> None:
    r = invoke("assess")
    assert r.exit_code == 2
    assert "no terminal to ask questions on" in r.stderr
    assert "--answers FILE" in r.stderr and "glute assess --template" in r.stderr
    assert saved() == []


def test_interactive_screen_yes_without_clearance_refers(invoke) -> None:
    # PAR-Q+ style screen. Chest pain, not cleared: referred before the tests, with the reason.
    answers = NO_FLAGS + "2\nhip\nleft\nn\n" + "n\ny\nn\nn\nn\n" + "n\n"
    r = invoke("assess", input=answers, env={"GLUTE_ASSUME_TTY": "1"})
    assert r.exit_code == 3, r.stdout + r.stderr
    assert "Test 1/5" not in r.stdout
    assert "chest pain" in r.stderr
    a = saved()[0]
    assert a.referred and a.answers.screen.chest_pain and not a.answers.screen.cleared
    assert a.answers.pain.side == "left"


def test_interactive_screen_yes_with_clearance_goes_on(invoke) -> None:
    tests_part = INTERVIEW.split("3\nknee\n\nn\n" + "n\n" * 5 + "\n\n\n", 1)[1]
    answers = NO_FLAGS + "2\n\nn\n" + "n\nn\nn\ny\nn\n" + "y\n" + "70\n\n\n" + tests_part
    r = invoke("assess", input=answers, env={"GLUTE_ASSUME_TTY": "1"})
    assert r.exit_code == 0, r.stdout + r.stderr
    a = saved()[0]
    assert not a.referred and a.answers.screen.surgery_recent and a.answers.screen.cleared and a.answers.age == 70
    assert any("falls risk" in n for n in a.notes) and any("cleared by a clinician" in n for n in a.notes)
