"""Citations of documents by number (LABELING.md, References)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.parsing.model import Source
from theodoi.parsing.references import (
    citation_spans,
    dedupe_references,
    find_citations,
    fold_keep,
    kind_from_symbol,
    reference_key,
)

# text, [(kind, number, date, issuer), ...]
CASES = [
    ("Thực hiện Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ về ...",
     [("Nghị quyết", "66/NQ-CP", "2025-03-26", "Chính phủ")]),
    ("Nghị quyết 68-NQ/TW ngày 04/5/2025 của Bộ Chính trị về phát triển kinh tế tư nhân",
     [("Nghị quyết", "68-NQ/TW", "2025-05-04", "Bộ Chính trị")]),
    ("Chỉ thị số 10/CT-TTg ngày 25/3/2025 của Thủ tướng Chính phủ;",
     [("Chỉ thị", "10/CT-TTg", "2025-03-25", "Thủ tướng Chính phủ")]),
    ("và Nghị quyết số 192/2025/QH15 của Quốc hội về bổ sung Kế hoạch",
     [("Nghị quyết", "192/2025/QH15", None, "Quốc hội")]),
    ("Luật số 72/2025/QH15", [("Luật", "72/2025/QH15", None, "Quốc hội")]),
    ("Nghị định số 118/2025/NĐ-CP", [("Nghị định", "118/2025/NĐ-CP", None, "Chính phủ")]),
    ("Quyết định số 1079-QĐ/TU ngày 09/4/2025 của Ban Thường vụ Tỉnh ủy thực hiện",
     [("Quyết định", "1079-QĐ/TU", "2025-04-09", "Ban Thường vụ Tỉnh ủy")]),
    ("Kết luận số 123-KL/TW ngày 24/01/2025 của Ban Chấp hành Trung ương Đảng về Đề án",
     [("Kết luận", "123-KL/TW", "2025-01-24", "Ban Chấp hành Trung ương Đảng")]),
    ("Kế hoạch số 182-KH/TU ngày 23/4/2025", [("Kế hoạch", "182-KH/TU", "2025-04-23", None)]),
    ("Thông báo số 493/TB-UBND ngày 26 tháng 3 năm 2025 của UBND tỉnh",
     [("Thông báo", "493/TB-UBND", "2025-03-26", "UBND tỉnh")]),
    ("Công văn số 7432/UBND-XD ngày 01-10-1997", [("Công văn", "7432/UBND-XD", "1997-10-01", None)]),
    ("Văn bản số 1552/BTTTT-TTH", [("Văn bản", "1552/BTTTT-TTH", None, None)]),
    ("theo Kế hoạch số 996/KH-TCTLNTW-C04", [("Kế hoạch", "996/KH-TCTLNTW-C04", None, None)]),
    ("theo 66/NQ-CP và 86-CTr/TU", [("Nghị quyết", "66/NQ-CP", None, "Chính phủ"),
                                    ("Chương trình", "86-CTr/TU", None, None)]),
    ("Chương trình hành động số 86-CTr/TU ngày 23/5/2025 của Ban Thường vụ Tỉnh ủy",
     [("Chương trình hành động", "86-CTr/TU", "2025-05-23", "Ban Thường vụ Tỉnh ủy")]),
    ("theo Nghị định số 217/2025/NĐ-\nCP ngày 05/8/2025 của Chính phủ Quy định về hoạt động",
     [("Nghị định", "217/2025/NĐ-CP", "2025-08-05", "Chính phủ")]),
    ("Kèm theo Kế hoạch số 1105 /KH-ĐKT ngày10 /3/2026 của Đoàn kiểm tra",
     [("Kế hoạch", "1105/KH-ĐKT", "2026-03-10", "Đoàn kiểm tra")]),
    ("quy định tại Nghị định số 181/2024/NĐCP ngày 31/12/2024 và Nghị định số 146/2025/NĐ-CP ngày 12/6/2025 "
     "của Chính phủ;",
     [("Nghị định", "181/2024/NĐCP", "2024-12-31", "Chính phủ"),
      ("Nghị định", "146/2025/NĐ-CP", "2025-06-12", "Chính phủ")]),
    ("bảo đảm kết nối với Đề án 06, gồm; thực hiện Chỉ thị 18 chống thất thu thuế",
     [("Đề án", "06", None, None), ("Chỉ thị", "18", None, None)]),
    ("THEO QUYẾT ĐỊNH\nSỐ 1050/QĐ-SCT", [("Quyết định", "1050/QĐ-SCT", None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_citations(text: str, expected: list[tuple[str, str, str | None, str | None]]) -> None:
    found = [(r.kind, r.number, r.date.isoformat() if r.date else None, r.issuer) for r in find_citations(text)]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Số: /KH-UBND",
        "Số: 123/KH-UBND",
        "Nghị quyết số /NQ-CP ngày 01 tháng 01 năm 2025 của Chính phủ",
        "ngày 26/3/2025, tốc độ trên 1Gb/s, 5G/6G, 24/7, COVID-19, 20% - 50%, Điều 14, 02 cấp, Phụ lục 1",
        "xây dựng Kế hoạch 5 năm 2026-2030; Dự án 1: Hỗ trợ; Chương trình 135",
        "",
    ],
)
def test_not_citations(text: str) -> None:
    assert find_citations(text) == []


def test_every_occurrence_in_order() -> None:
    text = (
        "Chương trình hành động số 86-CTr/TU ngày 23/5/2025 của Ban Thường vụ Tỉnh ủy. ... phổ biến Chương trình "
        "hành động số 86-CTr/TU ngày 12/5/2025 của Ban Thường vụ Thành ủy."
    )
    found = find_citations(text, source=Source(line=3))
    assert [(r.number, r.date, r.issuer) for r in found] == [
        ("86-CTr/TU", date(2025, 5, 23), "Ban Thường vụ Tỉnh ủy"),
        ("86-CTr/TU", date(2025, 5, 12), "Ban Thường vụ Thành ủy"),
    ]
    assert all(r.source == Source(line=3) for r in found)
    assert found[0].text == "Chương trình hành động số 86-CTr/TU ngày 23/5/2025 của Ban Thường vụ Tỉnh ủy"


def test_dedupe_keeps_first_full_citation() -> None:
    text = (
        "triển khai Nghị quyết số 57-NQ/TW. Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; "
        "Nghị quyết số 57-NQ/TW ngày 01/01/2025; theo Chỉ thị 11 của Ban Thường vụ Tỉnh ủy và Chỉ thị số 11-CT/TU "
        "ngày 04/01/2026; Đề án 06; Nghị quyết số 57-nq/tw"
    )
    refs = dedupe_references(find_citations(text))
    assert [(r.number, r.date, r.issuer) for r in refs] == [
        ("57-NQ/TW", date(2024, 12, 22), "Bộ Chính trị"),
        ("11-CT/TU", date(2026, 1, 4), None),
        ("06", None, None),
    ]


def test_dedupe_fills_missing_details() -> None:
    refs = dedupe_references(find_citations("Kế hoạch số 182-KH/TU ngày 23/4/2025. Kế hoạch số 182-KH/TU của BTV"))
    assert [(r.date, r.issuer) for r in refs] == [(date(2025, 4, 23), "BTV")]


@pytest.mark.parametrize(
    ("number", "key"),
    [("86-CTr/TU", "86-CTR/TU"), ("105/2021/NĐ-CP", "105/2021/ND-CP"), (" 1105 /KH-ĐKT", "1105/KH-DKT")],
)
def test_reference_key(number: str, key: str) -> None:
    assert reference_key(number) == key


@pytest.mark.parametrize(
    ("number", "kind"),
    [("66/NQ-CP", "Nghị quyết"), ("1079-QĐ/TU", "Quyết định"), ("7432/UBND-XD", "Công văn"),
     ("192/2025/QH15", None), ("09/2019/ND-CP", "Nghị định"), ("05/ĐA-UBND", "Đề án"), ("05/DA-UBND", "Dự án")],
)
def test_kind_from_symbol(number: str, kind: str | None) -> None:
    assert kind_from_symbol(number) == kind


def test_spans_cover_number_and_date() -> None:
    text = "Căn cứ Quyết định số 12/QĐ-UBND ngày 05/3/2025 của UBND tỉnh, hoàn thành trước ngày 30/6/2025."
    ((start, end),) = citation_spans(text)
    assert text[start:end] == "Quyết định số 12/QĐ-UBND ngày 05/3/2025"


def test_fold_keep_keeps_length() -> None:
    text = "Nghị Quyết số 66/NQ-CP – THÔNG BÁO ĐĐQH Hoá Thuỷ"
    assert len(fold_keep(text)) == len(text)
    assert fold_keep(text) == "nghi quyet so 66/nq-cp - thong bao ddqh hoa thuy"


WORDS = st.sampled_from(
    ["Nghị quyết", "số", "66/NQ-CP", "86-CTr/TU", "192/2025/QH15", "ngày", "26/3/2025", "của", "Chính phủ", "về",
     "Đề án", "06", "Số:", "/KH-UBND", "\n", ",", "và", "tháng", "năm", "2025", "NĐ-", "CP"]
)


@given(st.one_of(st.text(max_size=150), st.lists(WORDS, max_size=25).map(" ".join)))
def test_find_citations_never_fails(text: str) -> None:
    found = find_citations(text)
    for ref in found:
        assert ref.number and any(c.isdigit() for c in ref.number)
        assert ref.date is None or isinstance(ref.date, date)
    deduped = dedupe_references(found)
    assert len({reference_key(r.number) for r in deduped}) == len(deduped)
