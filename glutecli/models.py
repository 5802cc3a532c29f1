"""Pydantic models for the catalogue, the answer file, the assessment result and the plan."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, Final, Literal, cast

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic import Strict as _StrictType

# The vocabularies live in vocab.py (no pydantic), shared with the command line; named here too.
from . import vocab

Function = vocab.Function
Equipment = vocab.Equipment
RedFlag = vocab.RedFlag
Side = vocab.Side
SIDES = vocab.SIDES
CompensationSide = vocab.CompensationSide
Weekday = vocab.Weekday
WEEKDAYS = vocab.WEEKDAYS
DEFAULT_DAYS = vocab.DEFAULT_DAYS
min_gap_days = vocab.min_gap_days

SCHEMA_VERSION: Final = 1
# The plan document: 2 has one row per exercise with sets per side (a weaker side's extra set
# no longer needs a row of its own), and rest, tempo, all cautions per exercise, and per session
# an estimated duration, a warm-up and a carry-over cue. Version 1 documents (0.1.0 plans) are
# migrated on reading, so stored plans and exported files stay readable.
PLAN_SCHEMA_VERSION: Final = 2

# Maximum lengths of text from a file or the user (README, "Limits"): text is shown in terminals,
# handouts and calendars, and a catalogue of huge strings would make every view slow and huge.
MAX_ID = 60  # exercise ids
MAX_NAME = 80  # exercise names, aliases, the answer file's name
MAX_LINE = 200  # one cue, fault, source, study, tempo
MAX_PARAGRAPH = 1000  # a progression, a caution, an evidence note
MAX_ITEMS = 20  # entries in one list of a catalogue exercise
MAX_NOTE = 500  # a session log's note

Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]


def _whole_number(v: object) -> object:
    # YAML 1.1 reads `yes`/`on` as true, and pydantic would take true as 1: a number must be written.
    if isinstance(v, bool | float):
        raise ValueError(f"{str(v).lower() if isinstance(v, bool) else v} is not a whole number; write it as a decimal integer, e.g. 2")
    return v


# Numbers read from a file: true/false (YAML's yes/no/on/off) and text are refused, not coerced;
# a whole number must be a whole number (10, not 10.0).
Int = Annotated[int, _StrictType()]
Number = Annotated[float, _StrictType()]
WholeLevel = Annotated[Literal[1, 2, 3], BeforeValidator(_whole_number)]
Line = Annotated[str, Field(min_length=1, max_length=MAX_LINE)]


class Strict(BaseModel):
    """Every model rejects unknown keys: a typo in a file is an error, not a silent default."""

    model_config = ConfigDict(extra="forbid", frozen=False)


FUNCTION_ORDER = list(Function)

FUNCTION_LABELS = {
    Function.abduction: "abduction",
    Function.external_rotation: "external rotation",
    Function.internal_rotation: "internal rotation",
    Function.stabilization: "stabilization",
}


class Position(str, Enum):
    side_lying = "side_lying"
    side_plank = "side_plank"
    supine = "supine"
    prone = "prone"
    quadruped = "quadruped"
    seated = "seated"
    kneeling = "kneeling"
    standing = "standing"
    single_leg_stance = "single_leg_stance"
    split_stance = "split_stance"


class Condition(str, Enum):
    """When a caution applies. `acute_flare` excludes the exercise; areas only add a warning."""

    acute_flare = "acute_flare"
    hip = "hip"
    knee = "knee"
    low_back = "low_back"
    ankle = "ankle"
    general = "general"


class ProgressStep(str, Enum):
    """How a dose grows inside one exercise, in order (001: reps, then band/load)."""

    reps = "reps"
    hold = "hold"
    sets = "sets"
    band = "band"
    load = "load"


def _range(v: object) -> object:
    # `15` means [15, 15]; `[15, 20]` is a range. Written either way in YAML.
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return [v, v]
    return v


class IntRange(Strict):
    """Closed range written as `n` or `[lo, hi]` in YAML."""

    lo: Int = Field(ge=0, le=1000)
    hi: Int = Field(ge=0, le=1000)

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, v: object) -> object:
        v = _range(v)
        if isinstance(v, list | tuple):
            if len(v) != 2:
                raise ValueError("a range is a number or a list of two numbers [low, high]")
            return {"lo": v[0], "hi": v[1]}
        return v

    @model_validator(mode="after")
    def _ordered(self) -> IntRange:
        if self.lo > self.hi:
            raise ValueError(f"range is not ordered: {self.lo} > {self.hi}")
        return self

    def __str__(self) -> str:
        return str(self.lo) if self.lo == self.hi else f"{self.lo}-{self.hi}"


class Dose(Strict):
    sets: IntRange
    reps: IntRange | None = None
    hold_seconds: IntRange | None = None
    tempo: str | None = Field(default=None, max_length=MAX_LINE)
    progress_by: list[ProgressStep] = Field(default_factory=list)
    progression: str = Field(min_length=1, max_length=MAX_PARAGRAPH, description="how to progress inside the exercise, in words")

    @model_validator(mode="after")
    def _reps_or_hold(self) -> Dose:
        if self.reps is None and self.hold_seconds is None:
            raise ValueError("a dose needs reps, hold_seconds or both")
        if self.sets.lo < 1:
            raise ValueError("sets must be at least 1")
        return self

    def text(self, tempo: bool = True) -> str:
        """`3 x 15-20`, `3 x 8-15, 2 s hold`, `3 x 15-45 s hold`."""
        if self.reps is not None:
            out = f"{self.sets} x {self.reps}"
            if self.hold_seconds is not None:
                out += f", {self.hold_seconds} s hold"
        else:
            out = f"{self.sets} x {self.hold_seconds} s hold"
        if self.tempo and tempo:
            out += f", {self.tempo}"
        return out


class Caution(Strict):
    when: Condition
    text: str = Field(min_length=1, max_length=MAX_PARAGRAPH)


class Evidence(Strict):
    """Gluteus medius activation as % of maximal voluntary isometric contraction."""

    mvic_percent: Number = Field(ge=0, le=300)
    study: str = Field(min_length=1, max_length=MAX_LINE)
    measure: Literal["mean", "peak"] = "mean"
    as_studied: str | None = Field(default=None, max_length=MAX_LINE)
    verified: bool = False
    note: str | None = Field(default=None, max_length=MAX_PARAGRAPH)


# Named key points of a stick figure. `hip` ends the trunk; `hip_l`/`hip_r` (optional) draw the
# pelvis as a line, and each leg then starts at its own hip point. `_l`/`_r` are the two limbs as
# drawn (in a side view, the near and the far one), not anatomical sides.
FIGURE_POINTS = (
    "head", "neck", "elbow_l", "hand_l", "elbow_r", "hand_r",
    "hip", "hip_l", "hip_r", "knee_l", "foot_l", "knee_r", "foot_r",
)  # fmt: skip
FIGURE_REQUIRED = ("head", "neck", "hip", "knee_l", "foot_l", "knee_r", "foot_r")

Coord = Annotated[float, _StrictType(), Field(ge=0, le=100)]


class FigureProp(Strict):
    """A fixed object drawn as a rectangle behind the figure: a step, bench, wall, block..."""

    kind: Literal["step", "bench", "wall", "block", "chair", "machine"]
    x: Coord
    y: Coord
    w: Number = Field(gt=0, le=100)
    h: Number = Field(gt=0, le=100)


class Figure(Strict):
    """Stick-figure key points (x, y in a 0-100 box, y down) for the start and end positions.

    Drawn as inline SVG by `glute export --format html`; points that move between start and end
    are highlighted. `floor` is the y of the floor line, `band` two points joined by a band.
    """

    view: Literal["front", "side", "back"] = "side"
    floor: Coord | None = None
    band: tuple[str, str] | None = None
    props: list[FigureProp] = Field(default_factory=list)
    start: dict[str, tuple[Coord, Coord]]
    end: dict[str, tuple[Coord, Coord]]

    @model_validator(mode="after")
    def _points(self) -> Figure:
        for name, pose in (("start", self.start), ("end", self.end)):
            unknown = sorted(set(pose) - set(FIGURE_POINTS))
            if unknown:
                raise ValueError(f"{name}: unknown point {', '.join(unknown)} (known: {', '.join(FIGURE_POINTS)})")
            missing = [p for p in FIGURE_REQUIRED if p not in pose]
            if missing:
                raise ValueError(f"{name}: missing point {', '.join(missing)}")
        if set(self.start) != set(self.end):
            raise ValueError("start and end must name the same points")
        if ("hip_l" in self.start) != ("hip_r" in self.start):
            raise ValueError("give both hip_l and hip_r, or neither")
        if self.band is not None:
            bad = [p for p in self.band if p not in self.start]
            if bad:
                raise ValueError(f"band: {', '.join(bad)} is not a point of this figure")
        return self


ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


ExerciseKind = Literal["strength", "warm_up", "mobility"]


class Exercise(Strict):
    id: str = Field(max_length=MAX_ID)
    name: str = Field(min_length=1, max_length=MAX_NAME)
    aliases: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS)
    # Warm-up and mobility entries (000: mobility before stability) train no function, so they never
    # fill a strength slot; every session starts with them (planner).
    kind: ExerciseKind = "strength"
    functions: list[Function] = Field(default_factory=list)
    level: WholeLevel
    equipment: list[Equipment] = Field(default_factory=list)
    position: Position
    weight_bearing: bool
    unilateral: bool
    dose: Dose
    cues: list[Line] = Field(min_length=1, max_length=MAX_ITEMS)
    faults: list[Line] = Field(default_factory=list, max_length=MAX_ITEMS)
    cautions: list[Caution] = Field(default_factory=list, max_length=MAX_ITEMS)
    progresses_to: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    regresses_to: list[str] = Field(default_factory=list, max_length=MAX_ITEMS)
    evidence: list[Evidence] = Field(default_factory=list, max_length=MAX_ITEMS)
    sources: list[Line] = Field(min_length=1, max_length=MAX_ITEMS)
    figure: Figure | None = None
    # Can be done holding a wall or a chair (falls risk, pregnancy: only such one-leg work is used).
    supported: bool = False
    # Wide or asymmetric stance (left out during pregnancy: pelvic girdle pain guidance).
    wide_stance: bool = False
    # The exercise this one loads (a banded clamshell is a variant of the clamshell): never both in
    # one session, and only after the base exercise's clean reps (001).
    variant_of: str | None = None
    # For exercises with both legs working: which leg "left" means in the plan's side column.
    left_means: str | None = None

    @field_validator("id")
    @classmethod
    def _kebab(cls, v: str) -> str:
        if not ID_RE.match(v):
            raise ValueError(f"id {v!r} is not kebab-case (lowercase letters, digits and single dashes)")
        return v

    @field_validator("functions", "equipment")
    @classmethod
    def _unique(cls, v: list[Any]) -> list[Any]:
        if len(set(v)) != len(v):
            raise ValueError("listed twice")
        return v

    @model_validator(mode="after")
    def _kind_functions(self) -> Exercise:
        if self.kind == "strength" and not self.functions:
            raise ValueError("functions: a strength exercise trains at least one function")
        if self.kind != "strength" and self.functions:
            raise ValueError(f"functions: a {self.kind} entry trains no function (it never fills a strength slot); leave functions empty")
        return self

    def caution_for(self, conditions: set[Condition]) -> list[Caution]:
        return [c for c in self.cautions if c.when in conditions]

    @property
    def mvic(self) -> float | None:
        return max((e.mvic_percent for e in self.evidence), default=None)


class CatalogueFile(Strict):
    """The YAML document as written: a version and a list of exercises."""

    catalogue_version: Annotated[Literal[1], BeforeValidator(_whole_number)] = 1
    exercises: list[Exercise] = Field(min_length=1)


# ---------------------------------------------------------------- answers (public contract)

class PainArea(str, Enum):
    hip = "hip"
    knee = "knee"
    low_back = "low_back"
    ankle = "ankle"
    other = "other"


Reps = Annotated[int, _StrictType(), Field(ge=0, le=100)]
Seconds = Annotated[float, _StrictType(), Field(ge=0, le=120)]


class Pain(Strict):
    now: Int = Field(ge=0, le=10)
    areas: list[PainArea] = Field(default_factory=list)
    acute_flare: bool = False
    # Which side hurts (002: lateral hip pain is felt lying on that side); None: not said.
    side: Literal["left", "right", "both"] | None = None


class Screen(Strict):
    """Pre-exercise screen modelled on PAR-Q+ (rules.SCREEN_QUESTIONS): a yes needs clearance."""

    heart_condition: bool = False
    chest_pain: bool = False
    dizziness: bool = False
    surgery_recent: bool = False
    other_condition: bool = False
    # A clinician has cleared you for exercise (then a yes above no longer stops the plan).
    cleared: bool = False

    def positives(self) -> list[str]:
        return [k for k in ("heart_condition", "chest_pain", "dizziness", "surgery_recent", "other_condition") if getattr(self, k)]


class Pregnancy(Strict):
    """Pregnant now (which week), or months since giving birth; both optional."""

    week: int | None = Field(default=None, ge=1, le=42)
    months_since_birth: int | None = Field(default=None, ge=0, le=120)


class PsfsItem(Strict):
    """Patient-Specific Functional Scale (Stratford 1995): an activity you find hard, 0-10."""

    activity: str = Field(min_length=1, max_length=80)
    score: int = Field(ge=0, le=10)


class RepsResult(Strict):
    reps: Reps
    compensation: bool = False


class StanceResult(Strict):
    seconds: Seconds
    pelvic_drop: bool = False


class SquatResult(Strict):
    reps: Reps
    knee_valgus: bool = False
    pelvic_drop: bool = False
    trunk_lean: bool = False


class RepsTest(Strict):
    left: RepsResult | None = None
    right: RepsResult | None = None


class StanceTest(Strict):
    left: StanceResult | None = None
    right: StanceResult | None = None


class SquatTest(Strict):
    left: SquatResult | None = None
    right: SquatResult | None = None


class Tests(Strict):
    fire_hydrant: RepsTest | None = None
    reverse_clamshell: RepsTest | None = None
    clamshell: RepsTest | None = None
    single_leg_stance: StanceTest | None = None
    single_leg_squat: SquatTest | None = None


class Schedule(Strict):
    sessions_per_week: Annotated[Literal[3, 4], BeforeValidator(_whole_number)] = 3
    days: list[Weekday] | None = None

    @model_validator(mode="after")
    def _days_match(self) -> Schedule:
        if self.days is None:
            return self
        try:
            self.days = cast("list[Weekday]", vocab.check_days(list(self.days), self.sessions_per_week, per_week="sessions_per_week={n}"))
        except ValueError as e:
            raise ValueError(f"days: {e}") from None
        return self

    def resolved_days(self) -> list[str]:
        return list(self.days) if self.days else list(DEFAULT_DAYS[self.sessions_per_week])


class Answers(Strict):
    """The answer file of `glute assess --answers` (schema documented in the README)."""

    date: dt.date | None = None
    name: str | None = Field(default=None, max_length=MAX_NAME)
    pain: Pain
    red_flags: list[RedFlag] = Field(default_factory=list)
    tests: Tests = Field(default_factory=Tests)
    schedule: Schedule = Field(default_factory=Schedule)
    equipment: list[Equipment] = Field(default_factory=list)
    # All optional with safe defaults, so answer files written before these questions still load.
    age: int | None = Field(default=None, ge=10, le=120)
    screen: Screen = Field(default_factory=Screen)
    pregnancy: Pregnancy | None = None
    psfs: list[PsfsItem] = Field(default_factory=list, max_length=3)


# ---------------------------------------------------------------- assessment result

Verdict = Literal["weak", "ok", "untested"]


class SideVerdict(Strict):
    verdict: Verdict
    reasons: list[str] = Field(default_factory=list)


class FunctionResult(Strict):
    function: Function
    verdict: Verdict
    left: SideVerdict
    right: SideVerdict
    weaker_side: Side | None = None
    start_level: Literal[1, 2, 3]
    level3_early: bool = False
    summary: str


class Assessment(Strict):
    """A scored assessment: what is stored and what the planner reads."""

    schema_version: Literal[1] = SCHEMA_VERSION
    id: str = ""
    profile: str = "default"
    date: dt.date
    answers: Answers
    referred: bool
    referral_reasons: list[str] = Field(default_factory=list)
    functions: list[FunctionResult] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    def result(self, f: Function) -> FunctionResult | None:
        return next((r for r in self.functions if r.function == f), None)

    @property
    def focus(self) -> list[Function]:
        return [r.function for r in self.functions if r.verdict == "weak"]


# ---------------------------------------------------------------- plan (public contract)

PlanSide = Literal["both", "left", "right"]


class Prescription(Strict):
    id: str
    name: str
    functions: list[Function]
    level: Literal[1, 2, 3]
    sets: int = Field(ge=1)
    reps: int | None = None
    hold_seconds: int | None = None
    side: PlanSide = "both"
    cue: str
    load: str | None = None
    caution: str | None = None
    # Plan schema 2: every matching caution (caution is the first), rest between sets, tempo.
    cautions: list[str] = Field(default_factory=list)
    rest_seconds: int | None = None
    tempo: str | None = None
    left_means: str | None = None
    # Plan schema 2: one row per exercise. When the sides differ (the weaker side's
    # extra set), the sets of each side; `sets` is then the other side's.
    sets_by_side: dict[Side, int] | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Prescription:
        if self.reps is None and self.hold_seconds is None:
            raise ValueError("reps or hold_seconds must be set")
        return self

    def dose_text(self) -> str:
        parts = []
        if self.reps is not None:
            parts.append(f"{self.sets} x {self.reps}")
            if self.hold_seconds:
                parts.append(f"{self.hold_seconds} s hold")
        else:
            parts.append(f"{self.sets} x {self.hold_seconds} s hold")
        if self.load:
            parts.append(f"+ {self.load}")
        return ", ".join(parts)


class Session(Strict):
    date: dt.date
    weekday: Weekday
    exercises: list[Prescription]
    # Plan schema 2: estimated minutes (warm-up included), the warm-up, the carry-over cue.
    minutes: int | None = None
    warmup: list[str] = Field(default_factory=list)
    carry_over: str | None = None


Phase = Literal["activation", "strength", "deload", "integration"]


class LevelChange(Strict):
    function: Function
    from_level: Literal[1, 2, 3]
    to_level: Literal[1, 2, 3]
    gate: str
    # Set when one side moves alone (adapted plans: the other side was held back by the log).
    side: Side | None = None


class Week(Strict):
    number: int = Field(ge=1)
    phase: Phase
    checkpoint: str | None = None
    levels: dict[Function, Literal[1, 2, 3]] = Field(default_factory=dict)
    level_changes: list[LevelChange] = Field(default_factory=list)
    sessions: list[Session]
    # Adapted plans only (absent from the JSON otherwise): the program week this calendar week
    # trains (differs from `number` after a missed week slid the plan), the level of each side
    # when the two sides differ, and what happened ("missed: repeated next week").
    program_week: int | None = None
    side_levels: dict[Function, dict[Side, Literal[1, 2, 3]]] = Field(default_factory=dict)
    note: str | None = None


class Plan(Strict):
    schema_version: Literal[1, 2] = PLAN_SCHEMA_VERSION
    profile: str = "default"
    assessment_id: str | None = None
    generated_for: str | None = None
    start_date: dt.date
    weeks_total: int = Field(ge=1, le=104)  # calendar weeks: missed weeks extend a 52-week programme
    sessions_per_week: Literal[3, 4]
    days: list[Weekday]
    focus: list[Function]
    start_levels: dict[Function, Literal[1, 2, 3]]
    weaker_side: dict[Function, Side | None] = Field(default_factory=dict)
    gate: str
    pain_rules: list[str]
    notes: list[str]
    weeks: list[Week]
    # Adapted plans only: what the session log changed (glute log).
    adaptation: Adaptation | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_v1(cls, data: object) -> object:
        """A schema-1 plan (glute 0.1.0, the plans table) reads as schema 2: a side's extra-set row
        joins the exercise's row before it as `sets_by_side`."""
        if isinstance(data, dict) and data.get("schema_version") == 1:
            data = {**data, "schema_version": PLAN_SCHEMA_VERSION, "weeks": [_week_v1(w) for w in data.get("weeks") or []]}
        return data


