"""The document model every reader produces: blocks in document order, each with its source.

A reader turns a file into a :class:`RawDocument`: a list of :class:`Paragraph` and
:class:`Table` blocks. Paragraph text is one logical paragraph (no hard line breaks inside,
except where the original had a line break within the paragraph, kept as "\\n"). Word's
automatic numbering is rendered into ``numbering`` (e.g. "1.", "a)", "-") and is *not* part
of ``text``; readers of plain text leave ``numbering`` empty and the numbering stays in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    """Where a piece of text came from. ``line`` is 1-based: the physical line of a text file, or
    the block's ordinal (1, 2, ...) in document order for other formats. ``page`` is 1-based for
    PDFs. ``table``/``row``/``cell`` are 1-based indices for table cells."""

    line: int | None = None
    page: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("line", "page", "table", "row", "cell") if getattr(self, k) is not None}


@dataclass(slots=True)
class Paragraph:
    text: str
    source: Source
    numbering: str = ""  # Word automatic numbering label ("1.", "a)", "-"), not part of text
    style: str = ""  # Word style name, e.g. "Heading 1", "List Paragraph"
    bold: bool = False  # whole paragraph bold (headings often are)
    italic: bool = False
    align: str = ""  # "center", "right", "justify", "" when unknown
    in_header_box: bool = False  # came from a header text box / header table of the first page

    @property
    def full_text(self) -> str:
        """Text with its automatic numbering in front, as a reader would see it."""
        return f"{self.numbering} {self.text}".strip() if self.numbering else self.text


@dataclass(slots=True)
class Cell:
    text: str  # paragraphs of the cell joined with "\n"
    source: Source
    colspan: int = 1
    rowspan: int = 1
    merged: bool = False  # a continuation of a vertically merged cell (text repeated from above)


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]]
    source: Source  # of the table as a whole (line = block ordinal, table = table index)
    layout: bool = False  # a layout table (header block, signature block), not a data table

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


Block = Paragraph | Table


@dataclass(slots=True)
class RawDocument:
    """What a reader returns."""

    blocks: list[Block]
    path: str = ""
    format: str = ""  # "txt", "docx", "doc", "pdf", "html"
    pages: int | None = None
    ocr: bool = False  # text came from OCR
    encoding: str = ""  # detected source encoding for text ("utf-8", "utf-16", "tcvn3", "vni", ...)
    notes: list[str] = field(default_factory=list)  # reader remarks (e.g. "text layer garbled, used OCR")

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def plain_text(self) -> str:
        """The whole document as text: paragraphs one per line, table rows as "cell | cell"."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                lines.append(block.full_text)
            else:
                for row in block.rows:
                    lines.append(" | ".join(c.text.replace("\n", " ") for c in row))
        return "\n".join(lines)
