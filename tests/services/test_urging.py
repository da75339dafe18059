"""The draft urging letter (công văn đôn đốc): an agency's late items as a .docx in the form of Nghị định
30/2020, read back with python-docx."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from theodoi.errors import Invalid
from theodoi.services.agencies import agency_id
from theodoi.services.plans import publish, task_id
from theodoi.services.reports import ReportInput, return_report, submit
from theodoi.services.urging import urging_letter

NOI_VU = "Sở Nội vụ tỉnh Bắc Ninh"
OCTOBER = date(2025, 10, 20)  # Q3 reports are past due; II.2.2 ("Quý III/2025") is 20 days overdue
# Words that betray text left untranslated (none of them is a Vietnamese word).
ENGLISH = {"the", "and", "of", "for", "with", "task", "tasks", "report", "reports", "overdue", "deadline", "page",
           "none", "null", "true", "false", "draft", "urging", "agency", "plan", "status", "missing", "returned",
           "days", "day", "lead", "support", "quarter", "letter", "due", "late", "done", "period", "number", "date",
           "subject", "signature", "recipients", "copy", "nothing", "on_time", "not_due"}


def read(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def paragraphs(doc: Any) -> list[Any]:
    """Every paragraph: the body, the cells of its tables, the headers."""
    found = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(cell.paragraphs)
    for section in doc.sections:
        found.extend(section.header.paragraphs)
    return found


def find(doc: Any, text: str) -> Any:
    matches = [p for p in paragraphs(doc) if p.text == text]
    assert matches, (text, [p.text for p in paragraphs(doc)])
    return matches[0]


def style_of(paragraph: Any) -> tuple[Any, ...]:
    """(font, size in pt, bold, italic) of a paragraph written in one style."""
    runs = [r for r in paragraph.runs if r.text]
    assert runs
    fonts = {(r.font.name, r.font.size.pt if r.font.size else None, bool(r.font.bold), bool(r.font.italic)) for r in runs}
    assert len(fonts) == 1, fonts
    return fonts.pop()


def late_letter(founding: Any, clock: Any, **options: Any) -> Any:
    publish(founding, 1)
    clock.set(OCTOBER)
    return urging_letter(founding, agency=NOI_VU, **options)


def items_table(doc: Any) -> Any:
    (table,) = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    return table


def test_the_letter_has_the_page_and_header_of_a_cong_van(founding: Any, clock: Any) -> None:
    letter = late_letter(founding, clock)
    doc = read(letter.docx)
    (section,) = doc.sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4 portrait
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [20, 20, 30, 15]
    assert style_of(find(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == ("Times New Roman", 13, True, False)
    assert style_of(find(doc, "Độc lập - Tự do - Hạnh phúc")) == ("Times New Roman", 14, True, False)
    # issued by the plan's coordinator: Sở Tài chính (Bắc Giang's, succeeded by Bắc Ninh's on 01/7/2025)
    assert style_of(find(doc, "UBND TỈNH BẮC NINH")) == ("Times New Roman", 13, False, False)
    assert style_of(find(doc, "SỞ TÀI CHÍNH")) == ("Times New Roman", 13, True, False)
    assert letter.sender == "SỞ TÀI CHÍNH"
    assert style_of(find(doc, "Số: …/STC-…")) == ("Times New Roman", 13, False, False)
    subject = find(doc, "V/v đôn đốc thực hiện nhiệm vụ và báo cáo kết quả thực hiện Kế hoạch (chưa có số) tháng 6/2025")
    assert style_of(subject)[1] in (12, 13)
    assert style_of(find(doc, "Bắc Ninh, ngày … tháng … năm 2025")) == ("Times New Roman", 14, False, True)
    greeting = find(doc, f"Kính gửi: {NOI_VU}.")
    assert letter.agency == NOI_VU and style_of(greeting) == ("Times New Roman", 14, False, False)
    header = doc.tables[0]
    assert "w:tblBorders" in header._tbl.xml and 'w:val="nil"' in header._tbl.xml  # no borders
    # page numbers from page 2: a PAGE field in the header, a different (empty) first page
    assert section.different_first_page_header_footer
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert section.first_page_header.paragraphs[0].text == ""


def test_the_body_cites_the_plan_and_asks_for_a_report(founding: Any, clock: Any) -> None:
    doc = read(late_letter(founding, clock).docx)
    body = [p for p in doc.paragraphs if p.paragraph_format.first_line_indent is not None]
    assert len(body) == 3
    for p in body:
        assert p.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert round(p.paragraph_format.first_line_indent.cm, 2) == 1.0
        assert p.paragraph_format.space_after >= Pt(6)
        assert style_of(p) == ("Times New Roman", 14, False, False)
    first, ask, last = (p.text for p in body)
    assert first.startswith("Theo dõi tình hình thực hiện Kế hoạch số (chưa có số) tháng 6/2025 của Ủy ban nhân dân "
                            "tỉnh Bắc Giang thực hiện Chương trình hành động số 86-CTr/TU")
    assert "đến ngày 20/10/2025, Sở Nội vụ tỉnh Bắc Ninh còn" in first
    assert re.search(r"gửi báo cáo .* về Sở Tài chính trước ngày \d\d/\d\d/2025 để tổng hợp", ask), ask
    due = re.search(r"trước ngày (\d\d)/(\d\d)/2025", ask)
    assert due and date(2025, int(due[2]), int(due[1])) >= date(2025, 10, 27)  # 5 working days (or 7 days) later
    assert last.endswith("./.")
    assert style_of(find(doc, "KT. GIÁM ĐỐC")) == ("Times New Roman", 14, True, False)
    assert style_of(find(doc, "PHÓ GIÁM ĐỐC")) == ("Times New Roman", 14, True, False)
    assert style_of(find(doc, "Nơi nhận:")) == ("Times New Roman", 12, True, True)
    assert style_of(find(doc, "- Như trên;"))[1] == 11
    assert style_of(find(doc, "- Lưu: VT."))[1] == 11


def test_the_table_has_one_row_per_late_item(founding: Any, clock: Any) -> None:
    letter = late_letter(founding, clock)
    table = items_table(read(letter.docx))
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nhiệm vụ", "Thời hạn", "Số ngày quá hạn / Kỳ báo cáo",
                                                      "Ghi chú"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert len(rows) == letter.items and letter.items >= 2
    assert [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    (task,) = [r for r in rows if r[1].startswith("II.2.2. ")]
    assert task[2:4] == ["30/09/2025", "20 ngày"] and task[4].startswith("Chủ trì")
    reports = [r for r in rows if r[1].startswith("Báo cáo kết quả thực hiện nhiệm vụ ")]
    assert reports and {r[3] for r in reports} == {"Quý III/2025"}
    assert any(r[1].startswith("Báo cáo kết quả thực hiện nhiệm vụ II.2.2: ") for r in reports)
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", r[2]) for r in rows)  # dates dd/mm/yyyy
    assert all(r[4] == "Chưa nộp, đã quá hạn" for r in reports)
    overdue = [r for r in rows if re.fullmatch(r"\d+ ngày", r[3])]
    assert len(overdue) + len(reports) == len(rows)


def test_an_item_settled_leaves_the_letter(founding: Any, clock: Any) -> None:
    before = late_letter(founding, clock)
    noi_vu, task = agency_id(founding, NOI_VU), task_id(founding, "1", "II.2.2")
    submit(founding, task_id=task, agency_id=noi_vu, period="2025-Q3",
           data=ReportInput(status="done", completed_on=date(2025, 10, 15), result="Đã hoàn thành."))
    after = urging_letter(founding, agency=NOI_VU)
    assert after.items == before.items - 2  # the task is done (late) and its Q3 report is in
    rows = [row.cells[1].text for row in items_table(read(after.docx)).rows[1:]]
    assert not any(text.startswith(("II.2.2. ", "Báo cáo kết quả thực hiện nhiệm vụ II.2.2:")) for text in rows)


def test_a_returned_report_is_urged(founding: Any, clock: Any) -> None:
    publish(founding, 1)
    clock.set(date(2025, 9, 15))
    noi_vu, task = agency_id(founding, NOI_VU), task_id(founding, "1", "II.2.3")
    report = submit(founding, task_id=task, agency_id=noi_vu, period="2025-Q3",
                    data=ReportInput(status="in_progress", percent=40, result="Đang rà soát."))
    return_report(founding, report.id, comment="Chưa nêu kết quả cụ thể.")
    clock.set(OCTOBER)
    letter = urging_letter(founding, agency=NOI_VU)
    rows = [[c.text for c in row.cells] for row in items_table(read(letter.docx)).rows[1:]]
    (returned,) = [r for r in rows if r[1].startswith("Báo cáo kết quả thực hiện nhiệm vụ II.2.3:")]
    assert returned[3] == "Quý III/2025" and returned[4] == "Bị trả lại, cần hoàn thiện và gửi lại"
    body = " ".join(p.text for p in read(letter.docx).paragraphs)
    assert "1 báo cáo bị trả lại chưa gửi lại" in body


def test_no_english_and_all_nfc(founding: Any, clock: Any) -> None:
    doc = read(late_letter(founding, clock).docx)
    texts = [p.text for p in paragraphs(doc)]
    props = doc.core_properties
    texts += [props.title, props.subject, props.author, props.comments, props.keywords, props.category]
    words = {w.lower() for text in texts for w in re.findall(r"[A-Za-z_]+", text)}
    assert not words & ENGLISH, words & ENGLISH
    assert all(unicodedata.normalize("NFC", t) == t for t in texts)
    assert "Độc lập - Tự do - Hạnh phúc" in texts


def test_the_people_s_committee_may_issue_it(founding: Any, clock: Any) -> None:
    doc = read(late_letter(founding, clock, issuer="committee").docx)
    assert style_of(find(doc, "ỦY BAN NHÂN DÂN")) == ("Times New Roman", 13, True, False)
    assert style_of(find(doc, "TỈNH BẮC NINH")) == ("Times New Roman", 13, True, False)
    assert style_of(find(doc, "TM. ỦY BAN NHÂN DÂN")) == ("Times New Roman", 14, True, False)
    assert style_of(find(doc, "CHỦ TỊCH")) == ("Times New Roman", 14, True, False)
    find(doc, "Số: …/UBND-…")
    find(doc, "Bắc Ninh, ngày … tháng … năm 2025")
    ask = [p.text for p in doc.paragraphs if p.text.startswith("Để bảo đảm")][0]
    assert ask.startswith("Để bảo đảm tiến độ thực hiện Kế hoạch, Ủy ban nhân dân tỉnh đề nghị Sở Nội vụ tỉnh Bắc Ninh")
    assert "về Sở Tài chính trước ngày" in ask  # the coordinator still compiles the reports
    # the coordinator is not asked to urge itself: its own letter comes from the committee
    own = urging_letter(founding, agency="Sở Tài chính tỉnh Bắc Ninh")
    assert own.sender == "ỦY BAN NHÂN DÂN TỈNH BẮC NINH"
    own_ask = [p.text for p in read(own.docx).paragraphs if p.text.startswith("Để bảo đảm")][0]
    assert "về Ủy ban nhân dân tỉnh trước ngày" in own_ask and "Sở Tài chính" not in own_ask.split("đề nghị")[0]


def test_nothing_to_urge_is_refused(founding: Any, clock: Any) -> None:
    clock.set(OCTOBER)
    with pytest.raises(Invalid, match="không có gì để đôn đốc"):  # the plan is still a draft
        urging_letter(founding, agency=NOI_VU)
    with pytest.raises(Invalid, match="chưa ban hành"):
        urging_letter(founding, agency=NOI_VU, plan="1")
    publish(founding, 1)
    with pytest.raises(Invalid, match=r"không có gì để đôn đốc \(nothing to urge\)"):
        urging_letter(founding, agency=NOI_VU, on=date(2025, 7, 1))  # nothing is late yet
    assert urging_letter(founding, agency=NOI_VU, plan="1").items >= 2


def test_a_group_cannot_be_urged(founding: Any, clock: Any) -> None:
    publish(founding, 1)
    clock.set(OCTOBER)
    with pytest.raises(Invalid, match="nhóm cơ quan"):
        urging_letter(founding, agency="các sở, ngành")


def test_the_command_writes_the_file(founding: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer
    from typer.testing import CliRunner

    from theodoi.cli.common import set_database
    from theodoi.cli.urging import urge_command

    publish(founding, 1)
    app = typer.Typer()
    app.command("urge")(urge_command)
    app.command("other")(lambda: None)  # a group, so that "urge" is a sub-command
    target = tmp_path / "don-doc.docx"
    set_database(founding.settings.database_url)
    try:
        runner = CliRunner()
        done = runner.invoke(app, ["urge", NOI_VU, "--as-of", "20/10/2025", "-o", str(target)])
        assert done.exit_code == 0, done.output
        assert "việc chậm" in done.output and target.is_file()
        table = items_table(read(target.read_bytes()))
        assert any(row.cells[1].text.startswith("II.2.2. ") for row in table.rows)
        refused = runner.invoke(app, ["urge", NOI_VU, "--as-of", "01/07/2025", "-o", str(tmp_path / "x.docx")])
        assert refused.exit_code == 2 and "không có gì để đôn đốc" in refused.output
        assert not (tmp_path / "x.docx").exists()
        wrong = runner.invoke(app, ["urge", NOI_VU, "-o", str(tmp_path / "x.pdf")])
        assert wrong.exit_code == 2 and ".docx" in wrong.output
    finally:
        set_database(None)
