"""Header (read_header) and closing (read_closing): synthetic layouts, and the dev corpus against its gold."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.parsing.closing import split_name
from theodoi.parsing.header import (
    issuer_level,
    kind_of_symbol,
    parse_number,
    proper_name,
    read_closing,
    read_header,
)
from theodoi.parsing.model import Block, Cell, Paragraph, Source, Table

SHARED = Path(__file__).resolve().parents[3] / "shared"
DEV = SHARED / "corpus" / "dev"


def paragraphs(text: str) -> list[Block]:
    """One paragraph per non-empty line, numbered like a text file (blank lines leave gaps)."""
    lines = text.split("\n")[1:] if text.startswith("\n") else text.split("\n")
    return [Paragraph(text=line.strip(), source=Source(line=n)) for n, line in enumerate(lines, start=1) if line.strip()]


def table(*rows: list[str], line: int = 1) -> Table:
    return Table(
        rows=[[Cell(text, Source(line=line, table=1, row=r, cell=c)) for c, text in enumerate(row, 1)] for r, row in enumerate(rows, 1)],
        source=Source(line=line, table=1),
        layout=True,
    )


def texts(blocks: list[Block], start: int) -> str:
    block = blocks[start]
    return block.text if isinstance(block, Paragraph) else "TABLE"


# --- number, names, levels ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number", "symbol", "kind", "style"),
    [
        ("Số: 123/KH-UBND", "123/KH-UBND", "KH-UBND", "Kế hoạch", "state"),
        ("Số: /KH-UBND", None, "KH-UBND", "Kế hoạch", "state"),
        ("Số:          /TB-UBND", None, "TB-UBND", "Thông báo", "state"),
        ("Số: 15/2025/QĐ-UBND", "15/2025/QĐ-UBND", "QĐ-UBND", "Quyết định", "state"),
        ("Số: 7432 /UBND-XD", "7432/UBND-XD", "UBND-XD", "Công văn", "state"),
        ("Số: 996 /KH-TCTLNTW-C04", "996/KH-TCTLNTW-C04", "KH-TCTLNTW-C04", "Kế hoạch", "state"),
        ("Số: 07/CT-TTg", "07/CT-TTg", "CT-TTg", "Chỉ thị", "state"),
        ("Số: 05/QyĐ-UBND", "05/QyĐ-UBND", "QyĐ-UBND", "Quy định", "state"),
        ("Số 86-CTr/TU", "86-CTr/TU", "CTr/TU", "Chương trình", "party"),
        ("Số 3260-KH/ĐĐQH15", "3260-KH/ĐĐQH15", "KH/ĐĐQH15", "Kế hoạch", "party"),
        ("S6: 12/KH-UBND", "12/KH-UBND", "KH-UBND", "Kế hoạch", "state"),  # OCR
        ("Số: /BCĐ", None, "BCĐ", "Công văn", "state"),
    ],
)
def test_parse_number(text: str, number: str | None, symbol: str, kind: str, style: str) -> None:
    parsed = parse_number(text)
    assert parsed is not None
    assert (parsed[0].number, parsed[0].symbol, parsed[0].kind, parsed[0].style) == (number, symbol, kind, style)


def test_parse_number_ignores_issuer_line_in_capitals() -> None:
    assert parse_number("SỐ 1050/QĐ-SCT") is None
    assert parse_number("Số liệu thống kê") is None


def test_kind_of_symbol() -> None:
    assert kind_of_symbol("CTr") == "Chương trình"
    assert kind_of_symbol("CTR") == "Chương trình"
    assert kind_of_symbol("CT") == "Chỉ thị"
    assert kind_of_symbol("UBND") is None


@pytest.mark.parametrize(
    ("upper", "proper"),
    [
        ("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG", "Ủy ban nhân dân tỉnh Bắc Giang"),
        ("UỶ BAN NHÂN DÂN TỈNH LÀO CAI", "Ủy ban nhân dân tỉnh Lào Cai"),
        ("UBND TỈNH LÀO CAI", "Ủy ban nhân dân tỉnh Lào Cai"),
        ("SỞ CÔNG THƯƠNG", "Sở Công Thương"),
        ("SỞ TÀI CHÍNH", "Sở Tài chính"),
        ("BỘ CÔNG AN", "Bộ Công an"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        ("ĐẢNG ĐOÀN QUỐC HỘI", "Đảng đoàn Quốc hội"),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
        ("ĐOÀN KIỂM TRA THEO QUYẾT ĐỊNH SỐ 1050/QĐ-SCT", "Đoàn kiểm tra theo Quyết định số 1050/QĐ-SCT"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân thành phố Hồ Chí Minh"),
        ("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
        ("TỈNH ỦY BẮC NINH", "Tỉnh ủy Bắc Ninh"),
    ],
)
def test_proper_name(upper: str, proper: str) -> None:
    assert proper_name(upper) == proper


@pytest.mark.parametrize(
    ("issuer", "parent", "place", "group", "level", "province"),
    [
        ("Ủy ban nhân dân tỉnh Bắc Giang", None, "Bắc Giang", "UBND", "province", "Bắc Giang"),
        ("Ủy ban nhân dân thành phố Hà Nội", None, "Hà Nội", "UBND", "province", "Hà Nội"),
        ("Ủy ban nhân dân xã Tân Phú", None, "Tân Phú", "UBND", "commune", None),
        ("Sở Công Thương", "Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai", "SCT", "province", "Lào Cai"),
        ("Chính phủ", None, "Hà Nội", "CP", "central", None),
        ("Thủ tướng Chính phủ", None, "Hà Nội", "TTg", "central", None),
        ("Đảng đoàn Quốc hội", "Ban Chấp hành Trung ương", "Hà Nội", "ĐĐQH15", "central", None),
        ("Tỉnh ủy Bắc Ninh", None, "Bắc Ninh", "TU", "province", "Bắc Ninh"),
        (None, None, None, "TW", "central", None),
    ],
)
def test_issuer_level(issuer: str | None, parent: str | None, place: str | None, group: str, level: str, province: str | None) -> None:
    assert issuer_level(issuer, parent, place, group) == (level, province)


# --- header layouts -----------------------------------------------------------------------------------

FOUNDING_HEADER = """


