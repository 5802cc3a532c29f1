"""The real `glute go` on a pseudo-terminal (stdlib pty), driven by keystrokes.

GLUTE_GO_SPEED (a testing aid, see the README) runs the session's clock N times faster: a large
value plays a whole session by its timers in a moment; 0 stops the clock, so only keys move the
session on and a test knows exactly where each key lands. The stored log is read back with
`glute log --list --format json`; the adaptation is what the screen says after the log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from ptyterm import ROOT, TIMEOUT, Terminal, child_env

pytest.importorskip("pty")
if not hasattr(os, "fork") or sys.platform == "win32":  # pragma: no cover
    pytest.skip("needs a POSIX pseudo-terminal", allow_module_level=True)

DAY = "2026-11-23"  # a Monday: the example programme's first session


@pytest.fixture
def env(glute_home: Path) -> dict[str, str]:
    return child_env(glute_home, GLUTE_TODAY=DAY, GLUTE_PROFILE="example", GLUTE_GO_SPEED="0")


def glute(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glutecli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=TIMEOUT,
        cwd=ROOT,
    )


@pytest.fixture
def programme(env: dict[str, str]) -> dict[str, str]:
    r = glute(env, "plan", "--example")
    assert r.returncode == 0, r.stderr
    return env


def logs(env: dict[str, str]) -> list[dict]:
    r = glute(env, "log", "--list", "--format", "json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)["logs"]


def restored(t: Terminal) -> bool:
    """Line editing and echo are back on: the terminal is as the shell left it."""
    import termios

    return t.lflag is not None and bool(t.lflag & termios.ICANON) and bool(t.lflag & termios.ECHO)


def check_width(t: Terminal, columns: int) -> None:
    """Every frame's top border is exactly the terminal's width: the screen fits it."""
    tops = [line.strip("\r") for line in t.plain.split("\n") if line.lstrip("\r").startswith("╭─")]
    assert tops, t.plain[-2000:]
    for top in tops:
        top = top[top.index("╭") :]
        assert len(top) == columns, top


def test_played_as_prescribed_by_its_timers(programme: dict[str, str]) -> None:
    env = {**programme, "GLUTE_GO_SPEED": "1000"}  # 30 min in about 2 s
    t = Terminal(["go"], env, columns=80)
    t.expect("Worst pain during the session")
    t.send("3\r")
    t.expect("Any new warning sign")
    t.send("\r")
    t.expect("Logged Mon 23 Nov 2026: 4 of 4 entries as prescribed, pain 3/10")
    t.expect("--morning-pain N")
    assert t.wait() == 0, t.plain[-3000:]
    screen = t.plain
    assert "Traceback" not in screen
    for seen in ("Warm-up", "Side-lying hip abduction", "rep ", "Rest", "next: ", "Reverse clamshell"):
        assert seen in screen, seen
    check_width(t, 80)
    (log,) = logs(programme)
    assert log["date"] == DAY and log["pain_during"] == 3 and not log["skipped"]
    assert all(e["sets_done"] == e["prescribed_sets"] and e["compensation"] is None for e in log["exercises"])


def test_compensated_a_pain_entry_and_skips_at_120_columns(programme: dict[str, str]) -> None:
    t = Terminal(["go", "--quiet"], programme, columns=120)
    t.expect("Warm-up")
    t.send("\r\r")  # the warm-up done, in position
    t.send("c")
    t.expect("Compensated on which side?")
    t.send("r")  # on the right, in the first exercise
    t.send("s")
    t.expect("Skip this exercise because of")
    t.send("3")  # too hard
    t.expect("Two-leg glute bridge")
    t.send("\r\r")  # in position, first set done
    t.send("p")
    t.expect("Pain right now")
    t.send("4\r")
    t.send("s1")  # skip: pain, how much?
    t.expect("Pain right now")
    t.send("6\r")
    t.expect("Clamshell")
    t.send("s2s2")  # no time for the last two
    t.expect("Worst pain during the session")
    t.send("\x7f7\r")
    t.expect("Any new warning sign")
    t.send("\r")
    t.expect("Logged Mon 23 Nov 2026")
    t.expect("What changes in the coming sessions")
    assert t.wait() == 0, t.plain[-3000:]
    check_width(t, 120)
    (log,) = logs(programme)
    rows = log["exercises"]
    assert log["pain_during"] == 7
    assert rows[0]["compensation"] == "right" and rows[0]["sets_done"] == 0
    assert rows[1]["sets_done"] == 1 and rows[1]["pain"] == 6
    assert rows[2]["sets_done"] == 0 and rows[3]["sets_done"] == 0
    assert "skipped Side-lying hip abduction (too hard)" in log["note"] and "Two-leg glute bridge (pain)" in log["note"]
    # The adaptation: pain above 5 during the session steps the dose back.
    r = glute(programme, "today", "--date", "2026-11-25")
    assert r.returncode == 0, r.stderr


def test_quit_early_logs_a_partial_session_and_a_red_flag_stops(programme: dict[str, str]) -> None:
    t = Terminal(["go"], programme, columns=80)
    t.expect("Warm-up")
    t.send("\r\r\r\r\r")  # warm-up, in position, left set 1, switch, right set 1
    t.send("q")
    t.expect("Stop now and log what was done?")
    t.send("y")
    t.expect("Worst pain during the session")
    t.send("2\r")
    t.expect("Any new warning sign")
    t.send("2\r")  # numbness or leg weakness
    t.expect("See a clinician")
    assert t.wait() == 3, t.plain[-3000:]
    (log,) = logs(programme)
    assert [e["sets_done"] for e in log["exercises"]] == [1, 0, 0, 0]
    assert log["red_flags"] == ["numbness"]
    assert "stopped early after 1 of 4 exercises" in log["note"]
    r = glute(programme, "today")
    assert r.returncode == 3  # the programme is paused, as after glute log
    t = Terminal(["go", "--date", "2026-11-25"], {**programme, "GLUTE_TODAY": "2026-11-25"})
    assert t.wait() == 3 and "paused" in t.plain


def test_ctrl_c_saves_nothing(programme: dict[str, str]) -> None:
    t = Terminal(["go"], programme)
    t.expect("Warm-up")
    t.send("\r\r\r")
    t.expect("Switch sides")
    t.send("\x03")
    assert t.wait() == 130, t.plain[-3000:]
    assert "Traceback" not in t.plain
    assert logs(programme) == []
    assert "\x1b[?1049l" in t.buf  # the alternate screen was left
    assert restored(t)


def test_a_logged_session_asks_before_replacing(programme: dict[str, str]) -> None:
    assert glute(programme, "log", "--pain", "2").returncode == 0
    t = Terminal(["go"], programme)
    t.expect("already logged (pain 2/10)")
    t.send("n")
    t.expect("Nothing changed.")
    assert t.wait() == 0
    t = Terminal(["go"], programme)
    t.expect("replace that log?")
    t.send("y")
    t.expect("Warm-up")
    t.send("qy")
    t.expect("Worst pain")
    t.send("1\r\r")
    t.expect("Replaced the log of")
    assert t.wait() == 0, t.plain[-3000:]
    (log,) = logs(programme)
    assert log["pain_during"] == 1


def test_a_rest_day_says_when_the_next_session_is(programme: dict[str, str]) -> None:
    t = Terminal(["go"], {**programme, "GLUTE_TODAY": "2026-11-24"})
    t.expect("rest day - next session is Wed 25 Nov")
    t.expect("glute today --date 2026-11-25 shows the session now")
    assert t.wait() == 0


def test_ascii_screen(programme: dict[str, str]) -> None:
    t = Terminal(["go", "--ascii"], programme)
    t.expect("Warm-up")
    t.send("\r")
    t.expect("Get into position")
    t.send("qy")
    t.expect("Worst pain")
    frame = t.plain[t.plain.rfind("+- ") :]
    assert frame.isascii(), frame
    t.send("0\r\r")
    assert t.wait() == 0, t.plain[-3000:]


def test_no_terminal(programme: dict[str, str]) -> None:
    r = glute(programme, "go")
    assert r.returncode == 2
    assert "needs a terminal" in r.stderr and "glute today" in r.stderr and "glute log" in r.stderr
    assert logs(programme) == []


def test_the_missing_morning_pain_is_asked_first(programme: dict[str, str]) -> None:
    assert glute(programme, "log", "--pain", "2").returncode == 0
    env = {**programme, "GLUTE_TODAY": "2026-11-25"}
    t = Terminal(["go"], env)
    t.expect("First: pain the morning after your session of Mon 23 Nov")
    t.send("1\r")
    t.expect("Warm-up")
    t.send("qy")
    t.expect("Worst pain")
    t.send("0\r\r")
    t.expect("Logged Wed 25 Nov 2026")
    assert t.wait() == 0, t.plain[-3000:]
    first, second = logs(env)
    assert first["morning_pain"] == 1 and second["date"] == "2026-11-25"


def test_a_kill_restores_the_terminal_and_saves_nothing(programme: dict[str, str]) -> None:
    import signal

    t = Terminal(["go"], programme)
    t.expect("Warm-up")
    os.kill(t.pid, signal.SIGTERM)
    assert t.wait() == 128 + signal.SIGTERM
    assert "\x1b[?1049l" in t.buf and "Traceback" not in t.plain
    assert restored(t)
    assert logs(programme) == []


# A tiny job-control shell: runs glute in its own foreground process group (a stop signal from
# the terminal is ignored in an orphaned group, which a process alone on a pty is), reports a
# stop, then continues it in the foreground as `fg` would.
MINI_SHELL = """
import os, signal, sys, time
signal.signal(signal.SIGTTOU, signal.SIG_IGN)
pid = os.fork()
if pid == 0:
    os.setpgid(0, 0)
    os.tcsetpgrp(0, os.getpgrp())
    os.execv(sys.executable, [sys.executable, "-m", "glutecli", *sys.argv[1:]])
