"""Hostile text, hostile files, private by default: each surface attacked.

Terminal (every command that shows text from a catalogue, an answer file, a note or a path),
exports (ics with two parsers, csv against formula injection, md, html, txt), lengths, file
modes, temp files, --force, foreign databases, the catalogue cache, full disks, and input that
YAML 1.1 would read differently from what was written. README: "Hostile text and files".
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import vobject  # the second, independent iCalendar parser (a test dependency)
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glutecli import safetext
from glutecli.errors import InputError, StoreError
from glutecli.paths import bundled_catalogue
from glutecli.present import export
from glutecli.present.export import csv as csv_export
from glutecli.present.export import md
from glutecli.store import APPLICATION_ID, DB_NAME, Store

RUNNER = Path(__file__).parent / "fixtures" / "personas" / "runner.yaml"
START = "2026-11-23"

# What an attacker puts in a text field: OSC 52 (clipboard write), OSC 8 (a link), clear screen,
# a bare CR, a C1 CSI, bidi override and isolate, zero-width space, BOM, rich markup.
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
OSC8 = "\x1b]8;;https://evil.example/\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
HOSTILE_NAME = f"N{OSC52}{CLEAR}\rX\x9b31m\u202eY\u2066[bold]B[/]"  # <= 80 characters
HOSTILE_CUE = f"=1+1 {OSC8}link\x1b]8;;\x1b\\ |pipe|\n# heading\r\n<script>alert(1)</script>\u200b\ufeff\x85"

# Characters that must never reach a terminal raw (LF and TAB aside).
BAD = set(chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]) | set(
    "\u061c\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2060\u2066\u2067\u2068\u2069\ufeff"
)


def assert_terminal_safe(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if c in BAD})
    assert not bad, f"raw control characters reached the terminal: {bad}"


def no_crash(r) -> None:
    out = r.stdout + r.stderr
    assert "internal error" not in out and "Traceback" not in out, out


# ---------------------------------------------------------------- safetext


def test_safe_escapes_every_control_and_bidi_character() -> None:
    assert safetext.safe("plain text, é ü 😀") == "plain text, é ü 😀"
    assert safetext.safe("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert safetext.safe("a\rb\nc") == "a\\x0db\\x0ac"
    assert safetext.safe("a\rb\nc", newlines=True) == "a\\x0db\nc"
    assert safetext.safe("\x9b\x85\x7f") == "\\x9b\\x85\\x7f"
    assert safetext.safe("\u202eevil\u2066\u200b\ufeff") == "\\u202eevil\\u2066\\u200b\\ufeff"
    assert safetext.quote("it's\x1b") == "'it\\'s\\x1b'"


@given(st.text())
def test_safe_output_never_holds_a_control_character(text: str) -> None:
    shown = safetext.safe(text)
    assert_terminal_safe(shown.replace("\t", "").replace("\n", ""))
    assert "\n" not in shown and "\t" not in shown
    assert safetext.is_safe(shown)
    multi = safetext.safe(text, newlines=True)
    assert multi.count("\n") == text.count("\n")
    # JSON for a terminal: still the same data.
    doc = json.dumps({"t": text}, ensure_ascii=False)
    assert json.loads(safetext.safe_json(doc)) == {"t": text}


# ---------------------------------------------------------------- a hostile catalogue and answer file


@pytest.fixture
def hostile_catalogue(tmp_path: Path) -> Path:
    """The bundled catalogue with an attack in every name, cue, fault and caution (valid otherwise)."""
    doc = yaml.safe_load(bundled_catalogue().read_text(encoding="utf-8"))
    for i, ex in enumerate(doc["exercises"]):
        ex["name"] = f"{i}{HOSTILE_NAME}"
        ex["cues"] = [HOSTILE_CUE, *ex["cues"][1:]]
        ex["faults"] = [HOSTILE_CUE]
        for c in ex.get("cautions", []):
            c["text"] = HOSTILE_CUE
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    return path


@pytest.fixture
def hostile_answers(tmp_path: Path) -> Path:
    doc = yaml.safe_load(RUNNER.read_text(encoding="utf-8"))
    doc["name"] = HOSTILE_NAME
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc, default=str), encoding="utf-8")
    return path


def test_terminal_views_of_a_hostile_catalogue_are_escaped(invoke, hostile_catalogue: Path) -> None:
    cat = str(hostile_catalogue)
    runs = [
        ("exercises",),
        ("exercises", "show", "clamshell"),
        ("plan", "--example", "--start", START),
        ("plan", "--example", "--start", START, "--week", "2"),
        ("export", "--format", "txt"),
        ("export", "--format", "md"),
        ("today", "--date", START),
        ("catalogue", "check", cat),
    ]
    env = {"GLUTE_TODAY": "2026-11-21"}
    for args in runs:
        prefix = ("--profile", "example") if args[0] in ("export", "today") else ()
        r = invoke("--catalogue", cat, *prefix, *args, env=env)
        assert r.exit_code == 0, (args, r.stderr)
        no_crash(r)
        assert_terminal_safe(r.stdout + r.stderr)
    r = invoke("--catalogue", cat, "exercises", "show", "clamshell", env={"COLUMNS": "400"})
    assert "[bold]B[/]" in r.stdout  # markup is shown as written, not applied
    assert "\\x1b]52;c;" in r.stdout  # visibly escaped


def test_interactive_questions_naming_hostile_exercises_are_escaped(invoke, hostile_catalogue: Path) -> None:
    cat = str(hostile_catalogue)
    assert invoke("--catalogue", cat, "plan", "--example", "--start", START, env={"GLUTE_TODAY": "2026-11-21"}).exit_code == 0
    r = invoke("--catalogue", cat, "--profile", "example", "log", input="\n" * 40, env={"GLUTE_TODAY": START, "GLUTE_ASSUME_TTY": "1"})
    no_crash(r)
    assert "\\x1b]52" in r.stdout  # the question names the exercise, escaped
    assert_terminal_safe(r.stdout + r.stderr)


def test_terminal_views_of_a_hostile_answer_file_are_escaped(invoke, hostile_answers: Path) -> None:
    env = {"GLUTE_TODAY": "2026-11-21"}
    for args in (
        ("assess", "--answers", str(hostile_answers)),
        ("history",),
        ("assess", "--show"),
        ("plan", "--start", START),
        ("export",),
    ):
        r = invoke(*args, env=env)
        assert r.exit_code == 0, (args, r.stderr)
        assert_terminal_safe(r.stdout + r.stderr)


def test_a_hostile_note_and_profile_are_escaped(invoke) -> None:
    env = {"GLUTE_TODAY": "2026-11-21"}
    assert invoke("assess", "--answers", str(RUNNER), env=env).exit_code == 0
    assert invoke("plan", "--start", START, env=env).exit_code == 0
    r = invoke("log", "--date", START, "--pain", "2", "--note", f"fine{OSC52}\u202e", env={"GLUTE_TODAY": START})
    assert r.exit_code == 0, r.stderr
    assert_terminal_safe(r.stdout + r.stderr)
    for args in (("progress",), ("log", "--date", START, "--pain", "2", "--format", "json")):
        r = invoke(*args, env={"GLUTE_TODAY": START})
        assert_terminal_safe(r.stdout + r.stderr)
    r = invoke("--profile", f"ev{CLEAR}il\u202e", "history")
    assert r.exit_code == 2
    assert_terminal_safe(r.stderr)


def test_paths_and_values_echoed_in_errors_are_escaped(invoke, tmp_path: Path) -> None:
    evil = tmp_path / f"a{OSC52}b\u202e.yaml"
    for args in (
        ("assess", "--answers", str(evil)),
        ("catalogue", "check", str(evil)),
        ("--catalogue", str(evil), "exercises"),
        ("export", "-o", str(tmp_path / f"x{CLEAR}.pdf")),
        ("plan", "--example", "--start", f"2026{CLEAR}"),
        ("plan", "--example", "--days", f"mon{OSC52}"),
        ("export", "--time", f"7{OSC52}"),
        ("exercises", "show", f"clam{OSC52}"),
        ("plan", f"--fo{CLEAR}\u202e"),  # typer/click's own usage errors echo what was typed
        (f"pl\u202ean{OSC52}",),
        ("plan", "--example", "--sessions", f"\u202e{CLEAR}"),
    ):
        r = invoke(*args)
        assert r.exit_code == 2, (args, r.stdout, r.stderr)
        no_crash(r)
        assert_terminal_safe(r.stdout + r.stderr)
    evil.write_text(json.dumps({"pain": {"now": 3}, f"k{OSC52}": 1}), encoding="utf-8")  # a key (JSON escapes it)
    r = invoke("assess", "--answers", str(evil))
    assert r.exit_code == 2 and "unknown key" in r.stderr and "\\x1b]52" in r.stderr
    assert_terminal_safe(r.stderr)


def test_a_valid_catalogue_with_a_hostile_file_name_checks_escaped(invoke, tmp_path: Path) -> None:
    evil = tmp_path / f"cat{CLEAR}\u202e.yaml"
    shutil.copy(bundled_catalogue(), evil)
    r = invoke("catalogue", "check", str(evil))
    assert r.exit_code == 0 and "ok" in r.stdout
    assert_terminal_safe(r.stdout)


def test_exports_on_a_terminal_are_escaped(hostile_catalogue: Path, tmp_path: Path) -> None:
    """stdout a real terminal (a pty): even csv/json printed there carry no control character."""
    pty = pytest.importorskip("pty")
    env = {**os.environ, "GLUTE_HOME": str(tmp_path / "home"), "GLUTE_TODAY": "2026-11-21", "NO_COLOR": "1"}
    subprocess.run([sys.executable, "-m", "glutecli", "--catalogue", str(hostile_catalogue), "plan", "--example", "--start", START],
                   env=env, capture_output=True, check=True, timeout=60)  # fmt: skip
    for fmt in ("txt", "json", "csv", "md"):
        master, slave = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "glutecli", "--catalogue", str(hostile_catalogue), "--profile", "example", "export", "--format", fmt],
            env=env, stdout=slave, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(slave)
        chunks = []
        while True:  # read while it writes: a pty's buffer is small
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the writer closed it
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        proc.wait(timeout=60)
        assert proc.returncode == 0
        out = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")  # the pty's own line ends
        assert_terminal_safe(out)
        if fmt == "json":
            assert json.loads(out)["kind"] == "plan"


# ---------------------------------------------------------------- exports of a hostile plan


def make_plan(weeks: int = 1):
    import datetime as dt

    from glutecli.assess import example_answers, score
    from glutecli.catalogue import load_catalogue
    from glutecli.planner import PlanOptions, build_plan

    assessment = score(example_answers(), today=dt.date(2026, 11, 21))
    return build_plan(assessment, load_catalogue(), PlanOptions(weeks=weeks, start=dt.date(2026, 11, 23)))


BASE_PLAN = None


def base_plan():
    global BASE_PLAN
    if BASE_PLAN is None:
        BASE_PLAN = make_plan()
    return BASE_PLAN


def hostile_plan(name: str, ex_name: str, cue: str):
    """The 1-week example plan with `name` as the person and `ex_name`/`cue` on every exercise,
    plus a catalogue stand-in whose cues and faults are `cue`."""
    plan = base_plan()
    weeks = []
    for w in plan.weeks:
        sessions = [
            s.model_copy(update={"exercises": [p.model_copy(update={"name": f"{ex_name}", "cue": cue, "caution": cue or None}) for p in s.exercises]})
            for s in w.sessions
        ]
        weeks.append(w.model_copy(update={"sessions": sessions}))
    ids = {p.id for w in plan.weeks for s in w.sessions for p in s.exercises}
    cat = SimpleNamespace(by_id={i: SimpleNamespace(cues=[cue, "Keep still"], faults=[cue], unilateral=True, figure=None) for i in ids})
    return plan.model_copy(update={"generated_for": name, "weeks": weeks}), cat


def n_rows(plan) -> int:
    return sum(len(s.exercises) for w in plan.weeks for s in w.sessions)


def n_sessions(plan) -> int:
    return sum(len(w.sessions) for w in plan.weeks)


# -- ics: two independent parsers


def ics_events(text: str) -> list:
    from icalendar import Calendar

    cal = Calendar.from_ical(text)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def check_ics(text: str, plan, name: str) -> None:
    for line in text.split("\r\n"):
        assert not any(c in BAD for c in line), repr(line)
        assert len(line.encode("utf-8")) <= 75, "lines are folded at 75 octets"
    events = ics_events(text)
    assert len(events) == n_sessions(plan)
    assert text.split("\r\n").count("BEGIN:VEVENT") == n_sessions(plan)  # nothing injected as structure
    from icalendar import Calendar

    # icalendar 7 leaves an X- property escaped (5 decodes it): undo RFC 5545's TEXT escapes here.
    raw = str(Calendar.from_ical(text)["X-WR-CALNAME"])
    name = name or plan.profile
    calname = safetext.safe(f"Glute plan: {name}".replace("\r\n", "\n").replace("\r", "\n"), newlines=True, tabs=True).replace("\n", " ")
    unescaped = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)
    # (icalendar 5's parser also unescapes a backslash twice: there, the text is compared without
    # backslashes; vobject, below, is held to the exact text.)
    assert calname in (raw, unescaped) or raw.replace("\\", "") == calname.replace("\\", "")
    comps = list(vobject.readComponents(text))
    assert len(comps) == 1
    assert len(comps[0].contents["vevent"]) == n_sessions(plan)
    assert comps[0].contents["x-wr-calname"][0].value == calname


def test_ics_of_a_hostile_plan_parses_with_two_parsers() -> None:
    plan, cat = hostile_plan(f"Eve\r\nBEGIN:VEVENT\nSUMMARY:x{OSC52}", HOSTILE_NAME, HOSTILE_CUE)
    text = export.render(plan, "ics", cat)
    check_ics(text, plan, plan.generated_for)
    desc = str(ics_events(text)[0]["DESCRIPTION"])
    assert "\\x1b]52" in desc and "\x1b" not in desc


def test_ics_injection_fails_closed_without_assert(tmp_path: Path, hostile_answers: Path) -> None:
    """python -O drops `assert`: the name must still not inject a VEVENT."""
    env = {**os.environ, "GLUTE_HOME": str(tmp_path / "home"), "GLUTE_TODAY": "2026-11-21", "PYTHONOPTIMIZE": "1"}
    doc = json.loads(hostile_answers.read_text(encoding="utf-8"))
    doc["name"] = "Eve\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nEND:VEVENT"
    hostile_answers.write_text(json.dumps(doc, default=str), encoding="utf-8")
    out = tmp_path / "plan.ics"
    proc = subprocess.run(
        [sys.executable, "-O", "-m", "glutecli", "plan", "--answers", str(hostile_answers), "--start", START, "--weeks", "1", "--export", str(out)],
        env=env, capture_output=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    text = out.read_bytes().decode("utf-8")
    assert text.split("\r\n").count("BEGIN:VEVENT") == 3
    assert "\r\nSUMMARY:injected" not in text


# -- csv: formula injection (OWASP)

DANGEROUS = [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1+1", "   -2", "\u00a0=1+1", "\u2007=1", "\u3000=1",
    "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(1)", "\ufe62 1", "\ufe66 1", "\u2212 1", ",=1+1", ";=1", "\u200b=1+1",
    "\ufeff=1+1", "\u202e=1+1", "\u2060@x", "\x1b=1",
]  # fmt: skip
HARMLESS = ["Clamshell", "3 x 10", "band", "", "1 x", "a=1", "Side plank (level 2)"]


@pytest.mark.parametrize("cell", DANGEROUS)
def test_csv_formula_guard_catches_every_prefix(cell: str) -> None:
    out = csv_export.cell(cell)
    assert out.startswith("'") or out.startswith("\\"), repr(out)  # an apostrophe, or an escape shown as text
    assert not any(c in BAD for c in out.replace("\n", ""))


@pytest.mark.parametrize("cell", HARMLESS)
def test_csv_leaves_ordinary_text_alone(cell: str) -> None:
    assert csv_export.cell(cell) == cell
    assert csv_export.cell(12) == "12"


def test_csv_of_a_hostile_plan_keeps_its_shape() -> None:
    plan, _ = hostile_plan("x", "=HYPERLINK(\"http://evil\",\"click\")", HOSTILE_CUE)
    rows = list(csv.reader(io.StringIO(export.render(plan, "csv"), newline="")))
    assert rows[0] == csv_export.FIELDS
    assert len(rows) == n_rows(plan) + 1
    assert all(len(r) == len(csv_export.FIELDS) for r in rows)
    assert {r[4] for r in rows[1:]} == {"'=HYPERLINK(\"http://evil\",\"click\")"}


def test_csv_in_a_real_spreadsheet_evaluates_no_formula(tmp_path: Path) -> None:
    """LibreOffice headless, importing with "trim spaces" and formula evaluation on (skipped where
    LibreOffice is not installed)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    names = [c for c in DANGEROUS if "\n" not in c and "\r" not in c]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["=40+2"])  # the control: unguarded, it must come out as 42
    for c in names:
        w.writerow([csv_export.cell(c.replace("1+1", "40+2"))])
    src = tmp_path / "in.csv"
    src.write_text(buf.getvalue(), encoding="utf-8")
    out = tmp_path / "out"
    # CSV filter tokens: separator, quote, UTF-8, first line, formats, language, quoted as text,
    # detect special numbers, (unused), (unused), trim spaces, (unused), evaluate formulas.
    proc = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--infilter=CSV:44,34,76,1,,0,false,true,false,false,true,-1,true", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
         "--outdir", str(out), str(src)],
        capture_output=True, timeout=180,
    )  # fmt: skip
    converted = out / "in.csv"
    if proc.returncode != 0 or not converted.exists():
        pytest.skip(f"LibreOffice could not convert: {proc.stderr[-300:]!r}")
    values = [r[0] if r else "" for r in csv.reader(io.StringIO(converted.read_text(encoding="utf-8")))]
    if values[0] != "42":
        pytest.skip(f"this LibreOffice did not evaluate the control formula ({values[0]!r})")
    assert len(values) == len(names) + 1
    assert "42" not in values[1:] and "2" not in values[1:], values


