"""Settings, declared once: read from ``THEODOI_*`` environment variables (and a ``.env`` file).

Every setting has a description; ``docs/configuration.md`` lists them all (a test keeps the two in
step). Settings are passed in (``Settings()`` at the edge, then as an argument), never read deep in
the code, so that tests can build services with other settings.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """theodoi's configuration."""

    model_config = SettingsConfigDict(env_prefix="THEODOI_", env_file=".env", extra="ignore")

    database_url: str = Field(
        "sqlite:///theodoi.db",
        description="Cơ sở dữ liệu (database): sqlite:///PATH (default, an embedded file) or postgresql://USER@HOST/DB.",
    )
    user: str = Field("", description="Who acts in the audit trail when the CLI is used (default: the login name).")
    due_soon_days: int = Field(7, ge=0, le=90, description="A task is 'due soon' this many days before its deadline.")
    reporting_kinds: str = Field(
        "quarter,year", description="Periodic reports owed on a plan: month, quarter, half, nine_months, year."
    )
    due_rule: str = Field(
        "working-days-after-cutoff:2",
        description="When a periodic report is due: working-days-after-cutoff:K or day-of-month:D[:+OFFSET[:forward or backward]].",
    )
    due_rule_overrides: str = Field(
        "", description="Due rules for some period kinds, e.g. 'year=day-of-month:25' (comma-separated)."
    )
    first_report_after_days: int = Field(
        30, ge=0, le=366,
        description="A plan's first periodic report is for the first period whose data window ends this many days after the plan takes effect.",
    )
    event_due_days: int = Field(
        30, ge=1, le=3650, description="Days given to an event-based task once its event is recorded, unless a date is given."
    )
    remind_before_days: str = Field("7,3,1", description="Remind agencies this many days before a task deadline.")
    remind_on_day: bool = Field(True, description="Remind on the day of a task deadline or report due date.")
    remind_overdue_every_days: int = Field(
        7, ge=0, le=365, description="Urge every this many days while a task or report is overdue (0: never)."
    )
    report_remind_before_days: str = Field("5,1", description="Remind agencies this many days before a report is due.")
    smtp_host: str = Field("", description="SMTP server for e-mail reminders (empty: e-mail is not sent, only in-app).")
    smtp_port: int = Field(25, description="SMTP port.")
    smtp_user: str = Field("", description="SMTP login (empty: no login).")
    smtp_password: str = Field("", description="SMTP password.")
    smtp_from: str = Field("theodoi@localhost", description="Sender address of reminder e-mails.")
    smtp_starttls: bool = Field(False, description="Use STARTTLS on the SMTP connection.")
    smtp_timeout: float = Field(20.0, gt=0, description="Seconds to wait for the SMTP server.")
    evidence_max_mb: float = Field(20.0, gt=0, description="Largest evidence file accepted, in megabytes.")
    evidence_types: str = Field(
        "pdf,doc,docx,xls,xlsx,odt,ods,jpg,jpeg,png,txt,zip",
        description="File types accepted as evidence (suffixes, checked against the file's content).",
    )
    import_max_mb: float = Field(50.0, gt=0, description="Largest plan document accepted for import, in megabytes.")
    scheduler_time: str = Field("06:00", description="Local time (HH:MM) at which the server runs the daily jobs.")
    timezone: str = Field("Asia/Ho_Chi_Minh", description="Time zone of the organisation (dates are local dates).")

    @field_validator("database_url")
    @classmethod
    def _normalise_url(cls, value: str) -> str:
        value = value.strip()
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix):]
        return value

    @field_validator("scheduler_time")
    @classmethod
    def _check_time(cls, value: str) -> str:
        hours, _, minutes = value.partition(":")
        if not (hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60):
            raise ValueError("giờ chạy phải có dạng HH:MM (expected HH:MM)")
        return f"{int(hours):02d}:{int(minutes):02d}"

    @staticmethod
    def numbers(text: str) -> tuple[int, ...]:
        """``"7,3,1"`` → ``(7, 3, 1)``; blanks are ignored."""
        return tuple(int(part) for part in text.replace(";", ",").split(",") if part.strip())

    def sqlite_path(self) -> Path | None:
        """The database file when the database is SQLite (None for PostgreSQL or in-memory)."""
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and self.database_url != "sqlite:///:memory:":
            return Path(self.database_url[len(prefix):])
        return None


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    """The settings of this process (environment + .env), read once. Edges only: pass them on."""
    return Settings()
