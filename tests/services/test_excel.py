"""The Excel round trip: the register workbook, an agency's report sheet for a period (structure read
back with openpyxl), and the filled sheet imported back — dry run, all or nothing, row errors that name
row and column, refusal of foreign files and other template versions, locked periods and accepted reports."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from theodoi.errors import NotFound, UnsupportedFormat
from theodoi.services.agencies import agency_id
from theodoi.services.excel_export import register_workbook, report_sheet
from theodoi.services.excel_import import import_reports
from theodoi.services.obligations import obligations
from theodoi.services.plans import publish, task_id
from theodoi.services.reports import STATUS_LABELS, ReportInput, accept, lock_period, return_report, submit
from theodoi.store import AuditEvent, ProgressReport

TAI_CHINH = "Sở Tài chính tỉnh Bắc Ninh"
SEPTEMBER = date(2025, 9, 10)  # Q3 reports are due on 16/9/2025
SHEET = "Báo cáo tiến độ"
HEADER = 7
PERCENT, STATE, KEY = "Tỷ lệ hoàn thành (%)", "Tình trạng báo cáo", "Mã phân công"
HEADINGS = ["STT", "KH", "Mục", "Nội dung nhiệm vụ", "Vai trò", "Thời hạn", "Trạng thái", PERCENT,
            "Kết quả thực hiện", "Khó khăn, vướng mắc", "Đề xuất, kiến nghị", "Vượt thẩm quyền",
            "Số văn bản sản phẩm", "Ngày hoàn thành", STATE, KEY, "Mã nhiệm vụ", "Phiên bản báo cáo"]


def col(heading: str) -> int:
    return HEADINGS.index(heading) + 1


def letter(heading: str) -> str:
    return "ABCDEFGHIJKLMNOPQR"[HEADINGS.index(heading)]


@pytest.fixture
def live(founding: Any, clock: Any) -> Any:
    publish(founding, 1)
    clock.set(SEPTEMBER)
    return founding


def book(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def saved(wb: Any) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def at(sheet: Any, row: int, heading: str) -> Any:
    """The cell of ``row`` under ``heading``."""
    return sheet.cell(row=row, column=col(heading))


def row_of(sheet: Any, key: str) -> int:
    rows = [r for r in range(HEADER + 1, sheet.max_row + 1) if at(sheet, r, "Mục").value == key]
    assert len(rows) == 1, key
    return rows[0]


def fill(sheet: Any, key: str, **values: Any) -> int:
    row = row_of(sheet, key)
    for heading, value in values.items():
        at(sheet, row, heading).value = value
    return row


def filled(ws: Any, **rows: dict[str, Any]) -> bytes:
    """A report sheet of Sở Tài chính for Q3 with some rows filled (task key → heading → value)."""
    wb = book(report_sheet(ws, agency=TAI_CHINH, period="2025-Q3"))
    for key, values in rows.items():
        fill(wb[SHEET], key.replace("_", "."), **values)
    return saved(wb)


TWO_ROWS: dict[str, dict[str, Any]] = {
    "II_1_1": {"Trạng thái": "Đang thực hiện", PERCENT: 40, "Kết quả thực hiện": "Đã ban hành kế hoạch",
               "Khó khăn, vướng mắc": "Thiếu kinh phí", "Vượt thẩm quyền": "Có"},
    "II_2_3": {"Trạng thái": "Hoàn thành", "Số văn bản sản phẩm": "125/QĐ-UBND",
               "Ngày hoàn thành": datetime(2025, 9, 5), "Kết quả thực hiện": "Đã trình văn bản"},
}


def count_reports(ws: Any) -> int:
    with ws.read() as session:
        return session.scalar(select(func.count()).select_from(ProgressReport)) or 0


def events(ws: Any, action: str) -> list[Any]:
    with ws.read() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# --- The report sheet ---------------------------------------------------------------------------------------
def test_the_report_sheet_has_a_row_per_report_owed_with_keys_drop_downs_and_protection(live: Any) -> None:
    wb = book(report_sheet(live, agency=TAI_CHINH, period="Quý III/2025"))
    assert wb.sheetnames == [SHEET, "_theodoi"]
    meta_sheet = wb["_theodoi"]
    assert meta_sheet.sheet_state == "veryHidden"
    meta = {row[0]: row[1] for row in meta_sheet.iter_rows(values_only=True)}
    agency = agency_id(live, TAI_CHINH)
    assert (meta["template"], meta["version"], meta["agency_id"], meta["period"], meta["plan_ids"]) == (
        "theodoi.report-sheet", 1, agency, "2025-Q3", "1")
    assert datetime.fromisoformat(meta["generated_at"]).date() == SEPTEMBER
    assert wb.security.lockStructure
    sheet = wb[SHEET]
    title = " ".join(str(sheet.cell(row=r, column=1).value) for r in range(1, HEADER))
    assert TAI_CHINH in title and "Quý III/2025" in title and "16/09/2025" in title and "Kế hoạch" in title
    assert [c.value for c in sheet[HEADER]] == HEADINGS
    owed = obligations(live, period="2025-Q3", agency_ids=[agency])
    data_rows = range(HEADER + 1, sheet.max_row + 1)
    assert len(owed) == len(data_rows) == 16
    keys = [(at(sheet, r, KEY).value, at(sheet, r, "Mã nhiệm vụ").value, at(sheet, r, "Mục").value)
            for r in data_rows]
    assert keys == [(o.assignment_id, o.task_id, o.task_key) for o in owed]
    assert {at(sheet, r, "Vai trò").value for r in data_rows} == {"Chủ trì", "Phối hợp"}
    assert at(sheet, row_of(sheet, "II.2.3"), "Thời hạn").value == "Quý III/2025 và thường xuyên"
    for heading in ("Mã phân công", "Mã nhiệm vụ", "Phiên bản báo cáo"):
        assert sheet.column_dimensions[letter(heading)].hidden, heading
    # Drop-downs and checks on the fill-in columns, over every data row.
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    last = HEADER + 16
    status = rules[f"G{HEADER + 1}:G{last}"]
    assert status.type == "list" and status.showErrorMessage
    assert status.formula1.strip('"').split(",") == list(STATUS_LABELS.values())
    percent = rules[f"H{HEADER + 1}:H{last}"]
    assert (percent.type, percent.operator) == ("whole", "between")
    assert (percent.formula1, percent.formula2) == ("0", "100")
    assert rules[f"L{HEADER + 1}:L{last}"].formula1 == '"Có,Không"'
    assert rules[f"N{HEADER + 1}:N{last}"].type == "date"
    # Keys and the title block are locked; the cells to fill are not.
    assert sheet.protection.sheet
    first = HEADER + 1
    assert sheet.cell(row=1, column=1).protection.locked
    assert at(sheet, first, KEY).protection.locked and at(sheet, first, "Nội dung nhiệm vụ").protection.locked
    for heading in ("Trạng thái", PERCENT, "Kết quả thực hiện", "Vượt thẩm quyền", "Ngày hoàn thành"):
        assert not at(sheet, first, heading).protection.locked, heading
    assert at(sheet, first, "Ngày hoàn thành").number_format == "dd/mm/yyyy"
    assert sheet.freeze_panes == f"D{HEADER + 1}"


def test_a_sheet_for_an_agency_that_owes_nothing_is_refused(live: Any) -> None:
    with pytest.raises(NotFound, match="không có báo cáo phải nộp"):
        report_sheet(live, agency=TAI_CHINH, period="2025-Q2")  # before the plan's first reporting period


# --- The round trip --------------------------------------------------------------------------------------
def test_a_filled_sheet_is_checked_then_applied_then_exported_prefilled(live: Any) -> None:
    data = filled(live, **TWO_ROWS)
    dry = import_reports(live, data)
    assert dry.errors == [] and dry.applied == 0 and dry.dry_run
    assert [(r.task_key, r.status, r.action) for r in dry.rows] == [("II.1.1", "in_progress", "new"),
                                                                    ("II.2.3", "done", "new")]
    assert dry.blank == 14 and dry.agency == TAI_CHINH and dry.period == "2025-Q3"
    assert count_reports(live) == 0 and events(live, "report.submit") == []  # a dry run writes nothing

    done = import_reports(live, data, apply=True)
    assert done.errors == [] and done.applied == 2
    with live.read() as session:
        reports = {r.task_id: r for r in session.scalars(select(ProgressReport))}
    assert set(reports) == {task_id(live, "1", "II.1.1"), task_id(live, "1", "II.2.3")}
    first, second = reports[task_id(live, "1", "II.1.1")], reports[task_id(live, "1", "II.2.3")]
    assert (first.status, first.percent, first.result, first.obstacles, first.escalated, first.period) == (
        "in_progress", 40, "Đã ban hành kế hoạch", "Thiếu kinh phí", True, "2025-Q3")
    assert (second.status, second.percent, second.completed_on, second.output_document) == (
        "done", 100, date(2025, 9, 5), "125/QĐ-UBND")
    assert len(events(live, "report.submit")) == 2
    (batch,) = events(live, "reports.import")
    assert (batch.after["rows"], batch.after["period"], batch.entity_id) == (2, "2025-Q3", dry.agency_id)

    sheet = book(report_sheet(live, agency=TAI_CHINH, period="2025-Q3"))[SHEET]
    row = row_of(sheet, "II.1.1")
    values = {h: at(sheet, row, h).value for h in HEADINGS}
    assert values["Trạng thái"] == "Đang thực hiện" and values[PERCENT] == 40
    assert values["Khó khăn, vướng mắc"] == "Thiếu kinh phí" and values["Vượt thẩm quyền"] == "Có"
    assert values["Phiên bản báo cáo"] == first.version and values[STATE].startswith("Đã gửi 10/09/2025")
    completed = at(sheet, row_of(sheet, "II.2.3"), "Ngày hoàn thành")
    assert completed.value == datetime(2025, 9, 5) and completed.number_format == "dd/mm/yyyy"
    # The prefilled sheet sent back as it is changes nothing; one edited row is an update.
    again = import_reports(live, saved(sheet.parent), apply=True)
    assert again.errors == [] and again.applied == 0 and {r.action for r in again.rows} == {"unchanged"}
    fill(sheet, "II.1.1", **{PERCENT: 60})
    update = import_reports(live, saved(sheet.parent), apply=True)
    assert update.errors == [] and update.applied == 1
    assert [r.action for r in update.rows if r.task_key == "II.1.1"] == ["update"]
    with live.read() as session:
        stored = session.get(ProgressReport, first.id)
        assert stored is not None and stored.percent == 60


def test_text_dates_and_percents_are_read_as_written_in_excel(live: Any) -> None:
    data = filled(live, II_1_1={"Trạng thái": "Đang thực hiện", PERCENT: "30%"},
                  II_2_3={"Trạng thái": "hoàn thành", "Ngày hoàn thành": "5/9/2025",
                          "Vượt thẩm quyền": "không"})
    done = import_reports(live, data, apply=True)
    assert done.errors == [] and done.applied == 2
    with live.read() as session:
        stored = session.scalars(select(ProgressReport))
        got = {(r.status, r.percent, r.completed_on, r.escalated) for r in stored}
    assert got == {("done", 100, date(2025, 9, 5), False), ("in_progress", 30, None, False)}


def test_one_bad_row_writes_nothing_and_the_errors_name_row_and_column_not_the_value(live: Any) -> None:
    bad = dict(TWO_ROWS, II_3_5={"Trạng thái": "Xong xuôi rồi", "Kết quả thực hiện": "Đã làm"},
               II_4_1={"Trạng thái": "Đang thực hiện", PERCENT: 140},
               II_4_2={"Trạng thái": "Đang thực hiện", "Ngày hoàn thành": "31/02/2025",
                       "Vượt thẩm quyền": "Chắc vậy"},
               II_4_3={"Kết quả thực hiện": "Quên chọn trạng thái"})
    data = filled(live, **bad)
    sheet = book(data)[SHEET]
    rows = {key: row_of(sheet, key) for key in ("II.3.5", "II.4.1", "II.4.2", "II.4.3")}
    for apply in (False, True):
        result = import_reports(live, data, apply=apply)
        assert result.applied == 0
        assert sorted((e.row, e.column) for e in result.errors) == sorted([
            (rows["II.3.5"], "Trạng thái"), (rows["II.4.1"], PERCENT), (rows["II.4.2"], "Ngày hoàn thành"),
            (rows["II.4.2"], "Vượt thẩm quyền"), (rows["II.4.3"], "Trạng thái")])
        text = " ".join(e.message for e in result.errors)
        for value in ("Xong xuôi", "140", "31/02", "Chắc vậy", "Quên chọn"):
            assert value not in text
    assert count_reports(live) == 0 and events(live, "reports.import") == []  # not even the two good rows


def test_a_row_the_store_refuses_inside_the_transaction_rolls_back_the_rows_before_it(
    live: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The submissions run in one transaction: when the store refuses a row that passed the checks (here
    the report was accepted in between, played by skipping the check), the rows before it are undone."""
    from theodoi.services import excel_import

    agency = agency_id(live, TAI_CHINH)
    report = submit(live, task_id=task_id(live, "1", "II.2.3"), agency_id=agency, period="2025-Q3",
                    data=ReportInput(status="in_progress", percent=10))
    data = filled(live, II_1_1={"Trạng thái": "Đang thực hiện", PERCENT: 20}, II_2_3={PERCENT: 80})
    accept(live, report.id)
    monkeypatch.setattr(excel_import, "_refusal", lambda *args: None)
    result = import_reports(live, data, apply=True)
    assert [(e.row, e.column) for e in result.errors] == [(row_of(book(data)[SHEET], "II.2.3"), None)]
    assert "chấp nhận" in result.errors[0].message and result.applied == 0
    with live.read() as session:
        assert [(r.id, r.percent) for r in session.scalars(select(ProgressReport))] == [(report.id, 10)]
    assert events(live, "reports.import") == []


