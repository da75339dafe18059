"""E-mail delivery of the outbox against a real local SMTP server (aiosmtpd): headers and a UTF-8
Vietnamese body, once and only once; retries while the server is down; stale claims; giving up after
five attempts; SMTP login; concurrent deliverers never send a message twice."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from theodoi.errors import ConfigError
from theodoi.services.delivery import MAX_ATTEMPTS, RETRY_AFTER, deliver, pending_count
from theodoi.services.workspace import Workspace
from theodoi.store import OutboxMessage

BODY = "Kính gửi: Sở Tài chính tỉnh Bắc Ninh,\n\nNhiệm vụ II.4.2 quá hạn 3 ngày — đề nghị khẩn trương báo cáo.\n"
SUBJECT = "[ĐÔN ĐỐC] Sở Tài chính — ngày 16/09/2025: 1 nhiệm vụ quá hạn"


@dataclass
class Keeper:
    """An aiosmtpd handler that keeps what it receives."""

    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.original_content or e.content, policy=policy.default)
                for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A local SMTP server that can be stopped and started again on the same port."""

    def __init__(self, **smtp: Any) -> None:
        self.port = free_port()
        self.keeper = Keeper()
        self.smtp = smtp
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.keeper, hostname="127.0.0.1", port=self.port, **self.smtp)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server() -> Iterator[Server]:
    server = Server()
    server.start()
    yield server
    server.stop()


def mailing(ws: Workspace, server: Server, **settings: Any) -> Workspace:
    """``ws`` with its settings pointing at ``server``."""
    values = {"smtp_host": "127.0.0.1", "smtp_port": server.port, "smtp_timeout": 5.0,
              "smtp_from": "theodoi@bacninh.gov.vn", **settings}
    return replace(ws, settings=ws.settings.model_copy(update=values))


def queue(ws: Workspace, n: int = 1, **values: Any) -> list[int]:
    ids = []
    with ws.write() as session:
        for i in range(n):
            row = OutboxMessage(**{
                "dedup_key": f"test:{i}", "channel": "email", "kind": "urging", "recipient": f"ke.toan{i}@stc.bacninh.gov.vn",
                "recipient_name": "Nguyễn Thị Hồng Nhung", "subject": SUBJECT, "body": BODY, "created_at": ws.now(),
                "message_id": f"<m{i}.abc@theodoi>", **values})
            session.add(row)
            session.flush()
            ids.append(row.id)
    return ids


def row(ws: Workspace, ident: int) -> OutboxMessage:
    with ws.read() as session:
        found = session.get(OutboxMessage, ident)
        assert found is not None
        return found


def test_a_message_is_delivered_once_with_its_headers_and_utf8_body(workspace: Any, smtp_server: Server) -> None:
    ws = mailing(workspace, smtp_server)
    (ident,) = queue(ws)
    result = deliver(ws)
    assert (result.sent, result.failed, result.retried) == (1, 0, 0)
    (envelope,) = smtp_server.keeper.envelopes
    assert envelope.mail_from == "theodoi@bacninh.gov.vn"
    assert envelope.rcpt_tos == ["ke.toan0@stc.bacninh.gov.vn"]
    (message,) = smtp_server.keeper.messages()
    assert message["Message-ID"] == "<m0.abc@theodoi>"
    assert message["Subject"] == SUBJECT
    assert message["From"] == "theodoi@bacninh.gov.vn"
    (to,) = message["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Nguyễn Thị Hồng Nhung", "ke.toan0@stc.bacninh.gov.vn")
    assert parsedate_to_datetime(message["Date"]) == ws.now()
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert message.get_content() == BODY
    raw = envelope.original_content or envelope.content
    assert raw.isascii()  # 7-bit clean on the wire (base64 body, encoded-word headers): any server takes it
    stored = row(ws, ident)
    assert (stored.state, stored.attempts, stored.sent_at, stored.last_error) == ("sent", 1, ws.now(), None)

    again = deliver(ws)
    assert (again.sent, again.failed, again.retried) == (0, 0, 0)
    assert len(smtp_server.keeper.envelopes) == 1
    assert pending_count(ws) == 0


