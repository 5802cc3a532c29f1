"""`glute export` and glutecli/present/export/: one golden file per format, plus format-specific checks.

Fixed persona (glutecli/example.yaml, assessed on 2026-11-21), start 2026-11-23, 8 weeks.
Regenerate the golden files after an intended change (planner, catalogue or export) with:

    GLUTE_UPDATE_GOLDEN=1 pytest tests/test_export.py

and read the diff before committing it. The files are compared byte for byte (csv keeps its CRLF
line ends; .gitattributes marks tests/golden/export as binary for git), except the .ics: its bytes
are icalendar's serialisation (5.x writes `DTSTART;VALUE=DATE-TIME:`, 6.x+ `DTSTART:`), so its
events and properties are compared as parsed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from glutecli.errors import InputError, StoreError
from glutecli.present import export
from glutecli.present.export import csv as csv_export
from glutecli.present.export import md
from glutecli.present.json import plan_doc
from glutecli.present.text import long_date, patient_text

GOLDEN = Path(__file__).parent / "golden" / "export"
START = dt.date(2026, 11, 23)
ASSESSED = dt.date(2026, 11, 21)


def make_plan(weeks: int = 8, start: dt.date = START, **opts):
    from glutecli.assess import example_answers, score
    from glutecli.catalogue import load_catalogue
    from glutecli.planner import PlanOptions, build_plan

    assessment = score(example_answers(), today=ASSESSED)
    return build_plan(assessment, load_catalogue(), PlanOptions(weeks=weeks, start=start, **opts))


@pytest.fixture
def plan():
    return make_plan()


@pytest.fixture
def cat():
    from glutecli.catalogue import load_catalogue

    return load_catalogue()


def sessions_of(plan) -> list:
    return [s for w in plan.weeks for s in w.sessions]


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN / name
    if os.environ.get("GLUTE_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {path}; run with GLUTE_UPDATE_GOLDEN=1"
    assert data == path.read_bytes(), f"{name} differs from its golden file (GLUTE_UPDATE_GOLDEN=1 regenerates it)"


# ---------------------------------------------------------------- golden files and determinism


def ics_content(data: bytes) -> list:
    """Each component's properties as parsed: values re-serialised by the icalendar installed,
    parameters without the redundant VALUE= (the value's type says it)."""
    from icalendar import Calendar

    out = []
    for c in Calendar.from_ical(data).walk():
        props = []
        for name, value in c.property_items(recursive=False):
            if name in ("BEGIN", "END"):
                continue
            params = sorted((k, str(v)) for k, v in getattr(value, "params", {}).items() if k != "VALUE")
            props.append((name, value.to_ical() if hasattr(value, "to_ical") else value, params))
        out.append((c.name, sorted(props, key=repr)))
    return out


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_golden(plan, cat, fmt):
    text = export.render(plan, fmt, cat)
    if fmt == "ics" and os.environ.get("GLUTE_UPDATE_GOLDEN") != "1":
        data = text.encode("utf-8")
        assert all(line.endswith(b"\r") for line in data.split(b"\n")[:-1])  # CRLF, as RFC 5545 asks
        assert ics_content(data) == ics_content((GOLDEN / "plan.ics").read_bytes()), "plan.ics differs from its golden file"
        return
    check_golden(f"plan.{fmt}", text.encode("utf-8"))


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_render_is_deterministic(plan, cat, fmt):
    assert export.render(plan, fmt, cat) == export.render(make_plan(), fmt, cat)


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_render_reads_no_catalogue_itself(plan, cat, fmt, monkeypatch):
    # The caller passes the catalogue in; without one a handout shows the plan's own cue only.
    import glutecli.catalogue

    monkeypatch.setattr(glutecli.catalogue, "load_catalogue", lambda *a, **k: pytest.fail("the export loaded a catalogue"))
    text = export.render(plan, fmt)
    if not export.needs_catalogue(fmt):
        assert text == export.render(plan, fmt, cat)


# ---------------------------------------------------------------- txt and md


def test_txt_prints_on_paper(plan, cat):
    text = export.render(plan, "txt", cat)
    lines = text.splitlines()
    assert "\x1b" not in text and "\t" not in text
    assert max(len(line) for line in lines) <= 78
    assert all(line == line.rstrip() for line in lines)
    # The gate, the pain rules and the disclaimer come before the first week.
    week1 = text.index("WEEK 1 OF 8")
    for head in ("THE GATE", "PAIN RULES", "Not medical advice"):
        assert text.index(head) < week1
    assert "Example runner (knee pain)" in text[:week1]
    assert "abduction L1 (left weaker)" in " ".join(text[:week1].split())
    for w in plan.weeks:
        assert f"WEEK {w.number} OF 8 - {w.phase.upper()}" in text
    flat = " ".join(text.split())
    for s in sessions_of(plan):
        assert long_date(s.date) in text
        for p in s.exercises:
            assert p.name in text
            for cue in cat.by_id[p.id].cues[:2]:
                assert patient_text(cue) in flat  # the seed codes are dropped from handouts
    assert "Dose: 3 x 8, 2 s hold, each side, +1 extra set on the left" in text
    assert "Sets: [ ] [ ] [ ]   left extra: [ ]" in text


def test_txt_level_changes_name_the_gate(plan, cat):
    text = " ".join(export.render(plan, "txt", cat).split())
    assert "Level up: abduction L1 -> L2" in text
    assert "only if the gate is met" in text


def test_md_has_tables_and_cue_lists(plan, cat):
    text = export.render(plan, "md", cat)
    assert text.startswith("# Gluteus medius program: Example runner (knee pain)\n")
    assert text.count("| Done | Exercise | Dose | Side | Level |") == len(sessions_of(plan))
    assert "## Pain rules" in text and "## The gate: when to move up a level" in text
    assert text.index("## Pain rules") < text.index("## Week 1 of 8")
    assert "### Key cues this week" in text
    assert "  - Keep your hip bones stacked; only the leg moves" in text
    assert "stayed <= 5/10" in text  # readable raw: `<` only escaped where it could start a tag
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            # Every table row has the header's number of cells (no stray unescaped pipes).
            assert line.replace("\\|", "").count("|") in (5, 6), line


def test_md_escapes_markdown_in_catalogue_text():
    assert md.escape("a|b *c* _d_ <b> <= 5") == "a\\|b \\*c\\* \\_d\\_ \\<b> <= 5"
    assert md.escape("# not a heading") == "\\# not a heading"


# ---------------------------------------------------------------- html


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.cards: list[list] = []  # [exercise id, svgs inside the card], one per card
        self.rows: list[str] = []
        self.checkboxes = 0
        self.weeks = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "input" and a.get("type") == "checkbox":
            self.checkboxes += 1
        if tag == "section" and "week" in (a.get("class") or "").split():
            self.weeks += 1
        if tag == "tr" and "data-exercise" in a:
            self.rows.append(a["data-exercise"])
        if tag == "article" and "data-exercise" in a:
            self.cards.append([a["data-exercise"], 0])
        if tag == "svg" and any(t == "article" for t, _ in self.stack):
            self.cards[-1][1] += 1
        if tag not in ("input", "br", "meta", "line", "rect", "circle"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break


def test_html_has_every_exercise_with_a_figure(plan, cat):
    text = export.render(plan, "html", cat)
    p = _Collect()
    p.feed(text)
    ids = {e.id for s in sessions_of(plan) for e in s.exercises}
    assert {c for c, _ in p.cards} == ids
    assert all(n == 1 for _, n in p.cards), p.cards
    # Each week has a card for each of its exercises.
    assert len(p.cards) == sum(len({e.id for s in w.sessions for e in s.exercises}) for w in plan.weeks)
    assert set(p.rows) == ids
    assert p.weeks == plan.weeks_total
    # One checkbox per prescribed set, the weaker side's extra sets included.
    extra = sum(max(e.sets_by_side.values()) - e.sets for s in sessions_of(plan) for e in s.exercises if e.sets_by_side)
    assert p.checkboxes == sum(e.sets for s in sessions_of(plan) for e in s.exercises) + extra
    for ex_id in ids:
        assert cat.by_id[ex_id].name in text


def test_html_is_self_contained_and_printable(plan, cat):
    text = export.render(plan, "html", cat)
    for banned in ("http://", "https://", "//cdn", "src=", "url(", "<link", "<script", "@import"):
        assert banned not in text, banned
    assert "@media print" in text
    assert ".week{page-break-before:always" in text
    assert text.startswith("<!DOCTYPE html>")
    assert "Not medical advice" in text


def test_html_placeholder_for_an_exercise_without_figure(plan, cat):
    from glutecli.catalogue import Catalogue

    bare = Catalogue([e.model_copy(update={"figure": None}) for e in cat], "bare")
    text = export.render(plan, "html", bare)
    assert "no diagram" in text and "<svg" in text


def test_figures_exist_for_every_catalogue_exercise(cat):
    from glutecli.present.export.figures import figure_svg, segments

    for e in cat:
        assert e.figure is not None, e.id
        svg = figure_svg(e.figure, e.name)
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert "#c0392b" in svg, f"{e.id}: nothing moves between start and end"
        for pose in (e.figure.start, e.figure.end):
            assert len(segments(pose)) >= 9


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_renders_in_chromium(plan, cat, tmp_path):
    page = tmp_path / "plan.html"
    png = tmp_path / "plan.png"
    export.write(plan, page, catalogue=cat)
    cmd = [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={png}", "--window-size=1200,1600", page.as_uri(),
    ]  # fmt: skip
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert png.exists() and png.stat().st_size > 20_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# ---------------------------------------------------------------- ics


def test_ics_has_one_event_per_session(plan, cat):
    from icalendar import Calendar

    text = export.render(plan, "ics", cat)
    cal = Calendar.from_ical(text)
    events = cal.walk("VEVENT")
    sessions = sessions_of(plan)
    assert len(events) == len(sessions) == 24
    assert "\r\n" in text  # RFC 5545 line ends
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    for ev, s in zip(events, sessions, strict=True):
        start, end = ev["DTSTART"].dt, ev["DTEND"].dt
        assert start == dt.datetime.combine(s.date, dt.time(7, 30)) and start.tzinfo is None  # floating local time
        assert end - start == dt.timedelta(minutes=s.minutes)  # the session's estimated length
        assert str(ev["SUMMARY"]).startswith("Glute session (week ")
        desc = str(ev["DESCRIPTION"])
        for p in s.exercises:
            assert p.name in desc
        assert f"{s.exercises[0].name}: {s.exercises[0].dose_text()}" in desc
        alarms = ev.walk("VALARM")
        assert len(alarms) == 1 and alarms[0]["TRIGGER"].dt == dt.timedelta(minutes=-15)
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert ev["DTSTAMP"].dt == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


def test_ics_uids_are_stable_across_exports(plan, cat):
    from icalendar import Calendar

    def uids(text):
        return {str(e["DTSTART"].dt.date()): str(e["UID"]) for e in Calendar.from_ical(text).walk("VEVENT")}

    a = uids(export.render(plan, "ics", cat))
    # A re-made plan (another time, longer) updates the same days rather than duplicating them.
    b = uids(export.render(make_plan(weeks=10), "ics", cat, time=dt.time(18, 0), duration=45))
    assert all(b[d] == u for d, u in a.items())
    assert all(u.endswith("@glute") for u in a.values())
    other = make_plan().model_copy(update={"profile": "alice"})
    assert not set(uids(export.render(other, "ics", cat)).values()) & set(a.values())


def test_ics_time_and_duration(plan, cat):
    from icalendar import Calendar

    text = export.render(plan, "ics", cat, time=dt.time(18, 5), duration=45)
    ev = Calendar.from_ical(text).walk("VEVENT")[0]
    assert ev["DTSTART"].dt == dt.datetime(2026, 11, 23, 18, 5)
    assert ev["DTEND"].dt == dt.datetime(2026, 11, 23, 18, 50)


def test_duration_is_checked(plan, cat):
    with pytest.raises(InputError, match="--duration"):
        export.render(plan, "ics", cat, duration=0)


# ---------------------------------------------------------------- csv and json


def test_csv_round_trips_through_dictreader(plan, cat):
    text = export.render(plan, "csv", cat)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    prescriptions = [(w, s, p) for w in plan.weeks for s in w.sessions for p in s.exercises]
    assert len(rows) == len(prescriptions)
    assert list(rows[0]) == csv_export.FIELDS
    for row, (w, s, p) in zip(rows, prescriptions, strict=True):
        assert row["date"] == s.date.isoformat() and dt.date.fromisoformat(row["date"]) == s.date
        assert int(row["week"]) == w.number
        assert row["weekday"] == s.weekday
        assert row["exercise_id"] == p.id and row["name"] == p.name
        assert int(row["sets"]) == p.sets
        assert (int(row["reps"]) if row["reps"] else None) == p.reps
        assert (int(row["hold_seconds"]) if row["hold_seconds"] else None) == p.hold_seconds
        assert row["side"] == p.side and int(row["level"]) == p.level
        assert (row["load"] or None) == p.load


def test_csv_neutralises_spreadsheet_formulas():
    assert csv_export.cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert csv_export.cell("@x") == "'@x"
    assert csv_export.cell(3) == "3" and csv_export.cell(None) == ""


def test_json_is_the_plan_contract(plan, cat):
    doc = json.loads(export.render(plan, "json", cat))
    assert doc == plan_doc(plan)
    assert doc["schema_version"] == 2 and doc["kind"] == "plan"
    for key in ("start_date", "weeks_total", "sessions_per_week", "focus", "notes", "weeks"):
        assert key in doc
    ex = doc["weeks"][0]["sessions"][0]["exercises"][0]
    assert set(ex) >= {"id", "name", "functions", "level", "sets", "reps", "hold_seconds", "side", "cue"}
    schema_path = Path(export.__file__).parents[2] / "schemas" / "plan.schema.json"
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(doc, json.loads(schema_path.read_text("utf-8")))


# ---------------------------------------------------------------- formats, files, atomic writes


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.txt", "txt"), ("a.TEXT", "txt"), ("a.md", "md"), ("a.markdown", "md"), ("a.html", "html"), ("b/a.htm", "html"),
     ("a.json", "json"), ("a.ics", "ics"), ("a.csv", "csv"), ("a.b.Csv", "csv")],
)  # fmt: skip
def test_format_from_path(name, fmt):
    assert export.format_from_path(name) == fmt


