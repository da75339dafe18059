"""Rendered pages kept for reuse: the busiest pages (dashboard, inbox, a plan's tasks, a task) are drawn
once per account, language, address and version of the register, then served from memory until the
register changes (:mod:`theodoi.services.snapshots`: any change writes an audit event, and a new event
is a new version; never longer than its ``TTL``).

A kept page is the same for every session of the account but for the CSRF token of its forms: it is
drawn with a random stand-in, which each request replaces by its own session's token. Only what a
signed-in account reads (GET) is kept; what the page says comes from the register alone (no clock but
the day, no per-request state but the address), so a kept page is exactly the page drawing it again
would give. A kept page is served before the routing (:mod:`theodoi.web.kept_pages`).

A process draws one page at a time (``DRAWING_AT_ONCE``); the others asked meanwhile wait their turn.
Drawing is CPU work under one interpreter lock: several at once would not finish sooner — each would
wait for the lock after every query — and every kept page served meanwhile would wait behind them
(``bench/load.py``, 50 closed-loop clients: the dashboard's p95 194 ms with every page drawing at once,
128 ms with two, 37–90 ms with one; the pages being drawn wait longer instead, and the server spends
less CPU a request).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Hashable
from dataclasses import replace

from fastapi import Request
from fastapi.responses import Response

from theodoi.services import snapshots
from theodoi.services.workspace import Workspace
from theodoi.web.rendering import Viewer

Kept = tuple[str, int, bytes, tuple[tuple[str, str], ...], str | None]  # stand-in, status, body, headers, type
SKIPPED_HEADERS = {"content-length", "set-cookie"}
DRAWING_AT_ONCE = 1  # pages drawn at once in a process (see the module docstring)
_drawing = threading.BoundedSemaphore(DRAWING_AT_ONCE)


def page(request: Request, viewer: Viewer, ws: Workspace, draw: Callable[[Viewer], Response]) -> Response:
    """The page ``draw`` makes for ``viewer``, drawn now or kept from an earlier request."""
    if request.method not in ("GET", "HEAD") or viewer.principal is None or not viewer.csrf:
        return draw(viewer)
    _paths.add(request.url.path)
    kept = snapshots.remember(ws, question(viewer, request.url.path, request.url.query),
                              lambda: _drawn(draw, viewer), weigh=lambda kept: len(kept[2]))
    status, headers, body, media_type = served(kept, viewer.csrf)
    return Response(body, status_code=status, headers=dict(headers), media_type=media_type)


def question(viewer: Viewer, path: str, query: str) -> tuple[Hashable, ...]:
    assert viewer.principal is not None
    return ("page", viewer.principal.user_id, viewer.language, path, query)


def served(kept: Kept, csrf: str) -> tuple[int, tuple[tuple[str, str], ...], bytes, str | None]:
    """A kept page for a session: its status, headers, body (with the session's CSRF token) and type."""
    stand_in, status, body, headers, media_type = kept
    return status, headers, body.replace(stand_in.encode(), csrf.encode()), media_type


def kept(ws: Workspace, viewer: Viewer, path: str, query: str, version: int) -> Kept | None:
    """The page kept for ``viewer`` at this address and version of the register, if there is one (never
    drawn here)."""
    if viewer.principal is None or not viewer.csrf:
        return None
    found: Kept | None = snapshots.peek(ws, question(viewer, path, query), version)
    return found


class _Paths:
    """The addresses pages were kept for (a bounded set: only those are worth looking up early)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._seen: dict[str, None] = {}

    def add(self, path: str) -> None:
        if path not in self._seen:
            if len(self._seen) >= self.size:
                self._seen.pop(next(iter(self._seen)))
            self._seen[path] = None

    def clear(self) -> None:
        self._seen.clear()

    def __contains__(self, path: object) -> bool:
        return path in self._seen


_paths = _Paths(4 * snapshots.SIZE)


def known_paths() -> _Paths:
    """The addresses pages were kept for in this process."""
    return _paths


def _drawn(draw: Callable[[Viewer], Response], viewer: Viewer) -> Kept:
    stand_in = "csrf-" + secrets.token_urlsafe(24)
    with _drawing:
        response = draw(replace(viewer, csrf=stand_in))
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in SKIPPED_HEADERS)
    return stand_in, response.status_code, bytes(response.body), headers, response.media_type
