"""The linter: each rule on plans and blocks built here, the curated typo list, and the founding document's
five defects."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.parsing import lint_rules
from theodoi.parsing.lint import lint
from theodoi.parsing.model import Block, Cell, Paragraph, Source, Table
from theodoi.parsing.plan import AgencyRef, Deadline, DocumentInfo, Finding, Plan, Reference, Task

SHARED = Path(__file__).resolve().parents[3] / "shared"
FOUNDING = SHARED / "corpus" / "dev" / "bacgiang-kh-2025-tang-truong.txt"

PROVINCE = DocumentInfo(
    kind="Kế hoạch", number="123/KH-UBND", symbol="KH-UBND", issuer="Ủy ban nhân dân tỉnh Bắc Giang",
    place="Bắc Giang", date=date(2025, 6, 12), year=2025, month=6, level="province", province="Bắc Giang",
    source=Source(line=3),
)
CITY = DocumentInfo(
    kind="Kế hoạch", number="45/KH-UBND", symbol="KH-UBND", issuer="Ủy ban nhân dân thành phố Hà Nội",
    place="Hà Nội", date=date(2025, 6, 12), year=2025, month=6, level="province", province="Hà Nội",
)


def task(ref: str, text: str = "", *, lead: str | None = "Sở Tài chính", line: int = 10,
         end: int | None = None, deadline: Deadline | None = None, part: int = 1, origin: str = "narrative",
         agencies: list[AgencyRef] | None = None) -> Task:
    found = agencies if agencies is not None else ([AgencyRef(name=lead, text=lead, role="lead", known=True)] if lead else [])
    return Task(
        ref=ref, part=part, text=text or f"Tổ chức thực hiện nhiệm vụ {ref} được giao", agencies=found, origin=origin, source=Source(line=line), end_line=end or line,
        deadline=deadline or Deadline(text="Năm 2025", kind="date", due=date(2025, 12, 31)),
    )


def para(text: str, line: int) -> Paragraph:
    return Paragraph(text=text, source=Source(line=line))


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def run(tasks: list[Task] | None = None, blocks: list[Block] | None = None, *, doc: DocumentInfo = PROVINCE,
        citations: list[Reference] | None = None) -> list[Finding]:
    return lint(Plan(document=doc, tasks=tasks or []), blocks or [], citations=citations)


def test_a_clean_plan_has_no_findings() -> None:
    blocks: list[Block] = [para("1. Sở Tài chính: Tổ chức thực hiện nhiệm vụ được giao trên địa bàn thành phố Bắc Giang.", 10)]
    assert run([task("II.1")], blocks, citations=[]) == []


# --- document -----------------------------------------------------------------------------------------


def test_draft_number_and_blank_day() -> None:
    doc = DocumentInfo(kind="Kế hoạch", symbol="KH-UBND", year=2025, month=6, source=Source(line=3))
    found = run(doc=doc)
    assert codes(found) == ["draft-number"]
    assert found[0].severity == "warning" and found[0].source == Source(line=3)
    assert "Số: /KH-UBND" in found[0].message and "tháng 6 năm 2025" in found[0].message


def test_draft_with_number_but_blank_date() -> None:
    doc = DocumentInfo(number="12/KH-UBND", symbol="KH-UBND", year=2026)
    found = run(doc=doc)
    assert codes(found) == ["draft-number"] and "số văn bản" not in found[0].message


# --- references ---------------------------------------------------------------------------------------


def ref(number: str, line: int, day: date | None = None, issuer: str | None = None) -> Reference:
    return Reference(kind="Chương trình hành động", number=number, date=day, issuer=issuer, source=Source(line=line))


def test_reference_conflict_dates_and_issuers() -> None:
    citations = [
        ref("86-CTr/TU", 9, date(2025, 5, 23), "Ban Thường vụ Tỉnh ủy"),
        ref("86-CTr/TU", 31, None, "Ban Thường vụ Tỉnh ủy"),
        ref("86-CTr/TU", 169, date(2025, 5, 12), "Ban Thường vụ Thành ủy"),
    ]
    found = [f for f in run(citations=citations) if f.code == "reference-conflict"]
    assert len(found) == 1
    assert found[0].severity == "error" and found[0].source == Source(line=169)
    assert "23/5/2025" in found[0].message and "12/5/2025" in found[0].message and "Thành ủy" in found[0].message


def test_reference_consistent_variants_are_not_conflicts() -> None:
    citations = [
        ref("1050/QĐ-SCT", 17, date(2026, 3, 6), "Giám đốc Sở Công Thương tỉnh Lào Cai"),
        ref("1050/QĐ-SCT", 38, date(2026, 3, 6), "Giám đốc Sở Công Thương"),
        ref("1050 /QĐ-SCT", 40, None, None),
        ref("86-CTr/TU", 50, date(2025, 5, 23), "BTV Tỉnh ủy"),
        ref("86-CTr/TU", 60, date(2025, 5, 23), "Ban Thường vụ Tỉnh ủy"),
    ]
    assert "reference-conflict" not in codes(run(citations=citations))


def test_reference_conflict_uses_plan_references_when_no_citations() -> None:
    plan = Plan(document=PROVINCE, references=[ref("1050/QĐ-SCT", 17, date(2026, 3, 6)), ref("1050/QĐ-SCT", 38, date(2025, 3, 6))])
    assert "reference-conflict" in codes(lint(plan, []))


def test_appendix_caption_disagreeing_with_the_header() -> None:
    doc = DocumentInfo(kind="Nghị quyết", number="03/NQ-CP", symbol="NQ-CP", issuer="Chính phủ", date=date(2025, 1, 9), year=2025, month=1)
    blocks: list[Block] = [
        para("(Kèm theo Nghị quyết số 03/NQ-CP ngày 09 tháng 01 năm 2025 của Chính phủ)", 57),
        para("(Kèm theo Chương trình hành động tại Nghị quyết số /NQ-CP ngày 01 tháng 01 năm 2025 của Chính phủ)", 313),
    ]
    found = [f for f in run(blocks=blocks, doc=doc, citations=[]) if f.code == "reference-conflict"]
    assert [f.source for f in found] == [Source(line=313)]


def test_appendix_caption_of_a_draft_is_consistent() -> None:
    doc = DocumentInfo(kind="Kế hoạch", symbol="KH-UBND", year=2026, month=3)
    blocks: list[Block] = [para("(Ban hành kèm theo Kế hoạch số /KH-UBND ngày /3/2026 của Chủ tịch UBND tỉnh Lâm Đồng)", 147)]
    assert "reference-conflict" not in codes(run(blocks=blocks, doc=doc, citations=[]))
    blocks = [para("(Kèm theo Kế hoạch số /KH-UBND ngày /4/2026 của UBND tỉnh)", 147)]
    assert "reference-conflict" in codes(run(blocks=blocks, doc=doc, citations=[]))


def test_undated_reference() -> None:
    citations = [ref("192/2025/QH15", 169), ref("66/NQ-CP", 70, date(2025, 3, 26)), ref("66/NQ-CP", 80)]
    found = [f for f in run(citations=citations) if f.code == "undated-reference"]
    assert len(found) == 1 and "192/2025/QH15" in found[0].message and found[0].severity == "info"


# --- tasks --------------------------------------------------------------------------------------------


def test_missing_lead_and_missing_deadline() -> None:
    tasks = [
        task("II.3.3", deadline=Deadline(), line=85),
        task("II.5", lead=None, line=90),
        task("III.2", deadline=Deadline(), origin="organisation", line=173),
    ]
    found = run(tasks)
    assert [(f.code, f.severity, f.task) for f in found] == [
        ("missing-deadline", "warning", "II.3.3#1"),
        ("missing-lead", "error", "II.5#1"),
        ("missing-deadline", "info", "III.2#1"),
    ]


@pytest.mark.parametrize("text", ["Kịp thời", "sớm", "Khẩn trương, kịp thời", "theo đúng tiến độ", "Phù hợp với tiến độ hoạt động"])
def test_vague_deadline(text: str) -> None:
    found = run([task("8.e", deadline=Deadline(text=text, kind="event"))])
    assert codes(found) == ["vague-deadline"]


@pytest.mark.parametrize(
    "deadline",
    [
        Deadline(text="Thường xuyên", kind="ongoing", recurring=True),
        Deadline(text="Theo tiến độ thực hiện của Tổ rà soát quy hoạch tỉnh", kind="event"),
        Deadline(text="Sau khi Quốc hội thông qua Luật Quy hoạch", kind="event"),
        Deadline(text="Khi có yêu cầu", kind="event"),
        Deadline(text="Quý III/2025 và thường xuyên", kind="date", due=date(2025, 9, 30), recurring=True),
    ],
)
def test_identified_deadlines_are_not_vague(deadline: Deadline) -> None:
    assert run([task("II.1", deadline=deadline)]) == []


def test_event_deadline_without_event() -> None:
    assert codes(run([task("II.1", deadline=Deadline(kind="event"))])) == ["vague-deadline"]


def test_deadline_before_document() -> None:
    found = run([task("I.2", deadline=Deadline(text="27/3/2025", kind="date", due=date(2025, 3, 27)))])
    assert codes(found) == ["deadline-before-document"]
    draft = DocumentInfo(symbol="KH-UBND", number="1/KH-UBND", year=2026, month=3, date=None)
    found = run([task("I.2", deadline=Deadline(text="27/2/2026", kind="date", due=date(2026, 2, 27)))], doc=draft)
    assert "deadline-before-document" in codes(found)
    found = run([task("I.2", deadline=Deadline(text="27/3/2026", kind="date", due=date(2026, 3, 27)))], doc=draft)
    assert "deadline-before-document" not in codes(found)


def test_duplicate_task() -> None:
    text = "Rà soát, tham mưu hoàn thiện quy chế phối hợp quản lý nhà nước về khoáng sản."
    found = run([task("IV.2.3", text, line=40), task("PL.2", text.upper() + " ", line=140), task("IV.2.4", "Khác hẳn nội dung trên, đủ dài để so.", line=41)])
    assert [(f.code, f.task) for f in found] == [("duplicate-task", "PL.2#1")]


def test_unknown_agency_once_per_name() -> None:
    unknown = AgencyRef(name="Ban Chỉ đạo 389 tỉnh", text="BCĐ 389", role="lead", known=False)
    helper = AgencyRef(name="Hội Nông dân tỉnh", text="Hội Nông dân tỉnh", role="support", known=False)
    group = AgencyRef(name="các sở, ngành, địa phương", text="các sở, ngành, địa phương", role="support", known=False, kind="group")
    tasks = [task("1", agencies=[unknown, helper, group], line=10), task("2", agencies=[unknown], line=20)]
    found = run(tasks)
    assert [(f.code, f.severity) for f in found] == [("unknown-agency", "warning"), ("unknown-agency", "info")]
    assert "2 nhiệm vụ" in found[0].message


# --- issuer wording -----------------------------------------------------------------------------------


def test_issuer_mismatch_in_a_provincial_plan() -> None:
    blocks: list[Block] = [
        para("Nghiên cứu, tạo động lực phát triển mới của thành phố trong tương lai.", 67),
        para("Quán triệt Chương trình hành động của Ban Thường vụ Thành ủy về thực hiện Kết luận.", 169),
        para("- UBND huyện, thị xã, thành phố;", 183),
        para("Duy trì nằm trong nhóm 10 tỉnh, thành phố dẫn đầu; liên kết với các thành phố lớn.", 159),
        para("Phối hợp với Ủy ban nhân dân thành phố Bắc Giang và Thành ủy Bắc Giang.", 170),
        para("Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương; UBND thành phố trực thuộc tỉnh.", 171),
    ]
    found = run([task("II.3.1", line=60, end=68), task("III.1", line=169)], blocks)
    assert [(f.code, f.source, f.task) for f in found] == [
        ("issuer-mismatch", Source(line=67), "II.3.1#1"),
        ("issuer-mismatch", Source(line=169), "III.1#1"),
    ]


def test_issuer_mismatch_in_a_city_plan() -> None:
    blocks: list[Block] = [
        para("Báo cáo Ban Thường vụ Tỉnh ủy kết quả thực hiện.", 20),
        para("Đẩy mạnh phát triển kinh tế của tỉnh.", 21),
        para("Phối hợp với Tỉnh ủy Bắc Ninh và Ủy ban nhân dân tỉnh Hưng Yên.", 22),
    ]
    found = run(blocks=blocks, doc=CITY)
    assert [(f.code, f.source) for f in found] == [("issuer-mismatch", Source(line=20)), ("issuer-mismatch", Source(line=21))]


def test_no_issuer_wording_rule_for_central_documents() -> None:
    doc = DocumentInfo(issuer="Chính phủ", level="central", number="03/NQ-CP", symbol="NQ-CP", date=date(2025, 1, 9), year=2025, month=1)
    assert run(blocks=[para("Thành ủy Hà Nội và của thành phố trong tương lai.", 5)], doc=doc) == []


# --- spelling -----------------------------------------------------------------------------------------

TYPO_CASES = [(t.pattern, text, True) for t in lint_rules.typos() for text in t.bad] + [
    (t.pattern, text, False) for t in lint_rules.typos() for text in t.good
]


@pytest.mark.parametrize(("pattern", "text", "wrong"), TYPO_CASES, ids=[f"{'bad' if w else 'good'}:{t[:40]}" for _p, t, w in TYPO_CASES])
def test_typo_entries(pattern: str, text: str, wrong: bool) -> None:
    found = [f for f in lint_rules.spelling(text, Source(line=1)) if "chính tả" in f.message]
    assert bool(found) is wrong, (pattern, [f.message for f in found])


def test_doubled_words() -> None:
    bad, good = lint_rules.doubled_examples()
    for text in bad:
        assert any("Lặp từ" in f.message for f in lint_rules.spelling(text, Source(line=1))), text
    for text in good:
        assert not list(lint_rules.spelling(text, Source(line=1))), text


def test_spacing() -> None:
    found = list(lint_rules.spelling("phối hợp với các sở,ngành; tăng trưởng 13,6% cao ; KH,CN", Source(line=1)))
    assert [f.severity for f in found] == ["warning", "info"]


def test_spelling_in_table_cells_is_located_on_its_task() -> None:
    cells = [[Cell("1", Source(line=140, row=1, cell=1)), Cell("Hổ trợ doanh nghiệp sản suất", Source(line=140, row=1, cell=2))]]
    blocks: list[Block] = [Table(rows=cells, source=Source(line=140))]
    found = run([task("PL.1", line=140)], blocks)
    assert [(f.code, f.task, f.source) for f in found] == [
        ("spelling", "PL.1#1", Source(line=140, row=1, cell=2)),
        ("spelling", "PL.1#1", Source(line=140, row=1, cell=2)),
    ]
    assert "“Hổ trợ” → “Hỗ trợ”" in found[0].message


def test_old_tone_placement_is_tolerated() -> None:
    assert not list(lint_rules.spelling("Uỷ ban nhân dân tỉnh chỉ đạo hoà giải, thuỷ lợi", Source(line=1)))
    blocks: list[Block] = [para("Báo cáo Ban Thường vụ Thành uỷ.", 5)]
    assert codes(run(blocks=blocks)) == ["issuer-mismatch"]


# --- the founding document ----------------------------------------------------------------------------


@pytest.mark.skipif(not FOUNDING.exists(), reason="shared corpus not available")
def test_founding_document_defects() -> None:
    """The five defects of the founding document's gold file, from its real text and header."""
    from theodoi.parsing.header import read_header
    from theodoi.parsing.normalise import normalise
    from theodoi.parsing.readers import read

    blocks = normalise(read(FOUNDING)).blocks
    info, start = read_header(blocks)
    gold = json.loads(FOUNDING.with_name("bacgiang-kh-2025-tang-truong.gold.json").read_text(encoding="utf-8"))
    lines = {b.source.line: b.text for b in blocks if isinstance(b, Paragraph) and b.source.line is not None}
    tasks = []
    for item in gold["tasks"]:
        line = next(n for n, text in lines.items() if item["text_start"][:40] in text)
        due = item["deadline"]["due"]
        deadline = Deadline(text=item["deadline"]["text"], kind=item["deadline"]["kind"], due=date.fromisoformat(due) if due else None)
        tasks.append(task(item["ref"], item["text_start"], lead=item["lead"][0], line=line, deadline=deadline, part=item["part"]))
    citations = [
        ref("86-CTr/TU", 9, date(2025, 5, 23), "Ban Thường vụ Tỉnh ủy"),
        ref("86-CTr/TU", 169, date(2025, 5, 12), "Ban Thường vụ Thành ủy"),
    ]
    found = lint(Plan(document=info, tasks=tasks), blocks[start:], citations=citations)
    expected = {f["code"] for f in gold["findings"]}
    assert expected <= set(codes(found))
    assert {f.task for f in found if f.code == "missing-deadline"} >= {"II.3.3#1", "II.5.5#1", "II.5.6#1", "II.5.7#1"}
    assert {f.source.line for f in found if f.code == "issuer-mismatch" and f.source} == {67, 169}
    spelled = " ".join(f.message for f in found if f.code == "spelling")
    for wrong in ("ùn đầy", "Phần đầu", "chuyên đổi số", "thuế đôi ứng", "kịch bản trưởng", "Par Index"):
        assert f"“{wrong}”" in spelled
    assert len([f for f in found if f.code == "spelling"]) == 6


@given(st.lists(st.text(max_size=80), max_size=12))
def test_lint_never_crashes(lines: list[str]) -> None:
    blocks: list[Block] = [para(text, n) for n, text in enumerate(lines, 1)]
    tasks = [task("1", lines[0] if lines else "", line=1)]
    for finding in run(tasks, blocks, citations=[ref("86-CTr/TU", 1), ref("", 2)]):
        assert finding.severity in ("error", "warning", "info")
