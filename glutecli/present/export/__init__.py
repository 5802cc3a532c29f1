"""Export a plan for paper, a calendar or a spreadsheet: txt, md, html, json, ics, csv.

Plain Python (no typer, no rich): `glute export` and `glute plan --export FILE` call `write`;
`render` returns the text. One module per format, each `render(plan, catalogue, options) -> str`,
registered in FORMATS. Every format is deterministic (same plan + catalogue + options = same
bytes), which is what the golden tests in tests/golden/ rely on. The catalogue, passed in by the
caller, adds what the plan does not carry: each exercise's key cues, its faults, whether it is
one-sided, and its figure; json and csv do not need it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import InputError
from ...safetext import safe
from . import csv, html, ics, md, txt
from .options import DEFAULT_TIME, Options

if TYPE_CHECKING:
    from enum import Enum

    from ...catalogue import Catalogue
    from ...models import Plan
    from ...programme import CalendarInfo

Renderer = Callable[["Plan", "Catalogue | None", Options], str]


def _json(plan: Plan, cat: Catalogue | None, options: Options) -> str:
    from ..json import dumps, plan_doc

    return dumps(plan_doc(plan)) + "\n"


# The order is the order formats are listed in (help, errors).
FORMATS: dict[str, Renderer] = {"txt": txt.render, "md": md.render, "html": html.render, "json": _json, "ics": ics.render, "csv": csv.render}
NO_CATALOGUE = frozenset({"json", "csv"})  # formats that write the plan alone (no cues, no figures)
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


def formats_text() -> str:
    return ", ".join(FORMATS)


def needs_catalogue(fmt: str | Enum) -> bool:
    """Whether the format adds cues and figures from the catalogue (the caller loads and passes it)."""
    return check_format(fmt) not in NO_CATALOGUE


def check_format(fmt: str | Enum) -> str:
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
    order = list(FORMATS)
    # sorted() is stable over the dict's own order: the same list on every run (a set's order
    # changes with the hash seed).
    exts = ", ".join(sorted(EXTENSIONS, key=lambda e: order.index(EXTENSIONS[e])))
    what = f"extension {p.suffix!r}" if p.suffix else "no extension"
    raise InputError(
        f"{p}: {what}: cannot tell the export format; formats: {formats_text()}",
        hint=f"name the file with one of {exts}, or give --format",
    )


def render(
    plan: Plan,
    fmt: str | Enum,
    catalogue: Catalogue | None = None,
    *,
    time: dt.time = DEFAULT_TIME,
    duration: int | None = None,
    calendar: CalendarInfo | None = None,
) -> str:
    """The plan as text in one of FORMATS. Without a catalogue, handouts have no cues or figures.
    `calendar`: a programme's identity and revision for ics (stable UIDs, SEQUENCE, zone, reminder)."""
    name = check_format(fmt)
    if duration is not None and not 1 <= duration <= 24 * 60:
        raise InputError(f"--duration {duration}: give minutes from 1 to 1440")
    return FORMATS[name](plan, catalogue, Options(time=time, duration=duration, calendar=calendar))


def write(
    plan: Plan,
    path: str | Path,
    *,
    fmt: str | None = None,
    force: bool = False,
    catalogue: Catalogue | None = None,
    time: dt.time = DEFAULT_TIME,
    duration: int | None = None,
    calendar: CalendarInfo | None = None,
) -> Path:
    """Render `plan` and write it to `path` atomically (temp file + fsync + rename).

    The format is `fmt`, or else taken from the extension. An existing file is refused unless
    `force` (InputError, hint --force) and is then left exactly as it was.
    """
    from ...files import atomic_write_text

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

    from ...errors import StoreError

    try:
        fd, name = tempfile.mkstemp(prefix=".glute-probe.", dir=folder)
    except OSError as e:
        if e.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise StoreError(f"{safe(folder)}: the disk is full; nothing was written", hint="free some space, then try again") from None
        why = "the folder is read-only" if e.errno == errno.EROFS else (e.strerror or str(e)).lower()
        raise InputError(f"cannot write to {safe(folder)}: {why}", hint="write somewhere else, or check the folder's permissions") from None
    os.close(fd)
    os.unlink(name)