def test_a_row_of_another_agency_or_a_copied_row_is_refused(live: Any) -> None:
    wb = book(report_sheet(live, agency=TAI_CHINH, period="2025-Q3"))
    sheet = wb[SHEET]
    noi_vu = agency_id(live, "Sở Nội vụ tỉnh Bắc Ninh")
    (other,) = [o for o in obligations(live, period="2025-Q3", agency_ids=[noi_vu]) if o.task_key == "II.1.1"]
    stolen = fill(sheet, "II.1.1", **{"Trạng thái": "Đang thực hiện", KEY: other.assignment_id})
    copied = fill(sheet, "II.1.2", **{"Trạng thái": "Đang thực hiện"})
    twin = fill(sheet, "II.1.3", **{"Trạng thái": "Đang thực hiện", KEY: at(sheet, copied, KEY).value,
                                    "Mã nhiệm vụ": at(sheet, copied, "Mã nhiệm vụ").value})
    result = import_reports(live, saved(wb), apply=True)
    assert [(e.row, e.column) for e in result.errors] == [(stolen, KEY), (twin, KEY)]
    assert f"dòng {copied}" in result.errors[1].message
    assert count_reports(live) == 0


# --- Refusals ----------------------------------------------------------------------------------------------
def test_a_sheet_of_another_template_version_is_refused(live: Any) -> None:
    wb = book(report_sheet(live, agency=TAI_CHINH, period="2025-Q3"))
    meta = wb["_theodoi"]
    (version_row,) = [r for r in range(1, meta.max_row + 1) if meta.cell(row=r, column=1).value == "version"]
    meta.cell(row=version_row, column=2).value = 0
    with pytest.raises(UnsupportedFormat, match="mẫu phiên bản 0, cần phiên bản 1"):
        import_reports(live, saved(wb))


