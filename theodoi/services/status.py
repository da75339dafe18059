"""Statuses on a day, from the database: the facts of every assignment in force (one query, the
report facts as correlated subqueries on indexed columns), assessed by the pure status engine
(:mod:`theodoi.domain.status`), then rolled up per task, section, agency and plan.

What counts, on day D (reports as submitted by the end of D and not returned):
- an agency's part is *completed* on the earliest completion date it (or the body it succeeded on
  the task) reported;
- it *cannot be done* when its latest report says so;
- it is *reported this period* when it has a report for the plan's reference period — the latest
  period of the plan's finest reporting kind whose report was due by D (before any was due: the
  period whose data window holds D) — or for a later one;
- the deadline in force is the task's deadline, unless it was extended after D (then the one in
  force on D).
A task's status combines its lead agencies' parts (:func:`theodoi.domain.status.combine`); a
coordinating agency's part is complete once the task is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, null, or_, select
from sqlalchemy.orm import Session

from theodoi.domain.status import Assessment, Facts, Rollup, Status, assess, combine, rollup
from theodoi.services.workspace import Workspace
from theodoi.store import Assignment, DeadlineChange, Plan, ProgressReport, Task

DONE = ("done", "done_late")


@dataclass(frozen=True, slots=True)
class Part:
    """One agency's part of a task on the day: facts and assessment."""

    assignment_id: int
    task_id: int
    plan_id: int
    agency_id: int
    role: str
    key: str
    section: str
    facts: Facts
    assessment: Assessment

    @property
    def status(self) -> Status:
        return self.assessment.status


@dataclass(frozen=True, slots=True)
class TaskState:
    task_id: int
    plan_id: int
    key: str
    section: str
    assessment: Assessment
    leads: tuple[int, ...]
    supports: tuple[int, ...]

    @property
    def status(self) -> Status:
        return self.assessment.status


@dataclass
class Overview:
    on: date
    tasks: list[TaskState] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def by_task(self) -> Rollup:
        return rollup(t.status for t in self.tasks)

    def by_agency(self, role: str | None = None) -> dict[int, Rollup]:
        groups: dict[int, list[Status]] = defaultdict(list)
        for p in self.parts:
            if role is None or p.role == role:
                groups[p.agency_id].append(p.status)
        return {agency: rollup(s) for agency, s in groups.items()}

    def by_section(self) -> dict[tuple[int, str], Rollup]:
        groups: dict[tuple[int, str], list[Status]] = defaultdict(list)
        for t in self.tasks:
            section = t.section or ""
            groups[(t.plan_id, section)].append(t.status)
            while "." in section:  # roll up to every enclosing section ("II.3" → "II")
                section = section.rsplit(".", 1)[0]
                groups[(t.plan_id, section)].append(t.status)
        return {k: rollup(v) for k, v in groups.items()}

    def by_plan(self) -> dict[int, Rollup]:
        groups: dict[int, list[Status]] = defaultdict(list)
        for t in self.tasks:
            groups[t.plan_id].append(t.status)
        return {k: rollup(v) for k, v in groups.items()}


def overview(
    ws: Workspace, *, on: date | None = None, plan_ids: list[int] | None = None, agency_ids: list[int] | None = None,
    organisation_id: int | list[int] | None = None, tasks: bool = True, task_ids: list[int] | None = None,
    verified: bool = False,
) -> Overview:
    """Statuses on day ``on`` (today by default) of the published plans selected; ``verified``: from
    accepted reports only."""
    day = on or ws.today()
    with ws.read() as session:
        parts = load_parts(session, ws, day, plan_ids=plan_ids, agency_ids=agency_ids, organisation_id=organisation_id,
                           task_ids=task_ids, verified=verified)
        result = Overview(day, parts=parts)
        if tasks:
            if agency_ids is None:
                result.tasks = task_states(parts, day, ws.settings.due_soon_days)
            else:
                held = sorted({p.task_id for p in parts})
                every = load_parts(session, ws, day, task_ids=held, verified=verified) if held else []
                result.tasks = task_states(every, day, ws.settings.due_soon_days)
    return result


