"""scripts/review_profiles.py (the physiotherapist's review re-run by script) stays runnable and clean."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "review_profiles.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("review_profiles", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["review_profiles"] = mod  # dataclasses look their module up by name
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("profile", ["older-72-knee-oa", "tendinopathy-left-rest-pain-6"])
def test_review_profiles_pass_every_check(profile: str, capsys: pytest.CaptureFixture[str]) -> None:
    review = _module()
    code = review.main(["--profile", profile])
    out = capsys.readouterr().out
    assert code == 0, out
    assert " 0 FAIL" in out and "PASS" in out
    # Every scenario ran (one row each) and the rules that apply were checked.
    assert sum(1 for line in out.splitlines() if line.startswith(profile)) == len(review.SCENARIOS)


def test_a_broken_rule_shows_as_fail(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The table is not a rubber stamp: with the time caps set impossibly low, the cap check fails."""
    review = _module()
    monkeypatch.setattr(review, "_cap", lambda run, flaring: 5)
    code = review.main(["--profile", "borderline-at-pass-marks", "--quiet"])
    out = capsys.readouterr().out
    assert code == 1 and "FAIL" in out
