"""The live screen of `glute go` (rich `Live`), its questions before the session, and the loop.

Draws a go.session.GuidedSession: where you are and the time left, the exercise with its figure
and cues, the tempo bar and rep counter (or a hold countdown), the rest bar with the next set, the
keys. Bars and marks are characters, not colours, so the screen reads the same with NO_COLOR; with
an encoding that cannot show braille or box lines (or --ascii) it falls back to plain ASCII.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.live import Live
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..safetext import safe
from ..timing import tempo_phases
from .drawing import Drawing, ascii_art, braille
from .session import RED_FLAG_ORDER, GuidedSession, Step, set_dose

if TYPE_CHECKING:
    from ..logbook import LogResult
    from .keys import KeyReader, KeySource, RealClock
    from .session import Clock, Exercise

FRAME = 0.02  # seconds: the shortest wait between two drawings
ASCII_SUBSTITUTES = {"°": " deg", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "×": "x", "…": "...", "≤": "<=", "≥": ">="}
LEGEND = [
    ("Enter", "done as prescribed"),
    ("space", "pause"),
    ("0-9", "reps done"),
    ("c", "compensated"),
    ("p", "pain"),
    ("s", "skip"),
    ("b", "back"),
    ("?", "cues"),
    ("q", "stop"),
]


def make_console() -> Console:
    return Console(highlight=False, emoji=False)


def can_draw_unicode(console: Console) -> bool:
    """Whether the terminal's encoding can show braille and box lines."""
    return console.encoding.lower().replace("-", "").startswith("utf")


def clock_text(seconds: float) -> str:
    s = max(0, int(seconds + 0.999))
    return f"{s // 60}:{s % 60:02d}"


def minutes_text(seconds: float) -> str:
    m = int(seconds / 60 + 0.5)
    return "under a minute" if m < 1 else f"{m} min"


