"""A plan's GRDP growth scenario: where it stands, with its chart; a new scenario file uploaded."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from theodoi.errors import EmptyDocument, TheodoiError
from theodoi.services import scenario, views
from theodoi.services.permissions import require
from theodoi.web import charts
from theodoi.web.deps import Id, WorkspaceDep
from theodoi.web.pages.viewing import SignedInDep, check_csrf
from theodoi.web.rendering import Viewer, render
from theodoi.web.uploads import declared_too_large, read_bounded, text_fields

router = APIRouter()
LIMIT_MB = scenario.MAX_BYTES / 1024 / 1024


@router.get("/plans/{plan_id}/scenario")
def scenario_page(request: Request, plan_id: Id, who: SignedInDep, ws: WorkspaceDep) -> Response:
    return _page(request, who, ws, plan_id)


def _page(request: Request, who: Viewer, ws: WorkspaceDep, plan_id: int, error: str | None = None,
          status: int = 200) -> Response:
    assert who.principal is not None
    plan = views.plan(ws, who.principal, plan_id)
    picture = scenario.shown(ws, who.principal, plan_id)
    chart = ""
    if picture is not None:
        rows = [(q["name"], q["growth"], q["scenario"]) for q in picture["quarters"]]
        known = {q["quarter"] for q in picture["quarters"]}
        rows += [(name, None, rate) for number, (name, rate) in enumerate(
            zip(("Quý I", "Quý II", "Quý III", "Quý IV"), picture["planned"], strict=True), start=1)
            if number not in known]
        chart = charts.growth_bars(rows, picture["needed"]["growth"] if picture["needed"] else None,
                                   "Tăng trưởng GRDP theo quý")
    return render(request, who, "scenario.html", status=status, plan=plan, picture=picture, chart=chart, error=error)


@router.post("/plans/{plan_id}/scenario")
async def scenario_upload(request: Request, plan_id: Id, who: SignedInDep, ws: WorkspaceDep) -> Response:
    principal = require(who.principal, "manage")
    try:
        if declared_too_large(request, LIMIT_MB):
            raise EmptyDocument("tệp kịch bản quá lớn (scenario file too large)")
        form = await request.form(max_files=1, max_fields=5)
        check_csrf(who, text_fields(form).get("csrf_token"))
        sent = form.get("file")
        if sent is None or isinstance(sent, str) or not sent.filename:
            raise EmptyDocument("chưa chọn tệp kịch bản (choose the scenario file)")
        content = (await read_bounded(sent, LIMIT_MB)).decode("utf-8", errors="strict")
        await run_in_threadpool(scenario.keep, ws.acting_as(principal.actor), plan_id, content, by=principal)
    except UnicodeDecodeError:
        return await run_in_threadpool(_page, request, who, ws, plan_id, "tệp phải là UTF-8 (the file must be UTF-8)", 422)
    except TheodoiError as exc:
        if exc.status in (403, 404):
            raise
        return await run_in_threadpool(_page, request, who, ws, plan_id, str(exc), exc.status)
    return RedirectResponse(f"/plans/{plan_id}/scenario?kept=1", status_code=303)
