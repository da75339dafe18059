"""Plans: the list, a plan's section tree and tasks (filters, diacritic-insensitive search), a task."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from theodoi.domain.dates import parse_day
from theodoi.domain.status import Status
from theodoi.errors import Invalid
from theodoi.services import views
from theodoi.services.report_files import current_quarter, report_file, report_periods
from theodoi.web import page_cache
from theodoi.web.deps import Id, QueryId, WorkspaceDep
from theodoi.web.pages.viewing import SignedInDep
from theodoi.web.rendering import Viewer, render

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
    on = parse_day(as_of) if as_of else None

    def draw(viewer: Viewer) -> Response:
        assert viewer.principal is not None
        shown = views.plan_page(ws, viewer.principal, plan_id, statuses=status or None, search=q or None,
                                section=section or None, on=on)
        return render(request, viewer, "plan.html", **shown, statuses=list(Status), status_filter=status, q=q,
                      section=section, as_of=as_of, report_periods=report_periods(ws.today()))

    return page_cache.page(request, who, ws, draw)


@router.get("/tasks/{task_id}")
def task_page(request: Request, task_id: Id, who: SignedInDep, ws: WorkspaceDep) -> Response:
    def draw(viewer: Viewer) -> Response:
        assert viewer.principal is not None
        task = views.task(ws, viewer.principal, task_id)
        return render(request, viewer, "task.html", task=task, plan=task["plan"])

    return page_cache.page(request, who, ws, draw)


@router.get("/plans/{plan_id}/report")
def report_download(request: Request, plan_id: Id, who: SignedInDep, ws: WorkspaceDep, period: str = "",
                    format: str = "docx", agency_id: QueryId = None) -> Response:
    """The consolidated report of a period (or an agency's own), downloaded (the form on the plan's page)."""
    assert who.principal is not None
    made = report_file(ws, who.principal, plan_id=plan_id, period=period or current_quarter(ws.today()), fmt=format,
                       agency_id=agency_id)
    return Response(made.data, media_type=made.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{made.filename}"'})


@router.get("/report")
def report_choice(who: SignedInDep, plan_id: QueryId = None, period: str = "", format: str = "docx",
                  agency_id: QueryId = None) -> Response:
    """The dashboard's report form: on to the chosen plan's report (no script needed to build its address)."""
    if plan_id is None:
        raise Invalid("hãy chọn một kế hoạch (choose a plan)")
    query = {"period": period, "format": format, **({"agency_id": str(agency_id)} if agency_id else {})}
    return RedirectResponse(f"/plans/{plan_id}/report?{urlencode(query)}", status_code=303)