def test_while_the_server_is_down_the_message_waits_then_goes_once(
    workspace: Any, clock: Any, smtp_server: Server
) -> None:
    ws = mailing(workspace, smtp_server)
    ids = queue(ws, 2)
    smtp_server.stop()
    result = deliver(ws)
    assert (result.sent, result.failed, result.retried) == (0, 0, 2)
    for ident in ids:
        stored = row(ws, ident)
        assert stored.state == "pending" and stored.attempts == 1
        assert stored.last_error and "Connection" in stored.last_error
    assert pending_count(ws) == 2

    smtp_server.start()
    assert deliver(ws).sent == 0  # a failed message waits a while before its next attempt
    clock.moment += RETRY_AFTER[0]
    result = deliver(ws)
    assert (result.sent, result.retried) == (2, 0)
    assert sorted(m["Message-ID"] for m in smtp_server.keeper.messages()) == ["<m0.abc@theodoi>", "<m1.abc@theodoi>"]
    assert all(row(ws, i).state == "sent" and row(ws, i).attempts == 2 for i in ids)
    assert deliver(ws).sent == 0 and len(smtp_server.keeper.envelopes) == 2


def test_a_stale_sending_row_is_sent_again_and_a_fresh_claim_is_left_alone(workspace: Any, smtp_server: Server) -> None:
    ws = mailing(workspace, smtp_server)
    stale, fresh = queue(ws, 2, state="sending", attempts=1)
    with ws.write() as session:
        session.get(OutboxMessage, stale).claimed_at = ws.now() - timedelta(minutes=11)  # type: ignore[union-attr]
        session.get(OutboxMessage, fresh).claimed_at = ws.now() - timedelta(minutes=1)  # type: ignore[union-attr]
    result = deliver(ws)
    assert result.sent == 1
    assert [m["Message-ID"] for m in smtp_server.keeper.messages()] == ["<m0.abc@theodoi>"]
    assert (row(ws, stale).state, row(ws, stale).attempts) == ("sent", 2)
    assert (row(ws, fresh).state, row(ws, fresh).attempts) == ("sending", 1)  # another deliverer is on it


def test_a_message_fails_after_five_attempts(workspace: Any, clock: Any, smtp_server: Server) -> None:
    ws = mailing(workspace, smtp_server)
    (ident,) = queue(ws)
    smtp_server.stop()
    for attempt in range(1, MAX_ATTEMPTS):
        if attempt > 1:
            assert deliver(ws).retried == 0  # too early for the next attempt
            clock.moment += RETRY_AFTER[attempt - 2]
        result = deliver(ws)
        assert (result.retried, result.failed) == (1, 0)
        assert (row(ws, ident).state, row(ws, ident).attempts) == ("pending", attempt)
    assert deliver(ws).failed == 0
    result = deliver(ws, retry_now=True)  # the last attempt, without waiting
    assert (result.retried, result.failed) == (0, 1)
    stored = row(ws, ident)
    assert (stored.state, stored.attempts) == ("failed", MAX_ATTEMPTS) and stored.last_error
    smtp_server.start()
    assert deliver(ws).sent == 0 and smtp_server.keeper.envelopes == []


def test_a_refused_recipient_is_retried_and_the_others_still_go(workspace: Any) -> None:
    class Picky(Keeper):
        async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
            if address.startswith("ke.toan0@"):
                return "450 4.2.1 Mailbox busy, try later"
            envelope.rcpt_tos.append(address)
            return "250 OK"

    server = Server()
    server.keeper = Picky()
    server.start()
    try:
        ws = mailing(workspace, server)
        first, second = queue(ws, 2)
        result = deliver(ws)
        assert (result.sent, result.retried) == (1, 1)
        assert "450" in (row(ws, first).last_error or "") and row(ws, first).state == "pending"
        assert row(ws, second).state == "sent"
        assert [e.rcpt_tos for e in server.keeper.envelopes] == [["ke.toan1@stc.bacninh.gov.vn"]]
    finally:
        server.stop()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_smtp_login_and_no_password_in_the_error(workspace: Any) -> None:
    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"theodoi", b"m@t-kh4u")
        return AuthResult(success=ok, handled=False)

    server = Server(auth_required=True, auth_require_tls=False, authenticator=authenticator)
    server.start()
    try:
        ws = mailing(workspace, server, smtp_user="theodoi", smtp_password="sai-m@t-kh4u")
        (ident,) = queue(ws)
        assert deliver(ws).retried == 1
        error = row(ws, ident).last_error or ""
        assert "SMTPAuthenticationError" in error and "m@t-kh4u" not in error
        ws = mailing(workspace, server, smtp_user="theodoi", smtp_password="m@t-kh4u")
        assert deliver(ws, retry_now=True).sent == 1 and len(server.keeper.envelopes) == 1
    finally:
        server.stop()


