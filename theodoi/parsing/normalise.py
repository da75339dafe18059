"""Stage 2, normalise: NFC, invisible characters, whitespace; drop empty blocks."""

from __future__ import annotations

from theodoi.parsing.model import Cell, Paragraph, RawDocument, Table
from theodoi.text import clean


def normalise(raw: RawDocument) -> RawDocument:
    blocks: list[Paragraph | Table] = []
    for block in raw.blocks:
        if isinstance(block, Paragraph):
            text = clean(block.text)
            if text or block.numbering:
                blocks.append(
                    Paragraph(
                        text=text, source=block.source, numbering=clean(block.numbering), style=block.style,
                        bold=block.bold, italic=block.italic, align=block.align, in_header_box=block.in_header_box,
                    )
                )
        else:
            rows = [
                [Cell(clean(c.text), c.source, c.colspan, c.rowspan, c.merged) for c in row]
                for row in block.rows
            ]
            rows = [r for r in rows if any(c.text for c in r)]
            if rows:
                blocks.append(Table(rows=rows, source=block.source, layout=block.layout))
    return RawDocument(
        blocks=blocks, path=raw.path, format=raw.format, pages=raw.pages, ocr=raw.ocr,
        encoding=raw.encoding, notes=list(raw.notes),
    )
