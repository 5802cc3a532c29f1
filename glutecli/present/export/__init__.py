"""Export a plan for paper, a calendar or a spreadsheet: txt, md, html, json, ics, csv.

Plain Python (no typer, no rich): `glute export` and `glute plan --export FILE` call `write`;
`render` returns the text. Every format is deterministic (same plan + catalogue + options = same
bytes), which is what the golden tests in tests/golden/ rely on. The catalogue adds what the plan
does not carry: each exercise's 2-3 key cues, its faults, whether it is one-sided, and its figure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import textwrap
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from .errors import InputError
from .models import FUNCTION_LABELS, WEEKDAYS, Plan, Prescription, Session, Week
from .safetext import safe
from .words import LEVEL_DOWN, LEVEL_UP, dose_change_lines, is_down

FORMATS = ("txt", "md", "html", "json", "ics", "csv")
EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".ics": "ics",
    ".csv": "csv",
}
DEFAULT_TIME = dt.time(7, 30)
DEFAULT_DURATION = 30
WIDTH = 78
MAX_CUES = 3
CSV_FIELDS = ["date", "week", "weekday", "exercise_id", "name", "sets", "reps", "hold_seconds", "side", "level", "load", "sets_left", "sets_right"]

DISCLAIMER = (
    "Not medical advice: glute plans exercise, it does not diagnose. Stop and see a doctor or "
    "physiotherapist if pain is severe, constant, wakes you at night or keeps getting worse."
)
LEVELS_TEXT = "Levels: 1 = non-weight-bearing activation, 2 = weight-bearing, 3 = single-leg under full body weight or load."
LEVEL_UP_TEXT = "only if the gate is met; otherwise repeat last week's level and dose."

WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# ---------------------------------------------------------------- formats and files


def formats_text() -> str:
    return ", ".join(FORMATS)


def check_format(fmt: Any) -> str:
    """A format name (or an Enum of one), lower-cased; InputError listing the formats otherwise."""
    name = str(getattr(fmt, "value", fmt)).strip().lower()
    if name not in FORMATS:
        raise InputError(f"unknown export format {name!r}; formats: {formats_text()}", hint="e.g. glute export --format html -o plan.html")
    return name


def format_from_path(path: str | Path) -> str:
    """The format named by a file's extension (`plan.html` -> html). InputError lists the formats."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    exts = ", ".join(sorted(set(EXTENSIONS), key=lambda e: FORMATS.index(EXTENSIONS[e])))
    what = f"extension {p.suffix!r}" if p.suffix else "no extension"
    raise InputError(
        f"{p}: {what}: cannot tell the export format; formats: {formats_text()}",
        hint=f"name the file with one of {exts}, or give --format",
    )


def write(
    plan: Plan,
    path: str | Path,
    *,
    fmt: str | None = None,
    force: bool = False,
    catalogue: Any = None,
    time: dt.time = DEFAULT_TIME,
    duration: int | None = None,
    calendar: CalendarInfo | None = None,
) -> Path:
    """Render `plan` and write it to `path` atomically (temp file + fsync + rename).

    The format is `fmt`, or else taken from the extension. An existing file is refused unless
    `force` (InputError, hint --force) and is then left exactly as it was.
    """
    from .yamlio import atomic_write_text

    p = Path(path)
    name = check_target(p, fmt, force=force)
    text = render(plan, name, catalogue, time=time, duration=duration, calendar=calendar)
    atomic_write_text(_destination(p), text)
    return p


def _destination(p: Path) -> Path:
    """Where the file is written: through a symlink, the regular file it points at (check_target
    made sure it is one), so the link itself (`/dev/stdout` as root) is never replaced."""
    return Path(os.path.realpath(p)) if p.is_symlink() else p


def check_target(path: str | Path, fmt: str | None = None, *, force: bool = False) -> str:
    """The format to write `path` in, after checking the file may be written (before any work).

    `--force` replaces a regular file only (through a symlink: the regular file it points at, the
    link stays): never a folder, a FIFO, a device or a socket, nor a link to one (`-o /dev/stdout
    --force` as root must not replace the device node or the link). The folder must take a new
    file: that is tried, not guessed from permissions.
    """
    import stat

    p = Path(path)
    if p.is_dir():
        raise InputError(f"{safe(p)}: is a folder; give a file name", hint=f"e.g. {safe(p / ('plan.' + check_format(fmt or 'html')))}")
    name = check_format(fmt) if fmt else format_from_path(p)
    if p.exists() or p.is_symlink():
        if not force:
            raise InputError(f"{safe(p)}: already exists; not overwritten", hint="use --force to replace it")
        try:
            st = os.lstat(_destination(p))  # the link's final target, itself not a link
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            what = "a link to nothing" if st is None else _kind(st.st_mode)
            raise InputError(f"{safe(p)}: is {what}, not a regular file; --force replaces regular files only", hint="write to a file name, or - for stdout")
    folder = _destination(p).parent
    if not folder.is_dir():
        raise InputError(f"{safe(folder)}: no such folder", hint="create it first, or write somewhere else")
    _probe_folder(folder)
    return name


