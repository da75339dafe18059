"""The workspace every service works in: settings, the database, the clock and who acts."""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from theodoi.config import Settings
from theodoi.store.engine import make_engine, session_factory, transaction
from theodoi.store.migrate import ensure_current


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class Workspace:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    actor: str = "system"
    clock: Callable[[], datetime] = field(default=system_clock)

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
        self.engine.dispose()

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
        with transaction(self.sessions) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session


def _login() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (containers)
        return "cli"
