"""Signing in and out, and who I am."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from theodoi.services import accounts
from theodoi.web.deps import COOKIE, MaybePrincipal, PrincipalDep, WorkspaceDep
from theodoi.web.schemas import LoginIn

router = APIRouter(tags=["session"])


@router.post("/session", summary="Đăng nhập (sign in): sets the session cookie, returns the CSRF token")
def sign_in(body: LoginIn, request: Request, response: Response, ws: WorkspaceDep) -> dict[str, Any]:
    address = request.client.host if request.client else ""
    who, secret, csrf = accounts.login(ws, body.username, body.password, address=address)
    secure = request.url.scheme == "https"
    response.set_cookie(COOKIE, secret, httponly=True, samesite="lax", secure=secure,
                        max_age=accounts.SESSION_DAYS * 86400, path="/")
    return {"user": _me(who), "csrf_token": csrf}


@router.delete("/session", status_code=204, summary="Đăng xuất (sign out)")
def sign_out(request: Request, response: Response, ws: WorkspaceDep, who: MaybePrincipal) -> None:
    secret = request.cookies.get(COOKIE)
    if secret:
        accounts.logout(ws, secret)
    response.delete_cookie(COOKIE, path="/")


@router.get("/me", summary="Tài khoản đang đăng nhập (the signed-in account)")
def me(who: PrincipalDep) -> dict[str, Any]:
    return _me(who)


def _me(who: accounts.Principal) -> dict[str, Any]:
    return {"id": who.user_id, "username": who.username, "name": who.display_name, "role": who.role,
            "agency_id": who.agency_id}
