"""How Vietnamese a text looks: the share of its words that are valid Vietnamese syllables.

Used to choose a legacy-encoding conversion (TCVN3, VNI) for plain text and to tell a garbled PDF
text layer (fonts without a Unicode map, a bad OCR layer) from a good one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_INITIALS = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_NUCLEI = (
    "a ă â e ê i o ô ơ u ư y "
    "ai ao au ay âu ây eo êu ia iu oa oă oe oi ôi ơi ua uâ ui uô uơ ưa ưi ươ ưu uy uê "
    "iê yê oai oay oeo uây uôi ươi ươu uya uyê uyu iêu yêu oao"
).split()
_FINALS = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(
    "^" + _INITIALS + "(?:" + "|".join(sorted(_NUCLEI, key=len, reverse=True)) + ")" + _FINALS + "$"
)
_TOKEN = re.compile(r"[^\W_]+")
_VIETNAMESE_ONLY = frozenset("ăđĩũơưĂĐĨŨƠƯ")  # outside Latin-1: never legacy-encoding mojibake


@lru_cache(maxsize=32768)
def is_syllable(word: str) -> bool:
    """True when ``word`` (one token, any case) is a well-formed Vietnamese syllable."""
    if not (word.islower() or word.isupper() or word.istitle()):
        return False
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_SYLLABLE.match(base))


def _has_mark(word: str) -> bool:
    return any(not c.isascii() for c in word)


def vietnamese_score(text: str) -> float:
    """Share (0..1) of the letter-bearing tokens of ``text`` that are valid Vietnamese syllables.

    Pure numbers are ignored. A long text whose valid words carry almost no diacritics (an
    English-language OCR of a Vietnamese page) is scaled down. 0.0 when there is no word at all.
    """
    tokens = [t for t in _TOKEN.findall(unicodedata.normalize("NFC", text)) if not t.isdigit()]
    if not tokens:
        return 0.0
    valid = [t for t in tokens if is_syllable(t)]
    score = len(valid) / len(tokens)
    if len(tokens) >= 40 and valid:
        marked = sum(1 for t in valid if _has_mark(t)) / len(valid)
        if marked < 0.25:
            score *= marked / 0.25
    return score


def has_unicode_vietnamese(text: str) -> bool:
    """True when the text holds Vietnamese letters outside Latin-1 (ă, đ, ơ, ư, ạ ... ỹ, combining tones).

    Text in a legacy 8-bit encoding read as cp1252 never does."""
    for char in text:
        if char in _VIETNAMESE_ONLY or "\u1ea0" <= char <= "\u1ef9" or char in _TONES:
            return True
    return False
