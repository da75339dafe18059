"""The linter: defects of a draft plan, from the extracted register and the document's text.

Codes: reference-conflict, draft-number, missing-deadline, missing-lead, issuer-mismatch, vague-deadline,
unknown-agency, spelling, duplicate-task, deadline-before-document, undated-reference.
:func:`lint` is a pure function of its arguments.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date

from theodoi.parsing import lint_rules
from theodoi.parsing.header import expand_abbreviations, is_central_city
from theodoi.parsing.model import Block, Source
from theodoi.parsing.plan import DocumentInfo, Finding, Plan, Reference, Task
from theodoi.text import key, new_tones

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_DOCUMENT_CODES = frozenset({"draft-number"})  # about the document as a whole, not a task


def lint(plan: Plan, blocks: list[Block], *, citations: list[Reference] | None = None) -> list[Finding]:
    """Findings on ``plan`` (read from ``blocks``). ``citations``: every citation occurrence in the text,
    as :func:`theodoi.parsing.references.find_citations` gives them (``plan.references`` when None)."""
    doc = plan.document
    texts = list(lint_rules.pieces(blocks))
    findings: list[Finding] = []
    findings += _draft_number(doc)
    findings += _reference_conflicts(doc, citations if citations is not None else plan.references)
    findings += _self_citations(doc, texts)
    findings += _undated_references(citations if citations is not None else plan.references)
    findings += _task_findings(plan.tasks, doc)
    findings += _duplicates(plan.tasks)
    findings += _unknown_agencies(plan.tasks)
    unit = lint_rules.issuer_unit(doc, is_central_city(doc.province or ""))
    for text, source in texts:
        findings += lint_rules.spelling(text, source)
        if unit:
            findings += lint_rules.issuer_wording(text, source, unit, doc.issuer or "")
    locate = _Locator(plan.tasks)
    for finding in findings:
        if finding.task is None and finding.code not in _DOCUMENT_CODES:
            finding.task = locate(finding.source)
    findings.sort(key=lambda f: ((f.source.line or 0) if f.source else 0, _SEVERITY_ORDER.get(f.severity, 3), f.code))
    return findings


def _ref(task: Task) -> str:
    return f"{task.ref}#{task.part}"


class _Locator:
    """The task whose source lines hold a given line."""

    def __init__(self, tasks: list[Task]) -> None:
        spans = sorted(
            (t.source.line, t.end_line or t.source.line, _ref(t)) for t in tasks if t.source and t.source.line is not None
        )
        self._starts = [s[0] for s in spans]
        self._spans = spans

    def __call__(self, source: Source | None) -> str | None:
        if source is None or source.line is None:
            return None
        i = bisect_right(self._starts, source.line) - 1
        for start, end, ref in reversed(self._spans[max(i - 3, 0) : i + 1]):
            if start <= source.line <= end:
                return ref
        return None


# --- document -----------------------------------------------------------------------------------------


def _draft_number(doc: DocumentInfo) -> list[Finding]:
    blank_number = doc.number is None and doc.symbol is not None
    blank_day = doc.date is None and doc.year is not None
    if not (blank_number or blank_day):
        return []
    parts = []
    if blank_number:
        parts.append(f"số văn bản để trống (Số: /{doc.symbol})")
    if blank_day:
        month = f" tháng {doc.month}" if doc.month else " tháng (trống)"
        parts.append(f"ngày ban hành để trống (ngày (trống){month} năm {doc.year})")
    message = "Văn bản dự thảo: " + "; ".join(parts) + " (draft: number or date blank)"
    return [Finding(code="draft-number", severity="warning", message=message, source=doc.source)]


def _number_key(number: str) -> str:
    return re.sub(r"\s+", "", number)


def _issuer_key(issuer: str) -> str:
    text = key(expand_abbreviations(issuer))
    return re.sub(r"^(?:của|do)\s+", "", text)


def _compatible(a: str, b: str) -> bool:
    return a in b or b in a


def _fmt(d: date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def _line(source: Source | None) -> str:
    return f"dòng {source.line}" if source and source.line is not None else "?"


def _reference_conflicts(doc: DocumentInfo, citations: list[Reference]) -> Iterator[Finding]:
    groups: dict[str, list[Reference]] = {}
    for ref in citations:
        if re.match(r"^\d", ref.number):
            groups.setdefault(_number_key(ref.number), []).append(ref)
    for number, refs in groups.items():
        dates: dict[date, Reference] = {}
        issuers: dict[str, Reference] = {}
        for ref in refs:
            if ref.date and ref.date not in dates:
                dates[ref.date] = ref
            if ref.issuer:
                k = _issuer_key(ref.issuer)
                if not any(_compatible(k, seen) for seen in issuers):
                    issuers[k] = ref
        problems = []
        if len(dates) > 1:
            problems.append("ngày khác nhau: " + "; ".join(f"{_fmt(d)} ({_line(r.source)})" for d, r in dates.items()))
        if len(issuers) > 1:
            problems.append("cơ quan ban hành khác nhau: " + "; ".join(f"{r.issuer} ({_line(r.source)})" for r in issuers.values()))
        if problems:
            last = max(list(dates.values()) + list(issuers.values()), key=lambda r: (r.source.line or 0) if r.source else 0)
            yield Finding(
                code="reference-conflict",
                severity="error",
                message=f"Văn bản {number} được dẫn không thống nhất — " + "; ".join(problems) + " (conflicting citations)",
                source=last.source,
            )


_SELF = re.compile(
    r"(?i:kèm theo)\s+(?:[^()]{0,60}?\s)?(?:Kế hoạch|Nghị quyết|Quyết định|Chỉ thị|Thông báo|Chương trình|Công văn|Văn bản)"
    r"\s+số\s*:?\s*(?P<n>\d*)\s*(?P<sym>[/-]\s*[A-ZĐa-zđ][\w&/-]*)\s*ngày\s*(?P<d>\d{1,2})?\s*(?:tháng|/)\s*(?P<m>\d{1,2})?"
    r"\s*(?:năm|/)\s*(?P<y>\d{4})"
)


def _self_citations(doc: DocumentInfo, texts: list[lint_rules.Piece]) -> Iterator[Finding]:
    """Appendix captions "(Kèm theo Kế hoạch số .../KH-UBND ngày ...)" that disagree with the header."""
    if not doc.symbol:
        return
    seen: set[tuple[str, str]] = set()
    for text, source in texts:
        if "èm theo" not in text:
            continue
        for m in _SELF.finditer(new_tones(text)):
            if re.sub(r"\s|^[/-]", "", m["sym"]) != doc.symbol.replace(" ", ""):
                continue
            problem = _caption_problem(doc, m)
            if problem and (problem, m.group()) not in seen:
                seen.add((problem, m.group()))
                yield Finding(
                    code="reference-conflict",
                    severity="error",
                    message=f"Phụ lục ghi “{m.group()}” nhưng {problem} (appendix caption disagrees with the header)",
                    source=source,
                )


def _caption_problem(doc: DocumentInfo, m: re.Match[str]) -> str | None:
    number = m["n"] or None
    written = doc.number.split("/")[0].split("-")[0] if doc.number else None
    if number != written:
        return f"văn bản mang số {doc.number or '(trống)'}"
    d, mo, y = (int(g) if g else None for g in (m["d"], m["m"], m["y"]))
    if doc.date and d and mo and y and (d, mo, y) != (doc.date.day, doc.date.month, doc.date.year):
        return f"văn bản ban hành ngày {_fmt(doc.date)}"
    if doc.year and y and y != doc.year or doc.month and mo and mo != doc.month:
        return f"văn bản ban hành tháng {doc.month or '?'}/{doc.year}"
    return None


_SYMBOLED = re.compile(r"^\d+(?:/\d{4})?[/-][A-ZĐa-zđ]")  # "66/NQ-CP", "86-CTr/TU"; not a bare "11"


def _undated_references(citations: list[Reference]) -> Iterator[Finding]:
    dated = {_number_key(r.number) for r in citations if r.date}
    reported: set[str] = set()
    for ref in citations:
        number = _number_key(ref.number)
        if not _SYMBOLED.match(number) or number in dated or number in reported:
            continue
        reported.add(number)
        yield Finding(
            code="undated-reference",
            severity="info",
            message=f"Văn bản {ref.number} được dẫn mà không ghi ngày ban hành (cited without its date)",
            source=ref.source,
        )


# --- tasks --------------------------------------------------------------------------------------------

_VAGUE = re.compile(
    r"^(?:(?:một cách\s+)?(?:kịp thời|sớm|sớm nhất|khẩn trương|ngay|ngay lập tức|nhanh chóng|càng sớm càng tốt|"
    r"trong thời gian sớm nhất|(?:theo\s+)?đúng tiến độ|phù hợp với tiến độ(?:\s+\w+){0,2}|theo tiến độ|theo quy định|"
    r"theo kế hoạch|khi cần thiết|thường xuyên,\s*kịp thời)[\s,;.]*(?:và\s+)?)+$"
)


def _task_findings(tasks: list[Task], doc: DocumentInfo) -> Iterator[Finding]:
    floor = _document_floor(doc)
    for task in tasks:
        ref = _ref(task)
        if not task.lead:
            yield Finding("missing-lead", "error", f"Nhiệm vụ {task.ref} chưa có cơ quan chủ trì (no lead agency)", task.source, ref)
        deadline = task.deadline
        text = " ".join((deadline.text or "").split()).lower().strip(" .;")
        if text and _VAGUE.match(text):
            message = f"Thời hạn “{deadline.text}” của nhiệm vụ {task.ref} không xác định được (vague deadline)"
            yield Finding("vague-deadline", "warning", message, deadline.source or task.source, ref)
        elif deadline.kind == "none":
            severity = "info" if task.origin == "organisation" else "warning"
            message = f"Nhiệm vụ {task.ref} không có thời hạn hoàn thành (no deadline)"
            yield Finding("missing-deadline", severity, message, task.source, ref)
        elif deadline.kind == "event" and not text:
            message = f"Nhiệm vụ {task.ref} có thời hạn theo sự kiện nhưng không nêu sự kiện (event deadline without event)"
            yield Finding("vague-deadline", "warning", message, deadline.source or task.source, ref)
        if floor and deadline.due and deadline.due < floor[0]:
            message = f"Thời hạn {_fmt(deadline.due)} của nhiệm vụ {task.ref} trước {floor[1]} (deadline before the document)"
            yield Finding("deadline-before-document", "warning", message, deadline.source or task.source, ref)


def _document_floor(doc: DocumentInfo) -> tuple[date, str] | None:
    if doc.date:
        return doc.date, f"ngày ban hành văn bản {_fmt(doc.date)}"
    if doc.year and doc.month:
        return date(doc.year, doc.month, 1), f"tháng ban hành văn bản {doc.month}/{doc.year}"
    if doc.year:
        return date(doc.year, 1, 1), f"năm ban hành văn bản {doc.year}"
    return None


def _task_key(text: str) -> str:
    return re.sub(r"[\W_]+", " ", key(text)).strip()


def _duplicates(tasks: list[Task]) -> Iterator[Finding]:
    first: dict[str, Task] = {}
    for task in tasks:
        k = _task_key(task.text)
        if len(k) < 20:
            continue
        if k in first and first[k] is not task:
            original = first[k]
            message = f"Nhiệm vụ {task.ref} trùng nội dung với nhiệm vụ {original.ref} (duplicate task)"
            yield Finding("duplicate-task", "warning", message, task.source, _ref(task))
        else:
            first.setdefault(k, task)


def _unknown_agencies(tasks: list[Task]) -> Iterator[Finding]:
    seen: set[str] = set()
    for task in tasks:
        for agency in task.agencies:
            name = key(agency.name)
            if agency.known or agency.kind == "group" or name in seen:
                continue
            seen.add(name)
            severity = "warning" if agency.role == "lead" else "info"
            count = sum(1 for t in tasks if any(key(a.name) == name and not a.known for a in t.agencies))
            message = f"Cơ quan “{agency.name}” không có trong danh mục cơ quan ({count} nhiệm vụ) (unknown agency)"
            yield Finding("unknown-agency", severity, message, agency.source or task.source, _ref(task))
