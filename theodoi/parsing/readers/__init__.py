"""Readers: one per file format, each turning a file into a :class:`RawDocument`.

:func:`read` checks size and content type (by magic bytes, not only by the name), then dispatches.
A file whose content does not match its extension (a ".docx" that is not a zip, a renamed image)
is refused with :class:`UnsupportedFormat`.
"""

from __future__ import annotations

from pathlib import Path

from theodoi.errors import (
    CorruptDocument,
    DocumentTooLarge,
    EmptyDocument,
    EncryptedDocument,
    InputError,
    UnsupportedFormat,
)
from theodoi.parsing.model import RawDocument
from theodoi.parsing.options import ParseOptions

SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".docx": "docx", ".doc": "doc",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html",
}


def sniff(data: bytes) -> str | None:
    """The format the bytes really are, or None when they look like text of some kind."""
    head = data[:8]
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # legacy Word .doc (or .xls, encrypted .docx)
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    return None


def read(path: str | Path, options: ParseOptions | None = None) -> RawDocument:
    """Read a document file into blocks. Raises an :class:`InputError` subclass on bad input."""
    options = options or ParseOptions()
    p = Path(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("không tìm thấy tệp (file not found)", path=str(p)) from None
    except OSError as exc:
        raise InputError(f"không đọc được tệp (cannot read file): {exc.strerror}", path=str(p)) from None
    if p.is_dir():
        raise InputError("là thư mục, không phải tệp (is a directory)", path=str(p))
    if size > options.max_bytes:
        raise DocumentTooLarge(
            f"tệp quá lớn: {size // 1024} KB > giới hạn {options.max_bytes // 1024} KB (file too large)", path=str(p)
        )
    if size == 0:
        raise EmptyDocument("tệp rỗng (empty file)", path=str(p))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"không đọc được tệp (cannot read file): {exc.strerror}", path=str(p)) from None
    try:
        fmt = _format_of(p, data)
        doc = _dispatch(fmt, p, data, options)
    except InputError as exc:
        if exc.path is None:
            exc.path = str(p)
        raise
    except Exception as exc:  # a reader bug or a library failing on odd input: still a typed error
        raise CorruptDocument(
            f"không đọc được tệp (cannot read the file): {type(exc).__name__}", path=str(p)
        ) from exc
    doc.path = str(p)
    doc.format = doc.format or fmt
    if not any(b for b in doc.blocks):
        raise EmptyDocument("không có nội dung văn bản đọc được (no readable text)", path=str(p))
    return doc


_BY_CONTENT = {"pdf": "pdf", "zip": "docx", "ole": "doc"}


def _format_of(p: Path, data: bytes) -> str:
    """The reader to use: the content decides when it is recognisable, else the file name."""
    declared = SUFFIXES.get(p.suffix.lower())
    actual = sniff(data)
    _refuse(actual, data)
    if declared == "docx" and actual not in ("zip", "ole"):
        raise UnsupportedFormat("không phải tệp .docx hợp lệ (not a valid .docx: not a zip archive)")
    if declared == "pdf" and actual != "pdf":
        raise UnsupportedFormat("không phải tệp PDF hợp lệ (not a valid PDF)")
    if actual in _BY_CONTENT:
        return _BY_CONTENT[actual]  # e.g. an old Word file saved with a .docx name is read as .doc
    if _looks_binary(data):
        what = "tệp .doc hợp lệ (a valid Word .doc)" if declared == "doc" else "văn bản (text)"
        raise UnsupportedFormat(f"không phải {what}: dữ liệu nhị phân không rõ định dạng (unknown binary data)")
    if declared in ("txt", "html"):
        return declared
    return "html" if _looks_like_html(data) else "txt"


def _refuse(actual: str | None, data: bytes) -> None:
    if actual == "image":
        raise UnsupportedFormat("là tệp ảnh, không phải văn bản (an image, not a document)")
    if actual == "rtf":
        raise UnsupportedFormat("định dạng RTF chưa được hỗ trợ; hãy lưu thành .docx (RTF is not supported)")
    if actual == "ole":
        from theodoi.parsing.readers.docx import is_encrypted_ole

        if is_encrypted_ole(data):
            raise EncryptedDocument("tệp Word được đặt mật khẩu (password-protected document)")


def _looks_binary(data: bytes) -> bool:
    """Bytes that are no kind of text: many control characters (UTF-16 text excepted)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if head.count(0) > len(head) // 4 and (head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3):
        return False  # BOM-less UTF-16
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    return controls > max(len(head) // 20, 0)


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _dispatch(fmt: str, p: Path, data: bytes, options: ParseOptions) -> RawDocument:
    if fmt == "txt":
        from theodoi.parsing.readers.txt import read_txt

        return read_txt(data, options)
    if fmt == "docx":
        from theodoi.parsing.readers.docx import read_docx

        return read_docx(data, options)
    if fmt == "doc":
        from theodoi.parsing.readers.doc import read_doc

        return read_doc(data, options)
    if fmt == "pdf":
        from theodoi.parsing.readers.pdf import read_pdf

        return read_pdf(data, options)
    if fmt == "html":
        from theodoi.parsing.readers.html import read_html

        return read_html(data, options)
    raise UnsupportedFormat(f"định dạng không được hỗ trợ: {fmt} (unsupported format)", path=str(p))
