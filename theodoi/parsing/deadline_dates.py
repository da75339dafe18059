"""Candidate dates of a deadline text: the dates and periods written ("15/9/2025", "Quý III/2025",
"6 tháng đầu năm", "2024 - 2030", "tháng 6"), each resolved to its due date and the start of its period
(forms without a year against a reference date), given a role (due, start or end of a span) by the
marker before it, and the choice among them. Rules: :mod:`theodoi.parsing.deadlines`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from theodoi.parsing.references import (
    MarkerBefore,
    add_months,
    fold_keep,
    load_data,
    make_date,
    month_end,
    next_day,
)

__all__ = ["CANDIDATE_RE", "DATA", "STRONG", "YEAR", "Candidate", "choose", "is_firm", "marker_start", "scan_dates"]

DATA = load_data("deadlines.toml")  # shared with theodoi.parsing.deadlines

STRONG = MarkerBefore(DATA["strong_markers"], r"(?:yagn\s+)?")
_SENTENCE = MarkerBefore(DATA["sentence_markers"], r"(?:yagn\s+)?")
_START = MarkerBefore(DATA["start_markers"], r"(?:man\s+)?")
_END = MarkerBefore(DATA["end_markers"], r"(?:man\s+)?")
_NOT_MONTH = MarkerBefore(DATA["not_month_before"])
_IN = MarkerBefore(["trong", "ngay trong"])
_EXCLUSIVE = MarkerBefore(["trước"], r"(?:yagn\s+)?")
_QUARTERS = {fold_keep(k): int(v) for k, v in DATA["quarters"].items()}
_YEAR_PARTS = {fold_keep(k): (int(v[0]), int(v[1])) for k, v in DATA["year_parts"].items()}
_CYCLES = {3: "quarterly", 6: "half-yearly", 12: "yearly"}

YEAR = r"(?:19|20|21)\d\d"
_Q = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
CANDIDATE_RE = re.compile(  # the lookahead rejects most positions at once
    r"(?<![a-z])(?=\d|ngay|qu|thang|nua|giai|nam|cuoi|dau|giua)(?:" + "|".join([
        rf"(?P<dmy>(?<![\d/.,])(?:ngay\s*)?(?P<d1>\d{{1,2}})\s?[/.-]\s?(?P<m1>\d{{1,2}})"
        rf"(?:\s?[/.-]\s?|\s+nam\s+)(?P<y1>{YEAR})(?!\d))",
        rf"(?P<dmyw>(?:ngay\s+)?(?P<d2>\d{{1,2}})\s+thang\s+(?P<m2>\d{{1,2}})\s*,?\s+nam\s+(?P<y2>{YEAR})(?!\d))",
        r"(?P<monthly>ngay\s+(?P<d3>\d{1,2})\s+(?:cua\s+)?(?P<mq>hang\s+thang|moi\s+thang|"
        r"thang\s+(?:lien\s+ke|sau|ke\s+tiep|tiep\s+theo)))",
        rf"(?P<quarter>qu[yi]\s+(?P<q>{_Q}(?:\s*(?:,|va|-|den)\s*(?:qu[yi]\s+)?{_Q})*)"
        rf"(?:\s*(?:/|-|,)?\s*(?:nam\s+)?(?P<qy>{YEAR})(?!\d))?)",
        rf"(?P<portion>(?:(?P<pn>\d{{1,2}})\s+thang|(?P<half>nua))\s+(?P<pe>dau|cuoi)\s+nam(?:\s+(?P<py>{YEAR})(?!\d))?)",
        rf"(?P<months>thang\s+(?P<ma>\d{{1,2}})(?:\s*(?:,|va(?![a-z])|-)\s*(?:thang\s+)?(?P<mz>\d{{1,2}})(?!\d))+"
        rf"\s*(?:/|-|\s+nam\s+|\s)\s*(?P<my>{YEAR})(?!\d))",  # "tháng 11, tháng 12 năm 2025", "tháng 9, 10/2026"
        rf"(?P<monthyear>thang\s+(?P<m6>\d{{1,2}})\s*(?:/|-|\s+nam\s+|\s)\s*(?P<y6>{YEAR})(?!\d)"
        rf"|(?<![\d/.,])(?P<m7>\d{{1,2}})\s?/\s?(?P<y7>{YEAR})(?![\d/]))",
        r"(?P<dm>(?<![\d/.,])(?:ngay\s*)?(?P<d4>\d{1,2})\s?/\s?(?P<m4>\d{1,2})(?![\d/])(?!\s?-\s?\d)"
        r"|(?:ngay\s+)?(?P<d5>\d{1,2})\s+thang\s+(?P<m5>\d{1,2})(?!\d))",
        r"(?P<month>thang\s+(?P<m8>\d{1,2})(?![\d/]))",
        rf"(?P<span>(?:(?:giai\s+doan|nam)\s+)?(?P<ys>{YEAR})\s*(?:-|den(?:\s+nam)?)\s*(?P<ye>{YEAR})(?!\d))",
        rf"(?P<part>(?P<yp>cuoi|dau|giua)\s+nam\s+(?P<ypy>{YEAR})(?!\d))",
        rf"(?P<year>(?:nam\s+)?(?<![\d/.,-])(?P<y9>{YEAR})(?![\d/]))",
    ]) + ")"
)
_QUARTER_NUMBER_RE = re.compile(r"(?<![a-z])(?:iv|iii|ii|i|[1-4])(?![a-z0-9])")
_NEXT_YEAR_RE = re.compile(r"\s*(?:cua\s+)?nam\s+(?:lien\s+ke|sau)(?![a-z0-9])")  # not "năm trước liền kề"
_OPENING_BEFORE_RE = re.compile(r"(?:^|(?<!\.)[.!?]\s+|\n)[\s\-+•*]*$")
_OPENING_KINDS = {"quarter": "qy", "portion": "py", "months": "my", "monthyear": "", "year": "", "part": ""}
_COMMA_AFTER_RE = re.compile(r"\s*,")


@dataclass(slots=True)
class Candidate:
    """A date or period found in a folded text, resolved."""

    start: int
    end: int
    due: date
    begin: date | None
    role: str  # due | start | end
    kind: str
    confidence: float
    exclusive: bool
    anchored: bool  # right after a marker ("trước", "trong", "từ", ...) or opening its sentence
    opening: bool = False  # a period with its year that opens a sentence: "Quý I/2027, các cơ quan ..."


# ---------------------------------------------------------------------------------------------
# Candidate dates

_Resolved = tuple[date | None, date | None, float]  # due, start of the period, confidence


def _resolve(m: re.Match[str], ref: date | None, yearly: bool) -> _Resolved:
    g, kind = m.group, m.lastgroup
    if kind in ("dmy", "dmyw"):
        n = "1" if kind == "dmy" else "2"
        return make_date(int(g("d" + n)), int(g("m" + n)), int(g("y" + n))), None, 1.0
    if kind == "months":  # a span of months: due at the end of the last one
        year = int(g("my"))
        return month_end(year, int(g("mz"))), make_date(1, int(g("ma")), year), 1.0
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
        if _NEXT_YEAR_RE.match(m.string, m.end()):  # "trước ngày 31/01 năm liền kề": the document's next year
            return make_date(int(day), int(month), ref.year + 1), None, 0.85
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
        return STRONG.start(folded, m.start()) is not None
    return True


def scan_dates(folded: str, ref: date | None, yearly: bool, sentence: bool) -> list[Candidate]:
    """The candidate dates of ``folded``, in order, with their roles; ``ref`` resolves forms without a year."""
    matches = [m for m in CANDIDATE_RE.finditer(folded) if _keep(m, folded, sentence)]
    roles: list[tuple[str, bool]] = []
    for m in matches:
        at = m.start()
        if _START.start(folded, at) is not None and m.lastgroup not in ("span", "months"):  # "từ năm 2026 đến năm 2030"
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
            opening = _opens_sentence(m, folded)
            anchored = role == "start" or opening or marker_start(folded, m.start()) is not None
            out.append(Candidate(m.start(), m.end(), due, begin, role, m.lastgroup or "", confidence, exclusive, anchored,
                                 opening))
    return out


def _opens_sentence(m: re.Match[str], folded: str) -> bool:
    """A period with its year written that opens a sentence, followed by a comma: "Quý I/2027, ...",
    "Tháng 6/2026, ...", "Năm 2026, ..." (not "năm 2026" inside a noun phrase)."""
    year_group = _OPENING_KINDS.get(m.lastgroup or "")
    if year_group is None or (year_group and not m.group(year_group)):
        return False
    return bool(_COMMA_AFTER_RE.match(folded, m.end()) and _OPENING_BEFORE_RE.search(folded, max(0, m.start() - 12), m.start()))


def _cycle(dues: list[Candidate]) -> str | None:
    """The recurrence of due dates one cycle apart ("20/6 và 20/12"), if any."""
    dates = [c.due for c in dues]
    if len(dates) < 2:
        return None
    gaps = {(b.year - a.year) * 12 + b.month - a.month for a, b in zip(dates, dates[1:], strict=False)}
    same_day = len({d.day for d in dates}) == 1 or all(d == month_end(d.year, d.month) for d in dates)
    return _CYCLES.get(gaps.pop()) if len(gaps) == 1 and same_day else None


def choose(cands: list[Candidate]) -> tuple[Candidate | None, date | None, str | None, bool]:
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


def is_firm(c: Candidate, folded: str, year: int | None) -> bool:
    """A deadline inside a sentence: right after a marker, not in a past year, not a year's horizon
    ("đến năm 2030") nor a plan's span ("kế hoạch 5 năm 2026-2030")."""
    if not c.anchored or (year is not None and c.due.year < year):
        return False
    if c.kind in ("year", "span", "part") and not c.opening:
        strong = STRONG.start(folded, c.start) is not None
        return strong or (c.kind != "span" and _IN.start(folded, c.start) is not None)
    return True


def marker_start(folded: str, at: int) -> int | None:
    """Start of the marker ("trước", "chậm nhất là", "trong", "từ") right before ``at``, if any."""
    found = [x for x in (STRONG.start(folded, at), _SENTENCE.start(folded, at), _START.start(folded, at)) if x is not None]
    return min(found) if found else None
