"""An agency's work in the web app: what it owes now (its inbox), the report form's facts (which periods
a task may be reported for, the report being resubmitted), the coordinator's queue of reports to review,
notifications, and evidence downloads — each checked against the account's permissions.

Officers act for their own agency only; a coordinator or an administrator may open any agency's inbox
(``agency_id``) and file a report on its behalf. An item that belongs to another agency is "not found"
(its existence is not revealed)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from theodoi.domain.dates import parse_day
from theodoi.domain.periods import parse_period
from theodoi.errors import Invalid, NotFound
from theodoi.services import notifications, obligations, snapshots
from theodoi.services.accounts import Principal
from theodoi.services.obligations import STATE_LABELS
from theodoi.services.permissions import agency_scope, allowed, require
from theodoi.services.plans import plan_label
from theodoi.services.reports import REVIEW_LABELS, STATUS_LABELS, ReportInput, parse_status
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Evidence, Plan, ProgressReport, StoredFile, Task
from theodoi.text import collation_key

HORIZON_DAYS = 31  # reports due within a month show as "due soon"
LOOKBACK_DAYS = 400  # periods due longer ago than this are left to the reports list
OPEN_STATES = ("missing", "returned", "pending")
STATE_ORDER = {"missing": 0, "returned": 1, "pending": 2, "late": 3, "on_time": 4}
GROUP_ROWS = 50  # the inbox page shows the first rows of each group, with a link to the whole group
PAGE_ROWS = 100  # a group's own page, a page at a time


def agency_of(principal: Principal, agency_id: int | None = None) -> int:
    """The agency an account works for here: an officer's own; for others the one asked for, else their own."""
    scope = agency_scope(principal)
    if scope is not None:
        return scope
    chosen = agency_id if agency_id is not None else principal.agency_id
    if chosen is None:
        raise Invalid("tài khoản không gắn với cơ quan nào: hãy chọn cơ quan (choose an agency)")
    return chosen


def owed(ws: Workspace, principal: Principal, *, agency_id: int | None = None, on: date | None = None) -> dict[str, Any]:
    """The inbox of an agency on a day: reports owed (overdue, returned, due soon) and those already sent."""
    require(principal, "read-report", agency_id=agency_of(principal, agency_id))
    agency = agency_of(principal, agency_id)
    day = on or ws.today()
    return snapshots.remember(ws, ("inbox", agency, day), lambda: _inbox(ws, agency, day))


def _inbox(ws: Workspace, agency: int, day: date) -> dict[str, Any]:
    items = obligations.obligations(ws, on=day, agency_ids=[agency], horizon_days=HORIZON_DAYS,
                                    since=day - timedelta(days=LOOKBACK_DAYS))
    with ws.read() as session:
        name = session.get(Agency, agency)
        if name is None:
            raise NotFound(f"không có cơ quan {agency} (no such agency)")
        tasks = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_({i.task_id for i in items} or {-1})))}
        plans = {p.id: plan_label(p, short=True) for p in session.scalars(
            select(Plan).where(Plan.id.in_({i.plan_id for i in items} or {-1})))}
        rows = [_row(i, tasks[i.task_id], plans.get(i.plan_id, ""), day) for i in items if i.task_id in tasks]
        agency_name = name.full_name
    keys = {label: collation_key(label) for label in plans.values()}  # few plans, many rows
    rows.sort(key=lambda r: (STATE_ORDER[r["state"]], r["due"], keys.get(r["plan"]) or collation_key(r["plan"]), r["ref"]))
    groups = {state: [r for r in rows if r["state"] == state] for state in STATE_ORDER}
    return {"agency_id": agency, "agency": agency_name, "as_of": day, "rows": rows, "groups": groups,
            "open": sum(len(groups[s]) for s in OPEN_STATES),
            "sent": [r for r in rows if r["state"] in ("late", "on_time")][-50:]}