@pytest.mark.parametrize("kind", ["random", "register", "text", "xls", "docx"])
def test_a_file_that_is_not_our_report_sheet_is_refused(live: Any, kind: str) -> None:
    if kind == "random":
        wb = Workbook()
        wb.active["A1"] = "Trạng thái"
        data = saved(wb)
    elif kind == "register":
        data = register_workbook(live)
    elif kind == "docx":
        from docx import Document

        buffer = io.BytesIO()
        Document().save(buffer)
        data = buffer.getvalue()
    else:
        ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
        data = ole if kind == "xls" else "STT;Trạng thái\n".encode()
    with pytest.raises(UnsupportedFormat):
        import_reports(live, data)


def test_damaged_columns_are_refused(live: Any) -> None:
    wb = book(report_sheet(live, agency=TAI_CHINH, period="2025-Q3"))
    at(wb[SHEET], HEADER, "Trạng thái").value = "Tình hình"
    with pytest.raises(UnsupportedFormat, match="cột 7"):
        import_reports(live, saved(wb))


def test_a_locked_period_is_refused(live: Any, clock: Any) -> None:
    data = filled(live, **TWO_ROWS)
    lock_period(live, 1, "2025-Q3")
    result = import_reports(live, data, apply=True)
    assert len(result.errors) == 2 and all("khóa sổ" in e.message for e in result.errors)
    assert result.applied == 0 and count_reports(live) == 0
    sheet = book(report_sheet(live, agency=TAI_CHINH, period="2025-Q3"))[SHEET]
    row = row_of(sheet, "II.1.1")
    assert at(sheet, row, "Trạng thái").protection.locked and at(sheet, row, STATE).value == "Kỳ đã khóa sổ"