# -- markdown: the same table structure whatever the text


def md_shape(text: str) -> list[tuple]:
    """Each line's kind: heading level, table row cell count, list item, quote, blank, other."""
    shape = []
    for line in text.split("\n"):
        if line.startswith("#"):
            shape.append(("h", len(line) - len(line.lstrip("#"))))
        elif line.startswith("|"):
            cells = 0
            esc = False
            for ch in line:
                if ch == "|" and not esc:
                    cells += 1
                esc = ch == "\\" and not esc
            shape.append(("row", cells))
        elif line.lstrip().startswith(("- ", "* ", "+ ")):
            shape.append(("li", len(line) - len(line.lstrip())))
        elif line.startswith(">"):
            shape.append(("quote",))
        elif not line.strip():
            shape.append(("blank",))
        else:
            shape.append(("p",))
    return shape


def gfm_tokens(text: str) -> list[str]:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    return [t.type for t in md.parse(text) if t.type not in ("inline", "text")]


def test_markdown_of_a_hostile_plan_has_the_same_structure() -> None:
    benign, bcat = hostile_plan("Ann", "Clamshell", "Keep still")
    plan, cat = hostile_plan("# Eve\n| a | b |\n---", "|x|\n## y\n1. z", HOSTILE_CUE)
    a, b = export.render(benign, "md", bcat), export.render(plan, "md", cat)
    assert md_shape(a) == md_shape(b)
    assert gfm_tokens(a) == gfm_tokens(b)
    assert not any(c in BAD for c in b)


