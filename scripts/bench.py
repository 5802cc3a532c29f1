#!/usr/bin/env python3
"""Whole-process start-up and run-time benchmark of the `glute` command.

Every command runs as a fresh process (as a person or a shell's TAB completion runs it), N times,
round-robin so that drift of the machine hits every command alike. The floor is
`python -c "import typer"` with the same interpreter, measured in the same run; the table gives
medians and their ratio to the floor, against the targets in the README (Development, Speed).

    python scripts/bench.py                      # 20 runs, 10,000-exercise synthetic catalogue
    python scripts/bench.py --runs 30 --catalogue-size 0   # skip the big catalogue
    python scripts/bench.py --json               # machine-readable figures

Bytecode caching is switched on for the children (PYTHONDONTWRITEBYTECODE is removed from their
environment) and every command runs once untimed first: an installed glute has its .pyc files.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = ["abduction", "external_rotation", "internal_rotation", "stabilization"]


def glute_cmd(python: str) -> list[str]:
    """The installed console script next to the interpreter, else `python -m glutecli`."""
    script = Path(python).parent / "glute"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [python, "-m", "glutecli"]


def synth_catalogue(n: int, path: Path, figures: bool = True, json_path: Path | None = None) -> None:
    """Write a valid N-exercise catalogue: chains of level 1 -> 2 -> 3 exercises, one level apart,
    every function covered at every level with body weight or a band (the catalogue's cross rules).
    Entries are clones of the bundled ones, so their size and shape are realistic. `json_path`:
    the same catalogue as JSON too, one value a line (`indent=2` would be 35 MB with figures,
    over glute's 32 MB limit; `indent=1` is 27 MB)."""
    import yaml

    bundled = yaml.load((ROOT / "data" / "exercises.yaml").read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    by_level: dict[int, list[dict]] = {1: [], 2: [], 3: []}
    for e in bundled["exercises"]:
        by_level[e["level"]].append(e)
    out = []
    for i in range(n):
        chain, level = divmod(i, 3)
        level += 1
        base = by_level[level][chain % len(by_level[level])]
        e = copy.deepcopy(base)  # no shared objects: the YAML has no anchors, as a person writes it
        e["id"] = f"synth-{chain}-l{level}"
        e["name"] = f"Synthetic {chain} level {level}"
        e["aliases"] = []
        e["functions"] = [FUNCTIONS[chain % 4]]
        e["equipment"] = [] if chain % 2 == 0 else ["band"]
        e["progresses_to"] = [f"synth-{chain}-l{level + 1}"] if level < 3 and i + 1 < n else []
        e["regresses_to"] = [f"synth-{chain}-l{level - 1}"] if level > 1 else []
        if not figures:
            e.pop("figure", None)
        out.append(e)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump({"catalogue_version": 1, "exercises": out}, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, "utf-8")
    if json_path is not None:
        json_path.write_text(json.dumps({"catalogue_version": 1, "exercises": out}, indent=1, ensure_ascii=False) + "\n", "utf-8")


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GLUTE_", "_GLUTE_", "COMP_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env["GLUTE_HOME"] = str(home)
    env["COLUMNS"] = "100"
    return env


def timed(cmd: list[str], env: dict[str, str], before=None) -> float:
    if before is not None:
        before()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr.decode(errors='replace')}")
    return dt


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=20, help="timed runs of each command (default 20, the median needs >= 20)")
    ap.add_argument("--catalogue-size", type=int, default=10_000, help="exercises in the synthetic user catalogue (0: skip)")
    ap.add_argument("--cold-runs", type=int, default=None, help="runs of the cold `catalogue check` (default: --runs)")
    ap.add_argument("--no-figures", action="store_true", help="synthetic exercises without stick figures (half the YAML values)")
    ap.add_argument("--python", default=sys.executable, help="interpreter of the venv glute is installed in")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON instead of a table")
    args = ap.parse_args(argv)

    py = args.python
    glute = glute_cmd(py)
    work = Path(tempfile.mkdtemp(prefix="glute-bench-"))
    try:
        home = work / "home"
        env = clean_env(home)
        comp = dict(env, _GLUTE_COMPLETE="complete_bash", COMP_WORDS="glute pl", COMP_CWORD="1")
        # (key, label, command, env, target ratio to the floor, hook before each run)
        rows: list[tuple[str, str, list[str], dict, float | None, object]] = [
            ("floor", 'python -c "import typer" (floor)', [py, "-c", "import typer"], env, None, None),
            (
                "ref_models",
                '(reference) python -c "import typer, typer._adapters, glutecli.models"',
                [py, "-c", "import typer, typer._adapters, glutecli.models"],
                env,
                None,
                None,
            ),
            ("version", "glute --version", [*glute, "--version"], env, 0.5, None),
            ("help", "glute --help", [*glute, "--help"], env, 2.0, None),
            ("complete", "TAB completion (`glute pl<TAB>`)", glute, comp, 2.5, None),
            # Reading an unchanged programme needs no re-planning (the first, untimed run
            # starts it; each row has its own profile so that no run changes another's programme).
            (
                "plan8_json",
                "glute plan --example --weeks 8 --format json",
                [*glute, "plan", "--example", "--weeks", "8", "--format", "json"],
                env,
                2.0,
                None,
            ),
            (
                "plan8_table",
                "glute plan --example --weeks 8 (rich table, piped)",
                [*glute, "plan", "--example", "--weeks", "8"],
                env,
                2.5,
                None,
            ),
            (
                "today",
                "glute --profile example today",
                [*glute, "--profile", "example", "today"],
                env,
                2.0,
                None,
            ),
            (
                "plan52_json",
                "glute --profile big plan --example --weeks 52 --format json",
                [*glute, "--profile", "big", "plan", "--example", "--weeks", "52", "--format", "json"],
                env,
                None,
                None,
            ),
            (
                "exercises_json",
                "glute exercises --format json (built-in catalogue)",
                [*glute, "exercises", "--format", "json"],
                env,
                None,
                None,
            ),
        ]
        cold_rows = []
        if args.catalogue_size > 0:
            cat = work / f"catalogue-{args.catalogue_size}.yaml"
            cat_json = cat.with_suffix(".json")
            t0 = time.perf_counter()
            synth_catalogue(args.catalogue_size, cat, figures=not args.no_figures, json_path=cat_json)
            print(
                f"bench: wrote a {args.catalogue_size}-exercise catalogue{' (no figures)' if args.no_figures else ''} ({cat.stat().st_size / 1e6:.1f} MB, "
                f"as JSON {cat_json.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s",
                file=sys.stderr,
            )
            cache = home / "cache"

            def drop_cache() -> None:
                shutil.rmtree(cache, ignore_errors=True)

            n = args.catalogue_size
            cold_rows.append(
                (
                    "cat_check_cold",
                    f"glute catalogue check FILE ({n:,} exercises, first: no cache)",
                    [*glute, "catalogue", "check", str(cat)],
                    env,
                    None,
                    drop_cache,
                )
            )
            cold_rows.append(
                (
                    "cat_check_cold_json",
                    f"glute catalogue check FILE.json ({n:,} exercises as JSON, first: no cache)",
                    [*glute, "catalogue", "check", str(cat_json)],
                    env,
                    None,
                    drop_cache,
                )
            )
            rows += [
                (
                    "cat_exercises_warm",
                    f"glute --catalogue FILE exercises --level 1 -f abduction --format json ({n:,}, cached)",
                    [*glute, "--catalogue", str(cat), "exercises", "--level", "1", "-f", "abduction", "--format", "json"],
                    env,
                    4.0,
                    None,
                ),
                (
                    "cat_exercises_all_warm",
                    f"glute --catalogue FILE exercises --format json ({n:,}, cached, all listed)",
                    [*glute, "--catalogue", str(cat), "exercises", "--format", "json"],
                    env,
                    None,
                    None,
                ),
                (
                    "cat_plan_warm",
                    f"glute --catalogue FILE plan --example --format json ({n:,}, cached)",
                    [*glute, "--catalogue", str(cat), "plan", "--example", "--format", "json"],
                    env,
                    4.0,
                    None,
                ),
            ]
        # Warm-up: writes .pyc files, the store and the catalogue cache.
        for _key, _label, cmd, e, _t, _hook in rows + cold_rows:
            timed(cmd, e)
        results: dict[str, list[float]] = {r[0]: [] for r in rows + cold_rows}
        for i in range(args.runs):
            print(f"bench: round {i + 1}/{args.runs}", file=sys.stderr, end="\r")
            for key, _label, cmd, e, _t, hook in rows:
                results[key].append(timed(cmd, e, hook))
        for i in range(args.cold_runs if args.cold_runs is not None else args.runs):
            for key, _label, cmd, e, _t, hook in cold_rows:
                print(f"bench: cold catalogue check {i + 1}", file=sys.stderr, end="\r")
                results[key].append(timed(cmd, e, hook))
            # the warm rows must see the cache again afterwards
        print(file=sys.stderr)
        med = {k: statistics.median(v) for k, v in results.items()}
        floor = med["floor"]
        figures = {
            "python": py,
            "runs": args.runs,
            "cpus": os.cpu_count(),
            "floor_ms": round(floor * 1000, 1),
            "rows": [],
        }
        for key, label, _cmd, _e, target, _hook in rows + cold_rows:
            ratio = med[key] / floor
            ok = None
            if target is not None:
                ok = ratio <= target
            figures["rows"].append(
                {
                    "key": key,
                    "command": label,
                    "median_ms": round(med[key] * 1000, 1),
                    "ratio": round(ratio, 2),
                    "target": target,
                    "ok": ok,
                    "runs": len(results[key]),
                }
            )
        # Relative and absolute targets.
        w52 = med["plan52_json"] / med["plan8_json"]
        extra = [("`--weeks 52` / `--weeks 8` (JSON)", f"{w52:.2f}", "<= 1.3", w52 <= 1.3)]
        if "cat_check_cold" in med:
            extra.append(("first `catalogue check` (YAML), seconds", f"{med['cat_check_cold']:.2f} s", "<= 2 s", med["cat_check_cold"] <= 2.0))
            extra.append(
                ("first `catalogue check` (JSON), seconds", f"{med['cat_check_cold_json']:.2f} s", "<= 2 s", med["cat_check_cold_json"] <= 2.0)
            )
        figures["extra"] = [{"what": a, "value": b, "target": c, "ok": d} for a, b, c, d in extra]
        if args.json:
            print(json.dumps(figures, indent=2))
            return 0
        print(
            f"glute benchmark: {args.runs} runs each, medians, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
            f'floor = `python -c "import typer"` = {floor * 1000:.1f} ms\n'
        )
        print("| command | median ms | x floor | target | met |")
        print("|---|---:|---:|---:|:---:|")
        for r in figures["rows"]:
            tgt = "" if r["target"] is None else f"<= {r['target']}x"
            met = "" if r["ok"] is None else ("yes" if r["ok"] else "**no**")
            print(f"| {r['command']} | {r['median_ms']:.1f} | {r['ratio']:.2f} | {tgt} | {met} |")
        for a, b, c, d in extra:
            print(f"| {a} | {b} | | {c} | {'yes' if d else '**no**'} |")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
