"""Legacy Vietnamese 8-bit font encodings: TCVN3 (ABC, fonts ".VnTime") and VNI-Windows ("VNI-Times").

Both put Vietnamese letters on Latin-1 code points, so a file in them decodes without error as
cp1252 and reads as mojibake: TCVN3 "Uû ban nh©n d©n" is "Uỷ ban nhân dân" (one byte per letter),
VNI "UÛy ban nhaân daân" is "Ủy ban nhân dân" (a base letter followed by a diacritic byte).

The tables below are written from the public definitions of the two encodings. TCVN3 has no
upper-case accented letters of its own (the ".VnTimeH" fonts draw the lower-case codes as capitals),
so a word whose ASCII letters are all capitals is converted to capitals.
"""

from __future__ import annotations

import re

from theodoi.parsing.readers.quality import has_unicode_vietnamese, vietnamese_score
from theodoi.text import nfc

# --- TCVN3 -------------------------------------------------------------------------------------
# Unicode letters and, at the same positions, their TCVN3 code points (as Latin-1 characters).
_TCVN3_UNICODE = (
    "ĂÂÊÔƠƯĐăâêôơưđ"
    "àảãáạằẳẵắặầẩẫấậ"
    "èẻẽéẹềểễếệ"
    "ìỉĩíị"
    "òỏõóọồổỗốộờởỡớợ"
    "ùủũúụừửữứự"
    "ỳỷỹýỵ"
)
_TCVN3_BYTES = (
    "\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae"
    "\xb5\xb6\xb7\xb8\xb9\xbb\xbc\xbd\xbe\xc6\xc7\xc8\xc9\xca\xcb"
    "\xcc\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6"
    "\xd7\xd8\xdc\xdd\xde"
    "\xdf\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee"
    "\xef\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9"
    "\xfa\xfb\xfc\xfd\xfe"
)
TCVN3_TO_UNICODE: dict[str, str] = dict(zip(_TCVN3_BYTES, _TCVN3_UNICODE, strict=True))
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)
_TCVN3_SIGNS = frozenset(_TCVN3_BYTES)
_SPLIT = re.compile(r"(\s+)")

# --- VNI-Windows -------------------------------------------------------------------------------
# Marks that follow a base letter: (lower-case byte, upper-case byte, combining marks it adds).
_VNI_MARKS = [
    ("ø", "Ø", "\u0300"), ("ù", "Ù", "\u0301"), ("û", "Û", "\u0309"), ("õ", "Õ", "\u0303"), ("ï", "Ï", "\u0323"),
]
_VNI_HAT_MARKS = [  # after a, e, o: circumflex with a tone
    ("â", "Â", ""), ("à", "À", "\u0300"), ("á", "Á", "\u0301"), ("å", "Å", "\u0309"), ("ã", "Ã", "\u0303"),
    ("ä", "Ä", "\u0323"),
]
_VNI_BREVE_MARKS = [  # after a: breve with a tone
    ("ê", "Ê", ""), ("è", "È", "\u0300"), ("é", "É", "\u0301"), ("ú", "Ú", "\u0309"), ("ü", "Ü", "\u0303"),
    ("ë", "Ë", "\u0323"),
]
# Letters that are one byte of their own.
_VNI_SINGLE = {
    "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư", "ñ": "đ", "Ñ": "Đ",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in "aeouyAEOUY":
        for low, up, mark in _VNI_MARKS:
            for byte in (low, up):
                table[base + byte] = nfc(base + mark)
    for base_byte, letter in (("ô", "ơ"), ("Ô", "Ơ"), ("ö", "ư"), ("Ö", "Ư")):
        for low, up, mark in _VNI_MARKS:
            for byte in (low, up):
                table[base_byte + byte] = nfc(letter + mark)
    for base in "aeoAEO":
        for low, up, mark in _VNI_HAT_MARKS:
            for byte in (low, up):
                table[base + byte] = nfc(base + "\u0302" + mark)
    for base in "aA":
        for low, up, mark in _VNI_BREVE_MARKS:
            for byte in (low, up):
                table[base + byte] = nfc(base + "\u0306" + mark)
    return table


VNI_TO_UNICODE: dict[str, str] = {**_vni_table(), **_VNI_SINGLE}
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))
_VNI_PAIR = re.compile(r"[aeouyAEOUYôÔöÖ][øùûõïØÙÛÕÏâàáåãäÂÀÁÅÃÄêèéúüëÊÈÉÚÜË]")


def tcvn3_to_unicode(text: str, *, upper: bool = False) -> str:
    """Convert TCVN3 text to Unicode. ``upper``: the text was in an upper-case ".VnTimeH" font.

    Without ``upper``, a word whose ASCII letters are capitals ("CéNG") is taken as written in the
    upper-case font; so is a word with one capital ASCII letter ("X·") that follows such a word."""
    if upper:
        return nfc(text.translate(_TCVN3_TABLE).upper())
    parts = _SPLIT.split(text)
    previous_upper = False
    for index in range(0, len(parts), 2):
        word = parts[index]
        if index and "\n" in parts[index - 1]:
            previous_upper = False
        converted = word.translate(_TCVN3_TABLE)
        capitals = [c.isupper() for c in word if c.isascii() and c.isalpha()]
        is_upper = bool(capitals) and all(capitals) and (len(capitals) >= 2 or previous_upper)
        if converted != word and is_upper:
            converted = converted.upper()
        if capitals:
            previous_upper = is_upper
        parts[index] = converted
    return nfc("".join(parts))


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text to Unicode (longest match of base letter + diacritic byte)."""
    return nfc(_VNI_PATTERN.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text))


def tcvn3_signs(text: str) -> float:
    """Share of the non-ASCII letters of ``text`` that are TCVN3 letter codes."""
    high = [c for c in text if not c.isascii() and not c.isspace()]
    return sum(1 for c in high if c in _TCVN3_SIGNS) / len(high) if high else 0.0


def vni_pairs(text: str) -> int:
    """How many VNI "vowel + diacritic byte" pairs ``text`` holds."""
    return len(_VNI_PAIR.findall(text))


def detect_and_convert(text: str) -> tuple[str, str | None]:
    """Convert ``text`` from TCVN3 or VNI when it is clearly in one of them.

    Returns the (possibly converted) text and the legacy encoding used ("tcvn3", "vni") or None.
    Text that already holds Vietnamese Unicode letters is left alone.
    """
    sample = text[:200_000]
    if has_unicode_vietnamese(sample) or all(c.isascii() for c in sample):
        return text, None
    base = vietnamese_score(sample)
    candidates: list[tuple[float, str]] = []
    if tcvn3_signs(sample) >= 0.5:
        candidates.append((vietnamese_score(tcvn3_to_unicode(sample)), "tcvn3"))
    if vni_pairs(sample) >= 2:
        candidates.append((vietnamese_score(vni_to_unicode(sample)), "vni"))
    if not candidates:
        return text, None
    score, name = max(candidates)
    if score < 0.5 or score < base + 0.1:
        return text, None
    converted = tcvn3_to_unicode(text) if name == "tcvn3" else vni_to_unicode(text)
    return converted, name
