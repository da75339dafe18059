"""Read models of the tracking cycle for lists: reports owed, with agency names."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from theodoi.domain.periods import parse_period
from theodoi.errors import Invalid
from theodoi.services.agencies import find_agency
from theodoi.services.obligations import STATES, obligations
from theodoi.services.plans import find_plan
from theodoi.services.workspace import Workspace
from theodoi.store import Agency

ROLE_LABELS = {"lead": "Chủ trì", "support": "Phối hợp"}


def owed_rows(
    ws: Workspace, *, on: date, period: str | None = None, plan: str | None = None, agency: str | None = None,
    state: str | None = None,
) -> list[dict[str, Any]]:
    if state is not None and state not in STATES:
        raise Invalid(f"tình trạng '{state}' không có; dùng: {', '.join(STATES)} (unknown state)")
    with ws.read() as session:
        plan_ids = [find_plan(session, plan).id] if plan else None
        agency_ids = [find_agency(session, agency).id] if agency else None
    items = obligations(ws, on=on, period=period, plan_ids=plan_ids, agency_ids=agency_ids)
    with ws.read() as session:
        names = dict(session.execute(select(Agency.id, Agency.name).where(
            Agency.id.in_({i.agency_id for i in items} or {-1}))).all())
    return [
        {"plan": i.plan_id, "period": i.period, "period_label": parse_period(i.period).label, "due": i.due, "agency_id": i.agency_id,
         "agency": names.get(i.agency_id, ""), "task": i.task_key, "role": i.role, "role_label": ROLE_LABELS[i.role], "state": i.state,
         "report": i.report_id, "submitted_on": i.submitted_on}
        for i in items if state is None or i.state == state
    ]
