"""``theodoi demo``: the demo register (the founding plan, demo accounts, a year of activity)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from theodoi.cli._guard import guarded
from theodoi.cli.common import say, workspace

FOUNDING = Path("demo/bacgiang-kh-2025-tang-truong.txt")


@guarded
def demo_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Văn bản kế hoạch mẫu (the demo plan document).")] = FOUNDING,
    seed: Annotated[int, typer.Option(help="Hạt giống ngẫu nhiên: cùng hạt, cùng dữ liệu (random seed).")] = 2025,
    password: Annotated[str | None, typer.Option(help="Mật khẩu các tài khoản mẫu (the demo accounts' password).")] = None,
) -> None:
    """Tạo dữ liệu mẫu: kế hoạch, tài khoản, báo cáo đến hôm nay; chạy lại không đổi gì (demo data; idempotent)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from theodoi.cli.progress import stderr_console
    from theodoi.services.demo import build

    console = stderr_console()
    with workspace() as ws, Progress(TextColumn("dữ liệu mẫu (demo)"), BarColumn(), MofNCompleteColumn(),
                                     console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("demo", total=None)
        result = build(ws, file, seed=seed, password=password,
                       progress=lambda done, total: bar.update(task, completed=done, total=total))
    counts = result.counts
    if result.created:
        say(f"theodoi: đã tạo dữ liệu mẫu, kế hoạch số hiệu {result.plan_id}: {counts['submitted']} báo cáo, "
            f"{counts['resubmitted']} gửi lại, {counts['accepted']} được chấp nhận, {counts['returned']} bị trả lại, "
            f"{counts['missing']} không nộp, {counts['decided']} kiến nghị đã quyết định (demo data created)")
    else:
        say(f"theodoi: đã có dữ liệu mẫu, kế hoạch số hiệu {result.plan_id} (demo data already there)")
    say(f"theodoi: tài khoản mẫu, mật khẩu '{result.password}' (demo accounts):")
    for account in result.accounts:
        typer.echo(f"  {account.username:<32} {account.role:<12} {account.agency or ''}")
