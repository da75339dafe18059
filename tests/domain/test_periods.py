"""Reporting periods, data cut-off windows and due dates (NĐ 09/2019 Điều 12; domain.md §1.4–1.7)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.domain.periods import (
    FixedDayOfMonth,
    Period,
    PeriodKind,
    ReportingRegime,
    WorkingDaysAfterCutoff,
    parse_due_rule,
    parse_period,
    parse_regime,
    period_of,
    periods_overlapping,
)
from theodoi.domain.workdays import load_calendar
from theodoi.errors import InputError

CAL = load_calendar()
M, Q, H, N, Y = PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.NINE_MONTHS, PeriodKind.YEAR


# The test-vector table of domain.md §1.7: cut-off start, cut-off end, due (k = 2 working days), due (25th).
@pytest.mark.parametrize(("period", "start", "end", "due_k2", "due_25"), [
    (Period(M, 2025, 1), date(2024, 12, 15), date(2025, 1, 14), date(2025, 1, 16), date(2025, 1, 25)),
    (Period(Q, 2025, 1), date(2024, 12, 15), date(2025, 3, 14), date(2025, 3, 18), date(2025, 3, 25)),
    (Period(Q, 2025, 3), date(2025, 6, 15), date(2025, 9, 14), date(2025, 9, 16), date(2025, 9, 25)),
    (Period(H, 2025, 1), date(2024, 12, 15), date(2025, 6, 14), date(2025, 6, 17), date(2025, 6, 25)),
    (Period(N, 2025), date(2024, 12, 15), date(2025, 9, 14), date(2025, 9, 16), date(2025, 9, 25)),
    (Period(Y, 2025), date(2024, 12, 15), date(2025, 12, 14), date(2025, 12, 16), date(2025, 12, 25)),
], ids=lambda v: v.code if isinstance(v, Period) else None)
def test_domain_test_vectors(period: Period, start: date, end: date, due_k2: date, due_25: date) -> None:
    assert (period.cutoff_start, period.cutoff_end) == (start, end)
    assert WorkingDaysAfterCutoff(2).due(period, CAL) == due_k2
    assert FixedDayOfMonth(25).due(period, CAL) == due_25
    assert parse_regime("quarter", "working-days-after-cutoff:2").due(period, CAL) == due_k2
    assert parse_regime("quarter", "day-of-month:25").due(period) == due_25


@pytest.mark.parametrize(("period", "code", "label", "label_en", "start", "end"), [
    (Period(M, 2025, 7), "2025-M07", "Tháng 7/2025", "July 2025", date(2025, 7, 1), date(2025, 7, 31)),
    (Period(Q, 2025, 3), "2025-Q3", "Quý III/2025", "Q3 2025", date(2025, 7, 1), date(2025, 9, 30)),
    (Period(H, 2025, 1), "2025-H1", "6 tháng đầu năm 2025", "H1 2025", date(2025, 1, 1), date(2025, 6, 30)),
    (Period(H, 2025, 2), "2025-H2", "6 tháng cuối năm 2025", "H2 2025", date(2025, 7, 1), date(2025, 12, 31)),
    (Period(N, 2025), "2025-9M", "9 tháng năm 2025", "9 months 2025", date(2025, 1, 1), date(2025, 9, 30)),
    (Period(Y, 2025), "2025", "Năm 2025", "Year 2025", date(2025, 1, 1), date(2025, 12, 31)),
])
def test_names_and_calendar_periods(period: Period, code: str, label: str, label_en: str, start: date, end: date) -> None:
    assert (period.code, period.label, period.label_en, period.start, period.end) == (code, label, label_en, start, end)
    assert str(period) == code


def test_windows_of_every_kind() -> None:
    assert (Period(M, 2025, 7).cutoff_start, Period(M, 2025, 7).cutoff_end) == (date(2025, 6, 15), date(2025, 7, 14))
    assert (Period(Q, 2025, 4).cutoff_start, Period(Q, 2025, 4).cutoff_end) == (date(2025, 9, 15), date(2025, 12, 14))
    assert (Period(H, 2025, 2).cutoff_start, Period(H, 2025, 2).cutoff_end) == (date(2025, 6, 15), date(2025, 12, 14))


def test_first_month_and_first_quarter_windows_start_in_the_previous_year() -> None:
    for period in (Period(M, 2026, 1), Period(Q, 2026, 1), Period(H, 2026, 1), Period(N, 2026), Period(Y, 2026)):
        assert period.cutoff_start == date(2025, 12, 15), period
    assert Period(M, 2026, 2).cutoff_start == date(2026, 1, 15)


def test_nine_months() -> None:
    nine = Period(N, 2025)
    assert nine.contains(date(2025, 9, 30)) and not nine.contains(date(2025, 10, 1))
    assert nine.next() == Period(N, 2026) and nine.previous() == Period(N, 2024)
    assert period_of(N, date(2025, 11, 20)) == nine  # the gap: the latest that began
    assert period_of(N, date(2025, 12, 20), by="cutoff") == Period(N, 2026)


def test_next_and_previous_wrap_years() -> None:
    assert Period(M, 2025, 12).next() == Period(M, 2026, 1)
    assert Period(Q, 2025, 1).previous() == Period(Q, 2024, 4)
    assert Period(H, 2025, 2).next() == Period(H, 2026, 1)
    assert Period(Y, 2025).previous() == Period(Y, 2024)


def test_period_of_by_calendar_and_by_cutoff() -> None:
    day = date(2025, 9, 20)
    assert period_of(Q, day) == Period(Q, 2025, 3)
    assert period_of(Q, day, by="cutoff") == Period(Q, 2025, 4)
    assert Period(Q, 2025, 4).in_cutoff(day)
    assert period_of(Q, date(2025, 9, 14), by="cutoff") == Period(Q, 2025, 3)
    assert period_of(M, date(2025, 12, 15), by="cutoff") == Period(M, 2026, 1)
    assert period_of(Y, date(2025, 12, 15), by="cutoff") == Period(Y, 2026)
    assert period_of(H, date(2025, 6, 15), by="cutoff") == Period(H, 2025, 2)
    assert period_of("quarter", date(2025, 1, 1)) == Period(Q, 2025, 1)


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2990, 12, 31)), st.sampled_from(list(PeriodKind)))
def test_period_of_contains_the_day(day: date, kind: PeriodKind) -> None:
    by_calendar, by_cutoff = period_of(kind, day), period_of(kind, day, by="cutoff")
    if kind is not N:
        assert by_calendar.contains(day) and by_cutoff.in_cutoff(day)
    else:
        assert by_calendar.start <= day and by_cutoff.cutoff_start <= day


def test_periods_overlapping() -> None:
    quarters = periods_overlapping(Q, date(2025, 2, 10), date(2025, 7, 1))
    assert [p.code for p in quarters] == ["2025-Q1", "2025-Q2", "2025-Q3"]
    assert [p.code for p in periods_overlapping(N, date(2025, 10, 1), date(2026, 1, 1))] == ["2026-9M"]
    assert periods_overlapping(M, date(2025, 5, 1), date(2025, 4, 1)) == []


# --- parsing -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "code"), [
    ("2025-M07", "2025-M07"), ("2025-Q3", "2025-Q3"), ("2025-H1", "2025-H1"), ("2025-9M", "2025-9M"), ("2025", "2025"),
    ("2025Q3", "2025-Q3"), ("Q3/2025", "2025-Q3"), ("2025-07", "2025-M07"), ("2025-M7", "2025-M07"),
    ("Quý III/2025", "2025-Q3"), ("quý 3/2025", "2025-Q3"), ("Quy III 2025", "2025-Q3"), ("QUÝ IV NĂM 2025", "2025-Q4"),
    ("Tháng 7/2025", "2025-M07"), ("tháng 12 năm 2025", "2025-M12"), ("6 tháng đầu năm 2025", "2025-H1"),
    ("6 tháng cuối năm 2025", "2025-H2"), ("9 tháng năm 2025", "2025-9M"), ("Năm 2025", "2025"),
    ("  Quý   II / 2025 ", "2025-Q2"), ("Quý II – 2025", "2025-Q2"),
])
def test_parse_period_forms(text: str, code: str) -> None:
    assert parse_period(text).code == code


@pytest.mark.parametrize("text", [
    "", "Quý V/2025", "Tháng 13/2025", "2025-M00", "2025-Q5", "2025-H3", "quý III", "mùa thu 2025", "25",
    "Năm 1800", "Tháng 7/20255",
])
def test_bad_periods_raise_input_error(text: str) -> None:
    with pytest.raises(InputError) as error:
        parse_period(text)
    assert "(" in error.value.message


def test_the_error_lists_the_accepted_forms() -> None:
    with pytest.raises(InputError, match="không đọc được kỳ báo cáo 'hôm qua'.*Quý III/2025"):
        parse_period("hôm qua")


def test_bad_periods_are_refused() -> None:
    for kind, number in ((M, 0), (M, 13), (Q, 5), (H, 3), (N, 2), (Y, 2)):
        with pytest.raises(InputError):
            Period(kind, 2025, number)
    with pytest.raises(InputError):
        Period("week", 2025, 1)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        period_of(Q, date(2025, 1, 1), by="week")  # type: ignore[arg-type]


PERIODS = st.one_of(
    st.builds(Period, st.just(M), st.integers(1990, 2100), st.integers(1, 12)),
    st.builds(Period, st.just(Q), st.integers(1990, 2100), st.integers(1, 4)),
    st.builds(Period, st.just(H), st.integers(1990, 2100), st.integers(1, 2)),
    st.builds(Period, st.sampled_from([N, Y]), st.integers(1990, 2100)),
)


@given(PERIODS)
def test_code_and_label_round_trip(period: Period) -> None:
    assert parse_period(period.code) == period
    assert parse_period(period.label) == period


@given(PERIODS)
def test_period_invariants(period: Period) -> None:
    assert period.cutoff_start < period.cutoff_end < period.end
    assert period.start <= period.cutoff_end and period.cutoff_start < period.start
    assert period.next().previous() == period and period.previous() < period < period.next()
    assert period_of(period.kind, period.cutoff_end, by="cutoff") == period
    assert period_of(period.kind, period.end) == period


# --- due rules and regimes ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "working-days-after-cutoff:2", "working-days-after-cutoff:10", "day-of-month:25", "day-of-month:5:+1:forward",
    "day-of-month:31:-1", "day-of-month:6:+0:backward",
])
def test_rule_text_round_trip(text: str) -> None:
    assert str(parse_due_rule(text)) == text
    assert parse_due_rule(str(parse_due_rule(text))) == parse_due_rule(text)


@given(st.one_of(
    st.builds(WorkingDaysAfterCutoff, st.integers(1, 60)),
    st.builds(FixedDayOfMonth, st.integers(1, 31), st.integers(-12, 12), st.sampled_from(["none", "forward", "backward"])),
))
def test_rule_round_trip_property(rule: WorkingDaysAfterCutoff | FixedDayOfMonth) -> None:
    assert parse_due_rule(str(rule)) == rule


def test_rule_parsing_forgives_case_and_spaces() -> None:
    assert parse_due_rule(" Day-Of-Month: 25 ") == FixedDayOfMonth(25)
    assert parse_due_rule("day-of-month:5:1") == FixedDayOfMonth(5, 1)


@pytest.mark.parametrize("text", [
    "", "working-days-after-cutoff:0", "working-days-after-cutoff:-1", "working-days-after-cutoff", "day-of-month:32",
    "day-of-month:0", "day-of-month:5:+13", "day-of-month:5:+1:sideways", "25", "2 ngày làm việc",
])
def test_bad_rules_raise_input_error(text: str) -> None:
    with pytest.raises(InputError):
        parse_due_rule(text)


def test_fixed_day_of_month_clamps_offsets_and_rolls() -> None:
    q1, q3 = Period(Q, 2025, 1), Period(Q, 2025, 3)
    assert FixedDayOfMonth(31, 0).due(Period(M, 2025, 2), CAL) == date(2025, 2, 28)
    assert FixedDayOfMonth(5, 1).due(q3, CAL) == date(2025, 10, 5)  # a Sunday, no roll
    assert FixedDayOfMonth(5, 1, "forward").due(q3, CAL) == date(2025, 10, 6)
    assert FixedDayOfMonth(5, 1, "backward").due(q3, CAL) == date(2025, 10, 3)
    assert FixedDayOfMonth(30, -1).due(q1, CAL) == date(2025, 2, 28)
    assert FixedDayOfMonth(1, 0, "forward").due(Period(M, 2025, 5), CAL) == date(2025, 5, 5)  # 1/5 → past 2/5 and the weekend
    assert FixedDayOfMonth(10, 1).due(Period(Y, 2025), CAL) == date(2026, 1, 10)


def test_working_days_rule_skips_holidays() -> None:
    # Q1/2026's window ends on Saturday 14/3/2026; February's on Saturday 14/2, just before Tết Bính Ngọ
    assert WorkingDaysAfterCutoff(1).due(Period(Q, 2026, 1), CAL) == date(2026, 3, 16)
    assert WorkingDaysAfterCutoff(2).due(Period(M, 2026, 2), CAL) == date(2026, 2, 24)  # 14/2 → Tết → 23, 24


def test_default_regime() -> None:
    regime = ReportingRegime()
    assert regime.kinds == (Q, Y) and regime.rule == WorkingDaysAfterCutoff(2) and regime.overrides == {}
    assert regime.due(Period(Q, 2025, 3)) == date(2025, 9, 16)


def test_parse_regime_and_settings_round_trip() -> None:
    regime = parse_regime("quarter, year", "working-days-after-cutoff:2", "year=day-of-month:25")
    assert regime.kinds == (Q, Y)
    assert regime.overrides == {Y: FixedDayOfMonth(25)}
    assert regime.due(Period(Y, 2025), CAL) == date(2025, 12, 25)
    assert regime.due(Period(Q, 2025, 4), CAL) == date(2025, 12, 16)
    assert regime.settings() == ("quarter,year", "working-days-after-cutoff:2", "year=day-of-month:25")
    assert parse_regime(*regime.settings()) == regime
    assert parse_regime("nine-months,half", "day-of-month:25").kinds == (N, H)


def test_regime_periods_sorted_by_due_date_then_kind() -> None:
    regime = parse_regime("month,quarter,half,nine_months,year", "working-days-after-cutoff:2")
    found = regime.periods(date(2025, 7, 1), date(2025, 9, 30), CAL)
    assert [p.code for p in found] == [
        "2025-M07", "2025-M08", "2025-M09", "2025-Q3", "2025-9M", "2025-H2", "2025",
    ]
    dues = [regime.due(p, CAL) for p in found]
    assert dues == sorted(dues)


def test_regime_periods_with_overrides() -> None:
    regime = parse_regime("quarter,year", "working-days-after-cutoff:2", "quarter=day-of-month:20")
    assert [p.code for p in regime.periods(date(2025, 1, 1), date(2025, 12, 31), CAL)] == [
        "2025-Q1", "2025-Q2", "2025-Q3", "2025", "2025-Q4",  # the year report (16/12) before Q4 (20/12)
    ]


@pytest.mark.parametrize(("kinds", "rule", "overrides"), [
    ("", "working-days-after-cutoff:2", ""),
    ("quarter,week", "working-days-after-cutoff:2", ""),
    ("quarter", "every-monday", ""),
    ("quarter", "working-days-after-cutoff:2", "year"),
    ("quarter", "working-days-after-cutoff:2", "decade=day-of-month:25"),
    ("quarter", "working-days-after-cutoff:2", "year=day-of-month:40"),
])
def test_bad_regimes_raise_input_error(kinds: str, rule: str, overrides: str) -> None:
    with pytest.raises(InputError):
        parse_regime(kinds, rule, overrides)
