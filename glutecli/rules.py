"""The clinical rules of glute in one place: every number and safety text, each with its source.

Plain constants and small dataclasses, no logic beyond lookups: assess.py and planner.py read
them, and `scripts/gen_rules_doc.py` turns them into docs/rules.md so a physiotherapist can review
the rules without reading Python (tests/test_rules_doc.py fails when the document is out of step).

Sources: the seed articles (shared/seeds, cited by prefix 000-003) and the published studies named
in each rule. Where the seeds are silent and no study gives a number, the rule says
"product choice" and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

_V = TypeVar("_V")


@dataclass(frozen=True)
class Rule:
    """One clinical rule: its value (a number, a range or a text), what it means, where it comes from."""

    name: str
    value: object
    meaning: str
    source: str
    group: str


RULES: list[Rule] = []


def _rule(group: str, name: str, value: _V, meaning: str, source: str) -> _V:
    RULES.append(Rule(name, value, meaning, source, group))
    return value


# ---------------------------------------------------------------- pain

PAIN_OK_DURING: int = _rule(
    "Pain", "PAIN_OK_DURING", 5,
    "Pain up to this score (0-10) during exercise is acceptable if it has settled by the next morning.",
    "Silbernagel KG et al. 2007, Am J Sports Med 35(6):897-906 (pain-monitoring model, borrowed from tendon rehab)",
)
PAIN_STOP: int = _rule(
    "Pain", "PAIN_STOP", 8,
    "Pain at or above this score (at assessment, during or after a session): stop and see a clinician; no plan.",
    "product rule; 002: see a professional for pain that does not subside",
)
MORNING_MARGIN: int = _rule(
    "Pain", "MORNING_MARGIN", 2,
    "Next-morning pain counts as settled when it is at most the baseline plus this margin.",
    "Silbernagel 2007 (pain allowed to settle by the next morning)",
)
PAIN_LOW: int = _rule(
    "Pain", "PAIN_LOW", 2,
    "With every test at the top of its pass range and pain at or below this, level 3 may be reached after 2 weeks.",
    "003: progress 'after a week or two' when the beginner exercise feels easy",
)
PAIN_HIGH: int = _rule(
    "Pain", "PAIN_HIGH", 6,
    "Resting pain 6-7/10 (moderate to severe): advise seeing a clinician, keep the dose cautious "
    "(maintenance sets) and never show a next-morning limit at or above the stop level.",
    "Boonstra AM et al. 2014, Pain 155(12):2545-50 (NRS cut-off points: >= 6 is moderate-severe); 002",
)
PAIN_IN_PAIN_PASS: int = _rule(
    "Pain", "PAIN_IN_PAIN_PASS", 3,
    "Passing every test with pain at or above this: the gluteus medius is likely not the main problem (003).",
    "003: 'If you perform well on the assessments ... a weak Gluteus Medius is likely not the cause for your pain pattern'",
)


def morning_limit(baseline: int) -> int:
    """The next-morning pain limit shown to a person: baseline + margin, always below the stop level."""
    return min(baseline + MORNING_MARGIN, PAIN_STOP - 1)


def planning_baseline(pain_now: int) -> int:
    """The baseline the plan's morning rule uses: low enough that baseline + margin stays below the stop level."""
    return max(0, min(pain_now, PAIN_STOP - 1 - MORNING_MARGIN))


# ---------------------------------------------------------------- tests and pass marks

