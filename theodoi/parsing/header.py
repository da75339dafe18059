"""Header block of a document (NĐ 30/2020; Party documents HD 36): issuer, number and symbol, place and
date, kind and title (trích yếu), addressees ("Kính gửi"). The closing zone is read by
:mod:`theodoi.parsing.closing` (re-exported here); issuer names (casing, bodies, level and province) by
:mod:`theodoi.parsing.issuers`.

Layouts handled: plain text lines; a layout table (issuer and number on the left, motto and place/date
on the right); text rows "LEFT | RIGHT"; cells flattened into one line ("ỦY BAN NHÂN DÂN TỈNH X Số: /KH-UBND");
a header with no issuer lines (the issuer is then read from the symbol and the place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from theodoi.parsing.closing import (
    Closing,
    Line,
    block_lines,
    is_upper,
    read_closing,
    split_items,
)
from theodoi.parsing.issuers import (
    expand_abbreviations,
    is_central_city,
    issuer_from_symbol,
    issuer_level,
    knowledge,
    proper_name,
    real_casing,
    split_bodies,
)
from theodoi.parsing.model import Block, Paragraph, Source
from theodoi.parsing.plan import DocumentInfo
from theodoi.text import fold, fold_same_length, new_tones

__all__ = [
    "Closing", "read_closing", "read_header", "kind_of_symbol", "parse_number", "proper_name", "expand_abbreviations",
    "is_central_city", "issuer_level",
]

_SO = r"(?<![\w/])S[ốôóổồỗộo6][:.]?\s*"
_NUMBER_PART = r"(?P<n>\d{1,5}|(?=[^\s/]*\d)[^\s/]{1,6})?"  # digits, or a few OCR-damaged characters
_STATE_NUMBER = re.compile(
    _SO + _NUMBER_PART + r"\s*(?:/\s*(?P<y>(?:19|20)\d{2}))?\s*/\s*"
    r"(?P<sym>[A-ZĐa-zđ][A-ZĐa-zđ0-9&]*(?:\s?-\s?[A-ZĐa-zđ0-9&]+)*)"
)
_PARTY_NUMBER = re.compile(_SO + _NUMBER_PART + r"\s*-\s*(?P<type>[A-Za-zĐđ]{1,5})\s*/\s*(?P<iss>[A-ZĐa-zđ0-9][A-ZĐa-zđ0-9\-]*)")
# Matched on the folded text (no diacritics, lower case, same length), which tolerates OCR noise in marks.
_DATE = re.compile(  # a stray mark of one or two characters may sit in the blanks ("tháng 5 4 năm")
    r",?\s*ngay\s*(?P<d>\d{1,2})?(?:\s+\S{1,2})?\s*thang\s*(?P<m>\d{1,2})?(?:\s+\S{1,2})?\s*nam\s*(?P<y>(?:19|20)\d{2})"
)
# the motto, or its first or second half when a narrow cell wraps it over two lines
_STATE_MOTTO = re.compile(
    r"cong\s+hoa\s+xa\s+hoi(?:\s+chu(?:\s+nghia(?:\s+viet(?:\s+nam)?)?)?)?|^\s*(?:chu\s+)?nghia\s+viet\s+nam\s*$"
)
_PARTY_MOTTO = re.compile(r"dang\s+cong\s+san\s+viet\s+nam")
_TIEU_NGU = re.compile(r"doc\s+lap\s*[-–—]?\s*tu\s+do\s*[-–—]?\s*hanh\s+phuc")
_RULES = re.compile(r"[-–—_=*.…]{3,}|(?<!\S)\*(?!\S)")
_VV = re.compile(r"^(?:v\s?/\s?v|v\.v|ve viec)\b")
_KINH_GUI = re.compile(r"^kinh\s+gui\s*:?\s*")
_BODY_START = re.compile(
    r"^(?:Căn cứ|Thực hiện|Thi hành|Tiếp tục|Kính gửi|Ngày \d|Trong (?:thời gian|năm|những)|Để |Nhằm |Theo |"
    r"Sau khi|Qua |Trên cơ sở|Điều \d|[IVX]+\.\s|\d+\.\s|Phần [IVX\d])"
)
_NOT_TITLE = re.compile(r"^(?:Căn cứ|Kính gửi|Điều \d|[IVX]+\.\s|\d+\.\s|Phần [IVX\d])")
_NOT_PLACE = re.compile(r"\d")
_SLASHES = str.maketrans({"\u2044": "/", "\u2215": "/"})
# the incoming-mail stamp of a receiving office, and OCR debris, in the header zone
_STAMP = re.compile(r"^(?:ĐẾN|Đến|CÔNG VĂN ĐẾN|Chuyển\s*:|Số và ký hiệu|Ngày\s*:|Lưu hồ sơ)")
_DIGIT_RUN = re.compile(r"\d{7,}")



def kind_of_symbol(type_group: str) -> str | None:
    """Document kind of a symbol's type group: "KH" → "Kế hoạch", "CTR" → "Chương trình"; None for "UBND"."""
    types = knowledge().types
    return types.get(type_group) or types.get(type_group.upper())