def _kind(mode: int) -> str:
    import stat

    for test, word in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return word
    return "not a regular file"


def _probe_folder(folder: Path) -> None:
    """Can a file be made in `folder`? (an empty temp file, removed at once; also right for root)."""
    import errno
    import tempfile

    from .errors import StoreError

    try:
        fd, name = tempfile.mkstemp(prefix=".glute-probe.", dir=folder)
    except OSError as e:
        if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise StoreError(f"{safe(folder)}: the disk is full; nothing was written", hint="free some space, then try again") from None
        why = "the folder is read-only" if e.errno == errno.EROFS else (e.strerror or str(e)).lower()
        raise InputError(f"cannot write to {safe(folder)}: {why}", hint="write somewhere else, or check the folder's permissions") from None
    os.close(fd)
    os.unlink(name)


def render(
    plan: Plan,
    fmt: str,
    catalogue: Any = None,
    *,
    time: dt.time = DEFAULT_TIME,
    duration: int | None = None,
    calendar: CalendarInfo | None = None,
) -> str:
    """The plan as text in one of FORMATS. `catalogue` defaults to the configured catalogue.
    `calendar`: a programme's identity and revision for ics (stable UIDs, SEQUENCE, zone, reminder)."""
    name = check_format(fmt)
    if duration is not None and not 1 <= duration <= 24 * 60:
        raise InputError(f"--duration {duration}: give minutes from 1 to 1440")
    if name == "json":
        from .jsonout import dumps

        return dumps(plan_document(plan)) + "\n"
    if name == "csv":
        return _csv(plan)
    if catalogue is None:  # the other formats add cues, faults and figures from the catalogue
        from .catalogue import load_catalogue

        catalogue = load_catalogue()
    if name == "ics":
        return _ics(plan, catalogue, time, duration, calendar)
    if name == "txt":
        return _txt(plan, catalogue)
    if name == "md":
        return _md(plan, catalogue)
    return _html(plan, catalogue)


def plan_document(plan: Plan) -> dict:
    """The plan contract (`glute plan --format json`, glutecli/schemas/plan.schema.json)."""
    from .jsonout import plan_doc

    return plan_doc(plan)


# ---------------------------------------------------------------- shared helpers


def long_date(d: dt.date) -> str:
    """`Mon 23 Nov 2026`, the same in every locale."""
    return f"{WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def short_date(d: dt.date) -> str:
    """`Thu 27 Nov`."""
    return f"{WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]}"


def date_range(a: dt.date, b: dt.date) -> str:
    return f"{short_date(a)} to {long_date(b)}" if a.year == b.year else f"{long_date(a)} to {long_date(b)}"


def function_names(functions: list) -> str:
    return ", ".join(FUNCTION_LABELS[f] for f in functions)


def levels_text(levels: dict) -> str:
    return ", ".join(f"{FUNCTION_LABELS[f]} L{lv}" for f, lv in levels.items())


def all_sessions(plan: Plan) -> list[tuple[Week, Session]]:
    return [(w, s) for w in plan.weeks for s in w.sessions]


def last_date(plan: Plan) -> dt.date:
    sessions = all_sessions(plan)
    return sessions[-1][1].date if sessions else plan.start_date


def start_levels_text(plan: Plan) -> str:
    parts = []
    for f, lv in plan.start_levels.items():
        side = plan.weaker_side.get(f)
        parts.append(f"{FUNCTION_LABELS[f]} L{lv}" + (f" ({side} weaker)" if side else ""))
    return ", ".join(parts)


@dataclass
class Item:
    """One exercise of a session: its main prescription, the weaker side's extra sets, catalogue data."""

    main: Prescription
    extras: list[Prescription] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)
    unilateral: bool | None = None
    figure: Any = None

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
        out = []
        for x in self.extras:
            n = x.sets
            out.append(f"+{n} extra set{'s' if n != 1 else ''} on the {x.side}" if x.side != "both" else f"+{n} set{'s' if n != 1 else ''}")
        return "; ".join(out)

    @property
    def side_and_extra(self) -> str:
        return self.side + (f", {self.extra_text}" if self.extras else "")


def cautions_of(p: Prescription) -> list[str]:
    """Every caution of a prescription (plan schema 2), or its one caution (schema 1)."""
    return list(p.cautions) if p.cautions else ([p.caution] if p.caution else [])


def session_line(session: Session) -> str:
    """`About 32 min: warm-up first (...); rest 60 s between sets; reps at 2 s up, 2 s down.`, or ''."""
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


