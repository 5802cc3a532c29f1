"""Single keys from a terminal, and the real clock of `glute go` (POSIX termios; no rich here).

The terminal goes into cbreak mode (keys arrive one by one, not echoed) and always comes back as
it was: on the way out of the `with`, whatever ends it (the last key, an error, Ctrl-C). Ctrl-C
stays a signal (ISIG is kept), so it interrupts like everywhere else in glute.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any, Protocol

# Escape sequences of the keys the session ignores (arrows and the like), read as one key.
NAMED = {"\r": "enter", "\n": "enter", "\x7f": "backspace", "\x08": "backspace", "\x1b": "escape", "\t": "tab"}


def _exit_on(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


class KeySource(Protocol):
    """Where keys come from: the terminal (KeyReader) or a test's script."""

    def keys(self, timeout: float | None) -> list[str]: ...


def split_keys(text: str) -> list[str]:
    """Bytes read at once -> keys: characters, named keys, one escape sequence as one key."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\x1b" and i + 1 < len(text) and text[i + 1] in "[O":
            j = i + 2
            while j < len(text) and not (text[j].isalpha() or text[j] == "~"):
                j += 1
            out.append("sequence")
            i = j + 1
            continue
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            i += 1  # a pasted CRLF is one Enter
        out.append(NAMED.get(ch, ch.lower() if ch.isalpha() else ch))
        i += 1
    return out


def is_terminal(stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> bool:
    """Both ends are a terminal: the screen is drawn on one and the keys come from it."""
    i, o = stdin or sys.stdin, stdout or sys.stdout
    try:
        return bool(i.isatty() and o.isatty())
    except (AttributeError, ValueError):
        return False


class KeyReader:
    """Context manager: cbreak mode on stdin; `keys(timeout)` returns the keys typed so far."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.fd = (stream or sys.stdin).fileno()
        self._saved: list[Any] | None = None
        self._pending = b""
        self._handlers: dict[int, Any] = {}
        self._wake: tuple[int, int] | None = None
        self.on_suspend: list[Callable[[], None]] = []  # the screen leaves its alternate screen, the session pauses
        self.on_resume: list[Callable[[], None]] = []

    def __enter__(self) -> KeyReader:
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        # TCSANOW, not the default TCSAFLUSH: keys typed before the screen was up are kept.
        tty.setcbreak(self.fd, termios.TCSANOW)
        # A kill or a closed terminal ends the process through the `with` too (SystemExit,
        # 128 + the signal, like a shell reports it), so the terminal is restored and nothing saved.
        for sig in (signal.SIGTERM, signal.SIGHUP):
            self._handlers[sig] = signal.signal(sig, _exit_on)
        self._handlers[signal.SIGTSTP] = signal.signal(signal.SIGTSTP, self._suspend)
        self._handlers[signal.SIGWINCH] = signal.signal(signal.SIGWINCH, self._redraw)
        self._wake = os.pipe()
        return self

    def _redraw(self, signum: int = 0, frame: object = None) -> None:
        """Wake the loop, so the screen is drawn again now (a resize, a return from the background)."""
        if self._wake is not None:
            os.write(self._wake[1], b"w")

    def _suspend(self, signum: int, frame: object) -> None:
        """Ctrl-Z: give the shell its terminal back, stop; on `fg` take it again and wake the loop."""
        import termios

        for hook in self.on_suspend:
            hook()
        mine = termios.tcgetattr(self.fd)
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # stops here until the shell continues it
        signal.signal(signal.SIGTSTP, self._suspend)
        termios.tcsetattr(self.fd, termios.TCSANOW, mine)
        for hook in self.on_resume:
            hook()
        self._redraw()

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        self.restore()

    def restore(self) -> None:
        import termios

        for sig, handler in self._handlers.items():
            signal.signal(sig, handler)
        self._handlers.clear()
        if self._wake is not None:
            for end in self._wake:
                os.close(end)
            self._wake = None
        if self._saved is not None:
            saved, self._saved = self._saved, None
            try:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
            except termios.error:  # the terminal is gone (hung up): nothing left to restore
                pass

    def keys(self, timeout: float | None) -> list[str]:
        """Keys available within `timeout` seconds (None: wait for one); [] when none came."""
        watched = [self.fd] if self._wake is None else [self.fd, self._wake[0]]
        ready, _, _ = select.select(watched, [], [], timeout)
        if self._wake is not None and self._wake[0] in ready:
            os.read(self._wake[0], 64)
            return ["redraw"]
        if not ready:
            return []
        data = self._pending + os.read(self.fd, 1024)
        if not data:
            raise EOFError("the terminal closed")
        try:
            text = data.decode("utf-8")
            self._pending = b""
        except UnicodeDecodeError:  # a character cut in two by the read: keep its start for next time
            cut = len(data) - 1
            while cut > 0 and (data[cut] & 0xC0) == 0x80:
                cut -= 1
            text, self._pending = data[:cut].decode("utf-8", "replace"), data[cut:]
        keys = split_keys(text)
        if "\x03" in keys:  # Ctrl-C read as a character (ISIG off by someone else): still an interrupt
            raise KeyboardInterrupt
        return keys


class RealClock:
    """Monotonic time, `speed` times faster (a testing aid: GLUTE_GO_SPEED); speed 0 stops time."""

    def __init__(self, speed: float = 1.0) -> None:
        self.speed = speed
        self._origin = time.monotonic()

    def now(self) -> float:
        return (time.monotonic() - self._origin) * self.speed

    def sleep(self, seconds: float) -> None:
        if self.speed > 0:
            time.sleep(max(0.0, seconds) / self.speed)

    def wait(self, seconds: float) -> float | None:
        """Real seconds to wait for a key before `seconds` of session time pass (None: forever)."""
        if self.speed <= 0:
            return None
        return max(0.0, seconds) / self.speed
