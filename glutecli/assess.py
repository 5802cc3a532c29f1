"""The self-assessment: answer files, the five tests, scoring, referral and comparison.

Plain Python (no typer, no rich): `glute assess` asks or reads the answers, `score` turns them into
an `Assessment` (what is stored and what the planner reads), present/console.py shows it.

Sources: 001 (clamshell pass mark, pelvic drop / Trendelenburg, single-leg squat to 60-80 degrees),
002 (see a professional when pain does not settle with rest), 003 (fire hydrant and reverse
clamshell tests, their pass marks and signs of weakness). Single-leg squat quality criteria:
Crossley KM et al. 2011 (knee valgus, pelvic drop, trunk lean).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import rules
from .errors import InputError, ValidationFailed
from .models import (
    FUNCTION_LABELS,
    FUNCTION_ORDER,
    SIDES,
    Answers,
    Assessment,
    Equipment,
    Function,
    FunctionResult,
    PainArea,
    RedFlag,
    Side,
    SideVerdict,
    Verdict,
)

if TYPE_CHECKING:  # pydantic's error type and the YAML line map load only when a file is read
    from pydantic import ValidationError

    from .yamlio import LineMap

# The pain rules live in rules.py: at 8/10 or more, a clinician first, no plan; little pain
# with every test at the top of its range: level 3 may be reached early.
PAIN_REFERRAL = rules.PAIN_STOP
PAIN_LOW = rules.PAIN_LOW

TEMPLATE_HINT = "fix the lines above; every key is explained in: glute assess --template"
NODES_HINT = "an answer file holds about 100 values; every key is explained in: glute assess --template"

# ---------------------------------------------------------------- red flags

# id -> the question asked (yes/no). A yes means: see a clinician before starting.
RED_FLAGS: dict[RedFlag, str] = {
    RedFlag.night_pain: "Is the pain constant, or does it wake you at night?",
    RedFlag.numbness: "Any numbness around the groin or buttocks (saddle area), or leg weakness that keeps getting worse?",
    RedFlag.bladder_bowel: "Any new change in bladder or bowel control?",
    RedFlag.fever: "Fever, or feeling unwell with a hot, swollen joint?",
    RedFlag.weight_loss: "Weight loss you cannot explain, or a history of cancer?",
    RedFlag.trauma: "A recent fall or injury to the hip, leg or back?",
    RedFlag.rest_pain: "Hip pain that does not settle with rest?",
}

# id -> the reason in words, as stored in `referral_reasons`.
RED_FLAG_REASONS: dict[RedFlag, str] = {
    RedFlag.night_pain: "constant or night pain",
    RedFlag.numbness: "saddle numbness or progressive leg weakness",
    RedFlag.bladder_bowel: "new bladder or bowel change",
    RedFlag.fever: "fever or feeling unwell with a hot, swollen joint",
    RedFlag.weight_loss: "unexplained weight loss or cancer history",
    RedFlag.trauma: "recent fall or injury",
    RedFlag.rest_pain: "pain that does not settle with rest (002: see a professional)",
}

PAIN_REASON = f"pain {PAIN_REFERRAL}/10 or more: see a clinician before exercising"

REFERRAL_MESSAGE = "Your answers need a clinician's opinion before you exercise."

# ---------------------------------------------------------------- the tests


@dataclass(frozen=True)
class Sign:
    """A compensation or sign of weakness, asked yes/no; a yes fails the side."""

    field: str  # the answer-file key (compensation, pelvic_drop, knee_valgus, trunk_lean)
    question: str  # asked in the interactive flow
    words: str  # in reasons: "left fire hydrant: 4 reps < 6, weight shift/cramping/shakiness"


@dataclass(frozen=True)
class TestSpec:
    """One self-test: how to do it, what to watch for, the pass mark."""

    __test__ = False  # not a pytest test class

    id: str
    function: Function
    name: str
    kind: Literal["reps", "seconds"]  # what is counted
    mark: int  # pass mark: at least this many reps / seconds
    top: int  # the top of the pass range (a test stops there)
    pass_mark: str
    count: str  # what to count, e.g. "reps with 3 s holds"
    how: tuple[str, ...]
    watch: tuple[str, ...]
    signs: tuple[Sign, ...]
    source: str

    @property
    def unit(self) -> str:
        return "reps" if self.kind == "reps" else "s"

    @property
    def limit(self) -> int:
        """Largest value the answer file accepts (reps 0-100, seconds 0-120)."""
        return 100 if self.kind == "reps" else 120

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.kind, *(s.field for s in self.signs))


SIDE_NOTE = "'left' means the left leg does the work (the leg that lifts, or the leg you stand on)."

TEST_SPECS: tuple[TestSpec, ...] = (
    TestSpec(
        id="fire_hydrant",
        function=Function.abduction,
        name="fire hydrant",
        kind="reps",
        mark=rules.PASS_FIRE_HYDRANT[0],
        top=rules.PASS_FIRE_HYDRANT[1],
        pass_mark="6-8 reps with 3 s holds, with relative ease and without compensation",
        count="reps done with 3 s holds",
        how=(
            "On hands and knees: hands under shoulders, knees under hips, back flat.",
            "Keep the knee bent and lift it out to the side to about hip height; hold 3 s; lower slowly.",
            "Count the clean reps, stopping at 8. The lifting leg is the side tested.",
        ),
        watch=(
            "shifting your weight onto the other hip",
            "cramping, shakiness, extreme difficulty or muscle fatigue",
        ),
        signs=(
            Sign(
                "compensation",
                "Did you shift weight to the other hip, or feel cramping, shakiness or extreme difficulty?",
                "weight shift/cramping/shakiness",
            ),
        ),
        source="003",
    ),
    TestSpec(
        id="reverse_clamshell",
        function=Function.internal_rotation,
        name="reverse clamshell",
        kind="reps",
        mark=rules.PASS_REVERSE_CLAMSHELL[0],
        top=rules.PASS_REVERSE_CLAMSHELL[1],
        pass_mark="10-12 reps with relative ease",
        count="reps done",
        how=(
            "Lie on your side, hips and knees bent, knees together.",
            "Keep the knees together and lift the top foot towards the ceiling (the thigh turns inward); lower slowly.",
            "Count the clean reps, stopping at 12. The top leg is the side tested (lie on the right side to test the left).",
        ),
        watch=(
            "cramping, shakiness, extreme difficulty or muscle fatigue",
            "the pelvis or trunk rolling to help the foot up",
        ),
        signs=(
            Sign(
                "compensation",
                "Did you feel cramping, shakiness or extreme difficulty, or roll the pelvis to help?",
                "cramping/shakiness/difficulty",
            ),
        ),
        source="003",
    ),
    TestSpec(
        id="clamshell",
        function=Function.external_rotation,
        name="clamshell",
        kind="reps",
        mark=rules.PASS_CLAMSHELL[0],
        top=rules.PASS_CLAMSHELL[1],
        pass_mark="15-20 reps without pelvic roll",
        count="reps done",
        how=(
            "Lie on your side, hips and knees bent to about 45 degrees, feet together.",
            "Keep the feet together and turn the top knee up towards the ceiling; lower slowly.",
            "Count the reps, stopping at 20. The top leg is the side tested (lie on the right side to test the left).",
        ),
        watch=(
            "the pelvis rolling back: the movement must come from the hip, not the trunk",
            "cramping or shakiness",
        ),
        signs=(Sign("compensation", "Did your pelvis roll back to lift the knee?", "pelvic roll"),),
        source="001",
    ),
    TestSpec(
        id="single_leg_stance",
        function=Function.stabilization,
        name="single-leg stance",
        kind="seconds",
        mark=rules.PASS_SINGLE_LEG_STANCE[0],
        top=rules.PASS_SINGLE_LEG_STANCE[1],
        pass_mark="30 s on one leg with a level pelvis",
        count="seconds held",
        how=(
            "Stand on one leg, hands on your hip bones, the other foot just off the floor.",
            "Time it, stopping at 30 s, or when the foot touches down or you grab for support.",
            "Use a mirror or a phone video from the front. The standing leg is the side tested.",
        ),
        watch=(
            "the hip of the lifted leg dropping: pelvic drop (Trendelenburg sign)",
            "the trunk leaning over the standing leg",
        ),
        signs=(Sign("pelvic_drop", "Did the hip of the lifted leg drop (pelvis not level)?", "pelvic drop (Trendelenburg sign)"),),
        source="001",
    ),
    TestSpec(
        id="single_leg_squat",
        function=Function.stabilization,
        name="single-leg squat",
        kind="reps",
        mark=rules.PASS_SINGLE_LEG_SQUAT[0],
        top=rules.PASS_SINGLE_LEG_SQUAT[1],
        pass_mark="5 reps to 60-80 degrees of knee bend without knee collapse, pelvic drop or trunk lean",
        count="reps done to 60-80 degrees",
        how=(
            "Stand on one leg, arms forward for balance.",
            "Squat slowly until the knee bends 60-80 degrees (about a third of the way down), then stand up.",
            "Do 5 reps in front of a mirror or a phone video. The standing leg is the side tested.",
        ),
        watch=(
            "the knee collapsing inward (knee valgus)",
            "the pelvis dropping on the other side",
            "the trunk leaning to the side",
        ),
        signs=(
            Sign("knee_valgus", "Did the knee collapse inward?", "knee collapse"),
            Sign("pelvic_drop", "Did the pelvis drop on the other side?", "pelvic drop"),
            Sign("trunk_lean", "Did the trunk lean to the side?", "trunk lean"),
        ),
        source="001; Crossley et al. 2011",
    ),
)

TESTS_BY_ID: dict[str, TestSpec] = {t.id: t for t in TEST_SPECS}


def specs_for(function: Function) -> list[TestSpec]:
    return [t for t in TEST_SPECS if t.function == function]


# ---------------------------------------------------------------- answer files


_EMPTY_MESSAGES: dict[str, str] = {
    "int_type": "empty: fill in a whole number",
    "float_type": "empty: fill in a number",
    "bool_type": "empty: write yes or no",
    "list_type": "empty: write [] for none",
    "literal_error": "empty: fill it in",
    "date_type": "empty: write a date (YYYY-MM-DD) or delete the line",
    "model_type": "empty: fill in the keys below it, or delete it",
    "dict_type": "empty: fill in the keys below it, or delete it",
}


class _Rewritten:
    """A ValidationError look-alike with clearer locations and messages for answer files."""

    def __init__(self, err: ValidationError) -> None:
        self._err = err

    def errors(self, include_url: bool = False) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for detail in self._err.errors(include_url=include_url):
            e: dict[str, Any] = dict(detail)
            loc = tuple(e["loc"])
            msg = str(e.get("msg", ""))
            bare = msg.removeprefix("Value error, ")
            # Schedule's cross-field rule reports at `schedule`; point it at `schedule.days`.
            if loc == ("schedule",) and bare.startswith("days: "):
                e["loc"] = ("schedule", "days")
                e["msg"] = bare.removeprefix("days: ")
            elif e.get("input", 0) is None and e["type"] in _EMPTY_MESSAGES:
                e["msg"] = _EMPTY_MESSAGES[e["type"]]
            elif loc == () and e["type"] in ("model_type", "model_attributes_type", "dict_type"):
                e["msg"] = "expected a mapping of answers (`key: value` lines)"
            out.append(e)
        return out


def load_answers(path: str | Path, *, today: dt.date | None) -> Answers:
    """Read and validate an answer file (YAML or JSON; "-" is stdin); a date after `today` is refused (None: not checked).

    Every problem raises `ValidationFailed` with `file:line: field: message` lines (exit 2).
    """
    from . import yamlio

    source = "<stdin>" if str(path) == "-" else str(path)
    try:
        text = yamlio.read_text(path, what="file")
    except ValidationFailed:
        raise
    except InputError as e:
        # Missing, a directory, binary, not UTF-8: still one `file:line: field: message` line.
        rest = e.message.removeprefix(source + ":").strip()
        m = re.match(r"(\d+): (.*)", rest, re.S)
        line, text_ = (int(m.group(1)), m.group(2)) if m else (1, rest)
        raise ValidationFailed(source, [f"{source}:{line}: (file): {text_}"], hint=e.hint) from None
    data, lines = yamlio.parse(text, source, max_nodes=yamlio.MAX_ANSWER_NODES, hint=NODES_HINT)
    return parse_answers(data, lines, source, today=today)


def parse_answers(data: object, lines: LineMap, source: str, *, today: dt.date | None) -> Answers:
    """Validate parsed data (from yamlio.parse) as `Answers`; `lines` gives each value's line."""
    from pydantic import ValidationError

    from .yamlio import pydantic_problems

    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else type(data).__name__
        raise ValidationFailed(
            source,
            [f"{source}:{lines.line(())}: (document): expected a mapping of answers (`key: value` lines), got a {kind}"],
            hint=TEMPLATE_HINT,
        )
    try:
        answers = Answers.model_validate(data)
    except ValidationError as err:
        raise ValidationFailed(source, pydantic_problems(_Rewritten(err), source, lines, data=data), hint=TEMPLATE_HINT) from None
    if today is not None and answers.date is not None and answers.date > today:
        line = lines.line(("date",))
        raise ValidationFailed(
            source,
            [
                f"{source}:{line}: date: {answers.date.isoformat()} is in the future (today is {today.isoformat()}); date it the day you did the tests"
            ],
        )
    return answers


