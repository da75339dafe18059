"""Assignments: a task given to an agency in a role, for a span of time, following successions.

When the agency of an assignment ceases and has successors, the assignment is closed on that day and
one assignment per successor opens on it (``predecessor_id`` links them, ``reason`` "succession"), so
the task follows the body that took over the work and the history stays. A body that ceases without
a successor leaves its assignment closed and a review item for the coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.services import agencies as registry_use
from theodoi.services import facts
from theodoi.store import Agency, Assignment, ReviewItem, Task

ROLE_RANK = {"lead": 0, "support": 1}


@dataclass
class Wanted:
    """An assignment to create: the agency, its role, how the plan wrote it."""

    agency: Agency
    role: str
    as_written: str
    via_group: Agency | None = None


@dataclass
class Outcome:
    created: list[Assignment] = field(default_factory=list)
    ceased: list[Assignment] = field(default_factory=list)  # closed without a successor


def deduplicate(wanted: list[Wanted]) -> list[Wanted]:
    """One assignment per agency and task: an agency named in person beats the same agency as a member
    of a group ("Các sở, ngành ... phối hợp với Sở Tài chính": Sở Tài chính coordinates), then lead
    beats support."""
    best: dict[int, Wanted] = {}
    for w in wanted:
        current = best.get(w.agency.id)
        rank = (w.via_group is not None, ROLE_RANK[w.role])
        if current is None or rank < (current.via_group is not None, ROLE_RANK[current.role]):
            best[w.agency.id] = w
    order = {id(w): i for i, w in enumerate(wanted)}
    return sorted(best.values(), key=lambda w: order[id(w)])


def assign(
    session: Session, task: Task, wanted: Wanted, *, start: date, reason: str = "plan",
    held: list[Assignment] | None = None,
) -> Outcome:
    """Create the assignment from ``start`` and its chain of successor assignments. ``held``: the
    task's assignments so far (read from the database when not given); the new ones are added to it."""
    outcome = Outcome()
    rows = held if held is not None else list(session.scalars(select(Assignment).where(Assignment.task_id == task.id)))
    first = Assignment(
        task=task, agency=wanted.agency, role=wanted.role, as_written=wanted.as_written,
        via_group_id=wanted.via_group.id if wanted.via_group else None, valid_from=start, reason=reason,
    )
    session.add(first)
    rows.append(first)
    outcome.created.append(first)
    _follow(session, first, wanted.agency, outcome, rows, depth=0)
    return outcome


def _follow(
    session: Session, assignment: Assignment, agency: Agency, outcome: Outcome, rows: list[Assignment], depth: int
) -> None:
    if agency.valid_to is None or depth > 8 or (assignment.valid_to is not None and assignment.valid_to <= agency.valid_to):
        return
    ending = max(agency.valid_to, assignment.valid_from)
    assignment.valid_to = ending
    nexts = registry_use.successors(session, agency)
    if not nexts:
        outcome.ceased.append(assignment)
        return
    taken = {a.agency.id for a in rows if a.valid_on(ending)}
    for successor, _ in nexts:
        if successor.id in taken:
            continue  # the successor already holds this task (e.g. both merged bodies were assigned)
        taken.add(successor.id)
        follow = Assignment(
            task=assignment.task, agency=successor, role=assignment.role, as_written=assignment.as_written,
            via_group_id=assignment.via_group_id, valid_from=ending, predecessor=assignment, reason="succession",
        )
        session.add(follow)
        rows.append(follow)
        outcome.created.append(follow)
        _follow(session, follow, successor, outcome, rows, depth + 1)


def apply_successions(session: Session, agency: Agency, *, at: datetime, actor: str) -> Outcome:
    """After a succession is recorded for ``agency``: move its open assignments to the successors."""
    outcome = Outcome()
    open_rows = session.scalars(
        select(Assignment).where(Assignment.agency_id == agency.id, Assignment.valid_to.is_(None))
    ).all()
    for assignment in open_rows:
        rows = list(session.scalars(select(Assignment).where(Assignment.task_id == assignment.task_id)))
        _follow(session, assignment, agency, outcome, rows, depth=0)
    session.flush()
    for assignment in outcome.ceased:
        note_ceased(session, assignment)
    facts.refresh(session, {a.task_id for a in open_rows})  # the successors inherit their predecessors' facts
    return outcome


def note_ceased(session: Session, assignment: Assignment) -> ReviewItem:
    task, agency = assignment.task, assignment.agency
    item = ReviewItem(
        plan_id=task.plan_id, task_id=task.id, kind="ceased-agency", role=assignment.role,
        text=agency.name, agency_id=agency.id,
    )
    session.add(item)
    return item


def current(assignments: list[Assignment], on: date) -> list[Assignment]:
    return [a for a in assignments if a.valid_on(on)]
