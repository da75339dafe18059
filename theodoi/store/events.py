"""Append-only records: the audit trail, the outbox of messages, in-app notifications, reminder
de-duplication, and daily job runs.

The audit table refuses UPDATE and DELETE at the database level (triggers created by the
migration), so the trail cannot be rewritten through theodoi or by a stray SQL statement.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from theodoi.store.base import Base, Json, UtcDateTime, utcnow

BigId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite: INTEGER PRIMARY KEY is the rowid


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))  # "plan.import", "report.submit", ...
    entity: Mapped[str] = mapped_column(String(30))  # "plan", "task", "report", "agency", ...
    entity_id: Mapped[int | None] = mapped_column(BigId)
    plan_id: Mapped[int | None] = mapped_column(Integer, index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(Json)
    after: Mapped[dict[str, Any] | None] = mapped_column(Json)
    note: Mapped[str | None] = mapped_column(Text)


class OutboxMessage(Base):
    """A message to deliver. Written in the same transaction as what caused it; the de-duplication key
    makes a second attempt to queue the same message a no-op; delivery marks it sent."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_state", "state", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(10))  # email
    kind: Mapped[str] = mapped_column(String(30))  # reminder | urging | ...
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    recipient: Mapped[str] = mapped_column(String(320))
    recipient_name: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200))  # RFC 5322 Message-ID, stable across retries


class Notification(Base):
    """An in-app notification to an agency (its officers see it in their inbox)."""

    __tablename__ = "notification"
    __table_args__ = (Index("ix_notification_agency", "agency_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ReminderLog(Base):
    """One reminder item (this task's deadline in 3 days for this agency...) that has been issued."""

    __tablename__ = "reminder_log"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    target_date: Mapped[date] = mapped_column(Date)
    issued_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class JobRun(Base):
    """A daily job's run: unique per job and day, so that several servers run it once."""

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job", "run_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(60))
    run_on: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(10), default="running")  # running | done | failed
    worker: Mapped[str] = mapped_column(String(200))  # host:pid
    detail: Mapped[str | None] = mapped_column(Text)