@pytest.mark.parametrize("name", ["plan.pdf", "plan", "plan.html.bak", ".ics"])
def test_unknown_extension_lists_the_formats(name):
    with pytest.raises(InputError) as e:
        export.format_from_path(name)
    assert "txt, md, html, json, ics, csv" in e.value.message
    assert "--format" in (e.value.hint or "")


def test_unknown_format_lists_the_formats(plan, cat):
    with pytest.raises(InputError, match="txt, md, html, json, ics, csv"):
        export.render(plan, "pdf", cat)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_infers_the_format_and_refuses_to_overwrite(plan, cat, tmp_path):
    out = tmp_path / "plan.csv"
    assert export.write(plan, out, catalogue=cat) == out
    assert out.read_bytes().decode() == export.render(plan, "csv", cat)
    out.write_text("mine", encoding="utf-8")
    with pytest.raises(InputError) as e:
        export.write(plan, out, catalogue=cat)
    assert "already exists" in e.value.message and "--force" in (e.value.hint or "")
    assert out.read_text("utf-8") == "mine"
    export.write(plan, out, catalogue=cat, force=True, fmt="json")
    assert json.loads(out.read_text("utf-8"))["kind"] == "plan"
    assert leftovers(tmp_path) == []


def test_write_is_atomic(plan, cat, tmp_path, monkeypatch):
    out = tmp_path / "plan.txt"
    out.write_text("old plan", encoding="utf-8")

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(StoreError, match="the disk is full"):
        export.write(plan, out, catalogue=cat, force=True)
    assert out.read_text("utf-8") == "old plan"
    assert leftovers(tmp_path) == []


