"""docs/rules.md is generated from glutecli/rules.py and must stay in step with it."""

from __future__ import annotations

from pathlib import Path

from glutecli import rules
from glutecli.rulesdoc import render


def test_rules_doc_is_in_step() -> None:
    path = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
    assert "]]] -->\n" + render() + "<!-- [[[end]]] -->" in path.read_text(encoding="utf-8"), "docs/rules.md is out of step: run cog -r docs/rules.md"


def test_every_rule_has_a_source_and_a_meaning() -> None:
    names = [r.name for r in rules.RULES]
    assert len(names) == len(set(names))
    for r in rules.RULES:
        assert r.source.strip() and r.meaning.strip(), r.name


def test_morning_limit_never_reaches_the_stop_level() -> None:
    for baseline in range(11):
        assert rules.morning_limit(baseline) < rules.PAIN_STOP
        assert rules.planning_baseline(baseline) + rules.MORNING_MARGIN < rules.PAIN_STOP


def test_the_log_rules_agree_with_the_rules_module() -> None:
    # progression.py (the week-by-week walk) uses short names for these numbers: they must be the rules' own.
    from glutecli import progression

    assert progression.PAIN_OK == rules.PAIN_OK_DURING
    assert progression.PAIN_STOP == rules.PAIN_STOP
    assert progression.MORNING_MARGIN == rules.MORNING_MARGIN
    assert progression.BLOCK_WEEKS == rules.BLOCK_WEEKS
    assert progression.EARLY_BLOCK_WEEKS == rules.EARLY_BLOCK_WEEKS
    assert progression.FLARE_LEVEL1_WEEKS == rules.FLARE_LEVEL1_WEEKS
