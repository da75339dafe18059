"""The audit trail: every change is an append-only event (who, when, what, before, after)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from theodoi.store import AuditEvent
from theodoi.store.base import json_safe


def snapshot(row: object, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The column values of an ORM row (or of some of its columns), JSON-friendly."""
    mapper = inspect(type(row))
    names = list(fields) if fields is not None else [c.key for c in mapper.column_attrs if c.key != "content"]
    return {name: json_safe(getattr(row, name)) for name in names}


def record(
    session: Session, *, actor: str, action: str, entity: str, entity_id: int | None, at: datetime,
    plan_id: int | None = None, before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
    note: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        at=at, actor=actor, action=action, entity=entity, entity_id=entity_id, plan_id=plan_id,
        before=json_safe(before) if before is not None else None,
        after=json_safe(after) if after is not None else None, note=note,
    )
    session.add(event)
    return event


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def history(session: Session, entity: str, entity_id: int) -> list[AuditEvent]:
    return list(session.scalars(
        select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id).order_by(AuditEvent.id)
    ))
