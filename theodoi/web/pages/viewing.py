"""Who is looking at a page (from the session cookie), sign-in redirects, and the CSRF check of forms."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from theodoi.errors import Forbidden
from theodoi.services.accounts import session_principal
from theodoi.services.workspace import Workspace
from theodoi.web import i18n
from theodoi.web.deps import COOKIE, SAFE, WorkspaceDep
from theodoi.web.rendering import Viewer

LANG_COOKIE = "lang"
SCOPE_KEY = "theodoi.viewer"  # who asks, when looked up already (theodoi.web.kept_pages)


class SignInFirst(Exception):
    """A page needs an account: the handler redirects to the sign-in page, then back."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def look_up(request: Request, ws: Workspace) -> tuple[Viewer, int | None]:
    """Who asks, and the register's version read with the session (None: anonymous)."""
    language = i18n.choose(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))
    secret = request.cookies.get(COOKIE)
    found = session_principal(ws, secret) if secret else None
    if found is None:
        return Viewer(None, "", language), None
    return Viewer(found.principal, found.csrf, language), found.version


async def viewer(request: Request, ws: WorkspaceDep) -> Viewer:
    """Who asks (async, so that what it pins — the register's version read with the session — holds for
    the rest of the request: a page that only reads does not ask the database for it again)."""
    early = request.scope.get(SCOPE_KEY)
    who, version = early if early is not None else await run_in_threadpool(look_up, request, ws)
    if version is not None and request.method in SAFE:
        ws.pin_version(version)
    return who


ViewerDep = Annotated[Viewer, Depends(viewer)]


async def signed_in(request: Request, who: ViewerDep) -> Viewer:
    if who.principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInFirst(f"/login?next={quote(target)}")
    return who


SignedInDep = Annotated[Viewer, Depends(signed_in)]


def check_csrf(who: Viewer, token: str | None) -> None:
    """A form that changes something must carry the session's CSRF token."""
    if not who.csrf or not token or not secrets.compare_digest(who.csrf, token):
        raise Forbidden("biểu mẫu đã hết hạn, hãy tải lại trang (the form expired: reload the page)")