PASS_FIRE_HYDRANT: tuple[int, int] = _rule(
    "Pass marks", "PASS_FIRE_HYDRANT", (6, 8),
    "Fire hydrant (abduction): 6-8 reps with 3 s holds with relative ease, no weight shift.", "003",
)
PASS_REVERSE_CLAMSHELL: tuple[int, int] = _rule(
    "Pass marks", "PASS_REVERSE_CLAMSHELL", (10, 12),
    "Reverse clamshell (internal rotation): 10-12 reps with relative ease.", "003",
)
PASS_CLAMSHELL: tuple[int, int] = _rule(
    "Pass marks", "PASS_CLAMSHELL", (15, 20),
    "Clamshell (external rotation): 15-20 reps without pelvic roll.", "001 (3x15-20; no pelvic roll)",
)
PASS_SINGLE_LEG_STANCE: tuple[int, int] = _rule(
    "Pass marks", "PASS_SINGLE_LEG_STANCE", (30, 30),
    "Single-leg stance (stabilization): 30 s with a level pelvis.",
    "001 (Trendelenburg sign); Springer BA et al. 2007, J Geriatr Phys Ther 30(1):8-15 (normative stance times)",
)
PASS_SINGLE_LEG_SQUAT: tuple[int, int] = _rule(
    "Pass marks", "PASS_SINGLE_LEG_SQUAT", (5, 5),
    "Single-leg squat (stabilization): 5 reps to 60-80 degrees without knee collapse, pelvic drop or trunk lean.",
    "001; Crossley KM et al. 2011, Am J Sports Med 39(4):866-73",
)
EARLY_NEEDS_TOP: bool = _rule(
    "Pass marks", "EARLY_NEEDS_TOP", True,
    "Level 3 early only when every test reaches the TOP of its pass range; a person exactly at the pass marks "
    "follows the ordinary 4-week blocks.",
    "003: progress when the exercise 'feels easy' ('with relative ease'); product choice for 'easy' = top of the range",
)
SIGN_FACTOR: float = _rule(
    "Pass marks", "SIGN_FACTOR", 0.5,
    "Comparing sides: each sign of weakness halves a test's score, so 0 reps always scores lowest "
    "(1-2 compensated reps never score below 0 reps).",
    "product choice (ranking only; the verdict itself follows 001/003)",
)

# ---------------------------------------------------------------- falls risk and who should not start alone

FALLS_STANCE_SECONDS: int = _rule(
    "Safety", "FALLS_STANCE_SECONDS", 5,
    "A single-leg stance under 5 s on either leg means a falls risk: supported variants and cues only.",
    "Vellas BJ et al. 1997, J Am Geriatr Soc 45(6):735-8 (one-leg balance < 5 s predicts injurious falls)",
)
OLDER_AGE: int = _rule(
    "Safety", "OLDER_AGE", 65,
    "From this age: falls-risk precautions (supported one-leg work, hold a wall or a chair).",
    "Vellas 1997 (older adults); WHO Global report on falls prevention in older age 2007; "
    "Campbell AJ et al. 1997, BMJ 315:1065-9 (Otago programme: hold a support for balance work)",
)
SUPPORT_CUE: str = _rule(
    "Safety", "SUPPORT_CUE", "Hold a wall or a chair with one hand.",
    "Added first to every standing or one-leg exercise for a person with a falls risk.",
    "Campbell 1997 (Otago programme: balance exercises holding onto support)",
)
FALL_ADVICE: str = _rule(
    "Safety", "FALL_ADVICE",
    "If you fall, stop the programme and see a doctor or physiotherapist before going on.",
    "Shown in every plan for a person with a falls risk.",
    "Sherrington C et al. 2019, Cochrane CD012424 (exercise for fall prevention is supervised and progressive)",
)

# PAR-Q+ (Warburton DER et al. 2011, Health Fit J Can 4(2):3-23; the 2023 PAR-Q+ form): the
# questions a person answers before starting exercise. A yes means: get a clinician's clearance first.
SCREEN_SOURCE = "PAR-Q+ 2023 (Warburton DER et al. 2011, Health Fit J Can 4(2):3-23)"
SCREEN_QUESTIONS: dict[str, tuple[str, str]] = {
    "heart_condition": (
        "Has a doctor ever said you have a heart condition or high blood pressure?",
        "heart condition or high blood pressure",
    ),
    "chest_pain": (
        "Do you feel pain in your chest at rest, in daily activities, or when you exercise?",
        "chest pain",
    ),
    "dizziness": (
        "Do you lose balance because of dizziness, or have you lost consciousness in the last 12 months?",
        "dizziness or loss of consciousness",
    ),
    "surgery_recent": (
        "Have you had surgery (hip, knee, back, abdomen or other) in the last 6 months?",
        "recent surgery",
    ),
    "other_condition": (
        "Do you have another condition (bone or joint, diabetes, lung, nervous system ...) that a doctor "
        "said needs care with exercise, or take medicine for a chronic condition?",
        "another condition that needs clearance",
    ),
}
for _k, (_q, _w) in SCREEN_QUESTIONS.items():
    _rule("Who should not start alone", f"SCREEN.{_k}", _q, f"A yes ({_w}) needs a clinician's clearance first.", SCREEN_SOURCE)
