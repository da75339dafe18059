"""Pictures computed from the whole register (dashboards, status summaries) kept for reuse until the
register changes: every change to the register writes an audit event, so the newest audit event's id
is the register's version. A picture is reused when it was made for the same question, the same day
and the same version — one cheap indexed query instead of recomputing — and never for longer than
``TTL`` seconds (for changes made outside theodoi's services). The cache is per process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import func, select

from theodoi.services.workspace import Workspace
from theodoi.store import AuditEvent

T = TypeVar("T")
TTL = 300.0
SIZE = 512

_lock = threading.Lock()
_entries: OrderedDict[tuple[Any, ...], tuple[float, Any]] = OrderedDict()


def version(ws: Workspace) -> int:
    with ws.read() as session:
        return int(session.scalar(select(func.max(AuditEvent.id))) or 0)


def remember(ws: Workspace, question: Hashable, compute: Callable[[], T]) -> T:
    """The answer to ``question`` for the register as it is now (computed, or reused)."""
    key = (id(ws.engine), ws.engine.url.render_as_string(hide_password=True), question, ws.today(), version(ws))
    found = _fresh(key)
    if found is not None:
        return found[1]
    with _computing(key):  # one thread computes a picture; the others asking for it at once wait for it
        found = _fresh(key)
        if found is not None:
            return found[1]
        value = compute()
        with _lock:
            _entries[key] = (time.monotonic(), value)
            while len(_entries) > SIZE:
                _entries.popitem(last=False)
        return value


def _fresh(key: tuple[Any, ...]) -> tuple[float, Any] | None:
    with _lock:
        found = _entries.get(key)
        if found is not None and time.monotonic() - found[0] < TTL:
            _entries.move_to_end(key)
            return found
        return None


_locks: dict[tuple[Any, ...], threading.Lock] = {}


@contextmanager
def _computing(key: tuple[Any, ...]) -> Iterator[None]:
    with _lock:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        yield
    with _lock:
        if len(_locks) > 4 * SIZE:
            _locks.clear()


def forget() -> None:
    with _lock:
        _entries.clear()
