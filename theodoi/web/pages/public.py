"""The public transparency pages: no account needed, published plans only, verified progress only."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from theodoi.domain.status import Status
from theodoi.services import snapshots, transparency
from theodoi.web import charts
from theodoi.web.deps import Id, WorkspaceDep
from theodoi.web.pages.viewing import ViewerDep
from theodoi.web.rendering import render

router = APIRouter()


@router.get("/public")
def public_plans(request: Request, who: ViewerDep, ws: WorkspaceDep) -> Response:
    return render(request, who, "public.html", plans=transparency.plans(ws))


@router.get("/public/plans/{plan_id}")
def public_plan(request: Request, who: ViewerDep, ws: WorkspaceDep, plan_id: Id, q: str = "", status: str = "",
                section: str = "") -> Response:
    picture = transparency.plan(ws, plan_id, search=q, status=status or None, section=section or None)
    chart = snapshots.remember(ws, ("public-chart", plan_id, picture["as_of"]),
                               lambda: charts.status_bars(picture["by_status"], "Nhiệm vụ theo trạng thái"))
    return render(request, who, "public_plan.html", plan=picture, chart=chart, q=q, status_filter=status,
                  section=section, statuses=list(Status))