SCREEN_RULE: str = _rule(
    "Who should not start alone", "SCREEN_RULE",
    "Any yes without 'cleared: yes' (a clinician has cleared you for exercise): referred, no plan, with the reason. "
    "With clearance: a plan, with the reason repeated in its notes.",
    "How a yes is handled.", SCREEN_SOURCE,
)

# ---------------------------------------------------------------- pregnancy and after birth

PREGNANCY_SOURCE = (
    "ACOG Committee Opinion 804 (2020), Obstet Gynecol 135(4):e178-88; "
    "Vleeming A et al. 2008, Eur Spine J 17(6):794-819 (European guidelines for pelvic girdle pain)"
)
SUPINE_AFTER_WEEK: int = _rule(
    "Pregnancy", "SUPINE_AFTER_WEEK", 20,
    "From this week of pregnancy: no exercise lying on the back (supine).", "ACOG CO 804 (2020): avoid prolonged supine after ~20 weeks",
)
POSTPARTUM_MONTHS: int = _rule(
    "Pregnancy", "POSTPARTUM_MONTHS", 12,
    "Given birth within this many months: recommend clearance (pelvic floor, abdominal wall) before starting.",
    PREGNANCY_SOURCE,
)
PREGNANCY_EXCLUDES: str = _rule(
    "Pregnancy", "PREGNANCY_EXCLUDES",
    "unsupported one-leg (balance-challenging) work, split stance, wide or asymmetric loading (wide stance, "
    "side planks), and supine work from week 20",
    "Left out of every plan during pregnancy.", PREGNANCY_SOURCE,
)
PREGNANCY_ADVICE: str = _rule(
    "Pregnancy", "PREGNANCY_ADVICE",
    "Pregnant or given birth in the last year: check with your midwife, doctor or physiotherapist before starting. "
    "Stop and seek care for bleeding, fluid loss, dizziness, chest pain, calf pain or swelling, regular painful contractions.",
    "Shown in the plan's notes.", "ACOG CO 804 (2020): warning signs to stop exercise",
)

# ---------------------------------------------------------------- lateral hip pain

LATERAL_HIP_EARLY_WEEKS: int = _rule(
    "Lateral hip pain", "LATERAL_HIP_EARLY_WEEKS", 4,
    "With hip pain on a known side: for this many weeks no side-lying or side-plank work (it compresses "
    "the painful side for one leg's sets) and abduction starts isometric / low-compression.",
    "002 (pain 'when lying on that side'); Mellor R et al. 2018, BMJ 361:k1662 (LEAP trial); "
    "Grimaldi A et al. 2015, Sports Med 45(8):1107-19",
)
ADDUCTION_ADVICE: str = _rule(
    "Lateral hip pain", "ADDUCTION_ADVICE",
    "Avoid positions that pull the painful hip across the body: crossing the legs, hanging on one hip when standing, "
    "sleeping on the painful side (use a pillow between the knees on the other side).",
    "Shown in the plan for hip pain on a side.", "Mellor 2018 (LEAP education); Grimaldi 2015",
)

# ---------------------------------------------------------------- blocks and progression

