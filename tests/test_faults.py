"""Bad files, broken environments, killed processes, terminals and pipes.

Each test is one row of the fault table in the README's development section: what was tried,
and what a person sees. Most run the real program as a subprocess, the way it fails in use.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from glutecli import catalogue
from glutecli.errors import EXIT_BAD_INPUT, EXIT_ERROR, EXIT_INTERRUPTED, InputError
from glutecli.store import DB_NAME, Store

TODAY = dt.date(2026, 11, 21)  # every fixture is dated: the suite must not depend on the real clock

ROOT = Path(__file__).resolve().parent.parent
GLUTE = [sys.executable, "-m", "glutecli"]
ANSI = re.compile(rb"\x1b\[")


def glute(*args: str, stdin: bytes | None = None, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*GLUTE, *args], input=stdin, capture_output=True, timeout=timeout, env={**os.environ, **(env or {})})


def clean(out: subprocess.CompletedProcess) -> str:
    err = out.stderr.decode()
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    return err


# ---------------------------------------------------------------- files that are not what they claim


def billion_laughs() -> str:
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    return "\n".join(rows) + "\n"  # 10^9 values once expanded, 600 bytes written


@pytest.mark.parametrize("command", [["assess", "--answers"], ["catalogue", "check"]])
def test_yaml_bomb_is_refused_quickly(tmp_path: Path, command: list[str]) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(billion_laughs(), encoding="utf-8")
    t0 = time.monotonic()
    out = glute(*command, str(bomb))
    took = time.monotonic() - t0
    err = clean(out)
    assert out.returncode == EXIT_BAD_INPUT
    assert re.search(rf"{re.escape(str(bomb))}:\d+: \(document\): too many values after expanding aliases", err), err
    assert took < 10, took


@pytest.mark.parametrize(
    "text",
    ["a: &a [*a]\n", "a: &a {b: *a}\n", "[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x\n"],
    ids=["alias-in-list", "alias-in-map", "100k-flow", "100k-block"],  # a 200 KB id would not fit in the environment
)
def test_self_referencing_alias_and_deep_nesting_are_refused(tmp_path: Path, text: str) -> None:
    # These used to eat all memory (the alias) or crash PyYAML's C code (SIGSEGV, exit 139).
    f = tmp_path / "deep.yaml"
    f.write_text(text, encoding="utf-8")
    out = glute("assess", "--answers", str(f), timeout=30)
    err = clean(out)
    assert out.returncode == EXIT_BAD_INPUT, (out.returncode, err)
    # glute's own limit is met first, before PyYAML's (>= 6.0.3 has one, worded its own way).
    assert re.search(rf"{re.escape(str(f))}:1: [^:]+: nested more than 100 levels deep", err), err


@pytest.mark.parametrize("command", [["assess", "--answers"], ["catalogue", "check"]])
def test_100_mb_file_is_refused_before_reading(tmp_path: Path, command: list[str]) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: no disk used
    t0 = time.monotonic()
    out = glute(*command, str(big))
    err = clean(out)
    assert out.returncode == EXIT_BAD_INPUT
    assert "100 MB is too large (limit 32 MB)" in err
    assert time.monotonic() - t0 < 5


def test_100_mb_on_stdin_is_refused(tmp_path: Path) -> None:
    out = glute("assess", "--answers", "-", stdin=b"a: 1\n" + b"#" * (40 * 1024 * 1024))
    err = clean(out)
    assert out.returncode == EXIT_BAD_INPUT
    assert "too large" in err


def test_non_utf8_file_gives_the_line(tmp_path: Path) -> None:
    f = tmp_path / "latin1.yaml"
    f.write_bytes("pain:\n  now: 3\nname: Jos\xe9\n".encode("latin-1"))
    out = glute("assess", "--answers", str(f))
    err = clean(out)
    assert out.returncode == EXIT_BAD_INPUT
    assert f"{f}:3: " in err and "UTF-8" in err


@pytest.mark.parametrize("command", [["assess", "--answers"], ["catalogue", "check"], ["--catalogue"]])
def test_directory_symlink_loop_and_missing_file(tmp_path: Path, command: list[str]) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    for path, words in ((tmp_path, "is a directory"), (loop, "cannot open"), (tmp_path / "nope.yaml", "no such")):
        args = [*command, str(path)] + (["exercises"] if command == ["--catalogue"] else [])
        out = glute(*args)
        err = clean(out)
        assert out.returncode == EXIT_BAD_INPUT, (args, err)
        assert str(path) in err and words in err, err


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\x00\x01binary\x02", b"\xef\xbb\xbf", b"---\n...\n"])
def test_empty_and_binary_files(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "f.yaml"
    f.write_bytes(data)
    for command in (["assess", "--answers"], ["catalogue", "check"]):
        out = glute(*command, str(f))
        err = clean(out)
        assert out.returncode == EXIT_BAD_INPUT
        assert str(f) in err


def test_markup_in_a_catalogue_is_shown_as_written(tmp_path: Path) -> None:
    # Rich markup in a name or cue crashed `exercises show` (MarkupError, exit 1).
    text = (ROOT / "data" / "exercises.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Clamshell\n", "name: 'Clam [/x] [bold]'\n", 1)
    text = text.replace("- Don't let your pelvis roll back", '- "Don\'t [/] roll :smile: back [red"', 1)
    f = tmp_path / "c.yaml"
    f.write_text(text, encoding="utf-8")
    out = glute("--catalogue", str(f), "exercises", "show", "clamshell", env={"COLUMNS": "120"})
    clean(out)
    assert out.returncode == 0
    assert "Clam [/x] [bold]" in out.stdout.decode()
    assert "Don't [/] roll :smile: back [red" in out.stdout.decode()


# ---------------------------------------------------------------- the data folder


@pytest.mark.parametrize(
    "home, words",
    [
        ("", "GLUTE_HOME is set but empty"),
        ("   ", "GLUTE_HOME is set but empty"),
        ("{file}", "is a file, not a folder"),
        ("{file}/sub", "cannot create data folder"),
        ("/proc/glute-no-such", "cannot create data folder"),
    ],
)
def test_glute_home_pointing_at_nonsense_is_explained(tmp_path: Path, home: str, words: str) -> None:
    f = tmp_path / "a-file"
    f.write_text("x", encoding="utf-8")
    out = glute("history", env={"GLUTE_HOME": home.format(file=f)})
    err = clean(out)
    assert out.returncode == EXIT_ERROR
    assert words in err
    assert "hint: " in err


def read_only_folder() -> Path | None:
    """A folder nobody can write to, even root: a read-only mount (/sys in most containers)."""
    for cand in (Path("/sys/kernel"), Path("/proc/sys")):
        if cand.is_dir():
            try:
                (cand / "glute-probe").touch()
            except OSError:
                return cand
            (cand / "glute-probe").unlink()
    return None


def test_read_only_data_folder_is_a_clear_error() -> None:
    ro = read_only_folder()
    if ro is None:
        pytest.skip("no read-only folder to try")
    out = glute("plan", "--example", env={"GLUTE_HOME": str(ro)})
    err = clean(out)
    assert out.returncode == EXIT_ERROR
    assert "writable" in err
    assert not (ro / DB_NAME).exists()


def test_read_only_database_file_saves_nothing(glute_home: Path) -> None:
    glute("plan", "--example")
    db = glute_home / DB_NAME
    if os.geteuid() == 0:
        pytest.skip("root writes read-only files anyway")
    before = db.read_bytes()
    db.chmod(0o444)
    try:
        out = glute("plan", "--example", "--weeks", "3")
        err = clean(out)
        assert out.returncode == EXIT_ERROR
        assert "nothing was saved" in err or "read-only" in err
        assert db.read_bytes() == before
    finally:
        db.chmod(0o644)


def _limit_file_size(limit: int):
    def pre() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return pre


def test_full_disk_saves_nothing_half_way(glute_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from glutecli.errors import StoreError
    from glutecli.store import repository as st

    assert glute("plan", "--example", "--format", "json").returncode == 0
    with Store() as s:
        before = s.programme("example")
        events = len(s.events(before.id))
    # Starting over ends one programme, starts another and records both: the disk fills after
    # the first of those writes, and none of them stays.
    real, calls = st._event, []

    def full(*args, **kw):
        calls.append(args)
        if len(calls) == 2:
            raise sqlite3.OperationalError("database or disk is full")
        return real(*args, **kw)

    monkeypatch.setattr(st, "_event", full)
    with Store() as s, pytest.raises(StoreError, match="nothing was saved"):
        s.start_programme("example", start=dt.date(2027, 1, 4), weeks=52, days=["mon", "wed", "fri"], assessment_id=before.assessment_id,
                          end_running="started over")  # fmt: skip
    monkeypatch.setattr(st, "_event", real)
    with Store() as s:
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.programme("example") == before
        assert len(s.events(before.id)) == events
        assert s.db.execute("SELECT count(*) FROM programmes WHERE profile = 'example'").fetchone()[0] == 1


def store_file(home: Path) -> Path:
    """A store in one file (no -wal beside it), as it is after a clean close."""
    assert glute("plan", "--example").returncode == 0
    db = home / DB_NAME
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    return db


def test_store_written_by_a_newer_glute_is_refused_untouched(glute_home: Path) -> None:
    db = store_file(glute_home)
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = db.read_bytes()
    for args in (["history"], ["plan", "--example"], ["assess", "--answers", "-"]):
        out = glute(*args, stdin=b"pain: {now: 2}\n")
        err = clean(out)
        assert out.returncode == EXIT_ERROR, args
        assert "newer glute" in err and "left untouched" in err
        assert db.read_bytes() == before
    assert sorted(p.name for p in glute_home.iterdir() if p.name.startswith(DB_NAME)) == [DB_NAME]


@pytest.mark.parametrize("damage", ["random", "truncated", "zeroed-header"])
def test_corrupt_store_is_refused_untouched_with_a_hint(glute_home: Path, damage: str) -> None:
    db = store_file(glute_home)
    data = db.read_bytes()
    rnd = random.Random(7)
    if damage == "random":
        data = bytes(rnd.randrange(256) for _ in range(len(data)))
    elif damage == "truncated":
        data = data[: len(data) // 3 + 7]
    else:
        data = b"\x00" * 100 + data[100:]
    db.write_bytes(data)
    for args in (["history"], ["plan", "--example"]):
        out = glute(*args)
        err = clean(out)
        assert out.returncode == EXIT_ERROR, (args, err)
        assert "glute doctor" in err
        assert db.read_bytes() == data


# ---------------------------------------------------------------- killed, interrupted, concurrent

SAVER = textwrap.dedent(
    """
    import datetime, itertools, sys
    from glutecli import assess, catalogue, planner
    TODAY = datetime.date(2026, 11, 21)
    from glutecli.store import Store
    cat = catalogue.load_catalogue()
    with Store() as s:
        a = s.save_assessment(assess.score(assess.example_answers(), profile="p", today=TODAY))
        for i in itertools.count():
            s.save_plan("p", planner.build_plan(a, cat, planner.PlanOptions(weeks=1 + i % 52, today=TODAY)))
            if i == 0:
                print("ready", flush=True)
    """
)


@pytest.mark.parametrize("seed", range(4))
def test_sigkill_while_saving_leaves_the_store_whole(glute_home: Path, seed: int) -> None:
    p = subprocess.Popen([sys.executable, "-c", SAVER], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.readline() == b"ready\n", p.stderr.read()
    time.sleep(random.Random(seed).uniform(0.05, 0.4))
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    with Store() as s:
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        plan = s.active_plan("p")
        assert plan is not None and plan.weeks
        assert s.db.execute("SELECT count(*) FROM plans WHERE profile = 'p' AND active = 1").fetchone()[0] == 1
    out = glute("--profile", "p", "history", "--format", "json")
    assert out.returncode == 0


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from glutecli.yamlio import atomic_write_text
    p = Path(sys.argv[1])
    i = 0
    while True:
        atomic_write_text(p, ("AB"[i % 2]) * 2_000_000)
        if i == 0:
            print("ready", flush=True)
        i += 1
    """
)