def merge_extra_rows(rows: list[Any]) -> list[Any]:
    """Schema 1 -> 2: a one-side row right after the `both` row of the same exercise becomes that
    row's `sets_by_side` (that side: its sets + the extra; the other side: the row's sets)."""
    out: list[Any] = []  # raw JSON rows, not yet validated
    for r in rows:
        prev = out[-1] if out else None
        if (
            isinstance(r, dict) and isinstance(prev, dict) and r.get("side") in ("left", "right") and prev.get("side", "both") == "both"
            and prev.get("id") == r.get("id") and not prev.get("sets_by_side")
        ):  # fmt: skip
            other = "right" if r["side"] == "left" else "left"
            prev["sets_by_side"] = {r["side"]: prev["sets"] + r["sets"], other: prev["sets"]}
            continue
        out.append(dict(r) if isinstance(r, dict) else r)
    return out


def _week_v1(w: object) -> object:
    if not isinstance(w, dict):
        return w
    sessions = [
        {**s, "exercises": merge_extra_rows(list(s.get("exercises") or []))} if isinstance(s, dict) else s for s in w.get("sessions") or []
    ]
    return {**w, "sessions": sessions}


# ---------------------------------------------------------------- session log and adaptation

Level = Literal[1, 2, 3]
PainScore = Annotated[int, Field(ge=0, le=10)]
Decision = Literal["up", "progress", "hold", "step_back", "level_down", "stop"]


