"""Citations of other documents: "Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ".

This module also holds the small helpers the phrase-reading modules (deadlines, targets) share:
length-preserving folding, phrase patterns, data loading and date arithmetic.

:func:`find_citations` returns every citation in the order written (the linter compares repeated
citations of one number); :func:`dedupe_references` lists each cited document once.

Matching runs on :func:`fold_keep` text: case and diacritics folded with the length kept, so offsets
found in the folded text cut the original text ("Nghị Quyết", "NGHỊ QUYẾT" and "Nghi quyet" all match).
The kind names and symbol abbreviations are data (``theodoi/data/document_kinds.toml``).
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from theodoi.parsing.model import Source
from theodoi.parsing.plan import Reference
from theodoi.text import fold_same_length, nfc

__all__ = [
    "MarkerBefore",
    "add_months",
    "alternation",
    "citation_spans",
    "dedupe_references",
    "find_citations",
    "fold_keep",
    "kind_from_symbol",
    "load_data",
    "make_date",
    "month_end",
    "next_day",
    "reference_key",
    "words_pattern",
]


def load_data(name: str) -> dict[str, Any]:
    """A TOML file of ``theodoi/data``."""
    with resources.files("theodoi").joinpath("data", name).open("rb") as handle:
        return tomllib.load(handle)


# ---------------------------------------------------------------------------------------------
# Length-preserving folding




@lru_cache(maxsize=8192)
def fold_keep(text: str) -> str:
    """Lower case without diacritics, dashes read as "-", the length kept: "Quý III–IV" → "quy iii-iv"."""
    return fold_same_length(nfc(text))


def alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of folded phrases, longest first; a space matches any run of spaces."""
    folded = sorted({fold_keep(p) for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in folded)


def words_pattern(phrases: Iterable[str]) -> str:
    """A regex matching any of the phrases as whole words in folded text (a lookahead on the phrases'
    first characters rejects most positions at once)."""
    phrases = list(phrases)
    firsts = "".join(sorted({re.escape(fold_keep(p)[:1]) for p in phrases if p}))
    return rf"(?<![a-z0-9])(?=[{firsts}])(?:{alternation(phrases)})(?![a-z0-9])"


class MarkerBefore:
    """A marker phrase that ends right before a position ("trước ngày" before a date, "ít nhất" before a
    number), in folded text. It is matched on the reversed window before the position: one anchored
    attempt rather than a search through the window."""

    def __init__(self, phrases: Iterable[str], tail: str = "") -> None:
        """``tail``: a regex, reversed, of what may stand between the phrase and the position."""
        rev = sorted({fold_keep(p)[::-1] for p in phrases}, key=len, reverse=True)
        alt = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in rev)
        self._re = re.compile(rf"[\s,]*{tail}(?:{alt})(?![a-z0-9])")

    def start(self, folded: str, end: int, width: int = 40) -> int | None:
        """Where the marker ending before ``end`` starts, or None when there is none."""
        m = self._re.match(folded[max(0, end - width) : end][::-1])
        return end - m.end() if m else None


def month_end(year: int, month: int) -> date | None:
    """The last day of a month, or None when the numbers make no month."""
    if not 1 <= month <= 12 or not 1900 <= year <= 2199:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, kept within the month's length (31/1 + 1 → 28/2 or 29/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_day(ref: date, day: int, month: int | None) -> date | None:
    """The first day ``day`` of ``month`` (or of any month) on or after ``ref``: 05/7 after 12/6/2025 is
    5/7/2025; after 6/7/2025 it is 5/7/2026."""
    for step in range(25 if month is None else 3):
        if month is None:
            first = add_months(ref.replace(day=1), step)
            candidate = make_date(day, first.month, first.year)
        else:
            candidate = make_date(day, month, ref.year + step)
        if candidate is not None and candidate >= ref:
            return candidate
    return None


def make_date(day: int, month: int, year: int) -> date | None:
    """The date, or None when the numbers do not make one (31/2, month 13, year 1850)."""
    if not 1900 <= year <= 2199:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Data

