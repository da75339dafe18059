"""The status rule of targets (theodoi.domain.indicators): levels, reductions, increases and ranks,
while the period runs and once the figure is final."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.domain.indicators import RANK_MARGIN, TOLERANCE, Kind, Standing, Target, assess, kind_of
from theodoi.errors import Invalid


def test_full_disbursement_tracks_a_straight_line_from_the_baseline() -> None:
    disbursed = Target(Kind.LEVEL, 100.0, ">=", baseline=0.0)  # "giải ngân 100% kế hoạch vốn"
    assert assess(disbursed, 50.0, elapsed=0.5).standing is Standing.ON_TRACK
    assert assess(disbursed, 42.0, elapsed=0.5).standing is Standing.AT_RISK  # 8 points short of 50, within 10
    assert assess(disbursed, 35.0, elapsed=0.5).standing is Standing.OFF_TRACK
    assert assess(disbursed, 97.0, final=True).standing is Standing.MISSED
    assert assess(disbursed, 100.0, final=True).standing is Standing.MET
    assert assess(disbursed, 42.0, elapsed=0.5).expected == 50.0


def test_a_thirty_percent_cut_compares_the_cut_achieved() -> None:
    # "giảm ít nhất 30% thời gian xử lý": from 20 days, at most 14 days by the end of the year
    cut = Target(Kind.REDUCTION, 30.0, ">=", baseline=20.0)
    assert assess(cut, 14.0, final=True).standing is Standing.MET
    assert assess(cut, 14.5, final=True).standing is Standing.MISSED
    halfway = assess(cut, 17.0, elapsed=0.5)  # a 15 % cut at half time: exactly on the line
    assert halfway.achieved == pytest.approx(15.0) and halfway.standing is Standing.ON_TRACK
    assert assess(cut, 18.0, elapsed=0.5).standing is Standing.OFF_TRACK  # a 10 % cut: 5 points short of 15 > 3
    assert assess(cut, 22.0, elapsed=0.2).standing is Standing.OFF_TRACK  # slower than before: a negative cut


def test_an_upper_bound_is_the_mirror() -> None:
    poverty = Target(Kind.LEVEL, 1.5, "<=", baseline=2.5)  # "tỷ lệ hộ nghèo dưới 1,5%"
    assert assess(poverty, 2.0, elapsed=0.5).standing is Standing.ON_TRACK  # the line is at 2,0
    assert assess(poverty, 2.08, elapsed=0.5).standing is Standing.AT_RISK
    assert assess(poverty, 2.3, elapsed=0.5).standing is Standing.OFF_TRACK
    assert assess(poverty, 1.4, final=True).standing is Standing.MET


def test_a_growth_rate_without_a_baseline_is_compared_with_the_target() -> None:
    grdp = Target(Kind.LEVEL, 13.6)
    assert assess(grdp, 14.02, elapsed=0.25).standing is Standing.ON_TRACK
    assert assess(grdp, 12.5, elapsed=0.25).standing is Standing.AT_RISK  # 1,1 short: within 10 % of 13,6
    assert assess(grdp, 11.0, elapsed=0.25).standing is Standing.OFF_TRACK


def test_an_increase_from_a_baseline() -> None:
    firms = Target(Kind.INCREASE, 20.0, ">=", baseline=1000.0)
    assert assess(firms, 1200.0, final=True).standing is Standing.MET
    assert assess(firms, 1080.0, elapsed=0.5).standing is Standing.AT_RISK  # an 8 % rise against a 10 % line


def test_a_top_three_rank() -> None:
    dti = Target(Kind.RANK, 3, "<=")
    assert assess(dti, 2).standing is Standing.ON_TRACK and assess(dti, 3, final=True).standing is Standing.MET
    assert assess(dti, 3 + RANK_MARGIN).standing is Standing.AT_RISK
    assert assess(dti, 4 + RANK_MARGIN).standing is Standing.OFF_TRACK
    assert assess(dti, 4, final=True).standing is Standing.MISSED
    assert Target(Kind.RANK, 3, ">=").value == 3  # whatever the comparator, a lower place is better
    assert assess(Target(Kind.RANK, 3, ">="), 1, final=True).standing is Standing.MET


def test_bad_targets_and_figures_are_refused() -> None:
    with pytest.raises(Invalid, match="giá trị gốc"):
        Target(Kind.REDUCTION, 30.0)
    with pytest.raises(Invalid, match="so sánh"):
        Target(Kind.LEVEL, 1.0, "=")
    with pytest.raises(Invalid, match="thứ hạng nguyên"):
        Target(Kind.RANK, 2.5)
    with pytest.raises(Invalid, match="0–1"):
        assess(Target(Kind.LEVEL, 1.0), 1.0, elapsed=1.5)
    with pytest.raises(Invalid, match="bắt đầu từ 1"):
        assess(Target(Kind.RANK, 3), 0)


def test_the_kind_of_an_extracted_target() -> None:
    assert kind_of("rank", None) is Kind.RANK
    assert kind_of("%", "decrease") is Kind.REDUCTION
    assert kind_of("%", "increase") is Kind.LEVEL and kind_of("doanh nghiệp", None) is Kind.LEVEL
    assert Standing.AT_RISK.label == "Có nguy cơ không đạt"


finite = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)


@given(finite, finite, st.floats(min_value=0, max_value=1), st.sampled_from([">=", "<="]), finite)
def test_more_is_never_worse_for_a_floor_and_less_never_worse_for_a_ceiling(
        target: float, baseline: float, elapsed: float, comparator: str, actual: float) -> None:
    order = [Standing.OFF_TRACK, Standing.AT_RISK, Standing.ON_TRACK]
    aim = Target(Kind.LEVEL, target, comparator, baseline=baseline)
    better = actual + 1.0 if comparator == ">=" else actual - 1.0
    first, second = assess(aim, actual, elapsed=elapsed), assess(aim, better, elapsed=elapsed)
    assert order.index(second.standing) >= order.index(first.standing)
    assert second.gap > first.gap
    assert (first.standing is Standing.ON_TRACK) == (first.gap >= 0)
    if first.standing is Standing.AT_RISK:
        assert -first.gap <= TOLERANCE * abs(target - baseline) + 1e-9
