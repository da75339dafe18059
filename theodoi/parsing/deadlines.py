"""Deadlines: "Quý III/2025 và thường xuyên" → date 2025-09-30, recurring.

:func:`parse_deadline` reads a timeline text (a "Thời gian thực hiện: ..." line or a table cell);
:func:`find_deadline` finds a deadline phrase in a running sentence ("... trước ngày 15/9/2025").
Rules (LABELING.md, Deadlines), with the choices made where it is silent:

- A period is due at its end ("Quý III/2025" → 30/9, "7/2025" → 31/7, "6 tháng đầu năm" → 30/6,
  "Cuối năm", "6 tháng cuối năm" → 31/12, "Giữa năm" → 30/6, "Đầu năm 2026" → 31/3/2026, the first
  quarter, with lower confidence); a span ("2024 - 2030", "Quý III, IV/2026", "tháng 11, tháng 12 năm
  2025", "từ ngày A đến ngày B") at the end of its last period, ``start`` being its beginning.
- Without a year, a period takes the document's year; a day and month ("trước ngày 05/7"), or a month
  or day "hằng năm"/"hằng tháng", is the first such day on or after the document's date or 1 January
  of a later start year ("kể từ năm 2027"); "ngày 05 của tháng liền kề" counts from the next month,
  "ngày 31/01 năm liền kề" ("năm sau") falls in the year after the document's. A document dated by month
  only is passed as the first day of that month.
- Of several dates the first firm one ("trước", "chậm nhất", a plain date) is due; a span's start ("từ
  ngày") or end ("đến ngày") only when nothing else is given; due dates one 3-, 6- or 12-month cycle
  apart ("trước ngày 20/6 và trước ngày 20/12") are recurring. A start alone ("Từ năm 2026") is due at
  the end of that period, recurring.
- A duration ("trong thời hạn 06 tháng kể từ ngày ký") counts from the date given, or the document's
  date for "kể từ ngày ký/ban hành"; counted from an event ("kể từ khi có văn bản") it is an event.
- Recurrence words ("hằng năm", "định kỳ 6 tháng", "thường xuyên") make a date recurring, or with no
  date the timeline ongoing. "Sau khi ...", "Theo tiến độ ...", "Khi có yêu cầu" are events; text that
  names no time is an event of low confidence; numbers that make no date ("Tháng 13/2025") give none.
- In a sentence: a period with its year that opens it, before a comma ("Quý I/2027, các cơ quan ...") is
  its deadline; with no firm date, an opening "Sau khi ...," / "Khi có yêu cầu" / "Theo yêu cầu ..." makes
  it an event (not "sau khi" inside it), and "thường xuyên" makes it ongoing when it opens the sentence
  or stands right before a duty verb in its first clause ("phối hợp với các sở thường xuyên rà soát").

Candidate dates, their resolution and the choice among them are in :mod:`theodoi.parsing.deadline_dates`.
Phrase lists are data (``theodoi/data/deadlines.toml``). Matching runs on length-preserving folded text:
tone placement, "hằng"/"hàng" and lost diacritics read alike; "quy" (quy định) is not "quý" (quarter).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from theodoi.parsing.deadline_dates import (
    CANDIDATE_RE,
    DATA,
    STRONG,
    YEAR,
    choose,
    is_firm,
    marker_start,
    scan_dates,
)
from theodoi.parsing.model import Source
from theodoi.parsing.plan import Deadline
from theodoi.parsing.references import (
    add_months,
    alternation,
    citation_spans,
    fold_keep,
    make_date,
    words_pattern,
)
from theodoi.text import nfc

__all__ = ["find_deadline", "parse_deadline"]

_REC = DATA["recurrence"]


_LABEL_RE = re.compile(rf"^\s*(?:{alternation(DATA['labels'])})\s*[:：]\s*")
_STARTER_RE = re.compile(rf"^\s*(?:[-+•*]\s*)?(?:{alternation(DATA['event_starters'])})(?![a-z0-9])")
_EVENT_RE = re.compile(words_pattern(DATA["event_phrases"]))
_VAGUE_RE = re.compile(words_pattern(DATA["vague"]))
_KINDS = list(_REC)  # most frequent first, "ongoing" last
_RECURRENCE_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(f"(?P<{k.replace('-', '_')}>{alternation(v)})" for k, v in _REC.items())
    + r")(?![a-z0-9])"
)
_RECURRENCE_KEYS = tuple(fold_keep(k) for k in DATA["recurrence_keys"])
_RECURRENCE_KEYS_RE = re.compile("|".join(re.escape(k) for k in _RECURRENCE_KEYS))  # a fast pre-check
_SENTENCE_ONGOING = {fold_keep(p) for p in DATA["sentence_ongoing"]}
_LEADING_ONGOING_RE = re.compile(rf"[\s\-+•*]*(?:{alternation(_REC['ongoing'])})(?![a-z0-9])")
_ONGOING_BEFORE = {fold_keep(p) for p in DATA["sentence_ongoing_before"]}
_DUTY_AFTER_RE = re.compile(rf"\s+(?:{alternation(DATA['duty_verbs'])})(?![a-z0-9])")
_MANNER_BEFORE_RE = re.compile(r"(?:,|(?<![a-z])(?:va|viec|la))\s*$")  # "chủ động, thường xuyên", "là việc thường xuyên"
_CLAUSE_END_RE = re.compile(r"[;:]|(?<!\.)\.(?![.\d])")
_SENTENCE_START_RE = re.compile(r"(?:^|(?<!\.)[.!?]\s+|\n)[\s\-+•*]*")
_EVENT_CLAUSE_RE = re.compile(
    rf"(?:{alternation(DATA['sentence_event_clauses'])})\s(?:[^,;.\n]|\.(?!\s)){{3,200}}(?=,)"
    rf"|(?:{alternation(DATA['sentence_event_phrases'])})(?![a-z0-9])(?:(?:[^,;.\n]|\.(?!\s)){{0,160}}(?=,))?"
)
_QUY_RE = re.compile(r"(?<![a-z])qu[yi](?![a-z])")
_DURATION_RE = re.compile(  # digit first: the engine skips from digit to digit
    r"(?P<n>\d(?<![\d/.,]\d)\d{0,2})\s+(?P<unit>ngay\s+lam\s+viec|ngay|tuan|thang|nam)(?![a-z0-9])"
    r"(?P<tail>\s*,?\s*(?:ke\s+)?tu\s+(?:ngay|khi|thoi\s+diem|luc)?)?"
)
_DURATION_LEAD_RE = re.compile(r"(?<![a-z0-9])(trong\s+(?:thoi\s+han|vong)|trong|sau|cham\s+nhat(?:\s+la)?|khong\s+qua)\s+$")
_SIGNED_RE = re.compile(r"\s*(?:[a-z]+\s+){0,4}?(?:ky|ban\s+hanh|phe\s+duyet)(?![a-z0-9])")
_DMY_AHEAD_RE = re.compile(rf"\s*(\d{{1,2}})\s?[/.-]\s?(\d{{1,2}})\s?[/.-]\s?({YEAR})")
_SYMBOL_HINT_RE = re.compile(r"\d\s?[/-]\s?[a-z]")
_DIGIT_RE = re.compile(r"\d")
_PART_AHEAD_RE = re.compile(r"\s+(?:dau|cuoi)")


# ---------------------------------------------------------------------------------------------
# Recurrence, durations, masking


def _recurrence(folded: str, sentence: bool = False) -> tuple[str | None, list[tuple[int, int]]]:
    """The most frequent recurrence named, and the spans naming it. In a sentence "thường xuyên",
    "liên tục" only count when they open it ("Thường xuyên rà soát ..."), not as a manner."""
    found: dict[str, list[tuple[int, int]]] = {}
    if not _RECURRENCE_KEYS_RE.search(folded):
        return None, []
    for m in _RECURRENCE_RE.finditer(folded):
        kind = _KINDS[m.lastindex - 1] if m.lastindex else "ongoing"
        phrase = " ".join(m.group(0).split())
        if sentence and kind == "ongoing" and phrase not in _SENTENCE_ONGOING:
            leading = _LEADING_ONGOING_RE.match(folded)
            if not (leading and leading.end() == m.end()) and not _before_duty(folded, m, phrase):
                continue
        found.setdefault(kind, []).append(m.span())
    kind = next((k for k in _KINDS if k in found), None)
    return kind, [span for spans in found.values() for span in spans]


def _before_duty(folded: str, m: re.Match[str], phrase: str) -> bool:
    """ "thường xuyên" right before a duty verb in the sentence's first clause, after its agencies
    ("phối hợp với các cơ quan, đơn vị thường xuyên tổ chức rà soát"), not in a list of manners."""
    return (phrase in _ONGOING_BEFORE and _DUTY_AFTER_RE.match(folded, m.end()) is not None
            and _MANNER_BEFORE_RE.search(folded, max(0, m.start() - 8), m.start()) is None
            and _CLAUSE_END_RE.search(folded, 0, m.start()) is None)


def _opening_event(folded: str) -> tuple[int, int] | None:
    """The event clause opening a sentence: "Sau khi Chủ tịch UBND tỉnh ban hành quyết định, ...",
    "Khi có yêu cầu", "Theo yêu cầu của Bộ Nội vụ, ..." ("sau khi" inside a sentence is too ambiguous)."""
    for start in _SENTENCE_START_RE.finditer(folded):
        m = _EVENT_CLAUSE_RE.match(folded, start.end())
        if m:
            return m.span()
    return None


def _fold(text: str) -> str:
    """Folded text in which "quy" (quy định, quy hoạch) no longer reads as "quý"."""
    folded = fold_keep(text)
    if "qu" in folded and not text.isascii():
        folded = _QUY_RE.sub(lambda m: m.group(0) if text[m.start() + 2] in "ýÝíÍ" else "qu#", folded)
    return folded


def _duration(folded: str, ref: date | None, sentence: bool) -> tuple[str, date | None, float, int, int]:
    """(status, due, confidence, start, end) of a duration: status "date"; "event" when counted from
    an event; "none" when there is no duration ("trong 6 tháng đầu năm" is a period)."""
    for m in _DURATION_RE.finditer(folded):
        lead = _DURATION_LEAD_RE.search(folded, max(0, m.start() - 20), m.start())
        if lead is None or (sentence and not m.group("tail")):
            continue
        after = folded[m.end() : m.end() + 60]
        start, n, unit = lead.start(), int(m.group("n")), m.group("unit")
        if m.group("tail"):
            explicit = _DMY_AHEAD_RE.match(after)
            signed = _SIGNED_RE.match(after) if m.group("tail").rstrip().endswith("ngay") else None
            if explicit:
                anchor = make_date(int(explicit.group(1)), int(explicit.group(2)), int(explicit.group(3)))
                end, confidence = m.end() + explicit.end(), 1.0
            elif signed:
                anchor, end, confidence = ref, m.end() + signed.end(), 0.9
            else:
                return "event", None, 0.0, start, m.end()
        elif lead.group(1).startswith(("trong thoi", "trong vong")) and not _PART_AHEAD_RE.match(after):
            anchor, end, confidence = ref, m.end(), 0.5  # "trong thời hạn 30 ngày": from the document
        else:
            continue
        if anchor is not None:
            return "date", _shift(anchor, n, unit), confidence, start, end
    return "none", None, 0.0, 0, 0


def _shift(anchor: date, n: int, unit: str) -> date:
    if unit.startswith("ngay lam"):  # working days: weekends skipped (holidays are not known here)
        day = anchor
        while n > 0:
            day += timedelta(days=1)
            n -= day.weekday() < 5
        return day
    if unit in ("ngay", "tuan"):
        return anchor + timedelta(days=n * (7 if unit == "tuan" else 1))
    return add_months(anchor, n * (12 if unit == "nam" else 1))


def _mask_citations(text: str, folded: str) -> str:
    """Blank out cited documents ("Quyết định số 12/QĐ-UBND ngày 05/3/2025"): their dates are no deadline."""
    if not _SYMBOL_HINT_RE.search(folded):
        return folded
    for start, end in citation_spans(text):
        folded = folded[:start] + " " * (end - start) + folded[end:]
    return folded


def _reference(doc_date: date | None, doc_year: int | None) -> date | None:
    """The date that forms without a year count from: the document's date, else 1 January of its year."""
    if doc_date is not None and 1900 <= doc_date.year <= 2199:
        return doc_date
    return make_date(1, 1, doc_year) if doc_year else None


