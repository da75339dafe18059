"""The store: SQLAlchemy 2 tables, engines and Alembic migrations (SQLite by default, PostgreSQL in
production). Nothing here knows the web or the CLI; services (``theodoi.services``) use it."""

from __future__ import annotations

from theodoi.store.accounts import ROLES, ApiToken, LoginAttempt, User, WebSession
from theodoi.store.base import Base
from theodoi.store.cache import Picture
from theodoi.store.engine import make_engine, session_factory, transaction
from theodoi.store.events import AuditEvent, JobRun, Notification, OutboxMessage, ReminderLog
from theodoi.store.indicators import GrowthScenario, Indicator, IndicatorValue
from theodoi.store.plans import (
    Assignment,
    DeadlineChange,
    Plan,
    PlanFinding,
    PlanSection,
    PlanTarget,
    ReviewItem,
    StoredFile,
    Task,
    TaskChange,
)
from theodoi.store.registry import (
    Agency,
    AgencyAlias,
    AgencyContact,
    AgencyGroupMember,
    AgencySuccession,
    Organisation,
)
from theodoi.store.reports import REPORT_STATUSES, Evidence, PeriodLock, ProgressReport

metadata = Base.metadata

__all__ = [
    "REPORT_STATUSES",
    "ROLES",
    "ApiToken",
    "GrowthScenario",
    "Indicator",
    "IndicatorValue",
    "LoginAttempt",
    "Picture",
    "User",
    "WebSession",
    "Agency",
    "AgencyAlias",
    "AgencyContact",
    "AgencyGroupMember",
    "AgencySuccession",
    "Assignment",
    "AuditEvent",
    "Base",
    "DeadlineChange",
    "Evidence",
    "JobRun",
    "Notification",
    "Organisation",
    "OutboxMessage",
    "PeriodLock",
    "Plan",
    "PlanFinding",
    "PlanSection",
    "PlanTarget",
    "ProgressReport",
    "ReminderLog",
    "ReviewItem",
    "StoredFile",
    "Task",
    "TaskChange",
    "make_engine",
    "metadata",
    "session_factory",
    "transaction",
]
