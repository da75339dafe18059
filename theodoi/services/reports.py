"""Progress reports: an agency submits its part of a task for a period; the coordinator accepts it
(it is then locked) or returns it with a comment; escalations ("vượt thẩm quyền") await a decision.

Every change is one transaction with its audit event. Two agencies reporting on the same task at the
same time both get through: the task's summary row is updated under optimistic locking, and a
transaction that lost the race is retried from the start (:func:`retrying`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from theodoi.domain.periods import Period, parse_period
from theodoi.errors import Conflict, Invalid, Locked, NotFound
from theodoi.services import audit, evidence, facts, notifications
from theodoi.services.faults import checkpoint
from theodoi.services.plans import regime_of
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Assignment, Evidence, PeriodLock, Plan, ProgressReport, StoredFile, Task
from theodoi.store.reports import REPORT_STATUSES
from theodoi.text import clean, fold

T = TypeVar("T")
DONE = ("done", "done_late")
STATUS_WORDS = {
    "not_started": ("chua thuc hien", "chua bat dau", "not started"),
    "in_progress": ("dang thuc hien", "dang trien khai", "in progress"),
    "done": ("hoan thanh", "da hoan thanh", "hoan thanh dung han", "done"),
    "done_late": ("hoan thanh qua han", "done late"),
    "cannot_do": ("khong thuc hien duoc", "khong the thuc hien", "cannot do"),
}
STATUS_LABELS = {
    "not_started": "Chưa thực hiện", "in_progress": "Đang thực hiện", "done": "Hoàn thành",
    "done_late": "Hoàn thành quá hạn", "cannot_do": "Không thực hiện được",
}
REVIEW_LABELS = {"submitted": "Đã gửi, chờ duyệt", "accepted": "Đã chấp nhận", "returned": "Bị trả lại"}
REPORT_FIELDS = ("status", "percent", "result", "obstacles", "proposals", "output_document", "completed_on",
                 "escalated", "review_state", "period", "agency_id", "task_id")


def parse_status(text: str) -> str:
    """A report status from its code or its Vietnamese words ("Đang thực hiện", "dang thuc hien")."""
    folded = fold(text).replace("_", " ").replace("-", " ")
    for code, words in STATUS_WORDS.items():
        if folded == code.replace("_", " ") or folded in words:
            return code
    labels = "; ".join(STATUS_LABELS.values())
    raise Invalid(f"trạng thái '{text}' không hợp lệ; dùng một trong: {labels} (unknown report status)")


@dataclass
class ReportInput:
    status: str
    percent: int | None = None
    result: str = ""
    obstacles: str = ""
    proposals: str = ""
    escalate: bool = False
    output_document: str | None = None
    completed_on: date | None = None
    evidence: list[tuple[str, bytes]] = field(default_factory=list)  # (file name, content)


def retrying(ws: Workspace, work: Callable[[Session], T], attempts: int = 6) -> T:
    """Run ``work`` in a write transaction; run it again when a concurrent change won the race."""
    for attempt in range(attempts):
        try:
            with ws.write() as session:
                return work(session)
        except (StaleDataError, IntegrityError) as exc:
            if isinstance(exc, IntegrityError) and not _unique_violation(exc):
                raise
            if attempt == attempts - 1:
                raise Conflict("dữ liệu vừa được người khác thay đổi, hãy thử lại (changed concurrently, try again)") from None
    raise AssertionError("unreachable")


def _unique_violation(exc: IntegrityError) -> bool:
    """A concurrent insert of the same row (SQLite: "UNIQUE constraint failed"; PostgreSQL: SQLSTATE 23505)."""
    return getattr(exc.orig, "sqlstate", None) == "23505" or "UNIQUE constraint failed" in str(exc.orig)


def submit(
    ws: Workspace, *, task_id: int, agency_id: int, period: str, data: ReportInput, expected_version: int | None = None,
) -> ProgressReport:
    """Submit (or resubmit after a return) an agency's report on a task for a period."""
    files = [evidence.check(name, content, max_mb=ws.settings.evidence_max_mb, allowed=ws.settings.evidence_types)
             for name, content in data.evidence]

    def work(session: Session) -> ProgressReport:
        report = submit_in_session(ws, session, task_id, agency_id, period, data, expected_version, files)
        checkpoint("report.before-commit")
        return report

    return retrying(ws, work)


