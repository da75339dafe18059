"""Header block, signature block and recipients (stub: to be completed)."""

from __future__ import annotations

from dataclasses import dataclass, field

from theodoi.parsing.model import Block
from theodoi.parsing.plan import DocumentInfo, Signature


@dataclass(slots=True)
class Closing:
    signature: Signature = field(default_factory=Signature)
    recipients: list[str] = field(default_factory=list)
    start: int = -1  # index of the first block of the closing zone (Nơi nhận / signature); -1 when none
    end: int = -1  # index after the last block of the closing zone


def read_header(blocks: list[Block]) -> tuple[DocumentInfo, int]:
    """Document info from the header block, and the index of the first body block."""
    return DocumentInfo(), 0


def read_closing(blocks: list[Block], body_start: int) -> Closing:
    """The closing zone (recipients, signature) after the body."""
    return Closing()
