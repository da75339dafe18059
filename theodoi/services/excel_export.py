"""Excel out: the register workbook (tasks, reports, reports owed) and the report sheet an agency fills
for one period (docs/excel.md). :mod:`theodoi.services.excel_import` reads the filled sheet back.

The report sheet is a template of its own, ``theodoi.report-sheet`` version :data:`TEMPLATE_VERSION`: a
very hidden sheet ``_theodoi`` names it, the agency, the period and the plans; hidden key columns
identify each row's assignment and task, and the version of the report the row was prefilled from.
Key cells and the title block are protected (no password: it prevents slips, it is not security).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from theodoi.domain.dates import format_day
from theodoi.domain.periods import parse_period
from theodoi.errors import NotFound
from theodoi.render.xlsx import DATE_FORMAT, HEADER_FILL, HEADER_FONT, WRAP
from theodoi.services import listing
from theodoi.services.agencies import find_agency
from theodoi.services.obligations import STATE_LABELS, Obligation, obligations
from theodoi.services.plans import find_plan
from theodoi.services.reports import STATUS_LABELS
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, PeriodLock, Plan, ProgressReport, Task

TEMPLATE = "theodoi.report-sheet"
TEMPLATE_VERSION = 1
META_SHEET = "_theodoi"
REPORT_SHEET = "Báo cáo tiến độ"
HEADER_ROW = 7  # the report sheet's header row; rows 1-5 are the title block
OWED_HORIZON_DAYS = 31  # the register's "Báo cáo phải nộp" also lists reports due within this many days
ROLE_LABELS = {"lead": "Chủ trì", "support": "Phối hợp"}
REVIEW_LABELS = {"submitted": "Đã gửi, chờ duyệt", "accepted": "Đã chấp nhận", "returned": "Bị trả lại"}
YES, NO = "Có", "Không"
FILL_IN = PatternFill("solid", fgColor="FFF2CC")  # the cells the agency fills
CLOSED = PatternFill("solid", fgColor="D9D9D9")  # rows that can no longer change (accepted, period locked)
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


@dataclass(frozen=True)
class Column:
    heading: str
    width: int
    number_format: str | None = None


# The report sheet's columns, in order. ``FILL`` are the agency's; ``KEYS`` are hidden.
STT, KH, REF, TEXT, ROLE, DEADLINE = "STT", "KH", "Mục", "Nội dung nhiệm vụ", "Vai trò", "Thời hạn"
STATUS, PERCENT, RESULT = "Trạng thái", "Tỷ lệ hoàn thành (%)", "Kết quả thực hiện"
OBSTACLES, PROPOSALS, ESCALATE = "Khó khăn, vướng mắc", "Đề xuất, kiến nghị", "Vượt thẩm quyền"
DOCUMENT, COMPLETED = "Số văn bản sản phẩm", "Ngày hoàn thành"
STATE, ASSIGNMENT, TASK, VERSION = "Tình trạng báo cáo", "Mã phân công", "Mã nhiệm vụ", "Phiên bản báo cáo"
SHEET_COLUMNS = (
    Column(STT, 5), Column(KH, 5), Column(REF, 9), Column(TEXT, 60), Column(ROLE, 10), Column(DEADLINE, 16),
    Column(STATUS, 20), Column(PERCENT, 12, "0"), Column(RESULT, 45), Column(OBSTACLES, 30),
    Column(PROPOSALS, 30),
    Column(ESCALATE, 11), Column(DOCUMENT, 18), Column(COMPLETED, 14, DATE_FORMAT), Column(STATE, 24),
    Column(ASSIGNMENT, 10), Column(TASK, 10), Column(VERSION, 10),
)
HEADINGS = tuple(c.heading for c in SHEET_COLUMNS)
FILL = (STATUS, PERCENT, RESULT, OBSTACLES, PROPOSALS, ESCALATE, DOCUMENT, COMPLETED)
KEYS = (ASSIGNMENT, TASK, VERSION)


def position(heading: str) -> int:
    """The 1-based column of ``heading`` in the report sheet."""
    return HEADINGS.index(heading) + 1


def put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None = None) -> Any:
    """Write one cell: text is always text (never a formula), dates are dates shown dd/mm/yyyy."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif number_format:
        cell.number_format = number_format
    cell.alignment = WRAP
    return cell


def _header(sheet: Worksheet, row: int, columns: Sequence[Column]) -> None:
    for i, column in enumerate(columns, start=1):
        cell = put(sheet, row, i, column.heading)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(i)].width = column.width