def session_items(session: Session, catalogue: Any) -> list[Item]:
    """Group a session's prescriptions: a side-specific extra set joins the row before it."""
    items: list[Item] = []
    for p in session.exercises:
        if items and p.side != "both" and items[-1].main.id == p.id and items[-1].main.side == "both":
            items[-1].extras.append(p)
            continue
        extras = extra_rows(p)
        ex = catalogue.by_id.get(p.id) if catalogue is not None else None
        cues = list(ex.cues[:MAX_CUES]) if ex else []
        if p.cue and p.cue not in cues:
            cues = [p.cue, *cues][:MAX_CUES]
        items.append(
            Item(
                main=p,
                cues=cues,
                faults=list(ex.faults[:MAX_CUES]) if ex else [],
                unilateral=ex.unilateral if ex else None,
                figure=ex.figure if ex else None,
            )
        )
        items[-1].extras += extras
    return items


def extra_rows(p: Prescription) -> list[Prescription]:
    """The sides' extra sets of a schema-2 prescription, as one-side prescriptions (for display)."""
    if not p.sets_by_side:
        return []
    return [
        p.model_copy(update={"sets": n - p.sets, "side": side, "sets_by_side": None})
        for side, n in sorted(p.sets_by_side.items())
        if n > p.sets
    ]


def week_items(week: Week, catalogue: Any) -> list[Item]:
    """The distinct exercises of a week, in order of first appearance."""
    seen: dict[str, Item] = {}
    for s in week.sessions:
        for it in session_items(s, catalogue):
            seen.setdefault(it.main.id, it)
    return list(seen.values())


@dataclass
class CalendarInfo:
    """What a calendar needs beyond the plan (issue 12), derived from the programme's timeline.

    `seed`: unique per person and programme; a session's UID is the seed + its week + its place in
    the week as first planned, so it survives moves and re-plans. `sequence` and `stamp` grow with
    every change to the timeline. `cancelled`: (week, place, date) of sessions that went away."""

    seed: str
    sequence: int = 0
    stamp: dt.datetime | None = None
    moves: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    cancelled: list[tuple[int, int, dt.date]] = field(default_factory=list)
    replaced: list[tuple[str, int, dt.date]] = field(default_factory=list)  # (uid, week, date) of a replaced programme
    tz: str | None = None  # an IANA zone; None: floating local time
    reminder: int | None = 15  # minutes before; None: no reminder

    def uid(self, week: int, place: int) -> str:
        return hashlib.sha1(f"{self.seed}|{week}|{place}".encode()).hexdigest() + "@glute"

    def place(self, week: Week, session: Session, days: list[str]) -> int:
        """The session's place in its week as first planned (before any move)."""
        back = {b: a for a, b in self.moves}
        d = session.date
        seen = set()
        while d in back and d not in seen:
            seen.add(d)
            d = back[d]
        order = [WEEKDAYS.index(x) for x in days]
        wd = d.weekday()
        return order.index(wd) if wd in order else len(order) + wd


def session_uid(profile: str, date: dt.date) -> str:
    """Stable per profile and day: re-importing a re-exported plan updates events, never duplicates."""
    return hashlib.sha1(f"{profile}|{date.isoformat()}|glute".encode()).hexdigest() + "@glute"


# ---------------------------------------------------------------- txt


def _wrap(text: str, indent: str = "", sub: str | None = None) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if sub is None else sub,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _bullet(text: str, indent: str = "", mark: str = "- ") -> list[str]:
    return _wrap(text, indent + mark, indent + " " * len(mark))


def _label(label: str, text: str, width: int = 11) -> list[str]:
    return _wrap(text, f"{label:<{width}}", " " * width)


def _spread(left: str, right: str) -> list[str]:
    if len(left) + len(right) + 2 <= WIDTH:
        return [left + " " * (WIDTH - len(left) - len(right)) + right]
    return [left, right]


