"""The exercise catalogue: the bundled file, every validation rule, lookups and the JSON cache."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from glutecli import catalogue, yamlio
from glutecli.catalogue import Catalogue, load_catalogue
from glutecli.errors import EXIT_BAD_INPUT, NotFoundError, ValidationFailed
from glutecli.models import Condition, Equipment, Function
from glutecli.paths import bundled_catalogue

CATALOGUES = Path(__file__).resolve().parent / "fixtures" / "catalogues"
MINIMAL = CATALOGUES / "minimal_valid.yaml"

REQUIRED_IDS = [
    "clamshell",
    "banded-clamshell",
    "side-lying-hip-abduction",
    "fire-hydrant",
    "reverse-clamshell",
    "side-plank-hip-abduction",
    "modified-side-plank-clam",
    "banded-lateral-walk",
    "lateral-step-down",
    "wall-hip-hike",
    "single-leg-glute-bridge",
    "single-leg-hip-thrust",
    "single-leg-squat",
    "skater-squat",
    "hip-abduction-machine",
    "bulgarian-split-squat",
    "single-leg-romanian-deadlift",
    "hip-airplane",
    "horse-stance",
    "standing-hip-abduction-block",
    "standing-hip-internal-rotation",
    "seated-hip-internal-rotation",
]

SEED_FILE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")
STUDY = re.compile(r"\b(19|20)\d\d\b")  # a published source carries its year


@pytest.fixture(autouse=True)
def cache_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GLUTE_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def bundled() -> Catalogue:
    return load_catalogue(bundled_catalogue(), use_cache=False)


def problems_of(path: Path | str) -> list[str]:
    with pytest.raises(ValidationFailed) as info:
        load_catalogue(path, use_cache=False)
    assert info.value.exit_code == EXIT_BAD_INPUT
    assert info.value.source == str(path)
    return info.value.problems


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based line of the first line at or after `start` that contains `needle`."""
    for n, line in enumerate(text.splitlines(), 1):
        if n >= start and needle in line:
            return n
    raise AssertionError(f"{needle!r} not in text")


def mutate(tmp_path: Path, old: str, new: str, name: str = "mutated.yaml", source: Path | None = None) -> tuple[Path, str]:
    """Copy a catalogue (the bundled one by default) replacing one exact, unique string."""
    text = (source or bundled_catalogue()).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once"
    text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, text


# ---------------------------------------------------------------- the bundled catalogue


def test_bundled_catalogue_loads(bundled: Catalogue) -> None:
    assert len(bundled) >= 22
    assert bundled.source == str(bundled_catalogue())
    assert len({e.id for e in bundled}) == len(bundled)


def test_bundled_catalogue_is_found_by_default() -> None:
    assert load_catalogue().source == str(bundled_catalogue())


@pytest.mark.parametrize("exercise_id", REQUIRED_IDS)
def test_required_exercise_exists(bundled: Catalogue, exercise_id: str) -> None:
    assert bundled.get(exercise_id).id == exercise_id


def test_hip_airplane_is_excluded_in_an_acute_flare(bundled: Catalogue) -> None:
    airplane = bundled.get("hip-airplane")
    assert airplane.caution_for({Condition.acute_flare})
    assert any(c.when is Condition.acute_flare and c.text.strip() for c in airplane.cautions)


def test_every_exercise_cites_a_seed_file_or_a_study(bundled: Catalogue) -> None:
    for e in bundled:
        assert any(SEED_FILE.match(s) or STUDY.search(s) for s in e.sources), e.id


def test_bundled_catalogue_covers_every_function_and_level_with_basic_equipment(bundled: Catalogue) -> None:
    for f in Function:
        for level in (1, 2, 3):
            assert bundled.filter(f, level, [Equipment.band]), (f, level)


def test_bundled_ladders_are_consistent(bundled: Catalogue) -> None:
    for e in bundled:
        for tid in e.progresses_to:
            assert bundled.get(tid).level == e.level + 1
        for tid in e.regresses_to:
            assert bundled.get(tid).level == e.level - 1


# ---------------------------------------------------------------- minimal valid fixture


