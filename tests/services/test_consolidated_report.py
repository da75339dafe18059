"""The consolidated report (báo cáo tổng hợp) of a plan for a period as a .docx in the form of Nghị định
30/2020, read back with python-docx: the page and header block, sections I–V drawn from accepted
reports only, a sentence where a section has nothing, the annex with one row per task on landscape
pages, the chart, no English words or raw identifiers; converted to PDF and PNG pages (test
artifacts) when LibreOffice is installed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from tests.services.test_urging import ENGLISH, find, paragraphs, style_of
from theodoi.errors import Invalid
from theodoi.services.agencies import agency_id
from theodoi.services.consolidation import consolidate
from theodoi.services.plans import publish, task_id
from theodoi.services.report_docx import consolidated_docx
from theodoi.services.reports import ReportInput, accept, return_report, submit

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "reports"
XAY_DUNG, NOI_VU = "Sở Xây dựng tỉnh Bắc Ninh", "Sở Nội vụ tỉnh Bắc Ninh"


def quarter(founding: Any, clock: Any) -> Any:
    """The founding plan published; in Q3/2025 one report accepted (with an obstacle and an escalated
    proposal), one returned, one awaiting review."""
    publish(founding, 1)
    clock.set(date(2025, 9, 8))
    accepted = submit(founding, task_id=task_id(founding, "1", "II.3.2"), agency_id=agency_id(founding, XAY_DUNG),
                      period="2025-Q3", data=ReportInput(
                          status="in_progress", percent=60, result="đã thi công xong 60% khối lượng gói thầu số 7",
                          obstacles="vướng giải phóng mặt bằng tại 2 xã", escalate=True,
                          proposals="đề nghị Ủy ban nhân dân tỉnh chỉ đạo các xã bàn giao mặt bằng"))
    accept(founding, accepted.id)
    returned = submit(founding, task_id=task_id(founding, "1", "II.2.2"), agency_id=agency_id(founding, NOI_VU),
                      period="2025-Q3", data=ReportInput(status="in_progress", result="KẾT QUẢ BỊ TRẢ LẠI"))
    return_report(founding, returned.id, comment="thiếu số liệu")
    submit(founding, task_id=task_id(founding, "1", "II.1.1"), agency_id=agency_id(founding, "Sở Tài chính tỉnh Bắc Ninh"),
           period="2025-Q3", data=ReportInput(status="in_progress", result="KẾT QUẢ CHỜ DUYỆT"))
    clock.set(date(2025, 9, 20))
    return founding


def texts(doc: Any) -> list[str]:
    return [p.text for p in paragraphs(doc)]


def test_the_page_header_and_title_are_those_of_a_bao_cao(founding: Any, clock: Any) -> None:
    doc = Document(io.BytesIO(consolidated_docx(quarter(founding, clock), plan="1", period="2025-Q3")))
    first, annex = doc.sections
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] == \
        [20, 20, 30, 15]
    assert style_of(find(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == ("Times New Roman", 13, True, False)
    assert style_of(find(doc, "Độc lập - Tự do - Hạnh phúc")) == ("Times New Roman", 14, True, False)
    assert style_of(find(doc, "UBND TỈNH BẮC NINH")) == ("Times New Roman", 13, False, False)
    assert style_of(find(doc, "SỞ TÀI CHÍNH")) == ("Times New Roman", 13, True, False)
    assert style_of(find(doc, "Số: …/BC-STC")) == ("Times New Roman", 13, False, False)
    assert style_of(find(doc, "Bắc Ninh, ngày … tháng … năm 2025")) == ("Times New Roman", 14, False, True)
    assert style_of(find(doc, "BÁO CÁO")) == ("Times New Roman", 14, True, False)
    assert style_of(find(doc, "Kết quả thực hiện Kế hoạch (chưa có số) tháng 6/2025")) == ("Times New Roman", 14, True, False)
    assert style_of(find(doc, "Quý III/2025")) == ("Times New Roman", 14, True, False)
    # page numbers from page 2: a PAGE field in the header, an empty first-page header; the annex numbered too
    assert first.different_first_page_header_footer and 'w:instr="PAGE"' in first.header._element.xml
    assert first.first_page_header.paragraphs[0].text == ""
    assert not annex.different_first_page_header_footer
    assert (round(annex.page_width.mm), round(annex.page_height.mm)) == (297, 210)  # the annex is landscape
    body = [p for p in doc.paragraphs if p.text.startswith("Thực hiện Kế hoạch")]
    assert body and style_of(body[0]) == ("Times New Roman", 14, False, False)
    assert "quý III/2025" in body[0].text  # the period inside a sentence
    signature = doc.tables[-2]
    assert "Nơi nhận:" in signature.cell(0, 0).text and "KT. GIÁM ĐỐC" in signature.cell(0, 1).text


def test_sections_draw_from_accepted_reports_only(founding: Any, clock: Any) -> None:
    doc = Document(io.BytesIO(consolidated_docx(quarter(founding, clock), plan="1", period="2025-Q3")))
    lines = texts(doc)
    headings = [t for t in lines if re.match(r"^(I|II|III|IV|V)\. [A-ZĐ]", t)]
    assert headings == ["I. KẾT QUẢ CHUNG", "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
                        "IV. NHIỆM VỤ TRỌNG TÂM QUÝ IV/2025", "V. KIẾN NGHỊ, ĐỀ XUẤT"]
    whole = "\n".join(lines)
    assert "Sở Xây dựng (nhiệm vụ II.3.2): Đã thi công xong 60% khối lượng gói thầu số 7" in whole
    assert "Vướng giải phóng mặt bằng tại 2 xã" in whole
    assert "đề nghị Ủy ban nhân dân tỉnh xem xét, quyết định" in whole  # the escalated proposal
    assert "KẾT QUẢ BỊ TRẢ LẠI" not in whole and "KẾT QUẢ CHỜ DUYỆT" not in whole
    assert "1. Nhiệm vụ và giải pháp chủ yếu" in lines  # the plan's sections, in the report's numbering
    assert any(t.startswith("Kế hoạch có 26 nhiệm vụ. Tính đến ngày 14/09/2025") for t in lines)


def test_the_annex_has_one_row_per_task_and_the_chart_is_embedded(founding: Any, clock: Any) -> None:
    ws = quarter(founding, clock)
    content = consolidate(ws, plan="1", period="2025-Q3")
    doc = Document(io.BytesIO(consolidated_docx(ws, plan="1", period="2025-Q3")))
    (annex,) = [t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["STT", "Nhiệm vụ"]
                and len(t.columns) == 7]
    assert len(annex.rows) == 1 + len(content.annex) == 27
    row = next(r for r in annex.rows if r.cells[1].text.startswith("II.3.2."))
    assert row.cells[2].text == "Sở Xây dựng" and row.cells[6].text.startswith("Đã thi công xong 60%")
    assert all(r.cells[5].text for r in annex.rows[1:])  # every task has a status in words
    assert 'w:val="true"' in annex.rows[0]._tr.xml  # the heading row repeats on every page
    pictures = [r for r in doc.part.rels.values() if "image" in r.reltype]
    assert len(pictures) == 1 and pictures[0].target_part.blob[:8] == b"\x89PNG\r\n\x1a\n"


def test_nothing_english_no_identifiers_and_a_sentence_for_every_empty_section(founding: Any, clock: Any) -> None:
    publish(founding, 1)
    clock.set(date(2025, 7, 20))  # nothing reported yet
    doc = Document(io.BytesIO(consolidated_docx(founding, plan="1", period="2025-Q3")))
    whole = "\n".join(texts(doc))
    words = {w.lower() for w in re.findall(r"[A-Za-z_]+", whole)}
    assert not words & ENGLISH, words & ENGLISH
    assert not re.search(r"\b(None|null|[a-z]+_[a-z]+|\d{4}-Q\d)\b", whole)
    assert "Trong kỳ các cơ quan không có kiến nghị, đề xuất." in whole
    assert "chưa có báo cáo kết quả nào được chấp nhận" in whole
    heads = [i for i, t in enumerate(texts(doc)) if re.match(r"^(I|II|III|IV|V)\. ", t)]
    lines = texts(doc)
    for here, following in zip(heads, heads[1:] + [len(lines)], strict=True):
        assert any(t.strip() for t in lines[here + 1:following]), lines[here]  # no empty section


def test_a_draft_plan_has_nothing_to_consolidate(founding: Any) -> None:
    with pytest.raises(Invalid, match="chưa ban hành"):
        consolidate(founding, plan="1", period="2025-Q3")


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice and poppler-utils are not installed")
def test_the_report_converts_to_pdf_and_its_pages_are_saved(founding: Any, clock: Any, tmp_path: Path) -> None:
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(consolidated_docx(quarter(founding, clock), plan="1", period="2025-Q3"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "bao-cao.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "bao-cao")], check=True, timeout=120)
    pages = sorted(ARTIFACTS.glob("bao-cao-*.png"))
    assert len(pages) >= 3  # the report and its landscape annex


def test_the_indicators_and_their_figures_are_reported_with_a_chart(founding: Any, clock: Any) -> None:
    from theodoi.services import indicators

    ws = quarter(founding, clock)
    grdp, growth_rate = indicators.from_targets(ws, 1)
    indicators.record(ws, grdp, period="2025-H1", value=12.6, vintage="sơ bộ", source="Thống kê tỉnh")
    indicators.record(ws, grdp, period="2025-9M", value=13.9, vintage="ước tính")  # ends with Q3: in its report
    doc = Document(io.BytesIO(consolidated_docx(ws, plan="1", period="2025-Q3")))
    (grid,) = [t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == ["STT", "Chỉ tiêu"]]
    assert len(grid.rows) == 3
    first = [c.text for c in grid.rows[1].cells]
    assert first[1] == "Mức tăng trưởng kinh tế GRDP của tỉnh năm 2025" and first[2] == "≥ 13,6 % (Năm 2025)"
    assert first[3] == "13,9% (9 tháng năm 2025, ước tính)" and first[4] == "Đúng tiến độ"
    assert [c.text for c in grid.rows[2].cells][3:] == ["Chưa có số liệu", "Chưa đánh giá"]
    pictures = [r for r in doc.part.rels.values() if "image" in r.reltype]
    assert len(pictures) == 2  # tasks by agency, and targets against figures
    earlier = Document(io.BytesIO(consolidated_docx(ws, plan="1", period="2025-Q2")))
    (grid,) = [t for t in earlier.tables if [c.text for c in t.rows[0].cells][:2] == ["STT", "Chỉ tiêu"]]
    assert [c.text for c in grid.rows[1].cells][3] == "12,6% (6 tháng đầu năm 2025, sơ bộ)"  # 9 months came later


def test_an_agency_s_own_report_to_the_coordinator(founding: Any, clock: Any) -> None:
    ws = quarter(founding, clock)
    content = consolidate(ws, plan="1", period="2025-Q3", agency=XAY_DUNG)
    assert content.author is not None and content.author.name == "Sở Xây dựng"
    whole_plan = consolidate(ws, plan="1", period="2025-Q3")
    assert "II.3.2" in {line.ref for line in content.annex} and 0 < len(content.annex) < len(whole_plan.annex)
    assert content.total == len(content.annex)  # its parts only (named, or as one of "các sở, ngành")
    doc = Document(io.BytesIO(consolidated_docx(ws, plan="1", period="2025-Q3", agency=XAY_DUNG)))
    lines = texts(doc)
    whole = "\n".join(lines)
    assert "SỞ XÂY DỰNG" in lines and "Số: …/BC-SXD" in lines  # issued by the agency itself
    assert any(t.startswith(f"Sở Xây dựng được giao {content.total} nhiệm vụ") for t in lines)
    assert "kính gửi Sở Tài chính tổng hợp, báo cáo Ủy ban nhân dân tỉnh./." in whole
    assert "- Sở Tài chính (để tổng hợp);" in lines
    assert "Đã thi công xong 60%" in whole and "KẾT QUẢ CHỜ DUYỆT" not in whole
    assert not [r for r in doc.part.rels.values() if "image" in r.reltype]  # one agency: no chart by agency


def test_the_growth_scenario_kept_with_the_plan_is_reported(founding: Any, clock: Any) -> None:
    from theodoi.services import scenario

    ws = quarter(founding, clock)
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "kich-ban-tang-truong.toml"
    scenario.keep(ws, 1, example.read_text(encoding="utf-8"))
    lines = texts(Document(io.BytesIO(consolidated_docx(ws, plan="1", period="2025-Q3"))))
    (said,) = [t for t in lines if t.startswith("Tăng trưởng GRDP")]
    assert said.startswith("Tăng trưởng GRDP quý I năm 2025 đạt 13,95%, cao hơn kịch bản (13,00%) 0,95 điểm phần trăm")
    assert "công nghiệp - xây dựng đóng góp 12,69 điểm phần trăm" in said
    assert "quý II – quý IV cần tăng bình quân 13,51%" in said
    # the Q1 report knows only the estimate published on 28/03 (the preliminary figure came in June)
    early = texts(Document(io.BytesIO(consolidated_docx(ws, plan="1", period="2025-Q1", on=date(2025, 6, 15)))))
    (first,) = [t for t in early if t.startswith("Tăng trưởng GRDP")]
    assert "đạt 13,9" in first and "13,95%" not in first
    with pytest.raises(Exception, match="sai cú pháp"):
        scenario.keep(ws, 1, "[scenario\\n")
