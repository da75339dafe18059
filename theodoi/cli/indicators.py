"""``theodoi indicator list|add|from-targets|record``: the indicator registry of a plan."""

from __future__ import annotations

from typing import Annotated

import typer

from theodoi.cli._guard import guarded
from theodoi.cli.common import Format, FormatOption, emit, say, workspace

indicator_app = typer.Typer(no_args_is_help=True, help="Chỉ tiêu và số liệu thực hiện (indicators and their figures).")
PlanArg = Annotated[int, typer.Argument(metavar="KẾ_HOẠCH", help="Số hiệu kế hoạch (plan id).")]


@indicator_app.command("list")
@guarded
def indicator_list(plan: PlanArg, fmt: FormatOption = Format.table) -> None:
    """Các chỉ tiêu của kế hoạch, số liệu mới nhất và đánh giá (indicators and where they stand)."""
    from theodoi.services.accounts import Principal
    from theodoi.services.indicators import number, standings, target_text

    with workspace() as ws:
        rows = standings(ws, Principal(0, "cli", "cli", "admin", None, None), plan)
    if fmt is not Format.table:
        emit(rows, fmt, [], document={"indicators": rows} if fmt is Format.json else None)
        return
    shown = [{"id": r["id"], "name": r["name"], "target": target_text(r), "period": r["period_label"],
              "figure": f"{number(r['figure']['value'])} ({r['figure']['period_label']})" if r["figure"] else "",
              "standing": r["standing_label"] or "Chưa có số liệu"} for r in rows]
    emit(shown, Format.table, [("id", "Số"), ("name", "Chỉ tiêu"), ("target", "Mục tiêu"), ("period", "Kỳ"),
                               ("figure", "Số liệu"), ("standing", "Đánh giá")])


@indicator_app.command("from-targets")
@guarded
def indicator_from_targets(plan: PlanArg) -> None:
    """Tạo chỉ tiêu từ các mục tiêu trích xuất từ văn bản (indicators from the extracted targets)."""
    from theodoi.services.indicators import from_targets

    with workspace() as ws:
        made = from_targets(ws, plan)
    say(f"theodoi: đã tạo {len(made)} chỉ tiêu từ mục tiêu của kế hoạch {plan}")


@indicator_app.command("add")
@guarded
def indicator_add(
    plan: PlanArg,
    name: Annotated[str, typer.Option("--name", help="Tên chỉ tiêu (the indicator's name).")],
    target: Annotated[float, typer.Option("--target", help="Giá trị mục tiêu; với tăng/giảm: % thay đổi.")],
    kind: Annotated[str, typer.Option("--kind", help="level | reduction | increase | rank")] = "level",
    unit: Annotated[str, typer.Option("--unit", help="Đơn vị, vd. %, ngày, hạng.")] = "",
    comparator: Annotated[str, typer.Option("--comparator", help=">= (không dưới) hoặc <= (không quá).")] = ">=",
    baseline: Annotated[float | None, typer.Option("--baseline", help="Giá trị gốc (cho tăng/giảm theo tỷ lệ).")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Kỳ của mục tiêu, vd. 2025; mặc định năm kế hoạch.")] = None,
) -> None:
    """Thêm một chỉ tiêu (add an indicator by hand)."""
    from theodoi.services.indicators import NewIndicator, add

    with workspace() as ws:
        made = add(ws, plan, NewIndicator(name, unit, kind, target, comparator, baseline, period))
    typer.echo(str(made))
    say(f"theodoi: đã thêm chỉ tiêu {made}")


@indicator_app.command("record")
@guarded
def indicator_record(
    indicator: Annotated[int, typer.Argument(metavar="CHỈ_TIÊU", help="Số hiệu chỉ tiêu (indicator id).")],
    period: Annotated[str, typer.Option("--period", help="Kỳ của số liệu, vd. 2025-Q3, '9 tháng năm 2025'.")],
    value: Annotated[float, typer.Option("--value", help="Giá trị (dấu chấm thập phân: 12.6).")],
    vintage: Annotated[str, typer.Option("--vintage", help="ước tính | sơ bộ | chính thức")] = "ước tính",
    source: Annotated[str, typer.Option("--source", help="Nguồn số liệu.")] = "",
) -> None:
    """Ghi số liệu thực hiện của một chỉ tiêu (record a figure; a revision adds a row)."""
    from theodoi.services.indicators import record

    with workspace() as ws:
        made = record(ws, indicator, period=period, value=value, vintage=vintage, source=source)
    say(f"theodoi: đã ghi số liệu {made} của chỉ tiêu {indicator}")
