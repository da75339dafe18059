"""Dependencies of the routes: the workspace, who is asking (an API token or a session cookie, with
its CSRF check on unsafe methods), pagination and optimistic-locking headers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request

from theodoi.errors import Conflict, Forbidden, Unauthorised
from theodoi.services.accounts import Principal, session_principal, token_principal
from theodoi.services.workspace import Workspace

COOKIE = "theodoi_session"
MAX_ID = 2_147_483_647  # ids are 32-bit integers in the database
Id = Annotated[int, Path(ge=1, le=MAX_ID, description="Số hiệu (id)")]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID)]
SAFE = {"GET", "HEAD", "OPTIONS"}


async def workspace(request: Request) -> Workspace:  # async: no thread for a lookup
    ws: Workspace = request.app.state.workspace
    return ws


WorkspaceDep = Annotated[Workspace, Depends(workspace)]


def principal(request: Request, ws: WorkspaceDep) -> Principal | None:
    """The account of the request, or None (anonymous)."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        found = token_principal(ws, auth[7:].strip())
        if found is None:
            raise Unauthorised("mã truy cập không hợp lệ hoặc đã thu hồi (invalid or revoked token)")
        return found
    secret = request.cookies.get(COOKIE)
    if not secret:
        return None
    session = session_principal(ws, secret)
    if session is None:
        return None
    who, csrf = session.principal, session.csrf
    if request.method not in SAFE and request.headers.get("x-csrf-token") != csrf:
        raise Forbidden("thiếu hoặc sai mã chống giả mạo yêu cầu (missing or wrong CSRF token)")
    return who


MaybePrincipal = Annotated[Principal | None, Depends(principal)]


async def signed_in(who: MaybePrincipal) -> Principal:
    if who is None:
        raise Unauthorised("cần đăng nhập (sign in first)")
    return who


PrincipalDep = Annotated[Principal, Depends(signed_in)]


@dataclass(frozen=True)
class Page:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def cut(self, rows: list[object]) -> dict[str, object]:
        return {"data": rows[self.offset:self.offset + self.per_page], "count": len(rows), "page": self.page,
                "per_page": self.per_page}


async def page(
    page: Annotated[int, Query(ge=1, le=100000, description="Trang (page), from 1")] = 1,
    per_page: Annotated[int, Query(ge=1, le=500, description="Số dòng mỗi trang (rows per page)")] = 50,
) -> Page:
    return Page(page, per_page)


PageDep = Annotated[Page, Depends(page)]
_ETAG_RE = re.compile(r'^(?:W/)?"[a-z]+-\d+-v(\d+)"$')


def etag(kind: str, row_id: int, version: int) -> str:
    return f'W/"{kind}-{row_id}-v{version}"'


async def if_match(if_match: Annotated[str | None, Header(description="ETag of the version being changed")] = None) -> int | None:
    """The version an If-Match header names (None when absent)."""
    if if_match is None or if_match.strip() == "*":
        return None
    m = _ETAG_RE.match(if_match.strip())
    if m is None:
        raise Conflict("If-Match không phải ETag của theodoi (not a theodoi ETag)")
    return int(m.group(1))


IfMatch = Annotated[int | None, Depends(if_match)]