def test_minimal_valid_catalogue_loads() -> None:
    cat = load_catalogue(MINIMAL, use_cache=False)
    assert [e.id for e in cat] == ["low", "mid", "high"]
    assert cat.get("mid").equipment == [Equipment.band]  # a band counts as basic equipment
    for f in Function:
        for level in (1, 2, 3):
            assert cat.filter(f, level), (f, level)


@pytest.mark.parametrize("drop", ["low", "mid", "high"])
def test_minimal_valid_catalogue_is_minimal(tmp_path: Path, drop: str) -> None:
    """Without any one of its three exercises the minimal catalogue is no longer valid."""
    import yaml

    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    data["exercises"] = [e for e in data["exercises"] if e["id"] != drop]
    for e in data["exercises"]:
        e["progresses_to"] = [x for x in e.get("progresses_to", []) if x != drop]
        e["regresses_to"] = [x for x in e.get("regresses_to", []) if x != drop]
    p = tmp_path / "smaller.yaml"
    p.write_text(yaml.safe_dump(data), encoding="utf-8")
    problems = problems_of(p)
    assert problems and all("no level-" in m for m in problems)


def test_bare_list_of_exercises_is_accepted(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    p = tmp_path / "bare.yaml"
    p.write_text(yaml.safe_dump(data["exercises"]), encoding="utf-8")
    assert len(load_catalogue(p, use_cache=False)) == 3


# ---------------------------------------------------------------- one failing fixture per rule

RULES: dict[str, list[tuple[int, str, str]]] = {
    # fixture: [(line, field, message or the start of it), ...] in the order reported; "" where
    # the message is pydantic's or PyYAML's (their phrasing changes between versions)
    "duplicate_id.yaml": [(34, "low.id", "duplicate id (first used at line 4)")],
    "unknown_progression.yaml": [
        (17, "low.progresses_to", "unknown exercise id 'midd' (did you mean mid?)"),
        (38, "high.regresses_to", "unknown exercise id 'nowhere'"),
    ],
    "wrong_level_progression.yaml": [
        (15, "low.progresses_to", "high is level 3; it must be one level up (level 2)"),
        (28, "mid.progresses_to", "mid-b is level 2; it must be one level up (level 3)"),
    ],
    "wrong_level_regression.yaml": [
        (15, "low.regresses_to", "a level-1 exercise has no lower level to regress to"),
        (36, "high.regresses_to", "low is level 1; it must be one level down (level 2)"),
    ],
    "missing_coverage.yaml": [
        (4, "exercises", "no level-3 exercise for abduction that needs only body weight or a band"),
        (4, "exercises", "no level-3 exercise for external_rotation that needs only body weight or a band"),
        (4, "exercises", "no level-2 exercise for internal_rotation that needs only body weight or a band"),
        (4, "exercises", "no level-3 exercise for internal_rotation that needs only body weight or a band"),
        (4, "exercises", "no level-3 exercise for stabilization that needs only body weight or a band"),
    ],
    "unordered_range.yaml": [
        (14, "low.dose.reps", "range is not ordered: 15 > 10"),
        (27, "mid.dose.hold_seconds", "range is not ordered: 30 > 20"),
    ],
    "unknown_key.yaml": [
        (4, "title", "unknown key (expected catalogue_version, exercises)"),
        (15, "low.descripton", "unknown key"),
        (27, "mid.dose.repetitions", "unknown key"),
    ],
    "bad_enum.yaml": [
        (7, "low.functions[4]", ""),
        (21, "mid.equipment[1]", ""),
    ],
    "bad_id.yaml": [
        (4, "Low_Level.id", "id 'Low_Level' is not kebab-case"),
        (35, "side--lying.id", "id 'side--lying' is not kebab-case"),
    ],
    "no_reps_or_hold.yaml": [(21, "mid.dose", "a dose needs reps, hold_seconds or both")],
    "many_problems.yaml": [
        (15, "low.progresses_to", "unknown exercise id 'mdi'"),
        (19, "mid.level", ""),
        (23, "mid.dose.hold_seconds", "range is not ordered: 30 > 20"),
        (26, "high.name", "required field is missing"),
        (29, "high.position", ""),
        (36, "high.id", "duplicate id (first used at line 26)"),
        (46, "high.regresses_to", "low is level 1; it must be one level down (level 2)"),
    ],
    "syntax_error.yaml": [(13, "(syntax)", "")],
    "empty.yaml": [(1, "(document)", "the file is empty")],
    "not_a_mapping.yaml": [(4, "(document)", "expected a mapping with an `exercises:` list")],
    "wrong_version.yaml": [(2, "catalogue_version", "version 2 is not supported by glute")],
}


def test_every_fixture_has_a_rule() -> None:
    on_disk = {p.name for p in CATALOGUES.glob("*.yaml")} - {MINIMAL.name}
    assert on_disk == set(RULES)


@pytest.mark.parametrize("name", sorted(RULES))
def test_rule_fixture_fails_with_file_line_field_message(name: str) -> None:
    path = CATALOGUES / name
    problems = problems_of(path)
    expected = RULES[name]
    assert len(problems) == len(expected), "\n".join(problems)
    for problem, (line, field, message) in zip(problems, expected, strict=True):
        assert problem.startswith(f"{path}:{line}: {field}: {message}"), problem
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == sorted(lines)


def test_validation_failed_message_lists_every_problem() -> None:
    with pytest.raises(ValidationFailed) as info:
        load_catalogue(CATALOGUES / "many_problems.yaml", use_cache=False)
    err = info.value
    head, *rest = err.message.splitlines()
    assert head == f"{CATALOGUES / 'many_problems.yaml'}: 7 problems"
    assert rest == err.problems
    assert err.hint and "glute catalogue check" in err.hint


def test_coverage_counts_only_band_or_body_weight(tmp_path: Path) -> None:
    # Make every level-3 rotation exercise of the bundled catalogue need a dumbbell.
    text = bundled_catalogue().read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for ident in ("hip-airplane", "supported-hip-airplane", "banded-single-leg-turn-out", "banded-single-leg-turn-in"):
        start = line_of(text, f"  - id: {ident}")
        eq = line_of(text, "    equipment: ", start)
        lines[eq - 1] = "    equipment: [dumbbell]\n"
    p = tmp_path / "no-basic-rotation.yaml"
    p.write_text("".join(lines), encoding="utf-8")
    at = text.splitlines().index("exercises:") + 1
    assert problems_of(p) == [
        f"{p}:{at}: exercises: no level-3 exercise for {f} that needs only body weight or a band "
        "(every function needs one at each level so a plan is always possible)"
        for f in ("external_rotation", "internal_rotation")
    ]


def test_duplicate_id_in_the_bundled_catalogue(tmp_path: Path) -> None:
    p, text = mutate(tmp_path, "  - id: banded-clamshell\n", "  - id: clamshell\n")
    first = line_of(text, "  - id: clamshell")
    second = line_of(text, "  - id: clamshell", first + 1)
    problems = problems_of(p)
    assert f"{p}:{second}: clamshell.id: duplicate id (first used at line {first})" in problems
    # banded-clamshell is now gone, so ladders pointing at it are reported too, each on its line.
    assert any(": horse-stance.regresses_to: unknown exercise id 'banded-clamshell'" in m for m in problems)


def test_progression_to_an_invalid_entry_is_not_reported_twice(tmp_path: Path) -> None:
    # horse-stance is broken (bad level); entries pointing at it must not also say "unknown id".
    text = bundled_catalogue().read_text(encoding="utf-8")
    start = line_of(text, "  - id: horse-stance")
    lvl = line_of(text, "    level: 2", start)
    lines = text.splitlines(keepends=True)
    lines[lvl - 1] = "    level: two\n"
    p = tmp_path / "bad-level.yaml"
    p.write_text("".join(lines), encoding="utf-8")
    problems = problems_of(p)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{p}:{lvl}: horse-stance.level: ")


# ---------------------------------------------------------------- lookups


def test_get_by_id_name_and_alias(bundled: Catalogue) -> None:
    assert bundled.get("clamshell").id == "clamshell"
    assert bundled.get("Banded clamshell").id == "banded-clamshell"
    assert bundled.get("  BANDED CLAMSHELL ").id == "banded-clamshell"
    assert bundled.get("monster walk").id == "banded-lateral-walk"
    assert bundled.get("Single-Leg RDL").id == "single-leg-romanian-deadlift"


def test_get_unknown_id_suggests_the_closest(bundled: Catalogue) -> None:
    with pytest.raises(NotFoundError) as info:
        bundled.get("clamshel")
    err = info.value
    assert err.exit_code == EXIT_BAD_INPUT
    assert err.message == "no exercise with id 'clamshel'"
    assert err.hint is not None
    assert err.hint.startswith("did you mean clamshell")
    with pytest.raises(NotFoundError) as info:
        bundled.get("side-plank-hip-abduciton")
    assert info.value.hint is not None and "side-plank-hip-abduction" in info.value.hint


def test_get_unknown_id_without_a_close_match_points_at_the_list(bundled: Catalogue) -> None:
    with pytest.raises(NotFoundError) as info:
        bundled.get("xyzzy")
    assert info.value.hint == "list them with: glute exercises"


def test_filter(bundled: Catalogue) -> None:
    assert len(bundled.filter()) == len(bundled)
    ir = bundled.filter(Function.internal_rotation)
    assert ir and all(Function.internal_rotation in e.functions for e in ir)
    assert {"reverse-clamshell", "hip-airplane"} <= {e.id for e in ir}
    level3 = bundled.filter(level=3)
    assert level3 and {e.level for e in level3} == {3}
    body_weight = bundled.filter(equipment=[])
    assert body_weight and all(e.equipment == [] for e in body_weight)
    assert "clamshell" in {e.id for e in body_weight}
    assert "banded-clamshell" not in {e.id for e in body_weight}
    band = {e.id for e in bundled.filter(equipment=[Equipment.band])}
    assert {"clamshell", "banded-clamshell"} <= band
    assert "lateral-step-down" not in band  # needs a step
    both = bundled.filter(Function.abduction, 2, [Equipment.band])
    assert [e.id for e in both] == [
        e.id for e in bundled if Function.abduction in e.functions and e.level == 2 and set(e.equipment) <= {Equipment.band}
    ]
    assert bundled.filter(Function.abduction, 1, [Equipment.abduction_machine]) == [
        e for e in bundled if Function.abduction in e.functions and e.level == 1 and not e.equipment
    ]


def test_filter_equipment_none_means_body_weight_only(bundled: Catalogue) -> None:
    assert bundled.filter(equipment=None) == bundled.exercises
    assert len(bundled.filter(equipment=[])) < len(bundled)


def test_ladder(bundled: Catalogue) -> None:
    assert bundled.ladder("clamshell") == [["clamshell"], ["horse-stance"], ["hip-airplane"]]
    rungs = bundled.ladder("horse-stance")
    assert rungs[1] == ["horse-stance"]
    assert set(rungs[0]) == set(bundled.get("horse-stance").regresses_to)
    assert rungs[2] == bundled.get("horse-stance").progresses_to
    assert bundled.ladder("monster walk")[1] == ["banded-lateral-walk"]  # by alias too


def test_ladder_of_the_minimal_catalogue() -> None:
    cat = load_catalogue(MINIMAL, use_cache=False)
    assert cat.ladder("low") == cat.ladder("mid") == cat.ladder("high") == [["low"], ["mid"], ["high"]]


def test_ladder_unknown_id(bundled: Catalogue) -> None:
    with pytest.raises(NotFoundError):
        bundled.ladder("nope")


# ---------------------------------------------------------------- the JSON cache


def copy_minimal(tmp_path: Path) -> Path:
    p = tmp_path / "cat.yaml"
    shutil.copyfile(MINIMAL, p)
    return p


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*a: object, **k: object) -> None:
        raise AssertionError("the YAML was parsed: the cache was not used")

    monkeypatch.setattr(yamlio, "parse", boom)


