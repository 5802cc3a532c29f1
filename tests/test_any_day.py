"""The suite passes on any day: the date-sensitive tests run again with "today" moved.

Each run is a child pytest with `--today`, which pins GLUTE_TODAY (the one clock) for every test
in it. Golden files never hold the day they were made: their inputs are dated.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# The CLI flows, golden comparisons, exports, logs and whole simulated programmes.
SENSITIVE = [
    "test_planner_golden.py",
    "test_export.py",
    "test_cli_assess.py",
    "test_cli_log.py",
    "test_today.py",
    "test_simulations.py",
    "test_answers.py",
    "test_store.py",
]


def _days() -> list[str]:
    real = dt.date.today()
    return ["+1", "+400", f"{real.year}-12-31", f"{real.year}-12-27"]


@pytest.mark.skipif(os.environ.get("GLUTE_ANY_DAY_CHILD") == "1", reason="already a shifted run")
@pytest.mark.parametrize("day", _days(), ids=["plus-1-day", "plus-400-days", "new-years-eve", "week-across-year-end"])
def test_date_sensitive_tests_pass_on_another_day(day: str) -> None:
    env = {**os.environ, "GLUTE_ANY_DAY_CHILD": "1"}
    env.pop("GLUTE_TODAY", None)
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", f"--today={day}", *(str(HERE / f) for f in SENSITIVE)]
    out = subprocess.run(cmd, cwd=HERE.parent, env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, f"with --today={day}:\n{out.stdout[-4000:]}\n{out.stderr[-2000:]}"


def test_the_today_option_moves_the_clock(pytestconfig: pytest.Config) -> None:
    from conftest import shifted_today

    real = dt.date(2026, 12, 6)
    assert shifted_today("+400", real) == dt.date(2028, 1, 10)
    assert shifted_today("-1", real) == dt.date(2026, 12, 5)
    assert shifted_today("2027-01-01", real) == dt.date(2027, 1, 1)