def test_markdown_escapes() -> None:
    assert md.escape("a|b") == "a\\|b"
    assert md.escape("a\nb\r\nc") == "a b c"
    assert md.escape("# h") == "\\# h"
    assert md.escape("1. x") == "1\\. x"
    assert md.escape("- x") == "\\- x"
    assert md.escape("<b>x</b>") == "\\<b>x\\</b>"
    assert md.escape("a\x1bb") == "a\\\\x1bb"


# -- html: everything escaped


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(k for k, _ in attrs)))

    def handle_endtag(self, tag):
        self.tags.append(("/" + tag,))

    def handle_data(self, data):
        self.text.append(data)


def html_tags(text: str) -> Tags:
    p = Tags()
    p.feed(text)
    p.close()
    return p


def test_html_of_a_hostile_plan_escapes_everything() -> None:
    benign, bcat = hostile_plan("Ann", "Clamshell", "Keep still")
    evil = '<script>alert(1)</script><img src=x onerror=alert(1)>"\'&amp;'
    plan, cat = hostile_plan(evil, evil[:80], evil + HOSTILE_CUE)
    a, b = html_tags(export.render(benign, "html", bcat)), html_tags(export.render(plan, "html", cat))
    assert a.tags == b.tags  # no element or attribute came from the text
    shown = "".join(b.text)
    assert "<script>alert(1)</script>" in shown  # shown as text
    assert not any(c in BAD for c in shown)