def test_a_bad_address_fails_at_once(workspace: Any, smtp_server: Server) -> None:
    ws = mailing(workspace, smtp_server)
    (bad,) = queue(ws, recipient="không phải địa chỉ")
    result = deliver(ws)
    assert (result.sent, result.failed) == (0, 1) and row(ws, bad).state == "failed"


def test_without_an_smtp_host_delivery_is_a_config_error(workspace: Any) -> None:
    queue(workspace)
    with pytest.raises(ConfigError, match="THEODOI_SMTP_HOST"):
        deliver(workspace)
    assert pending_count(workspace) == 1


def test_concurrent_deliverers_never_send_a_message_twice(workspace: Any, smtp_server: Server) -> None:
    ws = mailing(workspace, smtp_server)
    queue(ws, 45)
    barrier = threading.Barrier(3)
    results: list[Any] = []
    errors: list[BaseException] = []

    def work() -> None:
        other = Workspace.open(ws.settings, actor="test:deliverer", clock=ws.clock)
        try:
            barrier.wait()
            results.append(deliver(other))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            other.close()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    ids = [m["Message-ID"] for m in smtp_server.keeper.messages()]
    assert len(ids) == len(set(ids)) == 45
    assert sum(r.sent for r in results) == 45
    with ws.read() as session:
        assert set(session.scalars(select(OutboxMessage.state))) == {"sent"}
        assert set(session.scalars(select(OutboxMessage.attempts))) == {1}


def test_reminders_of_the_founding_plan_are_mailed_to_contacts(founding: Any, clock: Any, smtp_server: Server) -> None:
    from theodoi.services import reminders
    from theodoi.services.plans import publish
    from theodoi.services.registry_admin import add_contact

    publish(founding, 1)
    add_contact(founding, "Sở Tài chính tỉnh Bắc Ninh", name="Trần Văn Bình", email="binh.tv@stc.bacninh.gov.vn")
    clock.set(date(2025, 10, 3))
    ws = mailing(founding, smtp_server)
    run = reminders.run(ws)
    (message,) = [m for m in run.messages if m.recipients]  # the only agency with a contact
    assert message.recipients == [("Trần Văn Bình", "binh.tv@stc.bacninh.gov.vn")]
    assert deliver(ws).sent == 1
    (mail,) = smtp_server.keeper.messages()
    assert mail["Subject"] == " ".join(message.subject.split())
    assert mail.get_content() == message.body.rstrip("\n") + "\n"  # a text part ends with a line break
    assert mail.get_content().startswith("Kính gửi: ")
    with ws.read() as session:
        assert mail["Message-ID"] == session.scalar(select(OutboxMessage.message_id))
    reminders.run(ws)  # the same day again: nothing new queued, nothing sent twice
    assert deliver(ws).sent == 0 and len(smtp_server.keeper.envelopes) == 1


def test_the_deliver_command(workspace: Any, smtp_server: Server) -> None:
    import typer
    from typer.testing import CliRunner

    from theodoi.cli.common import set_database
    from theodoi.cli.scheduling import deliver_command

    app = typer.Typer()
    app.command()(deliver_command)
    queue(workspace, 2)
    env = {"THEODOI_SMTP_HOST": "127.0.0.1", "THEODOI_SMTP_PORT": str(smtp_server.port)}
    set_database(workspace.settings.database_url)
    try:
        sent = CliRunner().invoke(app, [], env=env)
        assert sent.exit_code == 0, sent.output
        assert "đã gửi 2 thư, 0 sẽ gửi lại sau, 0 thất bại; còn 0 thư chờ gửi" in sent.stderr
        unset = CliRunner().invoke(app, [], env={"THEODOI_SMTP_HOST": ""})
        assert unset.exit_code == 3 and "THEODOI_SMTP_HOST" in unset.stderr
    finally:
        set_database(None)
    assert len(smtp_server.keeper.envelopes) == 2