class ExerciseLog(Strict):
    """One prescription row of a logged session: what the plan said (copied) and what was done."""

    id: str
    name: str = ""
    functions: list[Function] = Field(min_length=1)
    level: Level
    side: PlanSide = "both"
    prescribed_sets: int = Field(ge=1)
    prescribed_reps: int | None = None
    prescribed_hold: int | None = None
    prescribed_load: str | None = None
    prescribed_sets_by_side: dict[Side, int] | None = None  # plan schema 2: the sides' sets differed
    sets_done: int = Field(ge=0, le=20)
    reps_done: int | None = Field(default=None, ge=0, le=200)
    hold_done: int | None = Field(default=None, ge=0, le=600)
    compensation: CompensationSide | None = None
    pain: PainScore | None = None

    def full_dose(self) -> bool:
        """Sets, reps and holds at least as prescribed (a missing value counts as not done)."""
        if self.sets_done < self.prescribed_sets:
            return False
        if self.prescribed_reps is not None and (self.reps_done or 0) < self.prescribed_reps:
            return False
        return self.prescribed_hold is None or (self.hold_done or 0) >= self.prescribed_hold

    def done_text(self) -> str:
        if self.prescribed_reps is not None:
            return f"{self.sets_done} x {self.reps_done if self.reps_done is not None else '?'}"
        return f"{self.sets_done} x {self.hold_done if self.hold_done is not None else '?'} s"

    def prescribed_text(self) -> str:
        if self.prescribed_reps is not None:
            return f"{self.prescribed_sets} x {self.prescribed_reps}"
        return f"{self.prescribed_sets} x {self.prescribed_hold} s"

    def compensated(self, side: Side) -> bool:
        return self.compensation in (side, "both")

    def counts_for(self, side: Side) -> bool:
        return self.side in ("both", side)