BLOCK_WEEKS: int = _rule(
    "Blocks", "BLOCK_WEEKS", 4,
    "A block: 3 loading weeks and a lighter 4th week with the re-test, then the gate.",
    "003: train the weak function 2-4 weeks, then re-test; 001: 8-12 weeks overall",
)
EARLY_BLOCK_WEEKS: int = _rule(
    "Blocks", "EARLY_BLOCK_WEEKS", 2,
    "Shortest block (level 3 reachable early): 2 weeks.", "003: 'after a week or two'",
)
FLARE_LEVEL1_WEEKS: int = _rule(
    "Blocks", "FLARE_LEVEL1_WEEKS", 2, "Acute flare: level 1 only for this many weeks.", "000: avoid hip airplanes during acute flare-ups",
)
FLARE_GATE_DELAY_WEEKS: int = _rule(
    "Blocks", "FLARE_GATE_DELAY_WEEKS", 2,
    "A flare (pain above the limit during a session, or not settled by the next morning) delays the next gate: "
    "the function does not move up a level for this many weeks after the flare. Lighter weeks stay every 4th "
    "programme week.",
    "Silbernagel 2007 (pain-monitoring model: hold the load until pain is within the limits again); "
    "003: 'progress after a week or two'",
)
CLEAN_LOG_UP_WEEKS: int = _rule(
    "Blocks", "CLEAN_LOG_UP_WEEKS", 2,
    "A weak or untested function whose last 2 logged sessions were clean (full dose, no compensation, pain within "
    "the limits, morning pain settled) moves up a level after this many weeks at its level, without waiting for "
    "the block's end; at most one level per this many weeks.",
    "003: progress 'after a week or two' when it feels easy; 001: progress only without compensation",
)
FLARE_EASE_DAYS: int = _rule(
    "Blocks", "FLARE_EASE_DAYS", 7,
    "After a logged flare (the log stepped a dose back or dropped a level), the sessions of the next 7 days "
    "ease: one set fewer, no added band or load, no exercise to avoid in a flare-up and, with hip pain, "
    "no side-lying or side-plank work; the gentle time cap applies.",
    "000: avoid the hip airplane during acute flare-ups; Silbernagel 2007 (reduce load when pain exceeds the limits)",
)
REGRESS_AFTER_SESSIONS: int = _rule(
    "Blocks", "REGRESS_AFTER_SESSIONS", 4,
    "Compensation on both sides logged in this many sessions in a row that trained a function: its exercises "
    "regress to the level below until a session is clean (at level 1: feedback cues and advice to have the "
    "technique checked).",
    "001: progress only without compensation, quality over count; product choice for 4 sessions (about 1-2 weeks)",
)
CAP_TO_WEAKEST: str = _rule(
    "Blocks", "CAP_TO_WEAKEST",
    "No exercise above the current level of any weak, untested or stabilization function it trains; functions that "
    "tested ok never train above the highest weak function.",
    "Every exercise, every session.", "001: progress only when the current level is performed without compensation",
)
UNTESTED_SIDE: str = _rule(
    "Blocks", "UNTESTED_SIDE",
    "A side (leg) that was not tested counts as weak at level 1 for that side, until it is tested.",
    "The plan says so and asks for the test again.", "003: 'If we're not assessing, we're just guessing'",
)
BAND_AFTER_CLEAN_REPS: int = _rule(
    "Blocks", "BAND_AFTER_CLEAN_REPS", 20,
    "A band (or a banded variant of an exercise) only after this many clean reps; never an exercise and its own "
    "banded variant in one session.",
    "001: 'adding a resistance band ... once 20 reps are performed without compensation'; 003 ('clamshells, then more clamshells')",
)
SEE_CLINICIAN_WEEKS: tuple[int, int] = _rule(
    "Blocks", "SEE_CLINICIAN_WEEKS", (8, 12),
    "No better after 8-12 weeks: see a clinician.",
    "001: 'Allow 8-12 weeks'; 002: 'if the pain continues despite corrective exercises ... a medical consultation'",
)

# ---------------------------------------------------------------- sessions