Số: /KH-UBND

Bắc Giang, ngày tháng 6 năm 2025

KẾ HOẠCH

Thực hiện Chương trình hành động số 86-CTr/TU ngày 23/5/2025 của Ban Thường vụ Tỉnh ủy

Thực hiện Chương trình hành động số 86-CTr/TU, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
"""


def test_plain_lines_without_issuer_lines_draft_number_and_blank_day() -> None:
    blocks = paragraphs(FOUNDING_HEADER)
    info, start = read_header(blocks)
    assert info.kind == "Kế hoạch"
    assert (info.number, info.symbol) == (None, "KH-UBND")
    assert info.issuer == "Ủy ban nhân dân tỉnh Bắc Giang"  # from the symbol and the place
    assert (info.place, info.date, info.year, info.month) == ("Bắc Giang", None, 2025, 6)
    assert info.title == "Thực hiện Chương trình hành động số 86-CTr/TU ngày 23/5/2025 của Ban Thường vụ Tỉnh ủy"
    assert (info.style, info.level, info.province) == ("state", "province", "Bắc Giang")
    assert texts(blocks, start).startswith("Thực hiện Chương trình hành động số 86-CTr/TU, Ủy ban")
    assert info.source == Source(line=3)


def test_two_column_layout_table() -> None:
    blocks: list[Block] = [
        table(
            ["ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"],
            ["Số: 125/KH-UBND", "Lâm Đồng, ngày 05 tháng 3 năm 2026"],
        ),
        Paragraph("KẾ HOẠCH", Source(line=2), bold=True, align="center"),
        Paragraph("Cải cách hành chính nhà nước giai đoạn 2026 - 2030", Source(line=3), bold=True, align="center"),
        Paragraph("của tỉnh Lâm Đồng", Source(line=4), bold=True, align="center"),
        Paragraph("Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;", Source(line=5), align="justify"),
    ]
    info, start = read_header(blocks)
    assert (info.kind, info.number, info.symbol) == ("Kế hoạch", "125/KH-UBND", "KH-UBND")
    assert info.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert (info.place, info.date) == ("Lâm Đồng", date(2026, 3, 5))
    assert info.title == "Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng"
    assert start == 4


def test_one_table_cell_per_column_with_vv_and_kinh_gui_table() -> None:
    blocks: list[Block] = [
        table(
            ["UỶ BAN NHÂN DÂN\nTỈNH LÀO CAI", "", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT\nĐộc lập - Tự do - Hạnh phúc"],
            ["Số: /UBND-KT", "", "Lào Cai, ngày tháng năm 2025"],
            ["V/v tham mưu uỷ quyền thủ tục kiểm tra", "", ""],
        ),
        table(["Kính gửi:", "- Sở Công Thương;\n- Sở Tư pháp."], line=2),
        Paragraph("Liên quan thủ tục huấn luyện, Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:", Source(line=3)),
    ]
    info, start = read_header(blocks)
    assert (info.kind, info.number, info.symbol) == ("Công văn", None, "UBND-KT")
    assert info.issuer == "Ủy ban nhân dân tỉnh Lào Cai"
    assert (info.place, info.year, info.month, info.date) == ("Lào Cai", 2025, None, None)
    assert info.title == "V/v tham mưu uỷ quyền thủ tục kiểm tra"
    assert info.addressees == ["Sở Công Thương", "Sở Tư pháp"]
    assert start == 2


def test_kinh_gui_in_the_same_header_table_is_not_part_of_the_title() -> None:
    blocks: list[Block] = [
        table(
            ["ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
            ["Số: /UBND-NC", "Lâm Đồng, ngày tháng 12 năm 2025"],
            ["V/v tập trung thực hiện các giải pháp cải thiện các chỉ số", ""],
            ["Kính gửi:", "- Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh;\n- Ủy ban nhân dân các xã, phường."],
        ),
        Paragraph("Trong thời gian qua, việc triển khai các nhiệm vụ đã có chuyển biến.", Source(line=2)),
    ]
    info, start = read_header(blocks)
    assert info.title == "V/v tập trung thực hiện các giải pháp cải thiện các chỉ số"
    assert info.addressees == ["Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các xã, phường"]
    assert start == 1


def test_the_authority_line_of_a_decision_is_not_part_of_the_title() -> None:
    blocks: list[Block] = [
        Paragraph(text, Source(line=n)) for n, text in enumerate([
            "BỘ XÂY DỰNG", "Số: 1074/QĐ-BXD", "Hà Nội, ngày 29 tháng 6 năm 2026", "QUYẾT ĐỊNH",
            "Ban hành các giải pháp kỹ thuật nâng cao an toàn phòng cháy, chữa cháy",
            "BỘ TRƯỞNG BỘ XÂY DỰNG", "Căn cứ Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ;",
        ], start=1)
    ]
    info, _start = read_header(blocks)
    assert info.title == "Ban hành các giải pháp kỹ thuật nâng cao an toàn phòng cháy, chữa cháy"


def test_text_rows_left_right() -> None:
    blocks = paragraphs(
        """
ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: /KH-UBND | Lâm Đồng, ngày tháng 3 năm 2026
KẾ HOẠCH
Cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng

Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;
"""
    )
    info, start = read_header(blocks)
    assert (info.number, info.symbol, info.issuer, info.place, info.year, info.month) == (
        None, "KH-UBND", "Ủy ban nhân dân tỉnh Lâm Đồng", "Lâm Đồng", 2026, 3,
    )
    assert texts(blocks, start).startswith("Căn cứ")


def test_flattened_cells_in_one_row() -> None:
    blocks = paragraphs(
        """
ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG Số: /TB-UBND | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Lâm Đồng, ngày tháng 4 năm 2026
THÔNG BÁO
Kết luận của đồng chí Phó Chủ tịch UBND tỉnh,
kiểm tra công tác chuẩn bị thi công hai tuyến cao tốc