def example_answers() -> Answers:
    """The built-in example person (glutecli/example.yaml; undated, so it is assessed on the day it is used)."""
    return load_answers(Path(__file__).with_name("example.yaml"), today=None)


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class SideTest:
    """One test on one side: the measured value and the signs seen (None = not tested)."""

    spec: TestSpec
    side: str
    value: float | None
    signs: tuple[str, ...] = ()

    @property
    def tested(self) -> bool:
        return self.value is not None

    @property
    def below(self) -> bool:
        return self.value is not None and self.value < self.spec.mark

    @property
    def weak(self) -> bool:
        return self.tested and (self.below or bool(self.signs))

    @property
    def score(self) -> float:
        """Value relative to the pass mark (counted up to where the test stops); each sign of weakness
        scales it down (rules.SIGN_FACTOR), so 0 reps always scores lowest: a few compensated reps
        are still more than none."""
        assert self.value is not None
        return min(self.value, self.spec.top) / self.spec.mark * rules.SIGN_FACTOR ** len(self.signs)

    @property
    def label(self) -> str:
        return f"{self.side} {self.spec.name}"

    def value_text(self) -> str:
        return fmt_value(self.value, self.spec)

    def reason(self) -> str:
        if not self.tested:
            return f"{self.label}: not tested"
        if self.below:
            return f"{self.label}: " + ", ".join([f"{self.value_text()} < {self.spec.mark}", *self.signs])
        if self.signs:
            # The count was reached, but not cleanly: say "but" so it does not read as a pass.
            return f"{self.label}: {self.value_text()}, but " + ", ".join(self.signs)
        return f"{self.label}: {self.value_text()} >= {self.spec.mark}, " + ("clean" if self.spec.signs else "passed")