def test_txt_of_a_hostile_plan_is_terminal_safe() -> None:
    plan, cat = hostile_plan(HOSTILE_NAME, HOSTILE_NAME, HOSTILE_CUE)
    text = export.render(plan, "txt", cat)
    assert_terminal_safe(text)
    benign, bcat = hostile_plan("Ann", "N", "C")
    assert text.count("\n#####") == export.render(benign, "txt", bcat).count("\n#####")


# -- every export parses back, whatever the text (Hypothesis)

NASTY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\x00\x07\x08\t\n\r\x0b\x0c\x1b\x7f\x85\x9b\u2028\u2029\u202e\u2066\u200b\ufeff\u00a0\uff1d\uff0b\uff0d\uff20")),
        st.sampled_from(list("\"',;:|\\<>&=+-@#[]*_`{}\n")),
        st.characters(codec="utf-8"),
    ),
    max_size=60,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NASTY, ex_name=NASTY.filter(lambda s: s.strip() != ""), cue=NASTY)
@example(name="\\\x00", ex_name="\x00", cue="")  # a backslash before an escape (icalendar 5 decodes X- values)
@example(name="Eve\r\nBEGIN:VEVENT", ex_name="=1+1", cue="|a|\n# b")
def test_every_export_parses_back(name: str, ex_name: str, cue: str) -> None:
    plan, cat = hostile_plan(name, ex_name, cue)
    # csv
    rows = list(csv.reader(io.StringIO(export.render(plan, "csv"), newline="")))
    assert len(rows) == n_rows(plan) + 1 and all(len(r) == len(csv_export.FIELDS) for r in rows)
    shown = safetext.safe(ex_name, newlines=True, tabs=True)
    for r in rows[1:]:
        assert r[4] in (shown, "'" + shown)
        assert not csv_export.formula_like(r[4]) or r[4].startswith("'")
    # ics, two parsers
    check_ics(export.render(plan, "ics", cat), plan, name)
    # html (against a plan of ordinary text with the same empty and non-empty fields)
    benign, bcat = hostile_plan("Ann", "Clamshell", "C" if cue else "")
    assert html_tags(export.render(plan, "html", cat)).tags == html_tags(export.render(benign, "html", bcat)).tags
    # md
    assert md_shape(export.render(plan, "md", cat)) == md_shape(export.render(benign, "md", bcat))
    # txt and json
    assert_terminal_safe(export.render(plan, "txt", cat).replace("\t", ""))
    doc = json.loads(export.render(plan, "json"))
    assert doc["generated_for"] == name


