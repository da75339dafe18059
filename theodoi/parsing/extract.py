"""Stage 4, extract (stub)."""
from __future__ import annotations

from theodoi.parsing.plan import Plan
from theodoi.parsing.segment import Outline


def extract(outline: Outline) -> Plan:
    return Plan(document=outline.info)
