"""The Excel round trip (docs/excel.md): ``theodoi export`` (the register, or an agency's report sheet
for a period) and ``theodoi import-reports`` (a filled sheet back; a dry run unless ``--apply``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from theodoi.cli._guard import UsageProblem, guarded
from theodoi.cli.common import AsOf, day, say, workspace
from theodoi.cli.output import to_file

ACTIONS = {"new": "mới", "update": "cập nhật", "resubmit": "gửi lại", "unchanged": "không đổi"}
Output = Annotated[Path, typer.Option(
    "--output", "-o", metavar="TỆP.xlsx", help="Tệp Excel ghi ra (the .xlsx file).")]
PlanOption = Annotated[str | None, typer.Option(
    "--plan", help="Chỉ kế hoạch này: id hoặc số (only this plan).")]
AgencyOption = Annotated[str | None, typer.Option(
    "--agency", help="Biểu mẫu báo cáo của cơ quan này (an agency's report sheet; needs --period).")]
PeriodOption = Annotated[str | None, typer.Option(
    "--period", help="Kỳ báo cáo của biểu mẫu, vd. 2025-Q3 hoặc 'Quý III/2025' (with --agency).")]


@guarded
def export_command(output: Output, plan: PlanOption = None, agency: AgencyOption = None,
                   period: PeriodOption = None, as_of: AsOf = None) -> None:
    """Xuất Excel: sổ theo dõi, hoặc biểu mẫu báo cáo của một cơ quan cho một kỳ (export to Excel)."""
    from theodoi.services.excel_export import register_workbook, report_sheet

    if output.suffix.lower() != ".xlsx":
        raise UsageProblem(f"tệp ra phải có đuôi .xlsx: {output} (the output must be an .xlsx file)")
    if (agency is None) != (period is None):
        raise UsageProblem("--agency và --period đi cùng nhau (--agency and --period go together)")
    with workspace() as ws:
        if agency is not None and period is not None:
            data, what = report_sheet(ws, agency=agency, period=period, plan=plan), "biểu mẫu báo cáo"
        else:
            data, what = register_workbook(ws, plan=plan, on=day(as_of, ws)), "sổ theo dõi"
    to_file(output, data)
    say(f"theodoi: đã xuất {what} → {output}")


@guarded
def import_reports_command(
    file: Annotated[Path, typer.Argument(
        metavar="TỆP.xlsx", help="Biểu mẫu báo cáo đã điền (the filled sheet).")],
    apply: Annotated[bool, typer.Option(
        "--apply", help="Ghi vào hệ thống; mặc định chỉ kiểm tra (write; default: a dry run).")] = False,
) -> None:
    """Nhập biểu mẫu báo cáo đã điền: kiểm tra từng dòng, ghi hết hoặc không ghi gì (import report sheets)."""
    from theodoi.errors import InputError
    from theodoi.services.excel_import import import_reports

    if not file.is_file():
        raise InputError("không tìm thấy tệp (file not found)", path=str(file))
    with workspace() as ws:
        result = import_reports(ws, file.read_bytes(), apply=apply)
    for error in result.errors:
        where = f"Dòng {error.row}, cột {error.column}" if error.column else f"Dòng {error.row}"
        typer.echo(f"{where}: {error.message}")
    if result.errors:
        say(f"theodoi: {len(result.errors)} lỗi, không ghi báo cáo nào (errors; nothing written)")
        raise typer.Exit(2)
    counts = ", ".join(f"{sum(r.action == a for r in result.rows)} {name}" for a, name in ACTIONS.items())
    head = f"đã ghi {result.applied} báo cáo" if apply else "kiểm tra xong, chưa ghi (dry run; --apply: ghi)"
    say(f"theodoi: {result.agency}, {result.period_label}: {head}; {len(result.rows)} dòng ({counts}), "
        f"{result.blank} dòng trống bỏ qua")