# ---------------------------------------------------------------- lengths


def catalogue_with(tmp_path: Path, **change) -> Path:
    doc = yaml.safe_load(bundled_catalogue().read_text(encoding="utf-8"))
    ex = doc["exercises"][0]
    for key, value in change.items():
        ex[key] = value
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("name", "n" * 81, "name"),
        ("cues", ["c" * 201], "cues"),
        ("faults", ["f"] * 21, "faults"),
        ("aliases", ["a" * 81], "aliases"),
        ("sources", ["s" * 201], "sources"),
    ],
)
def test_catalogue_lengths_are_input_errors(invoke, tmp_path: Path, key: str, value, field: str) -> None:
    path = catalogue_with(tmp_path, **{key: value})
    r = invoke("catalogue", "check", str(path))
    assert r.exit_code == 2, r.stderr
    no_crash(r)
    assert f"{field}" in r.stderr and "long.yaml:" in r.stderr


def test_catalogue_at_the_limits_is_fine(invoke, tmp_path: Path) -> None:
    path = catalogue_with(tmp_path, name="n" * 80, cues=["c" * 200] * 20)
    assert invoke("catalogue", "check", str(path)).exit_code == 0


def test_note_and_name_lengths_are_input_errors(invoke, tmp_path: Path) -> None:
    env = {"GLUTE_TODAY": "2026-11-21"}
    doc = yaml.safe_load(RUNNER.read_text(encoding="utf-8"))
    doc["name"] = "x" * 81
    long_name = tmp_path / "a.json"
    long_name.write_text(json.dumps(doc, default=str), encoding="utf-8")
    r = invoke("assess", "--answers", str(long_name), env=env)
    assert r.exit_code == 2 and "name" in r.stderr
    assert invoke("assess", "--answers", str(RUNNER), env=env).exit_code == 0
    assert invoke("plan", "--start", START, env=env).exit_code == 0
    r = invoke("log", "--date", START, "--pain", "2", "--note", "x" * 501, env={"GLUTE_TODAY": START})
    assert r.exit_code == 2, r.stderr
    no_crash(r)
    assert "500" in r.stderr
    r = invoke("log", "--date", START, "--pain", "2", "--note", "x" * 500, env={"GLUTE_TODAY": START})
    assert r.exit_code == 0, r.stderr


# ---------------------------------------------------------------- files: modes


@pytest.fixture
def umask0():
    old = os.umask(0)
    yield
    os.umask(old)


def mode(p: Path) -> int:
    return stat.S_IMODE(os.lstat(p).st_mode)


def test_data_folder_0700_database_and_exports_0600(invoke, glute_home: Path, tmp_path: Path, umask0) -> None:
    assert not glute_home.exists()
    r = invoke("plan", "--example", "--start", START, "--export", str(tmp_path / "plan.html"))
    assert r.exit_code == 0, r.stderr
    assert mode(glute_home) == 0o700
    for f in glute_home.iterdir():
        if f.name.startswith(DB_NAME):
            assert mode(f) == 0o600, f
    assert mode(tmp_path / "plan.html") == 0o600
    for fmt in export.FORMATS:
        out = tmp_path / f"p.{fmt}"
        assert invoke("--profile", "example", "export", "-o", str(out)).exit_code == 0
        assert mode(out) == 0o600, fmt


def test_a_store_an_older_glute_left_readable_is_made_private(invoke, glute_home: Path) -> None:
    assert invoke("plan", "--example").exit_code == 0
    db = glute_home / DB_NAME
    db.chmod(0o644)
    assert invoke("--profile", "example", "history").exit_code == 0
    assert mode(db) == 0o600
    db.chmod(0o444)  # read-only stays read-only
    invoke("--profile", "example", "history")
    assert mode(db) == 0o400
    db.chmod(0o600)


def test_the_platform_data_folder_is_made_private_a_chosen_one_is_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from glutecli.paths import data_dir

    plat = tmp_path / "platform-glute"
    plat.mkdir(mode=0o755)
    plat.chmod(0o755)
    with monkeypatch.context() as m:
        m.delenv("GLUTE_HOME")
        m.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(plat))
        assert data_dir() == plat
    assert mode(plat) == 0o700
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    chosen.chmod(0o755)
    monkeypatch.setenv("GLUTE_HOME", str(chosen))
    assert data_dir() == chosen and mode(chosen) == 0o755


def test_old_backups_are_made_private_too(invoke, glute_home: Path) -> None:
    assert invoke("plan", "--example").exit_code == 0
    bak = glute_home / f"{DB_NAME}.bak-20260101-000000"
    bak.write_bytes((glute_home / DB_NAME).read_bytes())
    bak.chmod(0o644)
    assert invoke("--profile", "example", "history").exit_code == 0
    assert mode(bak) == 0o600


def test_force_keeps_the_mode_of_the_file_it_replaces(invoke, tmp_path: Path) -> None:
    assert invoke("plan", "--example", "--start", START).exit_code == 0
    out = tmp_path / "shared.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    r = invoke("--profile", "example", "export", "-o", str(out), "--force")
    assert r.exit_code == 0, r.stderr
    assert mode(out) == 0o640 and out.read_text(encoding="utf-8").startswith("date,")


