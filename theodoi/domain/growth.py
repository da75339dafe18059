"""GRDP growth (tăng trưởng GRDP) by the formulas of the statistics offices (domain.md §5.2).

Values are at constant 2010 prices, per component (:data:`COMPONENTS`: agriculture, industry and
construction, services, product taxes) and calendar quarter. Growth of a set of quarters is computed
on summed values (never as an average of quarterly rates), contributions are in percentage points and
add up to the growth, and the growth still needed in the remaining quarters follows from the yearly
target. Everything is computed unrounded; :func:`published` rounds for print (2 decimals, half up).

Rates are fractions here (0.136 for 13,6 %); the callers that read and print percentages convert.

>>> base = {"cnxd": [30.0, 32.0, 34.0, 36.0], "dv": [10.0, 10.0, 10.0, 10.0]}
>>> actual = {"cnxd": [34.5, 36.8], "dv": [10.6, 10.5]}
>>> round(growth(base, actual, [1, 2]) * 100, 2)
12.68
>>> {k: round(v, 2) for k, v in contributions(base, actual, [1, 2]).items()}
{'cnxd': 11.34, 'dv': 1.34}
>>> round(required(base, actual, 0.13, known=[1, 2]) * 100, 2)  # what Q3 and Q4 need for +13 % in the year
13.29
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from theodoi.data import load_toml
from theodoi.errors import Invalid
from theodoi.text import fold

QUARTERS = (1, 2, 3, 4)
Values = Mapping[str, Sequence[float | None]]  # component → value of quarter 1, 2, 3, 4 (None: not known)


@dataclass(frozen=True)
class Named:
    code: str
    name: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def _data() -> tuple[tuple[Named, ...], tuple[Named, ...]]:
    raw = load_toml("grdp")

    def named(rows: list[dict[str, object]]) -> tuple[Named, ...]:
        return tuple(Named(str(r["code"]), str(r["name"]), tuple(str(a) for a in r.get("aliases", []))) for r in rows)  # type: ignore[attr-defined]

    return named(raw["component"]), named(raw["vintage"])


def components() -> tuple[Named, ...]:
    """The components of GRDP, in the order statistics releases give them."""
    return _data()[0]


def vintages() -> tuple[Named, ...]:
    """The vintages of a figure, from the scenario to the official figure."""
    return _data()[1]


COMPONENTS = tuple(c.code for c in components())


def _lookup(table: tuple[Named, ...], text: str, what: str) -> str:
    wanted = fold(text).strip()
    for item in table:
        if wanted in {fold(item.code), fold(item.name), *(fold(a) for a in item.aliases)}:
            return item.code
    known = ", ".join(f"{i.code} ({i.name})" for i in table)
    raise Invalid(f"không rõ {what} '{text}'; dùng: {known} (unknown {what})")


def component(text: str) -> str:
    """The code of a GRDP component from its code, name or a usual alias ("CN-XD", "khu vực II")."""
    return _lookup(components(), text, "khu vực kinh tế")


def vintage(text: str) -> str:
    """The code of a vintage ("ước tính" → "uoc-tinh")."""
    return _lookup(vintages(), text, "loại số liệu")


def vintage_rank(code: str) -> int:
    """The maturity of a vintage: a figure of a higher rank replaces one of a lower rank."""
    return [v.code for v in vintages()].index(vintage(code))


# --- formulas ---------------------------------------------------------------------------------------------
def _quarters(quarters: Iterable[int]) -> list[int]:
    chosen = sorted(set(quarters))
    if not chosen or any(q not in QUARTERS for q in chosen):
        raise Invalid(f"quý phải trong 1–4: {list(quarters)} (quarters are 1 to 4)")
    return chosen


def _sum(values: Values, quarters: list[int], parts: Iterable[str] | None = None, what: str = "") -> float:
    total = 0.0
    for part in (parts if parts is not None else values.keys()):
        row = values.get(part, ())
        for q in quarters:
            value = row[q - 1] if q - 1 < len(row) else None
            if value is None:
                raise Invalid(f"thiếu số liệu {what}{part} quý {q} (missing value)")
            total += value
    return total


def growth(base: Values, actual: Values, quarters: Iterable[int], parts: Iterable[str] | None = None) -> float:
    """Growth of the quarters ``quarters`` against the same quarters of the base year, on summed values
    (formula 1): ``Σ A / Σ B − 1``; of the components ``parts`` (all of the base by default)."""
    chosen = _quarters(quarters)
    selected = list(parts) if parts is not None else list(base)
    b = _sum(base, chosen, selected, "năm gốc ")
    if b <= 0:
        raise Invalid("giá trị năm gốc phải dương (base-year values must be positive)")
    return _sum(actual, chosen, selected, "thực hiện ") / b - 1


def contributions(base: Values, actual: Values, quarters: Iterable[int]) -> dict[str, float]:
    """Each component's contribution to the growth of ``quarters``, in percentage points (formula 3):
    ``(A_i − B_i) / B × 100``. They add up to the growth × 100."""
    chosen = _quarters(quarters)
    b = _sum(base, chosen, None, "năm gốc ")
    if b <= 0:
        raise Invalid("giá trị năm gốc phải dương (base-year values must be positive)")
    return {part: (_sum(actual, chosen, [part], "thực hiện ") - _sum(base, chosen, [part], "năm gốc ")) / b * 100
            for part in base}


def weights(base: Values) -> list[float]:
    """The base year's quarterly weights ``s_q = B_q / B`` (formula 2)."""
    per_quarter = [_sum(base, [q], None, "năm gốc ") for q in QUARTERS]
    total = sum(per_quarter)
    if total <= 0:
        raise Invalid("giá trị năm gốc phải dương (base-year values must be positive)")
    return [v / total for v in per_quarter]


