"""The status picture for ``theodoi status``: counts by status for the tasks, and per agency (its
parts, lead and coordinating) with the on-time rate, for a plan, an agency or an organisation."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from theodoi.domain.status import Rollup, Status
from theodoi.errors import Invalid
from theodoi.services import status as status_service
from theodoi.services.agencies import find_agency
from theodoi.services.plans import find_plan
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Organisation
from theodoi.text import collation_key


def _organisation(session: Any, text: str) -> Organisation:
    org = session.scalar(select(Organisation).where(Organisation.code == text))
    if org is None:
        raise Invalid(f"không có tổ chức '{text}' (no such organisation)")
    return org


def status_summary(
    ws: Workspace, *, on: date | None = None, plan: str | None = None, agency: str | None = None,
    organisation: str | None = None,
) -> dict[str, Any]:
    day = on or ws.today()
    with ws.read() as session:
        plan_ids = [find_plan(session, plan).id] if plan else None
        agency_row = find_agency(session, agency) if agency else None
        org_id = _organisation(session, organisation).id if organisation else None
    view = status_service.overview(
        ws, on=day, plan_ids=plan_ids, agency_ids=[agency_row.id] if agency_row else None, organisation_id=org_id,
        tasks=agency_row is None,
    )
    per_agency = view.by_agency()
    leads = view.by_agency("lead")
    with ws.read() as session:
        names = dict(session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(list(per_agency) or [-1]))).all())
    agencies = [
        {"agency_id": agency_id, "agency": names.get(agency_id, str(agency_id)), **_counts(r),
         "lead": leads[agency_id].total if agency_id in leads else 0}
        for agency_id, r in per_agency.items()
    ]
    agencies.sort(key=lambda a: collation_key(a["agency"]))
    return {
        "as_of": day.isoformat(),
        "scope": {"plan": plan, "agency": agency_row.name if agency_row else None, "organisation": organisation},
        "tasks": view.by_task().to_dict() if agency_row is None else None,
        "parts": _merge(per_agency.values()).to_dict(),
        "agencies": agencies,
    }


def _merge(rollups: Any) -> Rollup:
    counts: dict[Status, int] = {}
    for r in rollups:
        for status, n in r.counts.items():
            counts[status] = counts.get(status, 0) + n
    return Rollup(counts)


def _counts(r: Rollup) -> dict[str, Any]:
    d: dict[str, Any] = r.to_dict()
    return {"total": d["total"], **d["counts"], "on_time_rate": d["on_time_rate"]}