def test_write_rejects_folders(plan, cat, tmp_path):
    with pytest.raises(InputError, match="is a folder"):
        export.write(plan, tmp_path, fmt="txt", catalogue=cat)
    with pytest.raises(InputError, match="is a folder"):
        export.write(plan, tmp_path, catalogue=cat)
    with pytest.raises(InputError, match="no such folder"):
        export.write(plan, tmp_path / "missing" / "plan.txt", catalogue=cat)


# ---------------------------------------------------------------- CLI


@pytest.fixture
def saved(plan):
    """The plan as a running programme: its assessment saved, then the plan's options."""
    from glutecli.assess import example_answers, score
    from glutecli.store import Store

    with Store() as store:
        a = store.save_assessment(score(example_answers(), today=ASSESSED))
        plan = plan.model_copy(update={"assessment_id": a.id})
        store.save_plan("default", plan)
    return plan


def test_cli_without_a_plan(invoke):
    r = invoke("export")
    assert r.exit_code == 2
    assert "no programme is running" in r.stderr and "glute plan" in r.stderr
    assert r.stdout == ""


def test_cli_prints_txt_by_default(invoke, saved, cat):
    r = invoke("export")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == export.render(saved, "txt", cat)
    assert r.stderr == ""


@pytest.mark.parametrize("fmt", ["md", "json", "csv", "html"])
def test_cli_prints_each_format(invoke, saved, cat, fmt):
    r = invoke("export", "--format", fmt)
    assert r.exit_code == 0, r.stderr
    assert r.stdout_bytes.decode() == export.render(saved, fmt, cat)  # bytes: csv keeps its CRLF


