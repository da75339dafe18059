"""Word documents in the form of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4 pages with the official margins,
Times New Roman runs, paragraphs, borderless layout tables, rules under headings, page numbers from
page 2. The building blocks of theodoi's official documents (the urging letter, reports)."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, Twips

from theodoi.text import nfc

FONT = "Times New Roman"
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


def mm(value: float) -> Twips:
    return Twips(round(value * 1440 / 25.4))


def el(tag: str, *children: Any, **attrs: str) -> Any:
    """An XML element ``w:tag`` with ``w:`` attributes and children."""
    element = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    element.extend(children)
    return element


def run(paragraph: Any, text: str, size: float, *, bold: bool = False, italic: bool = False) -> Any:
    run = paragraph.add_run(nfc(text))
    run.font.name, run.font.size, run.font.bold, run.font.italic = FONT, Pt(size), bold, italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    return run


def para(where: Any, text: str = "", size: float = 14, *, bold: bool = False, italic: bool = False,
          align: Any = CENTER, after: float = 0, before: float = 0, indent: bool = False, reuse: bool = False) -> Any:
    """A paragraph in a document or cell (``reuse``: the cell's first, empty paragraph)."""
    p = where.paragraphs[0] if reuse else where.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment, fmt.space_after, fmt.space_before, fmt.line_spacing = align, Pt(after), Pt(before), 1.0
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        run(p, text, size, bold=bold, italic=italic)
    return p


def rule(cell: Any, width_cm: float, column_cm: float) -> None:
    """A centred horizontal rule beneath the previous line (a top border on a tiny paragraph)."""
    p = cell.add_paragraph()
    p._p.get_or_add_pPr().extend([el("pBdr", el("top", val="single", sz="6", space="1", color="000000")),
                                  el("rPr", el("sz", val="4"))])
    side = Cm(max(0.0, (column_cm - width_cm) / 2))
    fmt = p.paragraph_format
    fmt.left_indent, fmt.right_indent, fmt.space_after, fmt.space_before = side, side, Pt(0), Pt(0)


def table(doc: Any, rows: int, widths: tuple[float, ...], *, borders: bool) -> Any:
    table = doc.add_table(rows=rows, cols=len(widths))
    table.alignment, table.autofit = WD_TABLE_ALIGNMENT.CENTER, False
    if borders:
        table.style = doc.styles["Table Grid"]
    else:
        edges = ("top", "left", "bottom", "right", "insideH", "insideV")
        table._tbl.tblPr.append(el("tblBorders", *(el(edge, val="nil") for edge in edges)))
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)
    return table


def page(doc: Any) -> None:
    """A4 portrait, the official margins, page numbers centred at the top from page 2, Times New Roman 14."""
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(11906), Twips(16838)  # A4 portrait
    section.top_margin, section.bottom_margin = mm(20), mm(20)
    section.left_margin, section.right_margin = mm(30), mm(15)
    section.header_distance = mm(10)
    section.different_first_page_header_footer = True  # no page number on page 1
    section.first_page_header.is_linked_to_previous = False
    p = section.header.paragraphs[0]
    p.paragraph_format.alignment = CENTER
    number = run(p, "2", 13)
    field = el("fldSimple", instr="PAGE")
    number._r.addprevious(field)
    field.append(number._r)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    rpr.append(el("lang", val="vi-VN"))
