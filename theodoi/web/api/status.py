"""Statuses and the reports owed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from theodoi.domain.dates import parse_day
from theodoi.services import summary, tracking_views, views
from theodoi.services.permissions import agency_scope, require
from theodoi.web.deps import PageDep, PrincipalDep, QueryId, WorkspaceDep

router = APIRouter(tags=["status"])
AsOf = Annotated[str | None, Query(max_length=20, description="Ngày (dd/mm/yyyy or yyyy-mm-dd); default today")]


@router.get("/status", summary="Tình hình thực hiện: số nhiệm vụ theo trạng thái, theo cơ quan")
def status(
    ws: WorkspaceDep, who: PrincipalDep, as_of: AsOf = None,
    plan: Annotated[str | None, Query(max_length=80)] = None,
    agency: Annotated[str | None, Query(max_length=200)] = None,
    organisation: Annotated[str | None, Query(max_length=80)] = None,
) -> dict[str, Any]:
    require(who, "read")
    scope = agency_scope(who)
    return summary.status_summary(ws, on=parse_day(as_of) if as_of else None, plan=plan,
                                  agency=str(scope) if scope is not None else agency, organisation=organisation)


@router.get("/owed", summary="Báo cáo phải nộp: đúng hạn, muộn, chưa nộp (reports owed)")
def owed(
    ws: WorkspaceDep, who: PrincipalDep, paging: PageDep, as_of: AsOf = None,
    period: Annotated[str | None, Query(max_length=40)] = None,
    plan: Annotated[str | None, Query(max_length=80)] = None,
    agency: Annotated[str | None, Query(max_length=200)] = None,
    state: Annotated[str | None, Query(pattern="^(on_time|late|returned|pending|missing)$")] = None,
) -> dict[str, Any]:
    require(who, "read")
    scope = agency_scope(who)
    day = parse_day(as_of) if as_of else ws.today()
    rows = tracking_views.owed_rows(ws, on=day, period=period, plan=plan,
                                    agency=str(scope) if scope is not None else agency, state=state)
    return paging.cut(rows)  # type: ignore[arg-type]


@router.get("/indicators", summary="Chỉ tiêu của các kế hoạch (the plans' targets)")
def indicators(ws: WorkspaceDep, who: PrincipalDep, paging: PageDep, plan_id: QueryId = None) -> dict[str, Any]:
    return paging.cut(views.targets(ws, who, plan_id=plan_id))  # type: ignore[arg-type]
