"""Reminders and urging: the daily job that tells agencies what falls due and what is late.

On day D it finds every reminder occasion (:mod:`theodoi.domain.reminders`) of the parts of tasks in
force (deadline coming, today, overdue — not for parts done, waiting for their event or not started)
and of the reports owed (due date coming, today, missing, returned). Items already issued are skipped
(``reminder_log``, keyed by item and occasion). The new items of each agency become one message:
an in-app notification, and an e-mail to each of its contacts who takes reminders, queued in the
outbox with a de-duplication key — all in one transaction, so a crash loses nothing and a second run
adds nothing. Delivery is separate (:mod:`theodoi.services.delivery`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.domain.dates import format_day
from theodoi.domain.periods import parse_period
from theodoi.domain.reminders import Occasion, Policy, deadline_occasion, report_occasion
from theodoi.domain.status import Status
from theodoi.services import notifications
from theodoi.services import status as status_service
from theodoi.services.obligations import obligations
from theodoi.services.plans import plan_label
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, AgencyContact, OutboxMessage, Plan, ReminderLog, Task

OPEN = (Status.ON_TRACK, Status.DUE_SOON, Status.OVERDUE)


@dataclass(frozen=True, slots=True)
class Item:
    key: str  # de-duplication key of the item and its occasion
    agency_id: int
    kind: str  # task-before | task-today | task-overdue | report-before | report-today | report-missing | report-returned
    target: date
    days: int
    plan_id: int
    text: str  # one line for the message
    period: str | None = None  # report items: the period code
    task_key: str = ""


@dataclass
class Message:
    agency_id: int
    agency: str
    subject: str
    body: str
    items: list[Item]
    recipients: list[tuple[str, str]] = field(default_factory=list)  # (name, e-mail)
    urging: bool = False


@dataclass
class RunResult:
    on: date
    items: list[Item]
    messages: list[Message]
    dry_run: bool
    without_contact: list[str] = field(default_factory=list)


def policy_of(ws: Workspace) -> Policy:
    s = ws.settings
    return Policy(before=s.numbers(s.remind_before_days), on_day=s.remind_on_day, every=s.remind_overdue_every_days,
                  report_before=s.numbers(s.report_remind_before_days))


def due_items(ws: Workspace, on: date) -> list[Item]:
    """Every reminder item of day ``on`` (before de-duplication)."""
    policy = policy_of(ws)
    items: list[Item] = []
    view = status_service.overview(ws, on=on, tasks=False)
    texts = _task_texts(ws, {p.task_id for p in view.parts})
    labels = plan_labels(ws)
    for part in view.parts:
        if part.status not in OPEN or part.assessment.due is None:
            continue
        occ = deadline_occasion(part.assessment.due, on, policy)
        if occ is None:
            continue
        text = (f"Nhiệm vụ {part.key} ({labels.get(part.plan_id, '')}): {texts.get(part.task_id, '')}"
                f" — hạn {format_day(part.assessment.due)}")
        items.append(Item(f"task:{part.assignment_id}:{part.assessment.due.isoformat()}:{occ.token}", part.agency_id,
                          f"task-{occ.kind}", part.assessment.due, occ.days, part.plan_id, text + _days(occ),
                          task_key=part.key))
    for owed in obligations(ws, on=on, horizon_days=max(policy.report_before, default=0)):
        if owed.state not in ("pending", "missing", "returned"):
            continue
        occ = report_occasion(owed.due, on, policy) if owed.state != "returned" else Occasion("returned", "r", 0)
        if occ is None:
            continue
        label = parse_period(owed.period).label
        kind = "report-returned" if owed.state == "returned" else ("report-missing" if occ.kind == "overdue" else f"report-{occ.kind}")
        text = f"Báo cáo {label} nhiệm vụ {owed.task_key} ({labels.get(owed.plan_id, '')}) — hạn nộp {format_day(owed.due)}"
        token = f"{occ.token}:{owed.report_id}" if owed.state == "returned" else occ.token
        items.append(Item(f"report:{owed.assignment_id}:{owed.period}:{token}", owed.agency_id, kind, owed.due,
                          occ.days, owed.plan_id, text + (" — bị trả lại, cần gửi lại" if owed.state == "returned" else _days(occ)),
                          period=owed.period, task_key=owed.task_key))
    return items


def _days(occ: Occasion) -> str:
    if occ.days > 0:
        return f" (còn {occ.days} ngày)"
    if occ.days == 0:
        return " (đến hạn hôm nay)"
    return f" (quá hạn {-occ.days} ngày)"


def _task_texts(ws: Workspace, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    with ws.read() as session:
        rows = session.execute(select(Task.id, Task.text).where(Task.id.in_(ids))).all()
    return {i: (t if len(t) <= 90 else t[:87].rstrip() + "…") for i, t in rows}


SECTIONS = (
    ("task-overdue", "Nhiệm vụ quá hạn"),
    ("task-today", "Nhiệm vụ đến hạn hôm nay"),
    ("task-before", "Nhiệm vụ sắp đến hạn"),
    ("report-missing", "Báo cáo chưa nộp, đã quá hạn"),
    ("report-returned", "Báo cáo bị trả lại"),
    ("report-today", "Báo cáo phải nộp hôm nay"),
    ("report-before", "Báo cáo sắp đến hạn nộp"),
)


def compose(agency: Agency, items: list[Item], on: date) -> Message:
    urging = any(i.kind in ("task-overdue", "report-missing") for i in items)
    counts = [f"{sum(1 for i in items if i.kind == kind)} {title.lower()}" for kind, title in SECTIONS
              if any(i.kind == kind for i in items)]
    prefix = "[ĐÔN ĐỐC]" if urging else "[Nhắc việc]"
    subject = f"{prefix} {agency.name} — ngày {format_day(on)}: " + "; ".join(counts)
    lines = [f"Kính gửi: {agency.full_name},", "",
             f"Hệ thống theo dõi thực hiện kế hoạch xin thông báo tình hình đến ngày {format_day(on)}:", ""]
    for kind, title in SECTIONS:
        chosen = [i for i in items if i.kind == kind]
        if chosen:
            lines.append(f"{title} ({len(chosen)}):")
            lines.extend(_lines(chosen))
            lines.append("")
    if urging:
        lines.append("Đề nghị quý cơ quan khẩn trương thực hiện và báo cáo kết quả theo quy định.")
    lines += ["", "Thư gửi tự động từ hệ thống theodoi; vui lòng không trả lời thư này."]
    return Message(agency.id, agency.name, subject[:300], "\n".join(lines), items, urging=urging)


def _lines(items: list[Item]) -> list[str]:
    """One line per task item; report items grouped by plan and period ("Quý III/2025 ...: II.1.1, II.2.2")."""
    tasks = [i for i in items if i.period is None]
    lines = [f"  - {i.text}" for i in sorted(tasks, key=lambda i: (i.plan_id, i.target, i.text))]
    groups: dict[tuple[int, str], list[Item]] = defaultdict(list)
    for item in items:
        if item.period is not None:
            groups[(item.plan_id, item.period)].append(item)
    for (_, period), chosen in sorted(groups.items()):
        first = chosen[0]
        keys = ", ".join(sorted({i.task_key for i in chosen}, key=_ref_order))
        plan = first.text[first.text.find("(") + 1:first.text.find(")")]
        lines.append(f"  - {plan}, kỳ {parse_period(period).label} (hạn nộp {format_day(first.target)}): "
                     f"{len(chosen)} nhiệm vụ: {keys}")
    return lines


def _ref_order(key: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((1, int(p), "") if p.isdigit() else (0, 0, p) for p in key.replace("#", ".").split("."))


def run(ws: Workspace, *, on: date | None = None, dry_run: bool = False) -> RunResult:
    """The reminders of day ``on``: issue them (or, with ``dry_run``, only say what would be issued)."""
    day = on or ws.today()
    candidates = due_items(ws, day)
    with ws.write() as session:
        keys = list({i.key: i for i in candidates})
        issued: set[str] = set()
        for start in range(0, len(keys), 500):
            issued.update(session.scalars(select(ReminderLog.key).where(ReminderLog.key.in_(keys[start:start + 500]))))
        fresh = [i for i in {i.key: i for i in candidates}.values() if i.key not in issued]
        by_agency: dict[int, list[Item]] = defaultdict(list)
        for item in fresh:
            by_agency[item.agency_id].append(item)
        result = RunResult(day, fresh, [], dry_run)
        for agency_id, items in sorted(by_agency.items()):
            agency = session.get(Agency, agency_id)
            assert agency is not None
            message = compose(agency, items, day)
            contacts = session.scalars(select(AgencyContact).where(
                AgencyContact.agency_id == agency_id, AgencyContact.active.is_(True),
                AgencyContact.reminders.is_(True), AgencyContact.email.is_not(None))).all()
            message.recipients = [(c.name, c.email) for c in contacts if c.email]
            if not message.recipients:
                result.without_contact.append(agency.name)
            result.messages.append(message)
            if not dry_run:
                _issue(ws, session, message, day)
        if dry_run:
            session.rollback()
    return result


def _issue(ws: Workspace, session: Session, message: Message, day: date) -> None:
    digest = hashlib.sha1("\n".join(sorted(i.key for i in message.items)).encode()).hexdigest()[:16]
    for item in message.items:
        session.add(ReminderLog(key=item.key, agency_id=item.agency_id, kind=item.kind, target_date=item.target,
                                issued_on=day, created_at=ws.now()))
    notifications.notify(session, agency_id=message.agency_id, kind="urging" if message.urging else "reminder",
                         title=message.subject, body=message.body, dedup_key=f"remind:{message.agency_id}:{digest}",
                         at=ws.now(), link="/inbox")
    for name, email in message.recipients:
        key = f"remind:{message.agency_id}:{email.lower()}:{digest}"
        if session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedup_key == key)) is None:
            session.add(OutboxMessage(
                dedup_key=key, channel="email", kind="urging" if message.urging else "reminder",
                agency_id=message.agency_id, recipient=email, recipient_name=name, subject=message.subject,
                body=message.body, created_at=ws.now(), message_id=f"<{hashlib.sha1(key.encode()).hexdigest()}@theodoi>",
            ))


def plan_labels(ws: Workspace) -> dict[int, str]:
    with ws.read() as session:
        return {plan.id: plan_label(plan, short=True)
                for plan in session.scalars(select(Plan).where(Plan.status == "published"))}
