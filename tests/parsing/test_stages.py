"""The pipeline's stages, each called alone on the output of the one before."""

from __future__ import annotations

from theodoi.parsing.extract import extract
from theodoi.parsing.normalise import normalise
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers.txt import read_txt
from theodoi.parsing.resolve import resolve
from theodoi.parsing.segment import segment

TEXT = """ỦY BAN NHÂN DÂN
TỈNH BẮC GIANG
Số: 12/KH-UBND
Bắc Giang, ngày 05 tháng 3 năm 2026
KẾ HOẠCH
Thực hiện Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ
II. NHIỆM VỤ
1. BQL các KCN tỉnh: Chủ trì, phối hợp với Sở NN&MT đôn đốc đầu tư hạ tầng
các khu công nghiệp.
Thời gian thực hiện: Quý III
"""


def _outline():  # type: ignore[no-untyped-def]
    return segment(normalise(read_txt(TEXT.encode("utf-8"), ParseOptions())))


def test_normalise_rejoins_a_sentence_broken_over_two_lines() -> None:
    doc = normalise(read_txt(TEXT.encode("utf-8"), ParseOptions()))
    assert any(p.text.endswith("hạ tầng các khu công nghiệp.") for p in doc.paragraphs())


def test_extract_keeps_agencies_as_written() -> None:
    extraction = extract(_outline())
    [draft] = extraction.drafts
    assert (draft.ref, draft.leads, draft.supports, draft.timeline) == (
        "II.1", ["Ban Quản lý các khu công nghiệp tỉnh"], ["Sở Nông nghiệp và Môi trường"], "Quý III",
    )


def test_resolve_gives_known_agencies_the_document_year_and_the_citations() -> None:
    plan = resolve(extract(_outline()))
    [task] = plan.tasks
    assert all(a.known for a in task.agencies)
    assert task.deadline.due is not None and task.deadline.due.isoformat() == "2026-09-30"
    assert [r.number for r in plan.references] == ["66/NQ-CP"]
    assert plan.document.number == "12/KH-UBND"
