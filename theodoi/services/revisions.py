"""Revised versions of a plan: finding the version revised, the task-level diff, and carrying the
tracking history over when the revision is published (no report is lost).

When a revision is published, for each task matched to an old one: the reports of the old task move
to the new task's assignment of the same agency (and role if it still has it; any role otherwise);
an event already recorded and a deadline extension carry over when the deadline text is unchanged.
Reports whose agency no longer holds the task, and reports of removed tasks, stay with the old
version, which is kept (status "superseded") and can still be read.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.domain.matching import TaskSig, match
from theodoi.errors import Invalid, NotFound
from theodoi.services import audit, facts
from theodoi.store import Assignment, DeadlineChange, Plan, ProgressReport, Task, TaskChange
from theodoi.text import fold


def previous_version(session: Session, plan: Plan, revises: int | None) -> Plan | None:
    """The plan that ``plan`` revises: the one asked for, else a live plan of the same organisation
    with the same number (or, for drafts without a number, the same kind and title)."""
    if revises is not None:
        found = session.get(Plan, revises)
        if found is None:
            raise NotFound(f"không có kế hoạch số hiệu {revises} (no such plan)")
        if found.organisation_id != plan.organisation_id:
            raise Invalid("kế hoạch được sửa đổi thuộc tổ chức khác (the revised plan belongs to another organisation)")
        return found
    candidates = session.scalars(
        select(Plan).where(Plan.organisation_id == plan.organisation_id, Plan.id != plan.id,
                           Plan.status.in_(("published", "draft"))).order_by(Plan.id.desc())
    )
    for other in candidates:
        if plan.number and other.number == plan.number:
            return other
        if not plan.number and other.kind == plan.kind and fold(other.title) == fold(plan.title) and plan.title:
            return other
    return None


def signatures(session: Session, plan: Plan) -> list[TaskSig]:
    sigs: list[TaskSig] = []
    for task in session.scalars(select(Task).where(Task.plan_id == plan.id).order_by(Task.position)):
        rows = session.execute(
            select(Assignment.role, Assignment.as_written).where(
                Assignment.task_id == task.id, Assignment.reason == "plan")
        ).all()
        lead = tuple(dict.fromkeys(w for r, w in rows if r == "lead"))
        support = tuple(dict.fromkeys(w for r, w in rows if r == "support"))
        sigs.append(TaskSig(task.id, task.key, task.ref, task.text, lead, support, task.deadline_text,
                            task.original_due.isoformat() if task.original_due else None))
    return sigs


def record_diff(session: Session, old: Plan, new: Plan) -> dict[str, int]:
    changes = match(signatures(session, old), signatures(session, new))
    for change in changes:
        session.add(TaskChange(
            plan_id=new.id, change=change.change, old_task_id=change.old.id if change.old else None,
            new_task_id=change.new.id if change.new else None, old_key=change.old.key if change.old else None,
            new_key=change.new.key if change.new else None, similarity=change.similarity,
            fields={k: [a, b] for k, (a, b) in change.fields.items()},
        ))
        if change.old and change.new:
            task = session.get(Task, change.new.id)
            assert task is not None
            task.previous_task_id = change.old.id
    return dict(Counter(c.change for c in changes))


def carry_over(session: Session, old: Plan, new: Plan, *, actor: str, at: datetime) -> dict[str, int]:
    """Move the tracking history of ``old`` onto ``new`` (see the module docstring)."""
    counts: Counter[str] = Counter()
    pairs = session.execute(
        select(TaskChange.old_task_id, TaskChange.new_task_id).where(
            TaskChange.plan_id == new.id, TaskChange.old_task_id.is_not(None), TaskChange.new_task_id.is_not(None))
    ).all()
    for old_id, new_id in pairs:
        old_task, new_task = session.get(Task, old_id), session.get(Task, new_id)
        assert old_task is not None and new_task is not None
        _carry_deadline(session, old_task, new_task)
        for report in session.scalars(select(ProgressReport).where(ProgressReport.task_id == old_id)):
            target = _target_assignment(session, new_task, report)
            if target is None:
                continue
            before = {"assignment_id": report.assignment_id, "task_id": report.task_id, "plan_id": report.plan_id}
            report.assignment_id, report.task_id, report.plan_id = target.id, new_task.id, new.id
            audit.record(session, actor=actor, action="report.carry-over", entity="report", entity_id=report.id,
                         plan_id=new.id, at=at, before=before,
                         after={"assignment_id": target.id, "task_id": new_task.id, "plan_id": new.id})
            counts["moved"] += 1
    session.flush()
    facts.refresh(session, [task for pair in pairs for task in pair])
    counts["kept"] = len(session.scalars(select(ProgressReport.id).where(ProgressReport.plan_id == old.id)).all())
    return dict(counts)


def _target_assignment(session: Session, task: Task, report: ProgressReport) -> Assignment | None:
    rows = session.scalars(select(Assignment).where(Assignment.task_id == task.id)).all()
    same_agency = [a for a in rows if a.agency_id == report.agency_id]
    if not same_agency:
        lineage = _lineage(session, report.agency_id)
        same_agency = [a for a in rows if a.agency_id in lineage]
    taken = {r.assignment_id for r in session.scalars(
        select(ProgressReport).where(ProgressReport.task_id == task.id, ProgressReport.period == report.period))}
    free = [a for a in same_agency if a.id not in taken]
    original = session.get(Assignment, report.assignment_id)
    role = original.role if original else None
    free.sort(key=lambda a: (a.role != role, a.id))
    return free[0] if free else None


def _lineage(session: Session, agency_id: int) -> set[int]:
    """The agency and the bodies that succeeded it (its reports can move to their assignments)."""
    from theodoi.store import AgencySuccession

    seen, todo = {agency_id}, [agency_id]
    while todo:
        current = todo.pop()
        for (succ,) in session.execute(
            select(AgencySuccession.successor_id).where(AgencySuccession.predecessor_id == current)
        ):
            if succ not in seen:
                seen.add(succ)
                todo.append(succ)
    return seen


def _carry_deadline(session: Session, old: Task, new: Task) -> None:
    if old.deadline_text != new.deadline_text:
        return
    if old.event_occurred_on and not new.event_occurred_on:
        new.event_occurred_on, new.event_note, new.event_recorded_at = old.event_occurred_on, old.event_note, old.event_recorded_at
        new.original_due, new.due = old.original_due, old.due
    elif old.due != old.original_due and old.due is not None:
        new.due = old.due
        for change in session.scalars(select(DeadlineChange).where(DeadlineChange.task_id == old.id)):
            session.add(DeadlineChange(task_id=new.id, old_due=change.old_due, new_due=change.new_due,
                                       granted_on=change.granted_on, reason=change.reason, actor=change.actor, at=change.at))