def _txt(plan: Plan, cat: Any) -> str:
    out: list[str] = []
    title = "GLUTEUS MEDIUS PROGRAM"
    out += [title, "=" * len(title), ""]
    out += _label("For:", plan.generated_for or plan.profile)
    out += _label("Dates:", f"{long_date(plan.start_date)} to {long_date(last_date(plan))} ({plan.weeks_total} weeks)")
    out += _label("Sessions:", f"{plan.sessions_per_week} a week on {', '.join(d.capitalize() for d in plan.days)}, at least 24 h apart")
    out += _label("Focus:", function_names(plan.focus) or "none tested weak (maintenance)")
    out += _label("Start:", start_levels_text(plan))
    out += ["", *_wrap(DISCLAIMER), ""]

    out += ["THE GATE: WHEN TO MOVE UP A LEVEL", *_wrap(plan.gate, "  "), ""]
    out += ["PAIN RULES"]
    for r in plan.pain_rules:
        out += _bullet(r, "  ")
    out += ["", "WHY THIS PLAN"]
    for n in plan.notes:
        out += _bullet(n, "  ")
    out += ["", *_wrap(LEVELS_TEXT)]
    out += _wrap("Tick one box per set as you go, and write down your pain during the session and the next morning (0-10).")

    for week in plan.weeks:
        out += ["", "", "#" * WIDTH]
        head = f"WEEK {week.number} OF {plan.weeks_total} - {week.phase.upper()}"
        dates = date_range(week.sessions[0].date, week.sessions[-1].date) if week.sessions else ""
        out += _spread(head, dates)
        out += ["#" * WIDTH]
        if week.levels:
            out += _label("Levels:", levels_text(week.levels))
        if getattr(week, "note", None):
            out += _label("Note:", week.note)
        for head, line in level_change_lines(plan, week):
            out += _label(head + ":", line)
        if week.checkpoint:
            out += _label("Checkpoint:", week.checkpoint, 12)
        for i, session in enumerate(week.sessions, 1):
            out += [""]
            out += _spread(f"{long_date(session.date)} - session {i} of {len(week.sessions)}", "pain during ___  next morning ___")
            out += ["-" * WIDTH]
            if session_line(session):
                out += _wrap(session_line(session))
                out.append("")
            for n, it in enumerate(session_items(session, cat), 1):
                if n > 1:
                    out.append("")
                lead = f"{n}. "
                pad = " " * len(lead)
                out += _wrap(f"{it.main.name} (level {it.main.level}; {function_names(it.main.functions)})", lead, pad)
                out += _wrap(f"{it.dose}, {it.side_and_extra}", pad + "Dose: ", pad + "      ")
                boxes = " ".join("[ ]" for _ in range(it.main.sets))
                for x in it.extras:
                    boxes += f"   {x.side} extra: " + " ".join("[ ]" for _ in range(x.sets))
                out += _wrap(boxes, pad + "Sets: ", pad + "      ")
                for c in it.cues:
                    out += _bullet(c, pad)
                for c in cautions_of(it.main):
                    out += _bullet(c, pad, "! ")
    out += ["", "-" * WIDTH, *_wrap("Made with glute. " + DISCLAIMER)]
    # A text file is read in terminals: no control character or bidi override gets through.
    return safe("\n".join(line.rstrip() for line in out), newlines=True) + "\n"


# ---------------------------------------------------------------- md


def _mde(text: str) -> str:
    """Escape Markdown so catalogue text renders literally (GitHub-flavoured, incl. tables).

    `<` is escaped only where it could open an HTML tag, `>` and `#` only at the start: `<= 5/10`
    stays readable in the raw file.
    """
    # One line (a line break would end a table row or start a heading), no control characters.
    text = safe(" ".join(str(text).splitlines()), tabs=True).replace("\t", " ")
    digits = len(text) - len(text.lstrip("0123456789"))
    ordered = digits if digits and text[digits : digits + 1] in (".", ")") else -1  # `1.` starts a list
    out = []
    for i, ch in enumerate(text):
        nxt = text[i + 1 : i + 2]
        if ch in "\\`*_[]|~&" or (ch == "<" and (nxt.isalpha() or nxt in "/!?")) or (i == 0 and ch in ">#+-=") or i == ordered:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def level_change_lines(plan: Plan, week: Week) -> list[tuple[str, str]]:
    """(`Level up` or `Level down`, the line) for each of the week's level changes: the words are
    the terminal's (words.py), so a drop never reads as a level up."""

    def step(ch: Any) -> str:
        side = getattr(ch, "side", None)
        return f"{FUNCTION_LABELS[ch.function]}{f' ({side})' if side else ''} L{ch.from_level} -> L{ch.to_level}"

    ups = [ch for ch in week.level_changes if not is_down(ch)]
    out = [(LEVEL_UP, line) for line in level_up_lines(plan, week.model_copy(update={"level_changes": ups}))]
    out += [(LEVEL_DOWN, f"{step(ch)}: {ch.gate}") for ch in week.level_changes if is_down(ch)]
    return out


def level_up_lines(plan: Plan, week: Week) -> list[str]:
    """`abduction L1 -> L2, stabilization L1 -> L2, only if the gate is met; ...` (one line per gate)."""

    def step(ch: Any) -> str:
        side = getattr(ch, "side", None)  # adapted plans: one side may move alone
        return f"{FUNCTION_LABELS[ch.function]}{f' ({side})' if side else ''} L{ch.from_level} -> L{ch.to_level}"

    same = [ch for ch in week.level_changes if ch.gate == plan.gate]
    out = []
    if same:
        out.append(", ".join(step(ch) for ch in same) + f", {LEVEL_UP_TEXT}")
    for ch in week.level_changes:
        if ch.gate != plan.gate:
            out.append(f"{step(ch)}, only if: {ch.gate}")
    return out


