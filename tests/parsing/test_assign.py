"""Who leads and who coordinates: the assignment forms of LABELING.md, one by one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from theodoi.parsing.assign import (
    announces_bullets,
    parse_assignment,
    sentence_subject,
    take_agency_list,
    timeline_label,
)


@pytest.mark.parametrize(
    ("text", "leads", "supports", "how"),
    [
        (
            "Sở Tài chính: Chủ trì, phối hợp với các sở, ngành, địa phương tập trung rà soát quy hoạch tỉnh",
            ["Sở Tài chính"], ["các sở, ngành, địa phương"], "label",
        ),
        (
            "Sở Tài chính, Sở Nội vụ, Sở Nông nghiệp và Môi trường: Phấn đấu duy trì thứ hạng",
            ["Sở Tài chính", "Sở Nội vụ", "Sở Nông nghiệp và Môi trường"], [], "label",
        ),
        (
            "Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với các cơ quan báo chí, các sở, ngành địa phương "
            "đẩy mạnh tuyên truyền",
            ["Sở Văn hóa, Thể thao và Du lịch"], ["các cơ quan báo chí", "các sở, ngành, địa phương"], "subject",
        ),
        (
            "Giao Sở Công Thương chủ trì, phối hợp với Sở Tư pháp và các cơ quan có liên quan nghiên cứu, tham mưu",
            ["Sở Công Thương"], ["Sở Tư pháp", "các cơ quan có liên quan"], "cue",
        ),
        (
            "Các sở, ngành, địa phương theo chức năng, nhiệm vụ phối hợp với Sở Tài chính thực hiện kịch bản",
            ["các sở, ngành, địa phương"], ["Sở Tài chính"], "subject",
        ),
        (
            "Các Bộ, ngành và Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo thực hiện tốt",
            ["các bộ, ngành", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"], [], "subject",
        ),
        (
            "Trên cơ sở nội dung Nghị quyết số 57-NQ/TW, các bộ, ngành, địa phương chủ động xây dựng kế hoạch",
            ["các bộ, ngành, địa phương"], [], "subject",
        ),
        (
            "Ông Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung; chỉ đạo toàn diện hoạt động của Đoàn",
            ["Ông Hoàng Văn Thuân - Trưởng đoàn"], [], "label",
        ),
        ("Tăng cường công tác kiểm tra, giám sát việc thực hiện", [], [], ""),
        ("Chủ trì, phối hợp với Bộ, ngành liên quan rà soát, đánh giá", [], ["bộ, ngành liên quan"], ""),
    ],
)
def test_parse_assignment(text: str, leads: list[str], supports: list[str], how: str) -> None:
    found = parse_assignment(text)
    assert (found.leads, found.supports, found.how) == (leads, supports, how)


def test_heads_of_agencies_stand_for_their_agencies() -> None:
    found = parse_assignment("Giám đốc các sở, Thủ trưởng các cơ quan, đơn vị tổ chức quán triệt, phổ biến")
    assert found.leads and found.how in ("head", "label")
    assert "Giám đốc" not in " ".join(found.leads)


def test_chi_dao_x_keeps_the_addressee_as_lead() -> None:
    # "Chỉ đạo X ..." under an agency: X is not the lead (LABELING.md).
    assert parse_assignment("Chỉ đạo Ban quản lý KKT, KCN và các sở, ngành liên quan tuân thủ").leads == []


def test_yeu_cau_under_an_agency_heading_is_that_agencys_duty() -> None:
    text = "Yêu cầu các đơn vị hoạt động khai thác khoáng sản lắp đặt hệ thống giám sát"
    assert parse_assignment(text, owned=True).leads == []
    assert sentence_subject("Yêu cầu Sở Xây dựng kiểm tra", owned=False) is not None


def test_agency_heading_without_work() -> None:
    found = parse_assignment("Sở Tài chính chủ trì, phối hợp các sở, ban, ngành")
    assert found.leads == ["Sở Tài chính"]
    assert not found.has_work
    assert parse_assignment("Sở Tư pháp: Chủ trì, phối hợp với các sở, ngành tham mưu rà soát").has_work


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("các cơ quan báo chí, các sở, ngành địa phương đẩy mạnh tuyên truyền", "các cơ quan báo chí, các sở, ngành địa phương"),
        ("Sở Nội vụ xây dựng và phát triển nguồn nhân lực", "Sở Nội vụ"),
        ("tỉnh Bắc Ninh để định hướng các nội dung", "tỉnh Bắc Ninh"),
    ],
)
def test_take_agency_list_stops_at_the_work(text: str, expected: str) -> None:
    assert take_agency_list(text)[0] == expected


def test_supports_in_a_sentence_that_opens_with_phoi_hop() -> None:
    found = parse_assignment("Sở Giáo dục và Đào tạo: Chủ trì tham mưu đổi mới. Phối hợp với Sở Nội vụ xây dựng nhân lực")
    assert found.supports == ["Sở Nội vụ"]


def test_a_mid_sentence_phoi_hop_is_not_an_assignment() -> None:
    found = parse_assignment("Sở Tài chính: Rà soát quy hoạch tỉnh, trên cơ sở đó, phối hợp với tỉnh Bắc Ninh để định hướng")
    assert found.supports == []


@pytest.mark.parametrize(
    "text", ["Thời gian thực hiện: Thường xuyên", "Thời gian: năm 2025", "Thời hạn hoàn thành: Quý III/2025"]
)
def test_timeline_labels(text: str) -> None:
    assert timeline_label(text) is not None


def test_timeline_labels_need_a_colon() -> None:
    assert timeline_label("Thời gian qua, công tác cải cách đã có chuyển biến") is None


def test_bullet_intros() -> None:
    assert announces_bullets("Đảng đoàn Quốc hội xác định các nhiệm vụ trọng tâm sau:")
    assert not announces_bullets("Phối hợp với các Bộ, ngành chỉ đạo, hướng dẫn triển khai:")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Sở Ban Bộ các, ngành: và phối hợp với chủ trì Giao UBND tỉnh 12.-")), max_size=120))
def test_parse_assignment_never_raises(text: str) -> None:
    found = parse_assignment(text)
    assert isinstance(found.leads, list) and isinstance(found.supports, list)


def test_a_sentence_before_a_colon_is_not_an_agency_label() -> None:
    found = parse_assignment("Ban hành và tổ chức thực hiện Kế hoạch rà soát, đánh giá, trong đó: Tập trung rà soát")
    assert found.leads == []
    assert parse_assignment("Đoàn kiểm tra: Các thành viên thực hiện nghiêm túc Kế hoạch").leads == ["Đoàn kiểm tra"]


def test_a_subject_followed_by_can_cu_keeps_its_name_short() -> None:
    found = parse_assignment(
        "Ủy ban nhân dân các xã, phường, đặc khu căn cứ các chỉ tiêu, nhiệm vụ được giao có trách nhiệm xây dựng kế hoạch"
    )
    assert found.leads == ["Ủy ban nhân dân các xã, phường, đặc khu"]


def test_a_lone_word_is_joined_to_the_name_after_it() -> None:
    found = parse_assignment("Báo và Đài Phát thanh, Truyền hình Lâm Đồng tăng cường công tác tuyên truyền")
    assert found.leads == ["Báo và Đài Phát thanh, Truyền hình Lâm Đồng"]
