"""Rendered pages kept for reuse: the busiest pages (dashboard, inbox, a plan's tasks, a task) are drawn
once per account, language, address and version of the register, then served from memory until the
register changes (:mod:`theodoi.services.snapshots`: any change writes an audit event, and a new event
is a new version; never longer than its ``TTL``).

A kept page is the same for every session of the account but for the CSRF token of its forms: it is
drawn with a random stand-in, which each request replaces by its own session's token. Only what a
signed-in account reads (GET) is kept; what the page says comes from the register alone (no clock but
the day, no per-request state but the address), so a kept page is exactly the page drawing it again
would give.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace

from fastapi import Request
from fastapi.responses import Response

from theodoi.services import snapshots
from theodoi.services.workspace import Workspace
from theodoi.web.rendering import Viewer

Kept = tuple[str, int, bytes, tuple[tuple[str, str], ...], str | None]  # stand-in, status, body, headers, type
SKIPPED_HEADERS = {"content-length", "set-cookie"}


def page(request: Request, viewer: Viewer, ws: Workspace, draw: Callable[[Viewer], Response]) -> Response:
    """The page ``draw`` makes for ``viewer``, drawn now or kept from an earlier request."""
    if request.method not in ("GET", "HEAD") or viewer.principal is None or not viewer.csrf:
        return draw(viewer)
    question = ("page", viewer.principal.user_id, viewer.language, request.url.path, request.url.query)
    stand_in, status, body, headers, media_type = snapshots.remember(
        ws, question, lambda: _drawn(draw, viewer), weigh=lambda kept: len(kept[2]))
    return Response(body.replace(stand_in.encode(), viewer.csrf.encode()), status_code=status,
                    headers=dict(headers), media_type=media_type)


def _drawn(draw: Callable[[Viewer], Response], viewer: Viewer) -> Kept:
    stand_in = "csrf-" + secrets.token_urlsafe(24)
    response = draw(replace(viewer, csrf=stand_in))
    headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in SKIPPED_HEADERS)
    return stand_in, response.status_code, bytes(response.body), headers, response.media_type
