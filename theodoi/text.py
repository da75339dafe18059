"""Vietnamese text utilities: NFC, tone-placement normalisation, accent folding, collation.

Stored and displayed text is NFC (:func:`nfc`). Folded text (:func:`fold`) is only a match key,
never stored. :func:`new_tones` rewrites old-style tone placement ("hoá", "thuỷ") to the new style
("hóa", "thủy") so both spellings compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_PAIRS.update({k.upper(): v.upper() for k, v in list(_TONE_PAIRS.items())})
_TONE_PAIRS.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_TONE_PAIRS.items()) if k.islower()})
# Only when the pair ends the syllable (hoá, thuỷ) — "hoàn", "quyết" must stay as they are.
_TONE_RE = re.compile("(" + "|".join(sorted(map(re.escape, _TONE_PAIRS), key=len, reverse=True)) + r")(?![^\W\d_])")
_SPACE_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
# C0 controls but tab and newline (NUL cannot even be stored by PostgreSQL), and DEL
_ZERO_WIDTH.update(dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127], None))


def nfc(text: str) -> str:
    """NFC-normalise text (the one form theodoi stores and compares)."""
    return unicodedata.normalize("NFC", text)


def new_tones(text: str) -> str:
    """Rewrite old tone placement to the new style: "hoá" → "hóa", "Thuỷ" → "Thủy"."""
    return _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(1)], text)


def clean(text: str) -> str:
    """NFC, no zero-width or control characters, runs of spaces collapsed, ends stripped (newlines kept)."""
    text = nfc(text).translate(_ZERO_WIDTH)
    return "\n".join(_SPACE_RE.sub(" ", line).strip() for line in text.split("\n")).strip()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent-folded, case-folded match key: "Sở Nông nghiệp" → "so nong nghiep"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACE_RE.sub(" ", stripped.casefold()).strip()


class _FoldTable(dict[int, int]):
    """``str.translate`` table built on demand: each character to its base letter in lower case."""

    def __missing__(self, code: int) -> int:
        base = unicodedata.normalize("NFD", chr(code))[0].lower()
        self[code] = ord(base) if len(base) == 1 else code
        return self[code]


_SAME_LENGTH = _FoldTable({ord("đ"): ord("d"), ord("Đ"): ord("d"), 0xA0: 0x20})
_SAME_LENGTH.update({ord(c): ord("-") for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})


def fold_same_length(text: str) -> str:
    """Folded NFC text of the same length, so positions carry over: lower case, no diacritics,
    đ → d, dashes read as "-" ("Kính gửi – Quý III" → "kinh gui - quy iii")."""
    return text.translate(_SAME_LENGTH)


def key(text: str) -> str:
    """Exact match key keeping diacritics: NFC, new tone style, lower case, single spaces."""
    return _SPACE_RE.sub(" ", new_tones(nfc(text)).lower()).strip()


# Vietnamese collation (CLDR vi tailoring): letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# tones at the secondary level: none < huyền < hỏi < ngã < sắc < nặng.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPES = {"\u0306": "ă", "\u0302": "^", "\u031b": "'"}


def _letter(base: str, marks: list[str]) -> str:
    if base == "a" and "\u0306" in marks:
        return "ă"
    if "\u0302" in marks:
        return {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
    if "\u031b" in marks:
        return {"o": "ơ", "u": "ư"}.get(base, base)
    return base


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Sort key following Vietnamese collation: ``sorted(names, key=collation_key)``."""
    primary: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for char in nfc(text):
        lower = char.lower()
        cases.append(0 if char == lower else 1)
        if lower == "đ":
            primary.append(_ALPHABET.index("đ") + 1)
            tones.append(0)
            continue
        parts = unicodedata.normalize("NFD", lower)
        base, marks = parts[0], list(parts[1:])
        letter = _letter(base, marks)
        index = _ALPHABET.find(letter)
        primary.append(index + 1 if index >= 0 else 100 + ord(base))
        tones.append(next((_TONES[m] for m in marks if m in _TONES), 0))
    return tuple(primary), tuple(tones), tuple(cases)