def submit_in_session(
    ws: Workspace, session: Session, task_id: int, agency_id: int, period_text: str, data: ReportInput,
    expected_version: int | None, files: list[evidence.EvidenceFile],
) -> ProgressReport:
    """The work of :func:`submit` inside a transaction the caller holds (an all-or-nothing batch)."""
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"không có nhiệm vụ {task_id} (no such task)")
    plan = task.plan
    if plan.status != "published":
        raise Invalid("kế hoạch chưa được ban hành trên hệ thống, chưa nhận báo cáo (the plan is not published)")
    period = _period(plan, period_text)
    if session.get(PeriodLock, (plan.id, period.code)) is not None:
        raise Locked(f"kỳ {period.label} đã khóa sổ (the period is locked)")
    assignment = _assignment(session, task, agency_id, period, ws.today())
    report = session.scalar(select(ProgressReport).where(
        ProgressReport.assignment_id == assignment.id, ProgressReport.period == period.code))
    before = audit.snapshot(report, REPORT_FIELDS) if report is not None else None
    if report is not None:
        if report.review_state == "accepted":
            raise Locked(f"báo cáo kỳ {period.label} đã được chấp nhận và khóa (the report is accepted and locked)")
        if expected_version is not None and expected_version != report.version:
            raise Conflict("báo cáo đã được cập nhật bởi người khác (the report changed since you opened it)")
    values = _validated(data, task, ws.today())
    if report is None:
        report = ProgressReport(
            assignment_id=assignment.id, task_id=task.id, agency_id=assignment.agency_id, plan_id=plan.id,
            period=period.code, period_end=period.end, first_submitted_at=ws.now(), **values,
        )
        session.add(report)
    else:
        for name, value in values.items():
            setattr(report, name, value)
    report.review_state, report.submitted_at, report.submitted_by = "submitted", ws.now(), ws.actor
    report.reviewed_at = report.reviewed_by = report.review_comment = None
    report.escalation_state = "open" if report.escalated and report.escalation_state != "decided" else (
        report.escalation_state if report.escalated else None)
    session.flush()
    _attach(ws, session, report, files)
    _summarise(session, task, report)
    audit.record(session, actor=ws.actor, action="report.submit", entity="report", entity_id=report.id,
                 plan_id=plan.id, at=ws.now(), before=before, after=audit.snapshot(report, REPORT_FIELDS))
    if report.escalated and (before is None or not before.get("escalated")):
        notifications.escalation(ws, session, plan, task, report)
    return report


def _period(plan: Plan, text: str) -> Period:
    period = parse_period(text)
    regime = regime_of(plan)
    if period.kind not in regime.kinds:
        kinds = ", ".join(k.value for k in regime.kinds)
        raise Invalid(f"kế hoạch này nhận báo cáo theo kỳ: {kinds}; không nhận kỳ {period.label} (not a reporting period of the plan)")
    return period


def _assignment(session: Session, task: Task, agency_id: int, period: Period, today: date) -> Assignment:
    """The agency's assignment on the task for the period: the one in force at the end of the period's
    data window (or today, when that is earlier)."""
    rows = session.scalars(select(Assignment).where(Assignment.task_id == task.id, Assignment.agency_id == agency_id)
                           .order_by(Assignment.valid_from.desc())).all()
    if not rows:
        agency = session.get(Agency, agency_id)
        name = agency.name if agency else str(agency_id)
        raise NotFound(f"{name} không được giao nhiệm vụ {task.key} (the agency does not hold this task)")
    on = min(period.cutoff_end, today)
    current = [a for a in rows if a.valid_on(on)] or [a for a in rows if a.valid_from <= period.cutoff_end]
    if not current:
        raise Invalid(f"nhiệm vụ {task.key} chưa giao cho cơ quan này trong kỳ {period.label} (not assigned in that period)")
    return current[0]


_DOCNUM_RE = re.compile(r"\d")


