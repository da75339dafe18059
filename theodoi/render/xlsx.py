"""Excel workbook (openpyxl): tasks, document, targets, cited documents and findings, one sheet each."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from theodoi.parsing.plan import Plan
from theodoi.render._rows import (
    FINDING_HEADERS,
    REFERENCE_HEADERS,
    TARGET_HEADERS,
    TASK_COLUMNS,
    Cell,
    document_rows,
    finding_row,
    reference_row,
    target_row,
    task_id,
    task_rows,
)

DATE_FORMAT = "dd/mm/yyyy"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 80


def _put(ws: Worksheet, row: int, column: int, value: Cell) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # never a formula, even when the text starts with "="
    else:
        cell.value = value
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    cell.alignment = WRAP


def _sheet(wb: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[int]) -> None:
    """A sheet with a styled, frozen header row, an autofilter and fixed column widths."""
    ws = wb.create_sheet(title)
    for column, header in enumerate(headers, start=1):
        _put(ws, 1, column, header)
        ws.cell(row=1, column=column).font = HEADER_FONT
        ws.cell(row=1, column=column).fill = HEADER_FILL
    for r, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _put(ws, r, column, value)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(width, MAX_WIDTH)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(len(rows) + 1, 1)}"


def _widths(headers: Sequence[str], rows: Sequence[Sequence[Cell]], floor: int = 8) -> list[int]:
    widths = [max(floor, len(h) + 2) for h in headers]
    for values in rows:
        for i, value in enumerate(values):
            size = 12 if isinstance(value, date) else len(str(value or "")) + 2
            widths[i] = max(widths[i], min(size, MAX_WIDTH))
    return widths


def to_xlsx(plan: Plan) -> bytes:
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    headers = [header for header, _, _ in TASK_COLUMNS]
    _sheet(wb, "Nhiệm vụ", headers, task_rows(plan), [width for _, width, _ in TASK_COLUMNS])
    info = [list(pair) for pair in document_rows(plan.document)]
    _sheet(wb, "Văn bản", ["Thông tin", "Giá trị"], info, [22, 80])
    targets = [target_row(t) for t in plan.plan_targets]
    targets += [target_row(t, task_id(task)) for task in plan.tasks for t in task.targets]
    _sheet(wb, "Chỉ tiêu", TARGET_HEADERS, targets, _widths(TARGET_HEADERS, targets))
    refs = [reference_row(r) for r in plan.references]
    _sheet(wb, "Văn bản trích dẫn", REFERENCE_HEADERS, refs, _widths(REFERENCE_HEADERS, refs))
    findings = [finding_row(f) for f in plan.findings]
    _sheet(wb, "Phát hiện", FINDING_HEADERS, findings, _widths(FINDING_HEADERS, findings))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
