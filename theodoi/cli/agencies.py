"""Registry commands: ``agencies`` (list) and ``agency seed|contact|code|succeed``."""

from __future__ import annotations

from typing import Annotated

import typer

from theodoi.cli._guard import guarded
from theodoi.cli.common import AsOf, Format, FormatOption, day, emit, say, workspace

agency_app = typer.Typer(no_args_is_help=True, help="Danh mục cơ quan: thêm, sửa (keep the agency registry).")


@guarded
def agencies_command(
    organisation: Annotated[str | None, typer.Option("--organisation", help="Tổ chức, vd. tinh-bac-ninh.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Loại: department, locality, group, party...")] = None,
    search: Annotated[str | None, typer.Option("--search", help="Tìm theo tên (diacritics ignored).")] = None,
    include_ceased: Annotated[bool, typer.Option("--all", help="Kể cả cơ quan đã giải thể, sáp nhập.")] = False,
    as_of: AsOf = None, fmt: FormatOption = Format.table,
) -> None:
    """Danh mục cơ quan đang hoạt động (list the registry's agencies)."""
    from theodoi.services.listing import agencies

    with workspace() as ws:
        rows = agencies(ws, organisation=organisation, on=day(as_of, ws), kind=kind, search=search,
                        include_ceased=include_ceased)
    emit(rows, fmt, [("id", "Mã"), ("name", "Tên"), ("kind", "Loại"), ("organisation", "Tổ chức"),
                     ("identifier_code", "Mã định danh"), ("valid_from", "Từ"), ("valid_to", "Đến"),
                     ("contacts", "Liên hệ")])


@agency_app.command("seed")
@guarded
def agency_seed(code: Annotated[str, typer.Argument(help="Mã tỉnh, vd. tinh-bac-ninh, hoặc trung-uong.")]) -> None:
    """Tạo danh mục cơ quan của một tỉnh từ danh mục chuẩn (seed an organisation)."""
    from theodoi.services.registry_admin import seed

    with workspace() as ws:
        org = seed(ws, code)
    say(f"theodoi: đã có danh mục {org.name} (seeded)")


@agency_app.command("contact")
@guarded
def agency_contact(
    agency: Annotated[str, typer.Argument(help="Cơ quan (id, code or name).")],
    name: Annotated[str, typer.Option(help="Họ tên.")],
    email: Annotated[str | None, typer.Option(help="Thư điện tử.")] = None,
    phone: Annotated[str | None, typer.Option(help="Điện thoại.")] = None,
    title: Annotated[str | None, typer.Option(help="Chức vụ.")] = None,
    no_reminders: Annotated[bool, typer.Option("--no-reminders", help="Không nhận thư nhắc việc.")] = False,
) -> None:
    """Thêm người liên hệ nhận nhắc việc (add a contact)."""
    from theodoi.services.registry_admin import add_contact

    with workspace() as ws:
        contact = add_contact(ws, agency, name=name, email=email, phone=phone, title=title, reminders=not no_reminders)
    say(f"theodoi: đã thêm liên hệ {contact.name} (contact added)")


@agency_app.command("code")
@guarded
def agency_code(agency: str, code: Annotated[str, typer.Argument(help="Mã định danh, vd. 000.00.12.H05.")]) -> None:
    """Đặt mã định danh điện tử theo QCVN 102:2016 (set the identifier code)."""
    from theodoi.services.registry_admin import set_identifier

    with workspace() as ws:
        target = set_identifier(ws, agency, code)
    say(f"theodoi: {target.full_name}: {target.identifier_code}")


@agency_app.command("succeed")
@guarded
def agency_succeed(
    predecessor: Annotated[str, typer.Argument(help="Cơ quan chấm dứt hoạt động.")],
    successors: Annotated[list[str], typer.Argument(help="Cơ quan kế thừa (one or more).")],
    on: Annotated[str, typer.Option("--on", help="Từ ngày dd/mm/yyyy.")],
    note: Annotated[str, typer.Option(help="Căn cứ, vd. số quyết định.")] = "",
) -> None:
    """Ghi nhận sáp nhập, kế thừa: nhiệm vụ chuyển sang cơ quan kế thừa (record a succession)."""
    from theodoi.domain.dates import parse_day
    from theodoi.services.registry_admin import record_succession

    with workspace() as ws:
        outcome = record_succession(ws, predecessor, successors, on=parse_day(on), note=note)
    say(f"theodoi: chuyển {len(outcome.created)} lượt giao nhiệm vụ (assignments moved)")
