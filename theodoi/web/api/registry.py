"""The agency registry and notifications."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from theodoi.services import inbox, listing
from theodoi.services.permissions import require
from theodoi.web.deps import MAX_ID, PageDep, PrincipalDep, WorkspaceDep
from theodoi.web.schemas import ReadIn

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
    agency_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="Default: the account's agency")] = None,
    unread: Annotated[bool, Query()] = False,
) -> dict[str, Any]:
    data = inbox.notifications_of(ws, who, agency_id=agency_id, unread=unread)
    return {"data": data, "count": len(data)}


@router.post("/notifications/read", summary="Đánh dấu đã đọc (mark notifications read)")
def read_notifications(body: ReadIn, ws: WorkspaceDep, who: PrincipalDep) -> dict[str, Any]:
    return {"marked": inbox.mark_read(ws, who, body.ids, agency_id=body.agency_id)}
