"""Cross-process locks for work that exactly one process may do at a time (the daily jobs).

On PostgreSQL a lock is a transaction-level advisory lock (``pg_try_advisory_xact_lock``): taken
without waiting, held until the transaction that took it commits or rolls back, released by the
server if the process dies. Its 64-bit key is derived from the lock's name with a stable hash (the
first 8 bytes of SHA-256, signed), the same in every process and every version.

On SQLite there is nothing to take: a write transaction starts with ``BEGIN IMMEDIATE``
(:mod:`theodoi.store.engine`), so write transactions on one database file run one after another
already; :func:`try_lock` answers True.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_key(name: str) -> int:
    """The advisory-lock key of ``name``: a signed 64-bit integer, stable across processes."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)


def try_lock(session: Session, name: str) -> bool:
    """Take the lock ``name`` for the rest of ``session``'s transaction, without waiting.

    True when taken (or on SQLite, where writers are serialised anyway); False when another
    transaction holds it."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": lock_key(name)}))