class Screen:
    """Draws a GuidedSession for one terminal size and character set."""

    def __init__(self, console: Console, *, ascii_only: bool = False, date_text: str = "") -> None:
        self.console = console
        self.ascii = ascii_only or not can_draw_unicode(console)
        self.date_text = date_text
        self.full, self.empty = ("#", "-") if self.ascii else ("█", "░")

    # ------------------------------------------------------------ pieces

    def txt(self, value: object) -> str:
        """Text from the plan or the catalogue: escaped, and in plain ASCII when the screen is."""
        text = safe(value)
        if not self.ascii:
            return text
        import unicodedata

        for a, b in ASCII_SUBSTITUTES.items():
            text = text.replace(a, b)
        return unicodedata.normalize("NFKD", text).encode("ascii", "replace").decode("ascii")

    def bar(self, fraction: float, width: int) -> Text:
        n = max(0, min(width, round(fraction * width)))
        return Text(self.full * n, style="bold") + Text(self.empty * (width - n), style="dim")

    def side_word(self, side: str | None) -> str:
        return "both legs" if side is None else f"{side.upper()} side"

    def dose(self, ex: Exercise) -> str:
        p = ex.p
        text = self.txt(p.dose_text())
        if ex.one_sided and len(ex.sets) == 2:
            extra = [f"+{n - p.sets} set on the {s}" for s, n in ex.sets.items() if s and n > p.sets]
            text += ", each side" + (f" ({', '.join(extra)})" if extra else "")
        elif ex.one_sided:
            text += f", {next(iter(ex.sets))} side only"
        else:
            text += ", both legs together"
        return text

    def figure(self, ex: Exercise, width: int, rows: int) -> RenderableType | None:
        f = ex.figure
        if f is None or rows < 3:
            return None
        cols = max(8, min(18, (width - 6) // 2))
        draw = ascii_art if self.ascii else braille
        start = draw(f, f.start, None, cols, rows)
        end = draw(f, f.end, f.start, cols, rows)
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_row(Text("start", style="dim"), Text("end", style="dim"))
        height = max(len(start.rows), len(end.rows))
        for i in range(height):
            grid.add_row(self._row(start, i), self._row(end, i))
        return grid

    def _row(self, d: Drawing, i: int) -> Text:
        line = d.rows[i] if i < len(d.rows) else " " * d.width
        t = Text(line.ljust(d.width))
        for r, c in d.moving:
            if r == i:
                t.stylize("bold red", c, c + 1)
        return t

    def header(self, gs: GuidedSession, width: int = 80) -> Text:
        s = gs.step
        parts = []
        if gs.ending:
            parts.append("session done" if not gs.stopped_early else "stopped early")
        elif s.kind == "warmup":
            parts.append("warm-up")
        else:
            assert s.exercise is not None
            parts.append(f"exercise {s.exercise + 1} of {len(gs.exercises)}")
            where = f"set {s.set_no} of {gs.sets_of(s.exercise, s.side)}" + ("" if s.side is None else f" ({s.side})")
            parts.append(f"rest, then {where}" if s.kind == "rest" else where)
        if not gs.ending:
            parts.append(f"{minutes_text(gs.seconds_left())} left")
        if gs.paused:
            parts.append("PAUSED")
        text = " | ".join(parts)
        if self.date_text and len(text) + len(self.date_text) + 3 <= width - 8:  # the date only where it fits
            text = f"{self.date_text} | {text}"
        return Text(text, style="bold")

    def activity(self, gs: GuidedSession, width: int) -> list[RenderableType]:
        s = gs.step
        bar_w = max(10, min(48, width - 32))
        left = s.seconds - gs.elapsed
        if s.kind == "warmup":
            out: list[RenderableType] = [Text("Warm-up", style="bold")]
            out += [Text(f"- {self.txt(w)}") for w in gs.session.warmup]
            out.append(Text("time  ") + self.bar(gs.elapsed / s.seconds if s.seconds else 1, bar_w) + Text(f"  {clock_text(left)} left"))
            return out
        ex = gs.exercise
        assert ex is not None
        if s.kind == "ready":
            what = "Switch sides" if s.text == "switch sides" else "Get into position"
            return [
                Text(f"{what}: {self.side_word(s.side)}", style="bold"),
                Text("ready ") + self.bar(gs.elapsed / s.seconds if s.seconds else 1, bar_w) + Text(f"  {clock_text(left)}"),
                Text("Enter: start now", style="dim"),
            ]
        if s.kind == "rest":
            nxt = gs.next_set()
            out = [
                Text("Rest", style="bold"),
                Text("rest  ") + self.bar(gs.elapsed / s.seconds if s.seconds else 1, bar_w) + Text(f"  {clock_text(left)} left"),
            ]
            if nxt is not None:
                out.append(Text("next: ") + Text(self.next_text(gs, nxt), style="bold"))
            return out
        # a set
        title = Text(f"{self.side_word(s.side)}  set {s.set_no} of {gs.sets_of(s.exercise or 0, s.side)}", style="bold")
        if ex.p.reps is None:
            return [
                title,
                Text(f"HOLD  {clock_text(left)}", style="bold"),
                Text("hold  ") + self.bar(gs.elapsed / s.seconds if s.seconds else 1, bar_w),
            ]
        rep, k, into = gs.rep_position()
        phases = tempo_phases(ex.p)
        phase = phases[k]
        per = sum(p.seconds for p in phases) or 1
        bar = Text("tempo ")
        for j, ph in enumerate(phases):
            w = max(3, round((bar_w - 6 * len(phases)) * ph.seconds / per))
            frac = (into / ph.seconds if ph.seconds else 1.0) if j == k else (1.0 if j < k else 0.0)
            bar += Text(f"{ph.name} ", style="bold" if j == k else "dim") + self.bar(frac, w) + Text(" ")
        return [
            title,
            Text(f"rep {rep} of {ex.p.reps}   ", style="bold")
            + Text(f" {phase.name.upper()} {clock_text(phase.seconds - into)} ", style="bold reverse"),
            bar,
            Text("      " + ", ".join(f"{p.seconds:g} s {p.name}" for p in phases), style="dim"),
        ]

    def next_text(self, gs: GuidedSession, st: Step) -> str:
        assert st.exercise is not None
        ex = gs.exercises[st.exercise]
        where = f"{self.side_word(st.side)}, set {st.set_no} of {ex.sets[st.side]}: {self.txt(set_dose(ex.p))}"
        if st.exercise != gs.step.exercise:
            return f"{self.txt(ex.p.name)} - {where}"
        return where

    def prompt(self, gs: GuidedSession) -> list[RenderableType]:
        pr = gs.prompt
        if pr is None:
            lines: list[RenderableType] = []
            if gs.digits:
                lines.append(Text(f"reps done: {gs.digits}_  (Enter to log it, Esc to clear)", style="bold"))
            if gs.message:
                lines.append(Text(self.txt(gs.message), style="yellow"))
            return lines
        if pr.kind == "help":
            return []
        if pr.kind == "end_flags":
            out: list[RenderableType] = [Text(self.txt(pr.text), style="bold")]
            from ..models import RedFlag
            from ..progression import RED_FLAG_WORDS  # the words glute log uses

            for n, flag in enumerate(RED_FLAG_ORDER, 1):
                mark = "[x]" if n in pr.picked else "[ ]"
                out.append(Text(f"  {n} {mark} {RED_FLAG_WORDS[RedFlag(flag)]}"))
            return out
        answer = f" {pr.buffer}_" if pr.kind in ("pain", "skip_pain", "end_pain") else ""
        return [Text(self.txt(pr.text) + ":" + answer, style="bold reverse")]

    def legend(self, width: int) -> Text:
        t = Text(style="dim")
        used = 0
        for key, what in LEGEND:
            piece = f"{key} {what}"
            if used and used + len(piece) + 3 > width:
                t.append("\n")
                used = 0
            elif used:
                t.append(" | ")
                used += 3
            t.append(key, style="bold")
            t.append(f" {what}")
            used += len(piece)
        return t

    def done_lines(self, gs: GuidedSession) -> list[RenderableType]:
        """One line per exercise: sets done per side, and what else was noted."""
        out: list[RenderableType] = []
        for i, ex in enumerate(gs.exercises):
            done = gs.sets_done(i)
            sets = ", ".join(f"{n}/{ex.sets[s]}" + ("" if s is None else f" {s}") for s, n in done.items())
            notes = []
            if i in gs.answers.skipped:
                notes.append(f"skipped: {gs.answers.skipped[i]}")
            if gs.answers.compensated.get(i):
                notes.append("compensated " + " and ".join(sorted(gs.answers.compensated[i])))
            if i in gs.answers.pain:
                notes.append(f"pain {gs.answers.pain[i]}/10")
            out.append(Text(f"- {self.txt(ex.p.name)}: {sets} sets" + (f" ({'; '.join(notes)})" if notes else "")))
        return out

    def help(self, ex: Exercise) -> list[RenderableType]:
        out: list[RenderableType] = [Text("Cues", style="bold")]
        out += [Text(f"- {self.txt(c)}") for c in ex.cues or (ex.p.cue,)]
        if ex.faults:
            out.append(Text("Faults to watch for", style="bold"))
            out += [Text(f"- {self.txt(f)}") for f in ex.faults]
        for c in ex.p.cautions or ([ex.p.caution] if ex.p.caution else []):
            out.append(Text(f"! {self.txt(c)}", style="yellow"))
        out.append(Text("any key: back", style="dim"))
        return out

    # ------------------------------------------------------------ the whole screen

    def render(self, gs: GuidedSession, width: int | None = None, height: int | None = None) -> RenderableType:
        width = width or self.console.width
        height = height or self.console.height
        inner = width - 4
        body: list[RenderableType] = []
        ex = gs.exercise
        if gs.ending:
            body.append(
                Text(
                    "That was the session." if not gs.stopped_early else "Stopped: what was done is logged as a partial session.",
                    style="bold",
                )
            )
            body += self.done_lines(gs)
            body.append(Text(""))
        elif ex is not None:
            body.append(Text(self.txt(ex.p.name), style="bold"))
            body.append(Text(f"level {ex.p.level} | {self.dose(ex)}", style="dim"))
            if gs.prompt is not None and gs.prompt.kind == "help":
                body += self.help(ex)
            else:
                fig_rows = max(0, min(7, height - 17))
                fig = self.figure(ex, inner, fig_rows)
                cues = Table.grid()
                cues.add_column(overflow="fold")
                for c in (ex.cues or (ex.p.cue,))[:3]:
                    cues.add_row(Text(f"- {self.txt(c)}"))
                if ex.p.caution:
                    cues.add_row(Text(f"! {self.txt(ex.p.caution)}", style="yellow"))
                if fig is not None and inner >= 70:
                    row = Table.grid(padding=(0, 3))
                    row.add_column(no_wrap=True)
                    row.add_column(ratio=1)
                    row.add_row(fig, cues)
                    body.append(row)
                else:
                    body += [x for x in (fig, cues) if x is not None]
            body.append(Text(""))
        if not gs.ending and (gs.prompt is None or gs.prompt.kind != "help"):
            body += self.activity(gs, inner)
            body.append(Text(""))
        body += self.prompt(gs)
        if not gs.ending:
            body.append(self.legend(inner))
        return Panel(
            Group(*body),
            title=self.header(gs, width),
            title_align="left",
            box=box.ASCII if self.ascii else box.ROUNDED,
            width=width,
            padding=(0, 1),
        )


def play(
    gs: GuidedSession,
    console: Console,
    reader: KeyReader | KeySource,
    clock: Clock | RealClock,
    *,
    ascii_only: bool = False,
    quiet: bool = False,
    date_text: str = "",
) -> None:
    """Run the session on the terminal until its end questions are answered (Ctrl-C: KeyboardInterrupt)."""
    screen = Screen(console, ascii_only=ascii_only, date_text=date_text)
    wait = getattr(clock, "wait", None)

    def suspended() -> None:
        gs.paused = True  # the timers wait while the shell has the terminal
        console.file.write("\x1b[?1049l\x1b[?25h")  # the shell's screen back, with its cursor
        console.file.flush()

    def resumed() -> None:
        console.file.write("\x1b[?1049h\x1b[?25l")
        console.file.flush()
        gs.message = "paused while glute was in the background: space to go on"

    hooks = (getattr(reader, "on_suspend", None), getattr(reader, "on_resume", None))
    if hooks[0] is not None and hooks[1] is not None:
        hooks[0].append(suspended)
        hooks[1].append(resumed)
    with Live(console=console, screen=True, auto_refresh=False, transient=True, redirect_stdout=False, redirect_stderr=False) as live:
        last = clock.now()
        while not gs.finished:
            live.update(screen.render(gs), refresh=True)
            timeout = None  # nothing runs (paused, a question, time stopped): wait for a key
            if gs.timer_running():
                if wait is None:  # a clock of its own (a test's): straight to the next step, then look for keys
                    clock.sleep(gs.step.seconds - gs.elapsed)
                    timeout = 0.0
                else:
                    real = wait(gs.until_next_change())
                    # At least a frame's time: a sped-up clock (a testing aid) skips frames, not steps.
                    timeout = None if real is None else max(FRAME, real)
            keys = reader.keys(timeout)
            now = clock.now()
            events = gs.advance(now - last)
            last = now
            if "bell" in events and not quiet:
                console.bell()
            for k in keys:
                gs.press(k)
                if gs.finished:
                    break


def outro(result: LogResult) -> RenderableType:
    """After the session: the log as `glute log` shows it, then the morning pain to log tomorrow."""
    from ..present.console import log_view

    lines: list[RenderableType] = [log_view(result)]
    if not result.refer and not result.log.skipped:
        d = result.log.date
        lines.append(
            Text(
                f"Tomorrow morning, log how the hip feels: glute log --date {d.isoformat()} --morning-pain N "
                "(0-10; the dose only goes up on logged mornings, and glute today reminds you)"
            )
        )
    return Group(*lines)


def ask_key(console: Console, reader: KeyReader, question: str, allowed: dict[str, Any]) -> Any:
    """One keypress answer from `allowed` (other keys are ignored)."""
    console.print(Text(safe(question), style="bold"), end=" ")
    while True:
        for k in reader.keys(None):
            if k in allowed:
                console.print(k if len(k) == 1 else "")
                return allowed[k]


def ask_number(console: Console, reader: KeyReader, question: str, hi: int) -> int | None:
    """A number 0..hi typed and ended with Enter (Enter alone: None)."""
    console.print(Text(safe(question), style="bold"), end=" ")
    buf = ""
    while True:
        for k in reader.keys(None):
            if k.isdigit() and len(k) == 1 and int(buf + k) <= hi:
                buf += k
                console.print(k, end="")
            elif k == "backspace" and buf:
                buf = buf[:-1]
                console.print("\b \b", end="")
            elif k == "enter":
                console.print()
                return int(buf) if buf else None


def say(console: Console, text: str, style: str | None = None) -> None:
    console.print(Text(safe(text), style=style or ""))
