"""Issuer names of a header: proper casing of names written in capitals, grouping issuer lines into
bodies (parent, then issuer), the issuer a symbol group stands for, and the issuer's level and province.
The knowledge behind them (abbreviations, proper names, heads of bodies, units, symbols, provinces,
document kinds) is data (``theodoi/data/issuers.toml``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from theodoi.text import fold, fold_same_length, new_tones

__all__ = [
    "Knowledge", "knowledge", "proper_name", "expand_abbreviations", "is_central_city", "real_casing", "split_bodies",
    "issuer_from_symbol", "issuer_level",
]


@dataclass(frozen=True, slots=True)
class Knowledge:
    """The contents of ``theodoi/data/issuers.toml``, indexed and compiled."""

    abbreviations: dict[str, str]
    proper: dict[str, str]
    proper_re: re.Pattern[str]
    heads_re: re.Pattern[str]
    capitalise_next: frozenset[str]
    units: dict[str, str]
    unit_re: re.Pattern[str]
    symbols: dict[str, tuple[str, str]]
    provinces: dict[str, str]  # folded name → name
    cities: frozenset[str]
    split_re: re.Pattern[str]
    kinds: dict[str, str]  # folded kind line → kind
    types: dict[str, str]  # type group of a symbol (as written, and in capitals) → kind


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The issuer knowledge, read once."""
    with resources.files("theodoi").joinpath("data", "issuers.toml").open("rb") as handle:
        data = tomllib.load(handle)
    heads = data["bodies"]["heads"]
    names = data["provinces"]["names"]
    units = data["units"]
    return Knowledge(
        abbreviations=data["abbreviations"],
        proper={k.lower(): v for k, v in data["proper"].items()},
        proper_re=re.compile(rf"(?<!\w)(?:{_alternation(list(data['proper']))})(?!\w)", re.I),
        # folded (OCR: "TỎ" for "TỔ"), but "SỐ 1050/..." (folded like "SỞ") is no head
        heads_re=re.compile(rf"^(?:{_alternation([fold_same_length(h) for h in heads])})(?!\w)(?!\s+\d)"),
        capitalise_next=frozenset(data["bodies"]["capitalise_next"]),
        units=units,
        unit_re=re.compile(rf"(?<!\w)({_alternation(list(units))})\s+(?=\w)"),
        symbols={k.upper(): (v["name"], v["level"]) for k, v in data["symbols"].items()},
        provinces={fold(n): n for n in names},
        cities=frozenset(data["provinces"]["cities"]),
        kinds={fold(k): v for k, v in data["kinds"].items()},
        types={**{k.upper(): v for k, v in data["types"].items()}, **data["types"]},
        split_re=re.compile(
            rf"(?<=\s)(?:TỈNH|THÀNH PHỐ)\s+(?:{_alternation([n.upper() for n in names])})\s+(?=(?:{_alternation(heads)})\s)"
        ),
    )


def _acronym(word: str) -> bool:
    return not any(v in "aeiouy" for v in fold(word)) or any(c.isdigit() or c in "/&" for c in word)


def proper_name(text: str) -> str:
    """Proper case for an issuer written in capitals: "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG" →
    "Ủy ban nhân dân tỉnh Bắc Giang", "BỘ CÔNG AN" → "Bộ Công an", "UBND TỈNH LÀO CAI" expanded."""
    k = knowledge()
    words = " ".join(k.abbreviations.get(t, t) for t in new_tones(text).split()).split()
    out = [w if _acronym(w) and w.isupper() else w.lower() for w in words]
    if not out:
        return ""
    out[0] = out[0][:1].upper() + out[0][1:]
    lead = " ".join(out[:2]).lower()
    skip = 2 if lead in k.capitalise_next else 1 if out[0].lower() in k.capitalise_next else 0
    if skip and len(out) > skip:
        out[skip] = out[skip][:1].upper() + out[skip][1:]
    name = _title_places(" ".join(out), k)
    return k.proper_re.sub(lambda m: k.proper[m.group().lower()], name)


_COMMITTEE_HEAD = re.compile(r"^(?:Tỉnh ủy|Thành ủy|Huyện ủy)\s+")


def _title_places(name: str, k: Knowledge) -> str:
    m = _COMMITTEE_HEAD.match(name) or re.search(rf"(?<!\w)(?:{_alternation(list(k.units))})\s+", name)
    if not m or m.end() >= len(name):
        return name
    words = name[m.end() :].split()
    stop = next((i for i, w in enumerate(words) if w in ("về", "theo", "của", "và", "số")), len(words))
    placed = [w[:1].upper() + w[1:] if not _acronym(w) else w for w in words[:stop]]
    return name[: m.end()] + " ".join(placed + words[stop:])