Ngày 24/4/2026, đồng chí Phó Chủ tịch UBND tỉnh kiểm tra công tác chuẩn bị thi công.
"""
    )
    info, start = read_header(blocks)
    assert (info.kind, info.symbol, info.issuer, info.place, info.month) == (
        "Thông báo", "TB-UBND", "Ủy ban nhân dân tỉnh Lâm Đồng", "Lâm Đồng", 4,
    )
    assert info.title == "Kết luận của đồng chí Phó Chủ tịch UBND tỉnh, kiểm tra công tác chuẩn bị thi công hai tuyến cao tốc"
    assert texts(blocks, start).startswith("Ngày 24/4/2026")


def test_party_document() -> None:
    blocks = paragraphs(
        """
ĐẢNG CỘNG SẢN VIỆT NAM

BAN CHẤP HÀNH TRUNG ƯƠNG
ĐẢNG ĐOÀN QUỐC HỘI
*
Số 3260-KH/ĐĐQH15

Hà Nội, ngày 10 tháng 01 năm 2025

KẾ HOẠCH

triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024
của Bộ Chính trị về đột phá phát triển khoa học, công nghệ

Ngày 22/12/2024, Bộ Chính trị đã ban hành Nghị quyết số 57-NQ/TW.
"""
    )
    info, start = read_header(blocks)
    assert (info.kind, info.number, info.symbol, info.style) == ("Kế hoạch", "3260-KH/ĐĐQH15", "KH/ĐĐQH15", "party")
    assert (info.issuer, info.parent) == ("Đảng đoàn Quốc hội", "Ban Chấp hành Trung ương")
    assert (info.place, info.date, info.level) == ("Hà Nội", date(2025, 1, 10), "central")
    assert info.title == "triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ"
    assert texts(blocks, start).startswith("Ngày 22/12/2024")


def test_kind_line_with_title_glued_on() -> None:
    """Line rejoining may glue a lower-case first title line onto "KẾ HOẠCH"."""
    blocks = paragraphs(
        """
Số 3260-KH/ĐĐQH15
Hà Nội, ngày 10 tháng 01 năm 2025
KẾ HOẠCH khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024
Bộ Chính trị về đột phá phát triển khoa học

