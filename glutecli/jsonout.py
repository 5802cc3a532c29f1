"""Versioned JSON documents for `--format json` (no rich, no typer: fast and pipe-friendly)."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import Any

from .models import SCHEMA_VERSION


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
    return json.dumps(doc, default=_default, indent=2, ensure_ascii=False)


def exercise_dict(ex: Any) -> dict:
    d = ex.model_dump(mode="json", exclude={"figure"})
    d["dose"]["sets"] = [ex.dose.sets.lo, ex.dose.sets.hi]
    for k in ("reps", "hold_seconds"):
        r = getattr(ex.dose, k)
        d["dose"][k] = None if r is None else [r.lo, r.hi]
    d["mvic_percent"] = ex.mvic
    return d


def exercises_doc(exercises: list, source: str) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "exercises",
        "catalogue": source,
        "count": len(exercises),
        "exercises": [exercise_dict(e) for e in exercises],
    }


def exercise_doc(ex: Any, cat: Any) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "exercise",
        "exercise": exercise_dict(ex),
        "ladder": cat.ladder(ex.id),
    }


def plan_doc(plan: Any) -> dict:
    """The plan contract (README, glutecli/schemas/plan.schema.json)."""
    d = plan.model_dump(mode="json")
    return {"schema_version": d.pop("schema_version"), "kind": "plan", **d}


def assessment_doc(a: Any) -> dict:
    """One scored assessment (`glute assess --format json`, `--show`)."""
    d = a.model_dump(mode="json")
    return {"schema_version": d.pop("schema_version"), "kind": "assessment", **d}


def history_doc(profile: str, items: list, changes: list[str]) -> dict:
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