def test_the_temp_file_is_not_predictable_nor_followed(plan_and_cat, tmp_path: Path) -> None:
    plan, cat = plan_and_cat
    victim = tmp_path / "victim"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "plan.txt"
    for pid in (os.getpid(), os.getpid() + 1):  # the old `.NAME.PID.tmp` names
        (tmp_path / f".plan.txt.{pid}.tmp").symlink_to(victim)
    export.write(plan, out, catalogue=cat)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert out.is_file() and not out.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".plan.txt.") and not p.is_symlink()) == []


@pytest.fixture
def plan_and_cat():
    from glutecli.catalogue import load_catalogue

    return base_plan(), load_catalogue()


def test_force_replaces_regular_files_only(plan_and_cat, tmp_path: Path) -> None:
    plan, cat = plan_and_cat
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    link_fifo = tmp_path / "link-fifo.txt"
    link_fifo.symlink_to(fifo)
    link_dev = tmp_path / "link-dev.txt"
    link_dev.symlink_to("/dev/null")
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "nowhere")
    for target in (fifo, folder, link_fifo, link_dev, dangling, Path("/dev/null")):
        with pytest.raises(InputError):
            export.write(plan, target, fmt="txt", catalogue=cat, force=True)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and link_fifo.is_symlink() and link_dev.is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert not (tmp_path / "nowhere").exists()
    # A symlink to a regular file: that file is replaced (keeping its mode), the link stays.
    target = tmp_path / "target"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    export.write(plan, link, catalogue=cat, force=True)
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("GLUTEUS") and mode(target) == 0o640


