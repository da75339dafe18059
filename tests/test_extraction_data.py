"""The extractor's own knowledge files: sections, assignment cues, table headers."""

from __future__ import annotations

import pytest

from theodoi.data import load_toml
from theodoi.parsing.extract import zone_of
from theodoi.parsing.tables import _kind_of_header
from theodoi.text import fold

ASSIGNMENT = load_toml("assignment")
SECTIONS = load_toml("sections")
HEADERS = load_toml("table_headers")


@pytest.mark.parametrize("name", sorted(ASSIGNMENT))
def test_assignment_lists_are_lists_of_distinct_lower_case_phrases(name: str) -> None:
    phrases = ASSIGNMENT[name]
    assert isinstance(phrases, list) and phrases
    assert all(isinstance(p, str) and p == p.strip() and p == p.lower() for p in phrases), name


def test_section_words_are_folded_and_zones_known() -> None:
    assert {z["name"] for z in SECTIONS["zone"]} == {"organisation", "tasks", "background"}
    for zone in SECTIONS["zone"]:
        assert all(w == fold(w) for w in zone["strong"] + zone["weak"]), zone["name"]


@pytest.mark.parametrize(
    ("title", "zone"),
    [
        ("MỤC ĐÍCH, YÊU CẦU", "background"),
        ("NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU", "tasks"),
        ("TỔ CHỨC THỰC HIỆN", "organisation"),
        ("PHÂN CÔNG NHIỆM VỤ", "organisation"),
        ("Đối tượng, nội dung kiểm tra", "background"),
        ("KIẾN NGHỊ", "tasks"),
        ("Nội dung khác lạ", "tasks"),
        ("CHỈ TIÊU, NHIỆM VỤ", "tasks"),
        ("CHỈ TIÊU THI ĐUA PHẤN ĐẤU NĂM 2026", "background"),
        ("TIÊU CHUẨN, HÌNH THỨC, HỒ SƠ KHEN THƯỞNG", "background"),
        ("THỜI GIAN THI ĐUA VÀ TIẾN ĐỘ THỰC HIỆN", "background"),
        ("Lời nói đầu", "unknown"),
    ],
)
def test_zone_of(title: str, zone: str) -> None:
    assert zone_of(title) == zone


def test_table_header_words_are_folded() -> None:
    for kind, words in HEADERS.items():
        assert all(w == fold(w) for w in words), kind


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("STT", "ref"), ("TT", "ref"), ("Nhiệm vụ", "task"), ("Nội dung công việc", "task"),
        ("Cơ quan chủ trì", "lead"), ("Chủ trì\nthực hiện", "lead"), ("Đơn vị phối hợp", "support"),
        ("Đơn vị chủ trì, phối hợp", "combined"), ("Thời gian hoàn thành", "deadline"), ("Thời hạn", "deadline"),
        ("Sản phẩm", "product"), ("Cơ quan chủ trì theo dõi, đánh giá", "monitor"), ("Ghi chú", None),
    ],
)
def test_table_header_kinds(header: str, kind: str | None) -> None:
    assert _kind_of_header(header) == kind