_DATA = load_data("document_kinds.toml")
_KINDS: dict[str, str] = {fold_keep(name): name for name in _DATA["kinds"]}
_ABBREVIATIONS: dict[str, str] = {key.upper(): kind for key, kind in _DATA["abbreviations"].items()}
for _key, _kind in list(_ABBREVIATIONS.items()):
    _ABBREVIATIONS.setdefault(_key.replace("Đ", "D"), _kind)
_ISSUERS: dict[str, str] = {key.upper(): issuer for key, issuer in _DATA["issuers"].items()}
# Kinds that may be cited by a bare number ("Chỉ thị 18", "Đề án 06"); the others are too often
# followed by a count ("Kế hoạch 5 năm", "Dự án 1: ...").
_BARE_KINDS = {fold_keep(k) for k in ("Nghị quyết", "Quyết định", "Chỉ thị", "Kết luận", "Đề án", "Nghị định",
                                      "Thông tư", "Thông báo")}

_KIND_ALT = alternation(_KINDS)
_SEP = r"\s?/\s?"
_GROUP = r"[a-z0-9]+(?:-(?:[ \t]*\n[ \t]*|[ \t](?=[a-z]{1,4}(?![a-z0-9])))?[a-z0-9]+)*"  # OCR: "NĐ- CP"
# 66/NQ-CP, 192/2025/QH15, 105/2021/NĐ-CP, 1105 /KH-ĐKT ; party: 86-CTr/TU, 3260-KH/ĐĐQH15
_DATE = r"\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s*,?\s+nam\s+\d{4}"
_TAIL = rf"(?P<date>(?:\s*,)?\s*ngay\s*(?:{_DATE}))?(?P<of>\s+cua\s+)?"
# Citations are found from their numbers, then the kind word before ("Nghị quyết số 66/NQ-CP") and
# the date and issuer after are read around them. The pattern starts with a digit so that the regex
# engine skips from digit to digit; a number without a symbol is "bare" ("Đề án 06").
_NUMBER_RE = re.compile(
    rf"\d(?<![\da-z]\d)\d{{0,4}}(?P<symbol>(?:{_SEP}\d{{4}})?{_SEP}[a-z]{_GROUP}|-[a-z]+/[a-z]{_GROUP})?(?![a-z0-9])"
)
_BARE_AFTER_RE = re.compile(r"[\d/-]|[.,]\d")
_KIND_BEFORE_RE = re.compile(rf"(?<![a-z0-9])(?P<kind>{_KIND_ALT})\s*(?P<so>so\s*[:.]?\s*)?$")
_TAIL_RE = re.compile(_TAIL)
_DATE_PARTS_RE = re.compile(r"(\d{1,2})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{4})|(\d{1,2})\s+thang\s+(\d{1,2})\D+(\d{4})")
_BARE_FOLLOW_RE = re.compile(r"\s*(?:nam|thang|ngay|tuan|gio|phut|%|lan|nhiem vu|noi dung|\()")
_HEADER_SO_RE = re.compile(r"(?:^|\n)[ \t]*so[ \t]*:?[ \t]*$")
_ISSUER_STOP_RE = re.compile(
    r"[;,.()\[\]:|\"“”]|\s(?:ve|thuc hien|ban hanh|quy dinh|huong dan|phe duyet|cong bo|trien khai|sua doi|"
    r"bo sung|tai|theo|doi voi|voi|de|nham|giao|va (?:" + _KIND_ALT + r")|co so|cho|tren|trong|da|duoc|"
    r"dong thoi|nay|kem theo)(?![a-z0-9])"
)
_ISSUER_MAX = 90
_BROKEN_SYMBOL_RE = re.compile(r"-\s*\n\s*|-[ \t]")  # "NĐ-\nCP" split at a line end, OCR "NĐ- CP"
_SYMBOL_SPLIT_RE = re.compile(r"[/-]")
_CONG_VAN_RE = re.compile(r"\d+/[^/]+-.+")
_LAST_WORD_RE = re.compile(r"\s*\S*$")
_YEAR_GROUP_RE = re.compile(r"/\s?\d{4}\s?/")
_JOINED_RE = re.compile(r"\s*(?:,|và|và các|,\s*và)?\s*")