def test_a_link_to_stdout_is_not_replaced(tmp_path: Path) -> None:
    """`-o /dev/stdout --force` (as root): neither the link nor what it points at is replaced by a
    file. Tried on a link of its own (/proc/self/fd/1, stdout a pipe), never on the real /dev/stdout."""
    env = {**os.environ, "GLUTE_HOME": str(tmp_path / "home")}
    assert subprocess.run([sys.executable, "-m", "glutecli", "plan", "--example"], env=env, capture_output=True, timeout=60).returncode == 0
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    proc = subprocess.run(
        [sys.executable, "-m", "glutecli", "--profile", "example", "export", "-o", str(link), "--format", "txt", "--force"],
        env=env, capture_output=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert b"not a regular file" in proc.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"


def test_dash_writes_to_stdout(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert invoke("plan", "--example", "--start", START).exit_code == 0
    r = invoke("--profile", "example", "export", "-o", "-", "--format", "csv")
    assert r.exit_code == 0 and r.stdout.startswith("date,week")
    r = invoke("plan", "--example", "--start", START, "--export", "-")
    assert r.exit_code == 0 and r.stdout.startswith("GLUTEUS MEDIUS PROGRAM")
    assert not (tmp_path / "-").exists()


# ---------------------------------------------------------------- files: the database


def foreign_db(path: Path) -> bytes:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE secrets (x TEXT)")
    db.execute("INSERT INTO secrets VALUES ('payroll')")
    db.commit()
    db.close()
    return path.read_bytes()


def test_a_foreign_database_is_refused_untouched(invoke, glute_home: Path) -> None:
    glute_home.mkdir()
    before = foreign_db(glute_home / DB_NAME)
    for args in (("history",), ("plan", "--example"), ("assess", "--answers", str(RUNNER))):
        r = invoke(*args)
        assert r.exit_code == 1, (args, r.stderr)
        assert "not a glute database" in r.stderr and "untouched" in r.stderr
    r = invoke("doctor", "--repair")
    assert r.exit_code == 1 and "not a glute database" in r.stdout
    assert (glute_home / DB_NAME).read_bytes() == before
    assert sorted(p.name for p in glute_home.iterdir()) == [DB_NAME]


def test_a_foreign_database_behind_a_symlink_is_refused(invoke, glute_home: Path, tmp_path: Path) -> None:
    glute_home.mkdir()
    other = tmp_path / "other.sqlite"
    before = foreign_db(other)
    (glute_home / DB_NAME).symlink_to(other)
    r = invoke("plan", "--example")
    assert r.exit_code == 1 and "not a glute database" in r.stderr
    assert other.read_bytes() == before
    (glute_home / DB_NAME).unlink()
    (glute_home / DB_NAME).symlink_to(tmp_path / "nowhere.db")
    r = invoke("plan", "--example")
    assert r.exit_code == 1 and "symlink" in r.stderr
    assert not (tmp_path / "nowhere.db").exists()


def test_glute_marks_its_database_and_adopts_an_unmarked_one(invoke, glute_home: Path) -> None:
    assert invoke("plan", "--example").exit_code == 0
    db = sqlite3.connect(glute_home / DB_NAME)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.execute("PRAGMA application_id = 0")  # a store from before the mark
    db.close()
    assert invoke("--profile", "example", "history").exit_code == 0
    db = sqlite3.connect(glute_home / DB_NAME)
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()


# ---------------------------------------------------------------- files: failures say what happened


def test_plan_export_is_checked_before_anything_is_saved(invoke, glute_home: Path, tmp_path: Path) -> None:
    env = {"GLUTE_TODAY": "2026-11-21"}
    for bad in (tmp_path / "no-such-folder" / "plan.html", tmp_path / "plan.pdf", Path("/dev/null")):
        r = invoke("plan", "--answers", str(RUNNER), "--export", str(bad), "--force", env=env)
        assert r.exit_code == 2, r.stderr
    with Store() as store:
        assert store.assessments("default") == []


def test_plan_export_to_a_full_disk_saves_nothing(invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import tempfile

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:  # (monkeypatch.undo() would also undo GLUTE_HOME)
        m.setattr(tempfile, "mkstemp", full)
        r = invoke("plan", "--answers", str(RUNNER), "--export", str(tmp_path / "plan.html"), env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 1, r.stderr
    assert "the disk is full" in r.stderr
    with Store() as store:
        assert store.assessments("default") == []


def test_a_failed_plan_save_does_not_say_nothing_was_saved(invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self, *a, **k):
        raise StoreError(f"{self.path}: the disk is full; nothing was saved")

    with monkeypatch.context() as m:
        m.setattr(Store, "start_programme", full)  # `plan` starts a programme (no plan copy is stored)
        r = invoke("plan", "--answers", str(RUNNER), env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 1
    assert "nothing was saved" not in r.stderr and "the plan was not saved" in r.stderr
    with Store() as store:
        assert len(store.assessments("default")) == 1


@pytest.mark.parametrize(
    ("err", "words"),
    [
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
        (sqlite3.OperationalError("unable to open database file"), "cannot write to"),
    ],
)
def test_storage_failures_say_what_happened(err: Exception, words: str, tmp_path: Path) -> None:
    from glutecli.store import storage_failure

    e = storage_failure(err, tmp_path / DB_NAME, "nothing was saved")
    assert e is not None and words in e.message and "doctor" not in (e.hint or "")


def test_store_open_on_a_full_disk_is_not_called_damaged(glute_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store() as s:
        s.db  # noqa: B018  # made
    real = sqlite3.connect

    class Full:
        def __init__(self, db):
            self.db = db

        def execute(self, sql, *a):
            if sql.startswith("PRAGMA journal_mode") or sql.startswith("BEGIN"):
                raise sqlite3.OperationalError("database or disk is full")
            return self.db.execute(sql, *a)

        def close(self):
            self.db.close()

        in_transaction = False

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: Full(real(*a, **k)))
    with pytest.raises(StoreError) as e:
        Store().db  # noqa: B018
    assert "the disk is full" in e.value.message and "not a readable" not in e.value.message


def test_doctor_repair_on_a_full_disk_leaves_no_backup(glute_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from glutecli import store

    glute_home.mkdir()
    (glute_home / DB_NAME).write_bytes(b"garbage, not a database" * 10)

    def full(src, dst, *a, **k):
        Path(dst).write_bytes(b"")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(StoreError) as e:
        store.doctor(glute_home, repair=True)
    assert "the disk is full" in e.value.message
    assert sorted(p.name for p in glute_home.iterdir()) == [DB_NAME]


def test_relative_glute_home_works_with_doctor(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GLUTE_HOME", "rel-home")
    assert invoke("plan", "--example").exit_code == 0
    r = invoke("doctor")
    assert r.exit_code == 0, r.stderr
    no_crash(r)


# ---------------------------------------------------------------- the catalogue cache


def test_cache_is_keyed_on_content_not_mtime_and_size(invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GLUTE_CACHE_DIR", str(tmp_path / "cache"))
    p = tmp_path / "cat.yaml"
    shutil.copy(bundled_catalogue(), p)
    assert invoke("--catalogue", str(p), "exercises").exit_code == 0  # cached
    st_ = p.stat()
    text = p.read_text(encoding="utf-8")
    p.write_text(text.replace("level: 2", "level: 7", 1), encoding="utf-8")  # same size
    os.utime(p, ns=(st_.st_atime_ns, st_.st_mtime_ns))  # mtime put back
    assert p.stat().st_size == st_.st_size
    from glutecli import catalogue

    catalogue._MEMO.clear()
    r = invoke("catalogue", "check", str(p))
    assert r.exit_code == 2 and "level" in r.stderr


def test_a_cache_that_does_not_validate_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zlib

    from glutecli import catalogue

    monkeypatch.setenv("GLUTE_CACHE_DIR", str(tmp_path / "cache"))
    p = tmp_path / "cat.yaml"
    shutil.copy(bundled_catalogue(), p)
    good = catalogue.load_catalogue(p)
    cf, _ = catalogue._cache_file(p)
    raw = cf.read_bytes()
    nl = raw.index(b"\n")
    key, _crc = json.loads(raw[:nl])
    rest = raw[nl + 1 :].replace(b'"level":1', b'"level":7').replace(b'"cues":["', b'"cues":["\\u001b]52;c;x\\u0007', 1)
    cf.write_bytes(json.dumps([key, zlib.crc32(rest)]).encode() + b"\n" + rest)  # a consistent, lying cache
    catalogue._MEMO.clear()
    again = catalogue.load_catalogue(p)
    for ex in again.exercises:
        fresh = good.by_id[ex.id]
        assert ex.cues == fresh.cues and ex.level == fresh.level and ex.dose == fresh.dose


def test_cache_files_are_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask0) -> None:
    from glutecli import catalogue

    monkeypatch.setenv("GLUTE_CACHE_DIR", str(tmp_path / "cache"))
    p = tmp_path / "cat.yaml"
    shutil.copy(bundled_catalogue(), p)
    catalogue.load_catalogue(p)
    cf, _ = catalogue._cache_file(p)
    assert mode(cf) == 0o600 and mode(cf.parent) == 0o700


# ---------------------------------------------------------------- input read as written


def answers_with(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "a.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "text",
    [
        "pain: {now: 3}\ntests:\n  single_leg_stance: {left: {seconds: 030}}\n",
        "pain: {now: 3}\ntests:\n  clamshell: {left: {reps: 010}}\n",
        "pain: {now: yes}\n",
        "pain: {now: on}\n",
        "pain: {now: 3}\ntests:\n  clamshell: {left: {reps: true}}\n",
        "pain: {now: 0x3}\n",
        "pain: {now: 0b11}\n",
        "pain: {now: 1_0}\n",
        "pain: {now: 3}\ntests:\n  single_leg_stance: {left: {seconds: 1:30}}\n",
        "pain: {now: 3}\nschedule: {sessions_per_week: yes}\n",
        "pain: {now: 3.0}\n",
    ],
)
def test_yaml_1_1_surprises_are_refused(invoke, tmp_path: Path, text: str) -> None:
    r = invoke("assess", "--answers", str(answers_with(tmp_path, text)))
    assert r.exit_code == 2, (text, r.stdout)
    no_crash(r)
    assert "a.yaml:" in r.stderr


def test_catalogue_numbers_are_read_as_written(invoke, tmp_path: Path) -> None:
    text = bundled_catalogue().read_text(encoding="utf-8")
    for old, new in (("level: 1", "level: true"), ("sets: 3", "sets: 03"), ("level: 1", "level: 1.0")):
        p = tmp_path / "c.yaml"
        p.write_text(text.replace(old, new, 1), encoding="utf-8")
        r = invoke("catalogue", "check", str(p))
        assert r.exit_code == 2, (new, r.stdout)
        no_crash(r)


def test_json_with_surrogate_pair_escapes_is_accepted(invoke, tmp_path: Path) -> None:
    doc = yaml.safe_load(RUNNER.read_text(encoding="utf-8"))
    doc["name"] = "Ann 😀 𝄞"
    p = tmp_path / "a.json"
    p.write_text(json.dumps(doc, default=str), encoding="utf-8")  # ensure_ascii: \ud83d\ude00
    assert "\\ud83d\\ude00" in p.read_text(encoding="utf-8")
    r = invoke("assess", "--answers", str(p), "--format", "json", env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["answers"]["name"] == "Ann 😀 𝄞"
    p.write_text(json.dumps(doc, default=str).replace("\\ude00", ""), encoding="utf-8")  # a lone surrogate
    r = invoke("assess", "--answers", str(p))
    assert r.exit_code == 2
    no_crash(r)


def test_error_locations_name_keys_with_capitals_and_brackets(invoke, tmp_path: Path) -> None:
    p = answers_with(tmp_path, "pain:\n  now: 3\n\n\nSchedule:\n  x: 1\n'a[b]': 2\ntests:\n  Clamshell: {}\n")
    r = invoke("assess", "--answers", str(p))
    assert r.exit_code == 2
    assert "a.yaml:5: Schedule:" in r.stderr
    assert "a.yaml:7: a[b]:" in r.stderr
    assert "a.yaml:9: tests.Clamshell:" in r.stderr
    text = bundled_catalogue().read_text(encoding="utf-8").replace("  - id: clamshell\n", "  - id: clamshell\n    Name: x\n    'dose[0]': 1\n", 1)
    cat = tmp_path / "c.yaml"
    cat.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    Name: x") + 1
    r = invoke("catalogue", "check", str(cat))
    assert r.exit_code == 2
    assert f"c.yaml:{line}: clamshell.Name:" in r.stderr and f"c.yaml:{line + 1}: clamshell.dose[0]:" in r.stderr


@pytest.mark.parametrize("days", ["mongoose,wedding,frisbee", "mo,we,fr", "mon,wed,fri,", "monday,wed,xfri"])
def test_option_values_are_exact(invoke, days: str) -> None:
    r = invoke("plan", "--example", "--days", days)
    if days == "mon,wed,fri,":
        assert r.exit_code == 0, r.stderr
        return
    assert r.exit_code == 2, r.stdout
    no_crash(r)


def test_full_weekday_names_are_accepted(invoke) -> None:
    assert invoke("plan", "--example", "--days", "Monday,wednesday,FRI").exit_code == 0


def test_a_plan_past_year_9999_is_an_input_error(invoke, glute_home: Path) -> None:
    for args in (("--start", "9999-12-27", "--weeks", "52"), ("--start", "9999-12-27"), ("--start", "9998-12-01"), ("--start", "0001-01-01")):
        r = invoke("plan", "--answers", str(RUNNER), *args, env={"GLUTE_TODAY": "2026-11-21"})
        assert r.exit_code == 2, r.stderr
        no_crash(r)
    with Store() as store:
        assert store.assessments("default") == []


def test_a_fifo_as_answers_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    env = {**os.environ, "GLUTE_HOME": str(tmp_path / "home")}
    for args in (("assess", "--answers", str(fifo)), ("--catalogue", str(fifo), "exercises"), ("catalogue", "check", "/dev/zero")):
        proc = subprocess.run([sys.executable, "-m", "glutecli", *args], env=env, capture_output=True, timeout=30)
        assert proc.returncode == 2, proc.stderr
        assert b"regular file" in proc.stderr


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=NASTY.filter(lambda t: len(t) <= 80), note=NASTY)
def test_any_name_and_note_reach_the_terminal_escaped(invoke, tmp_path: Path, name: str, note: str) -> None:
    doc = yaml.safe_load(RUNNER.read_text(encoding="utf-8"))
    doc["name"] = name
    p = tmp_path / "a.json"
    p.write_text(json.dumps(doc, default=str), encoding="utf-8")
    env = {"GLUTE_TODAY": "2026-11-21"}
    for args in (("assess", "--answers", str(p)), ("history",), ("plan", "--start", START, "--week", "1")):
        r = invoke(*args, env=env)
        no_crash(r)
        assert_terminal_safe((r.stdout + r.stderr).replace("\t", ""))
    r = invoke("log", "--date", START, "--pain", "1", "--note", note, "--replace", env={"GLUTE_TODAY": START})
    no_crash(r)
    assert_terminal_safe((r.stdout + r.stderr).replace("\t", ""))


# ---------------------------------------------------------------- no internal error on odd option values


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.text(max_size=30),
    option=st.sampled_from([("plan", "--example", "--start"), ("plan", "--example", "--days"), ("today", "--date"),
                            ("export", "--time"), ("--profile",), ("exercises", "show"), ("assess", "--show")]),
)
def test_odd_option_values_never_crash(invoke, option: tuple, value: str) -> None:
    if "\x00" in value or value.startswith("-"):
        return
    args = (*option, value) if option != ("--profile",) else ("--profile", value, "history")
    r = invoke(*args, env={"GLUTE_TODAY": "2026-11-21"})
    no_crash(r)
    assert_terminal_safe(r.stdout + r.stderr)
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in r.stderr)
