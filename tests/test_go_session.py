"""`glute go`'s state machine (glutecli/go/session.py), its drawing and its screen, on a fake clock."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from glutecli.go.run import exercises_of, guided_session
from glutecli.go.session import FakeClock, GuidedSession, build_steps, set_dose, tempo_phases

START = dt.date(2026, 11, 23)  # a Monday; the example person trains mon, wed, fri


@pytest.fixture(scope="module")
def cat():
    from glutecli.catalogue import load_catalogue

    return load_catalogue()


@pytest.fixture(scope="module")
def plan(cat):
    from glutecli.assess import example_answers, score
    from glutecli.planner import PlanOptions, build_plan

    return build_plan(score(example_answers(), today=dt.date(2026, 11, 21)), cat, PlanOptions(weeks=8, start=START))


def first(plan):
    return plan.weeks[0].sessions[0]


def guided(session, cat) -> GuidedSession:
    return guided_session(session, cat)


def play(gs: GuidedSession, clock: FakeClock, seconds: float | None = None) -> None:
    """Let the clock run (in the screen's own steps) until the end questions, or for `seconds`."""
    end = None if seconds is None else clock.now() + seconds
    while not gs.ending and (end is None or clock.now() < end):
        step = gs.until_next_change() or 1.0
        if end is not None:
            step = min(step, end - clock.now())
        before = clock.now()
        clock.sleep(step)
        gs.advance(clock.now() - before)


def answer_end(gs: GuidedSession, pain: str = "2", flags: str = "") -> None:
    assert gs.prompt is not None and gs.prompt.kind == "end_pain"
    gs.press("backspace")
    gs.press("backspace")
    for k in [*pain, "enter", *flags, "enter"]:
        gs.press(k)
    assert gs.finished


def prescribed(session):
    from glutecli.sessionlog import rows_as_prescribed

    return rows_as_prescribed(session)


def go_to(gs: GuidedSession, kind: str, exercise: int, side: str | None = None, set_no: int = 1) -> None:
    """Jump straight to a step (as if the clock had run to it)."""
    gs.index = next(
        i
        for i, s in enumerate(gs.steps)
        if s.kind == kind and s.exercise == exercise and (side is None or s.side == side) and s.set_no == set_no
    )
    gs.elapsed = 0.0


# ---------------------------------------------------------------- time


def test_every_session_played_as_prescribed_takes_its_estimate(plan, cat) -> None:
    """The timers and the plan's estimate agree within 10% (the plan's minutes are not changed:
    the steps follow the planner's model, see go/session.py)."""
    for week in plan.weeks:
        for session in week.sessions:
            gs = guided(session, cat)
            clock = FakeClock()
            play(gs, clock)
            assert gs.clock_total == pytest.approx(clock.now())
            assert abs(clock.now() / 60 - session.minutes) <= 0.10 * session.minutes, (session.date, clock.now() / 60, session.minutes)


def test_a_whole_session_plays_in_milliseconds(plan, cat) -> None:
    gs = guided(first(plan), cat)
    t0 = time.perf_counter()
    play(gs, FakeClock())
    answer_end(gs)
    assert time.perf_counter() - t0 < 2.0  # a 30-minute session; typically a few ms


def test_played_as_prescribed_logs_every_row_as_prescribed(plan, cat) -> None:
    session = first(plan)
    gs = guided(session, cat)
    play(gs, FakeClock())
    assert "done" in gs.events or gs.prompt is not None
    answer_end(gs, "3")
    req = gs.log_request(session.date, prescribed(session))
    assert req.rows == prescribed(session)
    assert req.pain == 3 and req.red_flags == [] and req.note is None and not req.skipped


def test_steps_alternate_sides_with_rests_between_rounds(plan, cat) -> None:
    session = first(plan)
    exs = exercises_of(session, cat)
    ex = exs[0]  # side-lying abduction: 3 sets each side, +1 on the weaker left
    assert ex.sets == {"left": 4, "right": 3}
    steps = [s for s in build_steps(exs) if s.exercise == 0]
    kinds = [(s.kind, s.side, s.set_no) for s in steps]
    assert kinds == [
        ("ready", "left", 1),
        ("set", "left", 1), ("ready", "right", 1), ("set", "right", 1), ("rest", "left", 2),
        ("set", "left", 2), ("ready", "right", 2), ("set", "right", 2), ("rest", "left", 3),
        ("set", "left", 3), ("ready", "right", 3), ("set", "right", 3),
        ("ready", "left", 4), ("set", "left", 4),
    ]  # fmt: skip
    bridge = exs[1]
    assert bridge.sets == {None: 3} and not bridge.one_sided


def test_tempo_and_hold_phases(plan, cat) -> None:
    p = first(plan).exercises[0]
    assert [(ph.name, ph.seconds) for ph in tempo_phases(p)] == [("up", 2), ("hold", 2), ("down", 2)]
    assert set_dose(p) == "8 reps, 2 s hold"
    hold = p.model_copy(update={"reps": None, "hold_seconds": 30})
    assert [(ph.name, ph.seconds) for ph in tempo_phases(hold)] == [("hold", 30)]
    odd = p.model_copy(update={"tempo": "1 s up, 3 s down", "hold_seconds": None})
    assert [(ph.name, ph.seconds) for ph in tempo_phases(odd)] == [("up", 1), ("down", 3)]
    # The catalogue's words: a range at its low end, "each way" as two phases, no seconds: the default.
    way = p.model_copy(update={"tempo": "3-5 s each way", "hold_seconds": None})
    assert [(ph.name, ph.seconds) for ph in tempo_phases(way)] == [("out", 3), ("back", 3)]
    ends = p.model_copy(update={"tempo": "3-5 s opening, 3-5 s closing, brief pause at each end", "hold_seconds": None})
    assert [(ph.name, ph.seconds) for ph in tempo_phases(ends)] == [("opening", 3), ("closing", 3)]
    slow = p.model_copy(update={"tempo": "slow, controlled lowering", "hold_seconds": None})
    assert [(ph.name, ph.seconds) for ph in tempo_phases(slow)] == [("up", 2), ("down", 2)]


def test_the_rep_counter_follows_the_clock(plan, cat) -> None:
    gs = guided(first(plan), cat)
    go_to(gs, "set", 0, "left")
    gs.advance(6 * 2 + 3)  # two reps of 6 s, then 3 s into the third: its hold
    rep, k, into = gs.rep_position()
    assert (rep, tempo_phases(gs.exercise.p)[k].name, into) == (3, "hold", pytest.approx(1.0))


def test_pause_stops_the_timers_and_questions_too(plan, cat) -> None:
    gs = guided(first(plan), cat)
    gs.press(" ")
    assert gs.paused
    gs.advance(1000)
    assert (gs.index, gs.elapsed) == (0, 0)
    gs.press(" ")
    gs.advance(10)
    assert gs.elapsed == 10
    gs.press("p")  # a question is open: time stands still
    gs.advance(1000)
    assert gs.elapsed == 10
    gs.press("escape")
    gs.advance(5)
    assert gs.elapsed == 15


def test_time_left_starts_at_the_estimate_and_runs_down(plan, cat) -> None:
    session = first(plan)
    gs = guided(session, cat)
    assert gs.seconds_left() == pytest.approx(session.minutes * 60)
    gs.advance(600)
    assert gs.seconds_left() < session.minutes * 60 - 500


def test_a_bell_when_a_rest_ends(plan, cat) -> None:
    gs = guided(first(plan), cat)
    go_to(gs, "rest", 0, set_no=2)
    assert gs.advance(59) == []
    assert gs.advance(2) == ["bell"]
    assert gs.step.kind == "set"


# ---------------------------------------------------------------- keys


def test_enter_finishes_a_set_as_prescribed_and_digits_log_reps(plan, cat) -> None:
    session = first(plan)
    gs = guided(session, cat)
    gs.press("enter")  # the warm-up
    gs.press("enter")  # get ready
    assert gs.step.kind == "set" and gs.step.side == "left"
    gs.press("enter")
    assert gs.answers.done[(0, "left", 1)] == 8
    gs.press("enter")  # switch sides
    for k in "6":
        gs.press(k)
    gs.press("enter")
    assert gs.answers.done[(0, "right", 1)] == 6
    assert gs.step.kind == "rest"
    gs.press("5")
    gs.press("enter")  # during the rest: a correction of the set just done
    assert gs.answers.done[(0, "right", 1)] == 5
    play(gs, FakeClock())
    answer_end(gs)
    row = gs.log_request(session.date, prescribed(session)).rows[0]
    assert row.sets_done == 3 and row.reps_done == 5 and not row.full_dose()


def test_compensated_asks_the_side_once(plan, cat) -> None:
    session = first(plan)
    gs = guided(session, cat)
    go_to(gs, "set", 0, "right")
    gs.press("c")
    assert gs.prompt is not None and gs.prompt.kind == "side"
    gs.press("enter")  # the side being worked
    assert gs.prompt is None and gs.answers.compensated == {0: {"right"}}
    go_to(gs, "set", 1)  # a two-leg bridge: nothing to ask
    gs.press("c")
    assert gs.prompt is None and gs.answers.compensated[1] == {"left", "right"}
    play(gs, FakeClock())
    answer_end(gs, "2")
    req = gs.log_request(session.date, prescribed(session))
    assert [r.compensation for r in req.rows] == ["right", "both", None, None]


def test_the_log_is_what_glute_log_builds_from_the_same_answers(plan, cat) -> None:
    from glutecli.models import SessionLog
    from glutecli.sessionlog import session_log

    session = first(plan)
    gs = guided(session, cat)
    clock = FakeClock()
    while gs.step.exercise != 2 or gs.step.kind != "set":  # the clamshell
        play(gs, clock, seconds=1)
    gs.press("c")
    gs.press("l")
    play(gs, clock)
    answer_end(gs, "3")
    req = gs.log_request(session.date, prescribed(session))
    flags = session_log(session, pain=3, compensated=["clamshell"], compensation_side="left")
    ours = SessionLog(date=req.date, pain_during=req.pain, exercises=req.rows, red_flags=req.red_flags, note=req.note)
    assert ours == flags


def test_skip_asks_why_and_pain_asks_how_much(plan, cat) -> None:
    session = first(plan)
    gs = guided(session, cat)
    go_to(gs, "set", 1)  # the bridge, first set
    gs.press("enter")
    gs.press("s")
    assert gs.prompt.kind == "skip"
    gs.press("1")  # pain
    assert gs.prompt.kind == "skip_pain"
    for k in ("6", "enter"):
        gs.press(k)
    assert gs.exercise.row == 2 and gs.step.kind == "ready"
    gs.press("p")
    for k in ("4", "enter"):
        gs.press(k)
    gs.press("s")
    gs.press("2")  # no time
    play(gs, FakeClock())
    assert gs.prompt.buffer == "6"  # the worst pain entered is offered
    answer_end(gs, "6")
    req = gs.log_request(session.date, prescribed(session))
    rows = req.rows
    assert gs.answers.skipped == {1: "pain", 2: "no time"}
    assert rows[1].sets_done == 1 and rows[1].pain == 6
    assert rows[2].sets_done == 0 and rows[2].pain == 4
    assert rows[3].full_dose()
    assert req.pain == 6
    assert req.note == "glute go: skipped Two-leg glute bridge (pain); skipped Clamshell (no time)"


def test_back_one_set_takes_the_set_back(plan, cat) -> None:
    gs = guided(first(plan), cat)
    go_to(gs, "set", 0, "left")
    gs.press("enter")
    assert (0, "left", 1) in gs.answers.done and gs.step.kind == "ready"
    gs.press("b")
    assert gs.step.kind == "set" and gs.step.side == "left" and (0, "left", 1) not in gs.answers.done
    gs.press("b")  # nothing before the first set
    assert gs.message == "nothing to go back to"


def test_quit_saves_a_partial_session(plan, cat) -> None:
    session = first(plan)
    gs = guided(session, cat)
    play(gs, FakeClock(), seconds=gs.steps[0].seconds + 20 + 48 + 20 + 48 + 1)  # warm-up, then one set on each side
    gs.press("q")
    assert gs.prompt.kind == "quit"
    gs.press("n")
    assert gs.prompt is None and not gs.ending
    gs.press("q")
    gs.press("y")
    assert gs.ending and gs.stopped_early
    answer_end(gs, "1", "26")
    req = gs.log_request(session.date, prescribed(session))
    assert [r.sets_done for r in req.rows] == [1, 0, 0, 0]
    assert req.rows[0].reps_done == 8
    assert [f.value for f in req.red_flags] == ["numbness", "trauma"]
    assert req.note == "glute go: stopped early after 1 of 4 exercises"


def test_the_weaker_sides_extra_set_counts(plan, cat) -> None:
    session = first(plan)
    gs = guided(session, cat)
    play(gs, FakeClock())
    answer_end(gs)
    del gs.answers.done[(0, "left", 4)]
    assert gs.log_request(session.date, prescribed(session)).rows[0].sets_done == 2


def test_help_shows_cues_and_faults_and_any_key_closes_it(plan, cat) -> None:
    gs = guided(first(plan), cat)
    go_to(gs, "set", 0, "left")
    gs.press("?")
    assert gs.prompt.kind == "help"
    gs.press("x")
    assert gs.prompt is None


# ---------------------------------------------------------------- drawing and screen


@pytest.mark.parametrize("kind", ["braille", "ascii"])
def test_figures_fit_their_box(cat, kind: str) -> None:
    from glutecli.go.drawing import ascii_art, braille

    draw = braille if kind == "braille" else ascii_art
    for ex in cat:
        if ex.figure is None:
            continue
        for pose, other in ((ex.figure.start, None), (ex.figure.end, ex.figure.start)):
            d = draw(ex.figure, pose, other, 16, 7)
            assert 1 <= len(d.rows) <= 8 and d.width <= 16, ex.id
            assert any(ch.strip(" \u2800") for row in d.rows for ch in row), ex.id
            if kind == "ascii":
                assert all(row.isascii() for row in d.rows)


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("ascii_only", [False, True])
def test_the_screen_fits_the_terminal(plan, cat, width: int, ascii_only: bool) -> None:
    from rich.console import Console

    from glutecli.go.screen import Screen

    console = Console(width=width, height=24, no_color=True, color_system=None, force_terminal=False)
    screen = Screen(console, ascii_only=ascii_only, date_text="Mon 23 Nov 2026")
    seen = set()
    for week in (plan.weeks[0], plan.weeks[3], plan.weeks[-1]):  # lying, kneeling and standing figures
        gs = guided(week.sessions[0], cat)
        clock = FakeClock()
        while not gs.ending:
            for key in ("", "?"):  # the screen, and its cues and faults
                if key:
                    gs.press(key)
                with console.capture() as cap:
                    console.print(screen.render(gs, width, 24))
                text = cap.get()
                lines = text.splitlines()
                assert len(lines) <= 24, text
                assert all(len(line) <= width for line in lines), text
                assert "\x1b" not in text
                if ascii_only:
                    assert text.isascii(), text
            gs.press("escape")
            seen.add(gs.step.kind)
            play(gs, clock, seconds=37)
    assert seen == {"warmup", "ready", "set", "rest"}


def test_the_readme_shows_the_screens_the_script_draws() -> None:
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("go_screens", root / "scripts" / "go_screens.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    readme = (root / "README.md").read_text(encoding="utf-8")
    block = readme.split(mod.BEGIN + "\n", 1)[1].split(mod.END, 1)[0]
    assert block == mod.markdown(), "README's glute go screens are stale: .venv/bin/python scripts/go_screens.py --write"


def test_the_live_screen_plays_a_session_on_a_fake_clock(plan, cat) -> None:
    """go.screen.play with the fake clock and scripted keys: the loop itself, in milliseconds."""
    import io

    from rich.console import Console

    from glutecli.go.screen import play

    session = first(plan)
    gs = guided(session, cat)
    clock = FakeClock()
    script = {0: ["c", "l"]}  # keys typed when the first set starts

    class Keys:
        def keys(self, timeout):
            if gs.step.kind == "set" and gs.step.exercise in script:
                return script.pop(gs.step.exercise)
            return ["4", "enter", "enter"] if gs.ending else []

    out = io.StringIO()
    console = Console(file=out, width=80, height=30, force_terminal=True, color_system=None)
    play(gs, console, Keys(), clock, quiet=True)
    assert gs.finished and gs.answers.worst_pain == 4
    assert abs(clock.now() / 60 - session.minutes) <= 0.1 * session.minutes
    req = gs.log_request(session.date, prescribed(session))
    assert req.rows[0].compensation == "left" and req.pain == 4
    assert "Side-lying hip abduction" in out.getvalue() and "\a" not in out.getvalue()


def test_the_warning_signs_are_glute_logs() -> None:
    from glutecli.go.session import RED_FLAG_ORDER
    from glutecli.progression import RED_FLAG_WORDS

    assert [f.value for f in RED_FLAG_WORDS] == RED_FLAG_ORDER


def test_a_terminal_without_unicode_gets_plain_ascii(plan, cat) -> None:
    import io

    from rich.console import Console

    from glutecli.go.screen import Screen

    class AsciiTerminal(io.StringIO):
        encoding = "ascii"

    out = AsciiTerminal()
    console = Console(file=out, width=120, color_system=None)
    screen = Screen(console)
    assert screen.ascii
    gs = guided(first(plan), cat)
    go_to(gs, "set", 2, "left")  # the clamshell: its cue says "45°"
    console.print(screen.render(gs, 120, 30))
    assert out.getvalue().isascii() and "45 deg" in out.getvalue()
    assert not Screen(Console(file=io.StringIO(), width=80)).ascii


PERSONAS = Path(__file__).parent / "fixtures" / "personas"


@pytest.mark.parametrize("persona", sorted(p.stem for p in PERSONAS.glob("*.yaml")))
def test_every_persona_session_played_as_prescribed_takes_its_estimate(persona, cat) -> None:
    """Slow tempos, holds, extra sets and capped sessions: timers and estimate agree for everyone."""
    from glutecli.assess import load_answers, score
    from glutecli.planner import PlanOptions, build_plan

    today = dt.date(2026, 11, 21)  # the persona files are dated 2026-11-20
    plan = build_plan(score(load_answers(PERSONAS / f"{persona}.yaml", today=today), today=today), cat, PlanOptions(weeks=12, start=START))
    for week in plan.weeks:
        for session in week.sessions:
            clock = FakeClock()
            play(guided(session, cat), clock)
            assert abs(clock.now() / 60 - session.minutes) <= 0.10 * session.minutes, (persona, session.date, clock.now() / 60, session.minutes)
