"""Deadlines: "Quý III/2025 và thường xuyên" → date 2025-09-30, recurring.

:func:`parse_deadline` reads a timeline text (a "Thời gian thực hiện: ..." line or a table cell);
:func:`find_deadline` finds a deadline phrase in a running sentence ("... trước ngày 15/9/2025").
Rules (LABELING.md, Deadlines), with the choices made where it is silent:

- A period is due at its end ("Quý III/2025" → 30/9, "7/2025" → 31/7, "6 tháng đầu năm" → 30/6,
  "Cuối năm", "6 tháng cuối năm" → 31/12, "Giữa năm" → 30/6, "Đầu năm 2026" → 31/3/2026, the first
  quarter, with lower confidence); a span ("2024 - 2030", "Quý III, IV/2026", "từ ngày A đến ngày B")
  at the end of its last period, ``start`` being its beginning.
- Without a year, a period takes the document's year; a day and month ("trước ngày 05/7"), or a month
  or day "hằng năm"/"hằng tháng", is the first such day on or after the document's date or 1 January
  of a later start year ("kể từ năm 2027"); "ngày 05 của tháng liền kề" counts from the next month.
- Of several dates the first firm one ("trước", "chậm nhất", a plain date) is due; a span's start ("từ
  ngày") or end ("đến ngày") only when nothing else is given; due dates one 3-, 6- or 12-month cycle
  apart ("trước ngày 20/6 và trước ngày 20/12") are recurring. A start alone ("Từ năm 2026") is due at
  the end of that period, recurring.
- A duration ("trong thời hạn 06 tháng kể từ ngày ký") counts from the date given, or the document's
  date for "kể từ ngày ký/ban hành"; counted from an event ("kể từ khi có văn bản") it is an event.
- Recurrence words ("hằng năm", "định kỳ 6 tháng", "thường xuyên") make a date recurring, or with no
  date the timeline ongoing. "Sau khi ...", "Theo tiến độ ...", "Khi có yêu cầu" are events; text that
  names no time is an event of low confidence; numbers that make no date ("Tháng 13/2025") give none.

Phrase lists are data (``theodoi/data/deadlines.toml``). Matching runs on length-preserving folded text:
tone placement, "hằng"/"hàng" and lost diacritics read alike; "quy" (quy định) is not "quý" (quarter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from theodoi.parsing.model import Source
from theodoi.parsing.plan import Deadline
from theodoi.parsing.references import (
    MarkerBefore,
    add_months,
    alternation,
    citation_spans,
    fold_keep,
    load_data,
    make_date,
    month_end,
    next_day,
    words_pattern,
)
from theodoi.text import nfc

__all__ = ["find_deadline", "parse_deadline"]

_DATA = load_data("deadlines.toml")
_REC = _DATA["recurrence"]


_LABEL_RE = re.compile(rf"^\s*(?:{alternation(_DATA['labels'])})\s*[:：]\s*")
_STARTER_RE = re.compile(rf"^\s*(?:[-+•*]\s*)?(?:{alternation(_DATA['event_starters'])})(?![a-z0-9])")
_EVENT_RE = re.compile(words_pattern(_DATA["event_phrases"]))
_VAGUE_RE = re.compile(words_pattern(_DATA["vague"]))
_STRONG = MarkerBefore(_DATA["strong_markers"], r"(?:yagn\s+)?")
_SENTENCE = MarkerBefore(_DATA["sentence_markers"], r"(?:yagn\s+)?")
_START = MarkerBefore(_DATA["start_markers"], r"(?:man\s+)?")
_END = MarkerBefore(_DATA["end_markers"], r"(?:man\s+)?")
_NOT_MONTH = MarkerBefore(_DATA["not_month_before"])
_IN = MarkerBefore(["trong", "ngay trong"])
_EXCLUSIVE = MarkerBefore(["trước"], r"(?:yagn\s+)?")
_KINDS = list(_REC)  # most frequent first, "ongoing" last
_RECURRENCE_RE = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(f"(?P<{k.replace('-', '_')}>{alternation(v)})" for k, v in _REC.items())
    + r")(?![a-z0-9])"
)
_RECURRENCE_KEYS = tuple(fold_keep(k) for k in _DATA["recurrence_keys"])
_RECURRENCE_KEYS_RE = re.compile("|".join(re.escape(k) for k in _RECURRENCE_KEYS))  # a fast pre-check
_SENTENCE_ONGOING = {fold_keep(p) for p in _DATA["sentence_ongoing"]}
_LEADING_ONGOING_RE = re.compile(rf"[\s\-+•*]*(?:{alternation(_REC['ongoing'])})(?![a-z0-9])")
_QUY_RE = re.compile(r"(?<![a-z])qu[yi](?![a-z])")
_QUARTERS = {fold_keep(k): int(v) for k, v in _DATA["quarters"].items()}
_YEAR_PARTS = {fold_keep(k): (int(v[0]), int(v[1])) for k, v in _DATA["year_parts"].items()}
_CYCLES = {3: "quarterly", 6: "half-yearly", 12: "yearly"}

_Y = r"(?:19|20|21)\d\d"
_Q = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
_CANDIDATE_RE = re.compile(  # the lookahead rejects most positions at once
    r"(?<![a-z])(?=\d|ngay|qu|thang|nua|giai|nam|cuoi|dau|giua)(?:" + "|".join([
        rf"(?P<dmy>(?<![\d/.,])(?:ngay\s*)?(?P<d1>\d{{1,2}})\s?[/.-]\s?(?P<m1>\d{{1,2}})"
        rf"(?:\s?[/.-]\s?|\s+nam\s+)(?P<y1>{_Y})(?!\d))",
        rf"(?P<dmyw>(?:ngay\s+)?(?P<d2>\d{{1,2}})\s+thang\s+(?P<m2>\d{{1,2}})\s*,?\s+nam\s+(?P<y2>{_Y})(?!\d))",
        r"(?P<monthly>ngay\s+(?P<d3>\d{1,2})\s+(?:cua\s+)?(?P<mq>hang\s+thang|moi\s+thang|"
        r"thang\s+(?:lien\s+ke|sau|ke\s+tiep|tiep\s+theo)))",
        rf"(?P<quarter>qu[yi]\s+(?P<q>{_Q}(?:\s*(?:,|va|-|den)\s*(?:qu[yi]\s+)?{_Q})*)"
        rf"(?:\s*(?:/|-|,)?\s*(?:nam\s+)?(?P<qy>{_Y})(?!\d))?)",
        rf"(?P<portion>(?:(?P<pn>\d{{1,2}})\s+thang|(?P<half>nua))\s+(?P<pe>dau|cuoi)\s+nam(?:\s+(?P<py>{_Y})(?!\d))?)",
        rf"(?P<monthyear>thang\s+(?P<m6>\d{{1,2}})\s*(?:/|-|\s+nam\s+|\s)\s*(?P<y6>{_Y})(?!\d)"
        rf"|(?<![\d/.,])(?P<m7>\d{{1,2}})\s?/\s?(?P<y7>{_Y})(?![\d/]))",
        r"(?P<dm>(?<![\d/.,])(?:ngay\s*)?(?P<d4>\d{1,2})\s?/\s?(?P<m4>\d{1,2})(?![\d/])(?!\s?-\s?\d)"
        r"|(?:ngay\s+)?(?P<d5>\d{1,2})\s+thang\s+(?P<m5>\d{1,2})(?!\d))",
        r"(?P<month>thang\s+(?P<m8>\d{1,2})(?![\d/]))",
        rf"(?P<span>(?:(?:giai\s+doan|nam)\s+)?(?P<ys>{_Y})\s*(?:-|den(?:\s+nam)?)\s*(?P<ye>{_Y})(?!\d))",
        rf"(?P<part>(?P<yp>cuoi|dau|giua)\s+nam\s+(?P<ypy>{_Y})(?!\d))",
        rf"(?P<year>(?:nam\s+)?(?<![\d/.,-])(?P<y9>{_Y})(?![\d/]))",
    ]) + ")"
)
_DURATION_RE = re.compile(  # digit first: the engine skips from digit to digit
    r"(?P<n>\d(?<![\d/.,]\d)\d{0,2})\s+(?P<unit>ngay\s+lam\s+viec|ngay|tuan|thang|nam)(?![a-z0-9])"
    r"(?P<tail>\s*,?\s*(?:ke\s+)?tu\s+(?:ngay|khi|thoi\s+diem|luc)?)?"
)
_DURATION_LEAD_RE = re.compile(r"(?<![a-z0-9])(trong\s+(?:thoi\s+han|vong)|trong|sau|cham\s+nhat(?:\s+la)?|khong\s+qua)\s+$")
_SIGNED_RE = re.compile(r"\s*(?:[a-z]+\s+){0,4}?(?:ky|ban\s+hanh|phe\s+duyet)(?![a-z0-9])")
_DMY_AHEAD_RE = re.compile(rf"\s*(\d{{1,2}})\s?[/.-]\s?(\d{{1,2}})\s?[/.-]\s?({_Y})")
_SYMBOL_HINT_RE = re.compile(r"\d\s?[/-]\s?[a-z]")
_DIGIT_RE = re.compile(r"\d")
_QUARTER_NUMBER_RE = re.compile(r"(?<![a-z])(?:iv|iii|ii|i|[1-4])(?![a-z0-9])")
_PART_AHEAD_RE = re.compile(r"\s+(?:dau|cuoi)")


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    due: date
    begin: date | None
    role: str  # due | start | end
    kind: str
    confidence: float
    exclusive: bool
    anchored: bool  # right after a marker ("trước", "trong", "từ", ...)


# ---------------------------------------------------------------------------------------------
# Candidate dates

_Resolved = tuple[date | None, date | None, float]  # due, start of the period, confidence


def _resolve(m: re.Match[str], ref: date | None, yearly: bool) -> _Resolved:
    g, kind = m.group, m.lastgroup
    if kind in ("dmy", "dmyw"):
        n = "1" if kind == "dmy" else "2"
        return make_date(int(g("d" + n)), int(g("m" + n)), int(g("y" + n))), None, 1.0
    if kind == "monthyear":
        month, year = (int(g("m6")), int(g("y6"))) if g("m6") else (int(g("m7")), int(g("y7")))
        return month_end(year, month), make_date(1, month, year), 1.0
    if kind == "span":
        first, last = int(g("ys")), int(g("ye"))
        return (month_end(last, 12), make_date(1, 1, first), 1.0) if last > first else (None, None, 0.0)
    if kind in ("year", "part"):
        year = int(g("y9") or g("ypy"))
        month, day = _YEAR_PARTS.get(g("yp") or "", (12, 31))
        return make_date(day, month, year), make_date(1, 1, year), 0.6 if g("yp") == "dau" else 1.0
    if kind in ("quarter", "portion"):
        return _resolve_period(m, ref, yearly)
    return _resolve_day(m, ref, yearly) if ref is not None else (None, None, 0.0)


def _resolve_period(m: re.Match[str], ref: date | None, yearly: bool) -> _Resolved:
    """A quarter or part of a year; without a year written, the document's year."""
    g = m.group
    written = g("qy") or g("py")
    year = int(written) if written else (ref.year if ref else None)
    confidence = 1.0 if written else 0.8
    if year is None:
        return None, None, 0.0
    if m.lastgroup == "quarter":
        numbers = [_QUARTERS[q] for q in _QUARTER_NUMBER_RE.findall(g("q"))]
        due = month_end(year, numbers[-1] * 3)
        if not written and yearly and ref and due and due < ref:  # "quý I hằng năm": the next one
            year += 1
            due = month_end(year, numbers[-1] * 3)
        return due, make_date(1, numbers[0] * 3 - 2, year), confidence
    months = 6 if g("half") else int(g("pn"))
    if not 1 <= months <= 12:
        return None, None, 0.0
    if g("pe") == "dau":
        return month_end(year, months), make_date(1, 1, year), confidence
    return month_end(year, 12), make_date(1, 13 - months, year), confidence