class SessionLog(Strict):
    """A logged session (`glute log`): one per planned session date and profile."""

    schema_version: Literal[1] = SCHEMA_VERSION
    date: dt.date
    skipped: bool = False
    pain_during: PainScore | None = None
    morning_pain: PainScore | None = None
    red_flags: list[RedFlag] = Field(default_factory=list)
    exercises: list[ExerciseLog] = Field(default_factory=list)
    note: str | None = Field(default=None, max_length=MAX_NOTE)

    @model_validator(mode="after")
    def _skipped_has_no_work(self) -> SessionLog:
        if self.skipped and self.exercises:
            raise ValueError("a skipped session has no exercises")
        return self

    def trains(self, f: Function) -> bool:
        return any(f in e.functions for e in self.exercises)

    def pain_for(self, f: Function) -> int | None:
        """Pain during this function's exercises: the highest per-exercise pain, else the session's."""
        own = [e.pain for e in self.exercises if f in e.functions and e.pain is not None]
        return max(own) if own else self.pain_during

    def highest_pain(self) -> int | None:
        values = [v for v in (self.pain_during, self.morning_pain, *(e.pain for e in self.exercises)) if v is not None]
        return max(values) if values else None


class FunctionDecision(Strict):
    """One decision the log caused, dated from the first session it applies to."""

    date: dt.date
    function: Function
    side: Side | None = None  # None: both sides
    decision: Decision
    level: Level
    reason: str
    advice: str | None = None


