"""JSON output: the ``theodoi.plan/1`` shape (docs/plan.schema.json), UTF-8 text, not ASCII-escaped."""

from __future__ import annotations

import json

from theodoi.parsing.plan import Plan


def to_json(plan: Plan) -> str:
    return json.dumps(plan.to_dict(), ensure_ascii=False, indent=2) + "\n"
