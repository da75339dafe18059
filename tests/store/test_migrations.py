"""Migrations: upgrade from empty, downgrade/upgrade round trip, no drift between models and schema,
the append-only audit trail, and the schema check that refuses an unmigrated database."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from theodoi.errors import DatabaseError
from theodoi.store import metadata, migrate
from theodoi.store.engine import make_engine


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_from_empty_creates_every_table(empty_database_url: str) -> None:
    assert tables(empty_database_url) == set()
    migrate.upgrade(empty_database_url)
    assert tables(empty_database_url) == set(metadata.tables)
    assert migrate.pending_changes(empty_database_url) == []


def test_downgrade_and_upgrade_round_trip(empty_database_url: str) -> None:
    migrate.upgrade(empty_database_url)
    migrate.downgrade(empty_database_url, "base")
    assert tables(empty_database_url) == set()
    migrate.upgrade(empty_database_url)
    assert tables(empty_database_url) == set(metadata.tables)
    assert migrate.pending_changes(empty_database_url) == []


def test_every_revision_steps_down_and_up(empty_database_url: str) -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config(empty_database_url))
    revisions = [r.revision for r in script.walk_revisions("base", "heads")][::-1]
    for revision in revisions:
        migrate.upgrade(empty_database_url, revision)
    for revision in reversed(revisions):
        migrate.downgrade(empty_database_url, f"{revision}-1" if revision != revisions[0] else "base")
    assert tables(empty_database_url) == set()


def test_audit_trail_is_append_only(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as c:
        c.execute(text("INSERT INTO audit_event (at, actor, action, entity) VALUES (CURRENT_TIMESTAMP, 'a', 'b', 'c')"))
    for statement in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as c:
            c.execute(text(statement))
    with engine.connect() as c:
        assert c.execute(text("SELECT actor FROM audit_event")).scalars().all() == ["a"]
    engine.dispose()


def test_workspace_refuses_an_unmigrated_database(empty_database_url: str) -> None:
    from theodoi.config import Settings
    from theodoi.services.workspace import Workspace

    with pytest.raises(DatabaseError, match="theodoi db upgrade"):
        Workspace.open(Settings(database_url=empty_database_url, _env_file=None))  # type: ignore[call-arg]


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: object) -> None:
    from pathlib import Path

    url = f"sqlite:///{Path(str(tmp_path)) / 'x.db'}"
    engine = make_engine(url)
    with engine.connect() as c:
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()


def test_the_head_constant_is_the_scripts_head() -> None:
    assert migrate.HEAD == migrate.script_head()
