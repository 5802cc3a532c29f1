"""The questions of `glute assess` and `glute log`: they return `Answers` and a `LogRequest`.

Every prompt re-asks until the answer is valid. Ctrl-C or end of input raises the prompt's abort,
which the CLI turns into exit 130; nothing is saved because nothing is built until the last answer.
The prompt functions (typer's) are passed in by the commands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .. import rules
from ..assess import PAIN_REFERRAL, RED_FLAGS, SIDE_NOTE, TEST_SPECS, TestSpec
from ..models import Answers, PainArea
from ..present.text import long_date, short_date
from ..safetext import safe

if TYPE_CHECKING:
    from ..logbook import LogRequest, Prepared

from ..vocab import DAY_WORDS, DEFAULT_DAYS, SIDES, WEEKDAYS, Equipment, check_days

SKIP = ("", "s", "skip", "-")


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

    # The prompt functions write the question straight to the terminal, and a question may name
    # an exercise from a catalogue: escaped like every other text shown (glutecli/safetext.py).
    def ask(self, text: str, default: str = "") -> str:
        return str(self._prompt(self._fit(text), default=default, show_default=False, err=self.err)).strip()

    def yes(self, text: str, default: bool = False) -> bool:
        return bool(self._confirm(self._fit(text), default=default, err=self.err))

    def _fit(self, text: str) -> str:
        """The question escaped and wrapped at word boundaries: the terminal itself would break a
        long one mid-word ("ke" / "eps getting worse"). Room is left for the answer hint ` [y/N]: `."""
        import textwrap

        width = getattr(self.console, "width", 80) or 80
        return "\n".join(textwrap.wrap(safe(text), width=max(20, width - 10), break_long_words=False, break_on_hyphens=False)) or safe(text)

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

    def choices(self, text: str, allowed: Sequence[str], aliases: dict[str, str] | None = None, *, unique: bool = True) -> list[str]:
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
    from ..present.console import disclaimer_panel, test_panel

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
    side = None
    if areas:
        picked = q.choices("Which side hurts? left, right or both (Enter if it is not one side)", ["left", "right", "both"])
        side = picked[0] if len(picked) == 1 else ("both" if picked else None)
    flare = q.yes("Is it an acute flare-up (much worse than usual in the last few days)?", default=False)
    pain = {"now": now, "areas": areas, "acute_flare": flare, "side": side}
    if flags or (now is not None and now >= PAIN_REFERRAL):
        return Answers.model_validate({"pain": pain, "red_flags": flags})

    q.say(f"\nBefore you start ({rules.SCREEN_SOURCE.split(' (')[0]}). A yes means: a clinician's clearance first.", style="bold")
    screen: dict[str, bool] = {k: q.yes(question, default=False) for k, (question, _) in rules.SCREEN_QUESTIONS.items()}
    if any(screen.values()):
        screen["cleared"] = q.yes("Has a doctor or physiotherapist cleared you for exercise since?", default=False)
        if not screen["cleared"]:
            q.say("Noted: you will be advised to get a clinician's clearance first, and no tests are done today.", style="bold red")
            return Answers.model_validate({"pain": pain, "red_flags": [], "screen": screen})
    extra: dict[str, object] = {"screen": screen}
    extra["age"] = q.number("Your age in years (Enter to skip)", 10, 120, skip=True)
    preg = q.choices("Pregnant now, or given birth in the last 12 months? pregnant / birth (Enter for neither)", ["pregnant", "birth"])
    if "pregnant" in preg:
        extra["pregnancy"] = {"week": q.number("Which week of pregnancy?", 1, 42)}
    elif "birth" in preg:
        extra["pregnancy"] = {"months_since_birth": q.number("How many months ago?", 0, 11)}
    q.say("\nUp to three everyday activities you find hard because of this, each rated 0 (unable) to 10 (as before)", style="bold")
    psfs = []
    for i in range(rules.PSFS_MAX_ITEMS):
        activity = q.ask(f"Activity {i + 1} (Enter to finish)")[:80]
        if not activity:
            break
        psfs.append({"activity": activity, "score": q.number("How well can you do it now, 0-10", 0, 10)})
    extra["psfs"] = psfs

    tests: dict[str, Any] = {}
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
    return Answers.model_validate({"pain": pain, "red_flags": [], "tests": tests, "schedule": schedule, "equipment": equipment, **extra})


def _ask_side(q: Asker, spec: TestSpec, side: str) -> dict[str, Any] | None:
    value = q.number(f"{side}: {spec.count} (0-{spec.limit}, Enter to skip)", 0, spec.limit, whole=spec.kind == "reps", skip=True)
    if value is None:
        return None
    out: dict[str, Any] = {spec.kind: value}
    for sign in spec.signs:
        out[sign.field] = q.yes(f"{side}: {sign.question}", default=False)
    return out


def _ask_schedule(q: Asker) -> dict[str, Any]:
    while True:
        raw = q.ask("Sessions a week, 3 or 4", default="3")
        if raw in ("3", "4"):
            n = int(raw)
            break
        q.problem("type 3 or 4 (sessions at least 24 h apart)")
    default = ", ".join(DEFAULT_DAYS[n])
    while True:
        days = q.choices(f"Which {n} weekdays? e.g. {default} (Enter for {default})", WEEKDAYS, DAY_WORDS, unique=False)
        if not days:
            return {"sessions_per_week": n, "days": None}
        try:
            return {"sessions_per_week": n, "days": check_days(days, n)}
        except ValueError as e:
            q.problem(str(e))


# ---------------------------------------------------------------- `glute log`

DONE_RE = re.compile(r"^\s*(\d{1,2})\s*[x×*]\s*(\d{1,3})\s*s?\s*$")
COMPENSATION = {"": None, "n": None, "no": None, "y": "both", "yes": "both", "both": "both", "b": "both", "l": "left", "left": "left", "r": "right", "right": "right"}


def log_interview(console: Any, prompt: Callable[..., Any], confirm: Callable[..., Any], prepared: Prepared, *, err: bool = False) -> LogRequest:
    """Ask about one planned session, exercise by exercise; returns a logbook.LogRequest.

    Enter = done as prescribed, without compensation. Nothing is saved until every answer is in.
    """
    from ..logbook import LogRequest
    from ..progression import RED_FLAG_WORDS
    from ..sessionlog import rows_as_prescribed

    q = Asker(console, prompt, confirm, err=err)
    session = prepared.session
    req = LogRequest(date=session.date, replace=prepared.existing is not None)
    q.say(f"Session of {long_date(session.date)}: {len(session.exercises)} exercises. Ctrl-C stops; nothing is saved until the end.", style="bold")
    if prepared.previous is not None:
        before = prepared.previous.date
        morning = q.number(f"Pain the morning after your session of {short_date(before)} (0-10, Enter to skip)", 0, 10, skip=True)
        if morning is not None:
            req.previous_morning = (before, int(morning))
    if q.ask("Did you do this session? Enter = yes, 's' = skipped").lower() in ("s", "skip", "skipped", "n", "no"):
        req.skipped = True
        req.rows = []
        return req
    rows = rows_as_prescribed(session)
    q.say("For each exercise: Enter = done as prescribed without compensation, or type what you did as SETSxREPS (e.g. 2x10; seconds for holds).")
    for i, (p, row) in enumerate(zip(session.exercises, rows, strict=True)):
        side = "" if p.side == "both" else f" - {p.side} side only"
        if p.sets_by_side:  # one row per exercise: the weaker side's extra sets are part of it
            side += "".join(f" (+{n - p.sets} on the {k})" for k, n in sorted(p.sets_by_side.items()) if n > p.sets)
        while True:
            raw = q.ask(f"{i + 1}/{len(rows)} {p.name}{side}: {p.dose_text()}").lower()
            m = DONE_RE.match(raw)
            if raw == "" or m or raw in ("0", "s", "skip"):
                break
            q.problem(f"{raw!r}: press Enter if done as prescribed, or type SETSxREPS like {p.sets}x{p.reps or p.hold_seconds}")
        if raw == "":
            continue
        sets, amount = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        upd: dict[str, Any] = {"sets_done": min(sets, 20)}
        upd["reps_done" if p.reps is not None else "hold_done"] = min(amount, 200 if p.reps is not None else 600)
        while True:
            c = q.ask("   compensation seen (pelvis dropped or rolled)? n / y / left / right", default="n").lower()
            if c in COMPENSATION:
                break
            q.problem("type n, y, left or right")
        upd["compensation"] = COMPENSATION[c] if p.side == "both" or COMPENSATION[c] is None else p.side
        upd["pain"] = q.number("   pain during it, 0-10 (Enter to skip)", 0, 10, skip=True)
        rows[i] = row.model_copy(update=upd)
    worst = max((r.pain for r in rows if r.pain is not None), default=None)
    while True:
        raw = q.ask("Highest pain during the session, 0 (none) to 10", default="" if worst is None else str(worst))
        if raw.isdigit() and 0 <= int(raw) <= 10:
            req.pain = int(raw)
            break
        q.problem("type a whole number from 0 to 10")
    words = ", ".join(RED_FLAG_WORDS.values())
    if q.yes(f"Any new warning sign ({words})?", default=False):
        picked = q.choices("Which? any of " + ", ".join(f.value for f in RED_FLAG_WORDS), [f.value for f in RED_FLAG_WORDS])
        from ..vocab import RedFlag

        req.red_flags = [RedFlag(v) for v in picked] or [RedFlag.rest_pain]
    req.rows = rows
    return req
