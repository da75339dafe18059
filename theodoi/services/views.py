"""Read models of the register for an account (the web app and the API): what it may see, shaped as
plain dicts. Officers see the tasks and reports of their own agency only; a report of another agency
asked for by id is "not found" (its existence is not revealed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from theodoi.domain.periods import parse_period
from theodoi.errors import NotFound
from theodoi.services import listing, snapshots
from theodoi.services import status as status_service
from theodoi.services.accounts import Principal
from theodoi.services.permissions import agency_scope, allowed, require
from theodoi.services.reports import REVIEW_LABELS, STATUS_LABELS
from theodoi.services.workspace import Workspace
from theodoi.store import (
    Agency,
    Assignment,
    AuditEvent,
    Evidence,
    Plan,
    PlanFinding,
    PlanSection,
    PlanTarget,
    ProgressReport,
    ReviewItem,
    Task,
)


def plans(ws: Workspace, principal: Principal) -> list[dict[str, Any]]:
    require(principal, "read")
    rows = listing.plans(ws)
    if principal.role in ("officer", "leader"):
        rows = [r for r in rows if r["status"] == "published"]
    for r in rows:
        r["status_label"] = PLAN_STATUS_LABELS.get(str(r["status"]), r["status"])
    return rows


def plan(ws: Workspace, principal: Principal, plan_id: int) -> dict[str, Any]:
    require(principal, "read")
    with ws.read() as session:
        row = session.get(Plan, plan_id)
        if row is None or (row.status != "published" and principal.role in ("officer", "leader")):
            raise NotFound(f"không có kế hoạch {plan_id} (no such plan)")
        tasks = session.scalar(select(func.count()).select_from(Task).where(Task.plan_id == plan_id)) or 0
        return {
            "id": row.id, "kind": row.kind, "number": row.number, "title": row.title, "issuer": row.issuer,
            "status": row.status, "issued_on": row.issued_on, "effective_from": row.effective_from,
            "version_no": row.version_no, "supersedes": row.supersedes_id, "tasks": tasks,
            "source_name": row.source_name, "report_kinds": row.report_kinds, "due_rule": row.due_rule,
            "coordinator_id": row.coordinator_id, "version": row.version,
            "status_label": PLAN_STATUS_LABELS.get(row.status, row.status), "demo": row.demo,
        }


def tasks(
    ws: Workspace, principal: Principal, *, plan_id: int | None = None, statuses: str | None = None,
    agency: str | None = None, on: date | None = None, search: str | None = None, section: str | None = None,
) -> list[dict[str, Any]]:
    """Tasks with their status; ``search`` matches the text, ref or agencies without diacritics."""
    require(principal, "read")
    if plan_id is not None:
        plan(ws, principal, plan_id)  # visible?
    return _tasks(ws, principal, plan_id, statuses=statuses, agency=agency, on=on, search=search, section=section)


def _tasks(
    ws: Workspace, principal: Principal, plan_id: int | None, *, statuses: str | None = None, agency: str | None = None,
    on: date | None = None, search: str | None = None, section: str | None = None,
) -> list[dict[str, Any]]:
    scope = agency_scope(principal)
    day = on or ws.today()
    who = str(scope) if scope else agency
    rows = snapshots.remember(ws, ("tasks", plan_id, who, day), lambda: listing.tasks(
        ws, plan=str(plan_id) if plan_id else None, agency=who, on=day,
        view=_plan_overview(ws, plan_id, day) if plan_id else None))
    return listing.narrow(rows, statuses=statuses, section=section, search=search)


def sections(ws: Workspace, principal: Principal, plan_id: int, *, on: date | None = None) -> list[dict[str, Any]]:
    """The plan's section tree (nested), each section with the roll-up of its tasks' statuses."""
    plan(ws, principal, plan_id)
    return _sections(ws, plan_id, on=on)


def plan_page(
    ws: Workspace, principal: Principal, plan_id: int, *, statuses: str | None = None, search: str | None = None,
    section: str | None = None, on: date | None = None,
) -> dict[str, Any]:
    """A plan, its tasks (filtered) and its section tree: what the plan's page shows, checked once."""
    found = plan(ws, principal, plan_id)
    return {"plan": found, "tree": _sections(ws, plan_id, on=on),
            "tasks": _tasks(ws, principal, plan_id, statuses=statuses, on=on, search=search, section=section)}


def _sections(ws: Workspace, plan_id: int, *, on: date | None = None) -> list[dict[str, Any]]:
    day = on or ws.today()
    rolled = snapshots.remember(ws, ("sections", plan_id, day), lambda: _plan_overview(ws, plan_id, day).by_section())
    with ws.read() as session:
        rows = session.scalars(select(PlanSection).where(PlanSection.plan_id == plan_id).order_by(PlanSection.position))
        nodes: dict[str, dict[str, Any]] = {r.ref: {"ref": r.ref, "label": r.label, "title": r.title, "children": [],
                         "rollup": rolled[(plan_id, r.ref)].to_dict() if (plan_id, r.ref) in rolled else None,
                         "parent": r.parent_ref} for r in rows}
    roots: list[dict[str, Any]] = []
    for node in nodes.values():
        parent = nodes.get(node["parent"]) if node["parent"] else None
        (parent["children"] if parent else roots).append(node)
    return roots