@dataclass(slots=True)
class Number:
    number: str | None  # "123/KH-UBND", "86-CTr/TU"; None when the number is blank
    symbol: str  # "KH-UBND", "CTr/TU"
    kind: str | None  # from the type group; "Công văn" for a state symbol without one
    issuer_group: str  # "UBND", "TU"
    year: int | None  # QPPL numbers carry the year
    style: str  # "state" | "party"


def parse_number(text: str) -> tuple[Number, re.Match[str]] | None:
    """Find a "Số: 123/KH-UBND" (state) or "Số 86-CTr/TU" (Party) number in ``text``. The number is None
    when blank (a draft) or unreadable (OCR); the symbol is kept."""
    text = text.translate(_SLASHES)
    m = _PARTY_NUMBER.search(text)
    if m:
        symbol = f"{m['type']}/{m['iss']}"
        number = f"{m['n']}-{symbol}" if _digits(m["n"]) else None
        return Number(number, symbol, kind_of_symbol(m["type"]), m["iss"], None, "party"), m
    m = _STATE_NUMBER.search(text)
    if not m:
        return None
    symbol = re.sub(r"\s", "", m["sym"])
    groups = symbol.split("-")
    kind = kind_of_symbol(groups[0])
    issuer_group = groups[1] if kind and len(groups) > 1 else groups[0]
    parts = [p for p in (m["n"], m["y"]) if p]
    number = "/".join([*parts, symbol]) if _digits(m["n"]) else None
    year = int(m["y"]) if m["y"] else None
    return Number(number, symbol, kind or "Công văn", issuer_group, year, "state"), m


def _digits(text: str | None) -> bool:
    return text is not None and text.isdigit()


@dataclass(slots=True)
class _Facts:
    number: Number | None = None
    number_source: Source | None = None
    style: str | None = None
    place: str | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    dated: bool = False
    pieces: list[str] = field(default_factory=list)  # issuer lines, in capitals
    pieces_before_number: int = -1  # issuer lines read before the number (-1: no number yet)
    last_block: int = -1
    first_source: Source | None = None  # of the first line holding any header fact

    @property
    def core(self) -> bool:
        return self.number is not None or self.dated


def _cut(text: str, pattern: re.Pattern[str]) -> tuple[str, bool]:
    """Replace the matches of a folded-text pattern in ``text`` by column marks."""
    spans = [m.span() for m in pattern.finditer(fold_same_length(text))]
    for start, end in reversed(spans):
        text = text[:start] + " | " + text[end:]
    return text, bool(spans)


def _scan(line: Line, facts: _Facts) -> tuple[bool, str]:
    """Read number, date, mottos and issuer lines from one header line: whether it held any, and the
    text left over."""
    text = new_tones(line.text)
    found = False
    for pattern, style in ((_PARTY_MOTTO, "party"), (_STATE_MOTTO, "state")):
        text, cut = _cut(text, pattern)
        if cut:
            facts.style, found = facts.style or style, True
    text, cut = _cut(text, _TIEU_NGU)
    if cut:
        facts.style, found = facts.style or "state", True
    text = _RULES.sub(" | ", text)
    parsed = parse_number(text) if facts.number is None else None
    if parsed:
        facts.number, facts.number_source = parsed[0], line.source
        facts.pieces_before_number = len(facts.pieces)
        text, found = text[: parsed[1].start()] + " | " + text[parsed[1].end() :], True
    m = _DATE.search(fold_same_length(text)) if not facts.dated else None
    if m:
        rest, place = _place(text[: m.start()])
        facts.place = facts.place or place
        facts.day, facts.month, facts.year = (int(g) if g else None for g in (m["d"], m["m"], m["y"]))
        facts.dated, found = True, True
        text = rest + " | " + text[m.end() :]
    left: list[str] = []
    for piece in (p.strip(" ;:") for p in text.split("|")):
        # issuer lines come before the number: capitals after it are a stamp ("UBND TỈNH X" / "ĐẾN")
        if is_upper(piece) and len(piece) <= 120 and facts.pieces_before_number <= 0:
            facts.pieces.append(piece)
            found = True
        elif piece:
            left.append(piece)
    if found:
        facts.last_block = max(facts.last_block, line.block)
        facts.first_source = facts.first_source or line.source
    return found, " ".join(left)


