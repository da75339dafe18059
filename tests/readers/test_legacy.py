"""Legacy Vietnamese encodings (TCVN3, VNI) and the Vietnamese-syllable score."""

from __future__ import annotations

import pytest

from theodoi.parsing.readers.legacy import (
    TCVN3_TO_UNICODE,
    VNI_TO_UNICODE,
    detect_and_convert,
    tcvn3_to_unicode,
    vni_to_unicode,
)
from theodoi.parsing.readers.quality import is_syllable, vietnamese_score

SAMPLE = (
    "ủy ban nhân dân tỉnh lâm đồng ban hành kế hoạch thực hiện nhiệm vụ phát triển kinh tế xã hội "
    "năm 2026 giao các sở ngành chủ trì phối hợp triển khai đảm bảo tiến độ chất lượng hiệu quả "
    "trường học bệnh viện đường giao thông người dân doanh nghiệp khuyến khích ưu tiên quyết định"
)
UNICODE_TO_TCVN3 = {v: k for k, v in TCVN3_TO_UNICODE.items()}


def to_tcvn3(text: str) -> str:
    return "".join(UNICODE_TO_TCVN3.get(c, c) for c in text)


def to_vni(text: str) -> str:
    """Encode to VNI with the shortest sequence per letter (the inverse of the table)."""
    inverse: dict[str, str] = {}
    for key, value in sorted(VNI_TO_UNICODE.items(), key=lambda kv: (len(kv[0]), kv[0].isupper())):
        inverse.setdefault(value, key)
    return "".join(inverse.get(c, c) for c in text)


def test_documented_samples() -> None:
    assert tcvn3_to_unicode("Uû ban nh©n d©n") == "Uỷ ban nhân dân"
    assert tcvn3_to_unicode("ViÖt Nam") == "Việt Nam"
    assert tcvn3_to_unicode("NguyÔn") == "Nguyễn"
    assert vni_to_unicode("UÛy ban nhaân daân") == "Ủy ban nhân dân"
    assert vni_to_unicode("Xin chaøo caùc baïn") == "Xin chào các bạn"


def test_tcvn3_round_trip_of_every_lower_case_letter() -> None:
    letters = "".join(v for v in TCVN3_TO_UNICODE.values() if v.islower())
    assert len(letters) == 67
    assert tcvn3_to_unicode(to_tcvn3(letters)) == letters
    assert tcvn3_to_unicode(to_tcvn3(SAMPLE)) == SAMPLE


def test_tcvn3_upper_case_font_and_upper_case_words() -> None:
    assert tcvn3_to_unicode("céng hßa", upper=True) == "CỘNG HÒA"
    assert tcvn3_to_unicode("CéNG HßA X· HéI\nUû ban") == "CỘNG HÒA XÃ HỘI\nUỷ ban"


def test_vni_round_trip() -> None:
    assert vni_to_unicode(to_vni(SAMPLE)) == SAMPLE
    upper = SAMPLE.upper()
    assert vni_to_unicode(to_vni(upper)) == upper


@pytest.mark.parametrize(("encode", "name"), [(to_tcvn3, "tcvn3"), (to_vni, "vni")])
def test_detection_converts_legacy_text(encode: object, name: str) -> None:
    legacy = encode(SAMPLE)  # type: ignore[operator]
    assert detect_and_convert(legacy) == (SAMPLE, name)


@pytest.mark.parametrize(
    "text",
    [SAMPLE, "Hello world, this is an English sentence about cafés and naïve résumés.", "12/2026", ""],
)
def test_detection_leaves_other_text_alone(text: str) -> None:
    assert detect_and_convert(text) == (text, None)


def test_syllables() -> None:
    for word in ("nghiêng", "quyết", "giữ", "người", "khuỷu", "Đồng", "hoạch", "ương", "QUYẾT"):
        assert is_syllable(word)
    for word in ("UBND", "6Ӣ", "QăP", "nh©n", "xyz", "hóảa"):
        assert not is_syllable(word)


def test_score_separates_text_from_mojibake() -> None:
    assert vietnamese_score(SAMPLE) > 0.95
    assert vietnamese_score(to_tcvn3(SAMPLE)) < 0.5
    assert vietnamese_score(to_vni(SAMPLE)) < 0.5
    assert vietnamese_score("") == 0.0
    english_ocr = "uY BAN NgAN nAN TINH LAMDONG ceNG HoA xA ugr cuu xcuia vrET NAM " * 5
    assert vietnamese_score(english_ocr) < 0.3
