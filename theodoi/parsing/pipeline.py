"""The pipeline: named stages, each a pure function of the previous stage's output."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from theodoi.parsing import readers
from theodoi.parsing.model import RawDocument, Table
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.plan import Plan
from theodoi.parsing.readers.txt import read_txt


def parse_document(path: str | Path, options: ParseOptions | None = None) -> Plan:
    """Read a plan document (.txt, .docx, .doc, .pdf, .html) and extract its task register."""
    options = options or ParseOptions()
    raw = readers.read(path, options)
    plan = parse_raw(raw)
    data = Path(path).read_bytes()
    plan.file = {
        "path": str(path),
        "name": Path(path).name,
        "format": raw.format,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "pages": raw.pages,
        "ocr": raw.ocr,
        "encoding": raw.encoding or None,
        "notes": raw.notes,
    }
    return plan


def parse_text(text: str) -> Plan:
    """Extract the task register of a plan given as text."""
    return parse_raw(read_txt(text.encode("utf-8"), ParseOptions()))


def parse_raw(raw: RawDocument) -> Plan:
    from theodoi.parsing.extract import extract
    from theodoi.parsing.normalise import normalise
    from theodoi.parsing.resolve import resolve
    from theodoi.parsing.segment import segment
    from theodoi.parsing.validate import validate

    doc = normalise(raw)
    outline = segment(doc)
    plan = resolve(extract(outline))
    plan.findings = validate(plan, outline)
    plan.text = text_map(doc)
    return plan


def text_map(doc: RawDocument) -> dict[str, Any]:
    """The normalised document as its sources address it: ``lines`` — [line, text] of every paragraph
    (a text file's physical line, or the block's ordinal) — and ``rows`` — "table:row" → the row's cells."""
    lines: list[list[Any]] = []
    rows: dict[str, list[str]] = {}
    for block in doc.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                if row and row[0].source.table is not None and row[0].source.row is not None:
                    rows[f"{row[0].source.table}:{row[0].source.row}"] = [c.text for c in row]
            if block.source.line is not None:
                lines.append([block.source.line, " | ".join(c.text for c in block.rows[0]) if block.rows else ""])
        elif block.source.line is not None:
            lines.append([block.source.line, block.full_text])
    return {"lines": lines, "rows": rows}
