"""Screens of `glute go` as plain text, for the README: a set and a rest of the example's first session.

    .venv/bin/python scripts/go_screens.py            # print them
    .venv/bin/python scripts/go_screens.py --write    # replace them in README.md (between the markers)

They are drawn by the same code as the live screen (glutecli/go/screen.py), at 80 columns without
colour, on a fake clock stopped at a fixed moment, so the text is the same on every run.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START = dt.date(2026, 11, 23)
BEGIN, END = "<!-- go-screens: begin (scripts/go_screens.py --write) -->", "<!-- go-screens: end -->"


def screens(width: int = 80, height: int = 24) -> list[tuple[str, str]]:
    from rich.console import Console

    from glutecli.assess import example_answers, score
    from glutecli.catalogue import load_catalogue
    from glutecli.go.run import guided_session
    from glutecli.go.screen import Screen
    from glutecli.planner import PlanOptions, build_plan
    from glutecli.present.text import long_date

    cat = load_catalogue()
    plan = build_plan(score(example_answers(), today=START - dt.timedelta(days=2)), cat, PlanOptions(weeks=8, start=START))
    session = plan.weeks[0].sessions[0]
    console = Console(width=width, height=height, color_system=None, force_terminal=False, legacy_windows=False)
    screen = Screen(console, date_text=long_date(START))
    out = []
    for title, kind, seconds_in in (
        ("A set: the tempo guide, in the third rep's hold", "set", 15.0),
        ("A rest: the next set is shown", "rest", 24.0),
    ):
        gs = guided_session(session, cat)
        gs.index = next(i for i, s in enumerate(gs.steps) if s.kind == kind and s.exercise == 0 and s.set_no == 2)
        gs.elapsed = seconds_in
        with console.capture() as cap:
            console.print(screen.render(gs, width, height))
        out.append((title, "\n".join(line.rstrip() for line in cap.get().splitlines())))
    return out


def markdown() -> str:
    parts = []
    for title, text in screens():
        parts += [f"{title}:", "", "```text", text, "```", ""]
    return "\n".join(parts).rstrip() + "\n"


def main() -> int:
    text = markdown()
    if "--write" not in sys.argv[1:]:
        sys.stdout.write(text)
        return 0
    readme = ROOT / "README.md"
    old = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r"\n.*?" + re.escape(END), re.S)
    if not pattern.search(old):
        sys.stderr.write(f"README.md has no {BEGIN} ... {END} block\n")
        return 1
    readme.write_text(pattern.sub(lambda _m: f"{BEGIN}\n{text}{END}", old), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
