"""PDF reader: the text layer through pdfplumber, OCR (tesseract) when there is none or it is garbled.

Form fields and annotations are flattened first (with PDFium), so that the number and date that
e-signing software stamps into signature fields are part of the text. Ruled tables become
:class:`Table` blocks (continued across pages when the next page starts with the same columns) and
their words are kept out of the paragraphs. Pages with almost no text and a page-sized image are
scanned: OCR. A text layer whose words are mostly not Vietnamese syllables (fonts without a
Unicode map) is garbled: OCR of every page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from theodoi.errors import CorruptDocument, EmptyDocument, EncryptedDocument, InputError, UnsupportedFormat
from theodoi.parsing.model import RawDocument
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers.layout import Line, Word, drop_page_numbers, group_lines
from theodoi.parsing.readers.pdf_blocks import assemble
from theodoi.parsing.readers.pdf_tables import BBox, PageTable, fill_tables, table_frames, words_outside
from theodoi.parsing.readers.quality import vietnamese_score

_BOLD = re.compile(r"bold|black|heavy|semibold|,b\b|-b\b", re.IGNORECASE)
_SCANNED_LETTERS = 200  # a page with fewer letters than this and a page-sized image is a scan
_SCANNED_IMAGE = 0.5  # share of the page an image covers on a scan
_GARBLED = 0.6  # text layers scoring below this share of Vietnamese syllables are garbled
_MIN_TOKENS = 30
_RULE_WIDTH = 2.0  # points: a rectangle thinner than this is a table rule


@dataclass(slots=True)
class PageContent:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    frames: list[tuple[BBox, list[BBox]]] = field(default_factory=list)  # ruled tables' cell boxes
    text: str = ""
    image_share: float = 0.0

    @property
    def letters(self) -> int:
        return sum(1 for c in self.text if c.isalpha())

    @property
    def scanned(self) -> bool:
        return self.letters < _SCANNED_LETTERS and self.image_share > _SCANNED_IMAGE


def read_pdf(data: bytes, options: ParseOptions) -> RawDocument:
    """Read a PDF's bytes into blocks, running OCR where the text layer is missing or garbled."""
    flat = _flatten(data)
    pages, total = _text_layer(flat, options)
    notes: list[str] = []
    if b"%%EOF" not in data[-4096:]:
        notes.append("tệp PDF không đầy đủ (thiếu %%EOF), có thể thiếu nội dung (truncated PDF: content may be missing)")
    to_ocr = _pages_to_ocr(pages, options, notes)
    if to_ocr:
        _ocr(flat, pages, to_ocr, options, notes)
    for page in pages:
        page.lines = drop_page_numbers(page.lines, page.height)
    if total > len(pages):
        notes.append(f"chỉ đọc {len(pages)}/{total} trang (only the first {len(pages)} of {total} pages read)")
    blocks = assemble(pages)
    timeouts = [note for note in notes if "timed out" in note]
    if not blocks and timeouts:
        raise EmptyDocument(f"không đọc được chữ nào: {timeouts[0]}")
    return RawDocument(blocks=blocks, format="pdf", pages=total, ocr=bool(to_ocr), notes=notes)


