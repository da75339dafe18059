"""The plan extractor: read → normalise → segment → extract → resolve → validate.

>>> from theodoi.parsing import parse_document
>>> plan = parse_document("ke-hoach.docx")
>>> plan.tasks[0].lead
"""

from __future__ import annotations

from theodoi.parsing.options import ParseOptions
from theodoi.parsing.pipeline import parse_document, parse_text
from theodoi.parsing.plan import Plan, Task

__all__ = ["ParseOptions", "Plan", "Task", "parse_document", "parse_text"]
