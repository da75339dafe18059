"""Engines and sessions: SQLite (WAL, foreign keys on, a busy timeout) or PostgreSQL (psycopg 3)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from theodoi.errors import DatabaseError

SQLITE_BUSY_MS = 15000


def normalise_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``. SQLite connections get ``foreign_keys=ON``, WAL and a busy timeout;
    write transactions (:func:`transaction`) start with ``BEGIN IMMEDIATE`` so that two writers queue
    on the busy timeout instead of failing when a reader upgrades to a writer."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, **kwargs)
        _sqlite_pragmas(engine)
        return engine
    if url.startswith("postgresql"):
        kwargs.setdefault("pool_pre_ping", True)
        kwargs.setdefault("pool_size", 10)  # a web worker runs up to 40 requests in threads at once
        kwargs.setdefault("max_overflow", 30)
        # The JIT compiler spends longer compiling the status queries than running them (measured: 0.5 s of
        # a 1.2 s province status); theodoi's queries are short, index-driven ones.
        connect_args = {"options": "-c jit=off", **kwargs.pop("connect_args", {})}
        return create_engine(url, connect_args=connect_args, **kwargs)
    raise DatabaseError(f"không hỗ trợ cơ sở dữ liệu '{url.split(':', 1)[0]}' (unsupported database; use sqlite or postgresql)")


def _sqlite_pragmas(engine: Engine) -> None:
    memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below drive transactions
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = connection.get_execution_options().get("theodoi_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit at the end, roll back on any error (nothing half-saved)."""
    with factory() as session, session.begin():
        session.connection(execution_options={"theodoi_write": True})
        yield session