class FunctionStatus(Strict):
    """Where one function and side stands now, and what its next gate waits for."""

    function: Function
    side: Side
    level: Level
    dose_step: int = Field(ge=0)
    gate: Literal["met", "pending", "top"]
    pending: list[str] = Field(default_factory=list)
    next_gate: dt.date | None = None


class Adaptation(Strict):
    """What the session log changed in a plan (Plan.adaptation)."""

    as_of: dt.date
    logged_from: dt.date | None = None
    sessions_logged: int = 0
    slide_days: int = 0
    missed_weeks: list[int] = Field(default_factory=list)
    refer: list[str] = Field(default_factory=list)
    decisions: list[FunctionDecision] = Field(default_factory=list)
    status: list[FunctionStatus] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list)


Plan.model_rebuild()


# ---------------------------------------------------------------- progress report and store doctor


class WeekAdherence(Strict):
    number: int
    program_week: int
    start: dt.date
    end: dt.date
    state: Literal["done", "missed", "current", "planned"]
    planned: int
    done: int
    skipped: int
    pain_during_max: int | None = None
    morning_pain_max: int | None = None


class PainPoint(Strict):
    date: dt.date
    during: int | None = None
    morning: int | None = None


class Reassessment(Strict):
    week: int
    due: dt.date
    done: bool