Ngày 22/12/2024, Bộ Chính trị đã ban hành Nghị quyết số 57-NQ/TW.
"""
    )
    blocks[2].source = Source(line=3)
    blocks[3].source = Source(line=6)  # the rejoined paragraph hides the line numbers in between
    info, start = read_header(blocks)
    assert info.kind == "Kế hoạch"
    assert info.title == "khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 Bộ Chính trị về đột phá phát triển khoa học"
    assert start == 4


def test_government_resolution_skips_the_authority_line() -> None:
    blocks = paragraphs(
        """
CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 03/NQ-CP
Hà Nội, ngày 09 tháng 01 năm 2025

NGHỊ QUYẾT
Ban hành Chương trình hành động của Chính phủ

CHÍNH PHỦ

Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
"""
    )
    info, start = read_header(blocks)
    assert (info.kind, info.number, info.issuer, info.place, info.date) == (
        "Nghị quyết", "03/NQ-CP", "Chính phủ", "Hà Nội", date(2025, 1, 9),
    )
    assert info.level == "central"
    assert texts(blocks, start).startswith("Căn cứ Luật")


def test_prime_minister_directive_title_in_capitals() -> None:
    blocks = paragraphs(
        """
THỦ TƯỚNG CHÍNH PHỦ -------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ----------------
Số: 07/CT-TTg | Hà Nội, ngày 02 tháng 03 năm 2012
CHỈ THỊ
VỀ VIỆC CHẤN CHỈNH CÔNG TÁC QUẢN LÝ CÁC KHU KINH TẾ
Bên cạnh những kết quả tích cực đã đạt được, quá trình phát triển còn bất cập.
"""
    )
    info, start = read_header(blocks)
    assert (info.kind, info.number, info.issuer, info.date) == ("Chỉ thị", "07/CT-TTg", "Thủ tướng Chính phủ", date(2012, 3, 2))
    assert info.title == "VỀ VIỆC CHẤN CHỈNH CÔNG TÁC QUẢN LÝ CÁC KHU KINH TẾ"
    assert start == 4


def test_inspection_team_and_date_before_number() -> None:
    blocks = paragraphs(
        """
SỞ CÔNG THƯƠNG
ĐOÀN KIỂM TRA
THEO QUYẾT ĐỊNH
SỐ 1050/QĐ-SCT

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh Phúc

Lào Cai, ngày 10 tháng 3 năm 2026

Số: 1105/KH-ĐKT

KẾ HOẠCH
Kiểm tra việc chấp hành quy định pháp luật

Thực hiện Quyết định số 1050/QĐ-SCT ngày 06/3/2026 của Giám đốc Sở Công Thương.
"""
    )
    info, _start = read_header(blocks)
    assert (info.number, info.symbol) == ("1105/KH-ĐKT", "KH-ĐKT")
    assert (info.issuer, info.parent) == ("Đoàn kiểm tra theo Quyết định số 1050/QĐ-SCT", "Sở Công Thương")
    assert (info.place, info.date, info.level, info.province) == ("Lào Cai", date(2026, 3, 10), "province", "Lào Cai")


def test_department_under_a_provincial_committee() -> None:
    blocks = paragraphs(
        """
UBND TỈNH LÀO CAI
SỞ CÔNG THƯƠNG
Số: 1629/SCT-CN
Lào Cai, ngày 27 tháng 3 năm 2026
V/v kiểm tra kho vật liệu nổ công nghiệp
Kính gửi: Công ty Cổ phần Thủy điện Nậm Củng.
Căn cứ kế hoạch kiểm tra năm 2026, Sở Công Thương thông báo như sau:
"""
    )
    info, start = read_header(blocks)
    assert (info.kind, info.number, info.issuer, info.parent) == ("Công văn", "1629/SCT-CN", "Sở Công Thương", "Ủy ban nhân dân tỉnh Lào Cai")
    assert (info.level, info.province) == ("province", "Lào Cai")
    assert info.addressees == ["Công ty Cổ phần Thủy điện Nậm Củng"]
    assert texts(blocks, start).startswith("Căn cứ kế hoạch")


def test_cong_van_pdf_text_with_wrapped_vv_and_addressees() -> None:
    blocks = paragraphs(
        """
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 7432 /UBND-XD

Lào Cai, ngày 21 tháng 7 năm 2026

V/v triển khai thực hiện Quyết định số
1074/QĐ-BXD ngày 29/6/2026 của Bộ Xây dựng

Kính gửi:
- Các Sở, ban, ngành thuộc tỉnh;
- Công an tỉnh;
- Ủy ban nhân dân các xã, phường.
Ngày 29/6/2026, Bộ trưởng Bộ Xây dựng ban hành Quyết định số 1074/QĐ-BXD.
"""
    )
    info, start = read_header(blocks)
    assert (info.kind, info.number, info.symbol, info.issuer) == ("Công văn", "7432/UBND-XD", "UBND-XD", "Ủy ban nhân dân tỉnh Lào Cai")
    assert info.title == "V/v triển khai thực hiện Quyết định số 1074/QĐ-BXD ngày 29/6/2026 của Bộ Xây dựng"
    assert info.addressees == ["Các Sở, ban, ngành thuộc tỉnh", "Công an tỉnh", "Ủy ban nhân dân các xã, phường"]
    assert texts(blocks, start).startswith("Ngày 29/6/2026")


def test_ocr_noise_in_marks() -> None:
    blocks = paragraphs(
        """
