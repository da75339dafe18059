"""Word .docx reader (python-docx + the body XML): paragraphs and tables in body order.

- automatic numbering rendered into ``Paragraph.numbering`` (see :mod:`docx_numbering`);
- tables: ``gridSpan`` → ``colspan``; a ``vMerge`` continuation is kept as a ``merged`` cell that
  repeats the text above; nested tables flattened into their cell's text ("a | b" lines);
- text boxes of the header area come first as ``in_header_box`` paragraphs;
- ``Source.line`` is the block's ordinal in document order; cells also get table/row/cell indices.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass, field

from theodoi.errors import CorruptDocument, EncryptedDocument, InputError, UnsupportedFormat
from theodoi.parsing.model import Block, Cell, Paragraph, RawDocument, Source, Table
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers.docx_numbering import Numbering
from theodoi.parsing.readers.docx_styles import MC, Element, StyleSheet, attr, child, int_attr, w
from theodoi.parsing.readers.docx_text import ParagraphReader, alternate_branch
from theodoi.parsing.readers.tables import is_layout_table, number_blocks
from theodoi.text import clean

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_AREA_LENGTH = 120  # text boxes anchored before the first paragraph this long are "header area"


@dataclass(slots=True)
class _Context:
    reader: ParagraphReader
    numbering: Numbering
    blocks: list[Block] = field(default_factory=list)
    header_boxes: list[Paragraph] = field(default_factory=list)
    in_header_area: bool = True
    tables: int = 0


def read_docx(data: bytes, options: ParseOptions) -> RawDocument:
    """Read a .docx file's bytes into blocks."""
    if data.startswith(_OLE_MAGIC):
        if is_encrypted_ole(data):
            raise EncryptedDocument("tệp Word được đặt mật khẩu (password-protected document)")
        raise UnsupportedFormat("không phải tệp .docx (an old .doc file, not .docx)")
    document = _open(data)
    try:
        blocks = _read_body(document)
    except InputError:
        raise
    except Exception as exc:  # malformed XML inside a readable package
        raise CorruptDocument(f"tệp .docx bị hỏng (damaged .docx): {type(exc).__name__}") from None
    return RawDocument(blocks=blocks, format="docx")


def is_encrypted_ole(data: bytes) -> bool:
    """True for an OLE container holding an encrypted OOXML package (a password-protected .docx)."""
    return "EncryptedPackage".encode("utf-16-le") in data[:1_000_000] or "EncryptionInfo".encode(
        "utf-16-le"
    ) in data[:1_000_000]


def _open(data: bytes) -> object:
    import docx  # python-docx

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
                raise UnsupportedFormat("tệp nén không phải văn bản Word (a zip archive, not a Word document)")
            bad = archive.testzip()
            if bad is not None:
                raise CorruptDocument(f"tệp .docx bị hỏng (damaged .docx: {bad})")
        return docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise CorruptDocument(f"tệp .docx bị hỏng hoặc không đầy đủ (damaged or truncated .docx): {exc}") from None
    except (KeyError, ValueError) as exc:
        raise UnsupportedFormat(f"không phải tệp Word .docx được hỗ trợ (not a supported .docx): {exc}") from None
    except Exception as exc:
        raise CorruptDocument(f"tệp .docx bị hỏng (damaged .docx): {type(exc).__name__}") from None


def _read_body(document: object) -> list[Block]:
    styles_el = getattr(getattr(document, "styles", None), "element", None)
    styles = StyleSheet(styles_el)
    part = document.part  # type: ignore[attr-defined]
    try:
        numbering_el = part.numbering_part.element
    except Exception:
        numbering_el = None
    ctx = _Context(reader=ParagraphReader(styles), numbering=Numbering(numbering_el, styles))
    _walk_body(document.element.body, ctx)  # type: ignore[attr-defined]
    _footnotes(part, ctx)
    blocks = ctx.header_boxes + ctx.blocks
    return number_blocks(blocks)


