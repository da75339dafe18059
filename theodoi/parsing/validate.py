"""Stage 6, validate: the linter's findings (stub)."""
from __future__ import annotations

from theodoi.parsing.plan import Finding, Plan
from theodoi.parsing.segment import Outline


def validate(plan: Plan, outline: Outline) -> list[Finding]:
    return []
