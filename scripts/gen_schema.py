"""Regenerate glutecli/schemas/plan.schema.json from the Plan model (run after changing the contract)."""

from __future__ import annotations

import json
from pathlib import Path

from glutecli.models import Plan

OUT = Path(__file__).resolve().parent.parent / "glutecli" / "schemas" / "plan.schema.json"


def plan_schema() -> dict:
    schema = Plan.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://glute.invalid/schemas/plan.schema.json"
    schema["title"] = "glute plan (schema_version 2)"
    schema["properties"] = {"kind": {"const": "plan"}, **schema["properties"]}
    schema["required"] = sorted({"kind", "schema_version", *schema.get("required", [])})
    return schema


if __name__ == "__main__":
    OUT.write_text(json.dumps(plan_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