def _md(plan: Plan, cat: Any) -> str:
    out: list[str] = []
    out += [f"# Gluteus medius program: {_mde(plan.generated_for or plan.profile)}", ""]
    out += [f"> **Not medical advice.** {_mde(DISCLAIMER.removeprefix('Not medical advice: '))}", ""]
    out += [
        f"- **Dates:** {long_date(plan.start_date)} to {long_date(last_date(plan))} ({plan.weeks_total} weeks)",
        f"- **Sessions:** {plan.sessions_per_week} a week on {', '.join(d.capitalize() for d in plan.days)}, at least 24 h apart",
        f"- **Focus:** {_mde(function_names(plan.focus) or 'none tested weak (maintenance)')}",
        "",
        "| Function | Start level | Focus | Weaker side |",
        "|---|---:|---|---|",
    ]
    for f, lv in plan.start_levels.items():
        side = plan.weaker_side.get(f) or "-"
        out.append(f"| {FUNCTION_LABELS[f]} | {lv} | {'yes' if f in plan.focus else 'no'} | {side} |")
    out += ["", _mde(LEVELS_TEXT), ""]
    out += ["## The gate: when to move up a level", "", _mde(plan.gate), ""]
    out += ["## Pain rules", ""] + [f"- {_mde(r)}" for r in plan.pain_rules] + [""]
    out += ["## Why this plan", ""] + [f"- {_mde(n)}" for n in plan.notes] + [""]
    for week in plan.weeks:
        dates = date_range(week.sessions[0].date, week.sessions[-1].date) if week.sessions else ""
        out += [f"## Week {week.number} of {plan.weeks_total}: {week.phase}", ""]
        out += [f"*{dates}.* **Levels:** {_mde(levels_text(week.levels))}", ""]
        if getattr(week, "note", None):
            out += [f"**Note:** {_mde(week.note)}", ""]
        for head, line in level_change_lines(plan, week):
            out += [f"**{head}:** " + _mde(line.replace(" -> ", " → ")), ""]
        if week.checkpoint:
            out += [f"**Checkpoint:** {_mde(week.checkpoint)}", ""]
        for i, session in enumerate(week.sessions, 1):
            out += [f"### {long_date(session.date)} (session {i} of {len(week.sessions)})", ""]
            if session_line(session):
                out += [_mde(session_line(session)), ""]
            out += ["| Done | Exercise | Dose | Side | Level |", "|---|---|---|---|---:|"]
            for it in session_items(session, cat):
                boxes = " ".join("☐" for _ in range(it.main.sets))
                name = _mde(it.main.name) + (" ⚠" if it.main.caution else "")
                side = _mde(it.side)
                for x in it.extras:
                    side += f"; +{x.sets} {x.side} " + " ".join("☐" for _ in range(x.sets))
                out.append(f"| {boxes} | {name} | {_mde(it.dose)} | {side} | {it.main.level} |")
            out += ["", "Pain during (0-10): ___ · next morning: ___", ""]
        out += ["### Key cues this week", ""]
        for it in week_items(week, cat):
            out.append(f"- **{_mde(it.main.name)}**")
            out += [f"  - {_mde(c)}" for c in it.cues]
            for c in cautions_of(it.main):
                out.append(f"  - ⚠ *Caution:* {_mde(c)}")
        out.append("")
    out += ["---", "", f"*Made with glute. {_mde(DISCLAIMER)}*"]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- html

CSS = """
*{box-sizing:border-box}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#222;margin:0 auto;max-width:1100px;padding:16px 24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:18px 0 6px}h3{font-size:15px;margin:12px 0 4px}h4{font-size:14px;margin:0 0 4px}
.who{color:#444;margin:0 0 8px}
.disclaimer{border-left:4px solid #c0392b;background:#fdf2f0;padding:6px 10px;margin:8px 0}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3;font-weight:600}
table.levels{width:auto}
.rules ul{margin:4px 0 4px 18px;padding:0}
.week-head{display:flex;justify-content:space-between;align-items:baseline;border-bottom:2px solid #222;margin-top:24px}
.week-head h2{margin:0}
.meta{margin:4px 0;color:#333}
.levelup{color:#1e7b34;font-weight:600}
.leveldown{color:#9a5b00;font-weight:600}
.checkpoint{color:#1f5f8b;font-weight:600}
.sessions{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:10px;margin-top:8px}
.session{border:1px solid #999;border-radius:4px;padding:6px 8px;break-inside:avoid}
.session h3{margin:0 0 4px}
.session td.sets{white-space:nowrap}
.session small{color:#555}
.session input{width:15px;height:15px;margin:0 2px 0 0;vertical-align:middle}
.pain{margin:6px 0 0;font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:10px}
.card{border:1px solid #ccc;border-radius:4px;padding:6px 8px;break-inside:avoid}
.card ul{margin:2px 0 2px 18px;padding:0}
.card p{margin:2px 0;font-size:13px}
.card .fig{display:block;width:100%;max-width:300px;height:auto;margin:4px 0}
.caution{color:#8a5a00}
.lvl{color:#555;font-size:12px}
footer{margin-top:24px;color:#666;font-size:12px;border-top:1px solid #ccc;padding-top:6px}
@page{size:A4;margin:10mm}
@media print{
 body{max-width:none;padding:0;font-size:10.5px}
 h2{font-size:16px}h3{font-size:12px;margin:8px 0 3px}h4{font-size:11px}
 .week{page-break-before:always;break-before:page}
 .session,.card{page-break-inside:avoid;break-inside:avoid}
 h3{break-after:avoid}
 .sessions{grid-template-columns:none;grid-auto-flow:column;grid-auto-columns:1fr;gap:6px}
 .cards{grid-template-columns:1fr 1fr;gap:6px}
 .card{display:grid;grid-template-columns:150px 1fr;column-gap:8px;align-items:start}
 .card>h4{grid-column:1/-1}
 .card>.fig{grid-column:1;grid-row:2/span 4;max-width:140px}
 .session h3{font-size:11px;white-space:nowrap}
 th,td{padding:2px 4px}
 .week-head{margin-top:0}
 .card>:not(h4):not(.fig){grid-column:2}
 .card p{font-size:10px}
 .card ul{margin:0 0 1px 14px}
 .pain{font-size:10px}
 input[type=checkbox]{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
""".strip()