def fmt_value(value: float | None, spec: TestSpec) -> str:
    if value is None:
        return "not tested"
    return f"{value:g} {spec.unit}"


def side_test(answers: Answers, spec: TestSpec, side: str) -> SideTest:
    test = getattr(answers.tests, spec.id)
    result = getattr(test, side) if test is not None else None
    if result is None:
        return SideTest(spec, side, None)
    value = getattr(result, spec.kind)
    signs = tuple(s.words for s in spec.signs if getattr(result, s.field))
    return SideTest(spec, side, float(value), signs)


def _side_verdict(results: list[SideTest]) -> SideVerdict:
    tested = [r for r in results if r.tested]
    if not tested:
        return SideVerdict(verdict="untested", reasons=[r.reason() for r in results])
    verdict = "weak" if any(r.weak for r in tested) else "ok"
    # Failing tests first: they are the reason for the verdict.
    ordered = sorted(results, key=lambda r: (not r.weak, not r.tested))
    return SideVerdict(verdict=verdict, reasons=[r.reason() for r in ordered])


def weaker_side(per_side: dict[Side, list[SideTest]], verdicts: dict[Side, Verdict]) -> Side | None:
    """The weak side when the other is ok; else the lower score over tests done on both sides."""
    left, right = verdicts["left"], verdicts["right"]
    if "untested" in (left, right):
        return None
    if left != right:
        return "left" if left == "weak" else "right"
    common = [i for i, r in enumerate(per_side["left"]) if r.tested and per_side["right"][i].tested]
    if not common:
        return None
    score = {s: sum(per_side[s][i].score for i in common) for s in SIDES}
    if abs(score["left"] - score["right"]) < 1e-9:
        return None
    return "left" if score["left"] < score["right"] else "right"