UỶ BAN NHÂN DÂN
TỈNH LÀO CAI
CỘNG HOÀ XÃ HÔI CHỦ NGHỈA VIỆT NAM
Độc lập – Tư do – Hạnh phủc
S6: 193/UBND-KT
Lào Cai, ngảy 10 thảng 01 4 năm 2026
V/v tăng cường quản lý vật liệu nổ công nghiệp
Kinh gửi: Sở Công Thương.
Thực hiện chỉ đạo của Bộ Công Thương, Chủ tịch UBND tỉnh yêu cầu:
"""
    )
    info, start = read_header(blocks)
    assert (info.number, info.issuer, info.place, info.date) == ("193/UBND-KT", "Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai", date(2026, 1, 10))
    assert info.addressees == ["Sở Công Thương"]
    assert texts(blocks, start).startswith("Thực hiện chỉ đạo")


def test_kinh_gui_in_the_header_table() -> None:
    blocks: list[Block] = [
        table(
            ["BỘ CÔNG THƯƠNG\nSố: 2265/BCT-ATMT\nV/v triển khai thực hiện ủy quyền", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 02 tháng 4 năm 2026\nKính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương."],
        ),
        Paragraph("Thực hiện Nghị định số 146/2025/NĐ-CP, Bộ Công Thương đề nghị:", Source(line=2)),
    ]
    info, start = read_header(blocks)
    assert (info.kind, info.number, info.issuer, info.date, info.level) == ("Công văn", "2265/BCT-ATMT", "Bộ Công Thương", date(2026, 4, 2), "central")
    assert info.addressees == ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]
    assert start == 1


def test_pdf_header_box_read_column_by_column() -> None:
    """A PDF reader gives the left column (issuer, number, V/v, "Kính gửi:") before the right one."""
    texts_ = [
        "ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 7432 /UBND-XD", "V/v triển khai thực hiện Quyết định số 1074/QĐ-BXD",
        "Kính gửi:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lào Cai, ngày 21 tháng 7 năm 2026",
    ]
    blocks: list[Block] = [Paragraph(t, Source(line=n, page=1), in_header_box=True) for n, t in enumerate(texts_, 1)]
    blocks += [
        Paragraph("- Các Sở, ban, ngành thuộc tỉnh;", Source(line=9, page=1)),
        Paragraph("- Công an tỉnh.", Source(line=10, page=1)),
        Paragraph("Chuyển: ....", Source(line=11, page=1)),
        Paragraph("Ngày 29/6/2026, Bộ trưởng Bộ Xây dựng ban hành Quyết định số 1074/QĐ-BXD.", Source(line=12, page=1)),
    ]
    info, start = read_header(blocks)
    assert (info.number, info.issuer, info.place, info.date) == ("7432/UBND-XD", "Ủy ban nhân dân tỉnh Lào Cai", "Lào Cai", date(2026, 7, 21))
    assert info.title == "V/v triển khai thực hiện Quyết định số 1074/QĐ-BXD"
    assert info.addressees == ["Các Sở, ban, ngành thuộc tỉnh", "Công an tỉnh"]
    assert texts(blocks, start).startswith("Ngày 29/6/2026")


def test_pdf_header_box_with_the_kind_line_and_a_wrapped_motto() -> None:
    texts_ = [
        "ỦY BAN NHÂN DÂN", "TỈNH BẮC GIANG", "Số: /KH-UBND", "KẾ HOẠCH", "CỘNG HÒA XÃ HỘI CHỦ", "NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Bắc Giang, ngày tháng 6 năm 2025",
    ]
    blocks: list[Block] = [Paragraph(t, Source(line=n, page=1), in_header_box=True) for n, t in enumerate(texts_, 1)]
    blocks += [
        Paragraph("Thực hiện Chương trình hành động số 86-CTr/TU ngày 23/5/2025 của Ban Thường vụ Tỉnh ủy", Source(line=9, page=1)),
        Paragraph("Thực hiện Chương trình hành động số 86-CTr/TU, Ủy ban nhân dân tỉnh ban hành Kế hoạch:", Source(line=10, page=1)),
    ]
    info, start = read_header(blocks)
    assert (info.kind, info.symbol, info.issuer, info.month, info.style) == ("Kế hoạch", "KH-UBND", "Ủy ban nhân dân tỉnh Bắc Giang", 6, "state")
    assert info.title == "Thực hiện Chương trình hành động số 86-CTr/TU ngày 23/5/2025 của Ban Thường vụ Tỉnh ủy"
    assert start == 9


def test_incoming_stamp_and_ocr_number() -> None:
    blocks = paragraphs(
        """
