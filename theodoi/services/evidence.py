"""Evidence files of progress reports: size limit, allowed types checked against the content, sha256."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from theodoi.errors import DocumentTooLarge, Invalid, UnsupportedFormat

MEDIA = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "txt": "text/plain; charset=utf-8",
    "zip": "application/zip",
}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",), "doc": (_OLE,), "xls": (_OLE,), "docx": (_ZIP,), "xlsx": (_ZIP,), "odt": (_ZIP,),
    "ods": (_ZIP,), "zip": (_ZIP, b"PK\x05\x06"), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


@dataclass(frozen=True)
class EvidenceFile:
    filename: str
    content: bytes
    media_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def check(filename: str, content: bytes, *, max_mb: float, allowed: str) -> EvidenceFile:
    """Accept an evidence file or refuse it with a clear message (nothing is stored when refused)."""
    name = Path(filename).name.strip() or "tep-dinh-kem"
    suffix = Path(name).suffix.lower().lstrip(".")
    kinds = {s.strip().lower() for s in allowed.split(",") if s.strip()}
    if suffix not in kinds or suffix not in MEDIA:
        raise UnsupportedFormat(
            f"loại tệp '.{suffix or '?'}' không được nhận làm minh chứng; chấp nhận: {', '.join(sorted(kinds))} "
            "(file type not accepted as evidence)", path=name,
        )
    if len(content) > max_mb * 1024 * 1024:
        raise DocumentTooLarge(f"tệp minh chứng lớn hơn {max_mb:g} MB (evidence file too large)", path=name)
    if not content:
        raise Invalid("tệp minh chứng rỗng (empty evidence file)", path=name)
    if not _content_matches(suffix, content):
        raise UnsupportedFormat(
            f"nội dung tệp không phải là tệp .{suffix} (the file's content is not what its name says)", path=name
        )
    return EvidenceFile(name, content, MEDIA[suffix], hashlib.sha256(content).hexdigest())


def _content_matches(suffix: str, content: bytes) -> bool:
    if suffix == "txt":
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return b"\x00" not in content
    return content.startswith(SIGNATURES[suffix])