def has_tests(answers: Answers) -> bool:
    """True when at least one test was done on at least one side."""
    return any(side_test(answers, spec, side).tested for spec in TEST_SPECS for side in SIDES)


def _all_passed(answers: Answers) -> bool:
    results = [side_test(answers, spec, side) for spec in TEST_SPECS for side in SIDES]
    return all(r.tested and not r.weak for r in results)


def _all_at_top(answers: Answers) -> bool:
    """Every test passed at the top of its pass range ("with relative ease", 003)."""
    results = [side_test(answers, spec, side) for spec in TEST_SPECS for side in SIDES]
    return all(r.tested and not r.weak and r.value is not None and r.value >= r.spec.top for r in results)


def falls_risk(answers: Answers) -> list[str]:
    """Why this person has a falls risk (rules: Vellas 1997 stance < 5 s; age >= 65); [] if none."""
    why = []
    if answers.age is not None and answers.age >= rules.OLDER_AGE:
        why.append(f"age {answers.age} (>= {rules.OLDER_AGE})")
    stance = answers.tests.single_leg_stance
    for side in SIDES:
        r = getattr(stance, side) if stance else None
        if r is not None and r.seconds < rules.FALLS_STANCE_SECONDS:
            why.append(f"{side} single-leg stance {r.seconds:g} s (< {rules.FALLS_STANCE_SECONDS} s, Vellas 1997)")
    return why


