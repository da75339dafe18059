"""Correcting a task the extractor got wrong (the review screen, the API): its text, its deadline (read
again with the parser's deadline rules), its product, its lead and coordinating agencies — in one
transaction, version-checked, with an audit event holding the before and after.

Agencies are named as people write them (one per line or separated by ";"), each resolved through the
registry on the plan's date, groups expanded; an unknown name is refused, naming it. On a draft the
task's assignments are replaced; on a published plan an agency taken off is closed from today (its
reports stay) and one added is assigned from today, so the history is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.errors import Conflict, Invalid, NotFound
from theodoi.parsing.deadlines import parse_deadline
from theodoi.services import agencies as registry_use
from theodoi.services import audit, facts
from theodoi.services.assignments import Wanted, assign, deduplicate
from theodoi.services.reports import retrying
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Organisation, Plan, Task
from theodoi.text import clean

FIELDS = ("text", "deadline_text", "deadline_kind", "due", "original_due", "starts_on", "recurring", "product")
SPLIT = re.compile(r"\s*(?:\n|;)\s*")


@dataclass
class TaskChanges:
    """What the user sent; None: leave as it is."""

    text: str | None = None
    deadline_text: str | None = None
    product: str | None = None
    lead: str | None = None  # names, one per line or separated by ";"
    support: str | None = None


def names(text: str) -> list[str]:
    return [n for n in (clean(p) for p in SPLIT.split(text or "")) if n]


def edit_task(ws: Workspace, task_id: int, changes: TaskChanges, *, expected_version: int | None = None) -> int:
    """Apply ``changes``; the task's new version."""
    def work(session: Session) -> int:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(f"không có nhiệm vụ {task_id} (no such task)")
        if expected_version is not None and expected_version != task.version:
            raise Conflict("nhiệm vụ đã được người khác thay đổi, hãy tải lại trang (the task changed since you opened it)")
        plan = task.plan
        if plan.status not in ("draft", "published"):
            raise Invalid("kế hoạch đã được thay thế hoặc rút, không sửa được (the plan is no longer in force)")
        on = edit_day(plan, ws.today())
        before = {**audit.snapshot(task, FIELDS), "agencies": _agency_names(task, on)}
        _fields(task, changes, plan)
        _agencies(session, ws, task, plan, changes)
        session.flush()
        facts.refresh(session, [task.id])
        session.flush()
        after = {**audit.snapshot(task, FIELDS), "agencies": _agency_names(task, on)}
        if after == before:
            return task.version
        task.updated_at = ws.now()  # the task's version moves on, also when only its agencies changed
        session.flush()
        audit.record(session, actor=ws.actor, action="task.edit", entity="task", entity_id=task.id, plan_id=plan.id,
                     at=ws.now(), before=before, after=after)
        return task.version

    return retrying(ws, work, attempts=1)


def _fields(task: Task, changes: TaskChanges, plan: Plan) -> None:
    if changes.text is not None:
        text = clean(changes.text)
        if not text:
            raise Invalid("nội dung nhiệm vụ không được để trống (the task's text is empty)")
        task.text = text
    if changes.product is not None:
        task.product = clean(changes.product) or None
    if changes.deadline_text is not None and clean(changes.deadline_text) != (task.deadline_text or ""):
        read = parse_deadline(clean(changes.deadline_text), doc_date=plan.issued_on or plan.effective_from)
        task.deadline_text, task.deadline_kind, task.recurring = read.text, read.kind, read.recurring
        task.recurrence, task.starts_on, task.due_exclusive = read.recurrence, read.start, bool(read.exclusive and read.due)
        task.deadline_confidence = 1.0  # set by a person
        if plan.status == "draft" or task.original_due is None:
            task.original_due = read.due
        task.due = read.due


def edit_day(plan: Plan, today: date) -> date:
    """The day a correction speaks of: a draft's own date; for a published plan, today."""
    return plan.effective_from if plan.status == "draft" else max(today, plan.effective_from)


def _agency_names(task: Task, day: date) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"lead": [], "support": []}
    for a in task.assignments:
        if a.valid_on(day):
            found[a.role].append(a.agency.full_name)
    return {role: sorted(set(v)) for role, v in found.items()}


def _agencies(session: Session, ws: Workspace, task: Task, plan: Plan, changes: TaskChanges) -> None:
    if changes.lead is None and changes.support is None:
        return
    org = session.get(Organisation, plan.organisation_id)
    assert org is not None
    on = edit_day(plan, ws.today())
    wanted: list[Wanted] = []
    for role, text in (("lead", changes.lead), ("support", changes.support)):
        if text is None:
            wanted.extend(Wanted(a.agency, a.role, a.as_written) for a in task.assignments
                          if a.role == role and a.valid_on(on))
            continue
        for name in names(text):
            wanted.extend(_resolve(session, org, name, role, on))
    wanted = deduplicate(wanted)
    if not any(w.role == "lead" for w in wanted) and any(a.role == "lead" for a in task.assignments):
        raise Invalid("nhiệm vụ cần ít nhất một cơ quan chủ trì (a task needs a lead agency)")
    current = {(a.agency_id, a.role): a for a in task.assignments if a.valid_on(on)}
    keep = {(w.agency.id, w.role) for w in wanted}
    for key, a in current.items():
        if key not in keep:
            for gone in _chain(task, a):  # the assignment and its successors' (a merger after the day)
                if plan.status == "draft" or gone.valid_from > on:
                    session.delete(gone)
                    task.assignments.remove(gone)
                else:
                    gone.valid_to = on if on > gone.valid_from else gone.valid_from + timedelta(days=1)
    held = list(task.assignments)
    for w in wanted:
        if (w.agency.id, w.role) not in current:
            assign(session, task, w, start=on, reason="plan" if plan.status == "draft" else "manual", held=held)


def _chain(task: Task, first: Any) -> list[Any]:
    found, todo = [], [first]
    while todo:
        a = todo.pop()
        found.append(a)
        todo.extend(b for b in task.assignments if b.predecessor_id == a.id and b not in found)
    return found


def _resolve(session: Session, org: Organisation, name: str, role: str, on: date) -> list[Wanted]:
    resolution = registry_use.resolve_name(session, org, name, on=on)
    agency = resolution.written
    if agency is None:
        known = session.scalar(select(Agency).where(Agency.full_name == name).limit(1))
        if known is None:
            raise Invalid(f"không tìm thấy cơ quan '{name}' trong danh mục (unknown agency)")
        agency = known
    if agency.is_group:
        members = registry_use.expand_group(session, agency, on)
        if not members:
            raise Invalid(f"nhóm '{name}' không có cơ quan nào vào ngày {on:%d/%m/%Y} (the group is empty)")
        return [Wanted(m, role, name, via_group=agency) for m in members]
    return [Wanted(a, role, name) for a in (resolution.agencies or [agency])]


def current_agencies(task: Task, today: date) -> dict[str, list[str]]:
    """The names the edit form shows: the agencies in force on the day a correction speaks of."""
    return _agency_names(task, edit_day(task.plan, today))

