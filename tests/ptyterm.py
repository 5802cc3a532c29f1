"""A child glute on a real pseudo-terminal (stdlib pty: no pexpect, no tmux), shared by the pty tests.

The child gets the pty as its controlling terminal, so stdin.isatty() is true and a typed Ctrl-C
is a real SIGINT.
"""

from __future__ import annotations

import os
import re
import select
import sys
import time
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 60.0  # per expected text: generous for slow CI machines
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x07")


class Terminal:
    """A child process on a pty of a given size (its controlling terminal), with expect/send."""

    def __init__(self, args: list[str], env: dict[str, str], columns: int = 80, lines: int = 30, shell: str | None = None) -> None:
        try:
            pid, fd = pty.fork()
        except OSError as e:  # pragma: no cover - no pty devices (some containers)
            pytest.skip(f"no pseudo-terminal available: {e}")
        if pid == 0:  # child
            try:
                os.chdir(ROOT)
                argv = ["-m", "glutecli", *args] if shell is None else ["-c", shell, *args]
                # No COLUMNS/LINES: the size is the terminal's own (set below), and follows a resize.
                os.execve(sys.executable, [sys.executable, *argv], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.buf = ""
        self.pos = 0
        import fcntl
        import struct
        import termios

        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        if not data:
            return False
        self.buf += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return True

    def expect(self, text: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while True:
            i = self.buf.find(text, self.pos)
            if i >= 0:
                self.pos = i + len(text)
                return
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise AssertionError(f"timed out waiting for {text!r}; screen so far:\n{self.plain[-3000:]}")
            if not self._read(min(left, 0.5)):
                raise AssertionError(f"the program ended before {text!r}; screen:\n{self.plain[-3000:]}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    @property
    def plain(self) -> str:
        return ANSI.sub("", self.buf)

    def wait(self) -> int:
        deadline = time.monotonic() + TIMEOUT
        while self._read(0.2):
            if time.monotonic() > deadline:
                self.kill()
                break
        _, status = os.waitpid(self.pid, 0)
        import termios

        try:  # the terminal's modes as the child left them (the master sees the slave's)
            self.lflag = termios.tcgetattr(self.fd)[3]
        except termios.error:  # pragma: no cover
            self.lflag = None
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)

    def kill(self) -> None:
        import signal

        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:  # pragma: no cover
            pass


def child_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a glute child: this checkout, a private home, plain UTF-8 output, no colour."""
    e = {k: v for k, v in os.environ.items() if not k.startswith(("GLUTE_", "PYTEST_")) and k not in ("COLUMNS", "LINES")}
    e.update(
        GLUTE_HOME=str(home),
        NO_COLOR="1",
        TERM="xterm",
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        PYTHONPATH=str(ROOT) + os.pathsep + e.get("PYTHONPATH", ""),
    )
    e.update(extra)
    return e