BỘ CÔNG AN
TỔ CÔNG TÁC LIÊN NGÀNH TW
Só:đÓ6 /KH-TCTLNTW-C04
UBND TỈNH LÂM ĐỒNG
ĐẾN) Ngày ...
CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 24 tháng 02 năm 2026
KÉ HOẠCH
Phối hợp kiểm soát các hoạt động hợp pháp liên quan đến ma túy năm 2026
Chuyển: ....
99900900000090000002gg;
Thực hiện Nghị định số 105/2021/NĐ-CP ngày 04 tháng 12 năm 2021 của Chính phủ.
"""
    )
    info, start = read_header(blocks)
    assert (info.kind, info.number, info.symbol) == ("Kế hoạch", None, "KH-TCTLNTW-C04")
    assert (info.issuer, info.parent, info.level) == ("Tổ Công tác liên ngành Trung ương", "Bộ Công an", "central")
    assert info.title == "Phối hợp kiểm soát các hoạt động hợp pháp liên quan đến ma túy năm 2026"
    assert texts(blocks, start).startswith("Thực hiện Nghị định")


def test_no_header() -> None:
    blocks = paragraphs("I. MỤC ĐÍCH\nTổ chức triển khai đồng bộ và thống nhất các nhiệm vụ từ tỉnh đến cơ sở với lộ trình, thời gian và phân công trách nhiệm cụ thể cho từng cơ quan, đơn vị, địa phương trên địa bàn tỉnh.")
    info, start = read_header(blocks)
    assert info.number is None and info.issuer is None and start == 0
    assert read_header([]) == (info, 0)


def test_real_casing_from_the_body() -> None:
    blocks = paragraphs(
        """
BỘ CÔNG AN
TỔ CÔNG TÁC LIÊN NGÀNH TW
Số: 996 /KH-TCTLNTW-C04
Hà Nội, ngày 24 tháng 02 năm 2026
KẾ HOẠCH
Phối hợp kiểm soát các hoạt động hợp pháp liên quan đến ma túy năm 2026

Thực hiện Quyết định của Bộ trưởng Bộ Công an về thành lập Tổ Công tác liên ngành trung ương, cụ thể như sau:
"""
    )
    info, _ = read_header(blocks)
    assert (info.issuer, info.parent, info.level) == ("Tổ Công tác liên ngành trung ương", "Bộ Công an", "central")


# --- closing ------------------------------------------------------------------------------------------


def test_closing_paragraphs_with_markdown_bold() -> None:
    blocks = paragraphs(
        """
3. Sở Tài chính: Chủ trì tổng hợp, báo cáo UBND tỉnh xem xét quyết định./.

Nơi nhận:

- Chủ tịch; các PCT UBND tỉnh;
- Các sở, cơ quan, đơn vị thuộc UBND tỉnh;
- UBND huyện, thị xã, thành phố;
- Lưu: VT, TH

**TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH**

Nguyễn Việt Oanh
"""
    )
    closing = read_closing(blocks, 0)
    assert closing.recipients == [
        "Chủ tịch; các PCT UBND tỉnh", "Các sở, cơ quan, đơn vị thuộc UBND tỉnh", "UBND huyện, thị xã, thành phố", "Lưu: VT, TH",
    ]
    sig = closing.signature
    assert (sig.authority, sig.position, sig.signer) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Việt Oanh")
    assert (closing.start, closing.end) == (1, len(blocks))


def test_closing_layout_table_then_appendix() -> None:
    blocks: list[Block] = [
        Paragraph("Căn cứ ý kiến chỉ đạo trên, Sở Công Thương triển khai thực hiện./.", Source(line=1)),
        table(
            ["Nơi nhận:\n- Như trên;\n- Chủ tịch UBND tỉnh;\n- Lưu: VT, KT(Nho).", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n\nNguyễn Thành Sinh"],
            line=2,
        ),
        Paragraph("Phụ lục", Source(line=3)),
        Paragraph("MỘT SỐ NHIỆM VỤ TRỌNG TÂM", Source(line=4)),
    ]
    closing = read_closing(blocks, 0)
    assert closing.recipients == ["Như trên", "Chủ tịch UBND tỉnh", "Lưu: VT, KT(Nho)"]
    assert (closing.signature.authority, closing.signature.position, closing.signature.signer) == (
        None, "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Nguyễn Thành Sinh",
    )
    assert (closing.start, closing.end) == (1, 2)


def test_closing_flattened_row() -> None:
    blocks = paragraphs(
        """