# ---------------------------------------------------------------------------------------------
# Finding citations


def _parse_date(text: str) -> date | None:
    m = _DATE_PARTS_RE.search(fold_keep(text))
    if not m:
        return None
    d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    return make_date(int(d), int(mo), int(y))


def _clean_number(raw: str) -> str:
    return "".join(_BROKEN_SYMBOL_RE.sub("-", raw).split())


def _symbol_groups(number: str) -> list[str]:
    """The letter groups of a symbol: "86-CTr/TU" → ["CTr", "TU"]; "105/2021/NĐ-CP" → ["NĐ", "CP"]."""
    return [g for g in _SYMBOL_SPLIT_RE.split(number) if g and not g.isdigit()]


def kind_from_symbol(number: str) -> str | None:
    """The kind a symbol's type abbreviation names: "66/NQ-CP" → "Nghị quyết"; None when it names none."""
    groups = _symbol_groups(number)
    if not groups:
        return None
    head = groups[0].upper()
    kind = _ABBREVIATIONS.get(head) or _ABBREVIATIONS.get(head.replace("Đ", "D"))
    if kind:
        return kind
    if _CONG_VAN_RE.fullmatch(number):  # "83/BKHCN-BTTTT-VP": <issuer>-<unit>, a công văn
        return "Công văn"
    return None


def _issuer_from_symbol(number: str) -> str | None:
    groups = _symbol_groups(number)
    if not groups:
        return None
    last = groups[-1].upper().rstrip("0123456789")
    return _ISSUERS.get(last) or _ISSUERS.get(last.replace("Đ", "D"))


def _read_issuer(text: str, folded: str, start: int) -> tuple[str | None, int]:
    """The issuer written from ``start`` (just after "của") and the offset where it ends."""
    window = folded[start : start + _ISSUER_MAX]
    stop = _ISSUER_STOP_RE.search(" " + window)  # the space lets a stop word match first
    raw = text[start : start + (max(stop.start() - 1, 0) if stop else len(window))]
    if stop is None and start + len(raw) < len(text):  # the window edge cut a word
        raw = _LAST_WORD_RE.sub("", raw)
    raw = raw.rstrip(" \t\n-–")
    issuer = " ".join(raw.split())
    return (issuer or None), start + len(raw)


