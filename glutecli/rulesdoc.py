"""docs/rules.md from glutecli/rules.py (a cog block in that file calls `render`; a test keeps it in step)."""

from __future__ import annotations

from .rules import RULES


def _value(v: object) -> str:
    if isinstance(v, tuple) and all(isinstance(x, int) for x in v) and len(v) == 2:
        return str(v[0]) if v[0] == v[1] else f"{v[0]}-{v[1]}"
    if isinstance(v, tuple):
        return "<br>".join(str(x) for x in v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    out = [
        "# glute's clinical rules",
        "",
        "Generated from `glutecli/rules.py` by cog (`cog -r docs/rules.md`, or `python scripts/gen_rules_doc.py`);",
        "do not edit by hand (`cog --check` in .ci/run and tests/test_rules_doc.py fail when it is out of step).",
        "Seed articles are cited by prefix (000-003, in shared/seeds); 'product choice' marks a rule",
        "no source gives a number for.",
        "",
    ]
    groups: list[str] = []
    for r in RULES:
        if r.group not in groups:
            groups.append(r.group)
    for g in groups:
        out += [f"## {g}", "", "| rule | value | meaning | source |", "|---|---|---|---|"]
        for r in RULES:
            if r.group == g:
                out.append(f"| `{r.name}` | {_cell(_value(r.value))} | {_cell(r.meaning)} | {_cell(r.source)} |")
        out.append("")
    return "\n".join(out)
