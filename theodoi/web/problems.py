"""Errors as problem+json (RFC 9457): one handler for theodoi's errors, one for invalid requests, one
last resort that never shows a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from theodoi.errors import TheodoiError

log = logging.getLogger("theodoi.web")
MEDIA = "application/problem+json"


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": f"https://theodoi.local/problems/{code}", "title": title, "status": status, "detail": detail,
            "code": code, **extra}
    return JSONResponse(body, status_code=status, media_type=MEDIA)


TITLES = {400: "Yêu cầu không hợp lệ", 401: "Cần đăng nhập", 403: "Không có quyền", 404: "Không tìm thấy",
          405: "Phương thức không được phép", 409: "Xung đột dữ liệu", 412: "Phiên bản đã thay đổi",
          413: "Tệp quá lớn", 415: "Loại tệp không được nhận", 422: "Dữ liệu không hợp lệ",
          428: "Cần If-Match", 429: "Quá nhiều lần thử", 503: "Dịch vụ chưa sẵn sàng"}


def install(app: FastAPI) -> None:
    @app.exception_handler(TheodoiError)
    async def _theodoi(request: Request, exc: TheodoiError) -> JSONResponse:
        return problem(exc.status, exc.code, TITLES.get(exc.status, "Lỗi"), str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
                  for e in exc.errors()]
        return problem(422, "invalid-request", TITLES[422], "yêu cầu không hợp lệ (invalid request)", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, f"http-{exc.status_code}", TITLES.get(exc.status_code, "Lỗi"), str(exc.detail))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return problem(500, "internal", "Lỗi nội bộ", "lỗi nội bộ, đã ghi nhật ký (internal error, logged)")
