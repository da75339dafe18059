"""Targets: quantified aims in running text and in indicator tables (LABELING.md, Targets)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.parsing.model import Source
from theodoi.parsing.targets import find_plan_targets, find_targets, parse_number, targets_from_cell

# text, [(value, unit, comparator), ...]
CASES = [
    ("bảo đảm mức tăng trưởng kinh tế (GRDP) của tỉnh năm 2025 đạt 13,6%", [(13.6, "%", ">=")]),
    ("góp phần cùng cả nước đạt mục tiêu tăng trưởng 8% trở lên.", [(8, "%", ">=")]),
    ("Phấn đấu giải ngân 100% kế hoạch vốn đầu tư công năm 2025.", [(100, "%", ">=")]),
    ("giảm ít nhất 30% thời gian xử lý thủ tục hành chính; giảm ít nhất 30% chi phí kinh doanh; 100% thủ tục "
     "hành chính được thực hiện không phụ thuộc vào địa giới hành chính",
     [(30, "%", ">="), (30, "%", ">="), (100, "%", ">=")]),
    ("Tối thiểu 98% hồ sơ thủ tục hành chính được giải quyết đúng hạn.", [(98, "%", ">=")]),
    ("tỷ lệ giải ngân đạt trên 90% kế hoạch", [(90, "%", ">=")]),
    ("Tập huấn cho trên 15% các cơ quan, tổ chức", [(15, "%", ">=")]),
    ("tỷ lệ hộ nghèo không quá 5%; tỷ lệ thất nghiệp dưới 3%", [(5, "%", "<="), (3, "%", "<=")]),
    ("Làm chủ một số công nghệ chiến lược: 20% - 50%", [(20, "%", ">=")]),
    ("Chỉ số chuyển đổi số (DTI) năm 2025 nằm trong top 3 địa phương dẫn đầu", [(3, "rank", "<=")]),
    ("thuộc nhóm 3 tỉnh dẫn đầu cả nước", [(3, "rank", "<=")]),
    ("duy trì nằm trong nhóm 10 tỉnh, thành phố dẫn đầu cả nước về Chỉ số PII", [(10, "rank", "<=")]),
    ("với mục tiêu tăng trưởng đạt “hai con số”.", [(10, "%", ">=")]),
    ("Phấn đấu thu hút 1.000 doanh nghiệp đầu tư vào tỉnh.", [(1000, "doanh nghiệp", ">=")]),
    ("mỗi cơ quan phải có ít nhất 01 sáng kiến/mô hình/giải pháp về cải cách hành chính",
     [(1, "sáng kiến/mô hình/giải pháp", ">=")]),
    ("hằng quý có ít nhất 01 tin, bài về thực hiện CCHC", [(1, "tin, bài", ">=")]),
    ("Phấn đấu mỗi năm tổ chức đấu giá từ 05 mỏ khoáng sản làm vật liệu xây dựng thông thường trở lên.",
     [(5, "mỏ", ">=")]),
    ("Ít nhất 10 cơ sở được thành lập", [(10, "cơ sở", ">=")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_targets(text: str, expected: list[tuple[float, str, str]]) -> None:
    found = [(t.value, t.unit, t.comparator) for t in find_targets(text)]
    assert found == [(float(v), u, c) for v, u, c in expected]


@pytest.mark.parametrize(
    "text",
    [
        "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ; Điều 14, khoản 3.",
        "xây dựng mô hình tổ chức chính quyền địa phương 02 cấp",
        "xây dựng kế hoạch phát triển kinh tế - xã hội 5 năm 2025-2030",
        "theo Phụ lục 1 kèm theo; tổ chức 03 cuộc họp",
        "Doanh thu năm 2024 đã đạt 95% kế hoạch.",
        "Kim ngạch xuất khẩu tăng 20% so với cùng kỳ.",
        "Cho vay với lãi suất 5%/năm",
        "Dân số từ 15 tuổi trở lên có tài khoản ngân hàng",
        "Yêu cầu Nhà đầu tư 02 dự án lập hồ sơ điều chỉnh chủ trương đầu tư",
        "Thực hiện Kết luận số 123-KL/TW ngày 24/01/2025 của Ban Chấp hành Trung ương Đảng về Đề án bổ sung về "
        "phát triển kinh tế - xã hội năm 2025 với mục tiêu tăng trưởng đạt 8% trở lên",
        "",
    ],
)
def test_not_targets(text: str) -> None:
    assert find_targets(text) == []


def test_details() -> None:
    (target,) = find_targets("giảm ít nhất 30% thời gian xử lý thủ tục hành chính;", source=Source(line=4))
    assert target.text == "ít nhất 30%"
    assert target.indicator == "thời gian xử lý thủ tục hành chính"
    assert target.direction == "decrease"
    assert target.source == Source(line=4)
    (growth,) = find_targets("đạt mục tiêu tăng trưởng 8% trở lên")
    assert growth.text == "8% trở lên" and growth.indicator == "tăng trưởng"
    assert find_plan_targets("đạt 13,6%")[0].value == 13.6


@pytest.mark.parametrize(
    ("text", "value"),
    [("13,6", 13.6), ("1.000", 1000), ("1.000,5", 1000.5), ("05", 5), ("0,7", 0.7), ("12.5", 12.5), ("x", None)],
)
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


# value cell, unit cell, [(value, unit, comparator), ...]
CELLS = [
    ("≥ 55", "%", [(55, "%", ">=")]),
    ("90", "%", [(90, "%", "=")]),
    ("100%", "%", [(100, "%", "=")]),
    (">= 30", "%", [(30, "%", ">=")]),
    ("≥ 30", "% GDP", [(30, "%", ">=")]),
    ("≤ 3 Đông Nam Á; ≤ 50 Thế giới", "Thứ bậc", [(3, "rank", "<="), (50, "rank", "<=")]),
    ("> 0,7", "Chỉ số phát triển con người (HDI)", [(0.7, "HDI", ">=")]),
    ("40 - 50", "Tổ chức", [(40, "Tổ chức", ">=")]),
    ("1", "Số doanh nghiệp/1000 dân", [(1, "doanh nghiệp/1000 dân", "=")]),
    ("≥ 3% và tăng dần theo yêu cầu phát triển", "% tổng chi NSNN", [(3, "%", ">=")]),
    ("Đạt mức tiên tiến", "Thứ bậc", []),
    ("12", "", []),
]


@pytest.mark.parametrize(("value", "unit", "expected"), CELLS)
def test_targets_from_cell(value: str, unit: str, expected: list[tuple[float, str, str]]) -> None:
    found = [(t.value, t.unit, t.comparator) for t in targets_from_cell(value, unit)]
    assert found == [(float(v), u, c) for v, u, c in expected]


WORDS = st.sampled_from(
    ["đạt", "ít nhất", "tối thiểu", "trên", "dưới", "không quá", "trở lên", "%", "13,6", "1.000", "05", "top", "3",
     "nhóm", "tỉnh", "dẫn đầu", "doanh nghiệp", "hai con số", "tăng trưởng", "số", "66/NQ-CP", "ngày", "về", ";"]
)


@given(st.one_of(st.text(max_size=120), st.lists(WORDS, max_size=20).map(" ".join)))
def test_find_targets_never_fails(text: str) -> None:
    for target in find_targets(text):
        assert target.unit
        assert target.comparator in (">=", "<=", "=")
        assert target.value >= 0
        assert target.text


@given(st.text(max_size=40), st.one_of(st.none(), st.text(max_size=20)))
def test_targets_from_cell_never_fails(value: str, unit: str | None) -> None:
    for target in targets_from_cell(value, unit):
        assert target.comparator in (">=", "<=", "=")