def _validated(data: ReportInput, task: Task, today: date) -> dict[str, object]:
    status = data.status if data.status in REPORT_STATUSES else parse_status(data.status)
    percent = data.percent
    if percent is not None and not 0 <= percent <= 100:
        raise Invalid("tỷ lệ hoàn thành phải từ 0 đến 100 (percent must be 0-100)")
    completed = data.completed_on
    if status in DONE:
        completed = completed or today
        if completed > today:
            raise Invalid("ngày hoàn thành không thể sau hôm nay (the completion date is in the future)")
        percent = 100 if percent is None else percent
        limit = task.original_due
        if limit is not None and task.due_exclusive:
            limit = date.fromordinal(limit.toordinal() - 1)
        status = "done_late" if limit is not None and completed > limit else "done"
    elif completed is not None:
        raise Invalid("chỉ ghi ngày hoàn thành khi trạng thái là hoàn thành (a completion date needs status done)")
    if status == "not_started" and percent:
        raise Invalid("nhiệm vụ chưa thực hiện thì tỷ lệ hoàn thành là 0 (not started means 0%)")
    document = clean(data.output_document) if data.output_document else None
    if document and not _DOCNUM_RE.search(document):
        raise Invalid("số văn bản sản phẩm phải có số, ví dụ 125/QĐ-UBND (an output document number has digits)")
    return {
        "status": status, "percent": percent, "result": clean(data.result), "obstacles": clean(data.obstacles),
        "proposals": clean(data.proposals), "output_document": document, "completed_on": completed,
        "escalated": bool(data.escalate),
    }


def _attach(ws: Workspace, session: Session, report: ProgressReport, files: list[evidence.EvidenceFile]) -> None:
    for f in files:
        if session.get(StoredFile, f.sha256) is None:
            session.add(StoredFile(sha256=f.sha256, size=f.size, media_type=f.media_type, content=f.content))
            session.flush()
        session.add(Evidence(report_id=report.id, sha256=f.sha256, filename=f.filename, media_type=f.media_type,
                             size=f.size, uploaded_by=ws.actor, uploaded_at=ws.now()))


def add_evidence(ws: Workspace, report_id: int, files: list[tuple[str, bytes]]) -> list[int]:
    """Attach more evidence to a report not yet accepted (all files or none); the ids of the new rows."""
    checked = [evidence.check(name, content, max_mb=ws.settings.evidence_max_mb, allowed=ws.settings.evidence_types)
               for name, content in files]
    if not checked:
        raise Invalid("không có tệp nào được gửi lên (no file sent)")

    def work(session: Session) -> list[int]:
        report = _report(session, report_id)
        if report.review_state == "accepted":
            raise Locked("báo cáo đã được chấp nhận và khóa (the report is accepted and locked)")
        before = {e.id for e in report.evidence}
        _attach(ws, session, report, checked)
        session.flush()
        added = sorted({e.id for e in session.scalars(select(Evidence).where(Evidence.report_id == report.id))} - before)
        audit.record(session, actor=ws.actor, action="report.evidence", entity="report", entity_id=report.id,
                     plan_id=report.plan_id, at=ws.now(), note=", ".join(f.filename for f in checked))
        return added

    return retrying(ws, work)


def _summarise(session: Session, task: Task, report: ProgressReport) -> None:
    """Keep the task's summary of its reports and its parts' facts in step (a version-checked UPDATE of
    the task row)."""
    facts.refresh(session, [task.id])
    session.flush()
    task.reports_count = session.scalar(select(func.count()).select_from(ProgressReport).where(
        ProgressReport.task_id == task.id)) or 0
    task.latest_status, task.latest_percent, task.latest_report_at = report.status, report.percent, report.submitted_at
    session.flush()


# --- Review ---------------------------------------------------------------------------------------------
def _report(session: Session, report_id: int) -> ProgressReport:
    report = session.get(ProgressReport, report_id)
    if report is None:
        raise NotFound(f"không có báo cáo {report_id} (no such report)")
    return report


def _check_version(report: ProgressReport, expected: int | None) -> None:
    if expected is not None and expected != report.version:
        raise Conflict("báo cáo đã được cập nhật bởi người khác (the report changed since you opened it)")


def accept(ws: Workspace, report_id: int, *, comment: str | None = None, expected_version: int | None = None) -> ProgressReport:
    """Accept a submitted report: it is then locked."""
    return _review(ws, report_id, "accepted", comment, expected_version)


