"""Resolving agency names against the gazetteer (used through :mod:`theodoi.parsing.agencies`).

A name (abbreviations expanded) is tried, in order, as: a listed name or alias; a provincial body
with its province ("Công an tỉnh Lào Cai"); a named unit pattern ("Ủy ban nhân dân xã Đạ Huoai"); a
known body with a note in parentheses; a title or sub-body of a known body ("Lãnh đạo Sở Y tế", "Tổ
đảng ở Thường trực Ủy ban Kinh tế"); a unit with its parent ("Phòng 5, Cục ..., Bộ Công an"); a known
body with a qualifier ("... của Quốc hội", "... có liên quan"); a listed name followed by more words
("Nhà đầu tư Dự án ...", lower confidence); a group reference ("các sở, ngành, đoàn thể"). Anything
else is unknown, with a confidence of 0.4 when it still starts like an agency and 0.1 otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from theodoi.parsing.agency_names import (
    Entity,
    Gazetteer,
    expand,
    fold_in_place,
    fold_key,
    gazetteer,
    group_members,
    match_key,
    parse_group,
)
from theodoi.parsing.agency_spans import span_finder
from theodoi.text import clean, fold


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    """A name resolved against the gazetteer."""

    name: str  # full display name, as the document would say it
    id: str | None  # gazetteer id ("so-tai-chinh"), a derived id ("group:so+nganh"), None when unknown
    kind: str | None  # department, ministry, locality, group, ... (guessed from the head word when unknown)
    known: bool
    confidence: float
    successor: str | None = None  # id of the body that took over, when `on` is on or after valid_to
    level: str | None = None  # central | province | region | district | commune | any
    province: str | None = None  # province id, from the name or from the `province` argument
    members: tuple[str, ...] = ()  # for groups: the kinds the group stands for


def expand_abbreviations(text: str) -> str:
    """Expand abbreviations ("BQL các KCN tỉnh" → "Ban Quản lý các khu công nghiệp tỉnh"); idempotent."""
    return _expanded(text)


@lru_cache(maxsize=16384)
def _expanded(text: str) -> str:
    return expand(text).text


# --- Resolution -----------------------------------------------------------------------------------------
_TITLES = (
    "Tổ trưởng", "Phó Giám đốc", "Tổng Giám đốc", "Giám đốc", "Thủ trưởng", "Phó Chủ tịch", "Chủ tịch",
    "Lãnh đạo", "Người đứng đầu", "Bộ trưởng", "Thứ trưởng", "Chánh án", "Chánh", "Viện trưởng", "Cục trưởng",
    "Chi cục trưởng", "Vụ trưởng", "Trưởng ban", "Trưởng", "Phó Trưởng", "Chủ nhiệm", "Bí thư", "Tư lệnh",
    "Chỉ huy trưởng", "Tổng Biên tập", "các thành viên", "Thành viên",
)
_SUB_BODIES = (
    "Tổ đảng ở Thường trực", "Tổ đảng ở", "Đảng ủy cơ quan", "Đảng ủy", "Đảng đoàn", "Ban cán sự đảng", "Chi bộ",
    "Thường trực", "Ban Thường vụ", "Văn phòng", "Thanh tra", "Công đoàn", "Cơ quan thường trực",
)
_PARTY_WORDS = ("đảng", "Đảng", "Chi bộ")
_PREFIXES = tuple((fold_key(p) + " ", len(p.split()), p) for p in (*_SUB_BODIES, *_TITLES))
_PREFIX_STARTS = tuple(start for start, _, _ in _PREFIXES)
_UNIT_HEADS = ("phong", "vu", "cuc", "chi cuc", "trung tam", "van phong", "doi", "to", "ban", "vien", "truong", "khoa")
_SUFFIX_RE = re.compile(
    r"^(?P<base>.+?)\s+(?:(?:có\s+)?liên\s+quan(?:\s+khác)?|(?:của|thuộc|trực thuộc|tại|trên địa bàn|đóng trên địa"
    r" bàn|ở|là)\s+.+)$"
)
_GROUP_START_RE = re.compile(r"(?i)^(?:các|những|một số|ủy ban nhân dân các|ủy ban nhân dân cấp)\s")
_PAREN_TAIL_RE = re.compile(r"^(.*?\S)\s*(\([^()]*\))$")
_GUESS = (
    ("so ", "department"), ("bo ", "ministry"), ("cuc ", "central-unit"), ("tong cuc ", "central-unit"),
    ("vu ", "central-unit"), ("uy ban nhan dan ", "locality"), ("cong an ", "police-army"), ("bao ", "press"),
    ("dai ", "press"), ("tap chi ", "press"), ("hoi ", "people-org"), ("hiep hoi ", "people-org"),
    ("lien doan ", "people-org"), ("cong ty ", "enterprise"), ("tap doan ", "enterprise"),
    ("tong cong ty ", "enterprise"), ("ngan hang ", "enterprise"), ("nha dau tu", "enterprise"),
    ("trung tam ", "public-service"), ("truong ", "public-service"), ("vien ", "public-service"),
    ("benh vien ", "public-service"), ("dang uy ", "party"), ("chi bo ", "party"), ("ban ", "province-body"),
)


@dataclass(frozen=True, slots=True)
class _Found:
    entity: Entity
    display: str
    confidence: float
    province: str | None = None
    id: str | None = None
    kind: str | None = None


def _by_alias(text: str, gaz: Gazetteer) -> _Found | None:
    hit = gaz.lookup(text)
    return _Found(hit.entity, hit.display, 1.0 if hit.exact else 0.9) if hit else None


def _by_province(text: str, gaz: Gazetteer) -> _Found | None:
    """A provincial body qualified by its province: "Công an tỉnh Lào Cai", "Sở Tài chính tỉnh Bắc Giang"."""
    found = gaz.province_suffix(text)
    base = text[: found[0]].rstrip(" ,-–") if found else ""
    if not found or not base:
        return None
    unit_at, place_at, province = found
    candidates: list[tuple[str, str | None]] = []
    if unit_at < place_at:
        candidates.append((f"{base} {text[unit_at:place_at].strip()}", text[place_at:]))
    candidates += [(base, text[unit_at:]), (f"{base} tỉnh", None)]
    for candidate, tail in candidates:
        hit = gaz.lookup(candidate)
        if hit and hit.entity.kind != "province":
            display = f"{hit.display} {tail.strip()}" if tail else text
            return _Found(hit.entity, display, 0.95 if hit.exact else 0.85, province=province.id)
    return None


def _by_pattern(text: str, gaz: Gazetteer) -> _Found | None:
    """A named unit: "Ủy ban nhân dân xã Đạ Huoai", "Ngân hàng Nhà nước khu vực X"."""
    folded = fold_key(text)
    for prefix, entity in gaz.patterns:
        if not folded.startswith(prefix + " "):
            continue
        rest = folded[len(prefix) + 1 :]
        first = text.split()[len(prefix.split()) :][:1]
        if entity.rest == "number" and re.fullmatch(r"\d+|[ivxlc]+", rest):
            return _Found(entity, text, 0.95)
        if entity.rest == "name" and first and (first[0][:1].isupper() or first[0][:1].isdigit()):
            return _Found(entity, text, 0.95 if len(rest.split()) <= 6 else 0.7)
        if entity.rest == "any":
            return _Found(entity, text, 0.8)
    for prefix, entity in gaz.patterns:
        if folded == prefix and entity.rest == "any":
            return _Found(entity, text, 0.8)
    return None


def _by_prefix(text: str, gaz: Gazetteer, depth: int) -> _Found | None:
    """A title or a sub-body of a known body: "Lãnh đạo Sở Y tế", "Tổ đảng ở Thường trực Ủy ban Kinh tế"."""
    folded = fold_key(text) + " "
    if not folded.startswith(_PREFIX_STARTS):
        return None
    for start, words, prefix in _PREFIXES:
        if not folded.startswith(start):
            continue
        found = _find(" ".join(text.split()[words:]), gaz, depth + 1)
        if found is None:
            continue
        if prefix in _TITLES:
            return replace(found, display=text, confidence=found.confidence * 0.9)
        kind = "party" if any(w in prefix for w in _PARTY_WORDS) else found.kind or found.entity.kind
        derived = f"{found.id or found.entity.id}#{fold_key(prefix).replace(' ', '-')}"
        return replace(found, display=text, confidence=found.confidence * 0.85, id=derived, kind=kind)
    return None


def _by_chain(text: str, gaz: Gazetteer, depth: int) -> _Found | None:
    """A unit followed by its parent: "Phòng 5, Cục Cảnh sát điều tra tội phạm về ma túy, Bộ Công an"."""
    unit, _, parent = text.partition(",")
    if not parent or not any(fold_key(unit).startswith(h + " ") for h in _UNIT_HEADS):
        return None
    own = _find(unit.strip(), gaz, depth + 1)
    if own is not None and own.confidence > 0 and own.entity.kind != "group":
        return replace(own, display=text, confidence=own.confidence * 0.9)  # "Cục X, Bộ Y": Cục X
    found = _find(parent.strip(), gaz, depth + 1)
    if found is None or found.entity.kind == "group":
        return None
    derived = f"{found.id or found.entity.id}/{fold_key(unit).replace(' ', '-')}"
    return replace(found, display=text, confidence=found.confidence * 0.85, id=derived)


def _by_paren(text: str, gaz: Gazetteer, depth: int) -> _Found | None:
    """A known body with a note in parentheses: "Văn phòng UBND tỉnh (Trung tâm Thông tin)"."""
    m = _PAREN_TAIL_RE.match(text)
    found = _find(m.group(1), gaz, depth + 1) if m else None
    if m is None or found is None or found.confidence == 0:
        return None
    return replace(found, display=f"{found.display} {m.group(2)}", confidence=found.confidence * 0.95)


def _by_suffix(text: str, gaz: Gazetteer, depth: int) -> _Found | None:
    """A known body with a qualifier: "Ủy ban Pháp luật của Quốc hội", "các sở, ngành liên quan"."""
    m = _SUFFIX_RE.match(text)
    found = _find(m.group("base"), gaz, depth + 1) if m else None
    if found is None or found.confidence == 0:
        return None
    display = normalise_group(text) if found.entity.kind == "group" else text
    return replace(found, display=display, confidence=found.confidence * 0.9)


def _by_leading_name(text: str, gaz: Gazetteer) -> _Found | None:
    """A listed name followed by more wording: "Nhà đầu tư Dự án cao tốc Tân Phú - Bảo Lộc"."""
    spans = span_finder().known_spans(fold_in_place(text))
    if not spans or spans[0][0] != 0 or spans[0][1] >= len(text) or text[spans[0][1]] not in " ,":
        return None
    hit = gaz.lookup(text[: spans[0][1]])
    if hit is None or hit.entity.kind in ("province", "group"):
        return None
    return _Found(hit.entity, text, 0.6)


def _by_group(text: str, gaz: Gazetteer) -> _Found | None:
    """A group reference, listed or not: "các sở, ban, ngành, đoàn thể tỉnh"."""
    parts = parse_group(text, gaz) if not _proper_head(text) else None
    if not parts:
        return None
    nouns = list(dict.fromkeys(n for n, _ in parts if n))
    confidence = 0.85 if _group_like(text, parts, nouns) else 0.0
    entity = gaz.group_entity(text, nouns)
    if entity is not None:
        return _Found(entity, normalise_group(text), confidence)
    synthetic = Entity(
        id="group:" + "+".join(fold_key(n).replace(" ", "-") for n in nouns), name=normalise_group(text),
        kind="group", level="any", members=group_members(nouns, gaz),
    )
    return _Found(synthetic, synthetic.name, confidence * 0.9)


_STANDALONE_NOUNS = {"địa phương", "doanh nghiệp", "nhà đầu tư", "chủ đầu tư", "chính quyền địa phương", "cơ quan",
                     "đơn vị", "lực lượng", "cấp ủy", "đơn vị sự nghiệp", "cơ quan báo chí", "chính quyền"}
_RELATIONAL_RE = re.compile(
    r"^(?:(?:có )?liên quan|được|chức năng|chuyên trách|(?:trực )?thuộc|trên địa bàn|cấp (?:tỉnh|xã|huyện|trên)"
    r"|(?:của )?tỉnh$|địa phương|(?:co )?lien quan|duoc|chuc nang|chuyen trach|(?:truc )?thuoc|tren dia ban"
    r"|cap (?:tinh|xa|huyen|tren)|dia phuong)\b"
)
_NOT_QUALIFIER_RE = re.compile(
    r"^(?:tính|thực hiện|triển khai|chủ trì|phối hợp|này|đó|khác|thuc hien|trien khai|chu tri|phoi hop)\b"
)


def _group_like(text: str, parts: list[tuple[str | None, str]], nouns: list[str]) -> bool:
    """Whether a group reference is really one: "các ..." or several nouns, or a noun that stands alone
    ("địa phương", "cơ quan liên quan"); not "Tổ chức thực hiện", "Đơn vị tính", "bộ luật"."""
    if re.match(r"(?i)^(các|những|một số|tất cả|toàn bộ|ủy ban nhân dân|hội đồng nhân dân)\b", text) or len(nouns) > 1:
        return True
    noun, qualifier = parts[0]
    if _RELATIONAL_RE.match(qualifier):
        return True
    return noun in _STANDALONE_NOUNS and not _NOT_QUALIFIER_RE.match(qualifier)


def _find(text: str, gaz: Gazetteer, depth: int = 0) -> _Found | None:
    if fold_key(text).partition(" ")[0] not in _first_words(gaz):
        return None
    found = _by_alias(text, gaz) or _by_province(text, gaz) or _by_pattern(text, gaz)
    if found is None and depth < 3:
        found = (_by_paren(text, gaz, depth) or _by_prefix(text, gaz, depth) or _by_chain(text, gaz, depth)
                 or _by_suffix(text, gaz, depth))
    if found is None and not _GROUP_START_RE.match(text):
        found = _by_leading_name(text, gaz)
    return found or _by_group(text, gaz)


@lru_cache(maxsize=1)
def _first_words(gaz: Gazetteer) -> frozenset[str]:
    """Every word a resolvable name can start with: anything else is rejected at once."""
    phrases = [fold_key(n) for n in gaz.names] + [p for p, _ in gaz.patterns] + [f for f, _, _ in gaz.nouns]
    phrases += list(gaz.provinces) + [p for p, _, _ in _PREFIXES] + ["cac", "nhung", "mot", "tat", "toan", "moi"]
    phrases += list(_UNIT_HEADS)
    phrases += [fold_key(k) for k in gaz.exact]  # abbreviations and short forms ("STC", "C04")
    return frozenset(p.split()[0] for p in phrases if p.strip())


_EDGE_RE = re.compile(r"^[\s\-–—+•*.,;:]+|[\s\-–—+•*.,;:]+$")


def _clean_name(text: str) -> str:
    return _EDGE_RE.sub("", expand_abbreviations(" ".join(clean(text).split())))


@lru_cache(maxsize=16384)
def resolve_text(name: str) -> AgencyMatch:
    """Resolve without date or province context (cached)."""
    text = _clean_name(name)
    found = _find(text, gazetteer()) if text else None
    if found is not None and found.confidence == 0:  # a group noun that does not name agencies here
        return AgencyMatch(found.display, found.id or found.entity.id, "group", False, 0.2, members=found.entity.members)
    if found is None:
        kind = _guess_kind(text)
        return AgencyMatch(text, None, kind, False, 0.4 if kind or _has_agency_head(text) else 0.1)
    entity = found.entity
    return AgencyMatch(
        found.display, found.id or entity.id, found.kind or entity.kind, True, round(found.confidence, 3),
        level=entity.level, province=found.province, members=entity.members,
    )


def _guess_kind(text: str) -> str | None:
    folded = fold_key(text) + " "
    if re.match(r"^(?:Ông|Bà|Đồng chí)\s+[^\W\d_]", text):
        return "person"
    return next((kind for head, kind in _GUESS if folded.startswith(head)), None) if _has_agency_head(text) else None


def resolve(name: str, *, on: date | None = None, province: str | None = None) -> AgencyMatch:
    """Resolve an agency name. ``on``: the document's date (gives ``successor`` for merged bodies);
    ``province``: the document's province (name or id), recorded on provincial bodies."""
    match = resolve_text(name)
    if on is None and province is None:
        return match
    gaz = gazetteer()
    entity = gaz.entities.get(match.id or "")
    changes: dict[str, object] = {}
    if on is not None and entity is not None:
        changes["successor"] = _successor(entity, on, gaz)
        if entity.valid_from and on < entity.valid_from:
            changes["confidence"] = round(match.confidence * 0.8, 3)
    if province and match.province is None and match.level == "province" and match.kind != "province":
        target = gaz.entities.get(province) or gaz.provinces.get(fold_key(re.sub(r"^(tỉnh|thành phố)\s+", "", province)))
        changes["province"] = target.id if target else None
    return replace(match, **changes) if changes else match  # type: ignore[arg-type]


