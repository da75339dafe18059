"""Read models for lists: plans, tasks with their status and agencies, the agency registry."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select

from theodoi.domain.status import Status
from theodoi.errors import Invalid
from theodoi.services import status as status_service
from theodoi.services.agencies import find_agency
from theodoi.services.plans import find_plan
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Assignment, Organisation, Plan, ReviewItem, Task
from theodoi.text import collation_key, fold


def plans(ws: Workspace) -> list[dict[str, Any]]:
    with ws.read() as session:
        counts = dict(session.execute(select(Task.plan_id, func.count()).group_by(Task.plan_id)).all())
        review = dict(session.execute(
            select(ReviewItem.plan_id, func.count()).where(ReviewItem.state == "open").group_by(ReviewItem.plan_id)).all())
        rows = []
        for plan, org in session.execute(select(Plan, Organisation).join(Organisation).order_by(Plan.id)).all():
            rows.append({
                "id": plan.id, "number": plan.number or "(chưa có số)", "kind": plan.kind, "title": plan.title,
                "organisation": org.name, "status": plan.status, "version": plan.version_no,
                "effective_from": plan.effective_from, "tasks": counts.get(plan.id, 0), "review": review.get(plan.id, 0),
                "source": plan.source_name,
            })
        return rows


def parse_statuses(text: str | None) -> set[Status] | None:
    if not text:
        return None
    found: set[Status] = set()
    for part in (p.strip() for p in text.split(",") if p.strip()):
        matches = [s for s in Status if part in (s.value, s.value.replace("_", "-")) or fold(part) == fold(s.label)]
        if not matches:
            names = ", ".join(s.value for s in Status)
            raise Invalid(f"trạng thái '{part}' không có; dùng: {names} (unknown status)")
        found.update(matches)
    return found


def narrow(rows: list[dict[str, Any]], *, statuses: str | None = None, section: str | None = None,
           search: str | None = None) -> list[dict[str, Any]]:
    """Task rows kept by the filters of a task list: statuses (comma-separated), a section and what it
    holds, a search in the ref, text and agencies that ignores diacritics."""
    chosen = parse_statuses(statuses)
    if chosen is not None:
        rows = [r for r in rows if r["status"] in {s.value for s in chosen}]
    if section:
        rows = [r for r in rows if r["section"] == section or str(r["section"]).startswith(section + ".")]
    if search and search.strip():
        wanted = fold(search)
        rows = [r for r in rows if wanted in fold(" ".join([str(r["ref"]), str(r["text"]), *r["lead"], *r["support"]]))]
    return rows


def tasks(
    ws: Workspace, *, plan: str | None = None, agency: str | None = None, statuses: str | None = None,
    on: date | None = None, view: status_service.Overview | None = None,
) -> list[dict[str, Any]]:
    """Tasks of published plans (or of one plan, even a draft) with their status on ``on``; ``view``: the
    plan's overview on that day for every agency, when it is at hand (the agency's parts are taken from it)."""
    day = on or ws.today()
    wanted = parse_statuses(statuses)
    with ws.read() as session:
        plan_row = find_plan(session, plan) if plan else None
        agency_row = find_agency(session, agency) if agency else None
        plan_ids = [plan_row.id] if plan_row else None
    if view is None or plan_row is None:
        view = status_service.overview(ws, on=day, plan_ids=plan_ids, agency_ids=[agency_row.id] if agency_row else None)
        mine = {p.task_id: p for p in view.parts} if agency_row else {}
    else:
        mine = {p.task_id: p for p in view.parts if p.agency_id == agency_row.id} if agency_row else {}
    states = {t.task_id: t for t in view.tasks}
    with ws.read() as session:
        query = select(Task, Plan).join(Plan).order_by(Plan.id, Task.position)
        if plan_row is not None:
            query = query.where(Task.plan_id == plan_row.id)
        else:
            query = query.where(Plan.status == "published")
        if agency_row is not None:
            query = query.where(Task.id.in_(list(mine) or [-1]))
        found = session.execute(query).all()
        names = names_on(session, day, [task.id for task, _ in found])
        rows = []
        for task, p in found:
            state = states.get(task.id)
            part = mine.get(task.id)
            shown = part.assessment if part else state.assessment if state else None
            if wanted is not None and (shown is None or shown.status not in wanted):
                continue
            lead, support = names.get(task.id, ([], []))
            rows.append({
                "plan": p.id, "task_id": task.id, "ref": task.key, "text": task.text, "lead": lead, "support": support,
                "deadline": task.deadline_text, "due": shown.due if shown else task.due,
                "status": shown.status.value if shown else None, "status_label": shown.status.label if shown else "",
                "days_left": shown.days_left if shown else None, "role": part.role if part else None,
                "role_label": {"lead": "Chủ trì", "support": "Phối hợp"}.get(part.role, "") if part else "",
                "section": task.section_ref,
            })
        return rows


def names_on(session: Any, day: date, task_ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    """Per task of ``task_ids``: the lead and coordinating agencies in force on ``day`` (a group shown
    once, by its name)."""
    result: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    rows = []
    for start in range(0, len(task_ids), 5000):
        rows.extend(session.execute(
            select(Assignment.task_id, Assignment.role, Assignment.via_group_id, Agency.name)
            .join(Agency, Agency.id == Assignment.agency_id)
            .where(Assignment.task_id.in_(task_ids[start:start + 5000]), Assignment.valid_from <= day,
                   or_(Assignment.valid_to.is_(None), Assignment.valid_to > day))
            .order_by(Assignment.task_id, Assignment.id)
        ).all())
    vias = {via for _, _, via, _ in rows if via}
    groups = dict(session.execute(select(Agency.id, Agency.name).where(Agency.id.in_(vias or {-1}))).all())
    for task_id, role, via, name in rows:
        shown = groups.get(via, name) if via else name
        bucket = result[task_id][0 if role == "lead" else 1]
        if shown not in bucket:
            bucket.append(shown)
    return result


def agencies(
    ws: Workspace, *, organisation: str | None = None, on: date | None = None, kind: str | None = None,
    search: str | None = None, include_ceased: bool = False,
) -> list[dict[str, Any]]:
    day = on or ws.today()
    with ws.read() as session:
        query = select(Agency, Organisation).join(Organisation)
        if organisation:
            query = query.where(or_(Organisation.code == organisation, func.lower(Organisation.name) == organisation.lower()))
        if kind:
            query = query.where(Agency.kind == kind)
        if search:
            query = query.where(Agency.name_key.contains(fold(search)))
        rows = []
        for agency, org in session.execute(query).all():
            if not include_ceased and not agency.valid_on(day):
                continue
            rows.append({
                "id": agency.id, "code": agency.code, "name": agency.name, "full_name": agency.full_name,
                "kind": agency.kind, "organisation": org.name, "identifier_code": agency.identifier_code,
                "valid_from": agency.valid_from, "valid_to": agency.valid_to,
                "contacts": len(agency.contacts),
            })
        rows.sort(key=lambda r: (collation_key(str(r["organisation"])), str(r["kind"]), collation_key(str(r["name"]))))
        return rows