@pytest.mark.parametrize("seed", range(3))
def test_sigkill_during_a_file_write_leaves_the_old_or_the_new_file(tmp_path: Path, seed: int) -> None:
    target = tmp_path / "plan.txt"
    p = subprocess.Popen([sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE)
    assert p.stdout.readline() == b"ready\n"
    time.sleep(random.Random(seed).uniform(0.02, 0.3))
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    text = target.read_text(encoding="utf-8")
    assert text in ("A" * 2_000_000, "B" * 2_000_000)


def test_two_writers_at_once_lose_nothing(glute_home: Path) -> None:
    code = textwrap.dedent(
        """
        import datetime, sys
        from glutecli import assess, catalogue, planner
        from glutecli.store import Store
        TODAY = datetime.date(2026, 11, 21)
        cat = catalogue.load_catalogue()
        who = sys.argv[1]
        with Store() as s:
            for i in range(25):
                a = s.save_assessment(assess.score(assess.example_answers(), profile=who, today=TODAY))
                s.save_plan(who, planner.build_plan(a, cat, planner.PlanOptions(weeks=2, today=TODAY)))
        """
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, who], stderr=subprocess.PIPE) for who in ("p1", "p2")]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
    with Store() as s:
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for who in ("p1", "p2"):
            assert len(s.assessments(who)) == 25
            assert s.db.execute("SELECT count(*) FROM plans WHERE profile = ?", (who,)).fetchone()[0] == 25
            assert s.db.execute("SELECT count(*) FROM plans WHERE profile = ? AND active = 1", (who,)).fetchone()[0] == 1


