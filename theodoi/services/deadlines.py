"""Changing a task's timeline: recording the event an event-based task waits for, and extensions.

Recording the event gives the task its deadline: the date given, else ``event_due_days`` after the
event. An extension moves the deadline in force and keeps the original one (and the change itself,
with its reason), so that on-time rates stay honest.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from theodoi.errors import Conflict, Invalid, NotFound
from theodoi.services import audit
from theodoi.services.workspace import Workspace
from theodoi.store import DeadlineChange, Task
from theodoi.text import clean

TIMELINE = ("deadline_kind", "due", "original_due", "event_occurred_on", "event_note")


def _task(session: Session, task_id: int, expected_version: int | None) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"không có nhiệm vụ {task_id} (no such task)")
    if expected_version is not None and expected_version != task.version:
        raise Conflict("nhiệm vụ đã được người khác thay đổi (the task changed since you opened it)")
    return task


def record_event(
    ws: Workspace, task_id: int, *, occurred_on: date, due: date | None = None, note: str = "",
    expected_version: int | None = None,
) -> Task:
    with ws.write() as session:
        task = _task(session, task_id, expected_version)
        if task.deadline_kind != "event":
            raise Invalid(f"nhiệm vụ {task.key} không chờ sự kiện (its deadline is not event-based)")
        if task.event_occurred_on is not None:
            raise Invalid(f"sự kiện của nhiệm vụ {task.key} đã được ghi nhận ngày {task.event_occurred_on:%d/%m/%Y}"
                          " (the event is already recorded)")
        if occurred_on > ws.today():
            raise Invalid("ngày xảy ra sự kiện không thể sau hôm nay (the event date is in the future)")
        deadline = due or occurred_on + timedelta(days=ws.settings.event_due_days)
        if deadline < occurred_on:
            raise Invalid("thời hạn phải sau ngày xảy ra sự kiện (the deadline must follow the event)")
        before = audit.snapshot(task, TIMELINE)
        task.event_occurred_on, task.event_recorded_at, task.event_note = occurred_on, ws.now(), clean(note) or None
        task.original_due = task.due = deadline
        audit.record(session, actor=ws.actor, action="task.event", entity="task", entity_id=task.id,
                     plan_id=task.plan_id, at=ws.now(), before=before, after=audit.snapshot(task, TIMELINE))
        return task


def extend(
    ws: Workspace, task_id: int, *, new_due: date, reason: str, expected_version: int | None = None,
) -> Task:
    if not clean(reason or ""):
        raise Invalid("gia hạn cần ghi lý do (an extension needs a reason)")
    with ws.write() as session:
        task = _task(session, task_id, expected_version)
        if task.due is None:
            raise Invalid(f"nhiệm vụ {task.key} chưa có thời hạn để gia hạn (no deadline to extend)")
        if new_due <= task.due:
            raise Invalid(f"hạn mới phải sau hạn hiện tại {task.due:%d/%m/%Y} (the new deadline must be later)")
        before = audit.snapshot(task, TIMELINE)
        session.add(DeadlineChange(task_id=task.id, old_due=task.due, new_due=new_due, granted_on=ws.today(),
                                   reason=clean(reason), actor=ws.actor, at=ws.now()))
        task.due = new_due
        audit.record(session, actor=ws.actor, action="task.extend", entity="task", entity_id=task.id,
                     plan_id=task.plan_id, at=ws.now(), before=before, after=audit.snapshot(task, TIMELINE),
                     note=clean(reason))
        return task
