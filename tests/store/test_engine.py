"""The engine and its sessions: read sessions never write, the version a request pinned is forgotten by
a write, and a pooled PostgreSQL connection that died while idle is replaced, not handed out."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, text

from theodoi.errors import DatabaseError
from theodoi.services import snapshots
from theodoi.store import Organisation
from theodoi.store import engine as engine_module


def test_a_read_session_refuses_to_write(workspace: Any) -> None:
    with pytest.raises(DatabaseError, match="does not write"), workspace.read() as session:
        session.add(Organisation(code="x-test", name="Tỉnh Thử", kind="province"))
        session.flush()
    with workspace.read() as session:
        assert session.scalar(select(func.count()).select_from(Organisation).where(Organisation.code == "x-test")) == 0


def test_a_pinned_version_holds_until_a_write(workspace: Any) -> None:
    from theodoi.services import audit

    before = snapshots.version(workspace)
    workspace.pin_version(before)
    with workspace.write() as session:
        audit.record(session, actor="test", action="test.touch", entity="plan", entity_id=1, at=workspace.now())
    assert workspace.pinned_version() is None  # a write forgets it: what it wrote is seen next
    assert snapshots.version(workspace) > before


def test_an_idle_connection_that_died_is_replaced(workspace: Any, monkeypatch: Any) -> None:
    if workspace.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no connections to lose")
    with workspace.read() as session:
        session.execute(text("SELECT 1"))
        mine = session.execute(text("SELECT pg_backend_pid()")).scalar()
    import psycopg

    url = workspace.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as killer:  # not one of the pool's
        killer.execute("SELECT pg_terminate_backend(%s)", (mine,))
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", -1.0)  # every connection counts as idle
    with workspace.read() as session:
        assert session.execute(text("SELECT pg_backend_pid()")).scalar() != mine
