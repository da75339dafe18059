"""Account commands: ``users add|list|disable|enable``, ``token``, and ``serve``."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer

from theodoi.cli._guard import guarded
from theodoi.cli.common import Format, FormatOption, emit, say, settings, workspace

users_app = typer.Typer(no_args_is_help=True, help="Tài khoản người dùng (user accounts).")


@users_app.command("add")
@guarded
def users_add(
    username: Annotated[str, typer.Argument(help="Tên đăng nhập (lower case, no diacritics).")],
    role: Annotated[str, typer.Option("--role", help="admin | coordinator | officer | leader")],
    agency: Annotated[str | None, typer.Option("--agency", help="Cơ quan của cán bộ (officers).")] = None,
    name: Annotated[str, typer.Option("--name", help="Họ tên hiển thị.")] = "",
    email: Annotated[str | None, typer.Option("--email", help="Thư điện tử.")] = None,
) -> None:
    """Thêm người dùng; mật khẩu đọc từ THEODOI_PASSWORD hoặc hỏi (add a user)."""
    from theodoi.services.accounts import add_user

    password = os.environ.get("THEODOI_PASSWORD") or getpass.getpass("Mật khẩu (password): ")
    with workspace() as ws:
        user = add_user(ws, username=username, password=password, role=role, display_name=name, agency=agency,
                        email=email)
    say(f"theodoi: đã thêm người dùng {user.username} ({user.role}) (user added)")


@users_app.command("list")
@guarded
def users_list(fmt: FormatOption = Format.table) -> None:
    """Danh sách người dùng (list users)."""
    from theodoi.services.accounts import list_users

    with workspace() as ws:
        rows = list_users(ws)
    emit(rows, fmt, [("username", "Tên đăng nhập"), ("name", "Họ tên"), ("role", "Vai trò"), ("agency", "Cơ quan"),
                     ("active", "Hoạt động"), ("last_login", "Đăng nhập lần cuối")])


@users_app.command("disable")
@guarded
def users_disable(username: str) -> None:
    """Khóa tài khoản; các phiên đăng nhập bị hủy (disable a user)."""
    from theodoi.services.accounts import set_active

    with workspace() as ws:
        set_active(ws, username, False)
    say(f"theodoi: đã khóa {username} (disabled)")


@users_app.command("enable")
@guarded
def users_enable(username: str) -> None:
    """Mở lại tài khoản (enable a user)."""
    from theodoi.services.accounts import set_active

    with workspace() as ws:
        set_active(ws, username, True)
    say(f"theodoi: đã mở {username} (enabled)")


@users_app.command("token")
@guarded
def users_token(
    username: str, name: Annotated[str, typer.Option("--name", help="Tên của mã (what it is for).")] = "api",
) -> None:
    """Tạo mã truy cập API cho người dùng; mã chỉ hiện một lần (create an API token)."""
    from theodoi.services.accounts import add_token

    with workspace() as ws:
        secret = add_token(ws, username, name)
    typer.echo(secret)


@guarded
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Địa chỉ (address).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Cổng (port).")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Số tiến trình (server processes).")] = 1,
) -> None:
    """Chạy ứng dụng web và API (serve the web app and the API)."""
    import uvicorn

    os.environ.setdefault("THEODOI_DATABASE_URL", settings().database_url)
    say(f"theodoi: http://{host}:{port}/ (API: /api/v1, OpenAPI: /openapi.json)")
    uvicorn.run("theodoi.web.app:serve", factory=True, host=host, port=port, workers=workers, proxy_headers=True,
                log_level="info")
