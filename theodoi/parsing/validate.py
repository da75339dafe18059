"""Stage 6, validate: the linter's findings on the extracted plan (defects of the draft)."""

from __future__ import annotations

from theodoi.parsing.lint import lint
from theodoi.parsing.plan import Finding, Plan
from theodoi.parsing.resolve import citations
from theodoi.parsing.segment import Outline


def validate(plan: Plan, outline: Outline) -> list[Finding]:
    return lint(plan, outline.body + outline.appendix, citations=citations(outline))
