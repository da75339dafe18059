"""Request guards applied to every route: text with NUL characters is refused (PostgreSQL cannot store
it and no Vietnamese document contains it), before any route runs. A plain ASGI middleware: it looks at
the address of every request and reads the body of JSON requests only (kept and handed on)."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from theodoi.web.problems import problem

_NUL_QUERY = ("%00", "\x00")
_NUL_BODY = (b"\\u0000", b"\x00")


class RefuseNul:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        path = unquote(scope.get("raw_path", b"").decode("latin-1")) if scope.get("raw_path") else scope["path"]
        if any(n in query or n in path or n in scope["path"] for n in _NUL_QUERY):
            await _refused()(scope, receive, send)
            return
        if _header(scope, b"content-type").startswith(b"application/json"):
            messages, body = await _read(receive)
            if any(n in body for n in _NUL_BODY):
                await _refused()(scope, receive, send)
                return
            receive = _replay(messages, receive)
        await self.app(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_middleware(RefuseNul)


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return bytes(value)
    return b""


async def _read(receive: Receive) -> tuple[list[Message], bytes]:
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            break
    return messages, b"".join(m.get("body", b"") for m in messages if m["type"] == "http.request")


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def again() -> Any:
        return pending.pop(0) if pending else await receive()

    return again


def _refused() -> Any:
    return problem(422, "invalid-request", "Dữ liệu không hợp lệ",
                   "văn bản không được chứa ký tự NUL (text may not contain NUL characters)")