Trân trọng thông báo kết luận đến các cơ quan, đơn vị liên quan biết, thực hiện./.
Nơi nhận: - Chủ tịch, các PCT UBND tỉnh; - Thành phần tham dự họp; - LĐVP; - Lưu: VT, XDCT(Sơn). | TL. CHỦ TỊCH KT. CHÁNH VĂN PHÒNG PHÓ CHÁNH VĂN PHÒNG Nguyễn Ngọc Nam
[1] Tham dự họp có đại diện lãnh đạo các sở.
"""
    )
    closing = read_closing(blocks, 0)
    assert closing.recipients == ["Chủ tịch, các PCT UBND tỉnh", "Thành phần tham dự họp", "LĐVP", "Lưu: VT, XDCT(Sơn)"]
    sig = closing.signature
    assert (sig.authority, sig.position, sig.signer) == ("TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Ngọc Nam")
    assert (closing.start, closing.end) == (1, 2)


def test_closing_party_signature_rank_and_wrapped_recipients() -> None:
    blocks = paragraphs(
        """
Nơi nhận:
- Ban Bí thư Trung ương Đảng (để b/c),
- Bộ Công an, Bộ Công Thương, Bộ Y
tế, Bộ Quốc phòng (để báo cáo);
- Lưu VPĐĐQH, Vụ KHCNMT.

T/M ĐẢNG ĐOÀN QUỐC HỘI
BÍ THƯ
(Đã ký)
Đại tá Trần Văn A
"""
    )
    closing = read_closing(blocks, 0)
    assert closing.recipients == [
        "Ban Bí thư Trung ương Đảng (để b/c)", "Bộ Công an, Bộ Công Thương, Bộ Y tế, Bộ Quốc phòng (để báo cáo)", "Lưu VPĐĐQH, Vụ KHCNMT",
    ]
    assert (closing.signature.authority, closing.signature.position, closing.signature.signer) == (
        "T/M ĐẢNG ĐOÀN QUỐC HỘI", "BÍ THƯ", "Trần Văn A",
    )


def test_closing_title_under_the_name_is_kept_appendix_is_not() -> None:
    blocks = paragraphs(
        """
Nơi nhận:
- Giám đốc Sở (để báo cáo);
- Lưu: VT, CN.

T/M. ĐOÀN KIỂM TRA
TRƯỞNG ĐOÀN

Hoàng Văn Thuân
PHÓ GIÁM ĐỐC
SỞ CÔNG THƯƠNG LÀO CAI

PHỤ LỤC I
KẾ HOẠCH KIỂM TRA
"""
    )
    closing = read_closing(blocks, 0)
    assert closing.signature.signer == "Hoàng Văn Thuân"
    assert closing.signature.authority == "T/M. ĐOÀN KIỂM TRA"
    assert texts(blocks, closing.end) == "PHỤ LỤC I"


def test_closing_followed_by_the_attached_programme() -> None:
    blocks = paragraphs(
        """
Điều 3. Các Bộ trưởng chịu trách nhiệm thi hành Nghị quyết này.
Nơi nhận:
- Ban Bí thư Trung ương Đảng;
- VPCP: BTCN, các PCN, Trợ lý TTg,
các Vụ, Cục, đơn vị trực thuộc, Công báo;
- Lưu: VT, KGVX (2b).
TM. CHÍNH PHỦ
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
[đã ký]
Nguyễn Hòa Bình
CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ
I. MỤC TIÊU
"""
    )
    closing = read_closing(blocks, 0)
    assert closing.recipients[1] == "VPCP: BTCN, các PCN, Trợ lý TTg, các Vụ, Cục, đơn vị trực thuộc, Công báo"
    assert (closing.signature.authority, closing.signature.position) == ("TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG")
    assert closing.signature.signer == "Nguyễn Hòa Bình"
    assert texts(blocks, closing.end) == "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ"


def test_signature_before_recipients() -> None:
    blocks = paragraphs(
        """
Các sở, ngành triển khai thực hiện./.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
Nơi nhận:
- Như trên;
- Lưu: VT.
PHỤ LỤC
"""
    )
    closing = read_closing(blocks, 0)
    assert (closing.start, closing.end) == (1, 7)
    assert (closing.signature.position, closing.signature.signer) == ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "Nguyễn Văn Bình")
    assert closing.recipients == ["Như trên", "Lưu: VT"]


def test_closing_ocr_two_columns_interleaved() -> None:
    blocks = paragraphs(
        """
Trên đây là Kế hoạch kiểm tra của Đoàn./.
Nơi nhận: —-
T/M. ĐOÀN KIỂM TRA
- Giám đốc Sở (để báo cáo);
- Lưu: VT, CN.
lowfg Văn Thuân
PHO GIAM ĐỌC
PHỤ LỤC I
"""
    )
    closing = read_closing(blocks, 0)
    assert closing.recipients == ["Giám đốc Sở (để báo cáo)", "Lưu: VT, CN"]
    assert (closing.signature.authority, closing.signature.position, closing.signature.signer) == ("T/M. ĐOÀN KIỂM TRA", None, None)
    assert texts(blocks, closing.end) == "PHỤ LỤC I"


def test_closing_ocr_garbled_first_name_completed_from_the_body() -> None:
    blocks = paragraphs(
        """