def test_cli_writes_a_file(invoke, saved, cat, tmp_path):
    out = tmp_path / "plan.ics"
    r = invoke("export", "-o", str(out), "--time", "18:00", "--duration", "45")
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""
    assert f"wrote {out} (ics, 8 weeks, 24 sessions)" in r.stderr
    text = out.read_bytes().decode()
    # The programme's calendar: its own UIDs, SEQUENCE and zone; the same sessions.
    assert text.count("BEGIN:VEVENT") == 24 and "SEQUENCE:" in text
    # Only the events' own times: a VTIMEZONE block has DTSTART lines of its own.
    lines = [line for event in text.split("BEGIN:VEVENT")[1:] for line in event.split("END:VEVENT")[0].splitlines()]
    starts = [line.split(":")[-1] for line in lines if line.startswith("DTSTART")]
    assert len(starts) == 24 and starts[0].startswith("20261123T180000") and all("T1800" in x for x in starts)
    ends = [line.split(":")[-1] for line in lines if line.startswith("DTEND")]
    assert all("T1845" in x for x in ends)
    # Again: refused, file untouched; with --force: replaced.
    before = out.read_bytes()
    r = invoke("export", "-o", str(out), "--time", "06:00")
    assert r.exit_code == 2
    assert "already exists" in r.stderr and "--force" in r.stderr
    assert out.read_bytes() == before
    r = invoke("export", "-o", str(out), "--force", "--format", "csv")
    assert r.exit_code == 0, r.stderr
    assert out.read_text("utf-8").startswith("date,week,weekday,exercise_id")
    assert leftovers(tmp_path) == []


