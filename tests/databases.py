"""Fresh, migrated databases for tests, on SQLite (default) or PostgreSQL (``--backend=postgresql``,
with ``THEODOI_TEST_DATABASE_URL`` naming a server database the tests may create databases from).

A template is migrated (and optionally filled) once per session and worker; each test gets a copy:
a file copy on SQLite, ``CREATE DATABASE ... TEMPLATE`` on PostgreSQL. Copies are dropped afterwards.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from theodoi.store import migrate
from theodoi.store.engine import normalise_url

_counter = itertools.count(1)


def worker() -> str:
    """This test process's tag in database names: the xdist worker and the process id, so that
    concurrent test runs on one PostgreSQL server never share a database."""
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'gw')}_{os.getpid()}"


class Backend:
    name = ""

    def template(self, label: str, fill: Callable[[str], None] | None = None) -> str:
        raise NotImplementedError

    def copy(self, template: str) -> str:
        raise NotImplementedError

    def drop(self, url: str) -> None:
        raise NotImplementedError

    def empty(self) -> str:
        """A new, empty database (not migrated)."""
        raise NotImplementedError


class SqliteBackend(Backend):
    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, label: str) -> Path:
        return self.folder / f"{label}-{worker()}.db"

    def template(self, label: str, fill: Callable[[str], None] | None = None) -> str:
        path = self._path(label)
        url = f"sqlite:///{path}"
        if not path.exists():
            migrate.upgrade(url)
            if fill is not None:
                fill(url)
            _checkpoint_sqlite(path)
        return url

    def copy(self, template: str) -> str:
        source = Path(template.removeprefix("sqlite:///"))
        target = self.folder / f"t{next(_counter)}-{worker()}.db"
        shutil.copyfile(source, target)
        return f"sqlite:///{target}"

    def empty(self) -> str:
        return f"sqlite:///{self.folder / f'e{next(_counter)}-{worker()}.db'}"

    def drop(self, url: str) -> None:
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def _checkpoint_sqlite(path: Path) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()


class PostgresBackend(Backend):
    name = "postgresql"

    def __init__(self, base_url: str) -> None:
        self.base = make_url(normalise_url(base_url))
        self.admin = create_engine(self.base, isolation_level="AUTOCOMMIT", pool_size=1)
        self.made: set[str] = set()

    def _url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def _create(self, name: str, template: str | None = None) -> None:
        with self.admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            c.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))

    def template(self, label: str, fill: Callable[[str], None] | None = None) -> str:
        name = f"theodoi_{label}_{worker()}".lower()
        if name not in self.made:
            self._create(name)
            url = self._url(name)
            migrate.upgrade(url)
            if fill is not None:
                fill(url)
            self.made.add(name)
        return self._url(name)

    def copy(self, template: str) -> str:
        source = make_url(template).database
        name = f"theodoi_t{next(_counter)}_{worker()}".lower()
        self._create(name, source)
        return self._url(name)

    def empty(self) -> str:
        name = f"theodoi_e{next(_counter)}_{worker()}".lower()
        self._create(name)
        return self._url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        for name in self.made:
            with self.admin.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()