def _plan_overview(ws: Workspace, plan_id: int, day: date) -> status_service.Overview:
    """The statuses of a plan's tasks and parts on a day, kept: the plan's page (for every agency), its
    section tree and each of its tasks' pages use them (a task's status costs about as many queries as its
    whole plan's)."""
    return snapshots.remember(ws, ("plan-overview", plan_id, day),
                              lambda: status_service.overview(ws, on=day, plan_ids=[plan_id]))


def _plan_states(ws: Workspace, plan_id: int, day: date) -> dict[int, status_service.TaskState]:
    return {t.task_id: t for t in _plan_overview(ws, plan_id, day).tasks}


def task(ws: Workspace, principal: Principal, task_id: int, *, on: date | None = None) -> dict[str, Any]:
    require(principal, "read")
    day = on or ws.today()
    with ws.read() as session:
        row = session.get(Task, task_id, options=[joinedload(Task.plan)])
        if row is None or row.plan.status not in ("published", "superseded") and principal.role in ("officer", "leader"):
            raise NotFound(f"không có nhiệm vụ {task_id} (no such task)")
        every = session.execute(  # the columns shown, not the entities (an agency row is wide)
            select(Assignment.agency_id, Assignment.role, Assignment.as_written, Assignment.valid_from,
                   Assignment.valid_to, Agency.full_name).join(Agency, Agency.id == Assignment.agency_id)
            .where(Assignment.task_id == task_id).order_by(Assignment.id)).all()
        parts = [a for a in every if a.valid_from <= day and (a.valid_to is None or day < a.valid_to)]
        scope = agency_scope(principal)
        if scope is not None and scope not in {a.agency_id for a in every}:
            raise NotFound(f"không có nhiệm vụ {task_id} (no such task)")
        plan_row = row.plan
        reports = [_report(r) for r in session.scalars(
            select(ProgressReport).where(ProgressReport.task_id == task_id).order_by(ProgressReport.period_end,
                                                                                     ProgressReport.id))
            if allowed(principal, "read-report", agency_id=r.agency_id)]
        visible = [r["id"] for r in reports]
        found = list(session.execute(select(AuditEvent.at, AuditEvent.actor, AuditEvent.action, AuditEvent.note).where(or_(
            (AuditEvent.entity == "task") & (AuditEvent.entity_id == task_id),
            (AuditEvent.entity == "report") & AuditEvent.entity_id.in_(visible or [-1]))).order_by(AuditEvent.id)))
        events = [{"at": e.at, "actor": e.actor, "action": e.action, "label": ACTION_LABELS.get(e.action, e.action),
                   "note": e.note} for e in found]
        detail = {
            "id": row.id, "plan_id": row.plan_id, "ref": row.key, "section": row.section_ref, "heading": row.heading,
            "text": row.text, "product": row.product, "deadline_text": row.deadline_text, "deadline_kind": row.deadline_kind,
            "due": row.due, "original_due": row.original_due, "starts_on": row.starts_on, "source": row.source,
            "event_occurred_on": row.event_occurred_on, "version": row.version,
            "agencies": [{"agency_id": a.agency_id, "name": a.full_name, "role": a.role,
                          "as_written": a.as_written, "valid_from": a.valid_from} for a in parts],
            "reports": reports, "history": events,
            "plan": {"id": plan_row.id, "kind": plan_row.kind, "number": plan_row.number, "title": plan_row.title,
                     "status": plan_row.status, "status_label": PLAN_STATUS_LABELS.get(plan_row.status, plan_row.status),
                     "demo": plan_row.demo},
        }
    state = _plan_states(ws, plan_row.id, day).get(task_id)
    detail["status"] = state.status.value if state else None
    detail["status_label"] = state.status.label if state else None
    return detail


ACTION_LABELS = {
    "report.submit": "gửi báo cáo", "report.accept": "chấp nhận báo cáo", "report.return": "trả lại báo cáo",
    "report.reopen": "mở lại báo cáo", "report.decide": "quyết định đề xuất", "report.carry-over": "chuyển báo cáo sang bản mới",
    "task.extend": "gia hạn", "task.event": "ghi nhận sự kiện", "task.edit": "sửa nhiệm vụ",
}
PLAN_STATUS_LABELS = {"draft": "Bản nháp", "published": "Đang theo dõi", "superseded": "Đã được thay thế",
                      "withdrawn": "Đã rút"}


