"""Excel in: the report sheets of :mod:`theodoi.services.excel_export`, filled by an agency, read back
(docs/excel.md).

The contract: a file that is not an .xlsx, not our template or of another template version is refused
whole. Every row is checked and every problem is returned as a :class:`RowError` (row, column heading,
message; a message never repeats what the cell holds). A row without a status is blank and skipped; a
row whose values are those of the stored report is unchanged and skipped. Nothing is written unless
``apply`` is given and no row has an error; then all rows are written in one transaction, each as a
report submission (with its audit event), plus one audit event for the batch.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.domain.dates import parse_day
from theodoi.domain.periods import Period, parse_period
from theodoi.errors import CorruptDocument, DocumentTooLarge, Invalid, TheodoiError, UnsupportedFormat
from theodoi.services import audit
from theodoi.services import excel_export as form
from theodoi.services.obligations import obligations
from theodoi.services.reports import (
    DONE,
    STATUS_LABELS,
    ReportInput,
    parse_status,
    retrying,
    submit_in_session,
)
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, PeriodLock, ProgressReport
from theodoi.text import clean, fold

MAX_UNPACKED_RATIO = 20  # an .xlsx that unpacks to more than this many times the upload limit is refused


@dataclass(frozen=True)
class RowError:
    row: int  # the row number Excel shows
    column: str | None  # the column heading; None when the whole row is at fault
    message: str


@dataclass(frozen=True)
class RowResult:
    row: int
    plan_id: int
    task_key: str
    assignment_id: int
    status: str  # the report status code
    action: str  # new | update | resubmit | unchanged


@dataclass
class ReportImport:
    rows: list[RowResult]
    errors: list[RowError]
    applied: int  # reports written (0 on a dry run or when a row has an error)
    agency_id: int = 0
    agency: str = ""
    period: str = ""  # code
    period_label: str = ""
    blank: int = 0  # rows without a status, skipped
    dry_run: bool = True


@dataclass
class _Row:
    row: int
    assignment_id: int
    task_id: int
    version: int | None
    data: ReportInput
    plan_id: int = 0
    task_key: str = ""
    action: str = ""


@dataclass
class _Sheet:
    agency_id: int
    period: Period
    plan_ids: list[int]
    rows: list[_Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    blank: int = 0


class _Rollback(Exception):
    """Ends the write transaction without committing (a dry run, or rows refused by the store)."""


def import_reports(ws: Workspace, data: bytes, *, apply: bool = False) -> ReportImport:
    """Check a filled report sheet and, with ``apply``, write all its rows or none."""
    sheet = _read(ws, data)
    with ws.read() as session:
        agency = session.get(Agency, sheet.agency_id)
        if agency is None:
            raise UnsupportedFormat("biểu mẫu ghi một cơ quan không có trong hệ thống "
                                    "(the sheet's agency is unknown)")
        name = agency.full_name
        if not sheet.errors:
            _check_against_store(ws, session, sheet, name)
    result = ReportImport([], sorted(sheet.errors, key=lambda e: e.row), 0, sheet.agency_id, name,
                          sheet.period.code, sheet.period.label, sheet.blank, not apply)
    if result.errors:
        return result
    result.rows = [RowResult(r.row, r.plan_id, r.task_key, r.assignment_id, r.data.status, r.action)
                   for r in sheet.rows]
    todo = [r for r in sheet.rows if r.action != "unchanged"]
    if not todo:
        return result
    digest, code = hashlib.sha256(data).hexdigest(), sheet.period.code

    def work(session: Session) -> int:
        errors: list[RowError] = []
        for r in todo:
            try:
                report = submit_in_session(ws, session, r.task_id, sheet.agency_id, code, r.data, r.version, [])
            except TheodoiError as exc:
                errors.append(RowError(r.row, None, exc.message))
                continue
            if report.assignment_id != r.assignment_id:
                errors.append(RowError(r.row, form.ASSIGNMENT, f"phân công của dòng này không còn hiệu lực; "
                                       f"{NEW_SHEET} (the row's assignment is no longer in force)"))
        if errors or not apply:
            raise _Rollback(errors)
        plans = sorted({r.plan_id for r in todo})
        audit.record(session, actor=ws.actor, action="reports.import", entity="agency",
                     entity_id=sheet.agency_id, plan_id=plans[0] if len(plans) == 1 else None, at=ws.now(),
                     after={"period": code, "rows": len(todo), "plans": plans, "sha256": digest,
                            "template": form.TEMPLATE, "template_version": form.TEMPLATE_VERSION})
        return len(todo)

    try:
        result.applied = retrying(ws, work)
    except _Rollback as stop:
        result.errors = stop.args[0]
    return result


# --- Reading the file -----------------------------------------------------------------------------------
NOT_OURS = "tệp không phải biểu mẫu báo cáo của theodoi (not a theodoi report sheet)"
NOT_XLSX = "tệp không phải bảng tính Excel .xlsx (not an .xlsx file)"
NEW_SHEET = "hãy xuất biểu mẫu mới"


def _read(ws: Workspace, data: bytes) -> _Sheet:
    book = _open(data, ws.settings.import_max_mb)
    if form.META_SHEET not in book.sheetnames:
        raise UnsupportedFormat(NOT_OURS)
    rows = book[form.META_SHEET].iter_rows(max_col=2, values_only=True)
    meta = {str(row[0]).strip(): row[1] for row in rows if row[0] is not None}
    if meta.get("template") != form.TEMPLATE:
        raise UnsupportedFormat(NOT_OURS)
    version, expected = _whole(meta.get("version")), form.TEMPLATE_VERSION
    if version != expected:
        shown = "không rõ" if version is None else str(version)
        raise UnsupportedFormat(f"mẫu phiên bản {shown}, cần phiên bản {expected}; {NEW_SHEET} "
                                f"(template version {shown}, expected {expected})")
    agency_id, header_row = _whole(meta.get("agency_id")), _whole(meta.get("header_row"))
    plans = str(meta.get("plan_ids") or "").split(",")
    name = str(meta.get("sheet") or "")
    if (agency_id is None or header_row is None or name not in book.sheetnames
            or not all(p.strip().isdigit() for p in plans)):
        raise UnsupportedFormat(f"phần nhận dạng của biểu mẫu bị hỏng; {NEW_SHEET} "
                                "(the sheet's identity is damaged)")
    period = parse_period(str(meta.get("period") or ""))
    sheet = _Sheet(agency_id, period, [int(p) for p in plans])
    grid = book[name]
    _check_headings(grid, header_row)
    for row in range(header_row + 1, grid.max_row + 1):
        _read_row(grid, row, sheet, ws.today())
    return sheet


def _open(data: bytes, max_mb: float) -> Any:
    if len(data) > max_mb * 1024 * 1024:
        raise DocumentTooLarge(f"tệp lớn hơn {max_mb:g} MB (file too large)")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat("tệp Excel 97-2003 (.xls); hãy dùng biểu mẫu .xlsx xuất từ theodoi "
                                "(an old .xls file)")
    if not data.startswith(b"PK\x03\x04"):
        raise UnsupportedFormat(NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise CorruptDocument("tệp .xlsx bị hỏng (the .xlsx file is damaged)") from None
    if "xl/workbook.xml" not in names:
        raise UnsupportedFormat(NOT_XLSX)
    if unpacked > max_mb * 1024 * 1024 * MAX_UNPACKED_RATIO:
        raise DocumentTooLarge("tệp .xlsx giải nén quá lớn (the workbook unpacks too large)")
    try:
        return load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise CorruptDocument("tệp .xlsx bị hỏng, không đọc được (the .xlsx file cannot be read)") from None


def _check_headings(grid: Worksheet, header_row: int) -> None:
    for i, heading in enumerate(form.HEADINGS, start=1):
        found = grid.cell(row=header_row, column=i).value
        if clean(str(found or "")) != heading:
            raise UnsupportedFormat(f"cột {i} của biểu mẫu phải là '{heading}'; các cột đã bị thay đổi, "
                                    f"{NEW_SHEET} (the columns of the sheet were changed)")


def _read_row(grid: Worksheet, row: int, sheet: _Sheet, today: date) -> None:
    def cell(heading: str) -> Any:
        value = grid.cell(row=row, column=form.HEADINGS.index(heading) + 1).value
        return value.strip() if isinstance(value, str) else value

    errors: list[RowError] = []

    def fail(heading: str | None, message: str) -> None:
        errors.append(RowError(row, heading, message))

    status_text = cell(form.STATUS)
    if status_text in (None, ""):
        if any(cell(h) not in (None, "") for h in form.FILL if h not in (form.STATUS, form.ESCALATE)):
            fail(form.STATUS, "dòng có nội dung nhưng chưa chọn trạng thái (a status is needed)")
        else:
            sheet.blank += 1
        sheet.errors.extend(errors)
        return
    assignment, task, version = (_whole(cell(h)) for h in (form.ASSIGNMENT, form.TASK, form.VERSION))
    if assignment is None or task is None or (cell(form.VERSION) not in (None, "") and version is None):
        fail(form.ASSIGNMENT, "dòng không có mã phân công hợp lệ; chỉ điền vào các dòng của biểu mẫu "
                              "(not a row of the sheet)")
    status = _status(str(status_text), fail)
    percent = _percent(cell(form.PERCENT), fail)
    completed = _date(cell(form.COMPLETED), fail)
    escalate = _yes_no(cell(form.ESCALATE), fail)
    document = _text(cell(form.DOCUMENT)) or None
    _consistent(status, percent, completed, document, today, fail)
    sheet.errors.extend(errors)
    if errors or status is None or assignment is None or task is None:
        return
    data = ReportInput(status=status, percent=percent, result=_text(cell(form.RESULT)),
                       obstacles=_text(cell(form.OBSTACLES)), proposals=_text(cell(form.PROPOSALS)),
                       escalate=bool(escalate), output_document=document, completed_on=completed)
    sheet.rows.append(_Row(row, assignment, task, version, data))


def _consistent(status: str | None, percent: int | None, completed: date | None, document: str | None,
                today: date, fail: Any) -> None:
    """The checks of ``reports._validated``, made here so that they name their column."""
    if document is not None and (len(document) > 200 or not any(c.isdigit() for c in document)):
        fail(form.DOCUMENT, "số văn bản sản phẩm phải có số, ví dụ 125/QĐ-UBND, tối đa 200 ký tự "
                            "(a document number)")
    if status == "not_started" and percent:
        fail(form.PERCENT, "nhiệm vụ chưa thực hiện thì tỷ lệ hoàn thành là 0 (not started means 0%)")
    if completed is not None and status is not None and status not in DONE:
        fail(form.COMPLETED, "chỉ ghi ngày hoàn thành khi trạng thái là hoàn thành "
                             "(a completion date needs status done)")
    if completed is not None and completed > today:
        fail(form.COMPLETED, "ngày hoàn thành không thể sau hôm nay (the completion date is in the future)")


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _text(value: Any) -> str:
    return "" if value is None else clean(str(value))


def _status(text: str, fail: Any) -> str | None:
    try:
        return parse_status(text)
    except Invalid:
        labels = "; ".join(STATUS_LABELS.values())
        fail(form.STATUS, f"trạng thái không hợp lệ; chọn một trong: {labels} (unknown status)")
        return None


def _percent(value: Any, fail: Any) -> int | None:
    if value in (None, ""):
        return None
    number = _whole(value.removesuffix("%").strip() if isinstance(value, str) else value)
    if number is None or not 0 <= number <= 100:
        fail(form.PERCENT, "tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100 (a whole number 0-100)")
        return None
    return number


def _date(value: Any, fail: Any) -> date | None:
    if value in (None, ""):
        return None
    day: date | None = None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        try:
            day = from_excel(value).date()
        except (ValueError, OverflowError, AttributeError):
            day = None
    elif isinstance(value, str):
        try:
            day = parse_day(value)
        except Invalid:
            day = None
    if day is None or not form.EARLIEST <= day <= form.LATEST:
        fail(form.COMPLETED, "ngày hoàn thành không hợp lệ; ghi dd/mm/yyyy, ví dụ 30/9/2025 (a date)")
        return None
    return day


def _yes_no(value: Any, fail: Any) -> bool | None:
    if isinstance(value, bool) or value in (None, ""):
        return bool(value)
    folded = fold(str(value))
    if folded in (fold(form.YES), "x"):
        return True
    if folded == fold(form.NO):
        return False
    fail(form.ESCALATE, f"chỉ ghi {form.YES} hoặc {form.NO} (yes or no)")
    return None


# --- Checking against the register ----------------------------------------------------------------------
def _check_against_store(ws: Workspace, session: Session, sheet: _Sheet, agency: str) -> None:
    """Each row: an assignment the agency owes this period's report for, once; the period not locked;
    the stored report not accepted (unless the row leaves it as it is) nor changed since the export."""
    code = sheet.period.code
    owed = {o.assignment_id: o for o in obligations(ws, period=code, agency_ids=[sheet.agency_id],
                                                    plan_ids=sheet.plan_ids)}
    ids = [r.assignment_id for r in sheet.rows]
    reports = {r.assignment_id: r for r in session.scalars(select(ProgressReport).where(
        ProgressReport.assignment_id.in_(ids or [-1]), ProgressReport.period == code))}
    locked = set(session.scalars(select(PeriodLock.plan_id).where(
        PeriodLock.period == code, PeriodLock.plan_id.in_(sheet.plan_ids or [-1]))))
    seen: dict[int, int] = {}
    for r in sheet.rows:
        o = owed.get(r.assignment_id)
        if o is None or o.task_id != r.task_id:
            message = f"dòng này không thuộc các báo cáo {agency} phải nộp kỳ {sheet.period.label} (not owed)"
            sheet.errors.append(RowError(r.row, form.ASSIGNMENT, message))
            continue
        if r.assignment_id in seen:
            message = f"trùng với dòng {seen[r.assignment_id]} (a duplicate row)"
            sheet.errors.append(RowError(r.row, form.ASSIGNMENT, message))
            continue
        seen[r.assignment_id] = r.row
        r.plan_id, r.task_key = o.plan_id, o.task_key
        report = reports.get(r.assignment_id)
        r.action = _action(report, r.data)
        if r.action == "unchanged":
            continue
        problem = _refusal(report, r.version, o.plan_id in locked, sheet.period)
        if problem is not None:
            sheet.errors.append(RowError(r.row, None, problem))


def _action(report: ProgressReport | None, data: ReportInput) -> str:
    if report is None:
        return "new"
    if report.review_state == "returned":
        return "resubmit"
    done = data.status in DONE
    same_status = report.status == data.status or (report.status in DONE and done)
    percent = 100 if data.percent is None and done else data.percent
    stored = (report.percent, report.result, report.obstacles, report.proposals,
              report.output_document or None, report.completed_on, bool(report.escalated))
    given = (percent, data.result, data.obstacles, data.proposals, data.output_document, data.completed_on,
             data.escalate)
    return "unchanged" if same_status and stored == given and (not done or data.completed_on) else "update"


def _refusal(report: ProgressReport | None, version: int | None, locked: bool, period: Period) -> str | None:
    if locked:
        return f"kỳ {period.label} đã khóa sổ, không nhận báo cáo (the period is locked)"
    if report is None:
        return None if version is None else f"báo cáo của dòng này không còn; {NEW_SHEET} (report gone)"
    if report.review_state == "accepted":
        return f"báo cáo kỳ {period.label} đã được chấp nhận và khóa (the report is accepted and locked)"
    if version != report.version:
        return f"báo cáo đã được cập nhật sau khi xuất biểu mẫu; {NEW_SHEET} (changed since the export)"
    return None