def pregnancy_state(answers: Answers) -> str | None:
    """'pregnant' (a week is given), 'postpartum' (birth within rules.POSTPARTUM_MONTHS), else None."""
    p = answers.pregnancy
    if p is None:
        return None
    if p.week is not None:
        return "pregnant"
    if p.months_since_birth is not None and p.months_since_birth < rules.POSTPARTUM_MONTHS:
        return "postpartum"
    return None


def screen_reasons(answers: Answers) -> list[str]:
    """PAR-Q+ style screen: each yes, in words (rules.SCREEN_QUESTIONS)."""
    return [rules.SCREEN_QUESTIONS[k][1] for k in answers.screen.positives()]


def _summary(
    verdict: str,
    per_side: dict[Side, list[SideTest]],
    sides: dict[Side, SideVerdict],
    weaker: Side | None,
    level: int,
    early: bool,
    flare: bool,
) -> str:
    if verdict == "untested":
        return "not tested: starts cautiously at level 1; test it to know"
    if verdict == "weak" and not any(sides[s].verdict == "weak" for s in SIDES):
        ok_side = next(s for s in SIDES if sides[s].verdict == "ok")
        out = f"ok on the {ok_side}; {weaker} side not tested: treated as weak (level 1) until tested"
    elif verdict == "weak":
        weak_sides = [s for s in SIDES if sides[s].verdict == "weak"]
        where = "both sides" if len(weak_sides) == 2 else f"the {weak_sides[0]}"
        why = "; ".join(r.reason() for s in weak_sides for r in per_side[s] if r.weak)
        out = f"weak on {where}"
        if len(weak_sides) == 2 and weaker:
            out += f", {weaker} weaker"
        out += f" ({why})"
    else:
        tested = [s for s in SIDES if sides[s].verdict == "ok"]
        if len(tested) == 2:
            out = "ok on both sides" + (f", {weaker} a little weaker" if weaker else "")
        else:
            other = "right" if tested[0] == "left" else "left"
            out = f"ok on the {tested[0]}; {other} side not tested"
    out += f"; start at level {level}"
    if flare and verdict == "ok":
        out += " (acute flare)"
    if early:
        out += ", level 3 reachable early"
    return out