def _dated(due: date | None, begin: date | None, recurrence: str | None, confidence: float) -> Deadline:
    if due is None:
        return Deadline(kind="none", confidence=0.3)
    return Deadline(kind="date", due=due, start=begin, recurring=recurrence is not None, recurrence=recurrence,
                    confidence=confidence)


# ---------------------------------------------------------------------------------------------
# Public API


def parse_deadline(
    text: str | None, *, doc_date: date | None = None, doc_year: int | None = None, source: Source | None = None
) -> Deadline:
    """Read a timeline text: "Thời gian thực hiện: Quý III/2025 và thường xuyên" → date 2025-09-30,
    recurring. ``doc_date`` (else 1 January of ``doc_year``) resolves forms without a year. The label
    ("Thời gian thực hiện:", "Thời hạn:", "Tiến độ:" ...) is dropped from ``Deadline.text``."""
    text = nfc(text or "")
    label = _LABEL_RE.match(fold_keep(text))
    body = text[label.end() if label else 0 :].strip()
    if not body:
        return Deadline(text=None, kind="none", source=source)
    result = _read(_mask_citations(body, _fold(body)), _reference(doc_date, doc_year))
    result.text, result.source = body, source
    return result


def _read(folded: str, ref: date | None) -> Deadline:
    recurrence, _spans = _recurrence(folded)
    periodic = recurrence if recurrence != "ongoing" else None
    status, due, confidence, _s, _e = _duration(folded, ref, sentence=False)
    if status == "event":
        return Deadline(kind="event", recurring=periodic is not None, recurrence=periodic, confidence=0.8)
    if status == "date":
        return _dated(due, None, recurrence, confidence)
    cands = scan_dates(folded, ref, recurrence == "yearly", sentence=False)
    primary, begin, cycle, start_only = choose(cands)
    firm = any(c.role == "due" and STRONG.start(folded, c.start) is not None for c in cands)
    if _STARTER_RE.match(folded) and not firm:  # "Sau khi ...", unless "... hoàn thành trước ngày D"
        return Deadline(kind="event", recurring=periodic is not None, recurrence=periodic, confidence=0.9)
    if primary is not None:
        result = _dated(primary.due, begin, cycle or recurrence or ("ongoing" if start_only else None),
                        primary.confidence * (0.6 if start_only else 1.0))
        result.exclusive = primary.exclusive
        return result
    if _EVENT_RE.search(folded):
        return Deadline(kind="event", confidence=0.8)
    if recurrence is not None:
        return Deadline(kind="ongoing", recurring=True, recurrence=recurrence, confidence=0.95)
    if _DIGIT_RE.search(folded) or CANDIDATE_RE.search(folded):
        return Deadline(kind="none", confidence=0.3)  # no date made ("Tháng 13/2025"; "Quý IV", no year known)
    return Deadline(kind="event", confidence=0.5 if _VAGUE_RE.search(folded) else 0.3)


