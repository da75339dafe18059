"""Schema migrations (Alembic is the only way the schema changes): upgrade, downgrade, current, check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from theodoi.errors import DatabaseError
from theodoi.store.engine import make_engine, normalise_url

if TYPE_CHECKING:
    from alembic.config import Config

SCRIPT_LOCATION = "theodoi.store:migrations"
HEAD = "0008"  # the newest revision (a test checks it against the migration scripts)


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Create the schema or migrate it to ``revision``."""
    from alembic import command

    _guard(lambda: command.upgrade(alembic_config(url), revision))


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    _guard(lambda: command.downgrade(alembic_config(url), revision))


def script_head() -> str:
    """The head revision according to the migration scripts (reads them: slower than :data:`HEAD`)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def head_revision() -> str:
    return HEAD


def current_revision(engine: Engine) -> str | None:
    """The database's revision (None for an empty database), read without loading Alembic."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        if _missing_table(exc):
            return None
        raise DatabaseError(f"không kết nối được cơ sở dữ liệu (cannot reach the database): {exc.orig}") from None


def _missing_table(exc: Exception) -> bool:
    message = str(getattr(exc, "orig", exc)).lower()
    return "no such table" in message or "does not exist" in message and "alembic_version" in message


def ensure_current(engine: Engine) -> None:
    """Refuse to work on a database that is not migrated to this version's schema."""
    current = current_revision(engine)
    if current != head_revision():
        state = "chưa được khởi tạo (empty)" if current is None else f"ở phiên bản {current} (at revision {current})"
        raise DatabaseError(
            f"cơ sở dữ liệu {state}; hãy chạy 'theodoi db upgrade' (the database needs 'theodoi db upgrade')"
        )


def pending_changes(url: str) -> list[object]:
    """Differences between the models and the migrated database (empty when they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from theodoi.store import metadata

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def _guard(action: object) -> None:
    try:
        action()  # type: ignore[operator]
    except OperationalError as exc:
        raise DatabaseError(f"không kết nối được cơ sở dữ liệu (cannot reach the database): {exc.orig}") from None
