"""Plain-text reader: UTF-8 / UTF-16 (legacy TCVN3 and VNI detection to come)."""

from __future__ import annotations

from theodoi.errors import CorruptDocument
from theodoi.parsing.model import Paragraph, RawDocument, Source
from theodoi.parsing.options import ParseOptions
from theodoi.text import clean


def decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:200]:
        try:
            return data.decode("utf-16-le"), "utf-16"
        except UnicodeDecodeError:
            raise CorruptDocument("không giải mã được văn bản (cannot decode text)") from None
    return data.decode("cp1252", errors="replace"), "cp1252"


def read_txt(data: bytes, options: ParseOptions) -> RawDocument:
    text, encoding = decode(data)
    blocks: list[Paragraph] = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = clean(line)
        if line:
            blocks.append(Paragraph(text=line, source=Source(line=number)))
    return RawDocument(blocks=list(blocks), format="txt", encoding=encoding)
