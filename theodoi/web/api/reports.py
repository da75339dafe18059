"""Progress reports: list, read, submit (officers for their agency), accept, return, decide."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from theodoi.errors import Invalid
from theodoi.services import reports, views
from theodoi.services.permissions import require
from theodoi.web.deps import Id, IfMatch, PageDep, PrincipalDep, QueryId, WorkspaceDep, etag
from theodoi.web.schemas import DecisionIn, ReportIn, ReviewIn

router = APIRouter(tags=["reports"])


@router.get("/reports", summary="Báo cáo tiến độ (progress reports the account may see)")
def list_reports(
    ws: WorkspaceDep, who: PrincipalDep, paging: PageDep,
    plan_id: QueryId = None, period: Annotated[str | None, Query(max_length=40)] = None,
    agency_id: QueryId = None,
    review_state: Annotated[str | None, Query(pattern="^(submitted|accepted|returned)$")] = None,
) -> dict[str, Any]:
    rows, total = views.reports(ws, who, plan_id=plan_id, period=period, agency_id=agency_id,
                                review_state=review_state, limit=paging.per_page, offset=paging.offset)
    return {"data": rows, "count": total, "page": paging.page, "per_page": paging.per_page}


@router.get("/reports/{report_id}", summary="Một báo cáo (a report)")
def get_report(report_id: Id, ws: WorkspaceDep, who: PrincipalDep, response: Response) -> dict[str, Any]:
    report = views.report(ws, who, report_id)
    response.headers["ETag"] = etag("report", report_id, report["version"])
    return report


@router.post("/reports", status_code=201, summary="Gửi báo cáo (submit or resubmit a report)")
def submit_report(body: ReportIn, ws: WorkspaceDep, who: PrincipalDep, version: IfMatch, response: Response) -> dict[str, Any]:
    agency_id = body.agency_id if body.agency_id is not None else who.agency_id
    if agency_id is None:
        raise Invalid("cần agency_id: cơ quan báo cáo (the reporting agency)")
    require(who, "report", agency_id=agency_id)
    data = reports.ReportInput(status=body.status, percent=body.percent, result=body.result, obstacles=body.obstacles,
                               proposals=body.proposals, escalate=body.escalate, output_document=body.output_document,
                               completed_on=body.completed_on)
    done = reports.submit(ws.acting_as(who.actor), task_id=body.task_id, agency_id=agency_id, period=body.period,
                          data=data, expected_version=version)
    response.headers["ETag"] = etag("report", done.id, done.version)
    return views.report(ws, who, done.id)


@router.post("/reports/{report_id}/accept", summary="Chấp nhận báo cáo (accept; the report is locked)")
def accept_report(report_id: Id, body: ReviewIn, ws: WorkspaceDep, who: PrincipalDep, version: IfMatch) -> dict[str, Any]:
    require(who, "review")
    reports.accept(ws.acting_as(who.actor), report_id, comment=body.comment, expected_version=version)
    return views.report(ws, who, report_id)


@router.post("/reports/{report_id}/return", summary="Trả lại báo cáo (return with a comment)")
def return_report(report_id: Id, body: ReviewIn, ws: WorkspaceDep, who: PrincipalDep, version: IfMatch) -> dict[str, Any]:
    require(who, "review")
    reports.return_report(ws.acting_as(who.actor), report_id, comment=body.comment or "", expected_version=version)
    return views.report(ws, who, report_id)


@router.post("/reports/{report_id}/decide", summary="Quyết định về đề xuất vượt thẩm quyền (decide an escalation)")
def decide_report(report_id: Id, body: DecisionIn, ws: WorkspaceDep, who: PrincipalDep) -> dict[str, Any]:
    require(who, "decide")
    reports.decide(ws.acting_as(who.actor), report_id, decision=body.decision)
    return views.report(ws, who, report_id)