def _flatten(data: bytes) -> bytes:
    """The PDF with its form fields and annotations drawn into the page content (PDFium)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedDocument("tệp PDF được đặt mật khẩu (password-protected PDF)") from None
        return data  # let pdfplumber judge it
    try:
        pdf.init_forms()
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                page.flatten()
            except Exception:  # a page that cannot be flattened is read as it is
                pass
            finally:
                page.close()
        buffer = io.BytesIO()
        pdf.save(buffer)
        return buffer.getvalue()
    except Exception:
        return data
    finally:
        pdf.close()


def _text_layer(data: bytes, options: ParseOptions) -> tuple[list[PageContent], int]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            total = len(pdf.pages)
            if total == 0:
                raise CorruptDocument("tệp PDF không có trang nào (PDF has no pages)")
            pages = [_page(pdf.pages[i], i + 1) for i in range(min(total, options.max_pages))]
            return pages, total
    except InputError:
        raise
    except PDFPasswordIncorrect:
        raise EncryptedDocument("tệp PDF được đặt mật khẩu (password-protected PDF)") from None
    except Exception as exc:
        raise CorruptDocument(f"tệp PDF bị hỏng hoặc không đầy đủ (damaged or truncated PDF): {type(exc).__name__}") from None


def _page(page: Any, number: int) -> PageContent:
    content = PageContent(number=number, width=float(page.width), height=float(page.height))
    content.image_share = _image_share(page)
    clean_page = page.filter(_page_filter(page.chars))
    words = [
        Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]),
             bool(_BOLD.search(str(w.get("fontname", "")))))
        for w in clean_page.extract_words(extra_attrs=["fontname"])
    ]
    content.text = " ".join(w.text for w in words)
    try:
        content.frames = table_frames(clean_page)
    except Exception:  # the table finder is best effort
        content.frames = []
    content.tables = fill_tables(content.frames, words, number)
    content.lines = group_lines(words_outside(words, content.tables), number)
    return content


def _page_filter(chars: list[dict[str, Any]]) -> Any:
    """A filter for a pdfplumber page: drops blank characters drawn under a visible one (a number
    stamped over spaces) and filled rectangles too thick to be table rules (text highlights)."""
    visible: dict[int, list[tuple[float, float]]] = {}
    for c in chars:
        if c["text"].strip():
            visible.setdefault(round(c["top"] / 4), []).append((c["x0"], c["x1"]))
    hidden: set[int] = set()
    for c in chars:
        if c["text"].strip():
            continue
        spans = visible.get(round(c["top"] / 4), [])
        middle = (c["x0"] + c["x1"]) / 2
        if any(x0 < middle < x1 for x0, x1 in spans):
            hidden.add(id(c))

    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") == "rect":  # thin rectangles are rules; others (highlights) are not
            return min(float(obj.get("width", 0)), float(obj.get("height", 0))) <= _RULE_WIDTH
        return id(obj) not in hidden

    return keep


def _image_share(page: Any) -> float:
    area = float(page.width * page.height) or 1.0
    covered = 0.0
    for image in page.images:
        width = min(float(image["x1"]), float(page.width)) - max(float(image["x0"]), 0.0)
        height = min(float(image["bottom"]), float(page.height)) - max(float(image["top"]), 0.0)
        covered += max(width, 0.0) * max(height, 0.0)
    return min(covered / area, 1.0)


def _pages_to_ocr(pages: list[PageContent], options: ParseOptions, notes: list[str]) -> list[int]:
    if options.ocr == "always":
        notes.append("OCR theo yêu cầu (OCR forced by the ocr=always option)")
        return [p.number for p in pages]
    scanned = [p.number for p in pages if p.scanned]
    text = " ".join(p.text for p in pages if not p.scanned)
    garbled = len(text.split()) >= _MIN_TOKENS and vietnamese_score(text) < _GARBLED
    if garbled:
        wanted = [p.number for p in pages]
        notes.append("lớp văn bản bị lỗi phông, đã dùng OCR (garbled text layer, used OCR)")
    elif scanned:
        wanted = scanned
        notes.append(f"{len(scanned)} trang không có lớp văn bản, đã dùng OCR (scanned pages, used OCR)")
    else:
        return []
    if options.ocr == "never":
        reason = "lớp văn bản bị lỗi phông" if garbled else "tệp PDF là bản quét, không có lớp văn bản"
        raise UnsupportedFormat(f"{reason}; cần OCR nhưng tùy chọn ocr=never (OCR needed but disabled)")
    return wanted


def _ocr(data: bytes, pages: list[PageContent], numbers: list[int], options: ParseOptions, notes: list[str]) -> None:
    import pypdfium2 as pdfium

    from theodoi.parsing.readers.ocr import PageOcr, drop_specks

    engine = PageOcr(options)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise CorruptDocument("không dựng được ảnh trang PDF để OCR (cannot render the PDF for OCR)") from None
    try:
        results = engine.pages(pdf, numbers)
    finally:
        pdf.close()
    if engine.timed_out:
        listed = ", ".join(map(str, sorted(engine.timed_out)))
        notes.append(f"OCR quá thời gian ở trang {listed} (OCR timed out on pages {listed})")
    for page in pages:
        if page.number in results:
            lines = results[page.number]
            page.tables = fill_tables(page.frames, [w for line in lines for w in line.words], page.number)
            page.lines = drop_specks(_lines_outside(lines, page.tables))


def _lines_outside(lines: list[Line], tables: list[PageTable]) -> list[Line]:
    """OCR lines without the words that fall inside a table."""
    if not tables:
        return lines
    kept: list[Line] = []
    for line in lines:
        words = words_outside(line.words, tables)
        if words:
            kept.append(Line(words, line.page))
    return kept
