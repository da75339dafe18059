"""The segment stage alone: numbering labels and the item tree."""

from __future__ import annotations

import pytest

from theodoi.parsing.model import Cell, Paragraph, Source, Table
from theodoi.parsing.segment import build_tree, parse_label, walk


@pytest.mark.parametrize(
    ("text", "kind", "label", "rest"),
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II - NHIỆM VỤ", "roman", "II", "NHIỆM VỤ"),
        ("IV. KIẾN NGHỊ", "roman", "IV", "KIẾN NGHỊ"),
        ("1. Mục đích", "num1", "1", "Mục đích"),
        ("3.1. Sở Tài chính: Chủ trì", "num2", "3.1", "Sở Tài chính: Chủ trì"),
        ("2.2.1 Tổ đảng", "num3", "2.2.1", "Tổ đảng"),
        ("1.Sở Tư pháp", "num1", "1", "Sở Tư pháp"),
        ("a) Mục tiêu", "letter", "a", "Mục tiêu"),
        ("đ) Phối hợp với các Bộ", "letter", "đ", "Phối hợp với các Bộ"),
        ("- Quán triệt", "dash", "-", "Quán triệt"),
        ("+ Phương án", "plus", "+", "Phương án"),
        ("Phần II. NHIỆM VỤ", "part", "II", "NHIỆM VỤ"),
        ("Điều 3. Chánh Văn phòng", "article", "3", "Chánh Văn phòng"),
        ("1.000 doanh nghiệp được hỗ trợ", "", "", "1.000 doanh nghiệp được hỗ trợ"),
        ("Thời gian thực hiện: Thường xuyên", "", "", "Thời gian thực hiện: Thường xuyên"),
        ("Ủy ban nhân dân tỉnh ban hành", "", "", "Ủy ban nhân dân tỉnh ban hành"),
        ("Vì vậy, cần", "", "", "Vì vậy, cần"),
    ],
)
def test_parse_label(text: str, kind: str, label: str, rest: str) -> None:
    found = parse_label(text)
    assert (found.kind, found.label, found.text) == (kind, label, rest)


def test_word_numbering_wins_over_text() -> None:
    found = parse_label("Sở Tư pháp: Chủ trì", numbering="2.1.")
    assert (found.kind, found.label, found.text) == ("num2", "2.1", "Sở Tư pháp: Chủ trì")


def _p(text: str, line: int) -> Paragraph:
    return Paragraph(text=text, source=Source(line=line))


def test_tree_nests_by_label_and_keeps_paragraphs() -> None:
    blocks = [
        _p("I. MỤC ĐÍCH", 1),
        _p("- Quán triệt", 2),
        _p("II. NHIỆM VỤ", 3),
        _p("1. Về công tác chỉ đạo", 4),
        _p("1.1. Sở Nội vụ: Chủ trì", 5),
        _p("Thời gian thực hiện: Thường xuyên", 6),
        _p("1.2. Sở Tư pháp: Chủ trì", 7),
        _p("2. Sở Tài chính:", 8),
        _p("a) Tổng hợp", 9),
        _p("- chi tiết", 10),
        _p("b) Báo cáo", 11),
        _p("III. TỔ CHỨC THỰC HIỆN", 12),
    ]
    root = build_tree(blocks)
    refs = [(n.kind, n.ref()) for n in walk(root)]
    assert refs == [
        ("roman", "I"), ("dash", "I"), ("roman", "II"), ("num1", "II.1"), ("num2", "II.1.1"),
        ("num2", "II.1.2"), ("num1", "II.2"), ("letter", "II.2.a"), ("dash", "II.2.a"), ("letter", "II.2.b"),
        ("roman", "III"),
    ]
    item = walk(root)[4]
    assert [p.text for p in item.paras] == ["Thời gian thực hiện: Thường xuyên"]


def test_a_dash_never_owns_a_numbered_item() -> None:
    root = build_tree([_p("I. A", 1), _p("- x", 2), _p("1. B", 3)])
    assert [(n.kind, n.ref(), len(n.path())) for n in walk(root)] == [
        ("roman", "I", 1), ("dash", "I", 2), ("num1", "I.1", 2)
    ]


def test_tables_are_leaves_under_the_current_item() -> None:
    table = Table(rows=[[Cell("STT", Source(row=1, cell=1))]], source=Source(line=3))
    root = build_tree([_p("1. Lịch phát sóng", 1), table, _p("2. Khác", 4)])
    nodes = walk(root)
    assert [n.kind for n in nodes] == ["num1", "table", "num1"]
    assert nodes[1].parent is nodes[0]
