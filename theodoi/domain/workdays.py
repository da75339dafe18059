"""The working-day calendar of Vietnamese state bodies: weekends, holidays, nghỉ bù, swapped days and the
Saturdays worked in exchange (ngày làm bù).

The days come from ``theodoi/data/holidays.toml``: an explicit list for the years the Government has
announced (and a projected list for the next one), and for other years a fallback computed from Bộ luật
Lao động 2019 Điều 112 (fixed solar days, Tết and Giỗ Tổ from a lunar table, nghỉ bù for holidays on a
weekend). Years outside the lunar table get weekends and the fixed solar days only.

>>> cal = load_calendar()
>>> cal.add_working_days(date(2025, 1, 24), 1)  # Friday before Tết Ất Tỵ → the Monday after it
datetime.date(2025, 2, 3)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from theodoi.data import load_toml
from theodoi.errors import ConfigError

__all__ = ["KINDS", "DayOff", "FallbackRules", "MakeUpDay", "WorkCalendar", "build_calendar", "load_calendar"]

KINDS = ("holiday", "compensatory", "swap")
ListStatus = Literal["official", "projected", "fallback"]
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class DayOff:
    """A day off that is not a plain weekend: a holiday, a nghỉ bù, or a swapped working day."""

    day: date
    name: str
    kind: str  # one of KINDS


@dataclass(frozen=True)
class MakeUpDay:
    """A weekend day worked in exchange for a swapped day (ngày làm bù)."""

    day: date
    name: str
    replaces: date | None = None


@dataclass(frozen=True)
class FallbackRules:
    """How the days off of a year without an explicit list are computed."""

    fixed: tuple[tuple[int, int, str, int], ...] = ()  # (month, day, name, first year)
    tet: tuple[tuple[int, str], ...] = ()  # (days from 1/1 âm lịch, name)
    gio_to: str = "Giỗ Tổ Hùng Vương"
    compensate_weekends: bool = True
    compensatory_prefix: str = "Nghỉ bù"


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Working days of state bodies. Immutable once built (the per-year cache is private)."""

    explicit: Mapping[int, Mapping[date, DayOff]]
    make_up: Mapping[date, MakeUpDay]
    official: frozenset[int]
    lunar: Mapping[int, tuple[date, date]]  # year -> (Tết, Giỗ Tổ)
    fallback: FallbackRules = FallbackRules()
    _years: dict[int, Mapping[date, DayOff]] = field(default_factory=dict, init=False, repr=False)

    # --- what a day is ---------------------------------------------------------------------------

    def day_off(self, d: date) -> DayOff | None:
        """The holiday, nghỉ bù or swapped day on ``d`` (None for working days and plain weekends)."""
        return self._days_of(d.year).get(d)

    def holiday_name(self, d: date) -> str | None:
        """The Vietnamese name of the day off on ``d``, or None."""
        off = self.day_off(d)
        return off.name if off else None

    def is_working_day(self, d: date) -> bool:
        """Monday to Friday and not a day off, or a make-up Saturday."""
        if d in self.make_up:
            return True
        return d.weekday() < 5 and d not in self._days_of(d.year)

    def days_off(self, year: int) -> tuple[DayOff, ...]:
        """The days off of ``year`` other than plain weekends, in date order."""
        return tuple(sorted(self._days_of(year).values(), key=lambda off: off.day))

    def covers(self, year: int) -> bool:
        """True when ``year`` has an official (announced) list; otherwise days are projected or computed."""
        return year in self.official

    def list_status(self, year: int) -> ListStatus:
        """Where the days of ``year`` come from: "official", "projected" (explicit, not announced) or "fallback"."""
        if year in self.official:
            return "official"
        return "projected" if year in self.explicit else "fallback"

    # --- counting ---------------------------------------------------------------------------------

    def next_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += _DAY
        return d

    def previous_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(d):
            d -= _DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The date ``n`` working days after ``d``, not counting ``d`` ("02 ngày làm việc sau ngày d").

        ``n = 0`` gives :meth:`next_working_day`; a negative ``n`` counts back before ``d``.
        """
        if n == 0:
            return self.next_working_day(d)
        step = _DAY if n > 0 else -_DAY
        left = abs(n)
        while left:
            d += step
            if self.is_working_day(d):
                left -= 1
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in the half-open range (a, b]; negative (minus those in (b, a]) when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a + _DAY
        while d <= b:
            count += self.is_working_day(d)
            d += _DAY
        return count

    # --- internals ----------------------------------------------------------------------------------

    def _days_of(self, year: int) -> Mapping[date, DayOff]:
        days = self._years.get(year)
        if days is None:
            days = self.explicit[year] if year in self.explicit else MappingProxyType(self._fallback_days(year))
            self._years[year] = days
        return days

    def _fallback_days(self, year: int) -> dict[date, DayOff]:
        rules = self.fallback
        days: dict[date, DayOff] = {}
        for month, day, name, since in rules.fixed:
            if year >= since:
                days[date(year, month, day)] = DayOff(date(year, month, day), name, "holiday")
        if year in self.lunar:
            tet, gio_to = self.lunar[year]
            for offset, name in rules.tet:
                days[tet + timedelta(days=offset)] = DayOff(tet + timedelta(days=offset), name, "holiday")
            days[gio_to] = DayOff(gio_to, rules.gio_to, "holiday")
        if rules.compensate_weekends:  # Điều 111 k3: the next working day
            for off in sorted((o for o in days.values() if o.day.weekday() >= 5), key=lambda o: o.day):
                d = off.day + _DAY
                while d.weekday() >= 5 or d in days:
                    d += _DAY
                if d.year == year:
                    days[d] = DayOff(d, f"{rules.compensatory_prefix} {off.name}", "compensatory")
        return days


# --- loading ------------------------------------------------------------------------------------------


def _fail(problem: str) -> ConfigError:
    return ConfigError(f"tệp dữ liệu holidays.toml không hợp lệ: {problem} (invalid holiday data)")


def _day(value: Any, where: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise _fail(f"{where}: '{value}' không phải là ngày (not a date)")
    return value


def _explicit(data: Mapping[str, Any]) -> tuple[dict[int, dict[date, DayOff]], frozenset[int]]:
    years: dict[int, dict[date, DayOff]] = {}
    official: set[int] = set()
    for entry in data.get("year", []):
        year, status = entry.get("year"), entry.get("status")
        if not isinstance(year, int) or status not in ("official", "projected") or year in years:
            raise _fail(f"mục năm {entry!r} (year entry)")
        years[year] = {}
        if status == "official":
            official.add(year)
    for entry in data.get("day_off", []):
        d = _day(entry.get("date"), "day_off")
        name, kind = entry.get("name"), entry.get("kind")
        if not isinstance(name, str) or not name.strip() or kind not in KINDS:
            raise _fail(f"ngày nghỉ {d}: thiếu tên hoặc loại sai '{kind}' (name or kind)")
        if d.year not in years:
            raise _fail(f"ngày nghỉ {d}: năm {d.year} không có mục [[year]] (year not declared)")
        if d in years[d.year]:
            raise _fail(f"ngày nghỉ {d} bị trùng (duplicate date)")
        years[d.year][d] = DayOff(d, name.strip(), kind)
    return years, frozenset(official)


def _make_up(data: Mapping[str, Any], days_off: Mapping[int, Mapping[date, DayOff]]) -> dict[date, MakeUpDay]:
    make_up: dict[date, MakeUpDay] = {}
    for entry in data.get("make_up", []):
        d = _day(entry.get("date"), "make_up")
        replaces = _day(entry["replaces"], "make_up.replaces") if "replaces" in entry else None
        if d in make_up or d.weekday() < 5 or d in days_off.get(d.year, {}):
            raise _fail(f"ngày làm bù {d} trùng, không phải cuối tuần hoặc là ngày nghỉ (make-up day)")
        make_up[d] = MakeUpDay(d, str(entry.get("name", "")).strip(), replaces)
    return make_up


def _lunar(data: Mapping[str, Any]) -> dict[int, tuple[date, date]]:
    lunar: dict[int, tuple[date, date]] = {}
    for entry in data.get("lunar", []):
        year = entry.get("year")
        tet, gio_to = _day(entry.get("tet"), "lunar.tet"), _day(entry.get("gio_to"), "lunar.gio_to")
        if not isinstance(year, int) or year in lunar or tet.year != year or gio_to.year != year:
            raise _fail(f"lịch âm năm {year} (lunar entry)")
        lunar[year] = (tet, gio_to)
    return lunar


def _fallback(data: Mapping[str, Any]) -> FallbackRules:
    raw = data.get("fallback", {})
    try:
        fixed = tuple((int(e["month"]), int(e["day"]), str(e["name"]), int(e.get("since", 1)))
                      for e in raw.get("fixed", []))
        tet = tuple((int(e["offset"]), str(e["name"])) for e in raw.get("tet", []))
        for month, day, _, _ in fixed:
            date(2000, month, day)  # a leap year: every month/day pair that exists
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail(f"mục [fallback]: {exc} (fallback rules)") from None
    return FallbackRules(fixed, tet, str(raw.get("gio_to", FallbackRules.gio_to)),
                         bool(raw.get("compensate_weekends", True)),
                         str(raw.get("compensatory_prefix", FallbackRules.compensatory_prefix)))


def build_calendar(data: Mapping[str, Any]) -> WorkCalendar:
    """A calendar from parsed ``holidays.toml`` data; raises ConfigError when the data is invalid."""
    explicit, official = _explicit(data)
    make_up = _make_up(data, explicit)
    frozen = MappingProxyType({year: MappingProxyType(days) for year, days in explicit.items()})
    return WorkCalendar(frozen, MappingProxyType(make_up), official, MappingProxyType(_lunar(data)),
                        _fallback(data))


@cache
def load_calendar() -> WorkCalendar:
    """The calendar of the packaged ``holidays.toml``, built once."""
    return build_calendar(load_toml("holidays"))
