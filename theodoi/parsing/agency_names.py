"""The agency gazetteer behind :mod:`theodoi.parsing.agencies`: data, match keys, abbreviations.

Loaded once from ``theodoi/data/{agencies,provinces,abbreviations}.toml`` (see their headers for the
schema). Two match keys are used: :func:`match_key` keeps diacritics (tone placement normalised),
:func:`fold_key` drops them; both ignore case and punctuation, so "Sở Văn hoá Thể thao và Du lịch"
finds "Sở Văn hóa, Thể thao và Du lịch".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from theodoi.data import load_toml
from theodoi.text import fold, fold_same_length, key, nfc

_PUNCT_RE = re.compile(r"[\s\-–—,;:.()\[\]/&\"“”'‘’]+")
_CITY_WORD_RE = re.compile(r"\btỉnh\b")
TOKEN_RE = re.compile(r"[a-z0-9]+")  # words of folded text


def match_key(text: str) -> str:
    """Diacritic-keeping key: "Sở Văn hoá, Thể thao" → "sở văn hóa thể thao"."""
    return _PUNCT_RE.sub(" ", key(text)).strip()


def fold_key(text: str) -> str:
    """Diacritic-free key: "Sở Văn hoá, Thể thao" → "so van hoa the thao"."""
    return _PUNCT_RE.sub(" ", fold_same_length(nfc(text))).strip()


fold_in_place = fold_same_length  # positions in the folded text are positions in the text


@dataclass(frozen=True, slots=True)
class Entity:
    """A gazetteer entry: an agency, a province, a group or a name pattern."""

    id: str
    name: str
    kind: str
    level: str = "any"
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    members: tuple[str, ...] = ()
    rest: str | None = None  # patterns only: "name" | "number" | "any"


@dataclass(frozen=True, slots=True)
class Hit:
    entity: Entity
    display: str  # the name to show when this alias matched
    exact: bool  # matched with diacritics


# --- Abbreviations -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Abbr:
    full: str
    plain: str | None
    after: tuple[str, ...]
    before: tuple[str, ...]


def _form_norm(form: str) -> str:
    """Lookup key of a form or of a matched text: "KH & CN", "KH-CN", "KH và CN" → "KH&CN"."""
    return re.sub(r"\s+", "", re.sub(r"\s*(?:[&\-–—]|\svà\s)\s*", "&", form))


def _form_regex(form: str) -> str:
    special = {  # "&" and "-" stand for each other; "&" also for "và" ("KH và CN")
        "&": r"\s*(?:[&\-–—]|\svà\s)\s*", "-": r"\s*[&\-–—]\s*", ",": r"\s*,\s*", " ": r"\s+",
    }
    return "".join(special.get(c, re.escape(c)) for c in form)


def _preceded_by(text: str, start: int, words: tuple[str, ...]) -> bool:
    before = text[:start].rstrip()
    return any(before.endswith(w) and not before[: len(before) - len(w)][-1:].isalnum() for w in words)


def _followed_by(text: str, end: int, words: tuple[str, ...]) -> bool:
    after = text[end:].lstrip()
    return any(after.startswith(w) and not after[len(w) : len(w) + 1].isalnum() for w in words)


def _after_capital(text: str, start: int) -> bool:
    words = text[:start].split()
    return not words or words[-1][:1].isupper()


@dataclass(slots=True)
class Expansion:
    """Text with abbreviations expanded, and the way back to positions in the original."""

    text: str
    segments: list[tuple[int, int, int, int]] = field(default_factory=list)  # orig start/end, new start/end
    starts: list[int] = field(default_factory=list)
    before: Expansion | None = None  # the previous pass, when expanding took several

    def to_original(self, pos: int, end: bool = False) -> int:
        i = bisect_right(self.starts, pos) - 1
        if i >= 0:
            o_start, o_end, n_start, n_end = self.segments[i]
            pos = (o_end if end and pos > n_start else o_start) if pos < n_end else o_end + (pos - n_end)
        return self.before.to_original(pos, end) if self.before else pos


class Expander:
    def __init__(self, entries: list[dict[str, Any]]) -> None:
        self.by_form: dict[str, list[_Abbr]] = {}
        forms: list[str] = []
        for entry in entries:
            abbr = _Abbr(entry["full"], entry.get("plain"), tuple(entry.get("after", ())), tuple(entry.get("before", ())))
            for form in entry["forms"]:
                self.by_form.setdefault(_form_norm(form), []).append(abbr)
                forms.append(form)
        alternation = "|".join(_form_regex(f) for f in sorted(set(forms), key=len, reverse=True))
        self.regex = re.compile(rf"(?<![^\W_])(?<![-/])(?:{alternation})(?![^\W_])(?![-/]\w)")

    def _replacement(self, text: str, match: re.Match[str]) -> str:
        for abbr in self.by_form.get(_form_norm(match.group()), ()):
            if abbr.after and not _preceded_by(text, match.start(), abbr.after):
                continue
            if abbr.before and not _followed_by(text, match.end(), abbr.before):
                continue
            if abbr.plain and not _after_capital(text, match.start()):
                return abbr.plain
            return abbr.full
        return match.group()

    def expand(self, text: str) -> Expansion:
        """Expand until nothing changes: an expansion can give the context another one needs
        ("VP QH" → "VP Quốc hội" → "Văn phòng Quốc hội")."""
        result = self._pass(text)
        for _ in range(3):
            if not result.segments:
                break
            following = self._pass(result.text)
            if not following.segments:
                break
            following.before = result
            result = following
        return result

    def _pass(self, text: str) -> Expansion:
        out: list[str] = []
        result = Expansion("")
        last = new_len = 0
        for match in self.regex.finditer(text):
            replacement = self._replacement(text, match)
            if replacement == match.group():
                continue
            out.append(text[last : match.start()])
            new_len += match.start() - last
            result.segments.append((match.start(), match.end(), new_len, new_len + len(replacement)))
            result.starts.append(new_len)
            out.append(replacement)
            new_len += len(replacement)
            last = match.end()
        out.append(text[last:])
        result.text = "".join(out)
        return result


# --- The gazetteer ---------------------------------------------------------------------------------------
def _entity(entry: dict[str, Any], rest: str | None = None) -> Entity:
    return Entity(
        id=entry["id"], name=entry["name"], kind=entry.get("kind", "province"), level=entry.get("level", "province"),
        valid_from=entry.get("valid_from"), valid_to=entry.get("valid_to"), successor=entry.get("successor"),
        members=tuple(entry.get("members", ())), rest=rest,
    )


def _city_variants(text: str) -> list[str]:
    """"Công an tỉnh" → "Công an thành phố"; "Tỉnh ủy" → "Thành ủy" (centrally-run cities)."""
    out = []
    if _CITY_WORD_RE.search(text):
        out.append(_CITY_WORD_RE.sub("thành phố", text))
    for old, new in (("Tỉnh ủy", "Thành ủy"), ("Tỉnh đoàn", "Thành đoàn"), ("Tỉnh Đoàn", "Thành Đoàn")):
        if old in text:
            out.append(text.replace(old, new))
    return out


class Gazetteer:
    """Every name the resolver knows, indexed by :func:`match_key` and :func:`fold_key`."""

    def __init__(self, agencies: dict[str, Any], provinces: dict[str, Any], abbreviations: dict[str, Any]) -> None:
        self.entities: dict[str, Entity] = {}
        self.exact: dict[str, Hit] = {}
        self.folded: dict[str, Hit] = {}
        self.names: list[str] = []  # every indexed wording (for the span finder)
        self.expander = Expander(abbreviations["abbreviation"])
        for entry in agencies["agency"]:
            self._add_entry(entry, city=entry.get("level") == "province")
        self.patterns = sorted(
            ((fold_key(self.expander.expand(p).text), entity) for entity, prefixes in self._patterns(agencies)
             for p in prefixes),
            key=lambda item: -len(item[0]),
        )
        self.provinces: dict[str, Entity] = {}
        self.cities: set[str] = set()  # ids of centrally-run cities ("thành phố Hà Nội")
        for entry in provinces["province"]:
            self._add_province(entry)
        self.nouns = sorted(
            ((fold(n), n, tuple(kinds)) for n, kinds in agencies["group_noun"].items()), key=lambda t: -len(t[0])
        )
        self.noun_folds = [(f, n) for f, n, _ in self.nouns]
        self.noun_keys = sorted(((key(n), n) for _, n, _ in self.nouns), key=lambda t: -len(t[0]))
        self.groups_by_nouns: dict[tuple[frozenset[str], bool], Entity] = {}

    def pattern_prefixes(self) -> list[tuple[Entity, list[str]]]:
        """Each pattern entity with its prefixes as written in the data."""
        return list(self._prefixes)

    def _patterns(self, agencies: dict[str, Any]) -> list[tuple[Entity, list[str]]]:
        out = []
        for entry in agencies.get("pattern", []):
            entity = _entity(entry, rest=entry["rest"])
            self.entities[entity.id] = entity
            out.append((entity, entry["prefixes"]))
        self._prefixes = out
        return out

    def _index(self, text: str, entity: Entity, display: str, generated: bool = False) -> None:
        xk, fk = match_key(text), fold_key(text)
        if not xk or (generated and xk in self.exact):
            return
        self.exact.setdefault(xk, Hit(entity, display, True))
        self.folded.setdefault(fk, Hit(entity, display, False))
        self.names.append(text)

    def _add_entry(self, entry: dict[str, Any], city: bool) -> None:
        entity = _entity(entry)
        self.entities[entity.id] = entity
        wordings = [(entity.name, entity.name)] + [(a, a) for a in entry.get("aliases", ())]
        wordings += [(a, entity.name) for a in entry.get("abbr", ())]
        for text, display in wordings:
            self._index(text, entity, display)
        for text, display in wordings if city else ():
            for variant in _city_variants(text):
                self._index(variant, entity, variant if display == text else display, generated=True)

    def _add_province(self, entry: dict[str, Any]) -> None:
        entity = _entity({**entry, "kind": "province", "level": "province"})
        self.entities[entity.id] = entity
        if entry["type"] == "thành phố":
            self.cities.add(entity.id)
        for text in (entity.name, *entry.get("aliases", ())):
            self._index(text, entity, entity.name)
        for short in (entry["short"], *entry.get("aliases", ())):
            self.provinces.setdefault(fold_key(short), entity)
            self.exact.setdefault(match_key(short), Hit(entity, entity.name, True))
            self.folded.setdefault(fold_key(short), Hit(entity, entity.name, False))

    def province_suffix(self, text: str) -> tuple[int, int, Entity] | None:
        """Where a trailing province name starts in ``text`` (its unit word "tỉnh"/"thành phố", then the
        name itself) and the province: "Công an tỉnh Lào Cai" → (13, 18, tỉnh Lào Cai)."""
        tokens = list(TOKEN_RE.finditer(fold_in_place(text)))
        for k in range(max(1, len(tokens) - 4), len(tokens)):
            province = self.provinces.get(" ".join(t.group() for t in tokens[k:]))
            if province is not None:
                words = [t.group() for t in tokens[max(0, k - 2) : k]]
                unit = k - 1 if words[-1:] == ["tinh"] else k - 2 if words == ["thanh", "pho"] else k
                if unit < k and (unit == k - 2) != (province.id in self.cities):
                    return None  # "thành phố Bắc Giang" is a city of a province, not the province
                return tokens[unit].start(), tokens[k].start(), province
        return None

    def lookup(self, text: str) -> Hit | None:
        """The entry named exactly ``text`` (abbreviations already expanded), if any."""
        return self.exact.get(match_key(text)) or self.folded.get(fold_key(text))

    def group_entity(self, text: str, nouns: list[str]) -> Entity | None:
        """The listed group with the same generic nouns ("các bộ, ngành và địa phương liên quan" →
        "các bộ, ngành, địa phương"); "Ủy ban nhân dân các ..." groups are told apart from the others."""
        if not self.groups_by_nouns:
            for entity in self.entities.values():
                parts = parse_group(entity.name, self) if entity.kind == "group" else None
                if parts and all(noun and not qualifier for noun, qualifier in parts):
                    signature = (frozenset(n for n, _ in parts if n), bool(_UBND_PREFIX_RE.match(fold(entity.name))))
                    self.groups_by_nouns.setdefault(signature, entity)
        return self.groups_by_nouns.get((frozenset(nouns), bool(_UBND_PREFIX_RE.match(fold(text)))))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built on first use."""
    return Gazetteer(load_toml("agencies.toml"), load_toml("provinces.toml"), load_toml("abbreviations.toml"))