AREA_NOTES: dict[PainArea, str] = {
    PainArea.knee: "knee pain: watch for the knee collapsing inward on single-leg work (keep it over the middle toes)",
    PainArea.hip: "hip pain: lying on the sore side can hurt (002); pad it or lie on the other side, and stop if pain rises",
    PainArea.low_back: "low back pain: keep the pelvis and trunk still; the movement comes from the hip (003)",
    PainArea.ankle: "ankle pain: keep a hand on a wall or chair for single-leg standing work",
    PainArea.other: "pain elsewhere: stop an exercise that brings it on, and mention it to a clinician",
}


def score(answers: Answers, profile: str = "default", *, today: dt.date) -> Assessment:
    """Score answers (pure): verdicts per function and side, weaker side, start levels, referral, notes.

    The date is `answers.date`, else `today`. A future date is refused.
    """
    date = answers.date or today
    if date > today:
        raise InputError(f"date {date.isoformat()} is in the future (today is {today.isoformat()})")
    flare = answers.pain.acute_flare
    # Level 3 early needs every test at the top of its range (rules.EARLY_NEEDS_TOP), little pain,
    # no flare, and nothing that calls for caution (falls risk, pregnancy).
    early = (
        _all_at_top(answers) and answers.pain.now <= PAIN_LOW and not flare
        and not falls_risk(answers) and pregnancy_state(answers) is None
    )
    reasons = [RED_FLAG_REASONS[RedFlag(r)] for r in RED_FLAGS if r in answers.red_flags]
    if answers.pain.now >= PAIN_REFERRAL:
        reasons.append(PAIN_REASON)
    screen = screen_reasons(answers)
    if screen and not answers.screen.cleared:
        reasons.append(
            "pre-exercise screen (PAR-Q+): " + ", ".join(screen)
            + ": get a clinician's clearance first, then answer screen.cleared: yes"
        )
    referred = bool(reasons)
    # A referral with no tests (the interactive flow stops before them): "not tested" notes are noise.
    quiet_untested = referred and not has_tests(answers)

    functions: list[FunctionResult] = []
    notes: list[str] = []
    for f in FUNCTION_ORDER:
        specs = specs_for(f)
        per_side = {s: [side_test(answers, spec, s) for spec in specs] for s in SIDES}
        sides = {s: _side_verdict(per_side[s]) for s in SIDES}
        verdicts = {s: sides[s].verdict for s in SIDES}
        tested = [v for v in verdicts.values() if v != "untested"]
        verdict = "untested" if not tested else ("weak" if "weak" in tested else "ok")
        weaker = weaker_side(per_side, verdicts)
        untested_side = next((s for s in SIDES if verdicts[s] == "untested"), None) if len(tested) == 1 else None
        if untested_side is not None and verdict == "ok":
            # Untested means unknown: that side counts as weak at level 1 until it is tested (rules.UNTESTED_SIDE).
            verdict, weaker = "weak", untested_side
        level = 2 if verdict == "ok" and not flare else 1
        fn_early = early and verdict == "ok"
        functions.append(
            FunctionResult(
                function=f,
                verdict=verdict,
                left=sides["left"],
                right=sides["right"],
                weaker_side=weaker,
                start_level=level,
                level3_early=fn_early,
                summary=_summary(verdict, per_side, sides, weaker, level, fn_early, flare),
            )
        )
        label = FUNCTION_LABELS[f]
        if verdict == "untested" and not quiet_untested:
            notes.append(f"{label} not tested: starts cautiously at level 1; test it to know")
        elif len(tested) == 1:
            missing = next(s for s in SIDES if verdicts[s] == "untested")
            notes.append(f"{label}: the {missing} side was not tested: treated as weak at level 1 until you test it")
        if verdict != "untested" and len(specs) > 1:
            for spec in specs:
                if not any(side_test(answers, spec, s).tested for s in SIDES):
                    others = ", ".join(o.name for o in specs if o is not spec)
                    notes.append(f"{label}: the {spec.name} was not tested; the verdict rests on the {others}")

    if referred:
        notes.insert(0, "referred: see a doctor or physiotherapist before starting; no plan will be made")
    if flare:
        notes.append("acute flare: every function starts at level 1 until the flare settles")
    if early:
        notes.append(f"every test passed with pain {answers.pain.now}/10: level 3 can be reached early")
    for area in PainArea:
        if area in answers.pain.areas:
            notes.append(AREA_NOTES[area])
    if screen and answers.screen.cleared:
        notes.append("pre-exercise screen (PAR-Q+): " + ", ".join(screen) + "; cleared by a clinician")
    risk = falls_risk(answers)
    if risk:
        notes.append("falls risk (" + "; ".join(risk) + "): one-leg work is supported. " + rules.FALL_ADVICE)
    if pregnancy_state(answers):
        notes.append(rules.PREGNANCY_ADVICE)
    if answers.psfs:
        items = "; ".join(f"{i.activity} {i.score}/10" for i in answers.psfs)
        mean = sum(i.score for i in answers.psfs) / len(answers.psfs)
        notes.append(f"PSFS (Stratford 1995): {items} (mean {mean:.1f}); rate the same activities at every re-test")
    if rules.PAIN_HIGH <= answers.pain.now < rules.PAIN_STOP:
        notes.append(rules.HIGH_PAIN_ADVICE)
    if _all_passed(answers) and answers.pain.now >= rules.PAIN_IN_PAIN_PASS:
        notes.append(rules.IN_PAIN_PASS_ADVICE)

    return Assessment(
        profile=profile,
        date=date,
        answers=answers,
        referred=referred,
        referral_reasons=reasons,
        functions=functions,
        notes=notes,
    )


