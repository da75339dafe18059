"""A report's page (its evidence, the coordinator's accept / return, the leader's decision), the
coordinator's review queue, and evidence downloads."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from theodoi.errors import Invalid
from theodoi.services import inbox, reports, views
from theodoi.services.permissions import allowed, require
from theodoi.web.deps import Id, QueryId, WorkspaceDep
from theodoi.web.pages.viewing import SignedInDep, check_csrf
from theodoi.web.rendering import render

router = APIRouter()
Text = Annotated[str, Form(max_length=4000)]


@router.get("/reports/{report_id}")
def report_page(request: Request, report_id: Id, who: SignedInDep, ws: WorkspaceDep, sent: int = 0) -> Response:
    assert who.principal is not None
    report = views.report(ws, who.principal, report_id)
    task = views.task(ws, who.principal, report["task_id"])
    return render(request, who, "report.html", report=report, task=task, sent=bool(sent),
                  may_review=allowed(who.principal, "review"), may_decide=allowed(who.principal, "decide"))


@router.post("/reports/{report_id}/review")
def review(report_id: Id, who: SignedInDep, ws: WorkspaceDep, verdict: Annotated[str, Form(pattern="^(accept|return)$")],
           csrf_token: Text = "", comment: Text = "", version: Annotated[int | None, Form()] = None,
           back: Text = "") -> Response:
    check_csrf(who, csrf_token)
    principal = require(who.principal, "review")
    acting = ws.acting_as(principal.actor)
    if verdict == "accept":
        reports.accept(acting, report_id, comment=comment.strip() or None, expected_version=version)
    else:
        if not comment.strip():
            raise Invalid("cần ghi lý do trả lại báo cáo (say why the report is returned)")
        reports.return_report(acting, report_id, comment=comment.strip(), expected_version=version)
    target = back if back.startswith("/review") else f"/reports/{report_id}"
    return RedirectResponse(target, status_code=303)


@router.post("/reports/{report_id}/decide")
def decide(report_id: Id, who: SignedInDep, ws: WorkspaceDep, decision: Annotated[str, Form(min_length=1, max_length=4000)],
           csrf_token: Text = "") -> Response:
    check_csrf(who, csrf_token)
    principal = require(who.principal, "decide")
    reports.decide(ws.acting_as(principal.actor), report_id, decision=decision.strip())
    return RedirectResponse(f"/reports/{report_id}", status_code=303)


@router.get("/review")
def queue(request: Request, who: SignedInDep, ws: WorkspaceDep, plan_id: QueryId = None) -> Response:
    assert who.principal is not None
    return render(request, who, "review_queue.html", queue=inbox.review_queue(ws, who.principal, plan_id=plan_id))


@router.get("/evidence/{evidence_id}")
def evidence(evidence_id: Id, who: SignedInDep, ws: WorkspaceDep) -> Response:
    assert who.principal is not None
    name, media, content = inbox.evidence_file(ws, who.principal, evidence_id)
    return Response(content, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; sandbox"})