MAX_EXERCISES: int = _rule(
    "Sessions", "MAX_EXERCISES", 6, "At most this many exercises per session (main part).", "product choice (adherence); 002 lists six exercises",
)
MIN_EXERCISES: int = _rule("Sessions", "MIN_EXERCISES", 3, "At least this many exercises per session.", "product choice")
REST_SECONDS: int = _rule(
    "Sessions", "REST_SECONDS", 60,
    "Rest between sets.",
    "ACSM 2009 position stand, Med Sci Sports Exerc 41(3):687-708 (1-2 min for novices; 30-60 s for endurance sets)",
)
TEMPO: str = _rule(
    "Sessions", "TEMPO", "2 s up, 2 s down",
    "Tempo of every rep unless the exercise states its own.",
    "ACSM 2009 (slow-to-moderate velocity for novices); 000: hip airplane 3-5 s each way",
)
SECONDS_PER_REP: int = _rule("Sessions", "SECONDS_PER_REP", 4, "Seconds per rep for the time estimate (tempo 2 s up, 2 s down).", "follows TEMPO")
SWITCH_SECONDS: int = _rule("Sessions", "SWITCH_SECONDS", 20, "Seconds to change position or side, for the time estimate.", "product choice")
WARMUP_MINUTES: int = _rule(
    "Sessions", "WARMUP_MINUTES", 5,
    "Minutes counted for the warm-up when the catalogue has no warm-up or mobility entries (a custom catalogue); "
    "otherwise the warm-up's own entries are timed like the exercises.",
    "ACSM's Guidelines for Exercise Testing and Prescription, 11th ed. 2021 (warm-up: 5-10 min of light activity); 000",
)
WARMUP_ITEMS: tuple[int, int] = _rule(
    "Sessions", "WARMUP_ITEMS", (1, 2),
    "Every session starts with catalogue entries: this many general warm-up entries (kind warm_up), then this many "
    "mobility entries (kind mobility), the first ones the person's safety rules allow, at the bottom of their dose "
    "ranges, without rest between them. They never fill a strength slot and count in the session's minutes.",
    "000: 'first we work to loosen up these overpowering muscles before getting the stabilizers to do the job'; "
    "ACSM 2021 (general warm-up before exercise); 002 (insufficient warm-up is a cause of gluteal tendinopathy)",
)
MINUTES_CAP: int = _rule(
    "Sessions", "MINUTES_CAP", 35,
    "Default cap on a session's estimated length (warm-up included). The cap is hard: a session whose estimate "
    "exceeds its cap is fitted (CAP_ORDER) and the plan says so; the estimate shown is the real one.",
    "product choice: the calendar books 30-35 min; no study sets a number for a hip programme",
)
MINUTES_CAP_OLDER: int = _rule(
    "Sessions", "MINUTES_CAP_OLDER", 25,
    "Cap for an older person or a person with a falls risk (age >= OLDER_AGE or a stance under FALLS_STANCE_SECONDS).",
    "Campbell AJ et al. 1997, BMJ 315:1065-9 (Otago home programme: strength and balance exercises of about 30 min, "
    "3 times a week, walking included); product choice to stay under it",
)
MINUTES_CAP_PREGNANT: int = _rule(
    "Sessions", "MINUTES_CAP_PREGNANT", 30,
    "Cap during pregnancy and in the year after birth.",
    "ACOG CO 804 (2020): a goal of 20-30 min of moderate exercise a day on most days",
)
MINUTES_CAP_FLARE: int = _rule(
    "Sessions", "MINUTES_CAP_FLARE", 25,
    "Cap in an acute flare (at the assessment, or the days after a logged flare) and with resting pain 6-7/10.",
    "Silbernagel 2007 (reduce the load while pain is above the limits); product choice for the number",
)
# The cap the older code called "gentle" (falls risk, pregnancy, flare, high resting pain).
MINUTES_CAP_GENTLE: int = MINUTES_CAP_FLARE
MIN_SETS_WEAK: int = _rule(
    "Sessions", "MIN_SETS_WEAK", 2,
    "Minimum effective dose of a weak or untested function's exercise: this many sets at the bottom of the "
    "exercise's rep (or hold) range. A time cap never goes below it and never drops that function's work.",
    "ACSM 2009 position stand (novices: 1-3 sets); Krieger JW 2009, J Strength Cond Res 23(6):1890-901 "
    "(meta-regression: 2-3 sets give more strength gain than one set)",
)
MIN_SETS_MAINTENANCE: int = _rule(
    "Sessions", "MIN_SETS_MAINTENANCE", 1,
    "Minimum dose of maintenance work (a function that tested ok): one set.",
    "Bickel CS et al. 2011, Med Sci Sports Exerc 43(7):1177-87 (strength kept with a third of the training volume); "
    "ACSM 2009 (single sets are effective for maintenance)",
)
CAP_ORDER: tuple[str, ...] = _rule(
    "Sessions", "CAP_ORDER",
    (
        "the weak function's second exercise",
        "fewer sets of maintenance work (down to MIN_SETS_MAINTENANCE)",
        "the lowest-priority maintenance exercise, the last one first (not below MIN_EXERCISES; stabilization "
        "keeps its exercise, 001: pelvic control every session)",
        "fewer sets of weak work (down to MIN_SETS_WEAK)",
        "an exercise whose functions another exercise in the session trains too",
        "reps or holds of weak work down to the bottom of the exercise's range",
        "the weaker side's extra set",
        "the warm-up down to the general warm-up and one mobility entry",
        "sides trained apart with two exercises both do the lower-level one",
    ),
    "What a session over its cap gives up, in this order, until it fits; a weak or untested function is always "
    "trained and never below MIN_SETS_WEAK. The plan notes say which steps were used and how often.",
    "product choice ordered by 003 (train the weak function first) and Bickel 2011 (maintenance needs less volume)",
)
WARMUP: tuple[str, ...] = _rule(
    "Sessions", "WARMUP",
    (
        "Warm up: 3 min easy walking or marching on the spot.",
        "Mobility first (000): 5 slow hip circles each way, then a 30 s hip-flexor stretch each side "
        "(standing in a short split stance holding a chair, or half-kneeling).",
    ),
    "Fallback text when the catalogue has no warm-up or mobility entries.",
    "000: 'first we work to loosen up these overpowering muscles before getting the stabilizers to do the job'; 002: warm up",
)
CARRY_OVER: str = _rule(
    "Sessions", "CARRY_OVER",
    "Carry it over: when you walk, climb stairs or stand on one leg today, keep your hip bones level (001) - "
    "the aim is the habit of turning the stabilizers on when you move (000).",
    "End of every session.", "000; 001",
)
FEEDBACK_CUES: str = _rule(
    "Sessions", "FEEDBACK_CUES",
    "You should feel fatigue in the side of the hip, or you are likely compensating (002). A hand on your hip bone "
    "(side-lying) or a mirror (standing) shows the pelvis staying level (001).",
    "Plan notes.", "001; 002",
)

