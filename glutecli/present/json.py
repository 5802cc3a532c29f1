"""Versioned JSON documents for `--format json` (no rich, no typer: fast and pipe-friendly)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from ..models import SCHEMA_VERSION

if TYPE_CHECKING:
    from ..catalogue import Catalogue, LazyExercise
    from ..logbook import LogResult
    from ..models import Assessment, DoctorReport, Exercise, Plan, Progress
    from ..today import SessionView, TodayView

Doc = dict[str, Any]


def _default(o: Any) -> Any:
    if hasattr(o, "model_dump"):
        return o.model_dump(mode="json")
    if isinstance(o, dt.date):
        return o.isoformat()
    if isinstance(o, Enum):
        return o.value
    if isinstance(o, set | frozenset):
        return sorted(o)
    raise TypeError(f"cannot serialise {type(o).__name__}")


def dumps(doc: Any) -> str:
    """Indented JSON, UTF-8 as written. pydantic-core's serialiser writes the same text as
    `json.dumps(indent=2, ensure_ascii=False)` (only floats below 1e-4 are spelt 0.00001, not 1e-05)
    6x faster: json.dumps with indent falls back to pure Python."""
    try:
        from pydantic_core import to_json
    except ImportError:  # pragma: no cover
        return json.dumps(doc, default=_default, indent=2, ensure_ascii=False)
    return to_json(doc, indent=2, fallback=_default).decode("utf-8")


def exercise_dict(ex: Exercise | LazyExercise) -> Doc:
    d: Doc
    if hasattr(type(ex), "json_dump"):  # from the catalogue cache: its JSON, not validated again
        d = cast("LazyExercise", ex).json_dump()
        d.pop("figure", None)
    else:
        d = ex.model_dump(mode="json", exclude={"figure"})
    for k in ("sets", "reps", "hold_seconds"):
        r = d["dose"][k]  # an IntRange as {"lo": .., "hi": ..}
        d["dose"][k] = None if r is None else [r["lo"], r["hi"]]
    d["mvic_percent"] = ex.mvic
    return d


def exercises_doc(exercises: Sequence[Exercise | LazyExercise], source: str) -> Doc:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "exercises",
        "catalogue": source,
        "count": len(exercises),
        "exercises": [exercise_dict(e) for e in exercises],
    }


def exercise_doc(ex: Exercise | LazyExercise, cat: Catalogue) -> Doc:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "exercise",
        "exercise": exercise_dict(ex),
        "ladder": cat.ladder(ex.id),
    }


# Optional keys of adapted plans, left out while unused: a plan made without a log is
# the same document as before they existed.
_ADAPTED_KEYS = {"plan": ("adaptation",), "week": ("program_week", "side_levels", "note"), "change": ("side",)}


def plan_doc(plan: Plan) -> Doc:
    """The plan contract (README, glutecli/schemas/plan.schema.json)."""
    d = plan.model_dump(mode="json")
    _drop_empty(d, _ADAPTED_KEYS["plan"])
    for w in d["weeks"]:
        _drop_empty(w, _ADAPTED_KEYS["week"])
        for ch in w["level_changes"]:
            _drop_empty(ch, _ADAPTED_KEYS["change"])
    return {"schema_version": d.pop("schema_version"), "kind": "plan", **d}


def _drop_empty(d: Doc, keys: tuple[str, ...]) -> None:
    for k in keys:
        if d.get(k) in (None, {}, []):
            d.pop(k, None)


def assessment_doc(a: Assessment) -> Doc:
    """One scored assessment (`glute assess --format json`, `--show`)."""
    d = a.model_dump(mode="json")
    return {"schema_version": d.pop("schema_version"), "kind": "assessment", **d}


def history_doc(profile: str, items: list[Assessment], changes: list[str]) -> Doc:
    """Past assessments, oldest first, and the change between the last two (`glute history --format json`)."""
    rows = []
    for a in items:
        rows.append(
            {
                "id": a.id,
                "date": a.date.isoformat(),
                "pain": a.answers.pain.now,
                "pain_areas": [x.value for x in a.answers.pain.areas],
                "acute_flare": a.answers.pain.acute_flare,
                "referred": a.referred,
                "verdicts": {r.function.value: r.verdict for r in a.functions},
                "start_levels": {r.function.value: r.start_level for r in a.functions},
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "history",
        "profile": profile,
        "count": len(items),
        "assessments": rows,
        "changes": {"from": items[-2].id, "to": items[-1].id, "items": changes} if len(items) >= 2 else None,
    }


# ---------------------------------------------------------------- log, progress, doctor, today


def log_doc(result: LogResult) -> Doc:
    """`glute log --format json`: the stored log and what it changed in the plan."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "log",
        "profile": result.profile,
        "recorded": result.what,
        "replaced": result.replaced,
        "log": result.log.model_dump(mode="json", exclude={"schema_version"}),
        "decisions": [d.model_dump(mode="json") for d in result.decisions],
        "next_session": result.next_session.model_dump(mode="json") if result.next_session else None,
        "refer": list(result.refer),
        "urgent": result.urgent,  # signs of cauda equina: same-day emergency care
        "notes": list(result.notes),
    }


def progress_doc(progress: Progress) -> Doc:
    """`glute progress --format json`: the same figures as the table."""
    return {"schema_version": SCHEMA_VERSION, "kind": "progress", **progress.model_dump(mode="json")}


def doctor_doc(report: DoctorReport) -> Doc:
    """`glute doctor --format json`."""
    return {"schema_version": SCHEMA_VERSION, "kind": "doctor", **report.model_dump(mode="json")}


def _session_doc(v: SessionView | None) -> Doc | None:
    if v is None:
        return None
    exercises = []
    for it in v.items:
        # Schema 2: one entry per exercise (its sets per side); a side trained apart keeps its own.
        for p in [it.main, *(x for x in it.extras if not it.main.sets_by_side)]:
            d = p.model_dump(mode="json")
            d["cues"] = list(it.cues)
            exercises.append(d)
    return {
        "date": v.session.date.isoformat(),
        "weekday": v.session.weekday,
        "week": v.week.number,
        "phase": v.week.phase,
        "session": v.index,
        "sessions_in_week": v.count,
        # The plan document's session fields: estimated minutes (warm-up included), the warm-up,
        # the carry-over cue; rest and tempo as the session's exercises state them.
        "minutes": v.session.minutes,
        "rest_seconds": next((p.rest_seconds for p in v.session.exercises if p.rest_seconds), None),
        "tempo": next((p.tempo for p in v.session.exercises if p.tempo), None),
        "warmup": list(v.session.warmup),
        "carry_over": v.session.carry_over,
        "exercises": exercises,
    }


def today_doc(view: TodayView) -> Doc:
    """`glute today --format json`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "today",
        "date": view.date.isoformat(),
        "status": view.status,
        "message": view.message,
        "session": _session_doc(view.session),
        "next_session": _session_doc(view.next),
    }