def _table(wb: Workbook, title: str, columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> Worksheet:
    """A sheet of rows under a bold, frozen, filterable header row."""
    sheet = wb.create_sheet(title)
    _header(sheet, 1, columns)
    for r, values in enumerate(rows, start=2):
        for c, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            put(sheet, r, c, value, column.number_format)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    _printable(sheet)
    return sheet


def _printable(sheet: Worksheet) -> None:
    """A4 landscape, as wide as one page, the header row on every page, page numbers in the footer."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "Trang &P/&N"


def _saved(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _new_workbook() -> Workbook:
    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    return wb


def task_key(ref: str, part: int) -> str:
    return ref if part == 1 else f"{ref}#{part}"


# --- The register ------------------------------------------------------------------------------------
TASK_COLUMNS = (
    Column("KH", 5), Column("Mục", 9), Column("Nội dung", 70), Column("Chủ trì", 28), Column("Phối hợp", 28),
    Column("Thời hạn", 18), Column("Hạn", 12, DATE_FORMAT), Column("Trạng thái", 22),
    Column("Ngày còn lại", 10, "0"),
    Column("Báo cáo gần nhất", 28),
)
REPORT_COLUMNS = (
    Column("KH", 5), Column("Kỳ", 14), Column("Cơ quan", 30), Column("Nhiệm vụ", 10),
    Column("Trạng thái", 20), Column("Tỷ lệ hoàn thành (%)", 12, "0"), Column("Kết quả thực hiện", 50),
    Column("Khó khăn, vướng mắc", 30),
    Column("Đề xuất, kiến nghị", 30), Column("Vượt thẩm quyền", 11), Column("Số văn bản sản phẩm", 18),
    Column("Ngày hoàn thành", 14, DATE_FORMAT), Column("Tình trạng duyệt", 18),
    Column("Ngày gửi", 12, DATE_FORMAT),
)
INDICATOR_COLUMNS = (
    Column("KH", 5), Column("Chỉ tiêu", 45), Column("Mục tiêu", 26), Column("Kỳ", 14), Column("Số liệu", 12, "#,##0.00"),
    Column("Đơn vị", 10), Column("Kỳ của số liệu", 22), Column("Loại số liệu", 14), Column("Nguồn", 30),
    Column("Đánh giá", 22),
)
OWED_COLUMNS = (
    Column("KH", 5), Column("Kỳ", 14), Column("Hạn nộp", 12, DATE_FORMAT), Column("Cơ quan", 30),
    Column("Vai trò", 10),
    Column("Nhiệm vụ", 10), Column("Tình trạng", 20), Column("Ngày nộp", 12, DATE_FORMAT),
)


def register_workbook(ws: Workspace, *, plan: str | None = None, on: date | None = None) -> bytes:
    """The register as a workbook: "Nhiệm vụ" (tasks and their status on ``on``), "Báo cáo" (every
    report stored) and "Báo cáo phải nộp" (reports owed as of ``on``, and due within a month)."""
    day = on or ws.today()
    tasks = listing.tasks(ws, plan=plan, on=day)
    with ws.read() as session:
        plan_ids = [find_plan(session, plan).id] if plan else None
    owed = obligations(ws, on=day, plan_ids=plan_ids, horizon_days=OWED_HORIZON_DAYS)
    with ws.read() as session:
        latest = {r.id: r for r in session.execute(
            select(Task.id, Task.latest_status, Task.latest_percent, Task.latest_report_at)
            .where(Task.id.in_([t["task_id"] for t in tasks] or [-1])))}
        query = (select(ProgressReport, Task.ref, Task.part, Agency.full_name)
                 .join(Task, Task.id == ProgressReport.task_id)
                 .join(Agency, Agency.id == ProgressReport.agency_id))
        if plan_ids is not None:
            query = query.where(ProgressReport.plan_id.in_(plan_ids))
        reports = session.execute(query.order_by(
            ProgressReport.plan_id, ProgressReport.period_end, Task.position, ProgressReport.agency_id)).all()
        names = dict(session.execute(select(Agency.id, Agency.full_name).where(
            Agency.id.in_({o.agency_id for o in owed} or {-1}))).all())
    task_rows = [[t["plan"], t["ref"], t["text"], "; ".join(t["lead"]), "; ".join(t["support"]),
                  t["deadline"] or "", t["due"], t["status_label"], t["days_left"],
                  _latest(ws, latest.get(t["task_id"]))] for t in tasks]
    report_rows = [[
        r.plan_id, parse_period(r.period).label, name, task_key(ref, part),
        STATUS_LABELS.get(r.status, r.status), r.percent, r.result, r.obstacles, r.proposals,
        YES if r.escalated else NO, r.output_document or "", r.completed_on,
        REVIEW_LABELS.get(r.review_state, r.review_state), ws.local_date(r.submitted_at),
    ] for r, ref, part, name in reports]
    owed_rows = [[o.plan_id, parse_period(o.period).label, o.due, names.get(o.agency_id, ""),
                  ROLE_LABELS.get(o.role, o.role), o.task_key, STATE_LABELS[o.state], o.submitted_on]
                 for o in owed]
    wb = _new_workbook()
    _table(wb, "Nhiệm vụ", TASK_COLUMNS, task_rows)
    _table(wb, "Báo cáo", REPORT_COLUMNS, report_rows)
    _table(wb, "Báo cáo phải nộp", OWED_COLUMNS, owed_rows)
    _table(wb, "Chỉ tiêu", INDICATOR_COLUMNS, _indicator_rows(ws, plan_ids or sorted({t["plan"] for t in tasks})))
    return _saved(wb)


def _indicator_rows(ws: Workspace, plan_ids: list[int]) -> list[list[Any]]:
    from theodoi.domain.growth import vintages
    from theodoi.services.indicators import of_plan, target_text

    names = {v.code: v.name for v in vintages()}
    rows = []
    for plan_id in plan_ids:
        for item in of_plan(ws, plan_id):
            figure = item["figure"] or {}
            rows.append([plan_id, item["name"], target_text(item), item["period_label"], figure.get("value"),
                         item["unit"], figure.get("period_label", ""), names.get(figure.get("vintage", ""), ""),
                         figure.get("source", ""), item["standing_label"] or "Chưa có số liệu"])
    return rows


def _latest(ws: Workspace, task: Any) -> str:
    """"Đang thực hiện, 40% (10/09/2025)": the task's latest reported progress."""
    if task is None or not task.latest_status:
        return ""
    summary = STATUS_LABELS.get(task.latest_status, task.latest_status)
    if task.latest_percent is not None:
        summary += f", {task.latest_percent}%"
    if task.latest_report_at is not None:
        summary += f" ({format_day(ws.local_date(task.latest_report_at))})"
    return summary


# --- The report sheet --------------------------------------------------------------------------------
@dataclass
class _Line:
    owed: Obligation
    task: Task
    report: ProgressReport | None
    closed: bool  # the report is accepted or the period locked: shown, not editable


def report_sheet(ws: Workspace, *, agency: str, period: str, plan: str | None = None) -> bytes:
    """The sheet ``agency`` fills for ``period``: one row per report it owes (in every state, so that a
    returned or submitted report can be corrected), prefilled with the stored report when there is one."""
    wanted = parse_period(period)
    with ws.read() as session:
        holder = find_agency(session, agency)
        plan_ids = [find_plan(session, plan).id] if plan else None
    owed = obligations(ws, period=wanted.code, agency_ids=[holder.id], plan_ids=plan_ids)
    if not owed:
        raise NotFound(f"{holder.full_name} không có báo cáo phải nộp kỳ {wanted.label} "
                       "(the agency owes no report for this period)")
    with ws.read() as session:
        tasks = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_({o.task_id for o in owed})))}
        plans = list(session.scalars(
            select(Plan).where(Plan.id.in_({o.plan_id for o in owed})).order_by(Plan.id)))
        reports = {r.assignment_id: r for r in session.scalars(select(ProgressReport).where(
            ProgressReport.assignment_id.in_([o.assignment_id for o in owed]),
            ProgressReport.period == wanted.code))}
        locked = set(session.scalars(select(PeriodLock.plan_id).where(
            PeriodLock.period == wanted.code, PeriodLock.plan_id.in_([p.id for p in plans]))))
        lines = []
        for o in owed:
            report = reports.get(o.assignment_id)
            closed = o.plan_id in locked or (report is not None and report.review_state == "accepted")
            lines.append(_Line(o, tasks[o.task_id], report, closed))
        wb = _new_workbook()
        sheet = wb.create_sheet(REPORT_SHEET)
        dues = sorted({o.due for o in owed})
        _title(sheet, holder.full_name, f"{wanted.label} ({wanted.code})", "; ".join(map(format_day, dues)),
               "; ".join(f"{p.id} – {p.label}: {p.title}" for p in plans))
        _header(sheet, HEADER_ROW, SHEET_COLUMNS)
        for i, line in enumerate(lines, start=1):
            _line(ws, sheet, HEADER_ROW + i, i, line, locked)
    _validations(sheet, HEADER_ROW + 1, HEADER_ROW + len(lines))
    _protect(sheet, len(lines))
    _meta(wb, [("template", TEMPLATE), ("version", TEMPLATE_VERSION), ("agency_id", holder.id),
               ("agency", holder.full_name), ("period", wanted.code),
               ("plan_ids", ",".join(str(p.id) for p in plans)),
               ("generated_at", ws.now().isoformat()), ("header_row", HEADER_ROW), ("sheet", REPORT_SHEET)])
    wb.security = WorkbookProtection(lockStructure=True)
    return _saved(wb)