def _place(before: str) -> tuple[str, str | None]:
    """Split "... Hạnh phúc | Lâm Đồng" into the text before the place name and the place name."""
    tokens = before.split(" ")
    taken: list[str] = []
    while tokens and len([t for t in taken if t]) < 6:
        token = tokens[-1]
        if token and not (token[:1].isupper() or token in ("phố", "-", "–")) or _NOT_PLACE.search(token):
            break
        taken.insert(0, tokens.pop())
    words = [t for t in taken if t]
    while words and words[0] in ("-", "–"):
        tokens.append(words.pop(0))
    if not words:
        return before, None
    place = " ".join(words)
    return " ".join(tokens), proper_name(place) if is_upper(place) else place


def _kind_word(line: Line) -> tuple[str, str] | None:
    """The kind line ("KẾ HOẠCH") → ("Kế hoạch", ""); a kind line with its title glued on by line rejoining
    ("KẾ HOẠCH khai thực hiện ...") → ("Kế hoạch", "khai thực hiện ...")."""
    text = line.text.strip(" :.")
    if len(text) <= 40 and (is_upper(text) or line.bold):
        kind = knowledge().kinds.get(fold(text))
        return (kind, "") if kind else None
    words = text.split()
    for n in (4, 3, 2):
        head = " ".join(words[:n])
        if len(words) > n and head.upper() == head and is_upper(head) and not is_upper(words[n]):
            kind = knowledge().kinds.get(fold(head))
            if kind:
                return kind, " ".join(words[n:])
    return None


_HEADER_SPAN = 40


def read_header(blocks: list[Block]) -> tuple[DocumentInfo, int]:
    """Document info from the header block, and the index of the first body block."""
    lines = block_lines(blocks, 0, _HEADER_SPAN)
    facts = _Facts()
    kind: tuple[str, str] | None = None
    anchor = -1
    for k, line in enumerate(lines):
        kind = _kind_word(line)
        if kind or _VV.match(fold_same_length(line.text)):
            anchor = k
            break
        if not _scan(line, facts)[0] and _looks_like_body(line):
            break
    if anchor < 0:
        return (_info(facts, blocks), min(facts.last_block + 1, len(blocks))) if facts.core else (DocumentInfo(), 0)
    lines = lines[: anchor + 1] + _after_anchor(lines[anchor], lines[anchor + 1 :], facts)
    info = _info(facts, blocks)
    if info.kind in (None, "Công văn"):
        info.kind = kind[0] if kind else "Công văn"
    title_lines, k = _title(lines, anchor, kind)
    info.title = " ".join(title_lines) or None
    while 0 < k < len(lines) and lines[k].block == lines[k - 1].block and _kinh_gui(lines[k].text) is None:
        k += 1
    k = _skip_authority(lines, k, facts)
    body = lines[k - 1].block + 1 if k > 0 else 0
    if k < len(lines) and _kinh_gui(lines[k].text) is not None:
        info.addressees, body = _addressees(lines, k)
    return info, _skip_debris(blocks, body)


def _skip_debris(blocks: list[Block], index: int) -> int:
    while index < len(blocks):
        block = blocks[index]
        if not (isinstance(block, Paragraph) and _debris(block.text)):
            break
        index += 1
    return min(index, len(blocks))


def _debris(text: str) -> bool:
    return bool(_STAMP.match(text) or _DIGIT_RUN.search(text))


def _after_anchor(anchor: Line, lines: list[Line], facts: _Facts) -> list[Line]:
    """The lines after the kind or "V/v" line, less those that only hold header facts (the motto, place
    and date in the other column of a header table, or in a header box of a PDF read column by column)
    and stamp or OCR debris."""
    kept: list[Line] = []
    for line in lines:
        if _debris(line.text):
            continue
        side = line.block == anchor.block and line.col != anchor.col
        if (side or line.box) and not _KINH_GUI.match(fold_same_length(line.text)) and _only_facts(line, facts):
            continue
        kept.append(line)
    return kept


def _only_facts(line: Line, facts: _Facts) -> bool:
    found, left = _scan(line, facts)
    return found and not left.strip()


def _looks_like_body(line: Line) -> bool:
    return len(line.text) > 150 or _BODY_START.match(line.text) is not None