4.1. Ông. Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung.
Trên đây là Kế hoạch kiểm tra của Đoàn./.
Nơi nhận:
- Lưu: VT, CN.
T/M. ĐOÀN KIỂM TRA
lowfg Văn Thuân
PHỤ LỤC I
"""
    )
    closing = read_closing(blocks, 0)
    assert (closing.signature.authority, closing.signature.signer, closing.end) == ("T/M. ĐOÀN KIỂM TRA", "Hoàng Văn Thuân", 6)


def test_closing_ocr_without_noi_nhan() -> None:
    blocks = paragraphs(
        """
Mọi thông tin cần trao đổi, đề nghị các đơn vị liên hệ Cục Cảnh sát điều tra tội phạm về ma túy./.
đe ti 7e AIDS, MT, MD (để bá ÌÈ ê báo cáo
- Bộ Công an, Bộ Y tế (để báo cáo);
- UBND các tỉnh, thành phố (để báo cáo);
- Lưu: VT, P5.
Là TRƯỜNG
CUỤC CẢNH SÁT ĐTTP VẺ MA TÚY
Đại tá Bùi Duy Hưng
"""
    )
    closing = read_closing(blocks, 0)
    # the garbled first line (the "Nơi nhận:" row read with its first item) belongs to the list
    assert (closing.start, closing.end, closing.signature.signer) == (1, 8, "Bùi Duy Hưng")
    assert closing.recipients[1:] == ["Bộ Công an, Bộ Y tế (để báo cáo)", "UBND các tỉnh, thành phố (để báo cáo)", "Lưu: VT, P5"]


def test_closing_without_recipients() -> None:
    blocks = paragraphs(
        """
III. TỔ CHỨC THỰC HIỆN
Các sở, ngành triển khai thực hiện Kế hoạch này./.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn Bình
"""
    )
    closing = read_closing(blocks, 0)
    assert (closing.start, closing.end, closing.signature.signer, closing.recipients) == (2, 5, "Nguyễn Văn Bình", [])
    assert read_closing(paragraphs("Không có chữ ký."), 0).start == -1


def test_split_name() -> None:
    assert split_name("KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Thành Sinh") == ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", "Nguyễn Thành Sinh")
    assert split_name("Đại tá Bùi Duy Hưng") == ("", "Bùi Duy Hưng")
    assert split_name("PHÓ CHỦ TỊCH")[1] is None
    assert split_name("Căn cứ Luật Tổ chức Chính phủ")[1] is None


# --- the dev corpus -----------------------------------------------------------------------------------

FIELDS = ("kind", "number", "symbol", "issuer", "place", "date", "year", "month")
GOLDS = sorted(DEV.glob("*.gold.json")) if DEV.is_dir() else []


def _text_copy(gold: Path) -> Path:
    name = gold.name.removesuffix(".gold.json")
    own = DEV / f"{name}.txt"
    return own if own.exists() else DEV / "text" / f"{name}.txt"


@pytest.mark.skipif(not GOLDS, reason="shared corpus not available")
@pytest.mark.parametrize("gold", GOLDS, ids=[g.name.removesuffix(".gold.json") for g in GOLDS])
def test_dev_corpus_document_fields(gold: Path) -> None:
    from theodoi.parsing.normalise import normalise
    from theodoi.parsing.readers import read

    expected = json.loads(gold.read_text(encoding="utf-8"))["document"]
    blocks = normalise(read(_text_copy(gold))).blocks
    info, start = read_header(blocks)
    closing = read_closing(blocks, start)
    got = info.to_dict()
    assert {f: got[f] for f in FIELDS} == {f: expected[f] for f in FIELDS}
    assert closing.signature.signer == expected["signer"]
    assert 0 < start < closing.start < closing.end <= len(blocks)


# --- robustness ---------------------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "Số: /KH-UBND", "Số 12-CTr/TU", "ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "KẾ HOẠCH", "V/v", "Kính gửi:", "- Sở Y tế;",
    "Nơi nhận:", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A", "PHỤ LỤC", "|",
    "Hà Nội, ngày tháng năm", "ngày 31 tháng 2 năm 2025", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "**", "*", "",
])
_LINES = st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=30)


@given(_LINES, st.booleans())
def test_never_crashes(lines: list[str], as_table: bool) -> None:
    blocks: list[Block] = [Paragraph(text=t, source=Source(line=n)) for n, t in enumerate(lines, 1)]
    if as_table and lines:
        blocks.insert(0, table(lines[:2], lines[2:4] or [""]))
    info, start = read_header(blocks)
    assert 0 <= start <= len(blocks)
    closing = read_closing(blocks, start)
    assert closing.start == -1 or start <= closing.start < closing.end <= len(blocks)
    assert info.date is None or info.year == info.date.year
