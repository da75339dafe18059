"""The indicator registry: a plan's targets followed with figures (chỉ tiêu và số liệu thực hiện).

An indicator is fed by an extracted target (``target_id``) or by hand: its kind (level, reduction,
increase, rank — :mod:`theodoi.domain.indicators`), unit, comparator, the value to reach over a period
(usually the plan's year) and, for a relative target, the baseline. Its figures are kept with their
period, vintage (ước tính → sơ bộ → chính thức) and source: a revision adds a row, never replaces one.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from theodoi.store.base import Base, UtcDateTime, utcnow


class Indicator(Base):
    __tablename__ = "indicator"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int | None] = mapped_column(ForeignKey("plan_target.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))  # level | reduction | increase | rank
    comparator: Mapped[str] = mapped_column(String(2))  # >= | <=
    target: Mapped[float] = mapped_column(Float)
    baseline: Mapped[float | None] = mapped_column(Float)
    period: Mapped[str] = mapped_column(String(12))  # the period the target is for: "2025", "2025-H1"
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer, default=1)


class IndicatorValue(Base):
    __tablename__ = "indicator_value"
    __table_args__ = (Index("ix_indicator_value_indicator_period", "indicator_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(12))  # what the figure covers: "2025-Q3", "2025-9M", "2025"
    value: Mapped[float] = mapped_column(Float)
    vintage: Mapped[str] = mapped_column(String(12))  # kich-ban | uoc-tinh | so-bo | chinh-thuc
    source: Mapped[str] = mapped_column(Text, default="")
    published_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(120))


class GrowthScenario(Base):
    """A GRDP growth scenario of a plan (kịch bản tăng trưởng), as its file says it (TOML, read by
    :mod:`theodoi.services.scenario`): each upload is a new row, the newest is in force, the earlier
    ones stay (the figures and their vintages as they were known)."""

    __tablename__ = "growth_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(120))
