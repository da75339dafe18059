"""The public's view (no account): the published plans and how their tasks stand, from what the
coordinator has accepted only — a report awaiting review or returned changes nothing here. Shown:
the plan, its sections, each task's content, lead and coordinating agencies, deadline, status and the
result of its latest accepted report. Never shown: drafts, obstacles, proposals, review comments,
evidence files, people's names or accounts. Pictures are kept (:mod:`theodoi.services.snapshots`)
and computed with a fixed number of queries whatever the plan's size."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, select

from theodoi.domain.status import Status, rollup
from theodoi.errors import NotFound
from theodoi.services import listing, snapshots
from theodoi.services import status as status_service
from theodoi.services.plans import plan_label
from theodoi.services.workspace import Workspace
from theodoi.store import Plan, PlanSection, PlanTarget, ProgressReport, Task

RESULT_CHARS = 400


def plans(ws: Workspace, *, on: date | None = None) -> list[dict[str, Any]]:
    """Every published plan with the roll-up of its tasks' verified statuses."""
    day = on or ws.today()
    return snapshots.remember(ws, ("public-plans", day), lambda: _plans(ws, day))


def _plans(ws: Workspace, day: date) -> list[dict[str, Any]]:
    with ws.read() as session:
        rows = list(session.scalars(select(Plan).where(Plan.status == "published").order_by(Plan.effective_from.desc(),
                                                                                            Plan.id.desc())))
        headers = [_header(p) for p in rows]
    rolled = status_service.overview(ws, on=day, plan_ids=[h["id"] for h in headers] or [-1], verified=True).by_plan()
    for h in headers:
        r = rolled.get(h["id"])
        h["rollup"] = r.to_dict() if r else None
        h["done"] = r.done if r else 0
        h["total"] = r.total if r else 0
        h["on_time_rate"] = r.on_time_rate if r else None
    return headers


def plan(ws: Workspace, plan_id: int, *, on: date | None = None, search: str | None = None,
         status: str | None = None, section: str | None = None) -> dict[str, Any]:
    """One published plan (a draft, superseded or unknown plan is "not found"), its tasks filtered."""
    day = on or ws.today()
    picture = snapshots.remember(ws, ("public-plan", plan_id, day), lambda: _plan(ws, plan_id, day))
    return {**picture, "shown": listing.narrow(picture["tasks"], statuses=status, section=section, search=search)}


def _plan(ws: Workspace, plan_id: int, day: date) -> dict[str, Any]:
    with ws.read() as session:
        row = session.get(Plan, plan_id)
        if row is None or row.status != "published":
            raise NotFound(f"không có kế hoạch công khai {plan_id} (no such published plan)")
        header = _header(row)
        tasks = list(session.execute(select(Task.id, Task.ref, Task.part, Task.text, Task.section_ref, Task.deadline_text)
                                     .where(Task.plan_id == plan_id).order_by(Task.position)))
        names = listing.names_on(session, day, [t[0] for t in tasks])
        results = _accepted_results(session, plan_id, ws.end_of(day))
        sections = list(session.scalars(select(PlanSection).where(PlanSection.plan_id == plan_id)
                                        .order_by(PlanSection.position)))
        targets = [{"text": t.text, "value": t.value, "unit": t.unit} for t in session.scalars(
            select(PlanTarget).where(PlanTarget.plan_id == plan_id, PlanTarget.task_id.is_(None)).order_by(PlanTarget.id))]
        updated = session.scalar(select(func.max(ProgressReport.reviewed_at)).where(
            ProgressReport.plan_id == plan_id, ProgressReport.review_state == "accepted"))
    view = status_service.overview(ws, on=day, plan_ids=[plan_id], verified=True)
    states = {t.task_id: t for t in view.tasks}
    rows: list[dict[str, Any]] = []
    for task_id, ref, part, text, section_ref, deadline in tasks:
        key = ref if part == 1 else f"{ref}#{part}"
        state = states.get(task_id)
        lead, support = names.get(task_id, ([], []))
        result = results.get(task_id)
        rows.append({
            "ref": key, "text": text, "section": section_ref or "", "lead": lead, "support": support,
            "deadline": deadline, "due": state.assessment.due if state else None,
            "status": state.status.value if state else None, "status_label": state.status.label if state else "",
            "result": result[0] if result else None, "result_period": result[1] if result else None,
        })
    counts = rollup(t.status for t in view.tasks)
    return {
        **header, "as_of": day, "updated": ws.local_date(updated) if updated else None,
        "counts": counts.to_dict(), "by_status": [(s.value, s.label, counts.count(s)) for s in Status if counts.count(s)],
        "on_time_rate": counts.on_time_rate, "tree": _tree(sections, view.by_section(), plan_id),
        "targets": targets, "tasks": rows,
    }


def _header(p: Plan) -> dict[str, Any]:
    return {"id": p.id, "label": plan_label(p), "short": plan_label(p, short=True), "kind": p.kind, "number": p.number,
            "title": p.title, "issuer": p.issuer, "issued_on": p.issued_on, "effective_from": p.effective_from,
            "demo": p.demo}


def _accepted_results(session: Any, plan_id: int, end: Any) -> dict[int, tuple[str, str]]:
    """Per task: the result text and period of its latest accepted report (one query for the plan)."""
    rows = session.execute(
        select(ProgressReport.task_id, ProgressReport.result, ProgressReport.period)
        .where(ProgressReport.plan_id == plan_id, ProgressReport.review_state == "accepted",
               ProgressReport.submitted_at < end)
        .order_by(ProgressReport.task_id, ProgressReport.period_end, ProgressReport.submitted_at)).all()
    found: dict[int, tuple[str, str]] = {}
    for task_id, result, period in rows:
        text = (result or "").strip()
        if text:
            found[task_id] = (text if len(text) <= RESULT_CHARS else text[:RESULT_CHARS - 1].rstrip() + "…", period)
    return found


def _tree(sections: list[PlanSection], rolled: dict[tuple[int, str], Any], plan_id: int) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, Any]] = {}
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for s in sections:
        r = rolled.get((plan_id, s.ref))
        node: dict[str, Any] = {"ref": s.ref, "label": s.label, "title": s.title, "children": [],
                "total": r.total if r else 0, "done": r.done if r else 0, "overdue": r.count(Status.OVERDUE) if r else 0}
        nodes[s.ref] = node
        children[s.parent_ref if s.parent_ref in nodes else None].append(node)
    for ref, node in nodes.items():
        node["children"] = children.get(ref, [])
    return children.get(None, [])
