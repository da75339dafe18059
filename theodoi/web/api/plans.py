"""Plans and their tasks."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from theodoi.domain.dates import parse_day
from theodoi.errors import NotFound
from theodoi.services import indicators, scenario, views
from theodoi.services.report_files import MEDIA, report_file
from theodoi.web.deps import Id, PageDep, PrincipalDep, QueryId, WorkspaceDep, etag
from theodoi.web.schemas import FigureIn, IndicatorIn, ScenarioIn

router = APIRouter(tags=["plans"])
AsOf = Annotated[str | None, Query(description="Ngày (dd/mm/yyyy or yyyy-mm-dd); default today")]


@router.get("/plans", summary="Danh sách kế hoạch (plans)")
def list_plans(ws: WorkspaceDep, who: PrincipalDep, paging: PageDep) -> dict[str, Any]:
    return paging.cut(views.plans(ws, who))  # type: ignore[arg-type]


@router.get("/plans/{plan_id}", summary="Một kế hoạch (a plan)")
def get_plan(plan_id: Id, ws: WorkspaceDep, who: PrincipalDep, response: Response) -> dict[str, Any]:
    plan = views.plan(ws, who, plan_id)
    response.headers["ETag"] = etag("plan", plan_id, plan["version"])
    return plan


@router.get("/plans/{plan_id}/tasks", summary="Nhiệm vụ của kế hoạch, với trạng thái (tasks with their status)")
def plan_tasks(
    plan_id: Id, ws: WorkspaceDep, who: PrincipalDep, paging: PageDep,
    status: Annotated[str | None, Query(description="Statuses, comma-separated (overdue,due_soon)")] = None,
    agency: Annotated[str | None, Query(description="An agency (id, code or name)")] = None,
    as_of: AsOf = None,
) -> dict[str, Any]:
    rows = views.tasks(ws, who, plan_id=plan_id, statuses=status, agency=agency,
                       on=parse_day(as_of) if as_of else None)
    return paging.cut(rows)  # type: ignore[arg-type]


@router.get("/plans/{plan_id}/audit", summary="Nhật ký thay đổi của kế hoạch (audit trail)")
def plan_audit(plan_id: Id, ws: WorkspaceDep, who: PrincipalDep, paging: PageDep) -> dict[str, Any]:
    return paging.cut(views.audit_trail(ws, who, plan_id=plan_id, limit=5000))  # type: ignore[arg-type]


@router.get("/plans/{plan_id}/report", summary="Báo cáo tổng hợp của một kỳ (the consolidated report, a file)",
            response_class=Response,
            responses={200: {"content": {m: {} for m in MEDIA.values()}, "description": "the file"}})
def plan_report(
    plan_id: Id, ws: WorkspaceDep, who: PrincipalDep,
    period: Annotated[str, Query(description="Kỳ: 2025-Q3, 'Quý III/2025', 2025-H1, 2025", max_length=40)],
    format: Annotated[Literal["docx", "pdf", "xlsx"], Query(description="docx | pdf | xlsx")] = "docx",
    as_of: AsOf = None,
    agency_id: Annotated[QueryId, Query(description="An agency's own report (an officer: its own agency)")] = None,
) -> Response:
    made = report_file(ws, who, plan_id=plan_id, period=period, fmt=format, on=parse_day(as_of) if as_of else None,
                       agency_id=agency_id)
    return Response(made.data, media_type=made.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{made.filename}"'})


@router.get("/plans/{plan_id}/indicators", summary="Chỉ tiêu của kế hoạch, số liệu và đánh giá (indicators)")
def plan_indicators(plan_id: Id, ws: WorkspaceDep, who: PrincipalDep) -> list[dict[str, Any]]:
    return indicators.standings(ws, who, plan_id)


@router.post("/plans/{plan_id}/indicators", status_code=201, summary="Thêm chỉ tiêu (add an indicator)")
def add_indicator(plan_id: Id, body: IndicatorIn, ws: WorkspaceDep, who: PrincipalDep) -> dict[str, int]:
    spec = indicators.NewIndicator(body.name, body.unit, body.kind, body.target, body.comparator, body.baseline,
                                   body.period)
    return {"id": indicators.add(ws.acting_as(who.actor), plan_id, spec, by=who)}


@router.post("/indicators/{indicator_id}/values", status_code=201, summary="Ghi số liệu (record a figure)")
def add_figure(indicator_id: Id, body: FigureIn, ws: WorkspaceDep, who: PrincipalDep) -> dict[str, int]:
    return {"id": indicators.record(ws.acting_as(who.actor), indicator_id, period=body.period, value=body.value,
                                    vintage=body.vintage, source=body.source, published_on=body.published_on, by=who)}


@router.get("/plans/{plan_id}/scenario", summary="Kịch bản tăng trưởng GRDP và tình hình thực hiện (growth scenario)")
def plan_scenario(plan_id: Id, ws: WorkspaceDep, who: PrincipalDep) -> dict[str, Any]:
    picture = scenario.shown(ws, who, plan_id)
    if picture is None:
        raise NotFound(f"kế hoạch {plan_id} chưa có kịch bản tăng trưởng (no growth scenario kept)")
    return picture


@router.post("/plans/{plan_id}/scenario", status_code=201, summary="Lưu kịch bản tăng trưởng mới (keep a scenario)")
def keep_scenario(plan_id: Id, body: ScenarioIn, ws: WorkspaceDep, who: PrincipalDep) -> dict[str, Any]:
    kept = scenario.keep(ws.acting_as(who.actor), plan_id, body.text, by=who)
    return {"id": kept, **(scenario.shown(ws, who, plan_id) or {})}
