"""The indicator registry: indicators made from a plan's extracted targets or by hand, their figures
recorded with period, vintage and source, and where each stands (:mod:`theodoi.domain.indicators`).

The figure an indicator is judged by is the most mature figure (chính thức over sơ bộ over ước tính,
then the latest published) of the latest period recorded within the target's period; it is final when
it covers the whole target period (a figure of the year for a yearly target). Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from theodoi.domain import growth
from theodoi.domain import indicators as rule
from theodoi.domain.periods import parse_period
from theodoi.errors import Invalid, NotFound
from theodoi.services import audit, views
from theodoi.services.accounts import Principal
from theodoi.services.permissions import require
from theodoi.services.workspace import Workspace
from theodoi.store import Indicator, IndicatorValue, Plan, PlanTarget
from theodoi.text import clean

KIND_LABELS = {"level": "Mức cần đạt", "reduction": "Giảm so với gốc", "increase": "Tăng so với gốc",
               "rank": "Thứ hạng"}


@dataclass(frozen=True)
class NewIndicator:
    name: str
    unit: str
    kind: str
    target: float
    comparator: str = ">="
    baseline: float | None = None
    period: str | None = None  # default: the year the plan takes effect


def from_targets(ws: Workspace, plan_id: int, *, by: Principal | None = None) -> list[int]:
    """Indicators for the plan-wide targets that have none yet (kind from the unit and direction; a
    relative target waits for its baseline, which only a person can give: it is left out). ``by``: the
    account asking (the command line acts for the operator)."""
    if by is not None:
        require(by, "manage")
    made: list[int] = []
    with ws.write() as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise NotFound(f"không có kế hoạch {plan_id} (no such plan)")
        held = set(session.scalars(select(Indicator.target_id).where(Indicator.plan_id == plan_id)))
        for t in session.scalars(select(PlanTarget).where(PlanTarget.plan_id == plan_id, PlanTarget.task_id.is_(None))
                                 .order_by(PlanTarget.id)):
            kind = rule.kind_of(t.unit, t.direction)
            if t.id in held or kind in (rule.Kind.REDUCTION, rule.Kind.INCREASE):
                continue
            comparator = "<=" if kind is rule.Kind.RANK or t.comparator == "<=" else ">="
            row = _new(session, ws, plan, NewIndicator(t.indicator or t.text, t.unit, kind.value, t.value, comparator),
                       target_id=t.id)
            made.append(row.id)
    return made


def add(ws: Workspace, plan_id: int, spec: NewIndicator, *, by: Principal | None = None) -> int:
    if by is not None:
        require(by, "manage")
    with ws.write() as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise NotFound(f"không có kế hoạch {plan_id} (no such plan)")
        return _new(session, ws, plan, spec).id


def _new(session: Any, ws: Workspace, plan: Plan, spec: NewIndicator, *, target_id: int | None = None) -> Indicator:
    name = clean(spec.name)
    if not name:
        raise Invalid("chỉ tiêu cần có tên (an indicator needs a name)")
    try:
        kind = rule.Kind(spec.kind)
    except ValueError:
        raise Invalid(f"loại chỉ tiêu '{spec.kind}' không có; dùng: {', '.join(k.value for k in rule.Kind)}") from None
    rule.Target(kind, spec.target, spec.comparator, spec.baseline)  # refuses what cannot be judged
    period = parse_period(spec.period).code if spec.period else str(plan.effective_from.year)
    row = Indicator(plan_id=plan.id, target_id=target_id, name=name, unit=clean(spec.unit) or "", kind=kind.value,
                    comparator=spec.comparator, target=spec.target, baseline=spec.baseline, period=period,
                    created_by=ws.actor, created_at=ws.now())
    session.add(row)
    session.flush()
    audit.record(session, actor=ws.actor, action="indicator.add", entity="indicator", entity_id=row.id, at=ws.now(),
                 plan_id=plan.id, after={"name": name, "kind": kind.value, "target": spec.target, "period": period})
    return row


def record(ws: Workspace, indicator_id: int, *, period: str, value: float, vintage: str, source: str = "",
           published_on: date | None = None, by: Principal | None = None) -> int:
    """A figure of an indicator (a revision is a new row: the earlier figure stays)."""
    if by is not None:
        require(by, "manage")
    code = growth.vintage(vintage)
    with ws.write() as session:
        row = session.get(Indicator, indicator_id)
        if row is None:
            raise NotFound(f"không có chỉ tiêu {indicator_id} (no such indicator)")
        covered, target = parse_period(period), parse_period(row.period)
        if covered.start < target.start or covered.end > target.end:
            raise Invalid(f"số liệu {covered.label} nằm ngoài kỳ của chỉ tiêu ({target.label}) (outside the period)")
        if row.kind == "rank" and (value < 1 or not float(value).is_integer()):
            raise Invalid("thứ hạng là một số nguyên từ 1 (a rank is a whole number from 1)")
        figure = IndicatorValue(indicator_id=row.id, period=covered.code, value=value, vintage=code,
                                source=clean(source), published_on=published_on, recorded_at=ws.now(), recorded_by=ws.actor)
        session.add(figure)
        session.flush()
        audit.record(session, actor=ws.actor, action="indicator.record", entity="indicator", entity_id=row.id,
                     at=ws.now(), plan_id=row.plan_id, after={"period": covered.code, "value": value, "vintage": code})
        return figure.id


def standings(ws: Workspace, principal: Principal, plan_id: int) -> list[dict[str, Any]]:
    """Each indicator of the plan with its figure and where it stands (None: no figure yet)."""
    require(principal, "read")
    views.plan(ws, principal, plan_id)  # visible?
    return of_plan(ws, plan_id)


def of_plan(ws: Workspace, plan_id: int, *, until: date | None = None) -> list[dict[str, Any]]:
    """:func:`standings` without the reader's check (for the documents of those who may read the plan);
    ``until``: only the figures of periods ending by then (a report of an earlier period)."""
    with ws.read() as session:
        rows = list(session.scalars(select(Indicator).where(Indicator.plan_id == plan_id).order_by(Indicator.id)))
        values = list(session.scalars(select(IndicatorValue).where(
            IndicatorValue.indicator_id.in_([r.id for r in rows] or [-1])).order_by(IndicatorValue.id)))
    if until is not None:
        values = [v for v in values if parse_period(v.period).end <= until]
    return [standing(r, [v for v in values if v.indicator_id == r.id]) for r in rows]


def standing(row: Indicator, values: list[IndicatorValue]) -> dict[str, Any]:
    target_period = parse_period(row.period)
    figure = _figure(values)
    picture: dict[str, Any] = {
        "id": row.id, "name": row.name, "unit": row.unit, "kind": row.kind, "kind_label": KIND_LABELS[row.kind],
        "comparator": row.comparator, "target": row.target, "baseline": row.baseline, "period": row.period,
        "period_label": target_period.label, "figure": None, "standing": None, "standing_label": None,
        "history": [{"period": v.period, "value": v.value, "vintage": v.vintage, "source": v.source,
                     "published_on": v.published_on} for v in values],
    }
    if figure is None:
        return picture
    covered = parse_period(figure.period)
    span = (target_period.end - target_period.start).days + 1
    elapsed = min(1.0, ((covered.end - target_period.start).days + 1) / span)
    final = covered.start <= target_period.start and covered.end >= target_period.end
    judged = rule.assess(rule.Target(rule.Kind(row.kind), row.target, row.comparator, row.baseline), figure.value,
                         elapsed=elapsed, final=final)
    picture.update(figure={"period": figure.period, "period_label": covered.label, "value": figure.value,
                           "vintage": figure.vintage, "source": figure.source},
                   standing=judged.standing.value, standing_label=judged.standing.label, achieved=judged.achieved,
                   expected=judged.expected, elapsed=elapsed, final=final)
    return picture


def target_text(row: dict[str, Any]) -> str:
    """A target as people write it: "≥ 13,6 %", "giảm ≥ 30 % so với 20 ngày", "trong nhóm 3 đứng đầu"."""
    sign = "≥" if row["comparator"] == ">=" else "≤"
    if row["kind"] == "rank":
        return f"trong nhóm {number(row['target'])} đứng đầu"
    if row["kind"] in ("reduction", "increase"):
        verb = "giảm" if row["kind"] == "reduction" else "tăng"
        return f"{verb} {sign} {number(row['target'])} % so với {number(row['baseline'])} {row['unit']}".strip()
    return f"{sign} {number(row['target'])} {row['unit']}".strip()


def number(value: float | None) -> str:
    """13.6 → "13,6"; 100.0 → "100"."""
    if value is None:
        return ""
    return (f"{value:g}" if float(value).is_integer() else f"{value:.2f}".rstrip("0")).replace(".", ",")


def _figure(values: list[IndicatorValue]) -> IndicatorValue | None:
    """The most mature figure of the latest period covered (a longer period wins at the same end)."""
    if not values:
        return None

    def key(v: IndicatorValue) -> tuple[Any, ...]:
        p = parse_period(v.period)
        return p.end, -(p.start.toordinal()), growth.vintage_rank(v.vintage), v.published_on or date.min, v.id

    return max(values, key=key)
