"""The dashboard."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from theodoi.domain.dates import parse_day
from theodoi.services import snapshots
from theodoi.services.dashboard import dashboard
from theodoi.services.permissions import agency_scope, organisation_scope
from theodoi.services.report_files import report_periods
from theodoi.web import charts, page_cache
from theodoi.web.deps import WorkspaceDep
from theodoi.web.pages.viewing import SignedInDep
from theodoi.web.rendering import Viewer, render

router = APIRouter()


@router.get("/")
def home(request: Request, who: SignedInDep, ws: WorkspaceDep, as_of: str | None = None) -> Response:
    assert who.principal is not None
    day = parse_day(as_of) if as_of else ws.today()

    def draw(viewer: Viewer) -> Response:
        assert viewer.principal is not None
        picture = dashboard(ws, viewer.principal, on=day)
        scope = (agency_scope(viewer.principal), tuple(organisation_scope(viewer.principal) or ()), day)
        status_chart, rate_chart = snapshots.remember(ws, ("dashboard-charts", *scope), lambda: _charts(picture))
        return render(request, viewer, "dashboard.html", picture=picture, status_chart=status_chart,
                      rate_chart=rate_chart, report_plans=picture["plans"] if viewer.principal.role != "officer"
                      or viewer.principal.agency_id else [], report_periods=report_periods(day))

    return page_cache.page(request, who, ws, draw)


def _charts(picture: dict[str, Any]) -> tuple[str, str]:
    rates = [(a["agency"], a["on_time_rate"]) for a in picture["agencies"] if a["on_time_rate"] is not None][:12]
    return (charts.status_bars(picture["by_status"], "Nhiệm vụ theo trạng thái"),
            charts.rate_bars(rates, "Tỷ lệ đúng hạn theo cơ quan"))
