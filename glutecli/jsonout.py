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