os.setpgid(pid, pid)
os.tcsetpgrp(0, pid)
_, st = os.waitpid(pid, os.WUNTRACED)
if os.WIFSTOPPED(st):
    os.tcsetpgrp(0, os.getpgrp())
    print("[shell] stopped", flush=True)
    time.sleep(0.2)
    os.tcsetpgrp(0, pid)
    os.kill(pid, signal.SIGCONT)
    _, st = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(st))
"""


def test_ctrl_z_gives_the_terminal_back_and_pauses(programme: dict[str, str]) -> None:
    t = Terminal(["go"], {**programme, "GLUTE_GO_SPEED": "1"}, shell=MINI_SHELL)
    t.expect("Warm-up")
    t.send("\x1a")  # Ctrl-Z: a real SIGTSTP from the terminal
    t.expect("\x1b[?1049l")  # it left the alternate screen before stopping
    t.expect("[shell] stopped")
    t.expect("PAUSED")  # continued: the screen is back, the timers wait
    t.expect("paused while glute was in the background")
    t.send("qy")
    t.expect("Worst pain")
    t.send("0\r\r")
    assert t.wait() == 0, t.plain[-3000:]
    assert restored(t)


def test_a_resized_terminal_is_drawn_again_at_its_new_width(programme: dict[str, str]) -> None:
    import fcntl
    import signal
    import struct
    import termios

    t = Terminal(["go"], programme, columns=80)
    t.expect("Warm-up")
    fcntl.ioctl(t.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))  # the kernel sends SIGWINCH
    os.kill(t.pid, signal.SIGWINCH)  # (and again, in case the first came before the handler)
    t.expect("─" * 100)  # a 120-column frame, drawn while nothing moves (speed 0)
    t.send("qy")
    t.expect("Worst pain")
    t.send("0\r\r")
    assert t.wait() == 0, t.plain[-3000:]
