"""The public's view through the API (no account): published plans, verified progress only."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from theodoi.services import transparency
from theodoi.web.deps import Id, PageDep, WorkspaceDep

router = APIRouter(tags=["public"])


@router.get("/public/plans", summary="Kế hoạch công khai (published plans, for the public)")
def public_plans(ws: WorkspaceDep, paging: PageDep) -> dict[str, Any]:
    return paging.cut(transparency.plans(ws))  # type: ignore[arg-type]


@router.get("/public/plans/{plan_id}", summary="Một kế hoạch công khai và nhiệm vụ (a published plan and its tasks)")
def public_plan(
    plan_id: Id, ws: WorkspaceDep, paging: PageDep,
    q: Annotated[str | None, Query(description="Search without diacritics")] = None,
    status: Annotated[str | None, Query(description="Statuses, comma-separated (overdue,due_soon)")] = None,
) -> dict[str, Any]:
    picture = transparency.plan(ws, plan_id, search=q, status=status)
    return {k: v for k, v in picture.items() if k not in ("tasks", "shown", "by_status")} | {
        "tasks": paging.cut(picture["shown"])}