def count_parsing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = yamlio.parse

    def counting(*a, **k):
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(yamlio, "parse", counting)
    return calls


def cache_file(path: Path) -> Path:
    cf, _ = catalogue._cache_file(path)
    assert cf is not None
    return cf


def test_second_load_uses_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_in_tmp: Path) -> None:
    p = copy_minimal(tmp_path)
    first = load_catalogue(p)
    assert cache_file(p).is_file()
    assert cache_file(p).parent == cache_in_tmp
    catalogue._MEMO.clear()
    forbid_parsing(monkeypatch)
    second = load_catalogue(p)
    assert second is not first
    assert second.exercises == first.exercises
    assert second.source == first.source
    # use_cache=False always reads the file.
    with pytest.raises(AssertionError, match="was parsed"):
        load_catalogue(p, use_cache=False)


def test_bundled_catalogue_round_trips_through_the_cache(monkeypatch: pytest.MonkeyPatch, bundled: Catalogue) -> None:
    load_catalogue(bundled_catalogue())
    catalogue._MEMO.clear()
    forbid_parsing(monkeypatch)
    assert load_catalogue(bundled_catalogue()).exercises == bundled.exercises


def test_size_change_invalidates_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = copy_minimal(tmp_path)
    load_catalogue(p)
    st = p.stat()
    p.write_text(p.read_text(encoding="utf-8").replace("name: Low\n", "name: Lowest\n"), encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))  # same mtime: only the size tells
    catalogue._MEMO.clear()
    calls = count_parsing(monkeypatch)
    assert load_catalogue(p).get("low").name == "Lowest"
    assert calls == [1]


