"""OCR fallback of the PDF reader: scanned pages, garbled text layers, the ``ocr`` option, missing tools."""

from __future__ import annotations

import shutil
import time

import pytest

from tests.readers.helpers import DEV, make_pdf, recall, reference_text
from tests.readers.test_pdf import BODY, sample_pages, scanned_pdf
from theodoi.errors import EmptyDocument, MissingTool
from theodoi.parsing.model import RawDocument
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers import ocr
from theodoi.parsing.readers.pdf import read_pdf
from theodoi.parsing.readers.quality import vietnamese_score

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def test_missing_tesseract_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(MissingTool, match="apt-get install tesseract-ocr tesseract-ocr-vie"):
        read_pdf(scanned_pdf(make_pdf(sample_pages()[:1])), ParseOptions())


@needs_tesseract
def test_missing_language_is_a_clear_error() -> None:
    with pytest.raises(MissingTool, match="tesseract-ocr-vie"):
        read_pdf(scanned_pdf(make_pdf(sample_pages()[:1])), ParseOptions(ocr_lang="zzz"))


def test_tsv_words_become_lines_in_points() -> None:
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "5\t1\t1\t1\t1\t1\t300\t600\t200\t50\t95\tKế",
        "5\t1\t1\t1\t1\t2\t540\t600\t250\t50\t93\thoạch",
        "5\t1\t1\t1\t2\t1\t300\t700\t80\t50\t5\t|",  # low-confidence mark: dropped
        "4\t1\t1\t1\t2\t0\t300\t700\t80\t50\t-1\t",
    ]
    (line,) = ocr.parse_tsv("\n".join([header, *rows]), 72 / 300, page=3)
    assert line.text == "Kế hoạch" and line.page == 3
    assert line.x0 == pytest.approx(72.0) and line.bottom == pytest.approx(156.0)


@needs_tesseract
@pytest.mark.slow
def test_scanned_pdf_is_read_by_ocr_with_progress() -> None:
    calls: list[tuple[int, int, str]] = []
    options = ParseOptions(progress=lambda done, total, what: calls.append((done, total, what)))
    doc = read_pdf(scanned_pdf(make_pdf(sample_pages()), dpi=200), options)
    assert doc.ocr and any("OCR" in note for note in doc.notes)
    assert calls[-1] == (2, 2, "OCR")
    assert recall(doc.plain_text(), " ".join(BODY)) >= 0.8
    assert {b.source.page for b in doc.blocks} == {1, 2}


@needs_tesseract
@pytest.mark.slow
def test_ocr_always_forces_ocr_of_a_text_pdf() -> None:
    doc = read_pdf(make_pdf(sample_pages()[:1]), ParseOptions(ocr="always"))
    assert doc.ocr
    assert recall(doc.plain_text(), " ".join(BODY)) >= 0.8


@needs_tesseract
def test_ocr_timeout_is_reported() -> None:
    doc_bytes = scanned_pdf(make_pdf(sample_pages()[:1]))
    with pytest.raises(EmptyDocument, match="timed out"):  # nothing recognised in time: no text at all
        read_bytes_as_file(doc_bytes, ParseOptions(ocr_timeout=0.001))


def read_bytes_as_file(data: bytes, options: ParseOptions) -> RawDocument:
    import tempfile
    from pathlib import Path

    from theodoi.parsing.readers import read

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scan.pdf"
        path.write_bytes(data)
        return read(path, options)


def test_garbled_text_layer_scores_low() -> None:
    garbled = "6Ӣ CÔNG 7+ѬѪ1* ĈӝF OұS - 7ӵ do - +ҥQK Phúc Lào Cai, ngày 10 tháng 3 QăP 2026 " * 5
    good = reference_text("laocai-sct-kh-1105-kiem-tra-vlncn.pdf")
    assert vietnamese_score(garbled) < 0.6 < 0.9 < vietnamese_score(good)


def _read_dev(name: str) -> tuple[RawDocument, float]:
    started = time.monotonic()
    doc = read_pdf((DEV / name).read_bytes(), ParseOptions())
    return doc, time.monotonic() - started


@needs_tesseract
@pytest.mark.slow
def test_scanned_dev_pdf_recalls_its_reference() -> None:
    name = "bca-kh-996-tctlntw-c04-2026.pdf"  # 4 scanned pages, no text layer
    doc, seconds = _read_dev(name)
    assert doc.ocr and any("scanned" in note for note in doc.notes)
    assert recall(doc.plain_text(), reference_text(name)) >= 0.93  # measured 0.959
    assert any(p.text == "BỘ CÔNG AN" and p.in_header_box for p in doc.paragraphs())
    assert seconds < 180


@needs_tesseract
@pytest.mark.slow
def test_garbled_dev_pdf_recalls_its_reference_and_keeps_its_tables() -> None:
    name = "laocai-sct-kh-1105-kiem-tra-vlncn.pdf"  # 6 pages, fonts without a Unicode map
    doc, seconds = _read_dev(name)
    assert doc.ocr and any("garbled" in note for note in doc.notes)
    assert recall(doc.plain_text(), reference_text(name)) >= 0.90  # measured 0.930
    (table,) = doc.tables()  # the ruled table of the text layer, its cells filled by OCR
    assert "Đối tượng kiểm tra" in [c.text for c in table.rows[0]]
    assert len(table.rows) >= 5
    assert seconds < 180
