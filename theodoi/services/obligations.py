"""The reporting calendar of the register: which agency owes which report for which period, and
which reports are late or missing.

A published plan owes a report for every period of its reporting regime (``report_kinds``, due
dates by ``due_rule``) whose data window ends at least ``first_report_after_days`` after the plan
takes effect. For such a period, each assignment in force at the end of the data window owes one
report, unless its task had not started by then, is still waiting for its event then, or its part
(or the whole task) was completed before the window opened; a coordinating agency owes nothing for
a window in which the task was completed (the lead agencies report the completion). On day D a report owed is:
*on time* (first submitted by the due date), *late* (submitted after it), *returned* (sent back,
awaiting resubmission), *pending* (not submitted, due date not passed) or *missing* (not submitted,
due date passed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from theodoi.config import Settings
from theodoi.domain.periods import Period, PeriodKind, period_of
from theodoi.services.plans import HasRegime, regime_of
from theodoi.services.workspace import Workspace
from theodoi.store import Assignment, Plan, ProgressReport, Task

GRANULARITY = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.NINE_MONTHS, PeriodKind.YEAR)
STATES = ("on_time", "late", "returned", "pending", "missing")
STATE_LABELS = {"on_time": "Đúng hạn", "late": "Nộp muộn", "returned": "Bị trả lại", "pending": "Chưa đến hạn nộp",
                "missing": "Chưa nộp (quá hạn)"}


def owes(plan: HasRegime, period: Period, settings: Settings) -> bool:
    regime = regime_of(plan)
    first = plan.effective_from + timedelta(days=settings.first_report_after_days)
    return period.kind in regime.kinds and period.cutoff_end >= first


def periods(plan: HasRegime, settings: Settings, *, until: date) -> list[Period]:
    """The periods ``plan`` owes reports for, whose due date is on or before ``until`` + one period."""
    regime = regime_of(plan)
    return [p for p in regime.periods(plan.effective_from, until) if owes(plan, p, settings)]


def reference_period(plan: HasRegime, settings: Settings, day: date) -> Period:
    """The period an ongoing task should have reported by ``day``: the latest period owed (of the
    plan's finest reporting kind) whose report was due by ``day``; before any was due, the period
    whose data window holds ``day``."""
    return _reference(plan.report_kinds, plan.due_rule, plan.due_rule_overrides or "", plan.effective_from,
                      settings.first_report_after_days, day)


@lru_cache(maxsize=4096)
def _reference(kinds: str, rule: str, overrides: str, effective_from: date, after_days: int, day: date) -> Period:
    plan = _Regime(kinds, rule, overrides, effective_from)
    regime = regime_of(plan)
    first = effective_from + timedelta(days=after_days)
    finest = min(regime.kinds, key=GRANULARITY.index)
    current = period_of(finest, day, by="cutoff")
    candidate = current
    for _ in range(4):
        if regime.due(candidate) <= day and candidate.kind in regime.kinds and candidate.cutoff_end >= first:
            return candidate
        candidate = candidate.previous()
    return current


@dataclass(frozen=True, slots=True)
class _Regime:
    report_kinds: str
    due_rule: str
    due_rule_overrides: str
    effective_from: date


@dataclass(frozen=True, slots=True)
class Obligation:
    plan_id: int
    period: str  # code
    due: date
    assignment_id: int
    task_id: int
    task_key: str
    agency_id: int
    role: str
    state: str  # one of STATES
    report_id: int | None
    submitted_on: date | None


def obligations(
    ws: Workspace, *, on: date | None = None, period: str | None = None, plan_ids: list[int] | None = None,
    agency_ids: list[int] | None = None, organisation_id: int | list[int] | None = None, horizon_days: int = 0,
    since: date | None = None,
) -> list[Obligation]:
    """Reports owed, as of day ``on``: for one period (``period`` code) or for every period whose
    due date is on or before ``on`` + ``horizon_days`` (and, with ``since``, not before it). Plans
    owing the same period are read together (one query per period and due date)."""
    from theodoi.domain.periods import parse_period

    day = on or ws.today()
    wanted = parse_period(period) if period else None
    until = day + timedelta(days=horizon_days)
    groups: dict[tuple[Period, date], list[int]] = defaultdict(list)
    with ws.read() as session:
        query = select(Plan).where(Plan.status == "published")
        if plan_ids is not None:
            query = query.where(Plan.id.in_(plan_ids))
        if organisation_id is not None:
            query = query.where(Plan.organisation_id.in_(_ids(organisation_id)))
        if agency_ids is not None:
            held = select(Task.plan_id).join(Assignment, Assignment.task_id == Task.id).where(
                Assignment.agency_id.in_(agency_ids))
            query = query.where(Plan.id.in_(held))
        for plan in session.scalars(query.order_by(Plan.id)):
            regime = regime_of(plan)
            todo = ([wanted] if owes(plan, wanted, ws.settings) else []) if wanted is not None else [
                p for p in periods(plan, ws.settings, until=until) if regime.due(p) <= until]
            for p in todo:
                due = regime.due(p)
                if since is None or due >= since or wanted is not None:
                    groups[(p, due)].append(plan.id)
        found: list[Obligation] = []
        known = _Known(session)  # periods share their tasks: completions and lead agencies are read once
        for (p, due), ids in sorted(groups.items(), key=lambda g: (g[0][1], g[0][0].code)):
            found.extend(_for_period(ws, session, ids, p, due, day, agency_ids, known))
    return found


def _chunks(values: list[int], size: int = 5000) -> list[list[int]]:
    return [values[i:i + size] for i in range(0, len(values), size)] or [[]]


def _for_period(
    ws: Workspace, session: Session, plan_ids: list[int], period: Period, due: date, day: date,
    agency_ids: list[int] | None, known: _Known,
) -> list[Obligation]:
    edge, code = period.cutoff_end, period.code
    report = ProgressReport
    rows: list[Any] = []
    for chunk in _chunks(plan_ids):
        query = (
            select(Assignment.id, Assignment.task_id, Assignment.agency_id, Assignment.role, Assignment.predecessor_id,
                   Task.ref, Task.part, Task.deadline_kind, Task.starts_on, Task.event_occurred_on, Task.plan_id,
                   report.id.label("report_id"), report.first_submitted_at, report.submitted_at, report.review_state)
            .join(Task, Task.id == Assignment.task_id)
            .outerjoin(report, (report.assignment_id == Assignment.id) & (report.period == code))
            .where(Task.plan_id.in_(chunk), Assignment.valid_from <= edge,
                   or_(Assignment.valid_to.is_(None), Assignment.valid_to > edge),
                   or_(Task.starts_on.is_(None), Task.starts_on <= edge))
        )
        if agency_ids is not None:
            query = query.where(Assignment.agency_id.in_(agency_ids))
        rows.extend(session.execute(query.order_by(Task.plan_id, Task.position, Assignment.id)).all())
    tasks = {r.task_id for r in rows}
    leads = known.leads(tasks, edge)
    firsts = known.first_completions({*(r.id for r in rows), *(r.predecessor_id for r in rows if r.predecessor_id),
                                      *(a for a, _, _ in leads), *(p for _, _, p in leads if p)})
    finished = {a for a, d in firsts.items() if d < period.cutoff_start}
    opened_closed = _tasks_done(leads, firsts, period.cutoff_start)
    closed_in_window = _tasks_done(leads, firsts, edge + timedelta(days=1))
    end = ws.end_of(day)
    result: list[Obligation] = []
    for r in rows:
        if r.deadline_kind == "event" and (r.event_occurred_on is None or r.event_occurred_on > edge):
            continue
        if r.id in finished or (r.predecessor_id and r.predecessor_id in finished) or r.task_id in opened_closed:
            continue
        if r.role == "support" and r.task_id in closed_in_window:
            continue  # the lead agencies report the completion; the coordinating ones owe nothing more
        submitted = r.report_id is not None and r.submitted_at < end
        first = ws.local_date(r.first_submitted_at) if submitted else None
        if submitted and r.review_state == "returned":
            state = "returned"
        elif first is not None:
            state = "on_time" if first <= due else "late"
        else:
            state = "pending" if day <= due else "missing"
        key = r.ref if r.part == 1 else f"{r.ref}#{r.part}"
        result.append(Obligation(
            r.plan_id, code, due, r.id, r.task_id, key, r.agency_id, r.role, state,
            r.report_id if submitted else None, first,
        ))
    return result


class _Known:
    """What the periods of one question share, read once: the earliest completion each assignment's
    reports give, and the lead agencies of each task (with the days they held the task)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.completions: dict[int, date] = {}
        self.asked: set[int] = set()
        self.lead_rows: dict[int, list[tuple[int, int | None, date, date | None]]] = {}

    def first_completions(self, ids: set[int]) -> dict[int, date]:
        """Per assignment of ``ids``: the earliest completion date its reports (not returned) give."""
        todo = sorted(ids - self.asked)
        for chunk in _chunks(todo):
            if chunk:
                self.completions.update((a, d) for a, d in self.session.execute(
                    select(ProgressReport.assignment_id, func.min(ProgressReport.completed_on)).where(
                        ProgressReport.assignment_id.in_(chunk), ProgressReport.status.in_(("done", "done_late")),
                        ProgressReport.completed_on.is_not(None), ProgressReport.review_state != "returned")
                    .group_by(ProgressReport.assignment_id)
                ) if d is not None)
        self.asked.update(todo)
        return {a: self.completions[a] for a in ids if a in self.completions}

    def leads(self, task_ids: set[int], edge: date) -> list[tuple[int, int, int | None]]:
        """(assignment, task, predecessor) of the lead agencies in force at ``edge`` on the tasks."""
        todo = sorted(task_ids - self.lead_rows.keys())
        for chunk in _chunks(todo):
            if chunk:
                for aid, task, predecessor, start, end in self.session.execute(
                        select(Assignment.id, Assignment.task_id, Assignment.predecessor_id, Assignment.valid_from,
                               Assignment.valid_to).where(Assignment.task_id.in_(chunk), Assignment.role == "lead")):
                    self.lead_rows.setdefault(task, []).append((aid, predecessor, start, end))
        for task in todo:
            self.lead_rows.setdefault(task, [])
        return [(aid, task, predecessor) for task in sorted(task_ids) for aid, predecessor, start, end in self.lead_rows[task]
                if start <= edge and (end is None or end > edge)]


def _tasks_done(leads: list[tuple[int, int, int | None]], firsts: dict[int, date], start: date) -> set[int]:
    """Tasks whose every lead agency (or the body it succeeded) reported its part done before ``start``."""
    def done(a: int | None) -> bool:
        return a is not None and a in firsts and firsts[a] < start

    by_task: dict[int, list[bool]] = defaultdict(list)
    for aid, task, predecessor in leads:
        by_task[task].append(done(aid) or done(predecessor))
    return {task for task, flags in by_task.items() if flags and all(flags)}


def tally(items: list[Obligation]) -> dict[int, dict[str, int]]:
    """Per agency: how many reports are on time, late, returned, pending, missing."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STATES, 0))
    for item in items:
        counts[item.agency_id][item.state] += 1
    return dict(counts)


def _ids(value: int | list[int]) -> list[int]:
    return [value] if isinstance(value, int) else list(value)
