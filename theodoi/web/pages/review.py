"""Upload a plan → the review screen (each task beside its source, highlighted; corrections; names to
map; findings) → publish."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from theodoi.errors import DocumentTooLarge, EmptyDocument, TheodoiError
from theodoi.services import editing, imports, plans, review_screen, views
from theodoi.services.permissions import require
from theodoi.web.deps import Id, WorkspaceDep
from theodoi.web.pages.viewing import SignedInDep, check_csrf
from theodoi.web.rendering import Viewer, render
from theodoi.web.uploads import declared_too_large, read_bounded, text_fields

router = APIRouter()
Text = Annotated[str, Form(max_length=20000)]


@router.get("/upload")
def upload_form(request: Request, who: SignedInDep, ws: WorkspaceDep) -> Response:
    return _upload_page(request, who, ws)


def _upload_page(request: Request, who: Viewer, ws: WorkspaceDep, error: str | None = None, status: int = 200) -> Response:
    principal = require(who.principal, "manage")
    return render(request, who, "upload.html", status=status, error=error, plans=views.plans(ws, principal),
                  max_mb=ws.settings.import_max_mb)


@router.post("/upload")
async def upload(request: Request, who: SignedInDep, ws: WorkspaceDep) -> Response:
    principal = require(who.principal, "manage")
    limit = ws.settings.import_max_mb
    try:
        if declared_too_large(request, limit):
            raise DocumentTooLarge(f"tệp lớn hơn {limit:g} MB (file too large)")
        form = await request.form(max_files=1, max_fields=10)
        fields = text_fields(form)
        check_csrf(who, fields.get("csrf_token"))
        sent = form.get("document")
        if sent is None or isinstance(sent, str) or not sent.filename:
            raise EmptyDocument("chưa chọn tệp văn bản kế hoạch (choose the plan's file)")
        content = await read_bounded(sent, limit)
        revises = int(fields["revises"]) if fields.get("revises", "").isdigit() else None
        done = await run_in_threadpool(imports.import_upload, ws.acting_as(principal.actor), sent.filename, content,
                                       revises=revises)
    except TheodoiError as exc:
        if exc.status == 403:
            raise
        return await run_in_threadpool(_upload_page, request, who, ws, str(exc), exc.status)
    return RedirectResponse(f"/plans/{done.plan_id}/review{'' if done.created else '?again=1'}", status_code=303)


@router.get("/plans/{plan_id}/review")
def review_page(request: Request, plan_id: Id, who: SignedInDep, ws: WorkspaceDep, again: int = 0) -> Response:
    assert who.principal is not None
    return render(request, who, "review.html", screen=review_screen.screen(ws, who.principal, plan_id), again=bool(again),
                  error=None, failed=None, typed={})


@router.post("/tasks/{task_id}/edit")
def edit(request: Request, task_id: Id, who: SignedInDep, ws: WorkspaceDep, csrf_token: Text = "",
         text: Text = "", deadline_text: Text = "", product: Text = "", lead: Text = "", support: Text = "",
         version: Annotated[int | None, Form()] = None) -> Response:
    check_csrf(who, csrf_token)
    principal = require(who.principal, "manage")
    plan_id = views.task(ws, principal, task_id)["plan_id"]
    changes = editing.TaskChanges(text=text, deadline_text=deadline_text, product=product, lead=lead, support=support)
    try:
        editing.edit_task(ws.acting_as(principal.actor), task_id, changes, expected_version=version)
    except TheodoiError as exc:  # the screen again, with what was typed and what was wrong
        return render(request, who, "review.html", status=exc.status, screen=review_screen.screen(ws, principal, plan_id),
                      again=False, error=str(exc), failed=task_id, typed=changes.__dict__)
    return RedirectResponse(f"/plans/{plan_id}/review?saved={task_id}#task-{task_id}", status_code=303)


@router.post("/review-items/{item_id}")
def settle(item_id: Id, who: SignedInDep, ws: WorkspaceDep, action: Annotated[str, Form(pattern="^(map|dismiss)$")],
           csrf_token: Text = "", agency: Text = "", reason: Text = "") -> Response:
    check_csrf(who, csrf_token)
    principal = require(who.principal, "manage")
    acting = ws.acting_as(principal.actor)
    if action == "map":
        item = plans.map_review(acting, item_id, agency.strip())
    else:
        item = plans.dismiss_review(acting, item_id, reason=reason.strip() or "không phải cơ quan thực hiện")
    return RedirectResponse(f"/plans/{item.plan_id}/review#names", status_code=303)


@router.post("/plans/{plan_id}/publish")
def publish(request: Request, plan_id: Id, who: SignedInDep, ws: WorkspaceDep, csrf_token: Text = "", force: Text = "",
            version: Annotated[int | None, Form()] = None) -> Response:
    check_csrf(who, csrf_token)
    principal = require(who.principal, "manage")
    try:
        plans.publish(ws.acting_as(principal.actor), plan_id, force=force == "on", expected_version=version)
    except TheodoiError as exc:
        if exc.status in (403, 404):
            raise
        return render(request, who, "review.html", status=exc.status, screen=review_screen.screen(ws, principal, plan_id),
                      again=False, error=str(exc), failed=None, typed={})
    return RedirectResponse(f"/plans/{plan_id}?published=1", status_code=303)
