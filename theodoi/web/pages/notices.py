"""Notifications of an agency: reports reviewed, escalations, reminders — and marking them read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from theodoi.services import inbox
from theodoi.web.deps import QueryId, WorkspaceDep
from theodoi.web.pages.viewing import SignedInDep, check_csrf
from theodoi.web.rendering import render

router = APIRouter()


@router.get("/notifications")
def notifications(request: Request, who: SignedInDep, ws: WorkspaceDep, agency_id: QueryId = None) -> Response:
    assert who.principal is not None
    rows = inbox.notifications_of(ws, who.principal, agency_id=agency_id)
    return render(request, who, "notifications.html", rows=rows, unread=[r["id"] for r in rows if r["read_at"] is None])


@router.post("/notifications/read")
def mark_read(who: SignedInDep, ws: WorkspaceDep, csrf_token: Annotated[str, Form(max_length=200)] = "",
              ids: Annotated[list[int] | None, Form()] = None) -> Response:
    check_csrf(who, csrf_token)
    assert who.principal is not None
    inbox.mark_read(ws, who.principal, [i for i in ids or [] if 0 < i < 2**31])
    return RedirectResponse("/notifications", status_code=303)