def find_deadline(
    sentence: str, *, doc_date: date | None = None, doc_year: int | None = None, source: Source | None = None
) -> Deadline | None:
    """The deadline phrase inside a running sentence, or None: "báo cáo UBND tỉnh trước ngày 15/9/2025"
    → date 2025-09-15, text "trước ngày 15/9/2025". Only firm phrases count: a date or period right after
    "trước", "chậm nhất", "hoàn thành trong", "trong", "đến ngày"...; recurrence words ("hằng năm",
    "định kỳ", "thường xuyên" opening it or before a duty verb); a duration counted "kể từ" a date; a period
    opening it ("Quý I/2027, ..."); else an opening event clause ("Sau khi ..., "). Dates of cited documents,
    periods of past years and bare years ("kế hoạch đầu tư công năm 2025") are not deadlines."""
    if not sentence:
        return None
    sentence = nfc(sentence)
    folded = _fold(sentence)
    recurrence, spans = _recurrence(folded, sentence=True)
    found = None
    if _DIGIT_RE.search(folded):
        folded = _mask_citations(sentence, folded)
        ref = _reference(doc_date, doc_year)
        found = _sentence_date(folded, ref, recurrence, doc_year or (ref.year if ref else None), spans)
    event = _opening_event(folded) if found is None else None
    if event is not None:  # "Sau khi ..., tổ chức triển khai": due on the event, a cycle kept
        periodic = recurrence if recurrence != "ongoing" else None
        found, spans = Deadline(kind="event", recurring=periodic is not None, recurrence=periodic, confidence=0.7), [event]
    if found is None and recurrence is not None:
        found = Deadline(kind="ongoing", recurring=True, recurrence=recurrence, confidence=0.7)
    if found is None:
        return None
    start, end = min(s for s, _e in spans), max(e for _s, e in spans)
    if end - start > 160:
        start, end = spans[0]
    found.text, found.source = " ".join(sentence[start:end].split()).strip(" ,;.-"), source
    return found


def _sentence_date(folded: str, ref: date | None, recurrence: str | None, year: int | None,
                   spans: list[tuple[int, int]]) -> Deadline | None:
    status, due, confidence, start, end = _duration(folded, ref, sentence=True)
    if status != "none":
        spans.insert(0, (start, end))
        return _dated(due, None, recurrence, confidence * 0.9) if due else Deadline(kind="event", confidence=0.6)
    cands = [c for c in scan_dates(folded, ref, recurrence == "yearly", sentence=True) if is_firm(c, folded, year)]
    primary, begin, cycle, start_only = choose(cands)
    if primary is None or start_only:
        return None
    for c in sorted(cands, key=lambda c: c is not primary):
        marker = marker_start(folded, c.start)
        spans.insert(0 if c is primary else len(spans), (c.start if marker is None else marker, c.end))
    result = _dated(primary.due, begin, cycle or recurrence, primary.confidence * 0.9)
    result.exclusive = primary.exclusive
    return result
