"""The real interactive `glute assess` in a pseudo-terminal (stdlib pty: no pexpect, no tmux).

The child process gets the pty as its controlling terminal, so stdin.isatty() is true (no
GLUTE_ASSUME_TTY) and a typed Ctrl-C is a real SIGINT.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

import ptyterm
import pytest
from ptyterm import ROOT, TIMEOUT, child_env

pytest.importorskip("pty")
if not hasattr(os, "fork") or sys.platform == "win32":  # pragma: no cover
    pytest.skip("needs a POSIX pseudo-terminal", allow_module_level=True)


class Terminal(ptyterm.Terminal):
    """glute on a 50-line pty, with a wait for the moment it reads the terminal."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        super().__init__(args, env, columns=80, lines=50)

    def wait_until_reading(self) -> None:
        """Until the child is blocked reading its terminal (Linux: /proc/PID/syscall).

        A Ctrl-C typed while Python is between printing a prompt and calling read() is lost by
        Python itself until the read returns (its handler only sets a flag, and read() was not
        running to be interrupted), so the test waits for the read instead of sleeping."""
        read_nr = {"x86_64": "0", "amd64": "0", "aarch64": "63", "arm64": "63"}.get(platform.machine().lower())
        # With readline (line editing on a terminal) the wait is pselect6 on fd 0 before the read.
        pselect_nr = {"x86_64": "270", "amd64": "270", "aarch64": "72", "arm64": "72"}.get(platform.machine().lower())
        path = Path(f"/proc/{self.pid}/syscall")
        if read_nr is None or not path.exists():  # pragma: no cover - not Linux
            self.kill()
            pytest.skip("cannot see when the program waits for input on this platform")
        deadline = time.monotonic() + TIMEOUT
        while True:
            fields = path.read_text().split()
            if fields[:2] in ([read_nr, "0x0"], [pselect_nr, "0x1"]):  # read(0, ...) or pselect6(1, ...): stdin, the terminal
                return
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"the program never waited for input; screen:\n{self.buf[-3000:]}")
            self._read(0.01)  # keep the terminal drained while polling

    def answer(self, prompt: str, reply: str) -> None:
        self.expect(prompt)
        self.send(reply + "\r")


@pytest.fixture
def env(glute_home: Path) -> dict[str, str]:
    return child_env(glute_home, COLUMNS="80", LINES="50")


def saved(home: Path) -> list:
    from glutecli.store import DB_NAME, Store

    if not (home / DB_NAME).exists():
        return []
    with Store(home) as s:
        return s.assessments("default")


FLAG_PROMPTS = [
    "wake you at night",
    "saddle area",
    "bladder or bowel",
    "hot, swollen joint",
    "history of cancer",
    "recent fall",
    "settle with rest",
]


def test_interactive_assess_in_a_terminal(env: dict[str, str], glute_home: Path) -> None:
    t = Terminal(["assess"], env)
    t.expect("Not medical advice")
    t.answer("Your name", "Sam")
    t.answer("wake you at night", "maybe")  # not y or n: asked again, in glute's words
    t.expect("type y for yes or n for no")
    for p in FLAG_PROMPTS:
        t.answer(p, "n")
    t.answer("Pain right now", "2")
    t.answer("Where?", "right hip")  # the side in the same answer: no side question
    t.answer("acute flare-up", "n")
    for p in ("heart condition", "pain in your chest", "dizziness", "surgery", "another condition"):
        t.answer(p, "n")
    t.answer("Your age", "40")
    t.answer("Pregnant now", "")
    t.answer("Activity 1", "stairs")
    t.answer("How well", "6")
    t.answer("Activity 2", "")
    # every test passed at the top of its range on both sides, pain 2: level 2 with level 3 early
    script = [
        ("Test 1/5: fire hydrant", None),
        ("left: reps done with 3 s holds", "8"),
        ("left: Did you shift weight", "n"),
        ("right: reps done with 3 s holds", "8"),
        ("right: Did you shift weight", "n"),
        ("Test 2/5: reverse clamshell", None),
        ("If lying on your right side hurts, skip the left side of this test", None),
        ("left: reps done", "abc"),  # re-asked
        ("is not a whole number", None),
        ("left: reps done", "12"),
        ("left: Did you feel cramping", "n"),
        ("right: reps done", "12"),
        ("right: Did you feel cramping", "n"),
        ("Test 3/5: clamshell", None),
        ("left: reps done", "20"),
        ("left: Did your pelvis roll", "n"),
        ("right: reps done", "20"),
        ("right: Did your pelvis roll", "n"),
        ("Test 4/5: single-leg stance", None),
        ("left: seconds held", "30"),
        ("left: Did the hip of the lifted leg drop", "n"),
        ("right: seconds held", "30"),
        ("right: Did the hip of the lifted leg drop", "n"),
        ("Test 5/5: single-leg squat", None),
        ("left: reps done to 60-80 degrees", "5"),
        ("left: Did the knee collapse", "n"),
        ("left: Did the pelvis drop", "n"),
        ("left: Did the trunk lean", "n"),
        ("right: reps done to 60-80 degrees", "5"),
        ("right: Did the knee collapse", "n"),
        ("right: Did the pelvis drop", "n"),
        ("right: Did the trunk lean", "n"),
        ("Sessions a week, 3 or 4 [3]", ""),
        ("weekdays?", "mon wed fri"),
        ("Equipment you own", "band"),
    ]
    for prompt, reply in script:
        if reply is None:
            t.expect(prompt)
        else:
            t.answer(prompt, reply)
    t.expect("function")
    t.expect("abduction")
    t.expect("Saved as")
    assert t.wait() == 0, t.buf[-3000:]
    screen = t.buf
    assert "Traceback" not in screen
    assert "2, 3 early" in screen  # start level column
    items = saved(glute_home)
    assert len(items) == 1
    a = items[0]
    assert all(r.verdict == "ok" and r.start_level == 2 and r.level3_early for r in a.functions)
    assert a.answers.schedule.resolved_days() == ["mon", "wed", "fri"]
    assert a.answers.age == 40 and a.answers.psfs[0].activity == "stairs" and a.answers.psfs[0].score == 6
    assert a.answers.name == "Sam" and a.answers.pain.side == "right" and [x.value for x in a.answers.pain.areas] == ["hip"]
    assert "Which side hurts" not in screen


def test_ctrl_c_in_a_terminal_saves_nothing(env: dict[str, str], glute_home: Path) -> None:
    t = Terminal(["assess"], env)
    t.answer("Your name", "")
    for p in FLAG_PROMPTS:
        t.answer(p, "n")
    t.answer("Pain right now", "3")
    t.expect("(Enter for none)")  # the end of the "Where?" prompt
    t.wait_until_reading()
    t.send("\x03")  # Ctrl-C: a real SIGINT from the terminal
    assert t.wait() == 130, t.buf[-3000:]
    assert "Traceback" not in t.buf
    assert "stopped: nothing saved" in t.buf
    assert saved(glute_home) == []


def test_no_terminal_subprocess(env: dict[str, str], glute_home: Path) -> None:
    import subprocess

    r = subprocess.run(
        [sys.executable, "-m", "glutecli", "assess"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        cwd=ROOT,
    )
    assert r.returncode == 2
    assert "no terminal to ask questions on" in r.stderr and "--answers" in r.stderr
    assert "Traceback" not in r.stderr