def _standalone_ok(raw: str) -> bool:
    """A number cited without its kind word must look like a real symbol ("66/NQ-CP", not "5/ha")."""
    letters = [c for c in raw if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if upper < 2:
        return False
    if _YEAR_GROUP_RE.search(raw):  # a normative document's number: "192/2025/QH15"
        return True
    return "-" in raw and kind_from_symbol(_clean_number(raw)) is not None


def _accept(raw: str, kind: re.Match[str] | None, folded: str, start: int, end: int) -> bool:
    if kind is None:
        if raw.isdigit():
            return False
        if _HEADER_SO_RE.search(folded, max(0, start - 12), start):
            return False  # "Số: 123/KH-UBND", the document's own number
        return _standalone_ok(raw)
    if raw.isdigit():  # bare number: "Chỉ thị 18", "Kế hoạch số 1105"
        if kind.group("so"):
            return True
        name = " ".join(kind.group("kind").split())
        return name in _BARE_KINDS and not _BARE_FOLLOW_RE.match(folded, end) and not (
            len(raw) == 4 and raw[:2] in ("19", "20")
        )
    return True


def _iter_citations(text: str, details: bool = True) -> Iterator[tuple[int, int, Reference]]:
    folded = fold_keep(text)
    for m in _NUMBER_RE.finditer(folded):
        n_start, n_end = m.span()
        if not m.group("symbol") and (n_start == 0 or not folded[n_start - 1].isspace()
                                      or _BARE_AFTER_RE.match(folded, n_end)):
            continue
        kind = _KIND_BEFORE_RE.search(folded, max(0, n_start - 40), n_start)
        raw = text[n_start:n_end]
        if not _accept(raw, kind, folded, n_start, n_end):
            continue
        number = _clean_number(raw)
        start = kind.start() if kind else n_start
        name = _KINDS[" ".join(kind.group("kind").split())] if kind else kind_from_symbol(number)
        tail = _TAIL_RE.match(folded, n_end)
        when = _parse_date(text[tail.start("date") : tail.end("date")]) if tail and tail.group("date") else None
        end = tail.end("date") if tail and tail.group("date") else n_end
        issuer = None
        if details and tail and tail.group("of"):
            issuer, end = _read_issuer(text, folded, tail.end("of"))
        written = " ".join(text[start:end].split())
        yield start, end, Reference(kind=name, number=number, date=when, issuer=issuer, text=written)


def _share_issuers(found: list[tuple[int, int, Reference]], text: str) -> None:
    """"Nghị định số 181/2024/NĐ-CP ngày ... và Nghị định số 146/2025/NĐ-CP ... của Chính phủ": both
    have the issuer written after the last; symbols that always name their issuer (CP, TTg) give it."""
    for i in range(len(found) - 2, -1, -1):
        start, end, ref = found[i]
        if ref.issuer:
            continue
        nxt = found[i + 1]
        if nxt[2].issuer and _JOINED_RE.fullmatch(text[end : nxt[0]]):
            ref.issuer = nxt[2].issuer
    for _start, _end, ref in found:
        if not ref.issuer:
            ref.issuer = _issuer_from_symbol(ref.number)


def find_citations(text: str, *, source: Source | None = None) -> list[Reference]:
    """Every citation of a document by number in ``text``, in the order written.

    Covers "Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ", "Nghị quyết 68-NQ/TW", "Luật số
    72/2025/QH15", "Công văn số 7432/UBND-XD", a number without its kind word ("theo 66/NQ-CP") and a
    kind with a bare number ("Đề án 06"). Numbers without digits ("Số: /KH-UBND") are skipped.
    """
    if not text:
        return []
    found = list(_iter_citations(text))
    _share_issuers(found, text)
    return [replace(ref, source=source) if source else ref for _s, _e, ref in found]


def citation_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the citations in ``text``: kind, number and date (not the issuer)."""
    return [(start, end) for start, end, _ref in _iter_citations(text, details=False)]


# ---------------------------------------------------------------------------------------------
# Deduplication


def reference_key(number: str) -> str:
    """Match key of a number: upper case, no spaces, Đ read as D ("86-CTr/TU" → "86-CTR/TU")."""
    return "".join(nfc(number).split()).upper().replace("Đ", "D")


def _is_full(ref: Reference) -> bool:
    return ref.date is not None or ref.issuer is not None


def _merge(base: Reference, other: Reference) -> Reference:
    return replace(
        base,
        kind=base.kind or other.kind,
        date=base.date or other.date,
        issuer=base.issuer or other.issuer,
        source=base.source or other.source,
    )


def _shorthand_target(ref: Reference, full: list[Reference]) -> Reference | None:
    """The fully numbered citation a bare "Chỉ thị 11" stands for ("11-CT/TU"), if exactly one."""
    if not ref.number.isdigit():
        return None
    number = ref.number.lstrip("0") or "0"
    hits = [
        f for f in full
        if not f.number.isdigit()
        and (head := f.number.lstrip("0")).startswith(number)
        and not head[len(number) : len(number) + 1].isdigit()
        and (ref.kind is None or f.kind is None or f.kind == ref.kind)
    ]
    keys = {reference_key(f.number) for f in hits}
    return hits[0] if len(keys) == 1 else None


def dedupe_references(citations: list[Reference]) -> list[Reference]:
    """Each cited document once, in order of first citation: the first full citation (with date or
    issuer), completed by the details of the others. A bare "Chỉ thị 11" merges into "11-CT/TU"."""
    groups: dict[str, list[Reference]] = {}
    for ref in citations:
        groups.setdefault(reference_key(ref.number), []).append(ref)
    numbered = [refs[0] for refs in groups.values()]
    result: list[Reference] = []
    for key, refs in groups.items():
        first = refs[0]
        target = _shorthand_target(first, numbered)
        if target is not None and reference_key(target.number) != key:
            continue
        base = next((r for r in refs if _is_full(r)), first)
        for other in refs:
            if other is not base:
                base = _merge(base, other)
        result.append(base)
    return result
