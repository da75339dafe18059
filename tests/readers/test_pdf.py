"""PDF reader: text layer → paragraphs and ruled tables; header columns; page numbers; errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.readers.helpers import DEV, grid_ops, make_pdf, recall, reference_text, rule_ops, text_ops
from theodoi.errors import CorruptDocument, EncryptedDocument, UnsupportedFormat
from theodoi.parsing.model import Paragraph, Table
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers import read
from theodoi.parsing.readers.pdf import read_pdf

H = 842  # page height: y below is measured from the top


def _at(x: float, top: float, text: str) -> tuple[float, float, str]:
    return (x, H - top, text)


BODY = [
    "Các cán bô công chúc và viên chúc có trách nhiêm báo cáo tình hình thông tin chuyên",
    "môn cho các co quan và các phòng ban chuyên môn theo tháng và theo quý trong nam nay,",
    "các báo cáo phái gúi dúng thòi han cho co quan thuòng trúc dê tông hop.",
]


def sample_pages() -> list[str]:
    page1 = text_ops([
        _at(70, 60, "BAN CÔNG TÁC"), _at(340, 60, "CÔNG HÒA XÃ HÔI"),
        _at(70, 76, "LIÊN NGÀNH"), _at(340, 76, "Dôc lâp - Tú do - Hanh phúc"),
        _at(70, 100, "Sô: 12/KH-BCT"), _at(340, 100, "Hà Nôi, ngày 10 tháng 3"),
    ]) + "\n" + text_ops([_at(282, 150, "KÊ HOACH")], font="F2") + "\n" + text_ops([
        _at(100, 190, BODY[0]), _at(70, 206, BODY[1]), _at(70, 222, BODY[2]),
        _at(100, 250, "1. Nhiêm vu chung"),
        _at(100, 276, "- Các co quan chú dông tô chúc thúc hiên viêc báo cáo tình hình theo dúng các thòi"),
        _at(70, 292, "han và gúi vê co quan thuòng trúc."),
        _at(100, 320, "2. Tô chúc thúc hiên viêc kiêm tra và báo cáo tình hình cho các co quan chuyên"),
        _at(70, 336, "môn, các phòng ban, các dòn vi có liên quan trong tinh và các co quan theo tháng và"),
    ])
    page2 = text_ops([
        _at(70, 60, "theo quý cho dên hêt nam nay."),
        _at(100, 90, "3. Bang phân công"),
        _at(78, 125, "STT"), _at(128, 125, "Nhiêm vu"), _at(328, 125, "Thòi gian"),
        _at(78, 150, "1"), _at(128, 150, "Báo cáo tình hình"), _at(328, 150, "Tháng 3"),
        _at(78, 175, "2"), _at(128, 175, "Tông kêt cá nam, gúi chung mot lân"),
        _at(290, 800, "2"),
    ]) + "\n" + table_rules()
    return [page1, page2]


def table_rules() -> str:
    """Rules of a 3-column table whose last row has one cell spanning the last two columns."""
    top, rows = H - 110, [H - 135, H - 160, H - 185]
    segments = [(70, top, 480, top)] + [(70, y, 480, y) for y in rows]
    segments += [(70, top, 70, rows[-1]), (120, top, 120, rows[-1]), (480, top, 480, rows[-1])]
    segments.append((320, top, 320, rows[1]))  # no rule between the last two columns in the last row
    return "0.8 w\n" + rule_ops(segments)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    path.write_bytes(make_pdf(sample_pages()))
    return path


def test_header_columns_are_read_column_by_column(sample: Path) -> None:
    doc = read(sample)
    header = [b.text for b in doc.paragraphs() if b.in_header_box]
    assert header == [
        "BAN CÔNG TÁC", "LIÊN NGÀNH", "Sô: 12/KH-BCT",
        "CÔNG HÒA XÃ HÔI", "Dôc lâp - Tú do - Hanh phúc", "Hà Nôi, ngày 10 tháng 3",
    ]
    assert doc.format == "pdf" and doc.pages == 2 and not doc.ocr


def test_wrapped_lines_join_and_labels_start_paragraphs(sample: Path) -> None:
    texts = [p.text for p in read(sample).paragraphs() if not p.in_header_box]
    assert texts[0] == "KÊ HOACH"
    assert texts[1] == " ".join(BODY)
    assert texts[2] == "1. Nhiêm vu chung"
    assert texts[3].startswith("- Các co quan") and texts[3].endswith("thuòng trúc.")
    assert texts[4].startswith("2. Tô chúc") and texts[4].endswith("cho dên hêt nam nay.")  # across the page break
    assert texts[5] == "3. Bang phân công"


def test_title_is_centred_and_bold(sample: Path) -> None:
    title = next(p for p in read(sample).paragraphs() if p.text == "KÊ HOACH")
    assert title.align == "center" and title.bold


def test_ruled_table_with_spanning_cell(sample: Path) -> None:
    doc = read(sample)
    (table,) = doc.tables()
    assert table.texts() == [
        ["STT", "Nhiêm vu", "Thòi gian"],
        ["1", "Báo cáo tình hình", "Tháng 3"],
        ["2", "Tông kêt cá nam, gúi chung mot lân"],
    ]
    assert table.rows[2][1].colspan == 2
    assert table.source.page == 2 and table.rows[1][2].source.row == 2
    assert not table.layout
    assert all("Báo cáo tình hình" != p.text for p in doc.paragraphs())  # table text not repeated


def test_page_number_is_dropped_and_sources_are_ordinals(sample: Path) -> None:
    doc = read(sample)
    assert "2" not in [p.text for p in doc.paragraphs()]
    assert [b.source.line for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    assert {b.source.page for b in doc.blocks} == {1, 2}


def test_table_continued_on_next_page_is_one_table() -> None:
    def page(rows: list[tuple[str, str, str]], top: float) -> str:
        lines = [_at(x, top + 25 * i + 15, t) for i, row in enumerate(rows) for x, t in zip((78, 128, 328), row,
                                                                                             strict=True)]
        ys = [H - top - 25 * i for i in range(len(rows) + 1)]
        return text_ops(lines) + "\n" + grid_ops([70, 120, 320, 480], ys)

    header = ("STT", "Nhiêm vu", "Thòi gian")
    first = page([header, ("1", "Báo cáo tháng", "Tháng 1"), ("2", "Báo cáo quý", "Quý I")], 700)
    second = page([header, ("3", "Báo cáo nam", "Tháng 12")], 60)
    doc = read_pdf(make_pdf([first, second]), ParseOptions(ocr="never"))
    (table,) = doc.tables()
    assert [r[0].text for r in table.rows] == ["STT", "1", "2", "3"]


def test_number_stamped_over_spaces_is_one_word() -> None:
    # e-signing software draws the number over the blank "Số:      /UBND" of the template
    content = text_ops([_at(70, 100, "Sô:            /UBND-XD")]) + "\n" + text_ops([_at(92, 100, "7432")])
    content += "\n" + text_ops([_at(70, 140 + 16 * i, line) for i, line in enumerate(BODY * 3)])
    doc = read_pdf(make_pdf([content]), ParseOptions(ocr="never"))
    assert "7432" in doc.plain_text().split()


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.pdf"
    path.write_bytes(make_pdf(sample_pages(), encrypt=True))
    with pytest.raises(EncryptedDocument):
        read(path)


@pytest.mark.parametrize("share", [0.05, 0.3, 0.6])
def test_truncated_pdf_is_corrupt(tmp_path: Path, share: float) -> None:
    data = (DEV / "laocai-cv-7432-ubnd-xd-2026-pccc.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * share)])
    with pytest.raises(CorruptDocument):
        read(path)


def test_pdf_missing_only_its_end_is_read_with_a_note(tmp_path: Path) -> None:
    data = (DEV / "laocai-cv-7432-ubnd-xd-2026-pccc.pdf").read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * 0.95)])
    doc = read(path)
    assert doc.blocks and any("truncated" in note for note in doc.notes)


def test_max_pages_limits_reading(sample: Path) -> None:
    doc = read(sample, ParseOptions(max_pages=1))
    assert doc.pages == 2 and {b.source.page for b in doc.blocks} == {1}
    assert any("1/2" in note for note in doc.notes)


def test_good_text_layer_recalls_the_reference() -> None:
    name = "laocai-cv-7432-ubnd-xd-2026-pccc.pdf"
    doc = read(DEV / name)
    assert not doc.ocr
    assert recall(doc.plain_text(), reference_text(name)) >= 0.98
    assert "Số: 7432 /UBND-XD" in [p.text for p in doc.paragraphs()]  # stamped by the signing software
    assert any(p.text == "Lào Cai, ngày 21 tháng 7 năm 2026" and p.in_header_box for p in doc.paragraphs())


def test_signature_block_columns_are_not_interleaved() -> None:
    texts = [p.text for p in read(DEV / "laocai-cv-7432-ubnd-xd-2026-pccc.pdf").paragraphs()]
    start = texts.index("Nơi nhận:")
    assert texts[start + 1] == "- Như trên;"
    assert texts[-3:] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Phan Trung Bá"]


def test_delegation_table_of_a_real_decision() -> None:
    doc = read(DEV.parent / "smoke" / "laocai-qd-1696-ubnd-2026-uy-quyen.pdf")
    (table,) = doc.tables()
    assert table.rows[0][0].text == "STT" and table.rows[1][0].merged  # STT spans the two header rows
    assert any("TÊN TTHC" in c.text for c in table.rows[1])


def test_never_is_honoured_for_text_pdfs(sample: Path) -> None:
    assert not read(sample, ParseOptions(ocr="never")).ocr


def test_blocks_are_paragraphs_and_tables(sample: Path) -> None:
    assert all(isinstance(b, Paragraph | Table) for b in read(sample).blocks)


def test_bytes_api_matches_path_api(sample: Path) -> None:
    from_bytes = read_pdf(sample.read_bytes(), ParseOptions())
    assert from_bytes.plain_text() == read(sample).plain_text()


def test_pdf_that_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20)
    with pytest.raises(CorruptDocument):
        read(path)


def test_scanned_pdf_with_ocr_never_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(scanned_pdf(make_pdf(sample_pages()[:1])))
    with pytest.raises(UnsupportedFormat, match="OCR"):
        read(path, ParseOptions(ocr="never"))


def scanned_pdf(data: bytes, dpi: int = 150) -> bytes:
    """A scan of a PDF: each page rendered to an image, the images saved as a new PDF (no text)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    images = [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()
