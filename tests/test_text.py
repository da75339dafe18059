"""Vietnamese text utilities: NFC, tone placement, folding, collation."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from theodoi.text import clean, collation_key, fold, fold_same_length, key, new_tones, nfc


def test_new_tones_only_at_the_end_of_a_syllable() -> None:
    assert new_tones("Văn hoá, thuỷ lợi, Uỷ ban") == "Văn hóa, thủy lợi, Ủy ban"
    assert new_tones("hoàn thành, quyết định") == "hoàn thành, quyết định"


def test_fold_and_key() -> None:
    assert fold("Sở Nông nghiệp và Môi trường") == "so nong nghiep va moi truong"
    assert fold("ĐẢNG ỦY") == "dang uy"
    assert key("Ủy ban  nhân dân") == key("Uỷ ban nhân dân") == "ủy ban nhân dân"


def test_fold_same_length_keeps_positions() -> None:
    text = "Kính gửi – Quý III/2025\u00a0Đoàn"
    folded = fold_same_length(text)
    assert folded == "kinh gui - quy iii/2025 doan"
    assert len(folded) == len(text)


@given(st.text())
def test_fold_same_length_never_changes_the_length_of_nfc_text(text: str) -> None:
    text = nfc(text)
    assert len(fold_same_length(text)) == len(text)


def test_clean_normalises_and_collapses_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn  Thị\u200b Ánh ")
    assert clean(decomposed) == "Nguyễn Thị Ánh"


def test_vietnamese_collation() -> None:
    names = ["Đặng", "bạ", "Ân", "Ba", "Ăn", "bá", "Anh", "Uyên", "bà"]
    assert sorted(names, key=collation_key) == ["Anh", "Ăn", "Ân", "Ba", "bà", "bá", "bạ", "Đặng", "Uyên"]
