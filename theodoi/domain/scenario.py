"""A province's GRDP growth scenario for a year (kịch bản tăng trưởng) and where it stands: the base
year's quarterly values by component, the yearly target, the scenario's quarterly rates (and, if set,
each component's yearly target), the figures released for the quarters so far — each with its vintage
(ước tính → sơ bộ → chính thức) and source — and, from them (:mod:`theodoi.domain.growth`): growth
of each quarter and of the year to date against the scenario, the components' contributions in
points, and the growth the remaining quarters need, in total and by component.

Rates here are percentages (13.6 for 13,6 %), as written in plans and releases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from theodoi.domain import growth
from theodoi.errors import Invalid

CUMULATIVE = {1: "Quý I", 2: "6 tháng", 3: "9 tháng", 4: "Cả năm"}
QUARTER_NAMES = {1: "Quý I", 2: "Quý II", 3: "Quý III", 4: "Quý IV"}


@dataclass(frozen=True)
class Release:
    """The figures of one quarter as one release gave them: values at constant 2010 prices by
    component (or growth rates against the same quarter of the base year, turned into values)."""

    quarter: int
    vintage: str  # code of theodoi/data/grdp.toml
    values: dict[str, float]
    source: str = ""
    published_on: date | None = None


@dataclass(frozen=True)
class Scenario:
    province: str
    year: int
    target: float  # % growth of the year
    base: dict[str, list[float]]  # component → the base year's 4 quarterly values
    quarters: list[float] = field(default_factory=list)  # the scenario's rate of each quarter, %
    component_targets: dict[str, float] = field(default_factory=dict)  # component → % growth of the year
    releases: list[Release] = field(default_factory=list)
    unit: str = "tỷ đồng, giá so sánh 2010"

    def __post_init__(self) -> None:
        if not self.base:
            raise Invalid("thiếu số liệu năm gốc theo khu vực (base-year values are missing)")
        for part, row in self.base.items():
            if part not in growth.COMPONENTS:
                raise Invalid(f"khu vực '{part}' không có (unknown component)")
            if len(row) != 4 or any(v is None or v <= 0 for v in row):
                raise Invalid(f"năm gốc {part}: cần 4 giá trị quý dương (four positive quarterly values)")
        if self.quarters and len(self.quarters) != 4:
            raise Invalid("kịch bản theo quý cần đủ 4 quý (the quarterly scenario needs four rates)")
        for release in self.releases:
            missing = set(self.base) - set(release.values)
            if missing:
                raise Invalid(f"quý {release.quarter} ({release.vintage}): thiếu {', '.join(sorted(missing))} "
                              "(a release must give every component of the base)")

    def latest(self) -> dict[int, Release]:
        """Per quarter, the most mature release (the latest published of its vintage)."""
        best: dict[int, Release] = {}
        for release in self.releases:
            held = best.get(release.quarter)
            if held is None or _maturity(release) >= _maturity(held):
                best[release.quarter] = release
        return dict(sorted(best.items()))


def _maturity(release: Release) -> tuple[int, date]:
    return growth.vintage_rank(release.vintage), release.published_on or date.min


def from_rates(base: dict[str, list[float]], quarter: int, rates: dict[str, float]) -> dict[str, float]:
    """Values of a quarter from growth rates (%) against the same quarter of the base year."""
    return {part: base[part][quarter - 1] * (1 + rate / 100) for part, rate in rates.items() if part in base}


def standing(scenario: Scenario) -> dict[str, Any]:
    """Where the year stands: every figure unrounded (percent and points); see the module docstring."""
    latest = scenario.latest()
    known = _leading(latest)
    actual = {part: [latest[q].values[part] for q in known] for part in scenario.base}
    shares = growth.weights(scenario.base)
    planned = dict(zip(growth.QUARTERS, scenario.quarters, strict=True)) if scenario.quarters else {}
    quarters = []
    for q in known:
        one = {part: [None] * (q - 1) + [latest[q].values[part]] for part in scenario.base}
        quarters.append({
            "quarter": q, "name": QUARTER_NAMES[q], "vintage": latest[q].vintage, "source": latest[q].source,
            "published_on": latest[q].published_on,
            "growth": growth.growth(scenario.base, one, [q]) * 100,
            "scenario": planned.get(q),
            "by_component": {part: growth.growth(scenario.base, one, [q], [part]) * 100 for part in scenario.base},
        })
    to_date = None
    if known:
        span = list(range(1, known[-1] + 1))
        to_date = {
            "name": CUMULATIVE[len(span)], "quarters": span,
            "growth": growth.growth(scenario.base, actual, span) * 100,
            "scenario": growth.weighted_growth(shares, {q: planned[q] for q in span}) if planned else None,
            "contributions": growth.contributions(scenario.base, actual, span),
            "by_component": {part: growth.growth(scenario.base, actual, span, [part]) * 100 for part in scenario.base},
        }
    rest = [q for q in growth.QUARTERS if q not in known]
    needed = None
    if rest:
        needed = {
            "quarters": rest, "name": _span_name(rest),
            "growth": growth.required(scenario.base, actual, scenario.target / 100, known) * 100,
            "by_component": {part: growth.required(scenario.base, actual, scenario.component_targets[part] / 100,
                                                   known, [part]) * 100
                             for part in growth.COMPONENTS if part in scenario.component_targets and part in scenario.base},
        }
    return {
        "province": scenario.province, "year": scenario.year, "target": scenario.target, "unit": scenario.unit,
        "weights": shares, "scenario_year": growth.weighted_growth(shares, planned) if planned else None,
        "quarters": quarters, "to_date": to_date, "needed": needed,
        "history": [{"quarter": r.quarter, "vintage": r.vintage, "source": r.source, "published_on": r.published_on,
                     "growth": growth.growth(scenario.base, {p: [None] * (r.quarter - 1) + [r.values[p]]
                                                             for p in scenario.base}, [r.quarter]) * 100}
                    for r in sorted(scenario.releases, key=lambda r: (r.quarter, _maturity(r)))],
    }


def _leading(latest: dict[int, Release]) -> list[int]:
    """The quarters known from the first on (a year to date has no gap)."""
    known: list[int] = []
    for q in growth.QUARTERS:
        if q not in latest:
            break
        known.append(q)
    stray = sorted(set(latest) - set(known))
    if stray:
        raise Invalid(f"có số liệu quý {', '.join(map(str, stray))} nhưng thiếu quý trước đó "
                      "(a quarter is given without the ones before it)")
    return known


def _span_name(quarters: list[int]) -> str:
    if len(quarters) == 1:
        return QUARTER_NAMES[quarters[0]]
    return f"{QUARTER_NAMES[quarters[0]]} – {QUARTER_NAMES[quarters[-1]]}"
