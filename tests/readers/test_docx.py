""".docx reader: body order, automatic numbering, merged cells, nested tables, text boxes, formatting."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml

from tests.readers.helpers import DEV, recall, reference_text
from theodoi.parsing.model import Paragraph, Table
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers import read
from theodoi.parsing.readers.docx import read_docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NUMBERING = f"""<w:numbering {W}>
  <w:abstractNum w:abstractNumId="10">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="11">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="12">
    <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Điều %1."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="12"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="10"/>
    <w:lvlOverride w:ilvl="3"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def _number(paragraph: Any, num_id: int, level: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _save(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def numbered_document() -> bytes:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)
    items = [
        ("MỤC TIÊU", 1, 0), ("Mục tiêu chung", 1, 1), ("Tăng trưởng", 1, 2), ("Việc thứ nhất", 1, 3),
        ("Việc thứ hai", 1, 3), ("Chỉ tiêu", 1, 2), ("Mục tiêu cụ thể", 1, 1), ("NHIỆM VỤ", 1, 0),
        ("Sở Nội vụ chủ trì", 2, 0), ("Sở Tài chính phối hợp", 2, 0), ("Hiệu lực thi hành", 3, 0),
        ("Việc tiếp theo của danh sách chung", 1, 3), ("Việc đầu của danh sách bắt đầu lại", 4, 3),
        ("Việc sau của danh sách bắt đầu lại", 4, 3),
    ]
    for text, num_id, level in items:
        _number(document.add_paragraph(text), num_id, level)
    return _save(document)


def test_automatic_numbering_is_rendered() -> None:
    doc = read_docx(numbered_document(), ParseOptions())
    assert [(p.numbering, p.text) for p in doc.paragraphs()] == [
        ("I.", "MỤC TIÊU"), ("1.", "Mục tiêu chung"), ("1.1.", "Tăng trưởng"), ("a)", "Việc thứ nhất"),
        ("b)", "Việc thứ hai"), ("1.2.", "Chỉ tiêu"), ("2.", "Mục tiêu cụ thể"), ("II.", "NHIỆM VỤ"),
        ("-", "Sở Nội vụ chủ trì"), ("-", "Sở Tài chính phối hợp"), ("Điều 3.", "Hiệu lực thi hành"),
        ("a)", "Việc tiếp theo của danh sách chung"),  # level 4 restarted after "II." (level 1)
        ("a)", "Việc đầu của danh sách bắt đầu lại"), ("b)", "Việc sau của danh sách bắt đầu lại"),
    ]
    assert doc.paragraphs()[0].full_text == "I. MỤC TIÊU"


def test_numbering_through_a_style() -> None:
    document = docx.Document(io.BytesIO(numbered_document()))
    style = document.styles["List Number"]
    ppr = style.element.get_or_add_pPr()
    for old in ppr.findall(f"{{{W[9:-1]}}}numPr"):
        ppr.remove(old)
    ppr.append(parse_xml(f'<w:numPr {W}><w:numId w:val="3"/></w:numPr>'))
    document.add_paragraph("Trách nhiệm thi hành", style="List Number")
    last = read_docx(_save(document), ParseOptions()).paragraphs()[-1]
    assert (last.numbering, last.text, last.style) == ("Điều 4.", "Trách nhiệm thi hành", "List Number")


def table_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("Trước bảng")
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"r{r}c{c}"
    for c, title in enumerate(["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"]):
        table.cell(0, c).text = title
    table.cell(1, 2).merge(table.cell(2, 2)).text = "Sở Nội vụ"  # vertical merge
    table.cell(3, 1).merge(table.cell(3, 2)).text = "Gộp hai cột"  # horizontal merge
    nested = table.cell(1, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "con 1"
    nested.cell(0, 1).text = "con 2"
    document.add_paragraph("Sau bảng")
    return _save(document)


def test_tables_keep_body_order_and_merges() -> None:
    doc = read_docx(table_document(), ParseOptions())
    kinds = [type(b).__name__ for b in doc.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = doc.tables()[0]
    assert not table.layout
    assert table.texts()[0] == ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"]
    row1, row2, row3 = table.rows[1:]
    assert row1[2].text == "Sở Nội vụ" and row1[2].rowspan == 2 and not row1[2].merged
    assert row2[2].text == "Sở Nội vụ" and row2[2].merged  # continuation repeats the text above
    assert len(row2) == 4  # one cell per grid column
    assert row1[1].text == "r1c1\ncon 1 | con 2"  # nested table flattened into the cell
    assert [c.text for c in row3] == ["r3c0", "Gộp hai cột", "r3c3"] and row3[1].colspan == 2


def test_sources_are_block_ordinals_and_cell_indices() -> None:
    doc = read_docx(table_document(), ParseOptions())
    assert [b.source.line for b in doc.blocks] == [1, 2, 3]
    table = doc.tables()[0]
    assert table.source.table == 1
    cell = table.rows[2][3]
    assert (cell.source.line, cell.source.table, cell.source.row, cell.source.cell) == (2, 1, 3, 4)


def test_layout_tables_are_flagged() -> None:
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(1, 0).text = "Số: /KH-UBND"
    data = document.add_table(rows=2, cols=2)
    data.cell(0, 0).text = "STT"
    data.cell(0, 1).text = "Nhiệm vụ"
    layout, task = read_docx(_save(document), ParseOptions()).tables()
    assert layout.layout and not task.layout


def test_formatting_breaks_and_tabs() -> None:
    document = docx.Document()
    title = document.add_paragraph()
    title.add_run("KẾ HOẠCH").bold = True
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mixed = document.add_paragraph()
    mixed.add_run("Một phần ").bold = True
    mixed.add_run("đậm")
    lines = document.add_paragraph("dòng một")
    lines.runs[0].add_break()
    lines.add_run("dòng\thai")
    document.add_heading("Tiêu đề", level=1)
    document.add_paragraph("   ")  # blank: no block
    first, second, third, heading = read_docx(_save(document), ParseOptions()).paragraphs()
    assert (first.text, first.bold, first.align) == ("KẾ HOẠCH", True, "center")
    assert not second.bold
    assert third.text == "dòng một\ndòng hai"
    assert heading.style == "Heading 1"


def _text_box(text: str) -> str:
    ns = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"'
    )
    content = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return (
        f"<w:r {ns}><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )


def test_header_text_boxes_come_first_once() -> None:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    anchor = document.add_paragraph("Trích yếu")
    anchor._p.append(parse_xml(_text_box("DỰ THẢO")))
    document.add_paragraph("Nội dung dài " * 20)
    late = document.add_paragraph("Cuối")
    late._p.append(parse_xml(_text_box("Ghi chú")))
    blocks = read_docx(_save(document), ParseOptions()).paragraphs()
    assert [(p.text, p.in_header_box) for p in blocks][:3] == [
        ("DỰ THẢO", True), ("KẾ HOẠCH", False), ("Trích yếu", False)
    ]
    assert [p.text for p in blocks].count("DỰ THẢO") == 1  # Choice and Fallback: read once
    assert [(p.text, p.in_header_box) for p in blocks][-2:] == [("Cuối", False), ("Ghi chú", False)]
    assert [p.source.line for p in blocks] == list(range(1, len(blocks) + 1))


def test_legacy_font_runs_are_converted() -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("Uû ban nh©n d©n tØnh")
    run.font.name = ".VnTime"
    upper = document.add_paragraph().add_run("céng hßa x· héi")
    upper.font.name = ".VnTimeH"
    first, second = read_docx(_save(document), ParseOptions()).paragraphs()
    assert first.text == "Uỷ ban nhân dân tỉnh"
    assert second.text == "CỘNG HÒA XÃ HỘI"


@pytest.mark.parametrize("path", sorted(DEV.glob("*.docx")), ids=lambda p: p.stem)
def test_dev_documents_recall_their_reference(path: Path) -> None:
    doc = read(path)
    assert doc.format == "docx"
    assert recall(doc.plain_text(), reference_text(path.name)) >= 0.98  # measured 1.000 on all eight
    assert all(isinstance(b, Paragraph | Table) for b in doc.blocks)


def test_footnotes_are_appended() -> None:
    doc = read(DEV / "lamdong-tb-ket-luan-cao-toc-2026.docx")
    assert any("Bảo Lộc[1]." in p.text for p in doc.paragraphs())
    assert doc.paragraphs()[-1].text.startswith("[1] Tham dự họp")


def test_real_task_table_is_read_with_merges() -> None:
    doc = read(DEV / "lamdong-kh-cchc-2026-2030.docx")
    header, signature, tasks = doc.tables()
    assert header.layout and signature.layout and not tasks.layout
    assert [c.text for c in tasks.rows[0]][:3] == ["STT", "Nhiệm vụ", "Sản phẩm"]
    assert any(c.merged for row in tasks.rows for c in row)
    assert {len(row) for row in tasks.rows if not any(c.colspan > 1 for c in row)} == {7}