def test_mtime_change_invalidates_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = copy_minimal(tmp_path)
    load_catalogue(p)
    st = p.stat()
    p.write_text(p.read_text(encoding="utf-8").replace("name: Low\n", "name: Lol\n"), encoding="utf-8")
    assert p.stat().st_size == st.st_size
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))  # only the mtime tells
    catalogue._MEMO.clear()
    calls = count_parsing(monkeypatch)
    assert load_catalogue(p).get("low").name == "Lol"
    assert calls == [1]


def test_a_broken_edit_is_reported_not_hidden_by_the_cache(tmp_path: Path) -> None:
    p = copy_minimal(tmp_path)
    load_catalogue(p)
    p.write_text(p.read_text(encoding="utf-8").replace("level: 2", "level: 5"), encoding="utf-8")
    catalogue._MEMO.clear()
    with pytest.raises(ValidationFailed, match=r"mid\.level"):
        load_catalogue(p)


@pytest.mark.parametrize("garbage", [b"", b"not json at all", b'"wrong key"\n[]', None])
def test_corrupted_cache_is_ignored_and_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, garbage: bytes | None) -> None:
    p = copy_minimal(tmp_path)
    good = load_catalogue(p)
    cf = cache_file(p)
    valid = cf.read_bytes()
    # None: the right key line with a truncated body.
    cf.write_bytes(valid[: len(valid) // 2] if garbage is None else garbage)
    catalogue._MEMO.clear()
    calls = count_parsing(monkeypatch)
    assert load_catalogue(p).exercises == good.exercises
    assert calls == [1]
    assert cf.read_bytes() == valid  # rebuilt
    catalogue._MEMO.clear()
    forbid_parsing(monkeypatch)
    assert load_catalogue(p).exercises == good.exercises


def test_unwritable_cache_folder_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("GLUTE_CACHE_DIR", str(blocker / "cache"))
    p = copy_minimal(tmp_path)
    assert len(load_catalogue(p)) == 3
    assert not (blocker / "cache").exists()


def test_cache_leaves_no_temp_files(tmp_path: Path, cache_in_tmp: Path) -> None:
    load_catalogue(copy_minimal(tmp_path))
    names = [x.name for x in cache_in_tmp.iterdir()]
    assert len(names) == 1 and names[0].startswith("catalogue-") and names[0].endswith(".json")


def test_every_two_legged_exercise_says_which_leg_left_means(bundled: Catalogue) -> None:
    # Both legs work (not one-sided), or one-sided with a second leg loaded (side planks,
    # split stance, stepping, bridging): the plan's side column needs to say which is "left".
    from glutecli.models import Position

    two_legged = {Position.side_plank, Position.split_stance}
    for e in bundled:
        if not e.unilateral or e.position in two_legged:
            assert e.left_means, e.id


# ---------------------------------------------------------------- errors by line, whatever the file's form


def test_json_catalogue_error_reports_its_line(tmp_path: Path) -> None:
    import json

    import yaml

    data = yaml.safe_load(bundled_catalogue().read_text(encoding="utf-8"))
    data["exercises"][3]["dose"]["sets"] = [3, 1]
    data["exercises"][7]["colour"] = "blue"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    rows = text.splitlines()
    first = next(i for i, row in enumerate(rows, 1) if f'"id": "{data["exercises"][3]["id"]}"' in row)
    sets = next(i for i, row in enumerate(rows[first:], first + 1) if '"sets": [' in row)
    colour = next(i for i, row in enumerate(rows, 1) if '"colour": "blue"' in row)
    f = tmp_path / "c.json"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationFailed) as info:
        load_catalogue(f, use_cache=False)
    problems = info.value.problems
    assert any(p.startswith(f"{f}:{sets}: {data['exercises'][3]['id']}.dose.sets: ") and "not ordered" in p for p in problems), problems
    assert any(p.startswith(f"{f}:{colour}: {data['exercises'][7]['id']}.colour: unknown key") for p in problems), problems


def test_bare_list_catalogue_error_lines(tmp_path: Path) -> None:
    import json

    import yaml

    body = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))["exercises"]
    body[1]["level"] = 7
    for name, out in (("c.yaml", yaml.safe_dump(body, sort_keys=False)), ("c.json", json.dumps(body, indent=2))):
        line = next(i for i, row in enumerate(out.splitlines(), 1) if "level" in row and "7" in row)
        f = tmp_path / name
        f.write_text(out, encoding="utf-8")
        with pytest.raises(ValidationFailed) as info:
            load_catalogue(f, use_cache=False)
        assert any(p.startswith(f"{f}:{line}: mid.level: ") for p in info.value.problems), info.value.problems


