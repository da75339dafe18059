"""Pictures computed from the whole register (dashboards, status summaries) kept for reuse until the
register changes: every change to the register writes an audit event, so the newest audit event's id
is the register's version. A picture is reused when it was made for the same question, the same day
and the same version — one cheap indexed query instead of recomputing — and never for longer than
``TTL`` seconds (for changes made outside theodoi's services).

Pictures are kept in the process and, shared by every server process, in the database (table
``picture``, pickled: only theodoi writes it): a process asked a question another one answered reads
the answer instead of computing it again. The shared copy is best effort — when it cannot be read or
written (a busy SQLite file, a picture made by another version of theodoi) the picture is computed,
never an error. Rows older than ``TTL`` are ignored and, now and then, deleted. On SQLite (one
machine, usually one process) pictures stay in the process: a page must never wait for the file's
write lock.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, delete, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from theodoi.services.workspace import Workspace
from theodoi.store import AuditEvent, Picture

T = TypeVar("T")
TTL = 300.0
SIZE = 2048  # entries kept in a process
WEIGHT = 64 * 2**20  # and the bytes of those that say their size (rendered pages), at most
SHARED_MIN_SECONDS = 0.02  # pictures cheaper than this to compute are not worth a row
PURGE_CHANCE = 0.02
SHARED_DIALECTS = {"postgresql"}  # SQLite: per process only (a GET must never wait for the file's write lock)
log = logging.getLogger(__name__)

_lock = threading.Lock()
_entries: OrderedDict[tuple[Any, ...], tuple[float, Any, int]] = OrderedDict()
_weight = 0


def version(ws: Workspace) -> int:
    """The register's version: pinned by the request that read it with its session, or read now."""
    pinned = ws.pinned_version()
    if pinned is not None:
        return pinned
    with ws.read() as session:
        return int(session.scalar(version_query()) or 0)


def version_query() -> Select[tuple[int | None]]:
    """The query of the version, to ask it together with something else in one round trip."""
    return select(func.max(AuditEvent.id))


def remember(ws: Workspace, question: Hashable, compute: Callable[[], T], *,
             weigh: Callable[[T], int] | None = None) -> T:
    """The answer to ``question`` for the register as it is now (computed, or reused). ``weigh`` tells the
    size in bytes of an answer, for those that are large (a process keeps at most ``WEIGHT`` of them)."""
    key = _key(ws, question, version(ws))
    found = _fresh(key)
    if found is not None:
        return found[1]
    with _computing(key):  # one thread computes a picture; the others asking for it at once wait for it
        found = _fresh(key)
        if found is not None:
            return found[1]
        shared = _digest(key) if ws.engine.dialect.name in SHARED_DIALECTS else None
        kept = _read_shared(ws, shared) if shared else None
        if kept is not None:
            _keep(key, kept[0], weigh(kept[0]) if weigh else 0)
            return kept[0]
        started = time.perf_counter()
        value = compute()
        if shared and time.perf_counter() - started >= SHARED_MIN_SECONDS:
            _write_shared(ws, shared, value)
        _keep(key, value, weigh(value) if weigh else 0)
        return value


def peek(ws: Workspace, question: Hashable, at_version: int) -> Any:
    """The answer kept in this process for ``question`` at that version of the register, or None (nothing
    is computed, nor read from the shared copy)."""
    found = _fresh(_key(ws, question, at_version))
    return found[1] if found is not None else None


def _key(ws: Workspace, question: Hashable, at_version: int) -> tuple[Any, ...]:
    return (id(ws.engine), ws.engine.url.render_as_string(hide_password=True), question, ws.today(), at_version)


def _keep(key: tuple[Any, ...], value: Any, weight: int) -> None:
    global _weight
    with _lock:
        old = _entries.pop(key, None)
        _weight += weight - (old[2] if old else 0)
        _entries[key] = (time.monotonic(), value, weight)
        while len(_entries) > SIZE or (_weight > WEIGHT and len(_entries) > 1):
            _weight -= _entries.popitem(last=False)[1][2]


def _digest(key: tuple[Any, ...]) -> str:
    """The shared name of a question: the same in every process (the engine's id left out)."""
    return hashlib.sha256(repr(key[1:]).encode("utf-8")).hexdigest()


def _read_shared(ws: Workspace, digest: str) -> tuple[Any] | None:
    try:
        with ws.read() as session:
            row = session.execute(select(Picture.payload, Picture.made_at).where(Picture.key == digest)).first()
        if row is None or ws.now() - row.made_at > timedelta(seconds=TTL):
            return None
        return (pickle.loads(row.payload),)  # noqa: S301 - rows written by theodoi only (see the module docstring)
    except (SQLAlchemyError, pickle.UnpicklingError, AttributeError, ImportError, EOFError, TypeError) as exc:
        log.debug("shared picture %s not read: %s", digest[:12], exc)
        return None


def _write_shared(ws: Workspace, digest: str, value: Any) -> None:
    pinned = ws.pinned_version()  # a picture is not a change of the register: the request's version holds
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        with ws.write() as session:
            if session.get_bind().dialect.name == "postgresql":  # a picture can be made again: no wait for the disk
                session.execute(text("SET LOCAL synchronous_commit = off"))
            session.execute(delete(Picture).where(Picture.key == digest))
            session.add(Picture(key=digest, payload=payload, made_at=ws.now()))
            if random.random() < PURGE_CHANCE:
                session.execute(delete(Picture).where(Picture.made_at < ws.now() - timedelta(seconds=2 * TTL)))
    except (SQLAlchemyError, pickle.PicklingError, TypeError, AttributeError) as exc:  # best effort
        log.debug("shared picture %s not kept: %s", digest[:12], exc)
    finally:
        if pinned is not None:
            ws.pin_version(pinned)


def _fresh(key: tuple[Any, ...]) -> tuple[float, Any, int] | None:
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
    global _weight
    with _lock:
        _entries.clear()
        _weight = 0
