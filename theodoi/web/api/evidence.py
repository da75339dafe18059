"""Evidence files: attach to a report not yet accepted, download."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

from theodoi.errors import DocumentTooLarge
from theodoi.services import inbox, reports, views
from theodoi.services.permissions import require
from theodoi.web.deps import Id, PrincipalDep, WorkspaceDep
from theodoi.web.uploads import declared_too_large, read_bounded

router = APIRouter(tags=["evidence"])
MAX_FILES = 10


@router.post("/reports/{report_id}/evidence", status_code=201,
             summary="Đính kèm tệp minh chứng (attach evidence files to a report not yet accepted)")
async def attach(request: Request, report_id: Id, ws: WorkspaceDep, who: PrincipalDep,
                 files: Annotated[list[UploadFile], File(description="Tệp minh chứng (evidence files)")]) -> dict[str, Any]:
    limit = ws.settings.evidence_max_mb
    if declared_too_large(request, limit, MAX_FILES) or len(files) > MAX_FILES:
        raise DocumentTooLarge(f"gửi quá nhiều hoặc quá lớn (tối đa {MAX_FILES} tệp, {limit:g} MB mỗi tệp) (upload too large)")
    report = views.report(ws, who, report_id)
    require(who, "report", agency_id=report["agency_id"])
    contents = [(f.filename or "", await read_bounded(f, limit)) for f in files]
    from starlette.concurrency import run_in_threadpool

    await run_in_threadpool(reports.add_evidence, ws.acting_as(who.actor), report_id, contents)
    return await run_in_threadpool(views.report, ws, who, report_id)


@router.get("/evidence/{evidence_id}", summary="Tải tệp minh chứng (download an evidence file)",
            response_class=Response, responses={200: {"content": {"application/octet-stream": {}}}})
def download(evidence_id: Id, ws: WorkspaceDep, who: PrincipalDep) -> Response:
    name, media, content = inbox.evidence_file(ws, who, evidence_id)
    return Response(content, media_type=media, headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}", "X-Content-Type-Options": "nosniff"})