def _successor(entity: Entity, on: date, gaz: Gazetteer) -> str | None:
    result: str | None = None
    current: Entity | None = entity
    for _ in range(5):
        if current is None or current.valid_to is None or on < current.valid_to or not current.successor:
            break
        result = current.successor
        current = gaz.entities.get(result)
    return result


# --- Heuristics -------------------------------------------------------------------------------------------
_HEADS = tuple((match_key(h) + " ", len(h.split())) for h in (
    "Sở", "Bộ", "Ban", "Cục", "Tổng cục", "Chi cục", "Vụ", "Viện", "Ủy ban", "Hội đồng", "Văn phòng", "Trung tâm",
    "Hội", "Hiệp hội", "Liên hiệp", "Liên đoàn", "Liên minh", "Đài", "Báo", "Tạp chí", "Trường", "Học viện",
    "Đại học", "Bệnh viện", "Công ty", "Tổng công ty", "Tập đoàn", "Ngân hàng", "Kho bạc", "Bảo hiểm", "Quỹ",
    "Tòa án", "Viện kiểm sát", "Phòng", "Đội", "Tổ", "Đoàn", "Chi bộ", "Cảng vụ", "Hợp tác xã", "Vườn quốc gia",
    "Thông tấn xã", "Cổng", "Bộ Tư lệnh", "Bộ Chỉ huy", "Quân khu", "Cơ quan", "Chi nhánh", "Lực lượng",
))
_HEAD_STARTS = tuple(start for start, _ in _HEADS)
_FREE_HEADS = tuple(match_key(h) + " " for h in (
    "Công an", "Ủy ban nhân dân", "Hội đồng nhân dân", "Thanh tra", "Nhà đầu tư", "Chủ đầu tư", "Tỉnh ủy",
    "Thành ủy", "Đảng ủy", "Đảng đoàn", "Thuế", "Thống kê", "Hải quan", "Kiểm toán",
))


