"""Tables of accounts: users with their role, API tokens, browser sessions, login attempts.

Roles: ``admin`` (everything), ``coordinator`` (the aggregating agency: imports, publishes, accepts or
returns reports, sees all), ``officer`` (bound to one agency: its own tasks and reports), ``leader``
(reads everything, decides escalations). Passwords are argon2 hashes; tokens and session ids are
stored as sha256 digests only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from theodoi.store.base import Base, UtcDateTime, utcnow
from theodoi.store.registry import Agency

ROLES = ("admin", "coordinator", "officer", "leader")


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)  # lower case
    display_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))  # one of ROLES
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))  # officers: their agency
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    agency: Mapped[Agency | None] = relationship(lazy="joined")

    __mapper_args__: Any = {"version_id_col": version}


class ApiToken(Base):
    """A token for an integration, acting as its user. Only its sha256 is kept; ``prefix`` identifies it."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class WebSession(Base):
    """A browser session: the cookie holds a random id, the table its digest (sessions can be revoked)."""

    __tablename__ = "web_session"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)


class LoginAttempt(Base):
    """Failed logins, for rate limiting across server processes."""

    __tablename__ = "login_attempt"
    __table_args__ = (Index("ix_login_attempt_key", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))  # "user:<name>" or "ip:<address>"
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
