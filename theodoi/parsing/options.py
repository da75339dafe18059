"""Options of the parsing pipeline (plain dataclass: the core does not need pydantic)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ProgressCallback = Callable[[int, int, str], None]  # (done, total, what)


def _no_progress(done: int, total: int, what: str) -> None:
    return None


@dataclass(slots=True)
class ParseOptions:
    max_bytes: int = 50 * 1024 * 1024  # refuse larger files
    ocr: str = "auto"  # "auto": OCR when the text layer is missing or garbled; "always"; "never"
    ocr_lang: str = "vie"
    ocr_dpi: int = 300
    ocr_timeout: float = 120.0  # seconds per page
    max_pages: int = 500
    progress: ProgressCallback = field(default=_no_progress)