def _report(r: ProgressReport) -> dict[str, Any]:
    return {
        "id": r.id, "task_id": r.task_id, "agency_id": r.agency_id, "period": r.period,
        "period_label": parse_period(r.period).label, "review_label": REVIEW_LABELS.get(r.review_state, r.review_state),
        "status": r.status,
        "status_label": STATUS_LABELS.get(r.status, r.status), "percent": r.percent, "result": r.result,
        "obstacles": r.obstacles, "proposals": r.proposals, "escalated": r.escalated,
        "escalation_state": r.escalation_state, "escalation_decision": r.escalation_decision,
        "output_document": r.output_document, "completed_on": r.completed_on, "review_state": r.review_state,
        "review_comment": r.review_comment, "submitted_at": r.submitted_at, "submitted_by": r.submitted_by,
        "reviewed_at": r.reviewed_at, "version": r.version,
    }


def report(ws: Workspace, principal: Principal, report_id: int) -> dict[str, Any]:
    with ws.read() as session:
        row = session.get(ProgressReport, report_id)
        if row is None or not allowed(principal, "read-report", agency_id=row.agency_id):
            require(principal, "read")
            raise NotFound(f"không có báo cáo {report_id} (no such report)")
        detail = _report(row)
        detail["evidence"] = [{"id": e.id, "filename": e.filename, "media_type": e.media_type, "size": e.size,
                               "sha256": e.sha256} for e in session.scalars(
            select(Evidence).where(Evidence.report_id == report_id).order_by(Evidence.id))]
        agency = session.get(Agency, row.agency_id)
        detail["agency"] = agency.full_name if agency else None
        return detail


def reports(
    ws: Workspace, principal: Principal, *, plan_id: int | None = None, period: str | None = None,
    agency_id: int | None = None, review_state: str | None = None, limit: int = 200, offset: int = 0,
) -> tuple[list[dict[str, Any]], int]:
    require(principal, "read-report", agency_id=agency_scope(principal))
    scope = agency_scope(principal)
    query = select(ProgressReport)
    if scope is not None:
        query = query.where(ProgressReport.agency_id == scope)
    elif agency_id is not None:
        query = query.where(ProgressReport.agency_id == agency_id)
    if plan_id is not None:
        query = query.where(ProgressReport.plan_id == plan_id)
    if period is not None:
        from theodoi.domain.periods import parse_period

        query = query.where(ProgressReport.period == parse_period(period).code)
    if review_state is not None:
        query = query.where(ProgressReport.review_state == review_state)
    with ws.read() as session:
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(ProgressReport.id.desc()).limit(limit).offset(offset)).all()
        return [_report(r) for r in rows], total


def audit_trail(ws: Workspace, principal: Principal, *, plan_id: int, limit: int = 200) -> list[dict[str, Any]]:
    require(principal, "manage")
    with ws.read() as session:
        rows = session.scalars(select(AuditEvent).where(or_(AuditEvent.plan_id == plan_id))
                               .order_by(AuditEvent.id.desc()).limit(limit))
        return [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "entity": e.entity,
                 "entity_id": e.entity_id, "before": e.before, "after": e.after, "note": e.note} for e in rows]


def findings(ws: Workspace, principal: Principal, plan_id: int) -> list[dict[str, Any]]:
    """The linter's findings on a plan's document (defects of the draft), in the document's order."""
    plan(ws, principal, plan_id)  # visible?
    with ws.read() as session:
        rows = session.scalars(select(PlanFinding).where(PlanFinding.plan_id == plan_id)
                               .order_by(PlanFinding.line.is_(None), PlanFinding.line, PlanFinding.id))
        return [{"id": f.id, "severity": f.severity, "code": f.code, "message": f.message, "task": f.task_key,
                 "line": f.line} for f in rows]


def review_items(ws: Workspace, principal: Principal, plan_id: int) -> list[dict[str, Any]]:
    """Names in a plan the registry did not recognise, awaiting a decision."""
    require(principal, "manage")
    plan(ws, principal, plan_id)
    with ws.read() as session:
        rows = session.execute(select(ReviewItem, Task.ref, Task.part).outerjoin(Task, Task.id == ReviewItem.task_id)
                               .where(ReviewItem.plan_id == plan_id).order_by(ReviewItem.id)).all()
        return [{"id": i.id, "kind": i.kind, "role": i.role, "text": i.text, "state": i.state, "task_id": i.task_id,
                 "task": (ref if part == 1 else f"{ref}#{part}") if ref else None} for i, ref, part in rows]


def targets(ws: Workspace, principal: Principal, *, plan_id: int | None = None) -> list[dict[str, Any]]:
    """The plans' targets (indicators): the plan-wide ones and those of tasks, as the document states them."""
    require(principal, "read")
    visible = [p["id"] for p in plans(ws, principal)] if plan_id is None else [plan(ws, principal, plan_id)["id"]]
    with ws.read() as session:
        rows = session.execute(select(PlanTarget, Task.ref).outerjoin(Task, Task.id == PlanTarget.task_id).where(
            PlanTarget.plan_id.in_(visible or [-1])).order_by(PlanTarget.plan_id, PlanTarget.id)).all()
        return [{"id": t.id, "plan_id": t.plan_id, "task": ref, "text": t.text, "indicator": t.indicator,
                 "value": t.value, "unit": t.unit, "comparator": t.comparator, "direction": t.direction, "line": t.line}
                for t, ref in rows]
