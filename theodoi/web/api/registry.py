"""The agency registry and notifications."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from theodoi.errors import Invalid
from theodoi.services import listing, notifications
from theodoi.services.permissions import agency_scope, require
from theodoi.web.deps import MAX_ID, PageDep, PrincipalDep, WorkspaceDep

router = APIRouter(tags=["registry"])


@router.get("/agencies", summary="Danh mục cơ quan (agencies in force)")
def list_agencies(
    ws: WorkspaceDep, who: PrincipalDep, paging: PageDep,
    organisation: Annotated[str | None, Query(max_length=80)] = None,
    kind: Annotated[str | None, Query(max_length=30)] = None,
    search: Annotated[str | None, Query(max_length=200, description="Part of the name, diacritics ignored")] = None,
) -> dict[str, Any]:
    require(who, "read")
    return paging.cut(listing.agencies(ws, organisation=organisation, kind=kind, search=search))  # type: ignore[arg-type]


@router.get("/notifications", summary="Thông báo của cơ quan (notifications of an agency)")
def list_notifications(
    ws: WorkspaceDep, who: PrincipalDep,
    agency_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Default: the officer's agency")] = None,
    unread: Annotated[bool, Query()] = False,
) -> dict[str, Any]:
    require(who, "read")
    scope = agency_scope(who)
    target = scope if scope is not None else agency_id
    if target is None:
        raise Invalid("cần agency_id (which agency's notifications)")
    with ws.read() as session:
        rows = notifications.inbox(session, target, unread_only=unread)
        data = [{"id": n.id, "kind": n.kind, "title": n.title, "body": n.body, "link": n.link,
                 "created_at": n.created_at, "read_at": n.read_at} for n in rows]
    return {"data": data, "count": len(data)}
