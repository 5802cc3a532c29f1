"""Golden files for two personas: the plan table at 80 columns and the JSON document.

Regenerate after an intended change with: GLUTE_UPDATE_GOLDEN=1 pytest tests/test_planner_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

FIX = Path(__file__).parent / "fixtures" / "personas"
GOLDEN = Path(__file__).parent / "golden"
PERSONAS = ["runner", "flare"]


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("GLUTE_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with GLUTE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_table_golden(invoke, persona):
    r = invoke("plan", "--answers", str(FIX / f"{persona}.yaml"), "--start", "2026-11-23", "--weeks", "8", env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 0, r.stderr
    assert r.stderr.startswith("started a programme of 8 weeks on Mon 23 Nov 2026")  # says what it did; the plan is on stdout
    assert "\x1b[" not in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    check_golden(f"plan-{persona}.txt", r.stdout)


@pytest.mark.parametrize("persona", PERSONAS)
def test_plan_json_golden(invoke, persona):
    r = invoke("plan", "--answers", str(FIX / f"{persona}.yaml"), "--start", "2026-11-23", "--weeks", "8", "--format", "json", env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == 2 and doc["kind"] == "plan"
    check_golden(f"plan-{persona}.json", r.stdout)


# Six kinds of patient the rules treat differently, each answer file with an explicit `date:`. The perfect
# responder runs 12 weeks with no log (every gate taken as met).
CLINICAL = {
    "older-poor-balance": 8,
    "lateral-hip-right": 8,
    "untestable-left": 8,
    "pregnant-26": 8,
    "resting-pain-7": 8,
    "perfect-responder": 12,
}


@pytest.mark.parametrize("persona", sorted(CLINICAL))
def test_clinical_persona_golden(invoke, persona):
    args = ("plan", "--answers", str(FIX / f"{persona}.yaml"), "--start", "2026-11-23", "--weeks", str(CLINICAL[persona]))
    today = {"GLUTE_TODAY": "2026-11-21"}  # the answer files are dated 2026-11-20
    r = invoke(*args, env=today)
    assert r.exit_code == 0, r.stderr
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    check_golden(f"plan-{persona}.txt", r.stdout)
    # The JSON of the programme just started (a second `plan --answers` would record a re-test).
    r = invoke("plan", "--format", "json", env=today)
    assert r.exit_code == 0, r.stderr
    check_golden(f"plan-{persona}.json", r.stdout)
