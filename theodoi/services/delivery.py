"""Delivery of the outbox: the e-mails queued by reminders (and later by other services), sent by SMTP.

Guarantee, precisely:

- **Queued exactly once.** A message is written to ``outbox`` in the same transaction as what caused it
  (the reminder run that issued its items), under a unique de-duplication key: if that transaction is
  lost nothing is queued, and running the cause again cannot queue the message a second time.
- **Delivered at least once.** :func:`deliver` claims due rows in a short write transaction (state
  ``pending`` → ``sending``, ``claimed_at``, ``attempts + 1``; on PostgreSQL with ``FOR UPDATE SKIP
  LOCKED``, so that concurrent deliverers never take the same row; SQLite serialises writers already),
  sends each one, then marks it ``sent`` in its own small transaction. An SMTP error puts the row back
  to ``pending`` with ``last_error`` (a short text, never the password), to be tried again after a
  pause (:data:`RETRY_AFTER`: 5 min, 30 min, 2 h, 6 h); after :data:`MAX_ATTEMPTS` attempts it is
  ``failed``. A message that cannot be built (a malformed address) is ``failed`` at once. A
  row left ``sending`` by a process that died is claimed again once its claim is older than
  :data:`STALE_AFTER`.
- **The one duplicate window** is a crash (or a lost connection to the database) after the mail server
  accepted a message and before its ``sent`` mark was committed: the message is sent again later. It
  carries the same ``Message-ID`` (stable per row, derived from its de-duplication key), so mail
  servers and clients that de-duplicate on it show it once.

Rows are claimed :data:`BATCH` at a time, so that a claim never outlives :data:`STALE_AFTER` while its
batch is being sent (``BATCH`` × ``smtp_timeout`` is far below it); the ``sent`` mark is conditional on
the claim still being this one (state ``sending`` and the same attempt number).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from sqlalchemy import ColumnElement, and_, func, or_, select, update

from theodoi.config import Settings
from theodoi.errors import ConfigError
from theodoi.services.workspace import Workspace
from theodoi.store import OutboxMessage

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The pause after attempt n before attempt n + 1 (so five attempts span about nine hours of a server being down).
RETRY_AFTER = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=6))
STALE_AFTER = timedelta(minutes=10)
BATCH = 20
ERROR_CHARS = 300


@dataclass
class DeliveryResult:
    sent: int = 0  # accepted by the mail server
    failed: int = 0  # given up on in this run (state "failed")
    retried: int = 0  # not sent this time, pending again for a later run
    errors: list[str] = field(default_factory=list)  # "recipient: error", one per failed or retried message


@dataclass(frozen=True, slots=True)
class Claimed:
    """What is needed to send a claimed row (read inside the claim transaction)."""

    id: int
    attempt: int
    recipient: str
    recipient_name: str | None
    subject: str
    body: str
    message_id: str


def deliver(
    ws: Workspace, *, limit: int = 200, retry_now: bool = False, stale_after: timedelta = STALE_AFTER
) -> DeliveryResult:
    """Send up to ``limit`` due e-mails of the outbox now (see the module docstring for the guarantee).

    A message that failed waits :data:`RETRY_AFTER` before its next attempt, unless ``retry_now``."""
    settings = ws.settings
    if not settings.smtp_host:
        raise ConfigError("chưa cấu hình máy chủ thư THEODOI_SMTP_HOST, không gửi được thư "
                          "(no SMTP server configured: set THEODOI_SMTP_HOST)")
    result = DeliveryResult()
    remaining, after = limit, 0
    while remaining > 0:
        batch = claim(ws, min(BATCH, remaining), after=after, retry_now=retry_now, stale_after=stale_after)
        if not batch:
            break
        remaining -= len(batch)
        after = batch[-1].id  # each row once per run, even when it is pending again after an error
        if not _send_batch(ws, batch, result):
            break
    return result


def _due(now: datetime, *, retry_now: bool, stale_after: timedelta) -> ColumnElement[bool]:
    """Rows to claim: pending (and, after a failed attempt, waited long enough), or claimed long ago."""
    pending: ColumnElement[bool] = OutboxMessage.state == "pending"
    if not retry_now:
        waited = [OutboxMessage.attempts == 0, OutboxMessage.claimed_at.is_(None)]
        waited += [and_(OutboxMessage.attempts == n, OutboxMessage.claimed_at <= now - wait)
                   for n, wait in enumerate(RETRY_AFTER, start=1)]
        waited.append(OutboxMessage.attempts > len(RETRY_AFTER))
        pending = and_(pending, or_(*waited))
    return or_(pending, and_(OutboxMessage.state == "sending", OutboxMessage.claimed_at < now - stale_after))


def claim(
    ws: Workspace, limit: int, *, after: int = 0, retry_now: bool = False, stale_after: timedelta = STALE_AFTER
) -> list[Claimed]:
    """Claim up to ``limit`` due e-mail rows with an id above ``after`` (one short write transaction)."""
    now = ws.now()
    with ws.write() as session:
        query = (select(OutboxMessage)
                 .where(OutboxMessage.channel == "email", OutboxMessage.id > after,
                        _due(now, retry_now=retry_now, stale_after=stale_after))
                 .order_by(OutboxMessage.id).limit(limit))
        if session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        claimed: list[Claimed] = []
        for row in session.scalars(query):
            if row.attempts >= MAX_ATTEMPTS:  # a stale claim with no attempt left
                row.state = "failed"
                row.last_error = ((row.last_error or "") + " (gián đoạn khi gửi lần cuối, interrupted)").strip()
                log.warning("outbox %s to %s: interrupted on its last attempt, given up", row.id, row.recipient)
                continue
            row.state, row.claimed_at, row.attempts = "sending", now, row.attempts + 1
            claimed.append(Claimed(row.id, row.attempts, row.recipient, row.recipient_name,
                                   row.subject, row.body, row.message_id))
    return claimed


def build(row: Claimed, settings: Settings, at: datetime) -> EmailMessage:
    """The e-mail of an outbox row: UTF-8, with its stable Message-ID. Raises ValueError when unbuildable."""
    message = EmailMessage()
    message["Message-ID"] = row.message_id
    message["Date"] = format_datetime(at)
    message["From"] = settings.smtp_from
    message["To"] = Address(display_name=" ".join((row.recipient_name or "").split()), addr_spec=row.recipient)
    message["Subject"] = " ".join(row.subject.split())
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies
    message.set_content(row.body, subtype="plain", charset="utf-8", cte="base64")
    return message


def connect(settings: Settings) -> smtplib.SMTP:
    """An SMTP connection to the configured server (STARTTLS and login when configured)."""
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
    try:
        smtp.ehlo_or_helo_if_needed()
        if settings.smtp_starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password)
    except BaseException:
        _close(smtp)
        raise
    return smtp


def _send_batch(ws: Workspace, batch: list[Claimed], result: DeliveryResult) -> bool:
    """Send a claimed batch; False when the server cannot be reached (the rest of the batch is retried later
    and no further batch is claimed in this run)."""
    settings = ws.settings
    smtp: smtplib.SMTP | None = None
    try:
        for n, row in enumerate(batch):
            try:
                message = build(row, settings, ws.now().astimezone(ws.zone))
            except (ValueError, TypeError, MessageError) as exc:  # a bad address: retrying cannot help
                _settle(ws, row, result, _error_text(exc, settings), give_up=True)
                continue
            if smtp is None:
                try:
                    smtp = connect(settings)
                except (smtplib.SMTPException, OSError) as exc:
                    error = _error_text(exc, settings)
                    for rest in batch[n:]:
                        _settle(ws, rest, result, error)
                    return False
            try:
                smtp.send_message(message, from_addr=settings.smtp_from, to_addrs=[row.recipient])
            except (smtplib.SMTPException, OSError) as exc:
                _settle(ws, row, result, _error_text(exc, settings))
                if not isinstance(exc, smtplib.SMTPRecipientsRefused):
                    _close(smtp)  # the connection may be unusable: open a new one for the next message
                    smtp = None
                continue
            _mark_sent(ws, row)
            result.sent += 1
    finally:
        if smtp is not None:
            _close(smtp)
    return True


def _mark_sent(ws: Workspace, row: Claimed) -> None:
    with ws.write() as session:
        done = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.state == "sending", OutboxMessage.attempts == row.attempt)
            .values(state="sent", sent_at=ws.now(), last_error=None)
        )
    if getattr(done, "rowcount", 1) == 0:
        log.warning("outbox %s: sent, but its claim had been taken over (a duplicate may follow)", row.id)


def _settle(ws: Workspace, row: Claimed, result: DeliveryResult, error: str, *, give_up: bool = False) -> None:
    """After a failed attempt: pending again, or failed when no attempt is left."""
    final = give_up or row.attempt >= MAX_ATTEMPTS
    with ws.write() as session:
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row.id, OutboxMessage.state == "sending", OutboxMessage.attempts == row.attempt)
            .values(state="failed" if final else "pending", last_error=error)
        )
    if final:
        result.failed += 1
    else:
        result.retried += 1
    result.errors.append(f"{row.recipient}: {error}")
    log.warning("outbox %s to %s, attempt %s: %s%s", row.id, row.recipient, row.attempt, error,
                " — given up" if final else "")


def _error_text(exc: BaseException, settings: Settings) -> str:
    """A short, one-line description of an SMTP error, never holding the password."""
    if isinstance(exc, smtplib.SMTPResponseException):
        detail = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        text = f"{type(exc).__name__} {exc.smtp_code}: {detail}"
    elif isinstance(exc, smtplib.SMTPRecipientsRefused):
        text = f"SMTPRecipientsRefused: {', '.join(f'{a} {c}' for a, (c, _) in exc.recipients.items())}"
    else:
        text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    text = " ".join(text.split())
    if settings.smtp_password:
        text = text.replace(settings.smtp_password, "***")
    return text[:ERROR_CHARS]


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def pending_count(ws: Workspace) -> int:
    """E-mails waiting to be sent (pending, or being sent)."""
    with ws.read() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.channel == "email", OutboxMessage.state.in_(("pending", "sending")))) or 0
