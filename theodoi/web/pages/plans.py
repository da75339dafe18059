"""Plans: the list, a plan's section tree and tasks (filters, diacritic-insensitive search), a task."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from theodoi.domain.dates import parse_day
from theodoi.domain.status import Status
from theodoi.services import views
from theodoi.web.deps import Id, WorkspaceDep
from theodoi.web.pages.viewing import SignedInDep
from theodoi.web.rendering import render

router = APIRouter()


@router.get("/plans")
def plan_list(request: Request, who: SignedInDep, ws: WorkspaceDep) -> Response:
    assert who.principal is not None
    return render(request, who, "plans.html", plans=views.plans(ws, who.principal))


@router.get("/plans/{plan_id}")
def plan_page(
    request: Request, plan_id: Id, who: SignedInDep, ws: WorkspaceDep, status: str = "", q: str = "",
    section: str = "", as_of: str = "",
) -> Response:
    assert who.principal is not None
    on = parse_day(as_of) if as_of else None
    plan = views.plan(ws, who.principal, plan_id)
    tasks = views.tasks(ws, who.principal, plan_id=plan_id, statuses=status or None, search=q or None,
                        section=section or None, on=on)
    return render(request, who, "plan.html", plan=plan, tasks=tasks, tree=views.sections(ws, who.principal, plan_id, on=on),
                  statuses=list(Status), status_filter=status, q=q, section=section, as_of=as_of)


@router.get("/tasks/{task_id}")
def task_page(request: Request, task_id: Id, who: SignedInDep, ws: WorkspaceDep) -> Response:
    assert who.principal is not None
    task = views.task(ws, who.principal, task_id)
    return render(request, who, "task.html", task=task, plan=views.plan(ws, who.principal, task["plan_id"]))
