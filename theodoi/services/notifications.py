"""In-app notifications to agencies: escalations to the coordinator, review outcomes to the reporting
agency, reminders (see :mod:`theodoi.services.reminders`). One per de-duplication key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from theodoi.domain.periods import parse_period
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Notification, Plan, ProgressReport, Task


def notify(
    session: Session, *, agency_id: int, kind: str, title: str, body: str, dedup_key: str, at: datetime,
    link: str | None = None,
) -> Notification | None:
    """Add a notification unless one with the same key exists (then None)."""
    if session.scalar(select(Notification.id).where(Notification.dedup_key == dedup_key)) is not None:
        return None
    note = Notification(agency_id=agency_id, kind=kind, title=title[:300], body=body, link=link, dedup_key=dedup_key,
                        created_at=at)
    session.add(note)
    return note


def escalation(ws: Workspace, session: Session, plan: Plan, task: Task, report: ProgressReport) -> None:
    from theodoi.services.plans import coordinator

    target = coordinator(session, plan, ws.today())
    if target is None:
        return
    agency = session.get(Agency, report.agency_id)
    period = parse_period(report.period)
    notify(
        session, agency_id=target.id, kind="escalation", at=ws.now(), dedup_key=f"escalation:{report.id}",
        title=f"Đề xuất vượt thẩm quyền: nhiệm vụ {task.key} ({agency.name if agency else ''})",
        body=f"{agency.name if agency else ''} báo cáo {period.label}: {report.obstacles or report.proposals or report.result}",
        link=f"/reports/{report.id}",
    )


def reviewed(ws: Workspace, session: Session, report: ProgressReport) -> None:
    task = session.get(Task, report.task_id)
    period = parse_period(report.period)
    verdict = "được chấp nhận" if report.review_state == "accepted" else "bị trả lại"
    body = f"Báo cáo nhiệm vụ {task.key if task else ''} kỳ {period.label} {verdict}."
    if report.review_comment:
        body += f" Ý kiến: {report.review_comment}"
    notify(
        session, agency_id=report.agency_id, kind=f"report-{report.review_state}", at=ws.now(),
        dedup_key=f"review:{report.id}:{report.version}:{report.review_state}",
        title=f"Báo cáo {verdict}: nhiệm vụ {task.key if task else ''}", body=body, link=f"/reports/{report.id}",
    )


def inbox(session: Session, agency_id: int, *, unread_only: bool = False, limit: int = 100) -> list[Notification]:
    query = select(Notification).where(Notification.agency_id == agency_id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return list(session.scalars(query.order_by(Notification.id.desc()).limit(limit)))


def mark_read(ws: Workspace, agency_id: int, ids: list[int]) -> int:
    with ws.write() as session:
        result = session.execute(
            update(Notification).where(Notification.agency_id == agency_id, Notification.id.in_(ids),
                                       Notification.read_at.is_(None)).values(read_at=ws.now())
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
