"""The working-day calendar: known days off, make-up Saturdays, counting, the fallback, the data file."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.data import load_toml
from theodoi.domain.workdays import KINDS, build_calendar, load_calendar
from theodoi.errors import ConfigError

CAL = load_calendar()
DATA = load_toml("holidays")


@pytest.mark.parametrize("day", [
    date(2025, 1, 1),                                   # Tết Dương lịch
    *(date(2025, 1, d) for d in range(27, 32)),         # Tết Ất Tỵ: 28 tháng Chạp → mùng 3
    date(2025, 4, 7),                                   # Giỗ Tổ Hùng Vương
    date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2),  # 30/4, 1/5 and the swapped Friday
    date(2025, 9, 1), date(2025, 9, 2),                 # Quốc khánh and its adjacent day
])
def test_known_days_off_of_2025(day: date) -> None:
    assert not CAL.is_working_day(day)
    assert CAL.holiday_name(day)


def test_names_and_kinds() -> None:
    assert CAL.holiday_name(date(2025, 4, 7)) == "Giỗ Tổ Hùng Vương"
    assert CAL.holiday_name(date(2025, 1, 29)) == "Tết Nguyên đán (mùng 1)"
    swap = CAL.day_off(date(2025, 5, 2))
    assert swap is not None and swap.kind == "swap"
    assert CAL.day_off(date(2024, 2, 14)).kind == "compensatory"  # type: ignore[union-attr]
    assert CAL.holiday_name(date(2025, 6, 10)) is None
    assert CAL.holiday_name(date(2025, 6, 14)) is None  # a plain Saturday


def test_days_around_the_holidays_are_working_days() -> None:
    assert CAL.is_working_day(date(2025, 1, 24))  # Friday before Tết
    assert CAL.is_working_day(date(2025, 2, 3))  # Monday after
    assert CAL.is_working_day(date(2025, 4, 29))
    assert CAL.is_working_day(date(2025, 9, 3))
    assert not CAL.is_working_day(date(2025, 1, 25))  # a Saturday in the Tết break


@pytest.mark.parametrize("saturday", [date(2024, 5, 4), date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)])
def test_make_up_saturdays_are_working_days(saturday: date) -> None:
    assert saturday.weekday() == 5
    assert CAL.is_working_day(saturday)
    assert CAL.holiday_name(saturday) is None
    assert CAL.next_working_day(saturday) == saturday


def test_2026_official_days() -> None:
    assert not CAL.is_working_day(date(2026, 1, 2))  # swapped to Saturday 10/1
    assert [d.day for d in (date(2026, 2, x) for x in range(14, 23)) if not CAL.is_working_day(d)] == list(range(14, 23))
    assert CAL.day_off(date(2026, 4, 27)).kind == "compensatory"  # type: ignore[union-attr]
    assert not CAL.is_working_day(date(2026, 8, 31)) and not CAL.is_working_day(date(2026, 9, 1))


def test_add_working_days_across_tet() -> None:
    assert CAL.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)
    assert CAL.add_working_days(date(2025, 1, 23), 2) == date(2025, 2, 3)
    assert CAL.add_working_days(date(2025, 1, 26), 0) == date(2025, 2, 3)
    assert CAL.working_days_between(date(2025, 1, 24), date(2025, 2, 3)) == 1


def test_add_working_days_across_a_weekend() -> None:
    friday = date(2025, 6, 13)
    assert CAL.add_working_days(friday, 1) == date(2025, 6, 16)
    assert CAL.add_working_days(friday, 2) == date(2025, 6, 17)
    assert CAL.add_working_days(date(2025, 6, 14), 0) == date(2025, 6, 16)
    assert CAL.add_working_days(date(2025, 6, 16), -1) == friday
    assert CAL.previous_working_day(date(2025, 6, 15)) == friday


def test_add_working_days_counts_a_make_up_saturday() -> None:
    assert CAL.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)  # Friday → make-up Saturday
    assert CAL.add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)  # over 30/4–4/5


def test_working_days_between_is_half_open_and_signed() -> None:
    mon, fri = date(2025, 6, 16), date(2025, 6, 20)
    assert CAL.working_days_between(mon, fri) == 4
    assert CAL.working_days_between(fri, mon) == -4
    assert CAL.working_days_between(mon, mon) == 0
    assert CAL.working_days_between(date(2025, 1, 1), date(2025, 12, 31)) == 261 - 12 + 1  # 261 weekdays, 12 of them off, 1 make-up Saturday


def test_covers_and_list_status() -> None:
    assert all(CAL.covers(y) for y in (2024, 2025, 2026))
    assert not CAL.covers(2027) and CAL.list_status(2027) == "projected"
    assert not CAL.covers(2030) and CAL.list_status(2030) == "fallback"


def test_fallback_year_inside_the_lunar_table() -> None:
    # 2030: Tết (1/1 âm lịch) on Saturday 2/2; Giỗ Tổ on Friday 12/4
    off = {o.day: o for o in CAL.days_off(2030)}
    assert [date(2030, 2, x) for x in range(1, 6)] == [d for d in off if d.month == 2 and d.day <= 5]
    assert off[date(2030, 2, 6)].kind == off[date(2030, 2, 7)].kind == "compensatory"  # for Sat 2, Sun 3
    assert CAL.add_working_days(date(2030, 1, 31), 1) == date(2030, 2, 8)
    assert CAL.holiday_name(date(2030, 4, 12)) == "Giỗ Tổ Hùng Vương"
    assert not CAL.is_working_day(date(2030, 9, 2)) and not CAL.is_working_day(date(2030, 9, 3))  # 1/9 is a Sunday
    assert all(off[d].kind != "swap" for d in off)


def test_fallback_year_outside_the_lunar_table() -> None:
    days = {o.day for o in CAL.days_off(2050)}
    assert date(2050, 1, 1) in days and date(2050, 4, 30) in days and date(2050, 9, 2) in days
    assert all(d.month not in (2, 3) for d in days)  # no Tết without a lunar date
    assert CAL.is_working_day(date(2050, 2, 1))  # a Tuesday
    assert not CAL.is_working_day(date(2050, 5, 1)) and not CAL.is_working_day(date(2050, 5, 2))  # Sunday → Monday


def test_load_calendar_is_cached() -> None:
    assert load_calendar() is CAL


# --- the data file ---------------------------------------------------------------------------------------


def _dates(table: str) -> list[Any]:
    return [e["date"] for e in DATA[table]]


def test_every_date_parses() -> None:
    for table in ("day_off", "make_up"):
        for value in _dates(table):
            assert isinstance(value, date) and not isinstance(value, datetime)
    for entry in DATA["lunar"]:
        assert entry["tet"].year == entry["gio_to"].year == entry["year"]
        assert date(entry["year"], 1, 21) <= entry["tet"] <= date(entry["year"], 2, 20)
        assert 60 <= (entry["gio_to"] - entry["tet"]).days <= 100


def test_no_duplicate_dates() -> None:
    for table in ("day_off", "make_up"):
        counts = Counter(_dates(table))
        assert not [d for d, n in counts.items() if n > 1], table
    assert len({e["year"] for e in DATA["lunar"]}) == len(DATA["lunar"])
    assert {e["year"] for e in DATA["lunar"]} >= set(range(2024, 2036))


def test_entries_are_well_formed() -> None:
    years = {e["year"]: e["status"] for e in DATA["year"]}
    assert set(years) >= {2024, 2025, 2026, 2027} and set(years.values()) <= {"official", "projected"}
    for entry in DATA["day_off"]:
        assert set(entry) == {"date", "name", "kind"}
        assert entry["kind"] in KINDS and entry["name"].strip()
        assert entry["date"].year in years


def test_make_up_days_are_weekends_and_not_days_off() -> None:
    days_off = {e["date"]: e for e in DATA["day_off"]}
    for entry in DATA["make_up"]:
        assert entry["date"].weekday() >= 5
        assert entry["date"] not in days_off
        assert days_off[entry["replaces"]]["kind"] == "swap"
    swaps = {d for d, e in days_off.items() if e["kind"] == "swap"}
    assert swaps == {e["replaces"] for e in DATA["make_up"]}  # every swap is worked back


def test_compensatory_and_swap_days_are_weekdays() -> None:
    for entry in DATA["day_off"]:
        if entry["kind"] != "holiday":
            assert entry["date"].weekday() < 5, entry


def test_explicit_years_have_the_statutory_days() -> None:
    lunar = {e["year"]: e for e in DATA["lunar"]}
    days = {e["date"] for e in DATA["day_off"]}
    for year in (e["year"] for e in DATA["year"]):
        tet = lunar[year]["tet"]
        assert {date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2), lunar[year]["gio_to"]} <= days
        assert {tet + timedelta(days=k) for k in range(0, 3)} <= days  # mùng 1–3; the other two vary
        tet_days = [e for e in DATA["day_off"] if e["kind"] == "holiday" and e["name"].startswith("Tết Nguyên đán")
                    and abs((e["date"] - tet).days) <= 5]
        assert len(tet_days) == 5, year  # Điều 112: 5 days of Tết


def test_bad_data_is_refused() -> None:
    base: dict[str, Any] = {"year": [{"year": 2025, "status": "official"}]}
    with pytest.raises(ConfigError):
        build_calendar({**base, "day_off": [{"date": date(2025, 1, 1), "name": "x", "kind": "party"}]})
    with pytest.raises(ConfigError):
        build_calendar({**base, "day_off": [{"date": date(2025, 1, 1), "name": "x", "kind": "holiday"}] * 2})
    with pytest.raises(ConfigError):
        build_calendar({**base, "make_up": [{"date": date(2025, 4, 28), "name": "Monday"}]})
    with pytest.raises(ConfigError):
        build_calendar({**base, "day_off": [{"date": "2025-01-01", "name": "x", "kind": "holiday"}]})


# --- properties --------------------------------------------------------------------------------------------

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2037, 12, 31))


@given(DAYS, st.integers(min_value=1, max_value=80))
def test_add_working_days_lands_on_a_working_day_n_days_later(d: date, n: int) -> None:
    later = CAL.add_working_days(d, n)
    assert later > d and CAL.is_working_day(later)
    assert CAL.working_days_between(d, later) == n
    assert CAL.working_days_between(d, later - timedelta(days=1)) == n - 1


@given(DAYS, st.integers(min_value=1, max_value=80))
def test_counting_back_mirrors_counting_forward(d: date, n: int) -> None:
    earlier = CAL.add_working_days(d, -n)
    assert earlier < d and CAL.is_working_day(earlier)
    assert CAL.working_days_between(earlier - timedelta(days=1), d - timedelta(days=1)) == n  # [earlier, d)


@given(DAYS)
def test_next_and_previous_working_day(d: date) -> None:
    after, before = CAL.next_working_day(d), CAL.previous_working_day(d)
    assert before <= d <= after and CAL.is_working_day(after) and CAL.is_working_day(before)
    assert CAL.working_days_between(d, after) == (0 if after == d else 1)
    assert CAL.add_working_days(d, 0) == after