class Progress(Strict):
    profile: str
    as_of: dt.date
    plan_start: dt.date
    plan_end: dt.date
    baseline_pain: int
    sessions_planned_to_date: int
    sessions_done: int
    adherence: list[WeekAdherence]
    pain: list[PainPoint]
    status: list[FunctionStatus]
    reassessments: list[Reassessment]
    assessments: list[str] = Field(default_factory=list)
    assessment_changes: list[str] = Field(default_factory=list)
    slide_days: int = 0
    refer: list[str] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list)
    recent_decisions: list[FunctionDecision] = Field(default_factory=list)


class ProfileCounts(Strict):
    profile: str
    assessments: int = 0
    plans: int = 0
    logs: int = 0
    programmes: int = 0  # running and ended: an ended programme is kept with its logs


class DoctorReport(Strict):
    path: str
    exists: bool
    size: int = 0
    version: int | None = None
    known_version: int
    integrity: str = "not checked"
    ok: bool
    profiles: list[ProfileCounts] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    actions: list[str] = Field(default_factory=list)
    backup: str | None = None


# ---------------------------------------------------------------- programmes

EventKind = Literal["start", "retest", "move", "change", "end"]


class Programme(Strict):
    """What a person asked for: the plan itself is derived from this, the events and the logs."""

    id: int
    profile: str
    start_date: dt.date
    weeks: int = Field(ge=1, le=52)  # programme weeks; missed weeks extend the calendar
    days: list[Weekday]
    assessment_id: str | None = None
    status: Literal["active", "ended"] = "active"
    created_at: str = ""


class ProgrammeEvent(Strict):
    """One entry of a programme's timeline (session logs are rows of their own)."""

    id: int = 0
    date: dt.date
    kind: EventKind
    created_at: str = ""
    assessment_id: str | None = None  # start, retest
    referred: bool = False  # retest
    moved_from: dt.date | None = None  # move
    moved_to: dt.date | None = None  # move
    text: str | None = None  # change, end: what changed, in words
    weeks_before: int | None = None  # change: what was asked for before (a calendar cancels what went away)
    days_before: list[Weekday] | None = None
