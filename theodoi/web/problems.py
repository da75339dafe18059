"""Errors: problem+json (RFC 9457) for the API, an error page for the pages; one handler for theodoi's
errors, one for invalid requests, one last resort that never shows a traceback."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from theodoi.errors import TheodoiError

log = logging.getLogger("theodoi.web")
MEDIA = "application/problem+json"
TITLES = {400: "Yêu cầu không hợp lệ", 401: "Cần đăng nhập", 403: "Không có quyền", 404: "Không tìm thấy",
          405: "Phương thức không được phép", 409: "Xung đột dữ liệu", 412: "Phiên bản đã thay đổi",
          413: "Tệp quá lớn", 415: "Loại tệp không được nhận", 422: "Dữ liệu không hợp lệ",
          428: "Cần If-Match", 429: "Quá nhiều lần thử", 500: "Lỗi nội bộ", 503: "Dịch vụ chưa sẵn sàng"}


def problem(status: int, code: str, title: str, detail: str, **extra: Any) -> JSONResponse:
    body = {"type": f"https://theodoi.local/problems/{code}", "title": title, "status": status, "detail": detail,
            "code": code, **extra}
    return JSONResponse(body, status_code=status, media_type=MEDIA)


async def _answer(request: Request, status: int, code: str, detail: str, **extra: Any) -> Response:
    title = TITLES.get(status, "Lỗi")
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return problem(status, code, title, detail, **extra)
    return await run_in_threadpool(_page, request, status, code, title, detail)


def _page(request: Request, status: int, code: str, title: str, detail: str) -> Response:
    from theodoi.web.pages.viewing import look_up
    from theodoi.web.rendering import render

    who, _ = look_up(request, request.app.state.workspace)
    return render(request, who, "error.html", status=status, title=title, detail=detail, code=code)


def install(app: FastAPI) -> None:
    from theodoi.web.pages.viewing import SignInFirst

    @app.exception_handler(SignInFirst)
    async def _sign_in(request: Request, exc: SignInFirst) -> Response:
        return RedirectResponse(exc.target, status_code=303)

    @app.exception_handler(TheodoiError)
    async def _theodoi(request: Request, exc: TheodoiError) -> Response:
        return await _answer(request, exc.status, exc.code, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"where": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
                  for e in exc.errors()]
        return await _answer(request, 422, "invalid-request", "yêu cầu không hợp lệ (invalid request)", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return await _answer(request, exc.status_code, f"http-{exc.status_code}", str(exc.detail))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return await _answer(request, 500, "internal", "lỗi nội bộ, đã ghi nhật ký (internal error, logged)")
