"""Targets and where they stand: the status rule of an indicator (on track / at risk / off track while
the period runs; met / missed once its figure is final).

Four kinds of target, as plans write them (see :mod:`theodoi.parsing.targets`):

- **level**: a value to reach or not to exceed — "giải ngân 100% kế hoạch vốn" (≥ 100 %), "tỷ lệ hộ
  nghèo dưới 1,5%" (≤ 1,5 %), "GRDP tăng 13,6%" (a growth rate is a level of the rate: ≥ 13,6 %);
- **reduction**: a cut from a baseline — "giảm ít nhất 30% thời gian xử lý" (the value falls from the
  baseline by ≥ 30 %); what is compared is the cut achieved, ``(baseline − actual) / baseline``;
- **increase**: a rise from a baseline — "tăng ít nhất 20% số doanh nghiệp so với năm 2024";
- **rank**: a place in a ranking — "top 3 DTI", "nằm trong nhóm 10 tỉnh dẫn đầu": the rank must be
  ≤ N (1 is best; lower is better whatever the comparator says).

The rule, for a target of comparator ≥ (≤ is its mirror):

1. A final figure (the period is over, or the official figure of the period) is **met** when it
   satisfies the comparator, **missed** otherwise.
2. While the period runs, the expected figure by now goes in a straight line from where the period
   started (the baseline of a level target, 0 % for a reduction or an increase) to the target, by the
   share of the period elapsed. The figure is **on track** when it reaches the expected one, **at
   risk** when it falls short by at most ``TOLERANCE`` (10 %) of the whole way, **off track** beyond.
   A level target with no baseline has no line: its figure is compared with the target itself.
3. A rank is on track when within the target, at risk when within ``RANK_MARGIN`` (2) places of it,
   off track beyond; no line (a ranking is published once a year).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from theodoi.errors import Invalid

TOLERANCE = 0.10
RANK_MARGIN = 2


class Kind(StrEnum):
    LEVEL = "level"
    REDUCTION = "reduction"
    INCREASE = "increase"
    RANK = "rank"


class Standing(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    MET = "met"
    MISSED = "missed"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {Standing.ON_TRACK: "Đúng tiến độ", Standing.AT_RISK: "Có nguy cơ không đạt", Standing.OFF_TRACK: "Chậm tiến độ",
          Standing.MET: "Đạt", Standing.MISSED: "Không đạt"}


@dataclass(frozen=True)
class Target:
    """What an indicator must reach in a period: ``value`` with ``comparator`` ">=" or "<=" (for a
    reduction or an increase, ``value`` is the percentage of change and ``baseline`` is required)."""

    kind: Kind
    value: float
    comparator: str = ">="
    baseline: float | None = None

    def __post_init__(self) -> None:
        if self.comparator not in (">=", "<="):
            raise Invalid(f"so sánh '{self.comparator}' không dùng được cho chỉ tiêu; dùng >= hoặc <= (comparator)")
        if self.kind in (Kind.REDUCTION, Kind.INCREASE) and (self.baseline is None or self.baseline == 0):
            raise Invalid("chỉ tiêu tăng/giảm theo tỷ lệ cần giá trị gốc khác 0 (a relative target needs a baseline)")
        if self.kind is Kind.RANK and (self.value < 1 or not float(self.value).is_integer()):
            raise Invalid("chỉ tiêu xếp hạng cần một thứ hạng nguyên từ 1 (a rank target is a whole place from 1)")


@dataclass(frozen=True)
class Assessment:
    standing: Standing
    achieved: float  # the figure compared with the target (the cut or rise in % for relative targets)
    expected: float  # what was due by now (the target itself for a final figure)
    gap: float  # achieved − expected, signed so that a positive gap is better than due


def achieved(target: Target, actual: float) -> float:
    """The figure that is compared with the target: the value itself, or the change from the baseline in %."""
    if target.kind is Kind.REDUCTION:
        assert target.baseline is not None
        return (target.baseline - actual) / target.baseline * 100
    if target.kind is Kind.INCREASE:
        assert target.baseline is not None
        return (actual - target.baseline) / target.baseline * 100
    return actual


def assess(target: Target, actual: float, *, elapsed: float = 1.0, final: bool = False) -> Assessment:
    """Where ``actual`` stands against ``target`` when ``elapsed`` (0–1) of the period has passed."""
    if not 0.0 <= elapsed <= 1.0:
        raise Invalid("phần thời gian đã qua phải trong 0–1 (elapsed share out of range)")
    if target.kind is Kind.RANK:
        return _rank(target, actual, final)
    value = achieved(target, actual)
    better = 1.0 if target.comparator == ">=" else -1.0
    if final:
        gap = (value - target.value) * better
        return Assessment(Standing.MET if gap >= 0 else Standing.MISSED, value, target.value, gap)
    start = _start(target)
    expected = target.value if start is None else start + (target.value - start) * elapsed
    gap = (value - expected) * better
    way = abs(target.value - start) if start is not None else abs(target.value)
    if gap >= 0:
        standing = Standing.ON_TRACK
    elif way and -gap <= TOLERANCE * way:
        standing = Standing.AT_RISK
    else:
        standing = Standing.OFF_TRACK
    return Assessment(standing, value, expected, gap)


def _start(target: Target) -> float | None:
    if target.kind in (Kind.REDUCTION, Kind.INCREASE):
        return 0.0
    return target.baseline


def _rank(target: Target, place: float, final: bool) -> Assessment:
    if place < 1:
        raise Invalid("thứ hạng bắt đầu từ 1 (a rank starts at 1)")
    gap = target.value - place  # places to spare (positive: better than the target)
    if gap >= 0:
        standing = Standing.MET if final else Standing.ON_TRACK
    elif final:
        standing = Standing.MISSED
    else:
        standing = Standing.AT_RISK if -gap <= RANK_MARGIN else Standing.OFF_TRACK
    return Assessment(standing, place, target.value, gap)


def kind_of(unit: str, direction: str | None) -> Kind:
    """The kind an extracted target most likely is (the coordinator may change it): a rank is a rank, a
    percentage to cut is a reduction ("giảm ít nhất 30% thời gian"); anything else is a level — a
    growth rate included ("GRDP tăng 13,6%": the rate must reach 13,6 %)."""
    if unit == "rank":
        return Kind.RANK
    if unit == "%" and direction == "decrease":
        return Kind.REDUCTION
    return Kind.LEVEL
