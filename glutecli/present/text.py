"""The one home of glute's wording and formatting: dates, doses, sides, levels, decisions, plan lines.

Plain Python that imports only the models (no rich, no I/O), so the terminal views (console.py),
every export format and the core modules that write messages (today, progress, logbook, programme,
the planner's notes) all word things through it and cannot disagree. Dates are spelt without the
locale ("Mon 7 Dec 2026"), which `strftime("%a")` would translate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..models import FUNCTION_LABELS, RedFlag

if TYPE_CHECKING:
    from ..catalogue import Catalogue
    from ..models import Equipment, Figure, Function, FunctionDecision, LevelChange, Plan, Prescription, Session, SessionLog, Week

WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

NOT_ADVICE = "Not medical advice"
DISCLAIMER = (
    f"{NOT_ADVICE}: glute plans exercise, it does not diagnose. Stop and see a doctor or "
    "physiotherapist if pain is severe, constant, wakes you at night or keeps getting worse."
)
SHORT_DISCLAIMER = f"{NOT_ADVICE}: see a clinician for severe, constant or worsening pain."

LEVEL_WORDS = {1: "non-weight-bearing activation", 2: "weight-bearing, partial single-leg", 3: "single-leg, full body weight or load"}
LEVELS_TEXT = "Levels: " + "; ".join(f"{n} = {w}" for n, w in LEVEL_WORDS.items()) + "."
LEVEL_UP_TEXT = "only if the gate is met; otherwise repeat last week's level and dose."
MAINTENANCE = "none tested weak (maintenance)"
SHORT_FUNCTIONS = {"abduction": "abd", "external_rotation": "ER", "internal_rotation": "IR", "stabilization": "stab"}
# Narrow table columns: `abd ER` in the exercise list, `ext rot` heading a column of verdicts.
COLUMN_FUNCTIONS = {"abduction": "abd", "external_rotation": "ext rot", "internal_rotation": "int rot", "stabilization": "stab"}
VERDICT_WORDS = {"weak": "weak", "ok": "ok", "untested": "not tested"}
MAX_CUES = 3

# A decision of the weekly walk, in the words of the terminal, the handouts, the calendar and the
# plan's own notes (the planner imports these too).
DECISION_WORDS = {
    "up": "up to level {level}",
    "progress": "dose progresses",
    "hold": "held at level {level}",
    "step_back": "dose stepped back",
    "level_down": "down to level {level}",
    "stop": "stop",
}
LEVEL_UP = "Level up"
LEVEL_DOWN = "Level down"

# Signs of cauda equina syndrome: same-day emergency care, not a routine appointment. Here (not in
# programme.py) so that every view of a referral can tell urgent from routine without the store.
URGENT_FLAGS = {RedFlag.bladder_bowel, RedFlag.numbness} | {f for f in RedFlag if any(w in f.value for w in ("saddle", "weakness", "cauda"))}
URGENT_MESSAGE = (
    "URGENT - get emergency care today. Numbness in the saddle area (between the legs), a new change in bladder or bowel "
    "control, or leg weakness that is getting worse can be signs of cauda equina syndrome: go to an emergency department "
    "or call your emergency number now, the same day. Do not wait for an appointment, and do not exercise."
)
URGENT_NOTE = "URGENT: get emergency care today (see below); do not exercise"
ROUTINE_FOOTER = "Please see a doctor or physiotherapist before starting an exercise program. No plan was made."
URGENT_FOOTER = "No plan was made."


def is_urgent_message(message: str) -> bool:
    """Whether a referral message is the urgent one (the CLI builds some of them from parts)."""
    return URGENT_MESSAGE in message


def is_urgent(red_flags: Iterable[RedFlag]) -> bool:
    """Whether these red flags call for same-day emergency care."""
    return bool(set(red_flags) & URGENT_FLAGS)


# ---------------------------------------------------------------- untrusted and sourced text

# Seed codes of the clinical sources ("(001)", "(003, 000)", "(002, LEAP)", "(003: 'a week or
# two')") and study citations in parentheses ("(Silbernagel 2007 pain-monitoring model, borrowed
# from tendon rehab)"): traceable in the data, docs/rules.md and --format json, noise to a patient.
_CODES = r"0\d\d(?:\s*[,;]\s*(?:0\d\d|[A-Z]{2,}))*"
_BARE_CODES = re.compile(rf"\s*\({_CODES}\)")
_CODES_BEFORE_TEXT = re.compile(rf"\({_CODES}(?:\s*[:,;]\s*|\s+(?=[a-z'\"]))")
_CODES_AFTER_TEXT = re.compile(r"\s*[,;:]\s*0\d\d(?:\s*[,;]\s*0\d\d)*\)")
_STUDY = re.compile(r"\s*\([^()]*\b[A-Z][A-Za-z'-]+(?: [A-Z]{1,3})?(?: et al\.?)?,? (?:19|20)\d\d\b[^()]*\)")
_SOURCE_WORD = re.compile(r"\s*\(?\bsources? 0\d\d(?:\s*[,;]\s*0\d\d)*\)?")


# The handouts' footnote: the study names a patient may look up, no seed codes (no parentheses:
# patient_text would drop them).
SOURCES_NOTE = (
    "Sources: the exercises and doses follow published gluteus medius studies; the pain limits follow "
    "Silbernagel 2007, a pain-monitoring model from tendon rehab. Every rule's source is listed in glute's docs/rules.md."
)


def patient_text(text: str) -> str:
    """Built-in wording for a patient: seed codes and study citations dropped (kept in the data)."""
    if "(" not in text and "source" not in text:
        return text
    text = _BARE_CODES.sub("", text)
    text = _CODES_BEFORE_TEXT.sub("(", text)
    text = _CODES_AFTER_TEXT.sub(")", text)
    text = _STUDY.sub("", text)
    return _SOURCE_WORD.sub("", text)


def one_line(text: object) -> str:
    """Untrusted text (a name, a note, a PSFS activity, a user catalogue's exercise name) as ONE
    line: a line break, a tab or any control character is shown escaped (`\\x0a`), so it cannot
    fake a line of glute's own output in a terminal view."""
    from ..safetext import safe  # here: the wording module imports only the models at start

    return safe(text)


# ---------------------------------------------------------------- dates


def long_date(d: dt.date) -> str:
    """`Mon 7 Dec 2026`, the same in every locale."""
    return f"{WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def short_date(d: dt.date) -> str:
    """`Mon 7 Dec`."""
    return f"{WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]}"


def day_month(d: dt.date) -> str:
    """`7 Dec`."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]}"


def date_range(a: dt.date, b: dt.date) -> str:
    """`Mon 7 Dec to Fri 11 Dec 2026`; both years when they differ."""
    return f"{short_date(a)} to {long_date(b)}" if a.year == b.year else f"{long_date(a)} to {long_date(b)}"


def week_dates(week: Week) -> str:
    """`Mon 7 Dec to Fri 11 Dec 2026`: a week's first to last session ('' without sessions)."""
    return date_range(week.sessions[0].date, week.sessions[-1].date) if week.sessions else ""


# ---------------------------------------------------------------- small words


def function_names(functions: Iterable[Function]) -> str:
    """`abduction, external rotation`."""
    return ", ".join(FUNCTION_LABELS[f] for f in functions)


def short_functions(functions: Iterable[Function]) -> str:
    """`abd ER` (narrow table columns)."""
    return " ".join(SHORT_FUNCTIONS[f.value] for f in functions)


def who(function: Function, side: str | None) -> str:
    """`abduction` or `abduction (left side)`: a function, or one side of it."""
    return FUNCTION_LABELS[function] + (f" ({side} side)" if side else "")


def levels_text(levels: Mapping[Function, int]) -> str:
    """`abduction L1, stabilization L2`."""
    return ", ".join(f"{FUNCTION_LABELS[f]} L{lv}" for f, lv in levels.items())


def short_levels_text(week: Week) -> str:
    """`abd L1, stab left L2 right L1` (the week table's title; sides apart when they differ)."""
    out = []
    for f, lv in week.levels.items():
        by_side = week.side_levels.get(f)
        out.append(f"{SHORT_FUNCTIONS[f.value]} " + (f"left L{by_side['left']} right L{by_side['right']}" if by_side else f"L{lv}"))
    return ", ".join(out)


def days_text(days: Iterable[str]) -> str:
    """`Mon, Wed, Fri`."""
    return ", ".join(d.capitalize() for d in days)


def words(value: str) -> str:
    """An enum value in words: `side_lying` -> `side lying`."""
    return value.replace("_", " ")


def equipment_text(equipment: Iterable[Equipment]) -> str:
    """`resistance band, step`, or `-`."""
    return ", ".join(words(e.value) for e in equipment) or "-"


def or_dash(value: object) -> str:
    """A value as text, `-` when it is missing."""
    return "-" if value is None else str(value)


def plural(n: int, word: str) -> str:
    """`1 set`, `2 sets`."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def out_of_ten(value: int | None) -> str:
    """`3/10`, or `-` when not given."""
    return "-" if value is None else f"{value}/10"


def done_count(log: SessionLog) -> str:
    """`3 of 5`: the entries of a session log done as prescribed, without compensation."""
    full = sum(1 for e in log.exercises if e.full_dose() and not e.compensation)
    return f"{full} of {len(log.exercises)}"


def decision_text(decision: str, level: int) -> str:
    """`held at level 2`, `down to level 1`, ..."""
    return DECISION_WORDS[decision].format(level=level)


def is_down(change: LevelChange) -> bool:
    return change.to_level < change.from_level


def change_heading(change: LevelChange) -> str:
    """`Level up` or `Level down` for a level change."""
    return LEVEL_DOWN if is_down(change) else LEVEL_UP


def decision_phrase(function: Function, side: str | None, decision: str, level: int) -> str:
    """`abduction (left side) held at level 2`."""
    return f"{who(function, side)} {decision_text(decision, level)}"


# ---------------------------------------------------------------- the plan


def all_sessions(plan: Plan) -> list[tuple[Week, Session]]:
    """Every (week, session) of the plan, in order."""
    return [(w, s) for w in plan.weeks for s in w.sessions]


def plan_end(plan: Plan) -> dt.date:
    """The date of the plan's last session (its start when it has none)."""
    sessions = all_sessions(plan)
    return sessions[-1][1].date if sessions else plan.start_date


def plan_dates(plan: Plan) -> str:
    """`Tue 8 Dec 2026 to Fri 29 Jan 2027`: the first session to the last of the weeks shown."""
    sessions = all_sessions(plan)
    first = sessions[0][1].date if sessions else plan.start_date
    return f"{long_date(first)} to {long_date(plan_end(plan))}"


def weeks_shown(plan: Plan) -> str:
    """`8 weeks`, or for a selection (`--week 3`) `week 3 of 8` / `weeks 3-4 of 8`."""
    numbers = [w.number for w in plan.weeks]
    if not numbers or (numbers[0] == 1 and len(numbers) == plan.weeks_total):
        return plural(plan.weeks_total, "week")
    if len(numbers) == 1:
        return f"week {numbers[0]} of {plan.weeks_total}"
    return f"weeks {numbers[0]}-{numbers[-1]} of {plan.weeks_total}"


def sessions_text(plan: Plan) -> str:
    """`3 sessions a week on Mon, Wed, Fri, at least 24 h apart`."""
    return f"{plural(plan.sessions_per_week, 'session')} a week on {days_text(plan.days)}, at least 24 h apart"


def focus_text(plan: Plan) -> str:
    """The functions tested weak, or that the plan only maintains."""
    return function_names(plan.focus) or MAINTENANCE


def start_levels_text(plan: Plan) -> str:
    """`abduction L1 (left weaker); stabilization L2`."""
    parts = []
    for f, lv in plan.start_levels.items():
        side = plan.weaker_side.get(f)
        parts.append(f"{FUNCTION_LABELS[f]} L{lv}" + (f" ({side} weaker)" if side else ""))
    return "; ".join(parts)


def plan_facts(plan: Plan) -> dict[str, str]:
    """The plan at a glance, by label: for, dates, schedule, focus, start (every view's header)."""
    return {
        "for": plan.generated_for or plan.profile,
        "dates": f"{plan_dates(plan)} ({weeks_shown(plan)})",
        "schedule": sessions_text(plan),
        "focus": focus_text(plan),
        "start": start_levels_text(plan),
    }


def session_line(session: Session) -> str:
    """`About 32 min: warm-up first (...) Rest 60 s between sets. Reps at 2-0-2 unless stated.`, or ''."""
    if not session.minutes:
        return ""
    rest = next((p.rest_seconds for p in session.exercises if p.rest_seconds), None)
    tempo = next((p.tempo for p in session.exercises if p.tempo), None)
    out = f"About {session.minutes} min"
    if session.warmup:
        out += ": " + " ".join(session.warmup)
    if rest:
        out += f" Rest {rest} s between sets."
    if tempo:
        out += f" Reps at {tempo} unless stated."
    if session.carry_over:
        out += " " + session.carry_over
    return out


def cautions_of(p: Prescription) -> list[str]:
    """Every caution of a prescription (plan schema 2), or its one caution (schema 1)."""
    return list(p.cautions) if p.cautions else ([p.caution] if p.caution else [])


def level_step(change: LevelChange) -> str:
    """`abduction (left side) L1 -> L2`."""
    return f"{who(change.function, change.side)} L{change.from_level} -> L{change.to_level}"


def decided_up(plan: Plan, week: Week, change: LevelChange) -> FunctionDecision | None:
    """The logged decision behind a week's level-up, if the log has already decided it."""
    if plan.adaptation is None or not week.sessions:
        return None
    first = week.sessions[0].date
    found = [
        d
        for d in plan.adaptation.decisions
        if d.decision == "up" and d.function is change.function and d.side in (None, change.side) and d.level == change.to_level and d.date <= first
    ]
    return found[-1] if found else None


def level_change_lines(plan: Plan, week: Week) -> list[tuple[str, str]]:
    """(`Level up` or `Level down`, the line) for each of the week's level changes: the level-ups
    that share the plan's gate on one line, so a drop never reads as a level up."""
    out = []
    ups = []
    for ch in (ch for ch in week.level_changes if not is_down(ch)):
        # Once the log has decided a level-up, say what was decided, not the gate it still waits for.
        if (done := decided_up(plan, week, ch)) is not None:
            out.append((LEVEL_UP, f"{level_step(ch)} ({done.reason})"))
        else:
            ups.append(ch)
    same = [ch for ch in ups if ch.gate == plan.gate]
    if same:
        out.append((LEVEL_UP, ", ".join(level_step(ch) for ch in same) + f", {LEVEL_UP_TEXT}"))
    out += [(LEVEL_UP, f"{level_step(ch)}, only if: {ch.gate}") for ch in ups if ch.gate != plan.gate]
    out += [(LEVEL_DOWN, f"{level_step(ch)}: {ch.gate}") for ch in week.level_changes if is_down(ch)]
    return out


# ---------------------------------------------------------------- a session's rows


@dataclass
class Item:
    """One exercise of a session: its main prescription, the sides' extra sets, catalogue data."""

    main: Prescription
    extras: list[Prescription] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    unilateral: bool | None = None
    figure: Figure | None = None

    @property
    def dose(self) -> str:
        return self.main.dose_text()

    @property
    def side(self) -> str:
        """`each side`, `both legs`, `left only`; the extra sets are in `extra_text`."""
        s = self.main.side
        if s != "both":
            return f"{s} only"
        if self.unilateral is None:
            return "both sides"
        return "each side" if self.unilateral else "both legs"

    @property
    def extra_text(self) -> str:
        """`+1 extra set on the left` (the weaker side), or ''."""
        return "; ".join(extra_set_text(x) for x in self.extras)

    @property
    def side_and_extra(self) -> str:
        return self.side + (f", {self.extra_text}" if self.extras else "")


def extra_set_text(x: Prescription) -> str:
    """`+1 extra set on the left`."""
    return f"+{plural(x.sets, 'extra set')} on the {x.side}" if x.side != "both" else f"+{plural(x.sets, 'set')}"


def extra_rows(p: Prescription) -> list[Prescription]:
    """The sides' extra sets of a schema-2 prescription, as one-side prescriptions (for display)."""
    if not p.sets_by_side:
        return []
    return [
        p.model_copy(update={"sets": n - p.sets, "side": side, "sets_by_side": None})
        for side, n in sorted(p.sets_by_side.items())
        if n > p.sets
    ]


def session_items(session: Session, catalogue: Catalogue | None) -> list[Item]:
    """A session's rows: a side-specific extra set joins the row before it; the catalogue adds cues."""
    items: list[Item] = []
    for p in session.exercises:
        if items and p.side != "both" and items[-1].main.id == p.id and items[-1].main.side == "both":
            items[-1].extras.append(p)  # a schema-1 plan's extra set: its own entry after the main one
            continue
        ex = catalogue.by_id.get(p.id) if catalogue is not None else None
        cues = list(ex.cues[:MAX_CUES]) if ex else []
        if p.cue and p.cue not in cues:
            cues = [p.cue, *cues][:MAX_CUES]
        items.append(
            Item(
                main=p,
                extras=extra_rows(p),
                cues=cues,
                faults=list(ex.faults[:MAX_CUES]) if ex else [],
                unilateral=ex.unilateral if ex else None,
                figure=ex.figure if ex else None,
            )
        )
    return items


def week_items(week: Week, catalogue: Catalogue | None) -> list[Item]:
    """The distinct exercises of a week, in order of first appearance."""
    seen: dict[str, Item] = {}
    for s in week.sessions:
        for it in session_items(s, catalogue):
            seen.setdefault(it.main.id, it)
    return list(seen.values())


def dose_change_lines(plan: Plan, after: dt.date | None, upto: dt.date) -> list[str]:
    """`Why the dose changed: ...` for the decisions dated from `after` (the session before, whose
    log decided them) to before `upto`: the same words in `today` and the calendar."""
    ad = plan.adaptation
    if ad is None or after is None:
        return []
    return [
        f"Why the dose changed: {decision_phrase(d.function, d.side, d.decision, d.level)}: {d.reason}"
        for d in ad.decisions
        if after <= d.date < upto and d.decision in ("hold", "step_back", "level_down", "up")
    ]


def decision_line(d: FunctionDecision) -> str:
    """`Mon 7 Dec: abduction held at level 2: pain 6/10 during`."""
    return f"{short_date(d.date)}: {decision_phrase(d.function, d.side, d.decision, d.level)}: {d.reason}"