# ---------------------------------------------------------------- outcome

PSFS_MAX_ITEMS: int = _rule(
    "Outcome", "PSFS_MAX_ITEMS", 3,
    "Patient-Specific Functional Scale: up to three activities the person finds hard, each rated 0-10 "
    "(0 unable, 10 as before), asked at assessment and at every re-test.",
    "Stratford P et al. 1995, Physiother Can 47(4):258-63",
)
PSFS_MIC: int = _rule(
    "Outcome", "PSFS_MIC", 2,
    "Minimal important change of the PSFS (mean of the activities): about 2 points.",
    "Horn KK et al. 2012, J Orthop Sports Phys Ther 42(1):30-42 (review: MCID ~2 for the average score); Stratford 1995",
)

# ---------------------------------------------------------------- texts

REFER_SEE_CLINICIAN: str = _rule(
    "Texts", "REFER_SEE_CLINICIAN",
    "See a doctor or physiotherapist before starting.", "Referral wording.", "002",
)
END_ADVICE: str = _rule(
    "Texts", "END_ADVICE",
    "No better after 8-12 weeks of regular training: see a doctor or physiotherapist (002: pain that continues "
    "despite corrective exercises needs a medical consultation).",
    "Plan notes.", "001; 002",
)
HIGH_PAIN_ADVICE: str = _rule(
    "Texts", "HIGH_PAIN_ADVICE",
    "Resting pain of 6-7/10 is high: please see a doctor or physiotherapist soon. Until then the plan stays at "
    "maintenance sets and the next-morning limit stays below the stop level.",
    "Plan notes when pain now is 6 or 7.", "Boonstra 2014; 002",
)
IN_PAIN_PASS_ADVICE: str = _rule(
    "Texts", "IN_PAIN_PASS_ADVICE",
    "You passed every test while in pain: a weak gluteus medius is likely not the main cause of your pain (003). "
    "Keep a maintenance plan and look at other causes with a clinician.",
    "Plan notes; no early level 3.", "003",
)
UNTESTED_ADVICE: str = _rule(
    "Texts", "UNTESTED_ADVICE",
    "{what} was not tested: it is treated as weak at level 1 for safety. Do the test again (glute assess) when you can.",
    "Plan notes for each untested function or side.", "003",
)
