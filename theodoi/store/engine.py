"""Engines and sessions: SQLite (WAL, foreign keys on, a busy timeout) or PostgreSQL (psycopg 3)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
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
        kwargs.setdefault("pool_size", 10)  # a web worker runs up to 40 requests in threads at once
        kwargs.setdefault("max_overflow", 30)
        # The JIT compiler spends longer compiling the status queries than running them (measured: 0.5 s of
        # a 1.2 s province status); theodoi's queries are short, index-driven ones.
        connect_args = {"options": "-c jit=off", **kwargs.pop("connect_args", {})}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        _ping_when_idle(engine)
        return engine
    raise DatabaseError(f"không hỗ trợ cơ sở dữ liệu '{url.split(':', 1)[0]}' (unsupported database; use sqlite or postgresql)")


IDLE_PING_SECONDS = 10.0


def _ping_when_idle(engine: Engine) -> None:
    """A pooled connection idle for more than ``IDLE_PING_SECONDS`` is checked (``SELECT 1``) before use;
    a dead one (the server restarted, a firewall dropped it) is replaced, not handed to a request. A
    connection in steady use is not pinged: a ping is a round trip, as long as a short query (measured:
    a sixth of a cached page's time). What breaks between two uses seconds apart surfaces as one failed
    request, and the pool then replaces every connection."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["theodoi_used"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("theodoi_used", 0.0) <= IDLE_PING_SECONDS:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            if not dbapi_connection.autocommit:
                dbapi_connection.rollback()
        except Exception as exc:  # the DB-API's error: the pool reconnects and retries the checkout
            raise DisconnectionError(str(exc)) from exc


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


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that only read. On PostgreSQL their statements run without BEGIN/ROLLBACK around them
    (autocommit): under READ COMMITTED each statement sees its own snapshot inside a transaction too, so
    nothing changes but two round trips fewer per read. On SQLite a read keeps its transaction (one
    snapshot of the file for all its statements). Either way a read session refuses to write."""
    bind = engine.execution_options(isolation_level="AUTOCOMMIT") if engine.dialect.name == "postgresql" else engine
    factory = sessionmaker(bind, expire_on_commit=False)

    @event.listens_for(factory, "before_flush")
    def _refuse(session: Session, _context: Any, _instances: Any) -> None:
        raise DatabaseError("a read session does not write (use Workspace.write)")

    return factory


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit at the end, roll back on any error (nothing half-saved)."""
    with factory() as session, session.begin():
        session.connection(execution_options={"theodoi_write": True})
        yield session
