"""Request guards applied to every route: text with NUL characters is refused (PostgreSQL cannot store
it and no Vietnamese document contains it), before any route runs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from theodoi.web.problems import problem

_NUL_QUERY = ("%00", "\x00")
_NUL_BODY = (b"\\u0000", b"\x00")


def install(app: FastAPI) -> None:
    @app.middleware("http")
    async def refuse_nul(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        query = request.url.query
        if any(n in query for n in _NUL_QUERY) or any(n in request.url.path for n in _NUL_QUERY):
            return _refused()
        if request.headers.get("content-type", "").startswith("application/json"):
            body = await request.body()
            if any(n in body for n in _NUL_BODY):
                return _refused()
        return await call_next(request)


def _refused() -> Response:
    return problem(422, "invalid-request", "Dữ liệu không hợp lệ",
                   "văn bản không được chứa ký tự NUL (text may not contain NUL characters)")
