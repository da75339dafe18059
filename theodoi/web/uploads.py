"""Files sent with a form: read with a size bound (a file larger than the limit is refused after reading
one byte past it, never held whole in memory), and the request refused early when its declared length
is beyond any acceptable upload."""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

from theodoi.errors import DocumentTooLarge

CHUNK = 1 << 20


def declared_too_large(request: Request, limit_mb: float, files: int = 1) -> bool:
    length = request.headers.get("content-length", "")
    return length.isdigit() and int(length) > (limit_mb * files + 1) * 1024 * 1024


async def read_bounded(upload: UploadFile, limit_mb: float) -> bytes:
    limit = int(limit_mb * 1024 * 1024)
    parts: list[bytes] = []
    size = 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise DocumentTooLarge(f"tệp '{upload.filename}' lớn hơn {limit_mb:g} MB (file too large)",
                                   path=upload.filename or "")
        parts.append(chunk)
    return b"".join(parts)


def text_fields(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}


async def files_of(form: FormData, name: str, limit_mb: float) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for value in form.getlist(name):
        if isinstance(value, UploadFile) and value.filename:
            found.append((value.filename, await read_bounded(value, limit_mb)))
    return found