# ---------------------------------------------------------------- history


def compare(prev: Assessment, cur: Assessment) -> list[str]:
    """What changed from `prev` to `cur`, in words ("abduction: weak -> ok", "pain 3 -> 1")."""
    out: list[str] = []
    if prev.answers.pain.now != cur.answers.pain.now:
        out.append(f"pain {prev.answers.pain.now} -> {cur.answers.pain.now}")
    if prev.referred != cur.referred:
        out.append("now referred to a clinician" if cur.referred else "no longer referred")
    out += psfs_changes(prev.answers, cur.answers)
    tested = [has_tests(prev.answers), has_tests(cur.answers)]
    if not all(tested):
        # A referral or a pain-only record: comparing test by test would only list "not tested".
        if any(tested):
            which = cur if tested[0] else prev
            out.append(f"no tests in {which.id or 'one of them'}")
        return out
    for f in FUNCTION_ORDER:
        a, b = prev.result(f), cur.result(f)
        if a is None or b is None:
            continue
        label = FUNCTION_LABELS[f]
        level = f"start level {a.start_level} -> {b.start_level}" if a.start_level != b.start_level else ""
        if a.verdict != b.verdict:
            out.append(f"{label}: {a.verdict} -> {b.verdict}" + (f" ({level})" if level else ""))
        elif level:
            out.append(f"{label}: {level}")
    for spec in TEST_SPECS:
        for side in SIDES:
            x, y = side_test(prev.answers, spec, side), side_test(cur.answers, spec, side)
            if x.value != y.value:
                if x.tested and y.tested:
                    out.append(f"{side} {spec.name} {x.value:g} -> {y.value:g} {spec.unit}")
                else:
                    out.append(f"{side} {spec.name} {x.value_text()} -> {y.value_text()}")
            if x.tested and y.tested:
                for s in spec.signs:
                    was, now = s.words in x.signs, s.words in y.signs
                    if was != now:
                        out.append(f"{side} {spec.name}: {s.words} {'gone' if was else 'now seen'}")
    return out


def psfs_changes(prev: Answers, cur: Answers) -> list[str]:
    """Patient-Specific Functional Scale change per activity named both times, and of the mean,
    against its minimal important change (rules.PSFS_MIC: about 2 points, Horn 2012; Stratford 1995)."""
    before = {i.activity.strip().casefold(): i for i in prev.psfs}
    pairs = [(before[i.activity.strip().casefold()], i) for i in cur.psfs if i.activity.strip().casefold() in before]
    if not pairs:
        return []

    def verdict(delta: float) -> str:
        if delta >= rules.PSFS_MIC:
            return "a real improvement"
        if delta <= -rules.PSFS_MIC:
            return "a real decline"
        return f"below the minimal important change of {rules.PSFS_MIC}"

    out = [f"PSFS {b.activity}: {a.score} -> {b.score} ({b.score - a.score:+d}, {verdict(b.score - a.score)})" for a, b in pairs]
    mean = sum(b.score - a.score for a, b in pairs) / len(pairs)
    out.append(f"PSFS mean change {mean:+.1f} points: {verdict(mean)} (minimal important change about {rules.PSFS_MIC} points, Horn 2012)")
    return out


