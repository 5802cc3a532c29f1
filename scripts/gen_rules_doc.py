"""Write docs/rules.md from glutecli/rules.py."""

from pathlib import Path

from glutecli.rulesdoc import render

path = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
path.write_text(render(), encoding="utf-8")
print(f"wrote {path}")
