"""Who is looking at a page (from the session cookie), sign-in redirects, and the CSRF check of forms."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request

from theodoi.errors import Forbidden
from theodoi.services.accounts import session_principal
from theodoi.web import i18n
from theodoi.web.deps import COOKIE, WorkspaceDep
from theodoi.web.rendering import Viewer

LANG_COOKIE = "lang"


class SignInFirst(Exception):
    """A page needs an account: the handler redirects to the sign-in page, then back."""

    def __init__(self, target: str) -> None:
        super().__init__(target)
        self.target = target


def viewer(request: Request, ws: WorkspaceDep) -> Viewer:
    language = i18n.choose(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))
    secret = request.cookies.get(COOKIE)
    found = session_principal(ws, secret) if secret else None
    if found is None:
        return Viewer(None, "", language)
    return Viewer(found[0], found[1], language)


ViewerDep = Annotated[Viewer, Depends(viewer)]


def signed_in(request: Request, who: ViewerDep) -> Viewer:
    if who.principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInFirst(f"/login?next={quote(target)}")
    return who


SignedInDep = Annotated[Viewer, Depends(signed_in)]


def check_csrf(who: Viewer, token: str | None) -> None:
    """A form that changes something must carry the session's CSRF token."""
    if not who.csrf or not token or not secrets.compare_digest(who.csrf, token):
        raise Forbidden("biểu mẫu đã hết hạn, hãy tải lại trang (the form expired: reload the page)")