def test_accepted_reports_are_locked_and_kept_returned_ones_are_resubmitted(live: Any) -> None:
    agency = agency_id(live, TAI_CHINH)
    kept = submit(live, task_id=task_id(live, "1", "II.1.1"), agency_id=agency, period="2025-Q3",
                  data=ReportInput(status="in_progress", percent=50, result="Đang làm"))
    sent_back = submit(live, task_id=task_id(live, "1", "II.1.2"), agency_id=agency, period="2025-Q3",
                       data=ReportInput(status="in_progress", percent=10))
    accept(live, kept.id)
    return_report(live, sent_back.id, comment="Bổ sung kết quả cụ thể")
    wb = book(report_sheet(live, agency=TAI_CHINH, period="2025-Q3"))
    sheet = wb[SHEET]
    accepted_row, returned_row = row_of(sheet, "II.1.1"), row_of(sheet, "II.1.2")
    assert at(sheet, accepted_row, "Trạng thái").protection.locked
    assert at(sheet, accepted_row, STATE).value == "Đã chấp nhận (đã khóa)"
    assert at(sheet, returned_row, STATE).value == "Bị trả lại: Bổ sung kết quả cụ thể"
    assert not at(sheet, returned_row, "Trạng thái").protection.locked
    fill(sheet, "II.1.2", **{"Kết quả thực hiện": "Đã bổ sung số liệu"})
    result = import_reports(live, saved(wb), apply=True)  # the accepted row, unchanged, is no obstacle
    assert result.errors == [] and result.applied == 1
    assert {r.task_key: r.action for r in result.rows} == {"II.1.1": "unchanged", "II.1.2": "resubmit"}
    with live.read() as session:
        again = session.get(ProgressReport, sent_back.id)
        assert again is not None and (again.review_state, again.result) == ("submitted", "Đã bổ sung số liệu")
    fill(sheet, "II.1.1", **{PERCENT: 90})
    fresh = import_reports(live, saved(book(report_sheet(live, agency=TAI_CHINH, period="2025-Q3"))))
    assert fresh.errors == [] and {r.action for r in fresh.rows} == {"unchanged"}
    changed = import_reports(live, saved(wb), apply=True)
    assert [(e.row, e.column) for e in changed.errors] == [(accepted_row, None)]
    assert "chấp nhận" in changed.errors[0].message and changed.applied == 0


