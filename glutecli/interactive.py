"""The interactive `glute assess`: asks the questions and returns `Answers`. UI only (cli.py imports it).

Every prompt re-asks until the answer is valid. Ctrl-C or end of input raises the prompt's abort,
which the CLI turns into exit 130; nothing is saved because nothing is built until the last answer.
The prompt functions are passed in by cli.py, the only module that imports typer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .assess import PAIN_REFERRAL, RED_FLAGS, SIDE_NOTE, TEST_SPECS, TestSpec
from .models import DEFAULT_DAYS, SIDES, WEEKDAYS, Answers, Equipment, PainArea, Schedule

SKIP = ("", "s", "skip", "-")
DAY_NAMES = {name: name[:3] for name in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")}
DAY_NAMES |= {"tues": "tue", "thur": "thu", "thurs": "thu"}


class Asker:
    """Prompts on stdout (or stderr with `err=True`, so `--format json` keeps stdout clean)."""

    def __init__(self, console: Any, prompt: Callable[..., Any], confirm: Callable[..., Any], *, err: bool = False) -> None:
        self.console = console
        self.err = err
        self._prompt, self._confirm = prompt, confirm

    def say(self, text: Any = "", style: str | None = None) -> None:
        self.console.print(text, style=style)

    def problem(self, text: str) -> None:
        self.console.print(f"  {text}", style="red")

    def ask(self, text: str, default: str = "") -> str:
        return str(self._prompt(text, default=default, show_default=False, err=self.err)).strip()

    def yes(self, text: str, default: bool = False) -> bool:
        return bool(self._confirm(text, default=default, err=self.err))

    def number(self, text: str, lo: int, hi: int, *, whole: bool = True, skip: bool = False) -> float | int | None:
        """A number in [lo, hi]; with `skip`, Enter or 's' returns None."""
        while True:
            raw = self.ask(text).lower()
            if skip and raw in SKIP:
                return None
            try:
                value: float | int = int(raw) if whole else float(raw)
            except ValueError:
                kind = "a whole number" if whole else "a number"
                self.problem(f"{raw!r} is not {kind}; type {kind} from {lo} to {hi}" + (", or Enter to skip" if skip else ""))
                continue
            if value != value or not lo <= value <= hi:  # NaN is never in range
                self.problem(f"{raw} is out of range: type a number from {lo} to {hi}")
                continue
            return value

    def choices(self, text: str, allowed: list[str], aliases: dict[str, str] | None = None, *, unique: bool = True) -> list[str]:
        """A comma- or space-separated list of names from `allowed` (Enter for none)."""
        while True:
            raw = self.ask(text).lower()
            for name in allowed:  # "low back", "yoga-block" -> low_back, yoga_block
                if "_" in name:
                    raw = re.sub(name.replace("_", r"[ _-]"), name, raw)
            picked = [(aliases or {}).get(p, p) for p in re.split(r"[,\s]+", raw) if p and p != "none"]
            bad = [p for p in picked if p not in allowed]
            if bad:
                self.problem(f"not one of the choices: {', '.join(bad)} (choose from {', '.join(allowed)})")
                continue
            return list(dict.fromkeys(picked)) if unique else picked


def interview(console: Any, prompt: Callable[..., Any], confirm: Callable[..., Any], *, err: bool = False) -> Answers:
    """Ask everything and return validated Answers."""
    from .render import disclaimer_panel, test_panel

    q = Asker(console, prompt, confirm, err=err)
    q.say(disclaimer_panel())

    q.say("\nSafety questions (y/n). A yes means: see a doctor or physiotherapist before starting.", style="bold")
    flags = [flag.value for flag, question in RED_FLAGS.items() if q.yes(question, default=False)]
    if flags:
        q.say(
            "Noted: you will be advised to see a clinician, and no tests are done today. Now your pain, for the record.", style="bold red"
        )

    q.say("\nPain", style="bold")
    now = q.number("Pain right now, 0 (none) to 10 (worst imaginable)", 0, 10)
    areas = q.choices(f"Where? any of {', '.join(a.value for a in PainArea)} (Enter for none)", [a.value for a in PainArea])
    flare = q.yes("Is it an acute flare-up (much worse than usual in the last few days)?", default=False)
    pain = {"now": now, "areas": areas, "acute_flare": flare}
    if flags or (now is not None and now >= PAIN_REFERRAL):
        return Answers.model_validate({"pain": pain, "red_flags": flags})

    tests: dict[str, dict] = {}
    q.say(f"\nFive tests, left side then right. {SIDE_NOTE} Enter or 's' skips a side.", style="bold")
    for number, spec in enumerate(TEST_SPECS, 1):
        q.say(test_panel(spec, number, len(TEST_SPECS)))
        result = {side: _ask_side(q, spec, side) for side in SIDES}
        if any(result.values()):
            tests[spec.id] = result

    q.say("\nYour week", style="bold")
    schedule = _ask_schedule(q)
    equipment = q.choices(
        f"Equipment you own: any of {', '.join(e.value for e in Equipment)} (Enter for none)",
        [e.value for e in Equipment],
    )
    return Answers.model_validate({"pain": pain, "red_flags": [], "tests": tests, "schedule": schedule, "equipment": equipment})


def _ask_side(q: Asker, spec: TestSpec, side: str) -> dict | None:
    value = q.number(f"{side}: {spec.count} (0-{spec.limit}, Enter to skip)", 0, spec.limit, whole=spec.kind == "reps", skip=True)
    if value is None:
        return None
    out: dict[str, Any] = {spec.kind: value}
    for sign in spec.signs:
        out[sign.field] = q.yes(f"{side}: {sign.question}", default=False)
    return out


def _ask_schedule(q: Asker) -> dict:
    from pydantic import ValidationError

    while True:
        raw = q.ask("Sessions a week, 3 or 4", default="3")
        if raw in ("3", "4"):
            n = int(raw)
            break
        q.problem("type 3 or 4 (sessions at least 24 h apart)")
    default = ", ".join(DEFAULT_DAYS[n])
    while True:
        days = q.choices(f"Which {n} weekdays? e.g. {default} (Enter for {default})", WEEKDAYS, DAY_NAMES, unique=False)
        doc = {"sessions_per_week": n, "days": days or None}
        try:
            Schedule.model_validate(doc)
        except ValidationError as e:
            for err in e.errors(include_url=False):
                q.problem(str(err["msg"]).removeprefix("Value error, ").removeprefix("days: "))
            continue
        return doc
