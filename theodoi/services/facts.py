"""The facts of each part kept in step with its reports, so that today's statuses read the parts alone.

For an assignment: the earliest completion date reported, the period end of its latest report and
that report's status — of reports not returned, its own and (completion and period) those of the
assignments it succeeded; for a task: the day the last of its lead agencies (in force) completed.
``refresh`` recomputes them for some tasks from their reports; every change to reports calls it in
the same transaction (submit, return, a revision carrying reports over, a succession). A past day's
statuses are computed from the reports themselves (theodoi.services.status), and a test checks that
both ways agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.store import Assignment, ProgressReport, Task

DONE = ("done", "done_late")


def refresh(session: Session, task_ids: Iterable[int]) -> None:
    ids = sorted(set(task_ids))
    if not ids:
        return
    session.flush()
    assignments = list(session.scalars(select(Assignment).where(Assignment.task_id.in_(ids)).order_by(Assignment.id)))
    reports = session.execute(
        select(ProgressReport.assignment_id, ProgressReport.status, ProgressReport.completed_on,
               ProgressReport.period_end, ProgressReport.submitted_at)
        .where(ProgressReport.task_id.in_(ids), ProgressReport.review_state != "returned")
    ).all()
    own: dict[int, list[tuple[str, date | None, date, object]]] = defaultdict(list)
    for assignment_id, status, completed, period_end, submitted in reports:
        own[assignment_id].append((status, completed, period_end, submitted))
    by_id = {a.id: a for a in assignments}
    for a in sorted(assignments, key=lambda a: a.id):  # predecessors have smaller ids
        rows = own.get(a.id, [])
        completed = min((c for s, c, _, _ in rows if s in DONE and c is not None), default=None)
        period = max((p for _, _, p, _ in rows), default=None)
        latest = max(rows, key=lambda r: (r[2], r[3]), default=None)
        before = by_id.get(a.predecessor_id or -1)
        if before is not None:
            completed = min((d for d in (completed, before.completed_on) if d), default=None)
            period = max((d for d in (period, before.last_period_end) if d), default=None)
        a.completed_on, a.last_period_end, a.last_status = completed, period, latest[0] if latest else None
    leads: dict[int, list[date | None]] = defaultdict(list)
    for a in assignments:
        if a.role == "lead" and a.valid_to is None:
            leads[a.task_id].append(a.completed_on)
    for task in session.scalars(select(Task).where(Task.id.in_(ids))):
        dates = leads.get(task.id, [])
        done = max(d for d in dates if d) if dates and all(dates) else None
        if task.completed_on != done:
            task.completed_on = done


_LIVE = "r.assignment_id = assignment.id AND r.review_state <> 'returned'"
_PRED = "(SELECT p.{0} FROM assignment p WHERE p.id = assignment.predecessor_id)"
RECOMPUTE = (
    f"""UPDATE assignment SET
        completed_on = (SELECT MIN(r.completed_on) FROM progress_report r
                        WHERE {_LIVE} AND r.status IN ('done', 'done_late')),
        last_period_end = (SELECT MAX(r.period_end) FROM progress_report r WHERE {_LIVE}),
        last_status = (SELECT r.status FROM progress_report r WHERE {_LIVE}
                       ORDER BY r.period_end DESC, r.submitted_at DESC LIMIT 1)""",
    *[f"""UPDATE assignment SET
        completed_on = CASE WHEN {_PRED.format("completed_on")} IS NULL THEN completed_on
                            WHEN completed_on IS NULL OR {_PRED.format("completed_on")} < completed_on
                            THEN {_PRED.format("completed_on")} ELSE completed_on END,
        last_period_end = CASE WHEN {_PRED.format("last_period_end")} IS NULL THEN last_period_end
                               WHEN last_period_end IS NULL OR {_PRED.format("last_period_end")} > last_period_end
                               THEN {_PRED.format("last_period_end")} ELSE last_period_end END
        WHERE predecessor_id IS NOT NULL""" for _ in range(4)],
    """UPDATE task SET completed_on = (
        SELECT CASE WHEN COUNT(*) > 0 AND COUNT(a.completed_on) = COUNT(*) THEN MAX(a.completed_on) END
        FROM assignment a WHERE a.task_id = task.id AND a.role = 'lead' AND a.valid_to IS NULL)""",
)


def recompute_all(session: Session) -> None:
    """The facts of every part and task from all the reports, in SQL (after a bulk load of reports)."""
    from sqlalchemy import text

    for statement in RECOMPUTE:
        session.execute(text(statement))
