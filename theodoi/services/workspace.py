"""The workspace every service works in: settings, the database, the clock and who acts."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from theodoi.config import Settings
from theodoi.store.engine import make_engine, read_session_factory, session_factory, transaction
from theodoi.store.migrate import ensure_current

# The register's version (see theodoi.services.snapshots) as a request read it with its session: a request
# that only reads asks for it once, not once per picture. A write in the same context forgets it.
_pinned_version: ContextVar[tuple[int, int] | None] = ContextVar("theodoi_pinned_version", default=None)


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Workspace:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    actor: str = "system"
    clock: Callable[[], datetime] = field(default=system_clock)
    readers: sessionmaker[Session] | None = None  # sessions of ``read()``: made from the engine when not given
    inline: dict[str, Workspace] = field(default_factory=dict, repr=False, compare=False)  # see on_loop()

    def __post_init__(self) -> None:
        if self.readers is None:
            self.readers = read_session_factory(self.engine)

    @classmethod
    def open(
        cls, settings: Settings, *, actor: str | None = None, clock: Callable[[], datetime] | None = None,
        check_schema: bool = True,
    ) -> Workspace:
        engine = make_engine(settings.database_url)
        if check_schema:
            ensure_current(engine)
        return cls(settings, engine, session_factory(engine), actor or settings.user or _login(), clock or system_clock)

    def acting_as(self, actor: str) -> Workspace:
        return replace(self, actor=actor)

    def close(self) -> None:
        for other in self.inline.values():
            other.engine.dispose()
        self.inline.clear()
        self.engine.dispose()

    def on_loop(self) -> Workspace | None:
        """On PostgreSQL, a workspace over one connection of its own for the few one-row reads an event
        loop makes itself (the session of a kept page, ``theodoi.web.kept_pages``): no thread to hand
        the read to and back, and never a wait for a connection of the pool. None on SQLite (a read may
        wait for the file's lock: it stays in a thread)."""
        if self.engine.dialect.name != "postgresql":
            return None
        if "loop" not in self.inline:
            engine = make_engine(self.engine.url.render_as_string(hide_password=False), pool_size=1, max_overflow=0,
                                 pool_timeout=10)
            self.inline["loop"] = Workspace(self.settings, engine, session_factory(engine), self.actor, self.clock)
        return self.inline["loop"]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        """Today in the organisation's time zone."""
        return self.clock().astimezone(self.zone).date()

    def end_of(self, day: date) -> datetime:
        """The first instant after ``day`` (local midnight that ends it), in UTC."""
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone).astimezone(UTC)

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed at the end, rolled back on error."""
        _pinned_version.set(None)
        with transaction(self.sessions) as session:
            yield session

    def pin_version(self, version: int) -> None:
        """Remember, in the current context (a request), the register's version just read."""
        _pinned_version.set((id(self.engine), version))

    def pinned_version(self) -> int | None:
        pinned = _pinned_version.get()
        return pinned[1] if pinned is not None and pinned[0] == id(self.engine) else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read: a session that refuses to write (see :func:`theodoi.store.engine.read_session_factory`)."""
        assert self.readers is not None
        with self.readers() as session:
            yield session


def _login() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (containers)
        return "cli"