def test_exercises_json_from_the_cache_equals_the_validated_exercises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from glutecli.present.json import dumps, exercise_dict, exercises_doc

    monkeypatch.setenv("GLUTE_CACHE_DIR", str(tmp_path / "cache"))
    path = bundled_catalogue()
    load_catalogue(path)  # writes the cache
    catalogue._MEMO.clear()
    cached = load_catalogue(path)
    assert type(cached.exercises[0]).__name__ == "LazyExercise"
    full = load_catalogue(path, use_cache=False)
    for a, b in zip(cached.exercises, full.exercises, strict=True):
        assert exercise_dict(a) == exercise_dict(b), a.id
    assert dumps(exercises_doc(cached.exercises, "c")) == dumps(exercises_doc(full.exercises, "c"))
    ex = cached.exercises[0]  # validated now (its JSON is then dropped): the model's dump, the same again
    assert ex.cues and exercise_dict(ex) == exercise_dict(full.exercises[0])


def test_planner_pools_are_kept_per_plan() -> None:
    import datetime as dt

    from glutecli import assess
    from glutecli.planner import PlanOptions, build_plan

    a = assess.score(assess.example_answers(), today=dt.date(2026, 11, 21))
    opts = PlanOptions(weeks=4, start=dt.date(2026, 11, 23))
    bundled = load_catalogue(bundled_catalogue(), use_cache=False)
    renamed = Catalogue(
        [
            e.model_copy(update={"id": "x-" + e.id, "progresses_to": ["x-" + i for i in e.progresses_to], "regresses_to": ["x-" + i for i in e.regresses_to]})
            for e in bundled
        ]
    )
    first = build_plan(a, bundled, opts)
    other = build_plan(a, renamed, opts)
    ids = {e.id for w in other.weeks for s in w.sessions for e in s.exercises}
    assert ids and all(i.startswith("x-") for i in ids)  # nothing from the other catalogue's plan
    assert build_plan(a, bundled, opts) == first