def task_states(parts: list[Part], day: date, due_soon_days: int) -> list[TaskState]:
    by_task: dict[int, list[Part]] = defaultdict(list)
    for p in parts:
        by_task[p.task_id].append(p)
    states: list[TaskState] = []
    for task_id, rows in by_task.items():
        leads = [r for r in rows if r.role == "lead"] or rows
        facts = combine([r.facts for r in leads])
        first = rows[0]
        states.append(TaskState(
            task_id, first.plan_id, first.key, first.section, assess(facts, day, due_soon_days=due_soon_days),
            tuple(r.agency_id for r in rows if r.role == "lead"), tuple(r.agency_id for r in rows if r.role == "support"),
        ))
    states.sort(key=lambda s: (s.plan_id, s.task_id))
    return states


def _report_filter(end: datetime, verified: bool = False) -> Any:
    if verified:  # only what the coordinator accepted (the public's view)
        return and_(ProgressReport.submitted_at < end, ProgressReport.review_state == "accepted")
    return and_(ProgressReport.submitted_at < end, ProgressReport.review_state != "returned")


def _query(day: date, end: datetime, fresh: bool, verified: bool = False) -> Any:
    """The parts in force on ``day`` with their facts: read from the parts themselves when ``fresh``
    (``day`` is today or later: the kept facts are those of every report so far), else computed from
    the reports submitted by the end of ``day``."""
    if fresh:
        return _select(Assignment.completed_on, Assignment.last_status, Assignment.last_period_end, Task.completed_on, day)
    r = ProgressReport
    completed = (
        select(func.min(r.completed_on))
        .where(r.assignment_id == Assignment.id, r.status.in_(DONE), r.completed_on <= day, _report_filter(end, verified))
        .correlate(Assignment).scalar_subquery()
    )
    last_status = (
        select(r.status).where(r.assignment_id == Assignment.id, _report_filter(end, verified))
        .order_by(r.period_end.desc(), r.submitted_at.desc()).limit(1).correlate(Assignment).scalar_subquery()
    )
    last_period = (
        select(func.max(r.period_end)).where(r.assignment_id == Assignment.id, _report_filter(end, verified))
        .correlate(Assignment).scalar_subquery()
    )
    return _select(completed, last_status, last_period, null(), day)