def _resolve_day(m: re.Match[str], ref: date, yearly: bool) -> _Resolved:
    """A day or month without a year: the first one on or after ``ref``."""
    g, kind = m.group, m.lastgroup
    if kind == "monthly":
        if not g("mq").startswith(("hang", "moi")):  # "của tháng liền kề": from next month
            ref = add_months(ref.replace(day=1), 1)
        return next_day(ref, int(g("d3")), None), None, 0.85
    if kind == "dm":
        day, month = (g("d4"), g("m4")) if g("d4") else (g("d5"), g("m5"))
        return next_day(ref, int(day), int(month)), None, 0.85
    month = int(g("m8"))  # "tháng 6" without a year
    if not yearly:
        return month_end(ref.year, month), None, 0.8
    ends = [e for e in (month_end(ref.year, month), month_end(ref.year + 1, month)) if e and e >= ref]
    return (ends[0] if ends else None), None, 0.85


def _keep(m: re.Match[str], folded: str, sentence: bool) -> bool:
    kind = m.lastgroup
    if kind == "month":  # not "mỗi tháng 02 chuyên mục"
        return _NOT_MONTH.start(folded, m.start(), 12) is None
    if sentence and kind == "dm" and not m.group(0).startswith("ngay"):  # "trước 30/6", not "tỷ lệ 1/3"
        return _STRONG.start(folded, m.start()) is not None
    return True


