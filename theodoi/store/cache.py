"""Pictures shared between server processes (:mod:`theodoi.services.snapshots`): a computed answer,
pickled, under the digest of its question, the day and the register's version. Only theodoi writes
this table; rows are disposable (deleting them all only costs recomputation)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from theodoi.store.base import Base, UtcDateTime, utcnow


class Picture(Base):
    __tablename__ = "picture"
    __table_args__ = (Index("ix_picture_made_at", "made_at"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of (question, day, version)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    made_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