def _select(completed: Any, last_status: Any, last_period: Any, task_completed: Any, day: date) -> Any:
    query: Any = (
        select(
            Assignment.id, Assignment.task_id, Assignment.agency_id, Assignment.role, Assignment.predecessor_id,
            Task.plan_id, Task.ref, Task.part, Task.section_ref, Task.deadline_kind, Task.due, Task.original_due,
            Task.starts_on, Task.due_exclusive, Task.event_occurred_on, Task.event_recorded_at,
            completed.label("completed_on"), last_status.label("last_status"), last_period.label("last_period"),
            task_completed.label("task_completed"),
        )
        .join(Task, Task.id == Assignment.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .where(Plan.status == "published", Assignment.valid_from <= day,
               or_(Assignment.valid_to.is_(None), Assignment.valid_to > day))
    )
    return query


def load_parts(
    session: Session, ws: Workspace, day: date, *, plan_ids: list[int] | None = None,
    agency_ids: list[int] | None = None, organisation_id: int | list[int] | None = None, task_ids: list[int] | None = None,
    role: str | None = None, verified: bool = False,
) -> list[Part]:
    """The parts in force on ``day`` selected by the filters. A coordinating agency's part is done
    when the task is (every lead agency has completed), even if it sent no report of its own.
    ``verified``: from the reports the coordinator accepted only (not those awaiting review)."""
    parts = _load(session, ws, day, plan_ids=plan_ids, agency_ids=agency_ids, organisation_id=organisation_id,
                  task_ids=task_ids, role=role, verified=verified)
    supports = {p.task_id for p in parts if p.role == "support" and p.facts.completed_on is None}
    if not supports or (day >= ws.today() and not verified):  # today's facts already close the coordinating parts
        return parts
    if agency_ids is not None or role is not None:
        finished = _lead_completion(session, ws, day, sorted(supports), verified)
    else:
        by_task: dict[int, list[Facts]] = defaultdict(list)
        for p in parts:
            if p.role == "lead" and p.task_id in supports:
                by_task[p.task_id].append(p.facts)
        finished = {t: combine(f).completed_on for t, f in by_task.items()}
    closed: list[Part] = []
    for p in parts:
        done = finished.get(p.task_id) if p.role == "support" and p.facts.completed_on is None else None
        if done is not None:
            facts = replace(p.facts, completed_on=done)
            p = replace(p, facts=facts, assessment=assess(facts, day, due_soon_days=ws.settings.due_soon_days))
        closed.append(p)
    return closed


def _lead_completion(session: Session, ws: Workspace, day: date, task_ids: list[int],
                     verified: bool = False) -> dict[int, date | None]:
    """Per task, the day its last lead agency completed its part (None while one has not): a lighter
    query than loading the lead parts, for an agency's view of the tasks it coordinates."""
    end = ws.end_of(day)
    r = ProgressReport
    completed = (
        select(func.min(r.completed_on))
        .where(r.assignment_id == Assignment.id, r.status.in_(DONE), r.completed_on <= day, _report_filter(end, verified))
        .correlate(Assignment).scalar_subquery()
    )
    rows: list[tuple[int, int | None, date | None]] = [tuple(row) for row in session.execute(  # type: ignore[misc]
        select(Assignment.task_id, Assignment.predecessor_id, completed).where(
            Assignment.task_id.in_(task_ids), Assignment.role == "lead", Assignment.valid_from <= day,
            or_(Assignment.valid_to.is_(None), Assignment.valid_to > day)))]
    inherited = _inherited(session, [pred for _, pred, _ in rows if pred], day, end, verified)
    dates: dict[int, list[date | None]] = defaultdict(list)
    for task, pred, done in rows:
        earlier = inherited.get(pred, (None, None))[0] if pred else None
        dates[task].append(min(d for d in (done, earlier) if d) if (done or earlier) else None)
    return {t: (max(d for d in ds if d) if all(ds) else None) for t, ds in dates.items()}


def _load(
    session: Session, ws: Workspace, day: date, *, plan_ids: list[int] | None = None,
    agency_ids: list[int] | None = None, organisation_id: int | list[int] | None = None, task_ids: list[int] | None = None,
    role: str | None = None, verified: bool = False,
) -> list[Part]:
    end = ws.end_of(day)
    fresh = day >= ws.today() and not verified
    query = _query(day, end, fresh, verified)
    if plan_ids is not None:
        query = query.where(Task.plan_id.in_(plan_ids))
    if agency_ids is not None:
        query = query.where(Assignment.agency_id.in_(agency_ids))
    if organisation_id is not None:
        query = query.where(Plan.organisation_id.in_(_ids(organisation_id)))
    if task_ids is not None:
        query = query.where(Assignment.task_id.in_(task_ids))
    if role is not None:
        query = query.where(Assignment.role == role)
    # Rows as plain tuples: positional unpacking is ~20x cheaper than Row attribute access.
    rows = [tuple(row) for row in session.execute(query.order_by(Task.plan_id, Task.position, Assignment.id))]
    if not rows:
        return []
    references = _reference_ends(session, ws, {row[5] for row in rows}, day)
    inherited = {} if fresh else _inherited(session, [row[4] for row in rows if row[4]], day, end, verified)
    extended = _due_on(session, {row[1] for row in rows if row[10] != row[11]}, day)
    due_soon, local_date = ws.settings.due_soon_days, ws.local_date
    parts: list[Part] = []
    for (aid, task_id, agency_id, role, predecessor_id, plan_id, ref, part, section_ref, kind, task_due, original_due,
         starts_on, exclusive, occurred_on, recorded_at, completed, last_status, last_period, task_completed) in rows:
        if completed is None and role == "support" and task_completed is not None:
            completed = task_completed  # a coordinating part closes with its task
        if predecessor_id in inherited:
            p_completed, p_period = inherited[predecessor_id]
            completed = min(d for d in (completed, p_completed) if d) if (completed or p_completed) else None
            last_period = max(d for d in (last_period, p_period) if d) if (last_period or p_period) else None
        reference_end = references.get(plan_id)
        due = extended.get(task_id, task_due)
        event_known = occurred_on if recorded_at is None or local_date(recorded_at) <= day else None
        dated = kind != "event" or event_known is not None
        facts = Facts(
            kind=kind, due=due if dated else None, original_due=original_due if dated else None,
            starts_on=starts_on, exclusive=exclusive, event_occurred_on=event_known,
            completed_on=completed, cannot_do=last_status == "cannot_do",
            reported_this_period=bool(last_period and reference_end and last_period >= reference_end),
        )
        key = ref if part == 1 else f"{ref}#{part}"
        parts.append(Part(aid, task_id, plan_id, agency_id, role, key, section_ref or "",
                          facts, assess(facts, day, due_soon_days=due_soon)))
    return parts


def _inherited(session: Session, ids: list[int], day: date, end: datetime,
               verified: bool = False) -> dict[int, tuple[date | None, date | None]]:
    """Completion and last reported period of predecessor assignments (following their chains)."""
    found: dict[int, tuple[date | None, date | None]] = {}
    todo = list(dict.fromkeys(ids))
    depth = 0
    while todo and depth < 8:
        rows = session.execute(
            select(Assignment.id, Assignment.predecessor_id).where(Assignment.id.in_(todo))
        ).all()
        facts = {
            aid: (c, p) for aid, c, p in session.execute(
                select(ProgressReport.assignment_id,
                       func.min(ProgressReport.completed_on).filter(ProgressReport.status.in_(DONE),
                                                                    ProgressReport.completed_on <= day),
                       func.max(ProgressReport.period_end))
                .where(ProgressReport.assignment_id.in_(todo), _report_filter(end, verified))
                .group_by(ProgressReport.assignment_id)
            ).all()
        }
        for aid, _ in rows:
            found[aid] = facts.get(aid, (None, None))
        todo = [pred for _, pred in rows if pred and pred not in found]
        depth += 1
    # fold chains: an assignment inherits from its own predecessors
    parents = dict(session.execute(select(Assignment.id, Assignment.predecessor_id).where(Assignment.id.in_(list(found)))).all())
    folded: dict[int, tuple[date | None, date | None]] = {}
    for aid in found:
        completed, period, current, hops = found[aid][0], found[aid][1], parents.get(aid), 0
        while current and current in found and hops < 8:
            c, p = found[current]
            completed = min(x for x in (completed, c) if x) if (completed or c) else None
            period = max(x for x in (period, p) if x) if (period or p) else None
            current, hops = parents.get(current), hops + 1
        folded[aid] = (completed, period)
    return folded


def _due_on(session: Session, changed: set[int], day: date) -> dict[int, date | None]:
    """For tasks whose deadline was changed after ``day``: the deadline in force on ``day``."""
    task_ids = list(changed)
    if not task_ids:
        return {}
    changes = session.scalars(select(DeadlineChange).where(DeadlineChange.task_id.in_(task_ids))
                              .order_by(DeadlineChange.task_id, DeadlineChange.granted_on, DeadlineChange.id)).all()
    by_task: dict[int, list[DeadlineChange]] = defaultdict(list)
    for change in changes:
        by_task[change.task_id].append(change)
    result: dict[int, date | None] = {}
    for task_id, items in by_task.items():
        if items[-1].granted_on <= day:
            continue
        in_force = [c for c in items if c.granted_on <= day]
        result[task_id] = in_force[-1].new_due if in_force else items[0].old_due
    return result


def _reference_ends(session: Session, ws: Workspace, plan_ids: set[int], day: date) -> dict[int, date]:
    """The last day of each plan's reference period; plans with the same regime and start share it."""
    from theodoi.services.obligations import reference_period

    columns = (Plan.report_kinds, Plan.due_rule, Plan.due_rule_overrides, Plan.effective_from)
    seen: dict[tuple[Any, ...], date] = {}
    ends: dict[int, date] = {}
    for row in session.execute(select(Plan.id, *columns).where(Plan.id.in_(plan_ids))):
        key = tuple(row)[1:]
        if key not in seen:
            seen[key] = reference_period(row, ws.settings, day).end  # a Plan-like row: the columns it reads
        ends[row[0]] = seen[key]
    return ends


def _ids(value: int | list[int]) -> list[int]:
    return [value] if isinstance(value, int) else list(value)
