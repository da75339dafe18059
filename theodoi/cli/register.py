"""Register commands: ``db``, ``import``, ``publish``, ``plans``, ``tasks``, ``review``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from theodoi.cli._guard import guarded
from theodoi.cli.common import AsOf, Format, FormatOption, day, emit, say, settings, workspace

db_app = typer.Typer(no_args_is_help=True, help="Cơ sở dữ liệu: tạo, nâng cấp (create and migrate the database).")
review_app = typer.Typer(no_args_is_help=True, help="Rà soát tên cơ quan chưa xác định (review unknown agency names).")


@db_app.command("upgrade")
@guarded
def db_upgrade(revision: Annotated[str, typer.Argument(help="Phiên bản đích (target revision)")] = "head") -> None:
    """Tạo hoặc nâng cấp cơ sở dữ liệu (create or migrate the database)."""
    from theodoi.services import database

    url = settings().database_url
    database.upgrade(url, revision)
    say(f"theodoi: cơ sở dữ liệu đã ở phiên bản {revision} (database at {revision}): {database.safe_url(url)}")


@db_app.command("downgrade")
@guarded
def db_downgrade(revision: Annotated[str, typer.Argument(help="Phiên bản đích, 'base' = xóa hết (target revision)")]) -> None:
    """Hạ cấp cơ sở dữ liệu (migrate down)."""
    from theodoi.services import database

    database.downgrade(settings().database_url, revision)
    say(f"theodoi: đã hạ về phiên bản {revision} (downgraded to {revision})")


@db_app.command("current")
@guarded
def db_current() -> None:
    """In phiên bản hiện tại của cơ sở dữ liệu (print the current revision)."""
    from theodoi.services import database

    current, head = database.revisions(settings().database_url)
    typer.echo(f"{current or '(trống)'} (head: {head})")


@guarded
def import_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Văn bản kế hoạch (plan document).")],
    organisation: Annotated[str | None, typer.Option(help="Mã tổ chức, vd. tinh-bac-giang (default: from the issuer).")] = None,
    revises: Annotated[int | None, typer.Option(help="Số hiệu kế hoạch được sửa đổi (id of the plan this revises).")] = None,
    publish: Annotated[bool, typer.Option("--publish", help="Ban hành ngay khi không còn tên cần rà soát.")] = False,
    again: Annotated[bool, typer.Option("--again", help="Nhập lại dù tệp đã được nhập (import a known file again).")] = False,
) -> None:
    """Nhập kế hoạch: trích xuất và lưu bản nháp (import a plan as a draft)."""
    from theodoi.cli.progress import OcrProgress
    from theodoi.parsing.options import ParseOptions
    from theodoi.services.imports import import_plan
    from theodoi.services.plans import publish as publish_plan

    with workspace() as ws, OcrProgress() as bar:
        result = import_plan(ws, file, organisation=organisation, revises=revises, again=again,
                             options=ParseOptions(progress=bar))
        if not result.created:
            say(f"theodoi: tệp đã được nhập, kế hoạch số hiệu {result.plan_id} (already imported)")
            raise typer.Exit(0)
        say(f"theodoi: đã nhập kế hoạch số hiệu {result.plan_id} ({result.organisation}): {result.tasks} nhiệm vụ, "
            f"{result.assignments} lượt giao, {result.findings} phát hiện, {len(result.review)} tên cần rà soát"
            + (f"; so với bản trước: {result.changes}" if result.changes else ""))
        if publish and not result.review:
            publish_plan(ws, result.plan_id)
            say(f"theodoi: đã ban hành kế hoạch {result.plan_id} (published)")
        typer.echo(result.plan_id)


@guarded
def publish_command(
    plan: Annotated[str, typer.Argument(metavar="PLAN", help="Số hiệu hoặc số văn bản (plan id or number).")],
    force: Annotated[bool, typer.Option("--force", help="Ban hành dù còn tên chưa xác định.")] = False,
) -> None:
    """Ban hành kế hoạch: bắt đầu theo dõi (publish a draft plan)."""
    from theodoi.services.plans import plan_id, publish

    with workspace() as ws:
        result = publish(ws, plan_id(ws, plan), force=force)
    carried = f"; chuyển {result.carried.get('moved', 0)} báo cáo từ bản {result.superseded}" if result.superseded else ""
    say(f"theodoi: đã ban hành kế hoạch {result.plan_id}{carried} (published)")


@guarded
def plans_command(fmt: FormatOption = Format.table) -> None:
    """Danh sách kế hoạch (list plans)."""
    from theodoi.services.listing import plans

    with workspace() as ws:
        rows = plans(ws)
    emit(rows, fmt, [("id", "Số hiệu"), ("number", "Số"), ("kind", "Loại"), ("organisation", "Tổ chức"),
                     ("status", "Trạng thái"), ("version", "Bản"), ("tasks", "Nhiệm vụ"), ("review", "Cần rà soát"),
                     ("title", "Trích yếu")])


@guarded
def tasks_command(
    plan: Annotated[str | None, typer.Option("--plan", help="Kế hoạch (plan id or number).")] = None,
    agency: Annotated[str | None, typer.Option("--agency", help="Cơ quan (agency id, code or name).")] = None,
    status: Annotated[str | None, typer.Option("--status", help="Trạng thái, vd. overdue,due_soon")] = None,
    as_of: AsOf = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Danh sách nhiệm vụ và trạng thái (list tasks with their status)."""
    from theodoi.services.listing import tasks

    with workspace() as ws:
        rows = tasks(ws, plan=plan, agency=agency, statuses=status, on=day(as_of, ws))
    emit(rows, fmt, [("plan", "KH"), ("ref", "Mục"), ("text", "Nội dung"), ("lead", "Chủ trì"), ("support", "Phối hợp"),
                     ("deadline", "Thời hạn"), ("due", "Hạn"), ("status_label", "Trạng thái")])


@review_app.command("list")
@guarded
def review_list(
    plan: Annotated[str, typer.Argument(metavar="PLAN")], fmt: FormatOption = Format.table
) -> None:
    """Các tên cơ quan cần rà soát (items to review)."""
    from theodoi.services.plans import review_rows

    with workspace() as ws:
        rows = review_rows(ws, plan)
    emit(rows, fmt, [("id", "Mã"), ("kind", "Loại"), ("task", "Nhiệm vụ"), ("role", "Vai trò"), ("text", "Tên như viết")])


@review_app.command("map")
@guarded
def review_map(
    item: Annotated[int, typer.Argument(help="Mã mục rà soát (review item id).")],
    agency: Annotated[str, typer.Argument(help="Cơ quan được hiểu là (the agency meant).")],
) -> None:
    """Gán tên chưa xác định cho một cơ quan (map a name to an agency; remembered)."""
    from theodoi.services.plans import map_review

    with workspace() as ws:
        map_review(ws, item, agency)
    say(f"theodoi: đã gán mục {item} (mapped)")


@review_app.command("dismiss")
@guarded
def review_dismiss(item: int, reason: Annotated[str, typer.Option(help="Lý do (reason).")] = "") -> None:
    """Bỏ qua một mục rà soát (dismiss an item)."""
    from theodoi.services.plans import dismiss_review

    with workspace() as ws:
        dismiss_review(ws, item, reason=reason)
    say(f"theodoi: đã bỏ qua mục {item} (dismissed)")

