"""Malformed inputs raise the typed InputError, never another exception."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import docx
import pytest

from tests.readers.helpers import DEV
from theodoi.errors import (
    CorruptDocument,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    InputError,
    UnsupportedFormat,
)
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers import read

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(50)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _docx_bytes() -> bytes:
    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Kế hoạch thực hiện nhiệm vụ năm 2026 " * 50)
    document.save(out)
    return out.getvalue()


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _with_document_xml(data: bytes, xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    return _zip({n: (xml if n == "word/document.xml" else source.read(n)) for n in source.namelist()})


CASES = [
    ("empty.docx", b"", EmptyDocument),
    ("empty.txt", b"", EmptyDocument),
    ("blank.txt", b"  \n\n \t\n", EmptyDocument),
    ("image.docx", PNG, UnsupportedFormat),
    ("image.pdf", PNG, UnsupportedFormat),
    ("image.txt", PNG, UnsupportedFormat),
    ("random.pdf", os.urandom(4096), UnsupportedFormat),
    ("random.docx", os.urandom(4096), UnsupportedFormat),
    ("random.doc", os.urandom(4096), UnsupportedFormat),
    ("random.txt", bytes(range(256)) * 8, UnsupportedFormat),
    ("rtf.doc", b"{\\rtf1\\ansi Hello}", UnsupportedFormat),
    ("truncated.docx", _docx_bytes()[:3000], CorruptDocument),
    ("not-word.docx", _zip({"hello.txt": b"hi"}), UnsupportedFormat),
    ("spreadsheet.docx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),
     UnsupportedFormat),
    ("broken-xml.docx", _with_document_xml(_docx_bytes(), b"<w:document><w:body><w:p>"), CorruptDocument),
    ("encrypted.docx", OLE + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1000), EncryptedDocument),
    ("encrypted.doc", OLE + bytes(504) + "EncryptionInfo".encode("utf-16-le") + bytes(1000), EncryptedDocument),
    ("broken-ole.doc", OLE + os.urandom(3000), InputError),
    ("header-only.pdf", b"%PDF-1.4\n", CorruptDocument),
]


@pytest.mark.parametrize(("name", "data", "error"), CASES, ids=[c[0] for c in CASES])
def test_malformed_input_raises_typed_error(tmp_path: Path, name: str, data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error) as caught:
        read(_write(tmp_path, name, data))
    assert isinstance(caught.value, InputError)
    assert caught.value.path and name in caught.value.path
    assert "\n" not in str(caught.value)


def test_oversized_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.docx", _docx_bytes())
    with pytest.raises(DocumentTooLarge):
        read(path, ParseOptions(max_bytes=1024))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read(tmp_path / "none.docx")
    with pytest.raises(InputError, match="directory"):
        read(tmp_path)


def test_old_word_file_named_docx_is_read_as_doc(tmp_path: Path) -> None:
    path = _write(tmp_path, "old.docx", (DEV.parent / "smoke" / "lamdong-kh-kmt-2026.doc").read_bytes())
    assert read(path).format == "doc"


def test_docx_named_doc_is_read_as_docx(tmp_path: Path) -> None:
    assert read(_write(tmp_path, "new.doc", _docx_bytes())).format == "docx"