def _scan(folded: str, ref: date | None, yearly: bool, sentence: bool) -> list[_Cand]:
    matches = [m for m in _CANDIDATE_RE.finditer(folded) if _keep(m, folded, sentence)]
    roles: list[tuple[str, bool]] = []
    for m in matches:
        at = m.start()
        if _START.start(folded, at) is not None and m.lastgroup != "span":  # "từ năm 2026 đến năm 2030"
            roles.append(("start", False))
        elif _END.start(folded, at) is not None and any(r == "start" for r, _x in roles):
            roles.append(("end", False))
        else:
            roles.append(("due", _EXCLUSIVE.start(folded, at) is not None))
    start_year = next((m for m, (r, _x) in zip(matches, roles, strict=True) if r == "start" and m.lastgroup == "year"),
                      None)
    if ref is not None and start_year is not None:  # "hằng năm kể từ năm 2027"
        ref = max(ref, date(int(start_year.group("y9")), 1, 1))
    out = []
    for m, (role, exclusive) in zip(matches, roles, strict=True):
        due, begin, confidence = _resolve(m, ref, yearly)
        if due is not None:
            anchored = role == "start" or _marker(folded, m.start()) is not None
            out.append(_Cand(m.start(), m.end(), due, begin, role, m.lastgroup or "", confidence, exclusive, anchored))
    return out


