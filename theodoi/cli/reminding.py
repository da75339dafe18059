"""``theodoi remind``: the day's reminders and urging, then delivery of the outbox."""

from __future__ import annotations

from typing import Annotated

import typer

from theodoi.cli._guard import guarded
from theodoi.cli.common import AsOf, Format, FormatOption, day, emit, say, workspace


@guarded
def remind_command(
    as_of: AsOf = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ liệt kê, không gửi (list only, send nothing).")] = False,
    send: Annotated[bool, typer.Option("--send/--no-send", help="Gửi thư ngay sau khi lập (deliver the outbox).")] = True,
    fmt: FormatOption = Format.table,
) -> None:
    """Nhắc việc, đôn đốc: nhiệm vụ sắp đến hạn, quá hạn; báo cáo chưa nộp (reminders and urging)."""
    from theodoi.services.reminders import run

    with workspace() as ws:
        result = run(ws, on=day(as_of, ws), dry_run=dry_run)
        rows = [{"agency": m.agency, "items": len(m.items), "urging": "đôn đốc" if m.urging else "nhắc",
                 "recipients": [e for _, e in m.recipients], "subject": m.subject} for m in result.messages]
        emit(rows, fmt, [("agency", "Cơ quan"), ("items", "Số việc"), ("urging", "Loại"), ("recipients", "Gửi tới"),
                         ("subject", "Tiêu đề")], document={
            "as_of": result.on.isoformat(), "dry_run": dry_run, "items": [i.key for i in result.items],
            "messages": rows, "without_contact": result.without_contact})
        verb = "sẽ gửi" if dry_run else "đã lập"
        say(f"theodoi: {verb} {len(result.messages)} thông báo ({len(result.items)} việc) ngày {result.on:%d/%m/%Y}"
            + (f"; {len(result.without_contact)} cơ quan chưa có địa chỉ thư, chỉ nhận thông báo trong hệ thống"
               if result.without_contact else ""))
        if send and not dry_run and ws.settings.smtp_host:
            from theodoi.services.delivery import deliver

            sent = deliver(ws)
            say(f"theodoi: đã gửi {sent.sent} thư, {sent.retried} sẽ gửi lại sau, {sent.failed} thất bại"
                " (sent / to retry / failed)")
