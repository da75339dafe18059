"""Text rules of the linter: curated spelling errors, doubled words, spacing, and wording of another
issuer level ("Thành ủy" in a province's plan). Each rule reads the document's text pieces (paragraphs
and table cells) and yields findings; :mod:`theodoi.parsing.lint` locates them on tasks."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from theodoi.parsing.model import Block, Paragraph, Source
from theodoi.parsing.plan import DocumentInfo, Finding
from theodoi.text import new_tones

Piece = tuple[str, Source]


def pieces(blocks: list[Block]) -> Iterator[Piece]:
    """The text of every paragraph and table cell, with its source."""
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text:
                yield block.text, block.source
        else:
            for row in block.rows:
                for cell in row:
                    if cell.text and not cell.merged:
                        yield cell.text, cell.source


# --- spelling -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Typo:
    pattern: str
    right: str
    case: bool
    bounded: bool
    bad: tuple[str, ...]
    good: tuple[str, ...]


@lru_cache(maxsize=1)
def _typo_data() -> dict[str, Any]:
    with resources.files("theodoi").joinpath("data", "typos.toml").open("rb") as handle:
        return tomllib.load(handle)


@lru_cache(maxsize=1)
def typos() -> tuple[Typo, ...]:
    """The curated list (theodoi/data/typos.toml)."""
    return tuple(
        Typo(e["pattern"], e["right"], e.get("case", False), e.get("bounded", True), tuple(e["bad"]), tuple(e["good"]))
        for e in _typo_data()["typo"]
    )


def doubled_examples() -> tuple[list[str], list[str]]:
    data = _typo_data()["doubled"]
    return list(data["bad"]), list(data["good"])


_LOOKBEHINDS = re.compile(r"^(?:\(\?<[!=][^()]*\))+")
_FIRST_WORD = re.compile(r"[^\W\d_]+(?=\s|$)")
_WORD = re.compile(r"\w+")


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression."""
    out, depth, current, escaped = [], 0, "", False
    for char in pattern:
        if escaped:
            current, escaped = current + char, False
            continue
        escaped = char == "\\"
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += char
    return [*out, current]


def _first_words(pattern: str) -> list[str] | None:
    """The literal first word of each alternative ("phần" for "(?<!x )phần đầu(?=...)"), or None."""
    words = []
    for alternative in _alternatives(pattern):
        m = _FIRST_WORD.match(_LOOKBEHINDS.sub("", alternative))
        if not m:
            return None
        words.append(m.group())
    return words


@dataclass(frozen=True, slots=True)
class _Entry:
    number: int
    compiled: re.Pattern[str]
    case: bool  # match on the text as written, not on its lower case
    prefix: str  # a literal the text must contain (lower case), for entries matched by a full scan


@lru_cache(maxsize=1)
def _typo_index() -> tuple[dict[str, list[_Entry]], list[_Entry]]:
    """Entries indexed by the first word of their alternatives: an entry is tried only on texts holding
    that word (one alternation of all entries, tried at every position, is several times slower).
    Entries without a literal first word are tried on texts holding their literal prefix."""
    index: dict[str, list[_Entry]] = {}
    scanned: list[_Entry] = []
    for number, typo in enumerate(typos()):
        body = rf"(?<!\w)(?:{typo.pattern})(?!\w)" if typo.bounded else typo.pattern
        prefix = re.match(r"[^\W\d_]*", _LOOKBEHINDS.sub("", typo.pattern))
        entry = _Entry(number, re.compile(body), typo.case, (prefix.group() if prefix else "").lower())
        words = _first_words(typo.pattern) if typo.bounded else None
        if not words:
            scanned.append(entry)
            continue
        for word in dict.fromkeys(w.lower() for w in words):
            index.setdefault(word, []).append(entry)
    return index, scanned


def _typo_matches(text: str, low: str) -> list[tuple[int, re.Match[str]]]:
    """The typo entries found in ``text`` (``low`` is its lower case, of the same length)."""
    index, scanned = _typo_index()
    found: dict[tuple[int, int], re.Match[str]] = {}
    for word, entries in index.items():
        pos = low.find(word)
        while pos >= 0:
            for entry in entries:
                m = entry.compiled.match(text if entry.case else low, pos)
                if m:
                    found[m.start(), entry.number] = m
            pos = low.find(word, pos + len(word))
    for entry in scanned:
        if entry.prefix in low:
            found.update(((m.start(), entry.number), m) for m in entry.compiled.finditer(text if entry.case else low))
    return [(number, found[start, number]) for start, number in sorted(found)]