def test_a_report_changed_after_the_export_is_not_overwritten(live: Any) -> None:
    data = filled(live, II_1_1={"Trạng thái": "Đang thực hiện", PERCENT: 30})
    submit(live, task_id=task_id(live, "1", "II.1.1"), agency_id=agency_id(live, TAI_CHINH), period="2025-Q3",
           data=ReportInput(status="in_progress", percent=70))
    result = import_reports(live, data, apply=True)
    assert len(result.errors) == 1 and "xuất biểu mẫu mới" in result.errors[0].message
    with live.read() as session:
        assert [r.percent for r in session.scalars(select(ProgressReport))] == [70]


# --- The register workbook ---------------------------------------------------------------------------------
def test_the_register_workbook_has_tasks_reports_and_reports_owed(live: Any) -> None:
    submit(live, task_id=task_id(live, "1", "II.2.3"), agency_id=agency_id(live, TAI_CHINH), period="2025-Q3",
           data=ReportInput(status="in_progress", percent=45, result="Đang rà soát"))
    from theodoi.services import indicators

    grdp = indicators.from_targets(live, 1)[0]
    indicators.record(live, grdp, period="2025-H1", value=12.6, vintage="sơ bộ", source="Thống kê tỉnh")
    wb = book(register_workbook(live, plan="1", on=date(2025, 9, 20)))
    assert wb.sheetnames == ["Nhiệm vụ", "Báo cáo", "Báo cáo phải nộp", "Chỉ tiêu"]
    for sheet in wb.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert all(c.font.bold for c in sheet[1])
        # printable: A4 landscape, one page wide, the header on every page, numbered pages
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == "$1:$1" and "&P" in sheet.oddFooter.center.text
    targets = wb["Chỉ tiêu"]
    assert [c.value for c in targets[2]] == [1, "mức tăng trưởng kinh tế GRDP của tỉnh năm 2025", "≥ 13,6 %",
                                             "Năm 2025", 12.6, "%", "6 tháng đầu năm 2025", "Sơ bộ", "Thống kê tỉnh",
                                             "Có nguy cơ không đạt"]
    assert targets.cell(row=2, column=5).number_format == "#,##0.00"
    tasks = wb["Nhiệm vụ"]
    assert [c.value for c in tasks[1]] == ["KH", "Mục", "Nội dung", "Chủ trì", "Phối hợp", "Thời hạn", "Hạn",
                                           "Trạng thái", "Ngày còn lại", "Báo cáo gần nhất"]
    assert tasks.max_row == 27  # 26 tasks
    (row,) = [r for r in tasks.iter_rows(min_row=2) if r[1].value == "II.2.3"]
    assert row[6].is_date and row[6].value == datetime(2025, 9, 30) and row[6].number_format == "dd/mm/yyyy"
    assert row[8].value == 10 and row[7].value  # 10 days left on 20/9, a Vietnamese status label
    assert row[9].value == "Đang thực hiện, 45% (10/09/2025)"
    assert tasks.column_dimensions["C"].width > 40 and row[2].alignment.wrap_text
    reports = wb["Báo cáo"]
    assert reports.max_row == 2
    values = [c.value for c in reports[2]]
    assert values[:6] == [1, "Quý III/2025", TAI_CHINH, "II.2.3", "Đang thực hiện", 45]
    assert isinstance(values[5], int) and reports.cell(row=2, column=14).is_date
    owed = wb["Báo cáo phải nộp"]
    states = [r for r in owed.iter_rows(min_row=2, values_only=True) if (r[3], r[5]) == (TAI_CHINH, "II.2.3")]
    assert states == [(1, "Quý III/2025", datetime(2025, 9, 16), TAI_CHINH, "Chủ trì", "II.2.3", "Đúng hạn",
                       datetime(2025, 9, 10))]
    assert owed.cell(row=2, column=3).is_date


