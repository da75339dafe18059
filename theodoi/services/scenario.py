"""A GRDP growth scenario read from its file (TOML, see docs/scenario.md) and where it stands.

    [scenario]
    province = "Bắc Giang"
    year = 2025
    target = 13.6                       # % tăng GRDP cả năm
    quarters = [13.0, 12.7, 14.1, 14.3] # kịch bản theo quý, %
    components = { cnxd = 15.9, dv = 7.5, nlts = 3.8, thue = 10.0 }   # mục tiêu cả năm theo khu vực, %

    [base]                              # năm gốc, theo quý, giá so sánh 2010
    cnxd = [30100.0, 34200.0, 36500.0, 38900.0]
    ...

    [[release]]                         # một lần công bố số liệu của một quý
    quarter = 1
    vintage = "ước tính"
    source = "Thống kê tỉnh"
    published = 2025-03-28
    growth = { cnxd = 17.24, dv = 5.79, nlts = 1.05, thue = 7.1 }   # % so với cùng kỳ (or: values = {...})

Every problem of the file is said with where it is, and nothing is guessed.
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from theodoi.domain import growth
from theodoi.domain.scenario import Release, Scenario, from_rates, standing
from theodoi.errors import InputError, Invalid, NotFound
from theodoi.services import audit
from theodoi.services.accounts import Principal
from theodoi.services.permissions import require
from theodoi.services.workspace import Workspace
from theodoi.store import GrowthScenario, Plan

MAX_BYTES = 512 * 1024

__all__ = ["keep", "kept", "load", "parse", "standing"]

TOP = {"scenario", "base", "release"}
HEAD = {"province", "year", "target", "quarters", "components", "unit"}
RELEASE = {"quarter", "vintage", "source", "published", "growth", "values"}


def load(path: Path) -> Scenario:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"không có tệp {path} (no such file)") from None
    except OSError as exc:
        raise InputError(f"không đọc được {path}: {exc.strerror} (cannot read the file)") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: tệp phải là UTF-8 (the file must be UTF-8)") from None
    return parse(text, str(path))


def keep(ws: Workspace, plan_id: int, text: str, *, by: Principal | None = None) -> int:
    """Keep a scenario file with a plan (checked first: a file that does not read is refused whole)."""
    if by is not None:
        require(by, "manage")
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError(f"tệp kịch bản quá lớn (tối đa {MAX_BYTES // 1024} KB) (scenario file too large)")
    scenario = parse(text)
    standing(scenario)  # a file whose figures cannot be put together is refused now, not when shown
    with ws.write() as session:
        if session.get(Plan, plan_id) is None:
            raise NotFound(f"không có kế hoạch {plan_id} (no such plan)")
        row = GrowthScenario(plan_id=plan_id, year=scenario.year, text=text, created_at=ws.now(), created_by=ws.actor)
        session.add(row)
        session.flush()
        audit.record(session, actor=ws.actor, action="scenario.keep", entity="scenario", entity_id=row.id,
                     at=ws.now(), plan_id=plan_id, after={"year": scenario.year, "province": scenario.province,
                                                          "releases": len(scenario.releases)})
        return row.id


def shown(ws: Workspace, principal: Principal, plan_id: int) -> dict[str, Any] | None:
    """Where the plan's scenario stands, for a reader of the plan (None: no scenario kept)."""
    from theodoi.services import views

    require(principal, "read")
    views.plan(ws, principal, plan_id)  # visible?
    scenario = kept(ws, plan_id)
    if scenario is None:
        return None
    with ws.read() as session:
        row = session.execute(select(GrowthScenario.created_at, GrowthScenario.created_by).where(
            GrowthScenario.plan_id == plan_id).order_by(GrowthScenario.id.desc()).limit(1)).one()
    return {**standing(scenario), "planned": scenario.quarters or [None] * 4, "kept_at": row.created_at,
            "kept_by": row.created_by, "components": {c.code: c.name for c in growth.components()},
            "vintages": {v.code: v.name for v in growth.vintages()}}


