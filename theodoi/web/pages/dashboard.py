"""The dashboard."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from theodoi.domain.dates import parse_day
from theodoi.services.dashboard import dashboard
from theodoi.web import charts
from theodoi.web.deps import WorkspaceDep
from theodoi.web.pages.viewing import SignedInDep
from theodoi.web.rendering import render

router = APIRouter()


@router.get("/")
def home(request: Request, who: SignedInDep, ws: WorkspaceDep, as_of: str | None = None) -> Response:
    assert who.principal is not None
    picture = dashboard(ws, who.principal, on=parse_day(as_of) if as_of else None)
    rates = [(a["agency"], a["on_time_rate"]) for a in picture["agencies"] if a["on_time_rate"] is not None][:12]
    return render(request, who, "dashboard.html", picture=picture,
                  status_chart=charts.status_bars(picture["by_status"], "Nhiệm vụ theo trạng thái"),
                  rate_chart=charts.rate_bars(rates, "Tỷ lệ đúng hạn theo cơ quan"))
