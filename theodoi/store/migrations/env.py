"""Alembic environment: the URL and (optionally) a live connection come from theodoi.store.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from theodoi.store import metadata
from theodoi.store.engine import make_engine

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,  # SQLite ALTER TABLE through table copies
        compare_type=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("theodoi migrations run online only")
run_migrations()