def _info(facts: _Facts, blocks: list[Block]) -> DocumentInfo:
    info = DocumentInfo(place=facts.place, year=facts.year, month=facts.month)
    number = facts.number
    if number:
        info.number, info.symbol, info.kind = number.number, number.symbol, number.kind
        info.year = info.year or number.year
        info.style = number.style
    info.style = facts.style if facts.style == "party" else (info.style or facts.style)
    if facts.day and facts.month and facts.year:
        try:
            info.date = date(facts.year, facts.month, facts.day)
        except ValueError:
            info.date = None
    info.source = facts.number_source or facts.first_source
    body_text = _text_after(blocks, facts.last_block + 1)
    bodies = split_bodies(facts.pieces)
    if bodies:
        info.issuer = real_casing(proper_name(bodies[-1]), body_text)
        if len(bodies) > 1:
            info.parent = real_casing(proper_name(bodies[-2]), body_text)
    elif number:
        info.issuer = issuer_from_symbol(number.issuer_group, facts.place)
    info.level, info.province = issuer_level(info.issuer, info.parent, facts.place, number.issuer_group if number else None)
    return info


def _text_after(blocks: list[Block], start: int) -> str:
    return "\n".join(b.text for b in blocks[start:] if isinstance(b, Paragraph))


def _title(lines: list[Line], anchor: int, kind: tuple[str, str] | None) -> tuple[list[str], int]:
    """The trích yếu after the kind line (or the "V/v ..." lines); returns its lines and the next index."""
    if kind is None:  # "V/v ..."
        title, k = [lines[anchor]], anchor + 1
    elif kind[1]:  # glued onto the kind line by line rejoining: the next line's gap is not reliable
        title, k = [replace(lines[anchor], text=kind[1])], anchor + 1
        if k < len(lines) and lines[k].gap:
            lines[k] = replace(lines[k], gap=False)
    elif anchor + 1 < len(lines) and not _NOT_TITLE.match(lines[anchor + 1].text):
        title, k = [lines[anchor + 1]], anchor + 2
    else:
        return [], anchor + 1
    while k < len(lines) and _continues_title(title, lines[k]):
        title.append(lines[k])
        k += 1
    return [line.text for line in title], k


def _continues_title(title: list[Line], line: Line) -> bool:
    last = title[-1]
    if _kinh_gui(line.text) is not None or _AUTHORITY.match(fold(line.text)) and is_upper(line.text):
        return False  # "Kính gửi:" or "BỘ TRƯỞNG BỘ XÂY DỰNG" (the authority of a decision) follows the title
    if line.block == last.block:
        return line.col == last.col
    if line.gap or _BODY_START.match(line.text):
        return False
    if last.text.endswith((".", ":", ";")) or line.align == "justify":
        return False
    if any(t.align == "center" for t in title) and line.align not in ("center",):
        return False
    if all(is_upper(t.text) for t in title) and not is_upper(line.text):
        return False
    return True


_AUTHORITY = re.compile(r"^(?:chu tich|bo truong|thu tuong|giam doc|truong ban|chanh an|vien truong)\b")


def _skip_authority(lines: list[Line], k: int, facts: _Facts) -> int:
    """Skip "CHÍNH PHỦ" / "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" written above the preamble of a decision."""
    if k >= len(lines) or not is_upper(lines[k].text) or len(lines[k].text) > 80:
        return k
    text = fold(lines[k].text)
    pieces = fold(" ".join(facts.pieces))
    if text and (text in pieces or text.startswith(("chu tich", "bo truong", "thu tuong", "giam doc"))):
        return k + 1
    return k


def _kinh_gui(text: str) -> int | None:
    """The length of a "Kính gửi:" prefix of ``text``; None when it has none."""
    m = _KINH_GUI.match(fold_same_length(text))
    return m.end() if m else None


def _addressees(lines: list[Line], k: int) -> tuple[list[str], int]:
    first = lines[k]
    parts = [first.text[_kinh_gui(first.text) or 0 :]]
    last_block = first.block
    j = k + 1
    while j < len(lines):
        line = lines[j]
        same = line.block == first.block
        dash = line.text[:1] in "-–•+"
        joined = " ".join(parts).strip()
        cont = bool(joined) and (line.text[:1].islower() or not joined.endswith((";", ".", ",")))
        lone = not joined and len(line.text) < 150
        if not (same or dash or cont or lone) or (not same and _BODY_START.match(line.text)):
            break
        parts.append(line.text)
        last_block = line.block
        j += 1
    return split_items("\n".join(parts)), last_block + 1
