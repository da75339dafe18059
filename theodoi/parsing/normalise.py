"""Stage 2, normalise: NFC, invisible characters, whitespace; broken paragraphs rejoined;
plain-text tables ("cell | cell | cell" lines) turned into tables."""

from __future__ import annotations

import re
from functools import lru_cache

from theodoi.data import load_toml
from theodoi.parsing.model import Block, Cell, Paragraph, RawDocument, Source, Table
from theodoi.text import clean

_SENTENCE_END = re.compile(r"[.;:!?…)\]”\"/]\s*$")
_STARTS_LOWER = re.compile(r"^[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
_LABEL_LIKE = re.compile(r"^(?:[a-zđ]\s*\)|[a-zđ]\.\s)")


def normalise(raw: RawDocument) -> RawDocument:
    blocks = [b for b in (_clean_block(b) for b in raw.blocks) if b is not None]
    if raw.format in ("txt", "pdf", "doc"):
        blocks = _rejoin(blocks)
        blocks = _pipe_tables(blocks)
    if raw.format in ("pdf", "doc"):
        blocks = _split_timelines(blocks)
    return RawDocument(
        blocks=blocks, path=raw.path, format=raw.format, pages=raw.pages, ocr=raw.ocr,
        encoding=raw.encoding, notes=list(raw.notes),
    )


def _clean_block(block: Block) -> Block | None:
    if isinstance(block, Paragraph):
        text = clean(block.text)
        if not text and not block.numbering:
            return None
        return Paragraph(
            text=text, source=block.source, numbering=clean(block.numbering), style=block.style,
            bold=block.bold, italic=block.italic, align=block.align, in_header_box=block.in_header_box,
        )
    rows = [[Cell(clean(c.text), c.source, c.colspan, c.rowspan, c.merged) for c in row] for row in block.rows]
    rows = [r for r in rows if any(c.text for c in r)]
    return Table(rows=rows, source=block.source, layout=block.layout) if rows else None


def _rejoin(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that starts in lower case to the previous one when that one did not end a
    sentence (a line or page break in the middle of a sentence)."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(block, Paragraph) and isinstance(prev, Paragraph) and not block.numbering
            and _STARTS_LOWER.match(block.text) and not _LABEL_LIKE.match(block.text)
            and not _SENTENCE_END.search(prev.text) and " | " not in prev.text
        ):
            out[-1] = Paragraph(
                text=f"{prev.text} {block.text}", source=prev.source, numbering=prev.numbering, style=prev.style,
                bold=prev.bold, italic=prev.italic, align=prev.align, in_header_box=prev.in_header_box,
            )
            continue
        out.append(block)
    return out


@lru_cache(maxsize=1)
def _timeline_inside() -> re.Pattern[str]:
    labels = sorted(load_toml("assignment")["timeline_labels"], key=len, reverse=True)
    alternation = "|".join(re.escape(label) for label in labels)
    return re.compile(rf"(?<=[.;!?…])\s+(?=(?:{alternation})\s*:)", re.I)


def _split_timelines(blocks: list[Block]) -> list[Block]:
    """A timeline line glued to the paragraph above it by a PDF's layout ("… thực hiện. Thời gian
    thực hiện: Quý III/2025") becomes its own paragraph again."""
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            out.append(block)
            continue
        pieces = _timeline_inside().split(block.text)
        if len(pieces) == 1:
            out.append(block)
            continue
        for index, piece in enumerate(pieces):
            out.append(Paragraph(
                text=piece.strip(), source=block.source, numbering=block.numbering if index == 0 else "",
                style=block.style, bold=block.bold, italic=block.italic, align=block.align,
            ))
    return out


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.split("|")]


def _pipe_tables(blocks: list[Block]) -> list[Block]:
    """Runs of two or more "a | b | c" lines with the same number (≥ 3) of cells become a table."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Paragraph) and block.text.count(" | ") >= 2:
            width = len(_cells(block.text))
            j = i
            while j < len(blocks):
                b = blocks[j]
                if not (isinstance(b, Paragraph) and "|" in b.text and len(_cells(b.text)) == width):
                    break
                j += 1
            if j - i >= 2:
                out.append(_table([b for b in blocks[i:j] if isinstance(b, Paragraph)]))
                i = j
                continue
        out.append(block)
        i += 1
    return out


def _table(paragraphs: list[Paragraph]) -> Table:
    rows = []
    for r, p in enumerate(paragraphs, start=1):
        line = p.source.line
        rows.append([
            Cell(text, Source(line=line, row=r, cell=c)) for c, text in enumerate(_cells(p.text), start=1)
        ])
    return Table(rows=rows, source=paragraphs[0].source)
