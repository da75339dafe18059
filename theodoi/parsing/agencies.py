"""Agency names in plans: expand abbreviations, split agency lists, resolve names, find mentions.

All functions are pure; the gazetteer (``theodoi/data/agencies.toml``, ``provinces.toml``,
``abbreviations.toml``) is loaded once and results are cached. Names follow LABELING.md: written in
full, abbreviations expanded, the document's wording kept otherwise; groups stay groups, in lower case.

>>> split_agencies("Công an tỉnh, UBND các xã, phường")
['Công an tỉnh', 'Ủy ban nhân dân các xã, phường']
>>> >>> resolve("Sở KH&ĐT", on=date(2025, 6, 1)).successor
'so-tai-chinh'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from theodoi.parsing.agency_names import expand, fold_in_place, gazetteer, parse_group, parse_group_nouns
from theodoi.parsing.agency_resolve import (
    AgencyMatch,
    expand_abbreviations,
    looks_like_agency,
    normalise_group,
    resolve,
    resolve_text,
)
from theodoi.parsing.agency_spans import Tokens, head_spans, span_finder
from theodoi.text import clean

__all__ = [
    "AgencyMatch", "expand_abbreviations", "find_agencies", "leading_agencies", "looks_like_agency", "resolve",
    "split_agencies",
]

# --- Splitting a list of agencies ----------------------------------------------------------------------------
_SEP_RE = re.compile(r"\s*(?:[;\n]|,(?!\d))\s*(?:(?:và|cùng với|cùng|với)\s+)?|\s+(?:cùng với|và|cùng|với)\s+")
_PAREN_RE = re.compile(r"\([^()]*\)")
_FRAME_RE = re.compile(
    r"(?i)^(?:[-+•*]\s*)*(?:(?:phối hợp(?: chặt chẽ)?|cùng|chủ trì,?|giao|đề nghị|yêu cầu)\s+)?(?:với\s+)?"
)
_DISTRIBUTIVE_RE = re.compile(r"(?i)^(?:các|những)\s+(bộ|sở)\s*:?\s+")
_APPOSITION_RE = re.compile(r"\s+[-–—]\s+(?=(?:đơn vị|cơ quan|là|gồm|với|thuộc|trực thuộc)\b).*$")
_GROUP_HEAD_RE = re.compile(r"(?:[\s,;]+|và\s+|với\s+)+")
_GROUP_TAIL_RE = re.compile(
    r"(?<![,;])\s+(?:trong phạm vi|theo chức năng|căn cứ|chủ trì|phối hợp|tham mưu|thực hiện|triển khai|chỉ đạo"
    r"|hướng dẫn|báo cáo|chủ động|tuân thủ|quan tâm|trực tiếp|khẩn trương|tiếp tục|tăng cường|đẩy mạnh|nghiên cứu"
    r"|rà soát)\b.*$",
    re.S,
)
_ASSIGNED_RE = re.compile(r"(?i)^theo phân công tại\s+")
_MEMBERS_RE = re.compile(r"\s*(?::|\s(?:như|gồm|bao gồm)\b\s*:?)\s*")
_SPLIT_TITLES = (
    "Phó Giám đốc", "Tổng Giám đốc", "Giám đốc", "Thủ trưởng", "Phó Chủ tịch", "Chủ tịch", "Lãnh đạo",
    "Người đứng đầu", "Bộ trưởng", "Chánh án", "Chánh", "Viện trưởng", "Cục trưởng", "Chi cục trưởng", "Vụ trưởng",
)
_TITLE_RE = re.compile(r"(?i)^(" + "|".join(map(re.escape, _SPLIT_TITLES)) + r")\s+")
_QUANTIFIED_RE = re.compile(r"(?i)^(?:các|những)\s+")
_BARE_GROUP_RE = re.compile(r"(?i)^(?!ủy ban nhân dân|hội đồng nhân dân|chủ tịch)")
_UNIT_RE = re.compile(r"(?i)^(?:tỉnh|thành phố|tp\.?)\s")
_RANKS = {"phòng": 1, "đội": 1, "tổ": 1, "khoa": 1, "vụ": 2, "cục": 2, "chi cục": 2, "trung tâm": 2, "văn phòng": 2,
          "tổng cục": 3, "bộ": 4, "sở": 4, "công an": 4, "ủy ban": 4}
_RANK_RE = re.compile(r"(?i)^(phòng|đội|tổ|khoa|vụ|chi cục|tổng cục|cục|trung tâm|văn phòng|bộ|sở|công an|ủy ban)\b")
_CORE_NOUNS = {"sở", "ban", "ngành", "bộ", "cơ quan", "đơn vị", "địa phương", "đoàn thể", "doanh nghiệp"}
_PRESS = {"báo chí", "cơ quan báo chí", "cơ quan thông tấn", "thông tấn"}
_LOCAL = {"xã", "phường", "đặc khu", "thị trấn", "huyện", "thị xã", "quận", "thành phố", "tỉnh"}


@dataclass(slots=True)
class _Item:
    text: str
    group: bool = False
    quantified: bool = False  # starts with "các"
    family: str = ""  # "press" | "local" | "state" for groups
    open: bool = False  # a group whose last part is a bare noun: later bare nouns continue it
    titled: bool = False  # written after a title ("Giám đốc các sở")


def split_agencies(text: str) -> list[str]:
    """Split an agency clause into agencies, abbreviations expanded and groups normalised.

    "các cơ quan báo chí, các sở, ngành địa phương" → ["các cơ quan báo chí", "các sở, ngành, địa phương"].
    """
    return list(_split(text))


@lru_cache(maxsize=8192)
def _split(text: str) -> tuple[str, ...]:
    t = _ASSIGNED_RE.sub("các cơ quan, đơn vị được phân công tại ", _FRAME_RE.sub("", _prepare(text)))
    members = _distribute(t) or _members(t)
    if members is not None:
        return members
    items: list[_Item] = []
    for sep, piece in _pieces(_APPOSITION_RE.sub("", t)):
        _add_piece(items, sep, piece)
    out = (normalise_group(_GROUP_TAIL_RE.sub("", i.text)) if i.group else i.text for i in items)
    return tuple(dict.fromkeys(o.strip(" ,;.:") for o in out if o.strip(" ,;.:")))


def _prepare(text: str) -> str:
    lines = (re.sub(r"^\s*[-+•*]\s*", "", line) for line in clean(text).split("\n"))
    return expand_abbreviations("\n".join(lines)).strip(" .;,:")


def _members(t: str) -> tuple[str, ...] | None:
    """"các sở quản lý chuyên ngành: Sở Xây dựng, Sở Công Thương" → the members after the group."""
    m = _MEMBERS_RE.search(_PAREN_RE.sub(lambda p: "_" * len(p.group()), t))
    if not m or not t[m.end() :].strip():
        return None
    head = resolve_text(t[: m.start()])
    if head.kind != "group":
        return None
    tail = _split(t[m.end() :])
    return tail if tail and all(looks_like_agency(x) for x in tail) else None


def _distribute(t: str) -> tuple[str, ...] | None:
    """"các Bộ: Tài chính, Kế hoạch và Đầu tư, Công Thương" → "Bộ Tài chính", "Bộ Kế hoạch và Đầu tư", ..."""
    m = _DISTRIBUTIVE_RE.match(t)
    if m is None or not t[m.end() : m.end() + 1].isupper():
        return None
    head, names = m.group(1).capitalize(), []
    for piece in re.split(r"\s*[,;]\s*", t[m.end() :]):
        whole = resolve_text(f"{head} {piece}")
        halves = [resolve_text(f"{head} {half}") for half in re.split(r"\s+và\s+", piece)]
        if whole.known and whole.confidence >= 0.85 and whole.kind != "group":
            names.append(whole.name)
        elif len(halves) > 1 and all(h.known and h.confidence >= 0.85 and h.kind != "group" for h in halves):
            names += [h.name for h in halves]
        else:
            return None
    return tuple(names)


def _pieces(t: str) -> list[tuple[str, str]]:
    """(separator before, piece): separators inside listed names or parentheses do not count."""
    folded = fold_in_place(t)
    known = span_finder().known_spans(folded)
    protected = known + [m.span() for m in _PAREN_RE.finditer(t)]
    cuts = [m.span() for m in _SEP_RE.finditer(t) if not any(s < m.end() and m.start() < e for s, e in protected)]
    for (_, a_end), (b_start, _) in zip(known, known[1:], strict=False):
        if not t[a_end:b_start].strip() and not any(a_end <= s < b_start for s, _ in cuts):
            cuts.append((a_end, b_start))  # two listed names with no separator between them
    pieces, last, sep = [], 0, ""
    for start, end in sorted(cuts):
        pieces.append((sep, t[last:start].strip()))
        sep, last = t[start:end], end
    pieces.append((sep, t[last:].strip()))
    return [(s, p) for s, p in pieces if p]


def _join(sep: str) -> str:
    s = " ".join(sep.split())
    if not s:
        return ", "
    return s + " " if s[0] in ",;" else f" {s} "


def _describe(body: str, titled: bool) -> _Item:
    if resolve_text(body).kind != "group":
        return _Item(body, titled=titled)
    parts = parse_group(body, gazetteer()) or []
    nouns = {n for n, _ in parts if n}
    family = "press" if nouns and nouns <= _PRESS else "local" if nouns & _LOCAL else "state"
    return _Item(
        body, group=True, quantified=bool(_QUANTIFIED_RE.match(body)), family=family,
        open=bool(parts) and parts[-1][0] is not None and not parts[-1][1], titled=titled,
    )


def _add_piece(items: list[_Item], sep: str, piece: str) -> None:
    """Add a piece to the agencies read so far: a new agency, the continuation of a group
    ("các sở" + "ngành"), or wording that belongs to the previous agency."""
    title = _TITLE_RE.match(piece)
    titled = title is not None and looks_like_agency(piece[title.end() :])
    body = piece[title.end() :] if title is not None and titled else piece
    item, prev = _describe(body, titled), (items[-1] if items else None)
    if prev is None:
        items.append(item)
    elif prev.group and item.group and _continues(prev, item):
        joiner = " và " if "và" in sep.split() and not item.quantified else ", "
        prev.text += joiner + _QUANTIFIED_RE.sub("", body)
        prev.open = item.open
    elif _qualifies(prev, piece) or _chained(prev, item):
        prev.text += _join(sep) + piece
        prev.open = False
    elif item.group and not item.quantified and prev.group and prev.quantified and _BARE_GROUP_RE.match(body):
        item.text, item.quantified = f"các {body}", True  # "các cơ quan báo chí, Sở, ngành" → "các sở, ngành"
        items.append(item)
    elif item.quantified or looks_like_agency(body) or _bare_group_start(item, body):
        items.append(item)
    else:  # not an agency: wording of the previous name ("Sở Văn hóa, Thể thao và Du lịch")
        prev.text += _join(sep) + piece
        prev.open = False


def _bare_group_start(item: _Item, body: str) -> bool:
    """A group written without "các" after a name: "Bộ Tài chính, bộ, ngành liên quan"."""
    nouns = parse_group_nouns(body, gazetteer()) or [""]
    return item.group and nouns[0] in _CORE_NOUNS and (body[:1].islower() or " " not in body)


def _qualifies(prev: _Item, piece: str) -> bool:
    """A bare province name after a name ending with one: "các địa phương Bắc Ninh, Bình Dương"."""
    if resolve_text(piece).kind != "province" or _UNIT_RE.match(piece):
        return False
    found = gazetteer().province_suffix(prev.text)
    return found is not None and found[0] == found[1]


def _chained(prev: _Item, item: _Item) -> bool:
    """A unit followed by its parents: "Phòng 5, Cục Cảnh sát điều tra ..., Bộ Công an"."""
    if item.group or prev.group:
        return False
    ranks = [_rank(part) for part in prev.text.split(", ")]
    return ranks[0] == 1 and _rank(item.text) > ranks[-1]


def _rank(name: str) -> int:
    m = _RANK_RE.match(name)
    return _RANKS[m.group(1).lower()] if m else 9


def _continues(prev: _Item, item: _Item) -> bool:
    if item.family != prev.family or not _BARE_GROUP_RE.match(item.text):
        return False
    if not item.quantified:
        return prev.open
    return item.titled and prev.titled  # "Giám đốc các sở, Thủ trưởng các cơ quan" → "các sở, cơ quan"


# --- Agency labels ------------------------------------------------------------------------------------------
_COLON_RE = re.compile(r":(?!\d)(?!//)")
_ENUM_RE = re.compile(r"^\s*(?:(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])\s*[.)]\s*|[-+•*]\s*)+")
_LABEL_FRAME_RE = re.compile(r"(?i)^(?:đề nghị|giao|đối với|riêng|yêu cầu)\s+")
_LABEL_TAIL_RE = re.compile(
    r"(?i)\s*(?:\((?:chủ trì|cơ quan chủ trì|thường trực)\)|\s(?:chỉ đạo|có trách nhiệm|thực hiện|chủ động)\b.*)$"
)
_NOT_LEAD_RE = re.compile(r"(?i)^(?:phối hợp|chủ trì|cùng|căn cứ)\b")


def leading_agencies(text: str) -> tuple[list[str], str] | None:
    """The agencies of a leading "X, Y: ..." label and the text after the colon, or None.

    "Sở Tài chính, Sở Nội vụ: Phấn đấu ..." → (["Sở Tài chính", "Sở Nội vụ"], "Phấn đấu ...");
    "Mục tiêu: ..." → None. A "Phối hợp với X:" label is not a lead label (None).
    """
    found = _leading(text)
    return (list(found[0]), found[1]) if found else None


@lru_cache(maxsize=8192)
def _leading(text: str) -> tuple[tuple[str, ...], str] | None:
    t = clean(text)
    masked = _PAREN_RE.sub(lambda p: "_" * len(p.group()), t)
    colon = _COLON_RE.search(masked)
    if colon is None or colon.start() > 300:
        return None
    label = _LABEL_TAIL_RE.sub("", _LABEL_FRAME_RE.sub("", _ENUM_RE.sub("", t[: colon.start()]))).strip()
    if not label or _NOT_LEAD_RE.match(label):
        return None
    parts = _split(label)
    if parts and all(looks_like_agency(p) for p in parts):
        return parts, t[colon.end() :].strip()
    return None


# --- Mentions in running text ---------------------------------------------------------------------------------
def find_agencies(text: str) -> list[tuple[int, int, str]]:
    """Agency mentions in running text: (start, end, resolved name), positions in ``text`` (NFC).

    Finds listed names (with a following province), named units ("UBND xã Đạ Huoai") and group
    references ("các sở, ban, ngành"); overlapping finds keep the longest.
    """
    return list(_find(text))


def _leftmost_longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return chosen


_GROUP_HEAD_RE = re.compile(r"(?:[\s,;]+|và\s+|với\s+)+")
_SPAN_TAIL_RE = re.compile(r"(?:[\s,;]+|\s+và\s*|\s+với\s*)+$")


def _trim_group(text: str, span: tuple[int, int], named: list[tuple[int, int]]) -> tuple[int, int] | None:
    start, end = span
    for n_start, n_end in named:
        if n_start >= start and n_end <= end:
            continue  # a listed group inside a longer group reference ("các bộ, ngành" + "liên quan")
        if start < n_start < end and n_end > end - 1:
            end = n_start
        elif n_start <= start < n_end:
            # the group began inside a name: what follows the name may still be a group
            lead = _GROUP_HEAD_RE.match(text, n_end, end)
            start = lead.end() if lead else n_end
            if not text[start:end].lower().startswith("các "):
                return None
    cut = _SPAN_TAIL_RE.search(text, start, end)
    if cut:
        end = cut.start()
    return (start, end) if end > start else None


@lru_cache(maxsize=4096)
def _find(text: str) -> tuple[tuple[int, int, str], ...]:
    expansion = expand(text)
    folded = fold_in_place(expansion.text)
    finder, tokens = span_finder(), Tokens(folded)
    named = finder.known_spans(folded, tokens) + finder.pattern_spans(tokens, expansion.text)
    starts = {start for start, _ in named}
    # An unlisted name guessed from its head word never overrides a listed name at the same place
    # ("Sở Nội vụ xây dựng ..." is "Sở Nội vụ" followed by a verb).
    named += [span for span in head_spans(expansion.text) if span[0] not in starts]
    named_chosen = _leftmost_longest(named)
    # A group ("các bộ, ngành") stops where a name begins ("... và Ủy ban nhân dân các tỉnh").
    groups = [_trim_group(expansion.text, span, named_chosen) for span in finder.group_spans(tokens, expansion.text)]
    kept = [g for g in groups if g is not None]
    named_chosen = [n for n in named_chosen if not any(g[0] <= n[0] and n[1] <= g[1] for g in kept)]
    chosen = _leftmost_longest(named_chosen + kept)
    return tuple(
        (expansion.to_original(s), expansion.to_original(e, end=True), resolve(expansion.text[s:e]).name)
        for s, e in chosen
    )