def kept(ws: Workspace, plan_id: int, *, until: date | None = None) -> Scenario | None:
    """The plan's scenario in force (the newest kept), or None; ``until``: only the releases published
    by then (a report of an earlier period)."""
    with ws.read() as session:
        text = session.scalar(select(GrowthScenario.text).where(GrowthScenario.plan_id == plan_id)
                              .order_by(GrowthScenario.id.desc()).limit(1))
    if text is None:
        return None
    scenario = parse(text)
    if until is None:
        return scenario
    from dataclasses import replace

    return replace(scenario, releases=[r for r in scenario.releases if _known_by(scenario, r) <= until])


def _known_by(scenario: Scenario, release: Release) -> date:
    """When a release was known: its publication day, or else the last day of its quarter."""
    import calendar

    if release.published_on is not None:
        return release.published_on
    month = release.quarter * 3
    return date(scenario.year, month, calendar.monthrange(scenario.year, month)[1])


def parse(text: str, where: str = "kịch bản") -> Scenario:
    import unicodedata

    try:
        data = tomllib.loads(unicodedata.normalize("NFC", text))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{where}: tệp TOML sai cú pháp: {exc} (invalid TOML)") from None
    _only(data, TOP, where)
    head = data.get("scenario")
    if not isinstance(head, dict):
        raise InputError(f"{where}: thiếu bảng [scenario] (the [scenario] table is missing)")
    _only(head, HEAD, f"{where} [scenario]")
    try:
        base = {growth.component(k): _numbers(v, f"[base] {k}") for k, v in _table(data.get("base"), "[base]").items()}
        releases = [_release(r, i, base) for i, r in enumerate(_list(data.get("release", []), "[[release]]"), 1)]
        return Scenario(
            province=str(head.get("province", "")).strip(), year=_integer(head.get("year"), "year"),
            target=_number(head.get("target"), "target"), base=base,
            quarters=_numbers(head.get("quarters", []), "quarters"),
            component_targets={growth.component(k): _number(v, f"components.{k}")
                               for k, v in _table(head.get("components", {}), "components").items()},
            releases=releases, unit=str(head.get("unit", "tỷ đồng, giá so sánh 2010")),
        )
    except Invalid as exc:
        raise InputError(f"{where}: {exc}") from None


def _release(raw: Any, index: int, base: dict[str, list[float]]) -> Release:
    where = f"[[release]] thứ {index}"
    row = _table(raw, where)
    _only(row, RELEASE, where)
    quarter = _integer(row.get("quarter"), f"{where}: quarter")
    if quarter not in growth.QUARTERS:
        raise Invalid(f"{where}: quý phải trong 1–4 (quarter must be 1 to 4)")
    if ("growth" in row) == ("values" in row):
        raise Invalid(f"{where}: cần đúng một trong growth (tốc độ %) hoặc values (giá trị) (give growth or values)")
    published = row.get("published")
    if published is not None and not isinstance(published, date):
        raise Invalid(f"{where}: published phải là ngày, ví dụ 2025-03-28 (a date)")
    given = {growth.component(k): _number(v, f"{where}: {k}") for k, v in _table(row.get("growth", row.get("values")),
                                                                                  where).items()}
    values = from_rates(base, quarter, given) if "growth" in row else given
    return Release(quarter, growth.vintage(str(row.get("vintage", ""))), values, str(row.get("source", "")).strip(),
                   published)


def _only(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise InputError(f"{where}: không hiểu khóa {', '.join(unknown)}; dùng: {', '.join(sorted(allowed))} (unknown keys)")


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"{where}: cần một bảng (a table is expected)")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise Invalid(f"{where}: cần một danh sách (a list is expected)")
    return value


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Invalid(f"{where}: cần một số, viết với dấu chấm thập phân (a number, e.g. 13.6)")
    return float(value)


def _integer(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{where}: cần một số nguyên (an integer)")
    return value


def _numbers(value: Any, where: str) -> list[float]:
    return [_number(v, f"{where}[{i}]") for i, v in enumerate(_list(value, where), 1)]
