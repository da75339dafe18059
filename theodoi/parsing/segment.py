"""Stage 3, segment (stub)."""
from __future__ import annotations

from dataclasses import dataclass, field

from theodoi.parsing.header import Closing, read_closing, read_header
from theodoi.parsing.model import RawDocument
from theodoi.parsing.plan import DocumentInfo


@dataclass(slots=True)
class Outline:
    raw: RawDocument
    info: DocumentInfo
    closing: Closing = field(default_factory=Closing)


def segment(doc: RawDocument) -> Outline:
    info, start = read_header(doc.blocks)
    return Outline(raw=doc, info=info, closing=read_closing(doc.blocks, start))