def paged(box: dict[str, Any], group: str | None = None, page: int = 1) -> dict[str, Any]:
    """What the inbox page shows: the first rows of each group, or one group a page at a time."""
    if group is not None and group not in STATE_ORDER:
        raise Invalid(f"nhóm '{group}' không có; dùng: {', '.join(STATE_ORDER)} (unknown group)")
    shown: dict[str, dict[str, Any]] = {}
    for state in ("missing", "returned", "pending"):
        rows = box["groups"][state]
        if group is None:
            shown[state] = {"rows": rows[:GROUP_ROWS], "total": len(rows), "page": 1, "pages": 1,
                            "more": len(rows) > GROUP_ROWS}
        elif group == state:
            pages = max(1, -(-len(rows) // PAGE_ROWS))
            at = min(max(1, page), pages)
            shown[state] = {"rows": rows[(at - 1) * PAGE_ROWS:at * PAGE_ROWS], "total": len(rows), "page": at,
                            "pages": pages, "more": False}
    sent = box["sent"] if group is None else []
    return {"groups": shown, "sent": sent, "group": group}


def _row(item: obligations.Obligation, task: Task, plan: str, day: date) -> dict[str, Any]:
    text = task.text if len(task.text) <= 160 else task.text[:157].rstrip() + "…"
    return {"task_id": item.task_id, "ref": item.task_key, "text": text, "plan": plan, "plan_id": item.plan_id,
            "period": item.period, "period_label": parse_period(item.period).label, "due": item.due,
            "role": item.role, "state": item.state, "state_label": STATE_LABELS[item.state],
            "report_id": item.report_id, "submitted_on": item.submitted_on, "days": (item.due - day).days}


def report_form(
    ws: Workspace, principal: Principal, *, task_id: int, period: str | None = None, agency_id: int | None = None,
) -> dict[str, Any]:
    """What the report form needs: the task, the periods this agency may report on it, the chosen period and
    the report already filed for it (returned: to correct and resubmit; accepted: locked)."""
    agency = agency_of(principal, agency_id)
    require(principal, "report", agency_id=agency)
    day = ws.today()
    with ws.read() as session:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(f"không có nhiệm vụ {task_id} (no such task)")
        plan_id, ref, text, deadline = task.plan_id, task.key, task.text, task.deadline_text
    items = [i for i in obligations.obligations(ws, on=day, plan_ids=[plan_id], agency_ids=[agency],
                                                horizon_days=HORIZON_DAYS) if i.task_id == task_id]
    if not items:
        raise NotFound(f"cơ quan không có báo cáo nào phải nộp về nhiệm vụ {ref} (nothing to report on this task)")
    choices = [{"code": i.period, "label": parse_period(i.period).label, "due": i.due, "state": i.state,
                "state_label": STATE_LABELS[i.state]} for i in items]
    chosen = parse_period(period).code if period else _default_period(items)
    if chosen not in {c["code"] for c in choices}:
        raise Invalid(f"kỳ {parse_period(chosen).label} không phải kỳ phải báo cáo của nhiệm vụ này (not a reporting period)")
    current = next(i for i in items if i.period == chosen)
    existing = _existing(ws, current.report_id)
    return {"task_id": task_id, "plan_id": plan_id, "ref": ref, "text": text, "deadline": deadline,
            "agency_id": agency, "agency": _agency_name(ws, agency), "periods": choices, "period": chosen,
            "period_label": parse_period(chosen).label, "due": current.due, "role": current.role,
            "existing": existing, "locked": bool(existing and existing["review_state"] == "accepted"),
            "statuses": STATUS_LABELS, "values": _as_typed(existing), "max_mb": ws.settings.evidence_max_mb,
            "allowed_types": ws.settings.evidence_types.replace(",", ", ")}


def _as_typed(report: dict[str, Any] | None) -> dict[str, str]:
    """A report's values as the form shows them (what a user would have typed)."""
    if report is None:
        return {}
    done = report["completed_on"]
    return {"status": report["status"], "percent": "" if report["percent"] is None else str(report["percent"]),
            "result": report["result"] or "", "obstacles": report["obstacles"] or "",
            "proposals": report["proposals"] or "", "escalate": "on" if report["escalated"] else "",
            "output_document": report["output_document"] or "", "completed_on": done.strftime("%d/%m/%Y") if done else ""}


def _default_period(items: list[obligations.Obligation]) -> str:
    for state in ("returned", "missing", "pending"):
        found = [i for i in items if i.state == state]
        if found:
            return found[0].period if state != "pending" else found[-1].period
    return items[-1].period


def _existing(ws: Workspace, report_id: int | None) -> dict[str, Any] | None:
    if report_id is None:
        return None
    with ws.read() as session:
        r = session.get(ProgressReport, report_id)
        if r is None:
            return None
        return {"id": r.id, "status": r.status, "percent": r.percent, "result": r.result, "obstacles": r.obstacles,
                "proposals": r.proposals, "escalated": r.escalated, "output_document": r.output_document,
                "completed_on": r.completed_on, "review_state": r.review_state,
                "review_label": REVIEW_LABELS.get(r.review_state, r.review_state), "review_comment": r.review_comment,
                "version": r.version}


def _agency_name(ws: Workspace, agency_id: int) -> str:
    with ws.read() as session:
        agency = session.get(Agency, agency_id)
        return agency.full_name if agency else ""


def review_queue(ws: Workspace, principal: Principal, *, plan_id: int | None = None, limit: int = 200) -> dict[str, Any]:
    """Reports waiting for the coordinator's review, oldest first, and open escalations."""
    require(principal, "review")
    query = select(ProgressReport, Task, Agency).join(Task, Task.id == ProgressReport.task_id).join(
        Agency, Agency.id == ProgressReport.agency_id).where(ProgressReport.review_state == "submitted")
    if plan_id is not None:
        query = query.where(ProgressReport.plan_id == plan_id)
    if principal.organisations:
        query = query.join(Plan, Plan.id == ProgressReport.plan_id).where(
            Plan.organisation_id.in_(principal.organisations))
    with ws.read() as session:
        found = session.execute(query.order_by(ProgressReport.submitted_at, ProgressReport.id).limit(limit + 1)).all()
        rows = [{"id": r.id, "task_id": t.id, "ref": t.key, "text": t.text if len(t.text) <= 160 else t.text[:157] + "…",
                 "agency": a.full_name, "period": r.period, "period_label": parse_period(r.period).label,
                 "status_label": STATUS_LABELS.get(r.status, r.status), "percent": r.percent, "result": r.result,
                 "escalated": r.escalated, "submitted_at": r.submitted_at, "version": r.version}
                for r, t, a in found[:limit]]
    return {"rows": rows, "more": len(found) > limit}


def notifications_of(
    ws: Workspace, principal: Principal, *, agency_id: int | None = None, unread: bool = False,
) -> list[dict[str, Any]]:
    require(principal, "read")
    agency = agency_of(principal, agency_id)
    with ws.read() as session:
        return [{"id": n.id, "kind": n.kind, "title": n.title, "body": n.body, "link": n.link,
                 "created_at": n.created_at, "read_at": n.read_at}
                for n in notifications.inbox(session, agency, unread_only=unread)]


def mark_read(ws: Workspace, principal: Principal, ids: list[int], *, agency_id: int | None = None) -> int:
    require(principal, "read")
    return notifications.mark_read(ws, agency_of(principal, agency_id), ids)


def evidence_file(ws: Workspace, principal: Principal, evidence_id: int) -> tuple[str, str, bytes]:
    """An evidence file's name, media type and content, for an account that may read its report."""
    require(principal, "read")
    with ws.read() as session:
        row = session.get(Evidence, evidence_id)
        if row is None or not allowed(principal, "read-report", agency_id=row.report.agency_id):
            raise NotFound(f"không có tệp minh chứng {evidence_id} (no such file)")
        stored = session.get(StoredFile, row.sha256)
        if stored is None:
            raise NotFound(f"không có tệp minh chứng {evidence_id} (no such file)")
        return row.filename, row.media_type, bytes(stored.content)


def report_input(fields: dict[str, str], files: list[tuple[str, bytes]]) -> ReportInput:
    """A report from a form's text fields (as typed: "60", "30/9/2025", "on") and its attached files."""
    percent = fields.get("percent", "").strip().rstrip("%").strip()
    if percent and not percent.isdigit():
        raise Invalid(f"tỷ lệ hoàn thành '{percent}' phải là số từ 0 đến 100 (percent must be 0–100)")
    completed = fields.get("completed_on", "").strip()
    return ReportInput(
        status=parse_status(fields.get("status", "").strip() or "in_progress"),
        percent=int(percent) if percent else None,
        result=fields.get("result", "").strip(), obstacles=fields.get("obstacles", "").strip(),
        proposals=fields.get("proposals", "").strip(), escalate=fields.get("escalate", "") in ("on", "1", "true"),
        output_document=fields.get("output_document", "").strip() or None,
        completed_on=parse_day(completed) if completed else None, evidence=files,
    )