def weighted_growth(shares: Sequence[float], rates: Mapping[int, float]) -> float:
    """Growth of the quarters of ``rates`` from quarterly rates and base weights (formula 2):
    ``Σ s_q g_q / Σ s_q`` — for the whole year, ``Σ s_q g_q``."""
    chosen = _quarters(rates)
    weight = sum(shares[q - 1] for q in chosen)
    if weight <= 0:
        raise Invalid("tỷ trọng các quý phải dương (quarter weights must be positive)")
    return sum(shares[q - 1] * rates[q] for q in chosen) / weight


def required(base: Values, actual: Values, target: float, known: Iterable[int],
             parts: Iterable[str] | None = None) -> float:
    """The growth the remaining quarters need for the year to reach ``target`` (formula 4):
    ``((1 + G) · B − Σ_K A) / Σ_R B − 1``, of the components ``parts`` (all by default)."""
    done = sorted(set(known))
    rest = [q for q in QUARTERS if q not in done]
    if not rest:
        raise Invalid("cả bốn quý đã có số liệu: không còn quý nào (no quarter left)")
    selected = list(parts) if parts is not None else list(base)
    year = _sum(base, list(QUARTERS), selected, "năm gốc ")
    so_far = _sum(actual, _quarters(done), selected, "thực hiện ") if done else 0.0
    remaining = _sum(base, rest, selected, "năm gốc ")
    return ((1 + target) * year - so_far) / remaining - 1


def required_weighted(shares: Sequence[float], rates: Mapping[int, float], target: float) -> float:
    """Formula 4 in its weighted form: ``(G − Σ_K s_q g_q) / Σ_R s_q``."""
    done = _quarters(rates) if rates else []
    rest = [q for q in QUARTERS if q not in done]
    if not rest:
        raise Invalid("cả bốn quý đã có số liệu: không còn quý nào (no quarter left)")
    return (target - sum(shares[q - 1] * rates[q] for q in done)) / sum(shares[q - 1] for q in rest)


def scenario_total(base_quarter: Mapping[str, float], rates: Mapping[str, float]) -> float:
    """The growth of a quarter that sector rates give (formula 5): ``Σ B_i (1 + g_i) / Σ B_i − 1``; a
    component without a rate is assumed flat."""
    b = sum(base_quarter.values())
    if b <= 0:
        raise Invalid("giá trị năm gốc phải dương (base-year values must be positive)")
    return sum(v * (1 + rates.get(part, 0.0)) for part, v in base_quarter.items()) / b - 1


def published(rate_or_points: float, digits: int = 2) -> Decimal:
    """A figure as published: rounded half up to ``digits`` decimals (13,555 → 13,56)."""
    return Decimal(repr(rate_or_points)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
