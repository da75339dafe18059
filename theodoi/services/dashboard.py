"""The dashboard's picture for an account on a day: status counts, on-time rates by agency, overdue and
due-soon lists, reports owed around the day, escalations awaiting a decision, the plans' targets.
An officer's dashboard is its agency's parts; everyone else's is every published plan."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from theodoi.domain.status import Rollup, Status, rollup
from theodoi.services import obligations, snapshots
from theodoi.services import status as status_service
from theodoi.services.accounts import Principal
from theodoi.services.permissions import agency_scope, organisation_scope, require
from theodoi.services.plans import plan_label
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Plan, PlanTarget, ProgressReport, Task
from theodoi.text import collation_key

LIST_LIMIT = 15


def dashboard(ws: Workspace, principal: Principal, *, on: date | None = None) -> dict[str, Any]:
    require(principal, "read")
    day = on or ws.today()
    scope = agency_scope(principal)
    org = organisation_scope(principal)
    return snapshots.remember(ws, ("dashboard", scope, tuple(org or ()), day), lambda: _picture(ws, day, scope, org))


def _picture(ws: Workspace, day: date, scope: int | None, org: list[int] | None) -> dict[str, Any]:
    view = status_service.overview(ws, on=day, agency_ids=[scope] if scope is not None else None, tasks=scope is None,
                                   organisation_id=org if scope is None else None)
    items = view.parts if scope is not None else view.tasks
    counts: Rollup = rollup(i.status for i in items)
    with ws.read() as session:
        texts = dict(session.execute(select(Task.id, Task.text).where(
            Task.id.in_({i.task_id for i in items} or {-1}))).all())
        plans = {p.id: p for p in session.scalars(select(Plan).where(Plan.status == "published",
                                                                     Plan.id.in_({i.plan_id for i in items} or {-1})))}
        agencies = {p.agency_id for p in view.parts} | ({scope} if scope is not None else set())
        names = dict(session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(agencies or {-1}))).all())
        escalations = _escalations(session, scope, org, names)
        targets = [{"plan": plan_label(plans[t.plan_id], short=True), "text": t.text, "value": t.value, "unit": t.unit}
                   for t in session.scalars(select(PlanTarget).where(
                       PlanTarget.plan_id.in_(list(plans) or [-1]), PlanTarget.task_id.is_(None)))]

    def entry(i: Any) -> dict[str, Any]:
        text = texts.get(i.task_id, "")
        return {"task_id": i.task_id, "plan": plan_label(plans[i.plan_id], short=True) if i.plan_id in plans else "",
                "ref": i.key, "text": text if len(text) <= 140 else text[:137].rstrip() + "…",
                "due": i.assessment.due, "days": i.assessment.days_left, "status": i.status.value,
                "status_label": i.status.label}

    overdue = sorted((i for i in items if i.status is Status.OVERDUE), key=lambda i: i.assessment.days_left or 0)
    soon = sorted((i for i in items if i.status is Status.DUE_SOON), key=lambda i: i.assessment.days_left or 0)
    recent = obligations.obligations(ws, on=day, agency_ids=[scope] if scope is not None else None, horizon_days=30,
                                     organisation_id=org if scope is None else None, since=day - timedelta(days=120))
    return {
        "as_of": day,
        "scope": names.get(scope) if scope is not None else None,
        "counts": counts.to_dict(),
        "by_status": [(s.value, s.label, counts.count(s)) for s in Status if counts.count(s)],
        "agencies": _agencies(view, names) if scope is None else [],
        "overdue": [entry(i) for i in overdue[:LIST_LIMIT]], "overdue_total": len(overdue),
        "due_soon": [entry(i) for i in soon[:LIST_LIMIT]], "due_soon_total": len(soon),
        "owed": dict(Counter(o.state for o in recent)),
        "owed_by_agency": _owed_by_agency(recent, names) if scope is None else [],
        "escalations": escalations,
        "targets": targets,
        "demo": any(p.demo for p in plans.values()),
        "plans": [{"id": p.id, "kind": p.kind, "number": p.number, "title": p.title}  # the picture's plans
                  for p in sorted(plans.values(), key=lambda p: p.id)],
    }


def _agencies(view: status_service.Overview, names: dict[int, str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for agency_id, r in view.by_agency().items():
        rows.append({"agency_id": agency_id, "agency": names.get(agency_id, ""), "total": r.total,
                     "overdue": r.count(Status.OVERDUE), "due_soon": r.count(Status.DUE_SOON),
                     "done": r.done, "on_time_rate": r.on_time_rate})
    rows.sort(key=lambda r: (-r["overdue"], -r["total"], collation_key(r["agency"])))
    return rows


def _owed_by_agency(items: list[obligations.Obligation], names: dict[int, str]) -> list[dict[str, Any]]:
    counts: dict[int, Counter[str]] = {}
    for item in items:
        counts.setdefault(item.agency_id, Counter())[item.state] += 1
    rows: list[dict[str, Any]] = [{"agency": names.get(a, ""), "missing": c["missing"], "late": c["late"], "returned": c["returned"],
             "on_time": c["on_time"], "pending": c["pending"]} for a, c in counts.items()]
    rows.sort(key=lambda r: (-r["missing"], collation_key(r["agency"])))
    return rows[:LIST_LIMIT]


def _escalations(session: Any, scope: int | None, org: list[int] | None, names: dict[int, str]) -> list[dict[str, Any]]:
    query = select(ProgressReport, Task).join(Task, Task.id == ProgressReport.task_id).where(
        ProgressReport.escalated.is_(True), ProgressReport.escalation_state == "open")
    if scope is not None:
        query = query.where(ProgressReport.agency_id == scope)
    elif org is not None:
        query = query.join(Plan, Plan.id == ProgressReport.plan_id).where(Plan.organisation_id.in_(org))
    rows = session.execute(query.order_by(ProgressReport.submitted_at).limit(50)).all()
    missing = {r.agency_id for r, _ in rows} - set(names)
    if missing:
        names = {**names, **dict(session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(missing))).all())}
    return [{"report_id": r.id, "task_id": t.id, "ref": t.key, "agency": names.get(r.agency_id, ""),
             "period": r.period, "obstacles": r.obstacles, "proposals": r.proposals}
            for r, t in rows]
