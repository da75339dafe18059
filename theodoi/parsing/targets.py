"""Quantified targets: "giảm ít nhất 30% thời gian xử lý thủ tục hành chính" → 30 %, ">=", decrease.

:func:`find_targets` reads running text (LABELING.md, Targets):

- A percentage is a target unless its clause marks a reported result or a policy rate ("đã đạt 95%",
  "tăng 20% so với cùng kỳ", "lãi suất 5%") with no aim word after the marker. A range ("20% - 50%",
  "16 - 18%") gives its lower bound, at least.
- "top 3", "nhóm 3 tỉnh dẫn đầu", "nằm trong 10 địa phương dẫn đầu", "xếp thứ 5" are ranks (unit
  "rank", comparator "<="); "hai con số" for a growth rate is at least 10 %.
- A count ("1.000 doanh nghiệp", "01 tin, bài") is a target only with a comparator ("ít nhất 01 sáng
  kiến", "từ 05 mỏ ... trở lên") or an aim word in its clause ("phấn đấu thu hút 1.000 doanh
  nghiệp"); its unit is the counted thing as written. Ages, durations, ordinals are never counts.
- Comparators: "ít nhất", "tối thiểu", "trên", "... trở lên", "≥" give ">="; "không quá", "tối đa",
  "dưới", "≤" give "<="; a percentage aim without one ("đạt 100%", "100% thủ tục hành chính được ...")
  is ">=" (an aim is a floor); a bare value in an indicator table is "=".
- Numbers are Vietnamese: "13,6" is 13.6 and "1.000" is 1000.

:func:`targets_from_cell` reads the value and unit cells of an indicator table ("≥ 55", "%").
The phrase lists are data (``theodoi/data/targets.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from theodoi.parsing.model import Source
from theodoi.parsing.plan import Target
from theodoi.parsing.references import (
    MarkerBefore,
    alternation,
    citation_spans,
    fold_keep,
    load_data,
    words_pattern,
)
from theodoi.text import nfc

__all__ = ["find_plan_targets", "find_targets", "parse_number", "targets_from_cell"]

_DATA = load_data("targets.toml")


# A number starts with a digit not preceded by a digit, "." or ","; patterns starting with it let the
# regex engine skip from digit to digit.
_NUM = r"\d(?<![\d.,/]\d)(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*(?:,\d+)?|\d*\.\d{1,2}(?!\d))"
_PERCENT_RE = re.compile(rf"(?P<v>{_NUM})\s*(?:%?\s*(?:-|den)\s*(?P<hi>{_NUM})\s*%|%)")
_RANK_NUMBERS = {fold_keep(k): int(v) for k, v in _DATA["ranks"]["numbers"].items()}
_RANK_NUM = rf"\d{{1,3}}|{alternation(_RANK_NUMBERS)}"
_RANK_RE = re.compile(
    rf"(?<![a-z0-9])top\s*-?\s*(?P<top>{_RANK_NUM})(?![\d])"
    rf"|(?<![a-z0-9])(?:nhom|trong)\s+(?P<group>{_RANK_NUM})\s+(?:[a-z]+,?\s+){{0,6}}?"
    rf"(?:{alternation(_DATA['ranks']['leaders'])})(?![a-z0-9])"
    rf"|(?<![a-z0-9])(?:xep|dung)\s+(?:hang\s+)?thu\s+(?P<place>\d{{1,3}})(?!\d)"
)
_DIGITS_RE = re.compile(words_pattern(_DATA["digits_phrases"]))
# Fast pre-checks (plain substring tests) before the rank and "hai con số" regexes run.
_RANK_KEYS = ("top", "xep", "dung thu", *(fold_keep(w) for w in _DATA["ranks"]["leaders"]))
_DIGITS = {fold_keep(k): float(v) for k, v in _DATA["digits_phrases"].items()}
_UNIT_ALT = alternation(_DATA["units"]["counted"])
_COUNT_RE = re.compile(
    rf"(?P<v>{_NUM})\s+(?P<unit>(?:{_UNIT_ALT})(?![a-z0-9])"
    rf"(?:\s*(?:/|,\s*)(?:{_UNIT_ALT})(?![a-z0-9]))*)"
)
_VERB_REVERSED = r"(?:(?:tad|al|gnab|cum\s+o|cum)\s+)?"  # "ít nhất đạt 25%": " đạt " read backwards
_AT_LEAST = MarkerBefore(_DATA["at_least"], _VERB_REVERSED)
_AT_MOST = MarkerBefore(_DATA["at_most"], _VERB_REVERSED)
_AT_LEAST_AFTER_RE = re.compile(words_pattern(_DATA["at_least_after"]))
_AT_MOST_AFTER_RE = re.compile(words_pattern(_DATA["at_most_after"]))
_AIM_RE = re.compile(words_pattern(_DATA["aim_words"]))
_NOT_AIM_RE = re.compile(words_pattern(_DATA["not_aims"]))
_PAST_AFTER_RE = re.compile(rf"\s*(?:{alternation(_DATA['past_after'])})(?![a-z0-9])")
_INCREASE_RE = re.compile(words_pattern(_DATA["increase"]))
_DECREASE_RE = re.compile(words_pattern(_DATA["decrease"]))
_CLAUSE_END_RE = re.compile(r"[.;:\n!?|](?!\d)")
_GROWTH_RE = re.compile(r"(?<![a-z])tang(?![a-z])")
_NOT_BEFORE_COUNT_RE = re.compile(
    r"(?<![a-z0-9])(?:so|dieu|khoan|diem|quy|thang|ngay|nam|giai\s+doan|phu\s+luc|nhom|top|muc|bieu|mau)\s*[:.]?\s*$"
)
_INDICATOR_STOP_RE = re.compile(
    r"[,;.()\n:|]|\s(?:duoc|phai|co|dat|tro|so|trong|theo|tai|da|thuoc|tren|den|vao|va\s+\d|nham|de|khi|"
    r"tu|cho|tham\s+gia|thuc\s+hien|\d)(?![a-z0-9])"
)
_INDICATOR_WORDS = 10
_SYMBOL_HINT_RE = re.compile(r"\d\s?[/-]\s?[a-z]")
_ANY_DIGIT_RE = re.compile(r"\d")
_TOKEN_RE = re.compile(r"\S+")
_MORE_RE = re.compile(r"\s*(?:tro\s+len|tro\s+xuong)")
_THOUSANDS_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL_RE = re.compile(r"\d+(?:[.,]\d+)?")
_ACRONYM_RE = re.compile(r"\(([A-Z][A-Za-z0-9]{1,9})\)\s*$")
_COUNT_WORD_RE = re.compile(r"^(?:Số|số)\s+")
_CELL_SPLIT_RE = re.compile(r";|\n")
_TITLE_RE = re.compile(r"(?:\s+cua\s(?:[^;\n(.]|\.\d)*?)?\s+ve\s(?:[^;\n(.]|\.\d)*")  # "của X về <title>"
_VERB_RE = re.compile(r"(?<![a-z0-9])(?:dat|la|bang|chiem|nam\s+trong|thuoc|o\s+muc)(?![a-z0-9])")
_TRIM_RE = re.compile(
    words_pattern([*_DATA["aim_words"], *_DATA["at_least"], *_DATA["at_most"], "bảo đảm", "đảm bảo", "duy trì", "góp phần"])
)
_INDICATOR_CLAUSE_RE = re.compile(r"[,;:|\n]|\.(?!\d)")


def parse_number(text: str) -> float | None:
    """A number in Vietnamese format: "13,6" → 13.6, "1.000" → 1000, "05" → 5."""
    text = text.strip()
    if _THOUSANDS_RE.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _DECIMAL_RE.fullmatch(text):
        return float(text.replace(",", "."))
    return None


# ---------------------------------------------------------------------------------------------
# Context


def _clause(folded: str, start: int, end: int) -> tuple[str, str]:
    """The clause text before ``start`` and after ``end`` (up to a full stop, semicolon or colon)."""
    before = folded[max(0, start - 160) : start]
    stops = list(_CLAUSE_END_RE.finditer(before))
    if stops:
        before = before[stops[-1].end() :]
    after = folded[end : end + 160]
    stop = _CLAUSE_END_RE.search(after)
    return before, after[: stop.start()] if stop else after


def _comparator(before: str, after: str, default: str) -> str:
    if _AT_MOST.start(before, len(before), 30) is not None or _AT_MOST_AFTER_RE.match(after.lstrip()):
        return "<="
    if _AT_LEAST.start(before, len(before), 30) is not None:
        return ">="
    digit = _ANY_DIGIT_RE.search(after)  # "từ 05 mỏ ... trở lên": look up to the next number
    head = after[: digit.start()] if digit else after
    if _AT_LEAST_AFTER_RE.search(head[:100]):
        return ">="
    if _AT_MOST_AFTER_RE.search(head[:100]):
        return "<="
    return default


def _is_aim(before: str, after: str) -> bool:
    """False when the clause reports a result or a rate ("đã đạt 95%", "tăng 20% so với cùng kỳ")."""
    markers = list(_NOT_AIM_RE.finditer(before))
    if markers and not _AIM_RE.search(before, markers[-1].end()):
        return False
    return not (_PAST_AFTER_RE.match(after) and not _AIM_RE.search(before))


def _direction(before: str) -> str | None:
    tail = before[-40:]
    dec = list(_DECREASE_RE.finditer(tail))
    inc = list(_INCREASE_RE.finditer(tail))
    if dec and (not inc or dec[-1].start() >= inc[-1].start()):
        return "decrease"
    return "increase" if inc else None


def _indicator(text: str, folded: str, start: int, end: int, after_first: bool = True) -> str | None:
    """What is measured: the words after the number ("30% thời gian xử lý thủ tục hành chính"), or
    else the words of the clause before it ("tăng trưởng kinh tế ... đạt 13,6%", "đạt mục tiêu tăng
    trưởng 8%"), without aim and comparator words."""
    if after_first:
        after = folded[end : end + 120]
        lead = len(after) - len(after.lstrip(" "))
        stop = _INDICATOR_STOP_RE.search(" " + after[lead:])  # the space lets a stop word match first
        cut = end + lead + (max(stop.start() - 1, 0) if stop else len(after) - lead)
        words = text[end + lead : cut].split()
        if words and words[0][0].isalpha():
            return " ".join(words[:_INDICATOR_WORDS]).strip(" -–") or None
    before = folded[max(0, start - 120) : start]
    before = before[max((m.end() for m in _INDICATOR_CLAUSE_RE.finditer(before)), default=0) :]
    base = start - len(before)
    verbs = list(_VERB_RE.finditer(before))
    # "đạt mục tiêu tăng trưởng 8%": the words after the verb; "tăng trưởng ... đạt 13,6%": before it
    ranges = [(verbs[-1].end(), len(before)), (0, verbs[-1].start())] if verbs else [(0, len(before))]
    for lo, hi in ranges:
        span = _TRIM_RE.sub(lambda m: " " * len(m.group(0)), before[lo:hi])  # drop "phấn đấu", "ít nhất"
        words = [text[base + lo + m.start() : base + lo + m.end()].strip("()") for m in _TOKEN_RE.finditer(span)]
        words = [w for w in words if w and w not in ("-", "+", "–")]
        if words:
            return " ".join(words[-_INDICATOR_WORDS:]).strip(" ,-–") or None
    return None


# ---------------------------------------------------------------------------------------------
# Finders


def _percents(text: str, folded: str, source: Source | None) -> Iterable[tuple[int, Target]]:
    for m in _PERCENT_RE.finditer(folded):
        before, after = _clause(folded, m.start(), m.end())
        if not _is_aim(before, after):
            continue
        value = parse_number(m.group("v"))
        if value is None:
            continue
        comparator = ">=" if m.group("hi") else _comparator(before, after, ">=")
        phrase = _phrase(text, folded, m.start(), m.end(), before)
        yield m.start(), Target(
            text=phrase, value=value, unit="%", comparator=comparator,
            indicator=_indicator(text, folded, m.start(), m.end()), direction=_direction(before), source=source,
        )


def _phrase(text: str, folded: str, start: int, end: int, before: str) -> str:
    """The target as written: the number with its comparator words ("ít nhất 30%", "8% trở lên")."""
    found = [x for x in (_AT_LEAST.start(before, len(before), 30), _AT_MOST.start(before, len(before), 30)) if x is not None]
    begin = start - (len(before) - min(found)) if found else start
    after = folded[end : end + 12]
    more = _MORE_RE.match(after)
    return " ".join(text[begin : end + (more.end() if more else 0)].split())


def _ranks(text: str, folded: str, source: Source | None) -> Iterable[tuple[int, Target]]:
    if not any(k in folded for k in _RANK_KEYS):
        return
    for m in _RANK_RE.finditer(folded):
        raw = m.group("top") or m.group("group") or m.group("place")
        value = int(raw) if raw.isdigit() else _RANK_NUMBERS.get(" ".join(raw.split()))
        if not value:
            continue
        yield m.start(), Target(
            text=" ".join(text[m.start() : m.end()].split()), value=float(value), unit="rank", comparator="<=",
            indicator=_indicator(text, folded, m.start(), m.end(), after_first=False), source=source,
        )


def _digits(text: str, folded: str, source: Source | None) -> Iterable[tuple[int, Target]]:
    if "con so" not in folded:
        return
    for m in _DIGITS_RE.finditer(folded):
        before, _after = _clause(folded, m.start(), m.end())
        if not _GROWTH_RE.search(before[-80:]):
            continue
        yield m.start(), Target(
            text=text[m.start() : m.end()], value=_DIGITS[" ".join(m.group(0).split())], unit="%",
            comparator=">=", indicator=_indicator(text, folded, m.start(), m.end(), after_first=False),
            direction="increase",
            source=source,
        )


def _counts(text: str, folded: str, source: Source | None) -> Iterable[tuple[int, Target]]:
    for m in _COUNT_RE.finditer(folded):
        if _NOT_BEFORE_COUNT_RE.search(folded, max(0, m.start() - 14), m.start()):
            continue
        before, after = _clause(folded, m.start(), m.end())
        comparator = _comparator(before, after, "")
        if not comparator and not _AIM_RE.search(before[-80:]):
            continue
        value = parse_number(m.group("v"))
        if value is None or not _is_aim(before, after):
            continue
        unit = " ".join(text[m.start("unit") : m.end("unit")].split())
        yield m.start(), Target(
            text=_phrase(text, folded, m.start(), m.end(), before), value=value, unit=unit,
            comparator=comparator or ">=", indicator=None, direction=_direction(before), source=source,
        )


def _mask_cited(text: str, folded: str) -> str:
    """Blank out cited documents and their titles: "Kết luận số 123-KL/TW ... về Đề án ... với mục tiêu
    tăng trưởng đạt 8% trở lên" states the cited document's aim, not this text's."""
    if not _SYMBOL_HINT_RE.search(folded):
        return folded
    for start, end in citation_spans(text):
        title = _TITLE_RE.match(folded, end)
        if title:
            end = title.end()
        folded = folded[:start] + " " * (end - start) + folded[end:]
    return folded


def find_targets(text: str, *, source: Source | None = None) -> list[Target]:
    """The quantified aims written in ``text``, in order: percentages, ranks, "hai con số" growth and
    counts with a comparator or an aim word. See the module docstring for the rules."""
    if not text or not _ANY_DIGIT_RE.search(text) and "con s" not in text:
        return []
    text = nfc(text)
    folded = _mask_cited(text, fold_keep(text))
    found = [*_percents(text, folded, source), *_ranks(text, folded, source), *_digits(text, folded, source)]
    taken = [(pos, pos + len(t.text)) for pos, t in found]
    for pos, target in _counts(text, folded, source):
        if not any(a <= pos < b for a, b in taken):
            found.append((pos, target))
    return [t for _pos, t in sorted(found, key=lambda item: item[0])]


def find_plan_targets(text: str, *, source: Source | None = None) -> list[Target]:
    """Targets of the plan as a whole: the same reading; the caller chooses the text (objectives)."""
    return find_targets(text, source=source)


# ---------------------------------------------------------------------------------------------
# Indicator tables

_CELL_PART_RE = re.compile(rf"(?P<cmp>≥|>=|≤|<=|>|<|{alternation([*_DATA['at_least'], *_DATA['at_most']])})?\s*"
                           rf"(?P<v>{_NUM})\s*%?(?:\s*(?:-|den)\s*(?P<hi>{_NUM})\s*%?)?")
_RANK_UNITS_RE = re.compile(r"^(?:thu\s+(?:bac|hang)|xep\s+hang|hang)\b")
_AT_MOST_SET = {fold_keep(p) for p in _DATA["at_most"]}


def _cell_unit(unit: str) -> str:
    """Normalise a unit cell: "% GDP" → "%", "Thứ bậc" → "rank", "Chỉ số ... (HDI)" → "HDI"."""
    unit = " ".join(nfc(unit).split())
    folded = fold_keep(unit)
    if unit.startswith("%"):
        return "%"
    if _RANK_UNITS_RE.match(folded):
        return "rank"
    acronym = _ACRONYM_RE.search(unit)
    if acronym:
        return acronym.group(1)
    return _COUNT_WORD_RE.sub("", unit)


def targets_from_cell(
    value: str, unit: str | None = None, *, indicator: str | None = None, source: Source | None = None
) -> list[Target]:
    """Targets of an indicator-table row: value cell "≥ 3 Đông Nam Á; ≤ 50 Thế giới" with unit cell
    "Thứ bậc" → rank <= 3 and rank <= 50. A bare value is "="; a range gives its lower bound (">=")."""
    value = nfc(value or "")
    unit_name = _cell_unit(unit) if unit and unit.strip() else ("%" if "%" in value else "")
    if not unit_name:
        return []
    targets = []
    for part in _CELL_SPLIT_RE.split(value):
        m = _CELL_PART_RE.search(fold_keep(part))
        number = parse_number(m.group("v")) if m else None
        if m is None or number is None:
            continue
        cmp = " ".join((m.group("cmp") or "").split())
        comparator = "<=" if cmp in _AT_MOST_SET else ">=" if cmp or m.group("hi") else "="
        targets.append(Target(text=" ".join(part.split()), value=number, unit=unit_name, comparator=comparator,
                              indicator=indicator, source=source))
    return targets
