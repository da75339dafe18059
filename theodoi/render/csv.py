"""CSV output: one row per task, UTF-8 with a byte-order mark so that Excel reads Vietnamese correctly."""

from __future__ import annotations

import csv
import io
from datetime import date

from theodoi.parsing.plan import Plan
from theodoi.render._rows import TASK_COLUMNS, Cell, dmy, task_rows

BOM = "\ufeff"


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return dmy(value)
    return str(value)


def to_csv(plan: Plan) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for header, _, _ in TASK_COLUMNS])
    for row in task_rows(plan):
        writer.writerow([_text(value) for value in row])
    return BOM + buffer.getvalue()