def _footnotes(part: object, ctx: _Context) -> None:
    """Footnotes referenced in the text, appended at the end as "[n] text" paragraphs."""
    if not ctx.reader.footnotes:
        return
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    try:
        blob = part.part_related_by(RT.FOOTNOTES).blob  # type: ignore[attr-defined]
        root = etree.fromstring(blob, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except Exception:
        return
    notes = {attr(el, "id"): el for el in root.iterfind(w("footnote"))}
    for note_id, number in sorted(ctx.reader.footnotes.items(), key=lambda item: item[1]):
        el = notes.get(note_id)
        if el is None:
            continue
        text = clean(" ".join(ctx.reader.content(p).text for p in el.iter(w("p"))))
        if text:
            ctx.blocks.append(Paragraph(text=f"[{number}] {text}", source=Source(), style="footnote text"))


def _walk_body(el: Element, ctx: _Context) -> None:
    for sub in el:
        tag = sub.tag
        if tag == w("p"):
            _paragraph(sub, ctx)
        elif tag == w("tbl"):
            _table(sub, ctx)
        elif tag in (w("sdt"), w("sdtContent"), w("customXml")):
            _walk_body(sub, ctx)
        elif tag == f"{{{MC}}}AlternateContent":
            branch = alternate_branch(sub)
            if branch is not None:
                _walk_body(branch, ctx)


def _paragraph_parts(p: Element, ctx: _Context) -> tuple[str, str, list[Element], bool, bool]:
    """(numbering label, text, text boxes, bold, italic) of one paragraph; advances the numbering."""
    content = ctx.reader.content(p)
    text = clean(content.text)
    ppr = child(p, "pPr")
    label = ""
    num = ctx.numbering.num_pr(ppr, ctx.reader.styles.paragraph_style(ppr))
    if num is not None and text:
        label = ctx.numbering.label(*num)
    visible = [r for r in content.runs if r.text.strip()]
    bold = bool(visible) and all(r.bold for r in visible)
    italic = bool(visible) and all(r.italic for r in visible)
    return label, text, content.boxes, bold, italic


def _paragraph(p: Element, ctx: _Context) -> None:
    label, text, boxes, bold, italic = _paragraph_parts(p, ctx)
    if len(text) >= _HEADER_AREA_LENGTH:
        ctx.in_header_area = False
    if text:
        ctx.blocks.append(
            Paragraph(
                text=text,
                source=Source(),
                numbering=label,
                style=ctx.reader.style_name(p),
                bold=bold,
                italic=italic,
                align=ctx.reader.align(p),
            )
        )
    _boxes(boxes, ctx)  # after its anchor paragraph (or at the start, in the header area)


def _boxes(boxes: list[Element], ctx: _Context) -> None:
    """Text boxes become paragraphs: at the start when in the header area, else where anchored."""
    for box in boxes:
        for p in box.iter(w("p")):
            label, text, _, bold, italic = _paragraph_parts(p, ctx)
            if not text:
                continue
            para = Paragraph(text=text, source=Source(), numbering=label, style=ctx.reader.style_name(p),
                             bold=bold, italic=italic, align=ctx.reader.align(p), in_header_box=ctx.in_header_area)
            (ctx.header_boxes if ctx.in_header_area else ctx.blocks).append(para)


def _table(tbl: Element, ctx: _Context) -> None:
    ctx.tables += 1
    index = ctx.tables
    rows = _table_rows(tbl, ctx)
    if not any(c.text for row in rows for c in row):
        return
    ctx.blocks.append(Table(rows=rows, source=Source(table=index), layout=is_layout_table(rows)))


def _rows_of(tbl: Element) -> list[Element]:
    rows: list[Element] = []
    for sub in tbl:
        if sub.tag == w("tr"):
            rows.append(sub)
        elif sub.tag in (w("sdt"), w("sdtContent"), w("customXml")):
            rows.extend(_rows_of(sub))
    return rows


def _cells_of(tr: Element) -> list[Element]:
    cells: list[Element] = []
    for sub in tr:
        if sub.tag == w("tc"):
            cells.append(sub)
        elif sub.tag in (w("sdt"), w("sdtContent"), w("customXml")):
            cells.extend(_cells_of(sub))
    return cells


def _table_rows(tbl: Element, ctx: _Context) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    origins: dict[int, Cell] = {}  # grid column → cell that started a vertical merge there
    for tr in _rows_of(tbl):
        row: list[Cell] = []
        column = int_attr(child(tr, "trPr", "gridBefore"))
        if column:
            row.append(Cell(text="", source=Source(), colspan=column))
        for tc in _cells_of(tr):
            tcpr = child(tc, "tcPr")
            span = max(int_attr(child(tcpr, "gridSpan"), default=1), 1)
            vmerge = child(tcpr, "vMerge")
            text = _cell_text(tc, ctx)
            origin = origins.get(column)
            if vmerge is not None and attr(vmerge, "val") != "restart" and origin is not None:
                origin.rowspan += 1
                row.append(Cell(text=origin.text, source=Source(), colspan=span, merged=True))
            else:
                cell = Cell(text=text, source=Source(), colspan=span)
                row.append(cell)
                if vmerge is not None:
                    origins[column] = cell
                else:
                    origins.pop(column, None)
            column += span
        if row:
            rows.append(row)
    return rows


def _cell_text(tc: Element, ctx: _Context) -> str:
    lines: list[str] = []
    for sub in tc:
        if sub.tag == w("p"):
            label, text, boxes, _, _ = _paragraph_parts(sub, ctx)
            _boxes(boxes, ctx)
            if text:
                lines.append(f"{label} {text}".strip())
        elif sub.tag == w("tbl"):
            for row in _table_rows(sub, ctx):
                line = " | ".join(c.text.replace("\n", " ") for c in row if not c.merged or c.text)
                if line.strip(" |"):
                    lines.append(line)
        elif sub.tag in (w("sdt"), w("sdtContent"), w("customXml")):
            inner = _cell_text(sub, ctx)
            if inner:
                lines.append(inner)
    return "\n".join(lines)
