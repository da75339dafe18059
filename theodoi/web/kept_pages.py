"""Kept pages served before the routing: a signed-in GET of an address whose page this process keeps
(:mod:`theodoi.web.page_cache`) is answered from the session lookup alone — one query for the session,
its account and the register's version, the kept bytes with the session's CSRF token — without the
router and the dependencies. On PostgreSQL the lookup is made on the event loop itself, over a
connection of its own (``Workspace.on_loop``: a one-row indexed read, about 0.3 ms, instead of three
hand-overs of the interpreter lock to a thread and back while a page is being drawn); on SQLite in a
thread. Everything else, and any lookup that fails, goes on to
the app unchanged; what was looked up is handed on (``scope["theodoi.viewer"]``), so a page drawn
after all asks the database for the session once.

It answers exactly what the route would: a page is kept only once its route drew it for this account,
language, address and query at this version of the register (its permission checks passed then, and any
change since — a role, an agency, a disabled account — is a new version).
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from theodoi.services.workspace import Workspace
from theodoi.web import page_cache
from theodoi.web.deps import COOKIE
from theodoi.web.pages.viewing import SCOPE_KEY, look_up

SKIPPED = ("/api/", "/static/")


class ServeKept:
    def __init__(self, app: ASGIApp, workspace: Workspace) -> None:
        self.app = app
        self.ws = workspace

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["path"].startswith(SKIPPED):
            request = Request(scope)
            path = request.url.path
            if COOKIE in request.cookies and path in page_cache.known_paths():
                inline = self.ws.on_loop()
                try:  # PostgreSQL: a one-row indexed read on the loop (about 0.3 ms), else in a thread
                    who, version = look_up(request, inline) if inline else await run_in_threadpool(look_up, request, self.ws)
                except Exception:  # noqa: BLE001 - any failure: the app meets it again and says it, with its error page
                    await self.app(scope, receive, send)
                    return
                scope[SCOPE_KEY] = (who, version)
                found = page_cache.kept(self.ws, who, path, request.url.query, version) if version else None
                if found is not None:
                    await _send(send, *page_cache.served(found, who.csrf))
                    return
        await self.app(scope, receive, send)


async def _send(send: Send, status: int, headers: tuple[tuple[str, str], ...], body: bytes,
                media_type: str | None) -> None:
    raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    if media_type and not any(k == b"content-type" for k, _ in raw):  # as starlette's Response would say it
        charset = "; charset=utf-8" if media_type.startswith("text/") else ""
        raw.append((b"content-type", f"{media_type}{charset}".encode("latin-1")))
    raw.append((b"content-length", str(len(body)).encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