def test_many_processes_saving_to_one_profile_store_every_assessment_once(glute_home: Path, tmp_path: Path) -> None:
    # The ids are allocated inside the write transaction: concurrent saves never share one.
    answers = tmp_path / "a.yaml"
    answers.write_text("date: 2026-11-21\n" + (ROOT / "glutecli" / "example.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "GLUTE_TODAY": "2026-11-21"}
    n = 8
    procs = [
        subprocess.Popen([*GLUTE, "--profile", "alice", "assess", "--answers", str(answers), "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(n)
    ]
    ids = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        ids.append(json.loads(out)["id"])
    assert sorted(ids) == sorted(f"2026-11-21-{i}" for i in range(1, n + 1))
    with Store() as s:
        stored = [a.id for a in s.assessments("alice")]
    assert sorted(stored) == sorted(ids)


def test_an_assessment_id_is_never_handed_out_twice(glute_home: Path) -> None:
    from glutecli import assess

    with Store() as s:
        first = [s.save_assessment(assess.score(assess.example_answers(), profile="bob", today=TODAY)) for _ in range(3)]
        # What `doctor --repair` does with an unreadable record: the row goes, its id stays used.
        s.transaction(lambda db: db.execute("DELETE FROM assessments WHERE id = ?", (f"bob/{first[-1].id}",)))
        again = s.save_assessment(assess.score(assess.example_answers(), profile="bob", today=TODAY))
        assert again.id == "2026-11-21-4"
        with pytest.raises(InputError):
            s.save_assessment(first[0])  # an id already saved is never replaced
        assert [a.id for a in s.assessments("bob")] == ["2026-11-21-1", "2026-11-21-2", "2026-11-21-4"]


def installed_glute() -> list[str]:
    """The `glute` console script beside this Python (what a person runs), else `python -m glutecli`."""
    script = Path(sys.executable).parent / "glute"
    return [str(script)] if script.is_file() and os.access(script, os.X_OK) else GLUTE


def test_ctrl_c_anywhere_exits_130_and_keeps_the_store_whole(glute_home: Path) -> None:
    rnd = random.Random(11)
    codes = []
    # Python reports each import as it completes (PYTHONPROFILEIMPORTTIME): the signal is sent only
    # once glute's CLI is imported, i.e. inside glute's own handlers (before that, Python's start-up
    # may still be running, which no program can make quiet). The first one goes at once, the
    # others up to 0.3 s later, at varied points of the work.
    env = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}
    for i in range(12):
        p = subprocess.Popen([*installed_glute(), "plan", "--example", "--weeks", "52"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        assert p.stderr is not None
        head = b""
        for line in iter(p.stderr.readline, b""):
            head += line
            if line.rstrip().endswith(b"| glutecli.cli"):
                break
        else:
            raise AssertionError(f"glute ended before its CLI was imported: {head.decode()[-2000:]}")
        time.sleep(0 if i == 0 else rnd.uniform(0, 0.3))
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
        err = b"".join(line for line in (head + err).splitlines(keepends=True) if not line.startswith(b"import time:"))
        assert b"Traceback" not in err, err.decode()
        assert p.returncode in (0, EXIT_INTERRUPTED), (p.returncode, err.decode())
        codes.append(p.returncode)
    assert EXIT_INTERRUPTED in codes
    with Store() as s:
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.db.execute("SELECT count(*) FROM plans WHERE profile = 'example' AND active = 1").fetchone()[0] <= 1


def test_a_wrapped_ctrl_c_is_still_an_interrupt() -> None:
    from glutecli.errors import is_interrupt

    # Python 3.11 wraps one raised while a class is made (RuntimeError "Error calling __set_name__").
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as k:
            raise RuntimeError("Error calling __set_name__") from k
    except RuntimeError as e:
        assert is_interrupt(e)
    # pydantic-core keeps only the text.
    wrapped = type("SchemaError", (Exception,), {"__module__": "pydantic_core._pydantic_core"})
    assert is_interrupt(wrapped("Error building validator:\n  KeyboardInterrupt: "))
    assert not is_interrupt(ValueError("KeyboardInterrupt"))
    assert not is_interrupt(RuntimeError("boom"))


def test_a_ctrl_c_python_would_ignore_is_delivered_again() -> None:
    # One that lands in a weakref callback (the import lock's) is "ignored" by Python, with a
    # traceback on stderr; glute's hook delivers it to the program again.
    code = (
        "import sys, weakref\n"
        "from glutecli.__main__ import _interrupt_later\n"
        "sys.unraisablehook = _interrupt_later\n"
        "class A: pass\n"
        "def cb(_): raise KeyboardInterrupt\n"
        "a = A(); w = weakref.ref(a, cb); del a\n"
        "try:\n"
        "    for _ in range(10**9): pass\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.stdout == "interrupted\n" and "Traceback" not in r.stderr, (r.stdout, r.stderr)


# ---------------------------------------------------------------- terminals and pipes


def run_in_tty(args: list[str], env: dict) -> tuple[int, bytes]:
    import pty

    master, slave = pty.openpty()
    p = subprocess.Popen([*GLUTE, *args], stdin=slave, stdout=slave, stderr=slave, env={**os.environ, **env}, close_fds=True)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    p.wait(timeout=60)
    os.close(master)
    return p.returncode, out


SCREENS = [["plan", "--example"], ["exercises"], ["exercises", "show", "clamshell"], ["history"], ["--help"]]


@pytest.mark.parametrize("args", SCREENS)
def test_no_escape_codes_in_a_pipe_or_with_no_color(args: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "FORCE_COLOR")}
    piped = subprocess.run([*GLUTE, *args], capture_output=True, timeout=60, env={**env, "TERM": "xterm-256color"})
    assert piped.returncode == 0
    assert not ANSI.search(piped.stdout) and not ANSI.search(piped.stderr)
    rc, screen = run_in_tty(args, {"NO_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "100"})
    assert rc == 0
    assert not ANSI.search(screen), screen[:300]


def test_a_terminal_without_no_color_does_get_colour() -> None:
    env = {"TERM": "xterm-256color", "COLUMNS": "100", "NO_COLOR": ""}
    rc, screen = run_in_tty(["plan", "--example", "--week", "1"], env)
    assert rc == 0
    assert ANSI.search(screen)  # the check above is not passing by accident


@pytest.mark.parametrize("width", [40, 41, 60, 80, 120, 200])
@pytest.mark.parametrize("args", [["plan", "--example"], ["exercises"], ["exercises", "show", "hip-airplane"], ["history"]])
def test_widths_40_to_200_render(width: int, args: list[str]) -> None:
    out = glute(*args, env={"COLUMNS": str(width)})
    clean(out)
    assert out.returncode == 0
    lines = out.stdout.decode().splitlines()
    assert lines
    assert max(len(line) for line in lines) <= width


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_sigpipe_exits_quietly(glute_home: Path, fmt: str) -> None:
    p = subprocess.Popen([*GLUTE, "plan", "--example", "--weeks", "52", "--format", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert p.stdout.readline()
    p.stdout.close()  # `| head -1`
    err = p.stderr.read().decode()
    p.wait(timeout=60)
    assert "BrokenPipeError" not in err and "Exception ignored" not in err and "Traceback" not in err, err
    assert p.returncode in (0, 141)


def test_sigpipe_in_a_shell_pipeline(glute_home: Path) -> None:
    out = subprocess.run(
        f'{sys.executable} -m glutecli plan --example --weeks 52 2>/dev/null | head -1; echo "status=${{PIPESTATUS[0]}}"',
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stderr == ""
    assert out.stdout.splitlines()[0].startswith(("╭", "+"))
    assert out.stdout.splitlines()[-1] in ("status=0", "status=141")


# ---------------------------------------------------------------- the catalogue cache


def test_cached_catalogue_gives_the_same_plans_and_listings(glute_home: Path) -> None:
    from glutecli import assess, planner
    from glutecli.paths import bundled_catalogue
    from glutecli.present import json as jsonout

    fresh = catalogue.load_catalogue(bundled_catalogue(), use_cache=False)
    catalogue._MEMO.clear()
    catalogue.load_catalogue(bundled_catalogue())  # writes the cache
    catalogue._MEMO.clear()
    cached = catalogue.load_catalogue(bundled_catalogue())
    assert isinstance(cached.exercises[0], catalogue.LazyExercise)
    a = assess.score(assess.example_answers(), today=TODAY)
    for weeks in (1, 8, 52):
        opts = planner.PlanOptions(weeks=weeks, start=__import__("datetime").date(2026, 11, 23))
        assert planner.build_plan(a, cached, opts) == planner.build_plan(a, fresh, opts)
    assert jsonout.dumps(jsonout.exercises_doc(cached.exercises, "x")) == jsonout.dumps(jsonout.exercises_doc(fresh.exercises, "x"))
    for e in fresh:
        assert cached.get(e.id) == e
        assert cached.ladder(e.id) == fresh.ladder(e.id)


def test_damaged_cache_is_rebuilt_not_trusted(glute_home: Path) -> None:
    out = glute("exercises", "--format", "json")
    assert out.returncode == 0
    [cf] = list((glute_home / "cache").glob("catalogue-*.json"))
    data = bytearray(cf.read_bytes())
    i = data.index(b'"name":"Clamshell"')
    data[i : i + 18] = b'"name":"Clamsh3ll"'  # same length, still valid JSON: only the checksum tells
    cf.write_bytes(bytes(data))
    again = glute("exercises", "--format", "json")
    assert again.returncode == 0
    assert json.loads(again.stdout) == json.loads(out.stdout)


@pytest.mark.parametrize("text", ["pain: {now: " + "9" * 5000 + "}\n", '{"pain": {"now": ' + "9" * 5000 + "}}\n"])
def test_an_integer_too_long_for_python_is_an_input_error(invoke, tmp_path, text):
    """PyYAML's int() fails past 4300 digits with a bare ValueError: exit 2, not a traceback."""
    f = tmp_path / "answers.yaml"
    f.write_text(text, encoding="utf-8")
    r = invoke("assess", "--answers", str(f))
    assert r.exit_code == 2, r.stderr
    assert f"{f}:1: (document): a value cannot be read" in r.stderr
    assert "Traceback" not in r.stderr
