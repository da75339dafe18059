"""One task: its deadline, agencies, reports the account may see, history, status."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from theodoi.domain.dates import parse_day
from theodoi.services import views
from theodoi.web.deps import Id, PrincipalDep, WorkspaceDep, etag

router = APIRouter(tags=["tasks"])


@router.get("/tasks/{task_id}", summary="Một nhiệm vụ (a task)")
def get_task(
    task_id: Id, ws: WorkspaceDep, who: PrincipalDep, response: Response,
    as_of: Annotated[str | None, Query(description="Ngày (dd/mm/yyyy); default today")] = None,
) -> dict[str, Any]:
    task = views.task(ws, who, task_id, on=parse_day(as_of) if as_of else None)
    response.headers["ETag"] = etag("task", task_id, task["version"])
    return task
