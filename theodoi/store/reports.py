"""Tables of the tracking cycle: progress reports, their evidence, and locked reporting periods.

One report per assignment and period: the lead and each coordinating agency report their own part.
A report is *submitted*, then *accepted* (it is then locked) or *returned* with a comment (the agency
corrects and submits it again). A coordinator can lock a whole period of a plan once it is compiled.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from theodoi.store.base import Base, UtcDateTime, utcnow

REPORT_STATUSES = ("not_started", "in_progress", "done", "done_late", "cannot_do")


class ProgressReport(Base):
    __tablename__ = "progress_report"
    __table_args__ = (
        UniqueConstraint("assignment_id", "period"),
        Index("ix_report_agency_period", "agency_id", "period"),
        Index("ix_report_plan_period", "plan_id", "period", "review_state"),
        Index("ix_report_task", "task_id"),
        # The status queries read these per assignment: a covering index answers them without the table.
        Index("ix_report_assignment_facts", "assignment_id", "period_end", "submitted_at", "review_state", "status",
              "completed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"))
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(12))  # "2025-Q3"
    period_end: Mapped[date] = mapped_column(Date)  # end of the calendar period, for ordering
    status: Mapped[str] = mapped_column(String(20))  # one of REPORT_STATUSES
    percent: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(Text, default="")
    obstacles: Mapped[str] = mapped_column(Text, default="")
    proposals: Mapped[str] = mapped_column(Text, default="")
    output_document: Mapped[str | None] = mapped_column(String(200))  # "125/QĐ-UBND" when the task produced one
    completed_on: Mapped[date | None] = mapped_column(Date)  # with status done / done_late
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)  # "vượt thẩm quyền": needs a decision
    escalation_state: Mapped[str | None] = mapped_column(String(10))  # open | decided
    escalation_decision: Mapped[str | None] = mapped_column(Text)
    escalation_decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    escalation_decided_by: Mapped[str | None] = mapped_column(String(120))
    review_state: Mapped[str] = mapped_column(String(10), default="submitted")  # submitted | accepted | returned
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    submitted_by: Mapped[str] = mapped_column(String(120))
    first_submitted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(120))
    review_comment: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    evidence: Mapped[list[Evidence]] = relationship(back_populates="report", order_by="Evidence.id")

    __mapper_args__: Any = {"version_id_col": version}


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("progress_report.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_file.sha256"))
    filename: Mapped[str] = mapped_column(String(300))
    media_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(120))

    report: Mapped[ProgressReport] = relationship(back_populates="evidence")


class PeriodLock(Base):
    __tablename__ = "period_lock"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True)
    period: Mapped[str] = mapped_column(String(12), primary_key=True)
    locked_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    locked_by: Mapped[str] = mapped_column(String(120))