def return_report(ws: Workspace, report_id: int, *, comment: str, expected_version: int | None = None) -> ProgressReport:
    """Send a submitted report back to its agency with a comment (required)."""
    if not clean(comment or ""):
        raise Invalid("trả lại báo cáo cần ghi rõ lý do (a returned report needs a comment)")
    return _review(ws, report_id, "returned", comment, expected_version)


def _review(ws: Workspace, report_id: int, verdict: str, comment: str | None, expected: int | None) -> ProgressReport:
    fields = ("review_state", "review_comment")

    def work(session: Session) -> ProgressReport:
        report = _report(session, report_id)
        _check_version(report, expected)
        if report.review_state == "accepted":
            raise Locked("báo cáo đã được chấp nhận và khóa (already accepted and locked; reopen it first)")
        if report.review_state != "submitted":
            raise Invalid("báo cáo đã trả lại, chờ cơ quan gửi lại (returned; waiting for the agency to resubmit)")
        before = audit.snapshot(report, fields)
        report.review_state, report.reviewed_at, report.reviewed_by = verdict, ws.now(), ws.actor
        report.review_comment = clean(comment) if comment else None
        action = "report.accept" if verdict == "accepted" else "report.return"
        audit.record(session, actor=ws.actor, action=action, entity="report", entity_id=report.id,
                     plan_id=report.plan_id, at=ws.now(), before=before, after=audit.snapshot(report, fields))
        if verdict == "returned":
            facts.refresh(session, [report.task_id])  # a returned report no longer counts
        notifications.reviewed(ws, session, report)
        return report

    return retrying(ws, work)


def reopen(ws: Workspace, report_id: int, *, reason: str) -> ProgressReport:
    """Unlock an accepted report (it goes back to "submitted"); the reason is kept in the audit trail."""
    if not clean(reason or ""):
        raise Invalid("mở lại báo cáo cần ghi lý do (reopening needs a reason)")

    def work(session: Session) -> ProgressReport:
        report = _report(session, report_id)
        if report.review_state != "accepted":
            raise Invalid("chỉ mở lại báo cáo đã chấp nhận (only accepted reports can be reopened)")
        if session.get(PeriodLock, (report.plan_id, report.period)) is not None:
            raise Locked("kỳ báo cáo đã khóa sổ (the period is locked)")
        report.review_state = "submitted"
        audit.record(session, actor=ws.actor, action="report.reopen", entity="report", entity_id=report.id,
                     plan_id=report.plan_id, at=ws.now(), before={"review_state": "accepted"},
                     after={"review_state": "submitted"}, note=clean(reason))
        return report

    return retrying(ws, work)


def decide(ws: Workspace, report_id: int, *, decision: str) -> ProgressReport:
    """Record the decision on an escalated report."""
    if not clean(decision or ""):
        raise Invalid("cần ghi nội dung quyết định (a decision needs its text)")

    def work(session: Session) -> ProgressReport:
        report = _report(session, report_id)
        if not report.escalated:
            raise Invalid("báo cáo này không có đề xuất vượt thẩm quyền (nothing escalated in this report)")
        before = audit.snapshot(report, ("escalation_state", "escalation_decision"))
        report.escalation_state, report.escalation_decision = "decided", clean(decision)
        report.escalation_decided_at, report.escalation_decided_by = ws.now(), ws.actor
        audit.record(session, actor=ws.actor, action="report.decide", entity="report", entity_id=report.id,
                     plan_id=report.plan_id, at=ws.now(), before=before,
                     after=audit.snapshot(report, ("escalation_state", "escalation_decision")))
        return report

    return retrying(ws, work)


def lock_period(ws: Workspace, plan_id: int, period: str) -> PeriodLock:
    def work(session: Session) -> PeriodLock:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise NotFound(f"không có kế hoạch {plan_id} (no such plan)")
        p = _period(plan, period)
        if session.get(PeriodLock, (plan.id, p.code)) is not None:
            raise Locked(f"kỳ {p.label} đã khóa (already locked)")
        lock = PeriodLock(plan_id=plan.id, period=p.code, locked_at=ws.now(), locked_by=ws.actor)
        session.add(lock)
        audit.record(session, actor=ws.actor, action="period.lock", entity="plan", entity_id=plan.id, plan_id=plan.id,
                     at=ws.now(), after={"period": p.code})
        return lock

    return retrying(ws, work)