@lru_cache(maxsize=1)
def _doubled_re() -> re.Pattern[str]:
    words = sorted(_typo_data()["doubled"]["words"], key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w)({alternation})\s+\1(?!\w)")


_COMMA = re.compile(r"[,;]")


def spelling(text: str, source: Source) -> Iterator[Finding]:
    """Findings of the curated typos, doubled words and comma spacing in one text piece."""
    text = new_tones(text)
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: match the text as it is
        low = text
    for number, m in _typo_matches(text, low):
        typo = typos()[number]
        wrong = text[m.start() : m.end()]
        yield _spell(f"Sai chính tả: “{wrong}” → “{_right(typo, wrong)}” (spelling)", source)
    for m in _doubled_re().finditer(low):
        wrong = text[m.start() : m.end()]
        yield _spell(f"Lặp từ: “{wrong}” → “{text[m.start(1) : m.end(1)]}” (doubled word)", source)
    yield from _spacing(text, source)


def _spacing(text: str, source: Source) -> Iterator[Finding]:
    """ "sở,ngành" (no space after a comma between words) and "cao ; KH" (a space before it)."""
    for m in _COMMA.finditer(text):
        i = m.start()
        before, after = text[i - 1 : i], text[i + 1 : i + 2]
        if before.isalpha() and after.isalpha() and before.islower() and after.islower():
            yield _spell(f"Thiếu dấu cách sau “{m.group()}”: “{text[max(i - 12, 0) : i + 13]}” (missing space)", source)
        elif before == " " and text[i - 2 : i - 1].isalnum() and (not after or after.isspace()):
            yield _spell(f"Thừa dấu cách trước “{m.group()}” (space before punctuation)", source, "info")


def _right(typo: Typo, wrong: str) -> str:
    right = typo.right
    if "\\" in right:  # a template with groups of the entry's own pattern
        found = re.compile(typo.pattern, 0 if typo.case else re.I).fullmatch(wrong)
        right = found.expand(right) if found else right
    return right[:1].upper() + right[1:] if wrong[:1].isupper() else right


def _spell(message: str, source: Source, severity: str = "warning") -> Finding:
    return Finding(code="spelling", severity=severity, message=message, source=source)


# --- wording of another issuer level -------------------------------------------------------------------

_UNIT_WORDS = {
    # wording that means "the issuer itself" for a city, found in a province's plan
    "province": (
        re.compile(r"(?<!\w)Thành ủy(?!\w)"),
        re.compile(r"(?<!\w)(?:của|toàn|trên địa bàn|cấp|Ủy ban nhân dân|UBND|HĐND|Hội đồng nhân dân|Chủ tịch UBND)\s+thành phố(?!\w)"),
    ),
    # and the converse, in a centrally-run city's plan
    "city": (
        re.compile(r"(?<!\w)Tỉnh ủy(?!\w)"),
        re.compile(r"(?<!\w)(?:của|toàn|trên địa bàn|cấp|Ủy ban nhân dân|UBND|HĐND|Hội đồng nhân dân|Chủ tịch UBND)\s+tỉnh(?!\w)"),
    ),
}
_UNIT_TRIGGERS = {"province": ("hành ủy", "thành phố"), "city": ("ỉnh ủy", "tỉnh")}
_NAMED_AFTER = re.compile(r"\s*(\S+)")


def issuer_unit(info: DocumentInfo, city: bool) -> str | None:
    """ "province" for a province's document, "city" for a centrally-run city's, else None."""
    if info.level != "province" or not info.province:
        return None
    return "city" if city else "province"


def issuer_wording(text: str, source: Source, unit: str, issuer: str) -> Iterator[Finding]:
    """ "Thành ủy" / "của thành phố" meaning the issuer in a provincial plan (or "Tỉnh ủy" in a city's)."""
    text = new_tones(text)
    if not any(word in text for word in _UNIT_TRIGGERS[unit]):
        return
    for pattern in _UNIT_WORDS[unit]:
        for m in pattern.finditer(text):
            following = _NAMED_AFTER.match(text, m.end())
            word = following.group(1) if following else ""
            if word[:1].isupper() or word[:1].isdigit() or word.startswith("trực"):
                continue  # a named locality ("thành phố Bắc Giang") or "thành phố trực thuộc trung ương"
            context = text[max(m.start() - 30, 0) : m.end() + 30].strip()
            other = "thành phố" if unit == "province" else "tỉnh"
            yield Finding(
                code="issuer-mismatch",
                severity="warning",
                message=(
                    f"Văn bản của {issuer} nhưng dùng cách gọi của {other}: “{m.group()}” (… {context} …) "
                    "— có thể sao chép từ văn bản khác (wording of another issuer level)"
                ),
                source=source,
            )
