"""Tables of the task register: stored files, plans, sections, tasks, assignments, findings, review items.

A plan is imported as a *draft* with its source file (by sha256) and the extractor's findings;
``publish`` makes it live. A revised version of a plan shares the ``lineage_id`` of the first one;
its tasks point at the tasks they revise (``previous_task_id``) and the diff is kept as task changes.
An *assignment* gives a task to one agency in one role for a span of time: when the agency ceases,
the assignment is closed and its successor's opens (``predecessor_id``), so history is kept.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from theodoi.store.base import Base, Json, UtcDateTime, utcnow
from theodoi.store.registry import Agency


class StoredFile(Base):
    """File contents, addressed by their sha256: plan sources and report evidence."""

    __tablename__ = "stored_file"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(120))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Plan(Base):
    __tablename__ = "plan"
    __table_args__ = (Index("ix_plan_org_status", "organisation_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft | published | superseded | withdrawn
    kind: Mapped[str | None] = mapped_column(String(60))  # "Kế hoạch"
    number: Mapped[str | None] = mapped_column(String(80), index=True)  # "123/KH-UBND"; None for a draft number
    symbol: Mapped[str | None] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(Text, default="")
    issuer: Mapped[str | None] = mapped_column(String(300))
    place: Mapped[str | None] = mapped_column(String(120))
    issued_on: Mapped[date | None] = mapped_column(Date)
    effective_from: Mapped[date] = mapped_column(Date)  # issued_on, else the first day of the document's month
    lineage_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the first version's id
    version_no: Mapped[int] = mapped_column(Integer, default=1)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    source_sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256"))
    source_name: Mapped[str] = mapped_column(String(300))
    source_format: Mapped[str] = mapped_column(String(10))
    extraction: Mapped[dict[str, Any]] = deferred(mapped_column(Json, nullable=False))  # the extractor's theodoi.plan/1 JSON
    source_text: Mapped[str | None] = deferred(mapped_column(Text))  # the normalised lines the sources point into
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())  # generated demo data
    report_kinds: Mapped[str] = mapped_column(String(80))  # "quarter,year"
    due_rule: Mapped[str] = mapped_column(String(120))
    due_rule_overrides: Mapped[str] = mapped_column(String(200), default="")
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))  # compiles the reports (Sở Tài chính)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(120))
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    published_by: Mapped[str | None] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer, default=1)

    tasks: Mapped[list[Task]] = relationship(back_populates="plan", order_by="Task.position")

    __mapper_args__: Any = {"version_id_col": version}

    @property
    def label(self) -> str:
        number = self.number or "(chưa có số)"
        return f"{self.kind or 'Văn bản'} số {number}"


class PlanSection(Base):
    __tablename__ = "plan_section"
    __table_args__ = (UniqueConstraint("plan_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(60))
    parent_ref: Mapped[str | None] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    line: Mapped[int | None] = mapped_column(Integer)


class Task(Base):
    __tablename__ = "task"
    __table_args__ = (UniqueConstraint("plan_id", "ref", "part"), Index("ix_task_plan_position", "plan_id", "position"))

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(60))
    part: Mapped[int] = mapped_column(Integer, default=1)
    position: Mapped[int] = mapped_column(Integer)
    section_ref: Mapped[str] = mapped_column(String(60), default="")
    heading: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    product: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(20), default="narrative")
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    source: Mapped[dict[str, Any] | None] = mapped_column(Json)  # line / page / table / row / cell, end_line
    deadline_text: Mapped[str | None] = mapped_column(Text)
    deadline_kind: Mapped[str] = mapped_column(String(10), default="none")  # date | ongoing | event | none
    recurring: Mapped[bool] = mapped_column(Boolean, default=False)
    recurrence: Mapped[str | None] = mapped_column(String(20))
    starts_on: Mapped[date | None] = mapped_column(Date)
    due_exclusive: Mapped[bool] = mapped_column(Boolean, default=False)  # "trước ngày D": done before D
    original_due: Mapped[date | None] = mapped_column(Date)  # the plan's deadline; never moved by extensions
    due: Mapped[date | None] = mapped_column(Date)  # the deadline in force (extended, or set when the event occurs)
    deadline_confidence: Mapped[float] = mapped_column(Float, default=1.0)
    deadline_source: Mapped[dict[str, Any] | None] = mapped_column(Json)
    event_occurred_on: Mapped[date | None] = mapped_column(Date)  # event-based tasks: when the event happened
    event_recorded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    event_note: Mapped[str | None] = mapped_column(Text)
    previous_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))  # the task this one revises
    # Latest reported progress, kept in step with the reports (optimistic locking below).
    latest_status: Mapped[str | None] = mapped_column(String(30))
    latest_percent: Mapped[int | None] = mapped_column(Integer)
    latest_report_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reports_count: Mapped[int] = mapped_column(Integer, default=0)
    completed_on: Mapped[date | None] = mapped_column(Date)  # every lead's part done (the last date); kept in step
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    assignments: Mapped[list[Assignment]] = relationship(back_populates="task", order_by="Assignment.id")

    __mapper_args__: Any = {"version_id_col": version}

    @property
    def key(self) -> str:
        return self.ref if self.part == 1 else f"{self.ref}#{self.part}"


class Assignment(Base):
    __tablename__ = "assignment"
    __table_args__ = (
        Index("ix_assignment_agency_valid", "agency_id", "valid_to"),
        Index("ix_assignment_task", "task_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    role: Mapped[str] = mapped_column(String(10))  # lead | support
    as_written: Mapped[str] = mapped_column(Text, default="")  # the name as the document wrote it
    via_group_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))  # expanded from this group
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)  # exclusive; None: in force
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"))
    reason: Mapped[str] = mapped_column(String(20), default="plan")  # plan | succession | manual | revision
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The facts of this part's reports as they stand (with those of its predecessors), kept in step with
    # the reports (theodoi.services.facts): the status of today reads them without touching the reports.
    completed_on: Mapped[date | None] = mapped_column(Date)
    last_status: Mapped[str | None] = mapped_column(String(20))
    last_period_end: Mapped[date | None] = mapped_column(Date)

    task: Mapped[Task] = relationship(back_populates="assignments")
    agency: Mapped[Agency] = relationship(foreign_keys=[agency_id], lazy="joined")
    predecessor: Mapped[Assignment | None] = relationship(remote_side=[id], lazy="select")

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class PlanFinding(Base):
    __tablename__ = "plan_finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    severity: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text)
    task_key: Mapped[str | None] = mapped_column(String(80))
    line: Mapped[int | None] = mapped_column(Integer)


class PlanTarget(Base):
    """A quantified aim of the plan or of one task, as extracted ("giảm ít nhất 30% thời gian xử lý")."""

    __tablename__ = "plan_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str | None] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(40))
    comparator: Mapped[str] = mapped_column(String(4))
    direction: Mapped[str | None] = mapped_column(String(10))
    line: Mapped[int | None] = mapped_column(Integer)


class ReviewItem(Base):
    """Something the coordinator must settle before or after publishing: an agency name the registry
    does not know, an assignment whose agency ceased without a successor."""

    __tablename__ = "review_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))  # unknown-agency | ceased-agency
    role: Mapped[str | None] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)  # the name as written
    state: Mapped[str] = mapped_column(String(10), default="open")  # open | resolved | dismissed
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))  # the agency it was mapped to
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(120))


class TaskChange(Base):
    """One line of the task-level diff between a plan and the version it revises."""

    __tablename__ = "task_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)  # the new version
    change: Mapped[str] = mapped_column(String(10))  # added | removed | changed | unchanged
    old_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    new_task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    old_key: Mapped[str | None] = mapped_column(String(80))
    new_key: Mapped[str | None] = mapped_column(String(80))
    similarity: Mapped[float | None] = mapped_column(Float)
    fields: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)  # field → [before, after]


class DeadlineChange(Base):
    """A deadline extension or correction; the task keeps its original deadline for on-time rates."""

    __tablename__ = "deadline_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    old_due: Mapped[date | None] = mapped_column(Date)
    new_due: Mapped[date] = mapped_column(Date)
    granted_on: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