# ---------------------------------------------------------------- the blank answer file


def _template() -> str:
    flags = "\n".join(f"#   {f.value:<14} {RED_FLAG_REASONS[f]}" for f in RED_FLAGS)
    equipment = ", ".join(e.value for e in Equipment)
    areas = ", ".join(a.value for a in PainArea)
    out = [
        "# glute answer file (schema version 1). Fill in the blanks, then run:",
        "#   glute assess --answers this-file.yaml",
        "# YAML or JSON. Lines starting with # are comments. Unknown keys are errors.",
        "# glute is not medical advice; see a clinician for severe, constant or worsening pain.",
        "",
        "date:                # optional: the day you did the tests, YYYY-MM-DD (default today; not in the future)",
        "name:                # optional: who this is, up to 80 characters",
        "",
        "# Red flags: list every one that applies, e.g. red_flags: [trauma]. Any one means:",
        "# see a doctor or physiotherapist first (the assessment is saved as referred, no plan).",
        flags,
        "red_flags: []",
        "",
        "pain:",
        "  now:               # 0-10 right now (0 none, 10 worst imaginable); 8 or more: see a clinician first",
        f"  areas: []          # where it hurts, any of: {areas}; e.g. [knee, hip]",
        "  acute_flare: no    # yes if the pain has flared up recently",
        "  side:              # optional: which side hurts, left, right or both (side-of-hip pain: no lying on it early)",
        "",
        f"# Before you start ({rules.SCREEN_SOURCE}): yes to any means a clinician's clearance first.",
        "screen:",
        *[f"  {k + ': no':<20} # {q}" for k, (q, _) in rules.SCREEN_QUESTIONS.items()],
        "  cleared: no          # yes if a doctor or physiotherapist has cleared you for exercise",
        "",
        f"age:                 # optional: years; {rules.OLDER_AGE} or more: one-leg work is supported (falls risk)",
        "# Pregnant or given birth in the last year? (optional; delete if neither)",
        "# pregnancy: {week: 26}              # pregnant: which week",
        "# pregnancy: {months_since_birth: 4} # given birth: how many months ago",
        "",
        f"# Patient-Specific Functional Scale (Stratford 1995): up to {rules.PSFS_MAX_ITEMS} activities you find hard,",
        "# each rated 0 (unable) to 10 (as before). Asked again at every re-test.",
        "psfs: []              # e.g. [{activity: climbing stairs, score: 4}]",
        "",
        "# The tests, one side at a time (see `glute assess` for how to do each one).",
        f"# {SIDE_NOTE}",
        "# Fill in the number; answer yes/no for the signs. To skip a side, write `left: null`",
        "# (or delete its lines); to skip a whole test, delete it. An untested function starts at level 1.",
        "tests:",
    ]
    for spec in TEST_SPECS:
        out.append(f"  {spec.id}:  # {FUNCTION_LABELS[spec.function]} ({spec.source})")
        out.append(f"    # how: {spec.how[0]} {spec.how[1]}")
        out.append(f"    # pass: {spec.pass_mark}")
        for side in SIDES:
            out.append(f"    {side}:")
            out.append(f"      {spec.kind + ':':<19}# {spec.count} (0-{spec.limit})")
            for s in spec.signs:
                out.append(f"      {s.field + ': no':<19}# yes if: {s.words}")
    out += [
        "",
        "schedule:",
        "  sessions_per_week: 3   # 3 or 4",
        "  days:                  # optional: one weekday per session, e.g. [mon, wed, fri] (mon tue wed thu fri sat sun);",
        "                         # default spreads them (3: mon, wed, fri; 4: mon, tue, thu, sat)",
        "",
        f"equipment: []          # what you own, any of: {equipment}",
        "",
    ]
    return "\n".join(out)


TEMPLATE: str = _template()
