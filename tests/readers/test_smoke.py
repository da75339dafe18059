"""Every real file of the smoke corpus is read into blocks or refused with an InputError."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tests.readers.helpers import SMOKE
from theodoi.errors import InputError
from theodoi.parsing.model import Paragraph, Table
from theodoi.parsing.readers import read

NEEDS_OCR = {  # scanned, or a text layer with broken fonts (see SOURCES.md)
    "bca-cv-4214-ctmtqg-pcmt-2025.pdf", "bct-cv-2265-2026-hhnh.pdf", "c04-cv-2582-2026-von-pcmt.pdf",
    "hcm-dct-kh-753-2026-khao-sat.pdf", "lamdong-tb-493-2025-ket-luan-cchc.pdf",
    "laocai-sct-qd-1050-2026-kiem-tra.pdf",
}
FILES = sorted(p for p in SMOKE.iterdir() if p.suffix in (".docx", ".doc", ".pdf"))


def _params() -> list[object]:
    return [pytest.param(p, marks=pytest.mark.slow, id=p.name) if p.name in NEEDS_OCR else pytest.param(p, id=p.name)
            for p in FILES]


def test_the_smoke_corpus_is_there() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", _params())
def test_smoke_file_reads_or_is_refused(path: Path) -> None:
    try:
        doc = read(path)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert doc.blocks and doc.format == path.suffix[1:]
    assert doc.ocr == (path.name in NEEDS_OCR)
    assert [b.source.line for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    for block in doc.blocks:
        assert isinstance(block, Paragraph | Table)
        texts = [block.text] if isinstance(block, Paragraph) else [c.text for row in block.rows for c in row]
        for text in texts:
            assert text == unicodedata.normalize("NFC", text) and text == text.strip()
    assert len(doc.plain_text()) > 500
