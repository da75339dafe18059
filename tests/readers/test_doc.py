"""Legacy .doc reader: antiword (tables from "|cell|" lines), catdoc and LibreOffice fallbacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.readers.helpers import SMOKE
from theodoi.errors import MissingTool
from theodoi.parsing.model import Table
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers import doc as doc_reader
from theodoi.parsing.readers import read
from theodoi.parsing.readers.doc import parse_antiword, read_doc

DOC = SMOKE / "binhthuan-cv-trien-khai-cd131-2024.doc"
ANTIWORD_OUTPUT = """
|ỦY BAN NHÂN DÂN          |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |
|TỈNH LÂM ĐỒNG            |Độc lập - Tự do - Hạnh phúc         |

      KẾ HOẠCH

      1. Nhiệm vụ chung

|STT |Nhiệm vụ               |Chủ trì      |Thời gian |
|1   |Rà soát văn bản        |Sở Tư pháp   |Quý I     |
|    |quy phạm pháp luật     |             |          |
|2   |Báo cáo kết quả        |Sở Nội vụ    |Tháng 12  |
"""


def only(monkeypatch: pytest.MonkeyPatch, *tools: str) -> None:
    """Pretend only ``tools`` are installed."""
    real = shutil.which
    monkeypatch.setattr(doc_reader.shutil, "which", lambda name: real(name) if name in tools else None)


def test_antiword_tables_and_paragraphs() -> None:
    header, title, item, tasks = parse_antiword(ANTIWORD_OUTPUT)
    assert isinstance(header, Table) and header.layout
    assert header.texts() == [["ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"]]
    assert (title.text, item.text) == ("KẾ HOẠCH", "1. Nhiệm vụ chung")  # type: ignore[union-attr]
    assert isinstance(tasks, Table) and not tasks.layout
    assert tasks.texts() == [
        ["STT", "Nhiệm vụ", "Chủ trì", "Thời gian"],
        ["1", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Quý I"],
        ["2", "Báo cáo kết quả", "Sở Nội vụ", "Tháng 12"],
    ]


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")
def test_real_doc_with_antiword() -> None:
    doc = read(DOC)
    assert doc.format == "doc" and any("antiword" in n for n in doc.notes)
    header = doc.tables()[0]
    assert header.layout and header.rows[0][0].text.startswith("ỦY BAN NHÂN DÂN\nTỈNH BÌNH THUẬN")
    texts = [p.text for p in doc.paragraphs()]
    assert "1. Giao Sở Tư pháp:" in texts
    assert [b.source.line for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))


@pytest.mark.skipif(shutil.which("catdoc") is None, reason="catdoc is not installed")
def test_catdoc_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    only(monkeypatch, "catdoc")
    doc = read_doc(DOC.read_bytes(), ParseOptions())
    assert any("catdoc" in n for n in doc.notes)
    assert "1. Giao Sở Tư pháp:" in [p.text for p in doc.paragraphs()]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    only(monkeypatch, "soffice")
    doc = read_doc(DOC.read_bytes(), ParseOptions())
    assert doc.format == "doc" and any("LibreOffice" in n for n in doc.notes)
    assert doc.tables()[0].layout
    assert any(p.full_text == "1. Giao Sở Tư pháp:" for p in doc.paragraphs())


def test_no_converter_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    only(monkeypatch)
    with pytest.raises(MissingTool, match="antiword"):
        read_doc(DOC.read_bytes(), ParseOptions())


@pytest.mark.parametrize("path", sorted(SMOKE.glob("*.doc")), ids=lambda p: p.stem)
def test_smoke_docs_read_with_their_header_table(path: Path) -> None:
    doc = read(path)
    assert doc.tables() and doc.tables()[0].layout
    assert len(doc.paragraphs()) > 10