# --- The commands -------------------------------------------------------------------------------------------
def test_the_commands_export_and_import_a_sheet(live: Any, tmp_path: Any) -> None:
    import typer
    from typer.testing import CliRunner

    from theodoi.cli.common import set_database
    from theodoi.cli.exchange import export_command, import_reports_command

    app = typer.Typer()
    app.command("export")(export_command)
    app.command("import-reports")(import_reports_command)
    target = tmp_path / "tai-chinh.xlsx"
    set_database(live.settings.database_url)
    try:
        runner = CliRunner()
        made = runner.invoke(app, ["export", "--agency", TAI_CHINH, "--period", "2025-Q3", "-o", str(target)])
        assert made.exit_code == 0, made.output
        wb = book(target.read_bytes())
        fill(wb[SHEET], "II.1.1", **{"Trạng thái": "Đang thực hiện", PERCENT: 250})
        target.write_bytes(saved(wb))
        bad = runner.invoke(app, ["import-reports", str(target), "--apply"])
        assert bad.exit_code == 2
        assert f"Dòng {row_of(wb[SHEET], 'II.1.1')}, cột Tỷ lệ hoàn thành (%):" in bad.output
        fill(wb[SHEET], "II.1.1", **{PERCENT: 25})
        target.write_bytes(saved(wb))
        dry = runner.invoke(app, ["import-reports", str(target)])
        assert dry.exit_code == 0 and "chưa ghi" in dry.output and count_reports(live) == 0
        done = runner.invoke(app, ["import-reports", str(target), "--apply"])
        assert done.exit_code == 0 and "đã ghi 1 báo cáo" in done.output and count_reports(live) == 1
        register = runner.invoke(app, ["export", "-o", str(tmp_path / "so.xlsx")])
        assert register.exit_code == 0
        assert book((tmp_path / "so.xlsx").read_bytes()).sheetnames[0] == "Nhiệm vụ"
        half = runner.invoke(app, ["export", "--agency", TAI_CHINH, "-o", str(tmp_path / "x.xlsx")])
        assert half.exit_code == 2 and not (tmp_path / "x.xlsx").exists()
    finally:
        set_database(None)