# --- Groups ---------------------------------------------------------------------------------------------
_QUANTIFIER_RE = re.compile(r"^(?:(?:tat ca|tất cả|toan bo|toàn bộ|moi|mọi|nhung|những|mot so|một số|cac|các) )+")
_GROUP_SEP_RE = re.compile(
    r"\s*[,;]\s*(?:(?:va|và|cung|cùng)\s+)?(?:(?:cac|các)\s+)?|\s+(?:va|và|cung|cùng)\s+(?:(?:cac|các)\s+)?"
)
_UBND_PREFIX_RE = re.compile(
    r"^(?:(?:hoi dong nhan dan|hội đồng nhân dân)\s*,?\s*)?(?:uy ban nhan dan|ủy ban nhân dân)\s+(?=(?:cac|các|cap|cấp)\b)"
)


def _leading_noun(part: str, nouns: list[tuple[str, str]]) -> tuple[str, str] | None:
    for form, display in nouns:
        if part.startswith(form) and (len(part) == len(form) or not part[len(form)].isalnum()):
            return display, part[len(form) :].strip()
    return None


def _parse_parts(form: str, nouns: list[tuple[str, str]]) -> list[tuple[str | None, str]] | None:
    parts: list[tuple[str | None, str]] = []
    for part in (p for p in _GROUP_SEP_RE.split(_QUANTIFIER_RE.sub("", _UBND_PREFIX_RE.sub("", form))) if p):
        found = _leading_noun(part, nouns)
        if found is None and not parts:
            return None
        parts.append(found or (None, part))
    return parts or None


