"""The database itself: migrate, report the revision (for ``theodoi db``)."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from theodoi.store import migrate
from theodoi.store.engine import make_engine


def upgrade(url: str, revision: str = "head") -> None:
    migrate.upgrade(url, revision)


def downgrade(url: str, revision: str) -> None:
    migrate.downgrade(url, revision)


def revisions(url: str) -> tuple[str | None, str]:
    """(current revision of the database, head revision of this version)."""
    engine = make_engine(url)
    try:
        return migrate.current_revision(engine), migrate.head_revision()
    finally:
        engine.dispose()


def safe_url(url: str) -> str:
    """The URL without its password, to show."""
    return make_url(url).render_as_string(hide_password=True)
