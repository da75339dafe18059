"""``theodoi scenario FILE``: where a GRDP growth scenario stands (growth so far against the scenario,
contributions in points, the growth the remaining quarters need)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from theodoi.cli._guard import guarded
from theodoi.cli.common import Format, emit, say


def _pct(value: float | None) -> str:
    from theodoi.domain.growth import published

    return "" if value is None else f"{published(value)}".replace(".", ",") + " %"


def _pp(value: float | None, signed: bool = False) -> str:
    from theodoi.domain.growth import published

    if value is None:
        return ""
    shown = f"{published(value)}".replace(".", ",")
    return ("+" if signed and value > 0 else "") + shown + " điểm %"


@guarded
def scenario_command(
    file: Annotated[Path, typer.Argument(metavar="TỆP.toml", help="Tệp kịch bản tăng trưởng (the scenario file).")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="table | json")] = Format.table,
    plan: Annotated[int | None, typer.Option(
        "--plan", help="Lưu kịch bản vào sổ theo dõi cho kế hoạch này (keep it with the plan, id).")] = None,
) -> None:
    """Kịch bản tăng trưởng GRDP: tăng trưởng đã đạt so với kịch bản, đóng góp của các khu vực, tốc độ cần
    đạt trong các quý còn lại (where a GRDP growth scenario stands)."""
    from theodoi.domain.growth import components
    from theodoi.services.scenario import keep, load, standing

    picture = standing(load(file))
    if plan is not None:
        from theodoi.cli.common import workspace

        with workspace() as ws:
            kept = keep(ws, plan, file.read_text(encoding="utf-8"))
        say(f"theodoi: đã lưu kịch bản {kept} cho kế hoạch {plan}")
    if fmt is not Format.table:
        emit([], Format.json, [], document=picture)
        return
    names = {c.code: c.name for c in components()}
    say(f"Kịch bản tăng trưởng GRDP {picture['province']} năm {picture['year']}: mục tiêu {_pct(picture['target'])}"
        + (f"; kịch bản các quý cho cả năm {_pct(picture['scenario_year'])}" if picture["scenario_year"] else ""))
    emit([_quarter_row(q) for q in picture["quarters"]], Format.table,
         [("name", "Kỳ"), ("growth", "Tăng trưởng"), ("scenario", "Kịch bản"), ("gap", "Chênh lệch"),
          ("vintage", "Số liệu"), ("source", "Nguồn")], title="Từng quý")
    done = picture["to_date"]
    if done:
        gap = done["growth"] - done["scenario"] if done["scenario"] is not None else None
        say(f"{done['name']}: tăng {_pct(done['growth'])}"
            + (f" (kịch bản {_pct(done['scenario'])}, chênh lệch {_pp(gap, signed=True)})" if gap is not None else ""))
        emit([{"part": names[p], "growth": _pct(done["by_component"][p]), "points": _pp(v)}
              for p, v in done["contributions"].items()], Format.table,
             [("part", "Khu vực"), ("growth", "Tăng trưởng"), ("points", "Đóng góp")], title=f"Đóng góp — {done['name']}")
    else:
        say("Chưa có số liệu quý nào (no quarter released yet).")
    need = picture["needed"]
    if need:
        rows: list[dict[str, Any]] = [{"part": "GRDP", "growth": _pct(need["growth"])}]
        rows += [{"part": names[p], "growth": _pct(v)} for p, v in need["by_component"].items()]
        emit(rows, Format.table, [("part", "Khu vực"), ("growth", "Cần đạt bình quân")],
             title=f"Để đạt mục tiêu cả năm, {need['name']} cần tăng")


def _quarter_row(q: dict[str, Any]) -> dict[str, Any]:
    from theodoi.domain.growth import vintages

    labels = {v.code: v.name for v in vintages()}
    gap = q["growth"] - q["scenario"] if q["scenario"] is not None else None
    return {"name": q["name"], "growth": _pct(q["growth"]), "scenario": _pct(q["scenario"]), "gap": _pp(gap, signed=True),
            "vintage": labels.get(q["vintage"], q["vintage"]), "source": q["source"]}
