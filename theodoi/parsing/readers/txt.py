"""Plain-text reader: UTF-8 (with or without BOM), UTF-16 (LE/BE, with or without BOM), Windows-1258,
and the legacy Vietnamese font encodings TCVN3 and VNI (converted to Unicode).

Every non-empty line is one paragraph; ``Source.line`` is its physical line number.
"""

from __future__ import annotations

import re

from theodoi.errors import CorruptDocument
from theodoi.parsing.model import Paragraph, RawDocument, Source
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers.legacy import detect_and_convert, tcvn3_to_unicode, vni_to_unicode
from theodoi.parsing.readers.quality import vietnamese_score
from theodoi.text import clean, nfc

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAMPLE = 4096


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when the bytes look like BOM-less UTF-16 text, else None."""
    head = data[:_SAMPLE]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    zeros_odd = sum(1 for i in range(1, 2 * pairs, 2) if head[i] == 0)
    zeros_even = sum(1 for i in range(0, 2 * pairs, 2) if head[i] == 0)
    if zeros_odd > 0.2 * pairs and zeros_even < 0.02 * pairs:
        return "utf-16-le"
    if zeros_even > 0.2 * pairs and zeros_odd < 0.02 * pairs:
        return "utf-16-be"
    return None


def _decode_utf16(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise CorruptDocument("không giải mã được văn bản UTF-16 (cannot decode UTF-16 text)") from None


def _eight_bit(data: bytes) -> tuple[str, str]:
    """Best reading of bytes that are not UTF-8: Windows-1258, TCVN3, VNI or Windows-1252."""
    try:
        latin = data.decode("cp1252")
    except UnicodeDecodeError:
        latin = data.decode("latin-1")
    candidates = [
        ("cp1252", latin),
        ("cp1258", nfc(data.decode("cp1258", errors="replace"))),
        ("tcvn3", tcvn3_to_unicode(latin)),
        ("vni", vni_to_unicode(latin)),
    ]
    scored = [(vietnamese_score(text[:100_000]), -rank, name, text) for rank, (name, text) in enumerate(candidates)]
    _, _, name, text = max(scored)
    return text, name


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was in."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return _decode_utf16(data[2:], codec), "utf-16"
    bare = _utf16_without_bom(data)
    if bare:
        return _decode_utf16(data[: len(data) // 2 * 2], bare), "utf-16"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _eight_bit(data)
    converted, legacy = detect_and_convert(text)
    return converted, legacy or "utf-8"


def text_paragraphs(text: str) -> list[Paragraph]:
    """One paragraph per non-empty line, with its 1-based line number."""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Paragraph] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = clean(line)
        if line:
            blocks.append(Paragraph(text=line, source=Source(line=number)))
    return blocks


def read_txt(data: bytes, options: ParseOptions) -> RawDocument:
    text, encoding = decode(data)
    return RawDocument(blocks=list(text_paragraphs(text)), format="txt", encoding=encoding)