def _title(sheet: Worksheet, agency: str, period: str, due: str, plans: str) -> None:
    last = get_column_letter(position(STATE))
    lines = [
        ("BIỂU MẪU BÁO CÁO TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", 22),
        (f"Cơ quan báo cáo: {agency}", 18), (f"Kỳ báo cáo: {period}; hạn nộp: {due}", 18),
        (f"Kế hoạch: {plans}", 32),
        ("Hướng dẫn: điền các ô nền vàng (Trạng thái chọn trong danh sách; Tỷ lệ là số nguyên 0–100; "
         "ngày ghi dd/mm/yyyy). Dòng không chọn Trạng thái được bỏ qua. Không sửa các cột khác.", 32),
    ]
    for row, (text, height) in enumerate(lines, start=1):
        cell = put(sheet, row, 1, text)
        cell.font = Font(bold=True, size=14) if row == 1 else Font(bold=row < 4)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.merge_cells(f"A{row}:{last}{row}")
        sheet.row_dimensions[row].height = height


def _line(ws: Workspace, sheet: Worksheet, row: int, number: int, line: _Line, locked: set[int]) -> None:
    task, report, o = line.task, line.report, line.owed
    values: dict[str, Any] = {
        STT: number, KH: o.plan_id, REF: o.task_key, TEXT: task.text, ROLE: ROLE_LABELS.get(o.role, o.role),
        DEADLINE: task.deadline_text or format_day(task.due), ASSIGNMENT: o.assignment_id, TASK: o.task_id,
        STATE: _state(ws, report, o.plan_id in locked),
        VERSION: report.version if report is not None else None,
    }
    if report is not None:
        values |= {
            STATUS: STATUS_LABELS.get(report.status, report.status), PERCENT: report.percent,
            RESULT: report.result, OBSTACLES: report.obstacles, PROPOSALS: report.proposals,
            ESCALATE: YES if report.escalated else NO,
            DOCUMENT: report.output_document or "", COMPLETED: report.completed_on,
        }
    for column in SHEET_COLUMNS:
        cell = put(sheet, row, position(column.heading), values.get(column.heading), column.number_format)
        if column.heading in FILL:
            cell.fill = CLOSED if line.closed else FILL_IN
            cell.protection = Protection(locked=line.closed)