def _has_agency_head(text: str) -> bool:
    """Starts like an agency: a head word followed by a capitalised word, or a head needing none."""
    if not text or text.isupper():
        return False
    if (match_key(text) + " ").startswith(_FREE_HEADS) and text[:1].isupper():
        return True
    return _proper_head(text)


def _proper_head(text: str) -> bool:
    """A capitalised head word followed by a capitalised word or a number: "Sở Nội vụ", "Phòng 5"."""
    if not text[:1].isupper():
        return False
    folded = match_key(text) + " "
    if not folded.startswith(_HEAD_STARTS):
        return False
    words = text.split()
    for start, n in _HEADS:
        if folded.startswith(start) and len(words) > n and (words[n][:1].isupper() or words[n][:1].isdigit()):
            return True
    return False


@lru_cache(maxsize=16384)
def looks_like_agency(text: str) -> bool:
    """True when ``text`` names an agency or a group of agencies, known or not."""
    cleaned = _clean_name(text)
    return bool(cleaned) and (resolve_text(cleaned).known or _has_agency_head(cleaned))


# --- Groups: display form --------------------------------------------------------------------------------
_MISSING_COMMA_RE = re.compile(
    r"\b(sở|ban|ngành|bộ|cơ quan|đơn vị|đoàn thể|địa phương)\s+(?=(?:ban|ngành|địa phương|đơn vị|đoàn thể|doanh nghiệp)\b)"
)


@lru_cache(maxsize=1)
def _noun_case_re() -> tuple[re.Pattern[str], dict[str, str]]:
    nouns = [display for _, display, _ in gazetteer().nouns]
    table = {fold(n): n for n in nouns}
    alternation = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))
    return re.compile(rf"(?i)(^|,\s*|;\s*|\s+và\s+|\bcác\s+|\bnhững\s+)({alternation})(?!\w)"), table


def normalise_group(text: str) -> str:
    """Lower-case generic nouns and restore missing commas: "Các Sở, ngành địa phương" → "các sở, ngành, địa phương"."""
    regex, table = _noun_case_re()
    text = re.sub(r"^(Các|Những|CÁC)\b", lambda m: m.group(1).lower(), text)
    text = regex.sub(lambda m: m.group(1) + table.get(fold(m.group(2)), m.group(2)), text)
    return _MISSING_COMMA_RE.sub(r"\1, ", text)
