"""Deadlines: timeline texts and deadline phrases in sentences (LABELING.md, Deadlines)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.parsing import deadlines
from theodoi.parsing.deadlines import find_deadline, parse_deadline
from theodoi.parsing.model import Source
from theodoi.parsing.references import fold_keep

DOC = date(2025, 6, 12)

# text, kind, due, recurring
TIMELINES = [
    ("Thường xuyên", "ongoing", None, True),
    ("Thường xuyên, liên tục", "ongoing", None, True),
    ("Hằng năm", "ongoing", None, True),
    ("hàng năm", "ongoing", None, True),
    ("Định kỳ hằng quý", "ongoing", None, True),
    ("Hằng quý", "ongoing", None, True),
    ("Hằng tháng", "ongoing", None, True),
    ("Định kỳ 6 tháng, hằng năm", "ongoing", None, True),
    ("Nhiệm vụ thường xuyên", "ongoing", None, True),
    ("định kỳ 02 tuần/lần", "ongoing", None, True),
    ("Năm 2025", "date", "2025-12-31", False),
    ("năm 2025", "date", "2025-12-31", False),
    ("2025", "date", "2025-12-31", False),
    ("Trong năm 2026", "date", "2026-12-31", False),
    ("Quý III/2025", "date", "2025-09-30", False),
    ("Quý IV", "date", "2025-12-31", False),
    ("quý 3", "date", "2025-09-30", False),
    ("quý ii/2026", "date", "2026-06-30", False),
    ("Quí IV/2025", "date", "2025-12-31", False),
    ("trong quý I năm 2026", "date", "2026-03-31", False),
    ("Hoàn thành trong Quý II/2026", "date", "2026-06-30", False),
    ("Quý III, IV/2026", "date", "2026-12-31", False),
    ("Quý III, quý IV năm 2026", "date", "2026-12-31", False),
    ("Tháng 11, tháng 12 năm 2025", "date", "2025-12-31", False),
    ("Trong tháng 11 và tháng 12/2025", "date", "2025-12-31", False),
    ("tháng 9, 10/2026", "date", "2026-10-31", False),
    ("từ tháng 9 đến tháng 12/2026", "date", "2026-12-31", False),
    ("6 tháng đầu năm 2025", "date", "2025-06-30", False),
    ("Trong 6 tháng đầu năm 2026", "date", "2026-06-30", False),
    ("6 tháng cuối năm 2025", "date", "2025-12-31", False),
    ("Tháng 7/2025", "date", "2025-07-31", False),
    ("Trong tháng 7/2025", "date", "2025-07-31", False),
    ("trong tháng 01 năm 2025", "date", "2025-01-31", False),
    ("6/2025", "date", "2025-06-30", False),
    ("2/2025", "date", "2025-02-28", False),
    ("Xong trong tháng 5/2026", "date", "2026-05-31", False),
    ("Trước ngày 30/6/2025", "date", "2025-06-30", False),
    ("Hoàn thành trước 30/6/2025", "date", "2025-06-30", False),
    ("Chậm nhất ngày 30/6/2025", "date", "2025-06-30", False),
    ("Ngày 30/6/2025", "date", "2025-06-30", False),
    ("30/6/2025", "date", "2025-06-30", False),
    ("30-06-2025", "date", "2025-06-30", False),
    ("trước 15/5/2026", "date", "2026-05-15", False),
    ("Trước ngày 15 tháng 9 năm 2025", "date", "2025-09-15", False),
    ("chậm nhất đến ngày 01 tháng 7 năm 2028", "date", "2028-07-01", False),
    ("Giai đoạn 2025-2030", "date", "2030-12-31", False),
    ("2025-2030", "date", "2030-12-31", False),
    ("2024 - 2030", "date", "2030-12-31", False),
    ("Năm 2026-2027", "date", "2027-12-31", False),
    ("Cuối năm 2025", "date", "2025-12-31", False),
    ("Đầu năm 2026", "date", "2026-03-31", False),
    ("Năm 2025 và thường xuyên", "date", "2025-12-31", True),
    ("Quý III/2025 và thường xuyên", "date", "2025-09-30", True),
    ("Năm 2025 và những năm tiếp theo", "date", "2025-12-31", True),
    ("Năm 2025 và thực hiện rà soát thường xuyên", "date", "2025-12-31", True),
    ("trước ngày 30 tháng 6 hằng năm kể từ năm 2027", "date", "2027-06-30", True),
    ("trước ngày 05/7", "date", "2025-07-05", False),
    ("trước ngày 05/3", "date", "2026-03-05", False),
    ("trước ngày 20 hằng tháng", "date", "2025-06-20", True),
    ("Trước ngày 05 của tháng liền kề", "date", "2025-07-05", True),
    ("trước ngày 20/6 và trước ngày 20/12", "date", "2025-06-20", True),
    ("Ban hành kế hoạch trong tháng 01 hằng năm", "date", "2026-01-31", True),
    ("chậm nhất trong tháng 9 hằng năm", "date", "2025-09-30", True),
    ("Trước ngày 31/01 năm liền kề", "date", "2026-01-31", True),
    ("Từ năm 2026", "date", "2026-12-31", True),
    ("Từ 20 giờ 15 phút - 20 giờ 45 phút ngày 23 tháng 10", "date", "2025-10-23", False),
    ("nhân ngày Chuyển đổi số Quốc gia 10/10", "date", "2025-10-10", False),
    ("kỳ 6 tháng (từ ngày 15/12/2025 đến ngày 14/6/2026, gửi trước ngày 20/6/2026) và kỳ 12 tháng "
     "(từ ngày 15/12/2025 đến ngày 14/12/2026, gửi trước ngày 20/12/2026)", "date", "2026-06-20", True),
    ("từ ngày 01/7/2025 đến ngày 30/9/2025", "date", "2025-09-30", False),
    ("trong thời hạn 06 tháng kể từ ngày ký", "date", "2025-12-12", False),
    ("Trong vòng 15 ngày kể từ ngày 01/7/2025", "date", "2025-07-16", False),
    ("Sau khi Quốc hội thông qua Luật Quy hoạch điều chỉnh.", "event", None, False),
    ("Theo tiến độ thực hiện của Tổ rà soát quy hoạch tỉnh", "event", None, False),
    ("Khi có yêu cầu", "event", None, False),
    ("Theo yêu cầu", "event", None, False),
    ("Theo kế hoạch của tỉnh", "event", None, False),
    ("Theo các mốc thời gian tại Quyết định số 1441/QĐ-UBND ngày 25/9/2025 của Chủ tịch UBND tỉnh",
     "event", None, False),
    ("Sau 03 tháng kể từ khi có văn bản của Trung ương", "event", None, False),
    ("Trong vòng 15 ngày kể từ ngày nhận được văn bản", "event", None, False),
    ("Thực hiện thường xuyên khi có yêu cầu của bộ, ngành Trung ương.", "event", None, False),
    ("Sau khi có hướng dẫn, hoàn thành trước ngày 30/9/2025", "date", "2025-09-30", False),
    ("đúng thời hạn", "event", None, False),
    ("Tháng 13/2025", "none", None, False),
    ("", "none", None, False),
]


@pytest.mark.parametrize(("text", "kind", "due", "recurring"), TIMELINES)
def test_parse_deadline(text: str, kind: str, due: str | None, recurring: bool) -> None:
    result = parse_deadline(text, doc_date=DOC)
    assert (result.kind, result.due.isoformat() if result.due else None, result.recurring) == (kind, due, recurring)


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("Hằng năm", "yearly"),
        ("Định kỳ 6 tháng, hằng năm", "half-yearly"),
        ("Hằng quý", "quarterly"),
        ("trước ngày 20 hằng tháng", "monthly"),
        ("định kỳ hằng tuần", "weekly"),
        ("Thường xuyên", "ongoing"),
        ("trước ngày 20/6 và trước ngày 20/12", "half-yearly"),
        ("Năm 2025", None),
    ],
)
def test_recurrence(text: str, recurrence: str | None) -> None:
    assert parse_deadline(text, doc_date=DOC).recurrence == recurrence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thời gian thực hiện: Quý III/2025 và thường xuyên", "Quý III/2025 và thường xuyên"),
        ("Thời gian: Năm 2025.", "Năm 2025."),
        ("Thời hạn hoàn thành: 30/6/2025  ", "30/6/2025"),
        ("Tiến độ: Hằng năm", "Hằng năm"),
        ("Thời gian hoàn thành ban hành kế hoạch chậm nhất là ngày 15/4/2026",
         "Thời gian hoàn thành ban hành kế hoạch chậm nhất là ngày 15/4/2026"),
    ],
)
def test_label_is_dropped(text: str, expected: str) -> None:
    result = parse_deadline(text, doc_date=DOC)
    assert result.text == expected
    assert result.kind == "date" or result.recurring


def test_exclusive_and_start() -> None:
    assert parse_deadline("trước ngày 30/6/2025").exclusive
    assert not parse_deadline("Chậm nhất ngày 30/6/2025").exclusive
    assert parse_deadline("2024 - 2030").start == date(2024, 1, 1)
    assert parse_deadline("Quý III, IV/2026").start == date(2026, 7, 1)


def test_document_year_when_no_date() -> None:
    assert parse_deadline("Quý IV", doc_year=2026).due == date(2026, 12, 31)
    assert parse_deadline("trước ngày 05/7", doc_year=2026).due == date(2026, 7, 5)
    unresolved = parse_deadline("Quý IV")
    assert unresolved.kind == "none" and unresolved.due is None


def test_source_is_kept() -> None:
    source = Source(line=12)
    assert parse_deadline("Năm 2025", source=source).source == source
    found = find_deadline("hoàn thành trước ngày 15/9/2025", source=source)
    assert found is not None and found.source == source


def test_old_tones_and_missing_diacritics() -> None:
    assert parse_deadline("Thoi gian: Quy II nam 2026").due == date(2026, 6, 30)
    assert parse_deadline("hang nam").recurrence == "yearly"
    assert parse_deadline("Theo quy định của pháp luật").recurrence is None  # "quy", not "quý"


# sentence, kind, due, recurring, text
SENTENCES = [
    ("Giao Sở Công Thương chủ trì, báo cáo UBND tỉnh trước ngày 15/9/2025.", "date", "2025-09-15", False,
     "trước ngày 15/9/2025"),
    ("Hoàn thành việc phê duyệt trong tháng 4/2026.", "date", "2026-04-30", False, "trong tháng 4/2026"),
    ("Sở Xây dựng hoàn thành xong trước 30/6.", "date", "2025-06-30", False, "hoàn thành xong trước 30/6"),
    ("Báo cáo Thủ tướng Chính phủ trong quý IV/2026.", "date", "2026-12-31", False, "trong quý IV/2026"),
    ("Tổ chức thực hiện trong năm 2026.", "date", "2026-12-31", False, "trong năm 2026"),
    ("thực hiện cơ bản hoàn thành trong năm 2025", "date", "2025-12-31", False, "hoàn thành trong năm 2025"),
    ("Định kỳ 6 tháng, hằng năm báo cáo UBND tỉnh.", "ongoing", None, True, "Định kỳ 6 tháng, hằng năm"),
    ("Ban hành quy chế trong thời hạn 06 tháng kể từ ngày ký.", "date", "2025-12-12", False,
     "trong thời hạn 06 tháng kể từ ngày ký"),
    ("Thường xuyên rà soát, thống kê và nắm tình hình các đơn vị.", "ongoing", None, True, "Thường xuyên"),
    ("Rà soát, báo cáo kết quả trước ngày 20 hằng tháng.", "date", "2025-06-20", True,
     "trước ngày 20 hằng tháng"),
    ("phấn đấu đến ngày 30/6/2026 hoàn thành tối thiểu 80% chi trả", "date", "2026-06-30", False,
     "đến ngày 30/6/2026"),
]


@pytest.mark.parametrize(("sentence", "kind", "due", "recurring", "text"), SENTENCES)
def test_find_deadline(sentence: str, kind: str, due: str | None, recurring: bool, text: str) -> None:
    found = find_deadline(sentence, doc_date=DOC)
    assert found is not None
    assert (found.kind, found.due.isoformat() if found.due else None, found.recurring) == (kind, due, recurring)
    assert found.text == text


@pytest.mark.parametrize(
    "sentence",
    [
        "Thực hiện Quyết định số 12/QĐ-UBND ngày 05/3/2025 của UBND tỉnh.",
        "Rà soát, hoàn thành xây dựng dự kiến kế hoạch đầu tư công trung hạn 2026-2030.",
        "Giải ngân vốn đầu tư công năm 2025.",
        "Trong năm 2024, tỉnh đã đạt nhiều kết quả.",
        "Phấn đấu đến năm 2030 đạt ít nhất 50% số xã không có ma túy.",
        "xây dựng kế hoạch phát triển kinh tế - xã hội 5 năm 2026-2030",
        "Nâng cao nhận thức, trách nhiệm trong thực hiện nhiệm vụ thường xuyên, liên tục.",
        "Định kỳ phát sóng mỗi tháng 02 chuyên mục",  # recurring, but "tháng 02" is no month
        "Tỷ lệ 1/3 số hộ được hỗ trợ",
        "",
    ],
)
def test_find_deadline_ignores(sentence: str) -> None:
    found = find_deadline(sentence, doc_date=DOC)
    assert found is None or found.kind == "ongoing"


# A span of months or quarters in a sentence is due at the end of its last period.
@pytest.mark.parametrize(
    ("sentence", "year", "due", "start", "text"),
    [
        ("Thực hiện trong tháng 11, tháng 12 năm 2025.", 2025, "2025-12-31", "2025-11-01",
         "trong tháng 11, tháng 12 năm 2025"),
        ("Tổ chức tuyên truyền trong tháng 11 và tháng 12/2025.", 2025, "2025-12-31", "2025-11-01",
         "trong tháng 11 và tháng 12/2025"),
        ("Tổ chức kiểm tra trong quý III, quý IV năm 2026.", 2026, "2026-12-31", "2026-07-01",
         "trong quý III, quý IV năm 2026"),
        ("Phát sóng chuyên mục trong tháng 9, 10/2026.", 2026, "2026-10-31", "2026-09-01", "trong tháng 9, 10/2026"),
        ("Hoàn thành trong tháng 9 - tháng 10/2026.", 2026, "2026-10-31", "2026-09-01",
         "Hoàn thành trong tháng 9 - tháng 10/2026"),
    ],
)
def test_find_deadline_span_of_months(sentence: str, year: int, due: str, start: str, text: str) -> None:
    found = find_deadline(sentence, doc_year=year)
    assert found is not None and found.kind == "date" and not found.recurring
    assert (found.due.isoformat() if found.due else None, found.start.isoformat() if found.start else None) == (due, start)
    assert found.text == text


# A period with its year opening a sentence, before a comma, is the sentence's deadline.
@pytest.mark.parametrize(
    ("sentence", "due", "text"),
    [
        ("Quý I/2027, các cơ quan, đơn vị, địa phương đánh giá kết quả thực hiện Kế hoạch.", "2027-03-31", "Quý I/2027"),
        ("Tháng 6/2026, các sở, ngành báo cáo kết quả.", "2026-06-30", "Tháng 6/2026"),
        ("Năm 2026, các sở tổ chức sơ kết.", "2026-12-31", "Năm 2026"),
        ("6 tháng đầu năm 2026, tổ chức sơ kết.", "2026-06-30", "6 tháng đầu năm 2026"),
        ("Tháng 11, tháng 12 năm 2026, tổ chức hội nghị.", "2026-12-31", "Tháng 11, tháng 12 năm 2026"),
        ("- Quý IV năm 2026, tổng kết.", "2026-12-31", "Quý IV năm 2026"),
        ("Xây dựng kế hoạch triển khai. Năm 2026, tổ chức sơ kết.", "2026-12-31", "Năm 2026"),
    ],
)
def test_find_deadline_opening_period(sentence: str, due: str, text: str) -> None:
    found = find_deadline(sentence, doc_year=2026)
    assert found is not None and found.kind == "date" and not found.recurring
    assert found.due is not None and found.due.isoformat() == due
    assert found.text == text


@pytest.mark.parametrize(
    "sentence",
    [
        "Tổ chức hội nghị sơ kết kế hoạch năm 2026, đánh giá kết quả.",  # inside a noun phrase
        "Năm 2026 là năm bản lề của Kế hoạch.",  # no comma
        "Năm 2025, tỉnh đã đạt nhiều kết quả quan trọng.",  # a past year
        "Giai đoạn 2026-2030, tập trung phát triển hạ tầng số.",  # a plan's horizon
        "Quý IV, các sở báo cáo kết quả.",  # no year written
    ],
)
def test_find_deadline_opening_period_ignored(sentence: str) -> None:
    assert find_deadline(sentence, doc_year=2026) is None


# An event clause opening a sentence, when no firm date is given.
@pytest.mark.parametrize(
    ("sentence", "text", "recurrence"),
    [
        ("Sau khi Chủ tịch UBND tỉnh ban hành quyết định, tổ chức triển khai thực hiện.",
         "Sau khi Chủ tịch UBND tỉnh ban hành quyết định", None),
        ("Ngay sau khi Kế hoạch được ban hành, các sở, ngành xây dựng kế hoạch chi tiết.",
         "Ngay sau khi Kế hoạch được ban hành", None),
        ("Khi có yêu cầu, báo cáo UBND tỉnh kết quả thực hiện.", "Khi có yêu cầu", None),
        ("Khi có yêu cầu báo cáo Bộ Nội vụ.", "Khi có yêu cầu", None),
        ("Theo yêu cầu của Bộ Nội vụ, tổng hợp báo cáo kết quả.", "Theo yêu cầu của Bộ Nội vụ", None),
        ("Sau khi có kết quả đánh giá, định kỳ hằng quý báo cáo UBND tỉnh.", "Sau khi có kết quả đánh giá", "quarterly"),
    ],
)
def test_find_deadline_opening_event(sentence: str, text: str, recurrence: str | None) -> None:
    found = find_deadline(sentence, doc_date=DOC)
    assert found is not None
    assert (found.kind, found.due, found.text, found.recurrence) == ("event", None, text, recurrence)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Các sở triển khai sau khi Kế hoạch được phê duyệt, báo cáo kết quả.", None),  # not mid-sentence
        ("Tổ chức thực hiện theo yêu cầu của Bộ Nội vụ, báo cáo kết quả.", None),
        ("Sau khi Kế hoạch được phê duyệt thì triển khai ngay.", None),  # no comma closes the clause
        ("Sau khi có hướng dẫn, hoàn thành trước ngày 30/9/2025.", "date"),  # a firm date wins
    ],
)
def test_find_deadline_event_only_opening(sentence: str, kind: str | None) -> None:
    found = find_deadline(sentence, doc_date=DOC)
    assert (found.kind if found else None) == kind


# "thường xuyên" right before a duty verb in the first clause, after the agencies.
@pytest.mark.parametrize(
    ("sentence", "found_kind"),
    [
        ("Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị thường xuyên tổ chức rà soát các văn bản.",
         "ongoing"),
        ("Giao Văn phòng Ủy ban nhân dân tỉnh thường xuyên theo dõi, đôn đốc, cập nhật tiến độ các nhiệm vụ.",
         "ongoing"),
        ("Sở Nội vụ phối hợp với Báo và Phát thanh, Truyền hình tỉnh, Tạp chí Diễn đàn doanh nghiệp... thường xuyên "
         "đăng tải các bài viết.", "ongoing"),
        ("Nêu cao trách nhiệm trong việc chủ động, thường xuyên lãnh đạo, chỉ đạo công tác.", None),  # a manner
        ("Tổ chức kiểm tra thường xuyên và đột xuất hoạt động khai thác khoáng sản.", None),  # after the verb
        ("Duy trì chế độ trực, tuần tra thường xuyên; kịp thời báo cáo cấp có thẩm quyền.", None),
        ("Cải cách hành chính là nhiệm vụ thường xuyên, cấp bách.", None),
        ("Duy trì các chuyên mục; thường xuyên đăng tải các tin, bài viết.", None),  # not in the first clause
        ("Bồi dưỡng cho cán bộ, công chức thường xuyên tiếp nhận hồ sơ.", None),  # no duty verb
    ],
)
def test_find_deadline_ongoing_before_duty(sentence: str, found_kind: str | None) -> None:
    found = find_deadline(sentence, doc_date=DOC)
    assert (found.kind if found else None) == found_kind
    if found is not None:
        assert found.recurring and found.text == "thường xuyên"


# A document dated by month only is passed as the first day of that month ("ngày  tháng 3 năm 2026").
@pytest.mark.parametrize(
    ("text", "doc_date", "due", "recurrence"),
    [
        ("Trước ngày 31/01 năm liền kề", date(2026, 3, 1), "2027-01-31", "yearly"),
        ("Trước ngày 31/01 năm liền kề", date(2026, 1, 1), "2027-01-31", "yearly"),  # the next year, not 31/01/2026
        ("Trước ngày 31 tháng 01 năm liền kề", date(2026, 1, 1), "2027-01-31", "yearly"),
        ("trước ngày 15/01 năm sau", date(2026, 1, 1), "2027-01-15", None),
        ("chậm nhất là ngày 31/12 năm trước liền kề", date(2026, 3, 1), "2026-12-31", "yearly"),
        ("Trước ngày 05 của tháng liền kề", date(2026, 3, 1), "2026-04-05", "monthly"),
        ("Trước ngày 05 của tháng liền kề", date(2026, 3, 20), "2026-04-05", "monthly"),
        ("Hằng tháng, trước ngày 05 của tháng liền kề", date(2026, 3, 1), "2026-04-05", "monthly"),
        ("trước ngày 05 hằng tháng", date(2026, 3, 1), "2026-03-05", "monthly"),
    ],
)
def test_blank_document_day(text: str, doc_date: date, due: str, recurrence: str | None) -> None:
    for found in (parse_deadline(text, doc_date=doc_date), find_deadline(f"Báo cáo UBND tỉnh {text}.", doc_date=doc_date)):
        assert found is not None and found.kind == "date"
        assert (found.due.isoformat() if found.due else None, found.recurrence) == (due, recurrence)


def test_recurrence_keys_cover_phrases() -> None:
    """Every recurrence phrase holds a pre-check key, or the fast path would skip it."""
    for phrases in deadlines._REC.values():
        for phrase in phrases:
            assert any(k in fold_keep(phrase) + " " for k in deadlines._RECURRENCE_KEYS), phrase


TEXTS = st.text(alphabet=st.sampled_from(list("0123456789/-., qQuýÝIVXtháng năm ngày hằng từ đến trước")), max_size=60)


@given(st.one_of(st.text(max_size=80), TEXTS), st.one_of(st.none(), st.dates()))
def test_parse_deadline_never_fails(text: str, doc_date: date | None) -> None:
    result = parse_deadline(text, doc_date=doc_date)
    assert result.kind in ("date", "ongoing", "event", "none")
    assert (result.kind == "date") == (result.due is not None)
    assert result.due is None or isinstance(result.due, date)
    assert 0.0 <= result.confidence <= 1.0
    assert result.recurrence is None or result.recurring


@given(st.one_of(st.text(max_size=120), TEXTS), st.one_of(st.none(), st.dates()))
def test_find_deadline_never_fails(text: str, doc_date: date | None) -> None:
    found = find_deadline(text, doc_date=doc_date)
    if found is not None:
        assert found.kind in ("date", "ongoing", "event")
        assert (found.kind == "date") == (found.due is not None)
        assert found.text is not None and re.sub(r"\s+", " ", found.text) in re.sub(r"\s+", " ", text)
