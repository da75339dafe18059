"""An agency's inbox (what it owes now) and the report form with its files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from theodoi.errors import DocumentTooLarge, TheodoiError
from theodoi.services import inbox, reports
from theodoi.web import page_cache
from theodoi.web.deps import QueryId, WorkspaceDep
from theodoi.web.pages.viewing import SignedInDep, check_csrf
from theodoi.web.rendering import Viewer, render
from theodoi.web.uploads import declared_too_large, files_of, text_fields

router = APIRouter()
MAX_FILES = 10


@router.get("/inbox")
def inbox_page(request: Request, who: SignedInDep, ws: WorkspaceDep, agency_id: QueryId = None, group: str = "",
               page: Annotated[int, Query(ge=1, le=100000)] = 1) -> Response:
    def draw(viewer: Viewer) -> Response:
        assert viewer.principal is not None
        box = inbox.owed(ws, viewer.principal, agency_id=agency_id)
        return render(request, viewer, "inbox.html", box=box, view=inbox.paged(box, group or None, page))

    return page_cache.page(request, who, ws, draw)


@router.get("/reports/new")
def report_form(request: Request, who: SignedInDep, ws: WorkspaceDep, task_id: QueryId = None, period: str = "",
                agency_id: QueryId = None) -> Response:
    assert who.principal is not None
    if task_id is None:
        return RedirectResponse("/inbox", status_code=303)
    form = inbox.report_form(ws, who.principal, task_id=task_id, period=period or None, agency_id=agency_id)
    return render(request, who, "report_form.html", form=form, values=form["values"], error=None)


@router.post("/reports")
async def submit(request: Request, who: SignedInDep, ws: WorkspaceDep) -> Response:
    assert who.principal is not None
    limit = ws.settings.evidence_max_mb
    if declared_too_large(request, limit, MAX_FILES):
        raise DocumentTooLarge(f"tổng dung lượng gửi lên vượt quá giới hạn ({limit:g} MB mỗi tệp) (upload too large)")
    form = await request.form(max_files=MAX_FILES, max_fields=40)
    fields = text_fields(form)
    check_csrf(who, fields.get("csrf_token"))
    try:
        task_id, agency_id = int(fields.get("task_id", "0")), int(fields["agency_id"]) if fields.get("agency_id") else None
        data = inbox.report_input(fields, await files_of(form, "files", limit))
        done = await run_in_threadpool(_submit, ws, who, task_id, agency_id, fields, data)
    except (TheodoiError, ValueError) as exc:
        return await run_in_threadpool(_again, request, who, ws, fields, exc)
    return RedirectResponse(f"/reports/{done}?sent=1", status_code=303)


def _submit(ws: WorkspaceDep, who: Viewer, task_id: int, agency_id: int | None, fields: dict[str, str],
            data: reports.ReportInput) -> int:
    assert who.principal is not None
    agency = inbox.agency_of(who.principal, agency_id)
    inbox.report_form(ws, who.principal, task_id=task_id, period=fields.get("period") or None, agency_id=agency)
    version = int(fields["version"]) if fields.get("version", "").isdigit() else None
    return reports.submit(ws.acting_as(who.principal.actor), task_id=task_id, agency_id=agency,
                          period=fields.get("period", ""), data=data, expected_version=version).id


def _again(request: Request, who: Viewer, ws: WorkspaceDep, fields: dict[str, str], exc: Exception) -> Response:
    """The form again, with what was typed and what was wrong (nothing was saved)."""
    assert who.principal is not None
    task_id = int(fields["task_id"]) if fields.get("task_id", "").isdigit() else 0
    agency_id = int(fields["agency_id"]) if fields.get("agency_id", "").isdigit() else None
    form = inbox.report_form(ws, who.principal, task_id=task_id, period=fields.get("period") or None, agency_id=agency_id)
    status = exc.status if isinstance(exc, TheodoiError) else 400
    message = str(exc) if isinstance(exc, TheodoiError) else "dữ liệu không hợp lệ (invalid form data)"
    return render(request, who, "report_form.html", status=status, form=form, values=fields, error=message)