def expand_abbreviations(text: str) -> str:
    """ "BTV Tỉnh ủy" → "BAN THƯỜNG VỤ Tỉnh ủy": the header abbreviations, word by word."""
    abbreviations = knowledge().abbreviations
    return " ".join(abbreviations.get(t, t) for t in text.split())


def is_central_city(name: str) -> bool:
    """A centrally-run city (Hà Nội, Hồ Chí Minh, Hải Phòng, Đà Nẵng, Cần Thơ, Huế)."""
    return name in knowledge().cities


def real_casing(name: str, text: str) -> str:
    """The name as the document itself writes it in running text (matched without case and marks, so
    the body also mends OCR damage of the header), when it does."""
    if not name or not text:
        return name
    pattern = r"\s+".join(re.escape(w) for w in fold_same_length(name).split())
    for m in re.finditer(rf"(?<!\w){pattern}(?!\w)", fold_same_length(text)):
        found = " ".join(text[m.start() : m.end()].split())
        if found[:1].isupper() and any(c.islower() for c in found):
            return new_tones(found)
    return name


def split_bodies(pieces: list[str]) -> list[str]:
    """Group issuer lines into bodies: ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"] →
    ["ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "SỞ CÔNG THƯƠNG"] (the parent, then the issuer)."""
    k = knowledge()
    bodies: list[str] = []
    for piece in pieces:
        piece = new_tones(piece)
        for part in _split_piece(piece, k):
            complete = bool(bodies) and not re.fullmatch(r"(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)", bodies[-1])
            if bodies and not (k.heads_re.match(fold_same_length(part)) and complete):
                bodies[-1] = f"{bodies[-1]} {part}"
            else:
                bodies.append(part)
    return bodies


def _split_piece(piece: str, k: Knowledge) -> list[str]:
    """ "UBND TỈNH LÀO CAI SỞ CÔNG THƯƠNG" (two bodies on one line) → two parts."""
    m = k.split_re.search(piece)
    return [piece[: m.end()].strip(), piece[m.end() :].strip()] if m else [piece]


def issuer_from_symbol(group: str, place: str | None) -> str | None:
    """The issuer a symbol group stands for: "UBND" with place "Bắc Giang" → "Ủy ban nhân dân tỉnh Bắc Giang"."""
    k = knowledge()
    found = k.symbols.get(re.sub(r"\d+$", "", group).upper())
    if not found:
        return None
    name = found[0]
    province = k.provinces.get(fold(place)) if place else None
    if province and name in ("Ủy ban nhân dân", "Hội đồng nhân dân"):
        return f"{name} {'thành phố' if province in k.cities else 'tỉnh'} {province}"
    if province and name == "Tỉnh ủy":
        return f"{name} {province}"
    return name


_CENTRAL = re.compile(r"Chính phủ|Quốc hội|Trung ương|trung ương|Bộ Chính trị|Ban Bí thư|^Bộ |^Thủ tướng")
_COMMITTEE = re.compile(r"^(Tỉnh ủy|Thành ủy|Huyện ủy)\s+(\S.*)$")


def issuer_level(issuer: str | None, parent: str | None, place: str | None, group: str | None) -> tuple[str | None, str | None]:
    """The issuer's level ("central", "province", "district", "commune") and, when provincial, its province."""
    k = knowledge()
    for name in (issuer, parent):
        if not name:
            continue
        found = _unit_level(name, k)
        if found[0]:
            return found
        if _CENTRAL.search(name):
            return "central", None
    province = k.provinces.get(fold(place)) if place else None
    if any(n and n.startswith("Sở ") for n in (issuer, parent)):
        return "province", province
    symbol = k.symbols.get(re.sub(r"\d+$", "", group or "").upper())
    if symbol and symbol[1]:
        return symbol[1], province if symbol[1] == "province" else None
    return None, None


def _unit_level(name: str, k: Knowledge) -> tuple[str | None, str | None]:
    m = _COMMITTEE.match(name)
    unit, place = (m.group(1).split()[0].lower(), m.group(2)) if m else (None, None)
    if m is None:  # a unit word before a capitalised name: "... tỉnh Lào Cai"
        found = next((u for u in k.unit_re.finditer(name) if name[u.end()].isupper()), None)
        if not found:
            return None, None
        unit, place = found.group(1), name[found.end() :]
    unit = {"thành": "thành phố"}.get(unit or "", unit)
    province = k.provinces.get(fold(place or ""))
    level = k.units.get(unit or "")
    if level == "city":
        level = "province" if province in k.cities else "district"
    return level, province if level == "province" else None
