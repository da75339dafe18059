"""``theodoi scheduler run|once`` (the daily jobs) and ``theodoi deliver`` (send the outbox now)."""

from __future__ import annotations

from typing import Annotated

import typer

from theodoi.cli._guard import guarded
from theodoi.cli.common import AsOf, Format, FormatOption, day, emit, say, workspace

scheduler_app = typer.Typer(
    no_args_is_help=True, help="Lập lịch các việc hằng ngày: nhắc việc, gửi thư (the daily jobs: remind, deliver)."
)


@scheduler_app.command("run")
@guarded
def run_command() -> None:
    """Chạy lịch ở tiền cảnh đến khi Ctrl-C (run the scheduler in the foreground until Ctrl-C)."""
    import logging
    import signal

    from theodoi.services.scheduler import Scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    with workspace() as ws:
        scheduler = Scheduler(ws)
        signal.signal(signal.SIGTERM, lambda *_: scheduler.stop(timeout=0))
        say(f"theodoi: lịch chạy hằng ngày lúc {ws.settings.scheduler_time} ({ws.settings.timezone}): "
            + ", ".join(name for name, _ in scheduler.jobs) + "; Ctrl-C để dừng (to stop)")
        try:
            scheduler.run_forever()
        except KeyboardInterrupt:
            pass
        say("theodoi: đã dừng lịch (scheduler stopped)")


@scheduler_app.command("once")
@guarded
def once_command(as_of: AsOf = None, fmt: FormatOption = Format.table) -> None:
    """Chạy ngay các việc hằng ngày của một ngày (run the daily jobs of a day now); mã thoát 1 khi có lỗi."""
    from theodoi.services.scheduler import run_jobs

    with workspace() as ws:
        outcomes = run_jobs(ws, on=day(as_of, ws))
        rows = [{"job": o.job, "on": o.on, "outcome": o.outcome, "label": o.label, "detail": o.detail or "",
                 "worker": o.worker or ""} for o in outcomes]
        emit(rows, fmt, [("job", "Việc"), ("on", "Ngày"), ("label", "Kết quả"), ("detail", "Chi tiết"),
                         ("worker", "Tiến trình")])
    if any(o.outcome == "failed" for o in outcomes):
        raise typer.Exit(1)


@guarded
def deliver_command(
    limit: Annotated[int, typer.Option("--limit", min=1, help="Gửi tối đa N thư (send at most N e-mails).")] = 200,
    retry_now: Annotated[
        bool, typer.Option("--retry-now", help="Gửi lại ngay thư bị lỗi, không chờ (retry failed attempts now).")
    ] = False,
) -> None:
    """Gửi ngay các thư đang chờ trong hộp thư đi (send the pending e-mails now)."""
    from theodoi.services.delivery import deliver, pending_count

    with workspace() as ws:
        result = deliver(ws, limit=limit, retry_now=retry_now)
        left = pending_count(ws)
    for error in result.errors:
        say(f"theodoi: {error}")
    say(f"theodoi: đã gửi {result.sent} thư, {result.retried} sẽ gửi lại sau, {result.failed} thất bại; "
        f"còn {left} thư chờ gửi (sent / to retry / failed; still pending)")
    if result.failed or result.retried:
        raise typer.Exit(1)
