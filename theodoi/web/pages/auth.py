"""Signing in and out, and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from theodoi.errors import TooManyAttempts, Unauthorised
from theodoi.services import accounts
from theodoi.web.deps import COOKIE, WorkspaceDep
from theodoi.web.i18n import LANGUAGES
from theodoi.web.pages.viewing import LANG_COOKIE, ViewerDep, check_csrf
from theodoi.web.rendering import render

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Only a path of this site (no "//host", no scheme): an open redirect is refused."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login")
def login_form(request: Request, who: ViewerDep, next: str = "/") -> Response:
    if who.principal is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return render(request, who, "login.html", next=safe_next(next))


@router.post("/login")
def login(
    request: Request, who: ViewerDep, ws: WorkspaceDep, username: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=500)], next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    address = request.client.host if request.client else ""
    try:
        _, secret, _ = accounts.login(ws, username, password, address=address)
    except (Unauthorised, TooManyAttempts) as exc:
        return render(request, who, "login.html", status=exc.status, error=str(exc), username=username,
                      next=safe_next(next))
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(COOKIE, secret, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                        max_age=accounts.SESSION_DAYS * 86400, path="/")
    return response


@router.post("/logout")
def logout(request: Request, who: ViewerDep, ws: WorkspaceDep,
           csrf_token: Annotated[str | None, Form()] = None) -> Response:
    check_csrf(who, csrf_token)
    secret = request.cookies.get(COOKIE)
    if secret:
        accounts.logout(ws, secret)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/language/{code}")
def language(code: str, next: str = "/") -> Response:
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 86400, samesite="lax", path="/")
    return response