def parse_group(text: str, gaz: Gazetteer) -> list[tuple[str | None, str]] | None:
    """The parts of a group reference as (generic noun, qualifier), or None when it is not one.

    "các sở, ban, ngành liên quan" → [("sở", ""), ("ban", ""), ("ngành", "liên quan")]. The first part
    must open with a group noun; later parts that do not are kept as (None, qualifier). Text is read
    with its diacritics first (qualifiers keep them), then without.
    """
    return _parse_parts(key(text), gaz.noun_keys) or _parse_parts(fold(text), gaz.noun_folds)


def parse_group_nouns(text: str, gaz: Gazetteer) -> list[str] | None:
    """The generic nouns of a group reference ("các sở, ban, ngành liên quan" → sở, ban, ngành)."""
    parts = parse_group(text, gaz)
    return list(dict.fromkeys(n for n, _ in parts if n)) if parts else None


def group_members(nouns: list[str], gaz: Gazetteer) -> tuple[str, ...]:
    kinds: dict[str, None] = {}
    table = {display: members for _, display, members in gaz.nouns}
    for noun in nouns:
        kinds.update(dict.fromkeys(table.get(noun, ())))
    return tuple(kinds)


def expand(text: str) -> Expansion:
    return gazetteer().expander.expand(nfc(text))
