"""A plan from its document to publication: upload, the linter's findings, corrections of tasks, the
names awaiting review, publish — what the review screen does, for integrations."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from theodoi.errors import DocumentTooLarge, Invalid
from theodoi.services import editing, imports, plans, views
from theodoi.services.permissions import require
from theodoi.web.deps import Id, IfMatch, PageDep, PrincipalDep, WorkspaceDep, etag
from theodoi.web.schemas import PublishIn, ReviewItemIn, TaskEditIn
from theodoi.web.uploads import declared_too_large, read_bounded

router = APIRouter(tags=["drafts"])


@router.post("/plans", status_code=201, summary="Nhập kế hoạch từ văn bản (import a plan document as a draft)")
async def upload_plan(
    request: Request, ws: WorkspaceDep, who: PrincipalDep, response: Response,
    document: Annotated[UploadFile, File(description=".docx .doc .pdf .txt .html")],
    revises: Annotated[int | None, Form(ge=1, le=2_147_483_647, description="The plan this one revises")] = None,
) -> dict[str, Any]:
    require(who, "manage")
    limit = ws.settings.import_max_mb
    if declared_too_large(request, limit):
        raise DocumentTooLarge(f"tệp lớn hơn {limit:g} MB (file too large)")
    content = await read_bounded(document, limit)
    done = await run_in_threadpool(imports.import_upload, ws.acting_as(who.actor), document.filename or "", content,
                                   revises=revises)
    if not done.created:
        response.status_code = 200  # the same file was imported before: that plan
    return {"plan_id": done.plan_id, "created": done.created, "tasks": done.tasks, "assignments": done.assignments,
            "findings": done.findings, "review": done.review, "organisation": done.organisation}


@router.get("/plans/{plan_id}/findings", summary="Phát hiện của bộ kiểm tra dự thảo (the linter's findings)")
def plan_findings(plan_id: Id, ws: WorkspaceDep, who: PrincipalDep, paging: PageDep) -> dict[str, Any]:
    return paging.cut(views.findings(ws, who, plan_id))  # type: ignore[arg-type]


@router.get("/plans/{plan_id}/review-items", summary="Tên cơ quan cần rà soát (names awaiting review)")
def plan_review_items(plan_id: Id, ws: WorkspaceDep, who: PrincipalDep, paging: PageDep) -> dict[str, Any]:
    return paging.cut(views.review_items(ws, who, plan_id))  # type: ignore[arg-type]


@router.post("/review-items/{item_id}", summary="Gán hoặc bỏ qua một tên (map a name to an agency, or dismiss it)")
def settle_review_item(item_id: Id, body: ReviewItemIn, ws: WorkspaceDep, who: PrincipalDep) -> dict[str, Any]:
    require(who, "manage")
    acting = ws.acting_as(who.actor)
    if body.action == "map":
        if not body.agency:
            raise Invalid("cần tên cơ quan trong danh mục (map needs an agency)")
        item = plans.map_review(acting, item_id, body.agency)
    else:
        item = plans.dismiss_review(acting, item_id, reason=body.reason or "không phải cơ quan thực hiện")
    return {"id": item.id, "plan_id": item.plan_id, "state": item.state}


@router.patch("/tasks/{task_id}", summary="Sửa một nhiệm vụ trích xuất (correct an extracted task)")
def edit_task(task_id: Id, body: TaskEditIn, ws: WorkspaceDep, who: PrincipalDep, version: IfMatch,
              response: Response) -> dict[str, Any]:
    require(who, "manage")
    views.task(ws, who, task_id)  # visible?
    changes = editing.TaskChanges(text=body.text, deadline_text=body.deadline_text, product=body.product,
                                  lead="\n".join(body.lead) if body.lead is not None else None,
                                  support="\n".join(body.support) if body.support is not None else None)
    editing.edit_task(ws.acting_as(who.actor), task_id, changes, expected_version=version)
    task = views.task(ws, who, task_id)
    response.headers["ETag"] = etag("task", task_id, task["version"])
    return task


@router.post("/plans/{plan_id}/publish", summary="Ban hành kế hoạch (publish a draft)")
def publish_plan(plan_id: Id, body: PublishIn, ws: WorkspaceDep, who: PrincipalDep, version: IfMatch,
                 response: Response) -> dict[str, Any]:
    require(who, "manage")
    plans.publish(ws.acting_as(who.actor), plan_id, force=body.force, expected_version=version)
    plan = views.plan(ws, who, plan_id)
    response.headers["ETag"] = etag("plan", plan_id, plan["version"])
    return plan
