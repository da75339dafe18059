"""The consolidated report of a plan as a file to hand to someone: .docx, its PDF copy, or the register
workbook (.xlsx), with its file name and media type. For the people who see every agency's results
(administrators, coordinators, leaders): an officer's view is its own agency's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from theodoi.domain.periods import parse_period
from theodoi.errors import Invalid
from theodoi.services import views
from theodoi.services.accounts import Principal
from theodoi.services.excel_export import register_workbook
from theodoi.services.pdf_copy import to_pdf
from theodoi.services.permissions import require
from theodoi.services.report_docx import consolidated_docx
from theodoi.services.workspace import Workspace
from theodoi.text import fold

MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass(frozen=True)
class ReportFile:
    data: bytes
    filename: str
    media_type: str


def current_quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def report_periods(day: date) -> list[tuple[str, str]]:
    """(code, label) of the periods a consolidated report is usually asked for around ``day``: this
    quarter and the four before, the half-year, nine months and the year."""
    quarter = parse_period(current_quarter(day))
    found = []
    for _ in range(5):
        found.append((quarter.code, quarter.label))
        quarter = quarter.previous()
    for code in (f"{day.year}-H1", f"{day.year}-9M", f"{day.year}", f"{day.year - 1}"):
        found.append((code, parse_period(code).label))
    return found


def report_file(ws: Workspace, principal: Principal, *, plan_id: int, period: str, fmt: str = "docx",
                on: date | None = None, agency_id: int | None = None) -> ReportFile:
    """The plan's consolidated report, or with ``agency_id`` that agency's own report (an officer: its
    own agency's only)."""
    if agency_id is None:
        require(principal, "consolidate")
    else:
        require(principal, "read-report", agency_id=agency_id)
    if fmt not in MEDIA:
        raise Invalid(f"định dạng '{fmt}' không có; dùng: {', '.join(MEDIA)} (unknown format)")
    plan = views.plan(ws, principal, plan_id)
    wanted = parse_period(period)
    if fmt == "xlsx":
        if agency_id is not None:
            raise Invalid("báo cáo của một cơ quan có dạng .docx hoặc .pdf (an agency's report is a document)")
        data = register_workbook(ws, plan=str(plan_id), on=on)
    else:
        data = consolidated_docx(ws, plan=plan_id, period=wanted.code, on=on, agency=agency_id)
        if fmt == "pdf":
            data = to_pdf(data)
    who = f" co quan {agency_id}" if agency_id is not None else ""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(f"bao cao {plan['number'] or plan_id}{who} {wanted.code}")).strip("-")
    return ReportFile(data, f"{stem}.{fmt}", MEDIA[fmt])