def _cycle(dues: list[_Cand]) -> str | None:
    """The recurrence of due dates one cycle apart ("20/6 và 20/12"), if any."""
    dates = [c.due for c in dues]
    if len(dates) < 2:
        return None
    gaps = {(b.year - a.year) * 12 + b.month - a.month for a, b in zip(dates, dates[1:], strict=False)}
    same_day = len({d.day for d in dates}) == 1 or all(d == month_end(d.year, d.month) for d in dates)
    return _CYCLES.get(gaps.pop()) if len(gaps) == 1 and same_day else None


def _choose(cands: list[_Cand]) -> tuple[_Cand | None, date | None, str | None, bool]:
    """(primary candidate, start of the span, recurrence of a cycle, start only)."""
    starts = [c for c in cands if c.role == "start"]
    dues = [c for c in cands if c.role == "due"]
    ends = [c for c in cands if c.role == "end"]
    begin = (starts[0].begin or starts[0].due) if starts else None
    if dues:
        return dues[0], dues[0].begin or begin, _cycle(dues), False
    if ends:
        return ends[-1], begin, None, False
    return (starts[0], begin, None, True) if starts else (None, None, None, False)


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
        if sentence and kind == "ongoing" and " ".join(m.group(0).split()) not in _SENTENCE_ONGOING:
            leading = _LEADING_ONGOING_RE.match(folded)
            if not (leading and leading.end() == m.end()):
                continue
        found.setdefault(kind, []).append(m.span())
    kind = next((k for k in _KINDS if k in found), None)
    return kind, [span for spans in found.values() for span in spans]


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
    cands = _scan(folded, ref, recurrence == "yearly", sentence=False)
    primary, begin, cycle, start_only = _choose(cands)
    firm = any(c.role == "due" and _STRONG.start(folded, c.start) is not None for c in cands)
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
    if _DIGIT_RE.search(folded) or _CANDIDATE_RE.search(folded):
        return Deadline(kind="none", confidence=0.3)  # no date made ("Tháng 13/2025"; "Quý IV", no year known)
    return Deadline(kind="event", confidence=0.5 if _VAGUE_RE.search(folded) else 0.3)


def find_deadline(
    sentence: str, *, doc_date: date | None = None, doc_year: int | None = None, source: Source | None = None
) -> Deadline | None:
    """The deadline phrase inside a running sentence, or None: "báo cáo UBND tỉnh trước ngày 15/9/2025"
    → date 2025-09-15, text "trước ngày 15/9/2025". Only firm phrases count: a date or period right after
    "trước", "chậm nhất", "hoàn thành trong", "trong", "đến ngày"...; recurrence words ("hằng năm",
    "định kỳ", an opening "Thường xuyên"); a duration counted "kể từ" a date. Dates of cited documents,
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
    cands = [c for c in _scan(folded, ref, recurrence == "yearly", sentence=True) if _firm(c, folded, year)]
    primary, begin, cycle, start_only = _choose(cands)
    if primary is None or start_only:
        return None
    for c in sorted(cands, key=lambda c: c is not primary):
        marker = _marker(folded, c.start)
        spans.insert(0 if c is primary else len(spans), (c.start if marker is None else marker, c.end))
    result = _dated(primary.due, begin, cycle or recurrence, primary.confidence * 0.9)
    result.exclusive = primary.exclusive
    return result


def _firm(c: _Cand, folded: str, year: int | None) -> bool:
    """A deadline inside a sentence: right after a marker, not in a past year, not a year's horizon
    ("đến năm 2030") nor a plan's span ("kế hoạch 5 năm 2026-2030")."""
    if not c.anchored or (year is not None and c.due.year < year):
        return False
    if c.kind in ("year", "span", "part"):
        strong = _STRONG.start(folded, c.start) is not None
        return strong or (c.kind != "span" and _IN.start(folded, c.start) is not None)
    return True


def _marker(folded: str, at: int) -> int | None:
    """Start of the marker ("trước", "chậm nhất là", "trong", "từ") right before ``at``, if any."""
    found = [x for x in (_STRONG.start(folded, at), _SENTENCE.start(folded, at), _START.start(folded, at)) if x is not None]
    return min(found) if found else None