def _state(ws: Workspace, report: ProgressReport | None, locked: bool) -> str:
    if locked:
        return "Kỳ đã khóa sổ"
    if report is None:
        return "Chưa gửi"
    if report.review_state == "returned":
        return f"Bị trả lại: {report.review_comment or ''}".strip()
    if report.review_state == "accepted":
        return "Đã chấp nhận (đã khóa)"
    return f"Đã gửi {format_day(ws.local_date(report.submitted_at))}, chờ duyệt"


def _validations(sheet: Worksheet, first: int, last: int) -> None:
    def column(heading: str) -> str:
        letter = get_column_letter(position(heading))
        return f"{letter}{first}:{letter}{last}"

    labels = ",".join(STATUS_LABELS.values())
    rules = [
        (DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True), STATUS,
         "Chọn một trạng thái trong danh sách."),
        (DataValidation(type="whole", operator="between", formula1="0", formula2="100", allow_blank=True),
         PERCENT, "Nhập số nguyên từ 0 đến 100."),
        (DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True), ESCALATE,
         "Chọn Có nếu cần cấp trên quyết định (vượt thẩm quyền)."),
        (DataValidation(type="date", operator="between", formula1=str(int(to_excel(EARLIEST))),
                        formula2=str(int(to_excel(LATEST))), allow_blank=True), COMPLETED,
         "Nhập ngày dạng dd/mm/yyyy; chỉ ghi khi đã hoàn thành."),
    ]
    for rule, heading, message in rules:
        rule.error, rule.errorTitle, rule.showErrorMessage = message, "Giá trị không hợp lệ", True
        rule.prompt, rule.promptTitle, rule.showInputMessage = message, heading, True
        rule.add(column(heading))
        sheet.add_data_validation(rule)


def _protect(sheet: Worksheet, rows: int) -> None:
    for heading in KEYS:
        sheet.column_dimensions[get_column_letter(position(heading))].hidden = True
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=position(TEXT))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(position(STATE))}{HEADER_ROW + rows}"
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = protection.sort = False


def _meta(wb: Workbook, pairs: Sequence[tuple[str, Any]]) -> None:
    meta = wb.create_sheet(META_SHEET)
    for row, (name, value) in enumerate(pairs, start=1):
        put(meta, row, 1, name)
        put(meta, row, 2, value)
    meta.protection.sheet = True
    meta.sheet_state = "veryHidden"
