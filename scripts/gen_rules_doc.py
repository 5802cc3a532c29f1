"""Write docs/rules.md from glutecli/rules.py (the same as `cog -r docs/rules.md`)."""

from pathlib import Path

from cogapp import Cog

path = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
Cog().main(["cog", "-r", str(path)])
