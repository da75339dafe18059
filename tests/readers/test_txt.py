"""Plain-text reader: encodings (UTF-8/16 with or without BOM, Windows-1258, TCVN3, VNI) and lines."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tests.readers.test_legacy import SAMPLE, to_tcvn3, to_vni
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers import read
from theodoi.parsing.readers.txt import decode, read_txt

TEXT = "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG\n\nKẾ HOẠCH\n" + SAMPLE + "\n"


def cp1258(text: str) -> bytes:
    """Windows-1258: precomposed where the code page has the letter, else base letter + tone mark."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = list(unicodedata.normalize("NFD", char))
            head = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in "\u0302\u0306\u031b"))
            out += head.encode("cp1258") + "".join(m for m in marks if m not in "\u0302\u0306\u031b").encode("cp1258")
    return out


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.encode("utf-16-be"), "utf-16"),
        (cp1258(TEXT), "cp1258"),
        (to_tcvn3(TEXT.lower()).encode("latin-1"), "tcvn3"),
        (to_vni(TEXT).encode("cp1252"), "vni"),
        (to_tcvn3(TEXT.lower()).encode("latin-1").decode("latin-1").encode("utf-8"), "tcvn3"),  # mojibake in UTF-8
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "cp1258", "tcvn3", "vni",
         "tcvn3-in-utf8"],
)
def test_encodings(data: bytes, encoding: str) -> None:
    text, found = decode(data)
    assert found == encoding
    expected = TEXT.lower() if encoding.startswith("tcvn3") else TEXT
    assert unicodedata.normalize("NFC", text).strip() == expected.strip()


def test_lines_become_paragraphs_with_line_numbers() -> None:
    doc = read_txt("Dòng một\r\n\r\n  Dòng   hai \x0c\n".encode(), ParseOptions())
    assert [(p.text, p.source.line) for p in doc.paragraphs()] == [("Dòng một", 1), ("Dòng hai", 3)]
    assert doc.format == "txt" and doc.encoding == "utf-8"


def test_text_is_nfc(tmp_path: Path) -> None:
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "Nguyễn Thị Ánh"), encoding="utf-8")
    assert read(path).paragraphs()[0].text == "Nguyễn Thị Ánh"


def test_dev_transcriptions_read_as_utf8() -> None:
    from tests.readers.helpers import DEV

    for path in sorted(DEV.glob("*.txt")):
        doc = read(path)
        assert doc.encoding == "utf-8" and len(doc.paragraphs()) > 20