def _h(text: Any) -> str:
    # Control characters and bidi overrides shown escaped: a browser would hide or obey them.
    return escape(safe(str(text), newlines=True, tabs=True), quote=True)


def _checkboxes(n: int, label: str) -> str:
    return "".join(f'<input type="checkbox" aria-label="{_h(label)} set {i}">' for i in range(1, n + 1))


def _html(plan: Plan, cat: Any) -> str:
    from .figures import figure_svg, placeholder_svg

    who = plan.generated_for or plan.profile
    o: list[str] = []
    o.append('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    o.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    o.append(f"<title>Gluteus medius program - {_h(who)}</title>")
    o.append(f"<style>\n{CSS}\n</style>\n</head>\n<body>")
    o.append('<header class="cover">')
    o.append(f"<h1>Gluteus medius program</h1>\n<p class=\"who\">For <b>{_h(who)}</b> · {_h(long_date(plan.start_date))} to "
             f"{_h(long_date(last_date(plan)))} · {plan.weeks_total} weeks · {plan.sessions_per_week} sessions a week "
             f"({_h(', '.join(d.capitalize() for d in plan.days))}, at least 24 h apart)</p>")  # fmt: skip
    o.append(f'<p class="disclaimer"><b>Not medical advice.</b> {_h(DISCLAIMER.removeprefix("Not medical advice: "))}</p>')
    o.append('<table class="levels"><thead><tr><th>Function</th><th>Start level</th><th>Focus</th><th>Weaker side</th></tr></thead><tbody>')
    for f, lv in plan.start_levels.items():
        o.append(
            f"<tr><td>{_h(FUNCTION_LABELS[f])}</td><td>L{lv}</td><td>{'yes' if f in plan.focus else 'no'}</td>"
            f"<td>{_h(plan.weaker_side.get(f) or '-')}</td></tr>"
        )
    o.append(f"</tbody></table>\n<p>{_h(LEVELS_TEXT)}</p>")
    o.append('<section class="rules">')
    o.append(f"<h2>The gate: when to move up a level</h2>\n<p>{_h(plan.gate)}</p>")
    o.append("<h2>Pain rules</h2>\n<ul>" + "".join(f"<li>{_h(r)}</li>" for r in plan.pain_rules) + "</ul>")
    o.append("<h2>Why this plan</h2>\n<ul>" + "".join(f"<li>{_h(n)}</li>" for n in plan.notes) + "</ul>")
    o.append("<p>How to use it: print it (one week per page), tick a box for each set you finish, and note your pain "
             "during the session and the next morning. The figures show the start and the end position; the part that "
             "moves is drawn in red.</p>")  # fmt: skip
    o.append("</section>\n</header>")
    for week in plan.weeks:
        dates = date_range(week.sessions[0].date, week.sessions[-1].date) if week.sessions else ""
        o.append(f'<section class="week" id="week-{week.number}">')
        o.append(
            f'<div class="week-head"><h2>Week {week.number} of {plan.weeks_total}: {_h(week.phase)}</h2><span>{_h(dates)}</span></div>'
        )
        if week.levels:
            o.append(f'<p class="meta">Levels: {_h(levels_text(week.levels))}</p>')
        if getattr(week, "note", None):
            o.append(f'<p class="meta"><b>Note:</b> {_h(week.note)}</p>')
        for head, line in level_change_lines(plan, week):
            cls = "leveldown" if head == LEVEL_DOWN else "levelup"
            o.append(f'<p class="{cls}">{head}: {_h(line.replace(" -> ", " → "))}</p>')
        if week.checkpoint:
            o.append(f'<p class="checkpoint">Checkpoint: {_h(week.checkpoint)}</p>')
        o.append('<div class="sessions">')
        for i, session in enumerate(week.sessions, 1):
            o.append(f'<div class="session" data-date="{session.date.isoformat()}">')
            o.append(f'<h3>{_h(long_date(session.date))} <span class="lvl">session {i} of {len(week.sessions)}</span></h3>')
            if session_line(session):
                o.append(f'<p class="meta">{_h(session_line(session))}</p>')
            o.append("<table><thead><tr><th>Exercise and dose</th><th>Sets done</th></tr></thead><tbody>")
            for it in session_items(session, cat):
                name = _h(it.main.name) + (' <span class="caution" title="caution">⚠</span>' if it.main.caution else "")
                sets = _checkboxes(it.main.sets, it.main.name)
                for x in it.extras:
                    sets += f"<br><small>{_h(x.side)} extra</small> " + _checkboxes(x.sets, f"{it.main.name} {x.side} extra")
                o.append(
                    f'<tr data-exercise="{_h(it.main.id)}"><td><b>{name}</b> <span class="lvl">L{it.main.level}</span><br>'
                    f'{_h(it.dose)} <small>· {_h(it.side)}</small></td><td class="sets">{sets}</td></tr>'
                )
            o.append("</tbody></table>")
            o.append('<p class="pain">Pain 0-10: during ___ &nbsp;next morning ___</p>\n</div>')
        o.append("</div>")
        o.append('<h3>How to do this week\'s exercises</h3>\n<div class="cards">')
        for it in week_items(week, cat):
            label = safe(it.main.name, tabs=True)
            fig = figure_svg(it.figure, label) if it.figure is not None else placeholder_svg(label)
            o.append(f'<article class="card" data-exercise="{_h(it.main.id)}">')
            o.append(f'<h4>{_h(it.main.name)} <span class="lvl">L{it.main.level} · {_h(function_names(it.main.functions))}</span></h4>')
            o.append(fig)
            o.append("<ul>" + "".join(f"<li>{_h(c)}</li>" for c in it.cues) + "</ul>")
            if it.faults:
                o.append(f"<p><b>Watch for:</b> {_h('; '.join(it.faults))}</p>")
            for c in cautions_of(it.main):
                o.append(f'<p class="caution">⚠ {_h(c)}</p>')
            o.append("</article>")
        o.append("</div>\n</section>")
    o.append(f"<footer>Made with glute. {_h(DISCLAIMER)}</footer>\n</body>\n</html>")
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------- ics


def _ical_text(text: Any) -> str:
    """A TEXT value for icalendar: line breaks as LF (icalendar escapes them as `\\n`), every other
    control character (RFC 5545 allows none in TEXT but TAB) and bidi override escaped visibly."""
    s = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return safe(s, newlines=True, tabs=True)


def _session_description(plan: Plan, week: Week, index: int, session: Session, cat: Any) -> str:
    lines = [f"Week {week.number} of {plan.weeks_total} ({week.phase}), session {index} of {len(week.sessions)}.", ""]
    if session_line(session):
        lines += [session_line(session), ""]
    # Decisions in the words of the terminal and the handouts (words.py).
    changes = [f"{head}: {line}" for head, line in level_change_lines(plan, week)] if index == 1 else []
    prev = max((s.date for _, s in all_sessions(plan) if s.date < session.date), default=None)
    changes += dose_change_lines(plan, prev, session.date)
    if changes:
        lines += [*changes, ""]
    for n, it in enumerate(session_items(session, cat), 1):
        lines.append(f"{n}. {it.main.name}: {it.dose}, {it.side_and_extra}")
        if it.cues:
            lines.append(f"   {it.cues[0]}")
    lines.append("")
    lines += plan.pain_rules[:2]
    lines += ["", DISCLAIMER]
    return _ical_text("\n".join(lines))


def _calendar(plan: Plan) -> Any:
    """An empty VCALENDAR named after the person."""
    from icalendar import Calendar, vText

    cal = Calendar()
    cal.add("prodid", "-//glute//gluteus medius plan//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # One line: a name with a line break would otherwise end the property (and start a new one).
    # vText: an X- property is otherwise written without any escaping.
    cal.add("x-wr-calname", vText(_ical_text(f"Glute plan: {plan.generated_for or plan.profile}").replace("\n", " ")))
    return cal


def _ics(plan: Plan, cat: Any, time: dt.time, duration: int | None, info: CalendarInfo | None = None) -> str:
    if info is not None:
        return _ics_programme(plan, cat, time, duration, info)
    from icalendar import Alarm, Event

    cal = _calendar(plan)
    # DTSTAMP from the plan, not the clock: the same plan exports to the same bytes.
    stamp = dt.datetime.combine(plan.start_date, dt.time(0, 0), tzinfo=dt.UTC)
    for week in plan.weeks:
        for i, session in enumerate(week.sessions, 1):
            ev = Event()
            ev.add("uid", session_uid(plan.profile, session.date))
            ev.add("dtstamp", stamp)
            start = dt.datetime.combine(session.date, time.replace(tzinfo=None))  # floating local time
            ev.add("dtstart", start)
            # The event lasts the session's estimated minutes unless a duration was asked for.
            ev.add("dtend", start + dt.timedelta(minutes=duration or session.minutes or DEFAULT_DURATION))
            ev.add("summary", f"Glute session (week {week.number})")
            ev.add("description", _session_description(plan, week, i, session, cat))
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Glute session (week {week.number}) in 15 minutes")
            alarm.add("trigger", dt.timedelta(minutes=-15))
            ev.add_component(alarm)
            cal.add_component(ev)
    text = cal.to_ical().decode("utf-8")
    _check_ics(text)
    return text


def _check_ics(text: str) -> None:
    """Every content line is a property of its own: no text became structure (never an `assert`)."""
    for line in text.split("\r\n"):
        if "\n" in line or "\r" in line or any((ord(c) < 0x20 and c != "\t") or ord(c) == 0x7F for c in line):
            raise InputError("the plan's text cannot be written as iCalendar (a control character survived escaping)")


def _ics_programme(plan: Plan, cat: Any, time: dt.time, duration: int | None, info: CalendarInfo) -> str:
    """A programme's calendar: stable UIDs, SEQUENCE and DTSTAMP from its revision, a zone, and
    STATUS:CANCELLED for sessions that went away, so re-importing updates instead of duplicating."""
    from icalendar import Alarm, Event

    zone = None
    if info.tz:
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(info.tz)
    cal = _calendar(plan)
    stamp = info.stamp or dt.datetime.combine(plan.start_date, dt.time(0, 0), tzinfo=dt.UTC)

    def event(uid: str, date: dt.date, summary: str, minutes: int = duration or DEFAULT_DURATION) -> Any:
        ev = Event()
        ev.add("uid", uid)
        ev.add("dtstamp", stamp)
        ev.add("last-modified", stamp)
        ev.add("sequence", info.sequence)
        start = dt.datetime.combine(date, time.replace(tzinfo=None), tzinfo=zone)
        ev.add("dtstart", start)
        ev.add("dtend", start + dt.timedelta(minutes=minutes))
        ev.add("summary", summary)
        return ev

    for week in plan.weeks:
        for i, session in enumerate(week.sessions, 1):
            # The event lasts the session's estimated minutes unless a duration was asked for.
            minutes = duration or session.minutes or DEFAULT_DURATION
            ev = event(info.uid(week.number, info.place(week, session, list(plan.days))), session.date, f"Glute session (week {week.number}, about {minutes} min)", minutes)
            ev.add("status", "CONFIRMED")
            ev.add("description", _session_description(plan, week, i, session, cat))
            if info.reminder is not None:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"Glute session (week {week.number}) in {info.reminder} minutes")
                alarm.add("trigger", dt.timedelta(minutes=-info.reminder))
                ev.add_component(alarm)
            cal.add_component(ev)
    cancelled = [(info.uid(week_no, place), week_no, date) for week_no, place, date in info.cancelled] + info.replaced
    for uid, week_no, date in cancelled:
        ev = event(uid, date, f"Glute session (week {week_no}) - cancelled")
        ev.add("status", "CANCELLED")
        cal.add_component(ev)
    if zone is not None:
        cal.add_missing_timezones()
    text = cal.to_ical().decode("utf-8")
    _check_ics(text)
    return text


# ---------------------------------------------------------------- csv


# OWASP CSV injection: a cell a spreadsheet could read as a formula starts with one of these once
# what a spreadsheet may trim or ignore is skipped (spaces, NBSP, ZWSP, BOM, bidi marks...); the
# separators are here because a cell that starts with one can be split into a new cell on import.
_FORMULA_START = frozenset("=+-@\t\r\n,;|")
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")


def _formula_like(text: str) -> bool:
    """Would a spreadsheet (any of them, with "trim spaces" on) start this cell with an operator?"""
    import unicodedata

    for ch in text:
        if ch in _FORMULA_START:
            return True
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"):
            continue  # invisible or trimmed: look at the next character
        folded = unicodedata.normalize("NFKC", ch)  # full-width ＝＋－＠, small ﹦﹢﹣﹫ ...
        return ch in _DASHES or (folded[:1] in _FORMULA_START)
    return False


def _cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet could run as a formula gets a leading apostrophe.

    Numbers are written as numbers. Control characters other than line breaks (kept: the cell is
    quoted) are shown escaped (`\\x1b`), so the file is also safe to `cat` in a terminal.
    """
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        text = safe(str(value), newlines=True, tabs=True)
        return "'" + text if _formula_like(text) else text
    return str(value)


def _side_sets(p: Prescription) -> tuple[int | None, int | None]:
    """(left, right) sets of a row: per side, the weaker side's extra set included."""
    if p.sets_by_side:
        return p.sets_by_side.get("left", p.sets), p.sets_by_side.get("right", p.sets)
    if p.side == "both":
        return p.sets, p.sets
    return (p.sets, None) if p.side == "left" else (None, p.sets)


def _csv(plan: Plan) -> str:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)  # RFC 4180: CRLF line ends, quotes only where needed
    w.writerow(CSV_FIELDS)
    for week, session in all_sessions(plan):
        for p in session.exercises:
            row = [
                session.date.isoformat(),
                week.number,
                session.weekday,
                p.id,
                p.name,
                p.sets,
                p.reps,
                p.hold_seconds,
                p.side,
                p.level,
                p.load,
                *_side_sets(p),
            ]
            w.writerow([_cell(v) for v in row])
    return buf.getvalue()