def test_cli_unknown_extension(invoke, saved, tmp_path):
    r = invoke("export", "-o", str(tmp_path / "plan.pdf"))
    assert r.exit_code == 2
    assert "txt, md, html, json, ics, csv" in r.stderr
    assert not (tmp_path / "plan.pdf").exists()


def test_cli_unknown_format(invoke, saved):
    r = invoke("export", "--format", "pdf")
    assert r.exit_code == 2
    # The sentence is click's (its wording changes between versions); the choices are glute's.
    assert all(f in r.stderr for f in ("txt", "md", "html", "json", "ics", "csv")), r.stderr


@pytest.mark.parametrize("value", ["25:00", "7.30", "noon", "07:30:00"])
def test_cli_bad_time(invoke, saved, value):
    r = invoke("export", "--format", "ics", "--time", value)
    assert r.exit_code == 2
    assert "--time" in r.stderr and "HH:MM" in r.stderr


def test_cli_only_reads_the_running_programme(invoke, tmp_path, glute_home):
    """Export options select what is shown, never change the programme."""
    r = invoke("plan", "--example", "--start", "2026-11-23", "--weeks", "4", "--format", "json", env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 0, r.stderr
    out = tmp_path / "plan.csv"
    r = invoke("export", "--example", "--week", "2-3", "-o", str(out), env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"), newline="")))
    assert {r["week"] for r in rows} == {"2", "3"}
    r = invoke("export", "--example", "--weeks", "2")
    assert r.exit_code == 2 and "--weeks" in r.stderr  # no such option: it would change the programme
    r = invoke("--profile", "example", "export", "--format", "json", env={"GLUTE_TODAY": "2026-11-21"})
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["weeks_total"] == 4


def test_cli_help_has_an_example(invoke):
    r = invoke("export", "--help")
    assert r.exit_code == 0
    assert "Example: glute export -o plan.html" in r.stdout


def test_cli_checks_the_file_before_making_a_plan(invoke, tmp_path):
    out = tmp_path / "plan.html"
    out.write_text("mine", encoding="utf-8")
    for args in (["-o", str(out)], ["-o", str(tmp_path / "plan.pdf")], ["-o", str(tmp_path)]):
        r = invoke("export", "--example", *args)
        assert r.exit_code == 2, args
    assert out.read_text("utf-8") == "mine"
    from glutecli.store import Store

    with Store() as store:
        assert store.active_plan("example") is None  # nothing was planned or saved
