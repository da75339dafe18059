"""Reporting periods (kỳ báo cáo), their data cut-off windows and due dates (Nghị định 09/2019/NĐ-CP).

A :class:`Period` is a calendar period ("Quý III/2025" = 1/7–30/9/2025) with its data window
(thời gian chốt số liệu, Điều 12: 15/6–14/9/2025). When its report is due is configuration, not code:
a :class:`ReportingRegime` holds the period kinds a plan reports on and a due rule
(:class:`WorkingDaysAfterCutoff` or :class:`FixedDayOfMonth`), parsed from settings strings such as
``"quarter,year"``, ``"working-days-after-cutoff:2"`` and ``"year=day-of-month:25"``.
See ``docs/reporting-calendar.md``.
"""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Literal, cast

from theodoi.domain.workdays import WorkCalendar, load_calendar
from theodoi.errors import InputError
from theodoi.text import fold

__all__ = [
    "DueRule", "FixedDayOfMonth", "Period", "PeriodError", "PeriodKind", "ReportingRegime",
    "WorkingDaysAfterCutoff", "parse_due_rule", "parse_period", "parse_regime", "period_of", "periods_overlapping",
]

MIN_YEAR, MAX_YEAR = 1900, 2999
Roll = Literal["none", "forward", "backward"]
ROLLS: tuple[Roll, ...] = ("none", "forward", "backward")


class PeriodError(InputError):
    """A reporting period, due rule or reporting regime that cannot be read."""

    code = "invalid-period"


class PeriodKind(StrEnum):
    """Kinds of periodic report, finest first (this order is also the tie-break when sorting)."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    YEAR = "year"


_COUNT = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2, PeriodKind.NINE_MONTHS: 1,
          PeriodKind.YEAR: 1}
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.NINE_MONTHS: 9,
           PeriodKind.YEAR: 12}
_ORDER = list(PeriodKind)
_ROMAN = ("", "I", "II", "III", "IV")
_MONTH_EN = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")  # not calendar.month_name: that follows the locale
FORMS = ("2025-M07", "2025-Q3", "2025-H1", "2025-9M", "2025", "Tháng 7/2025", "Quý III/2025",
         "6 tháng đầu năm 2025", "6 tháng cuối năm 2025", "9 tháng năm 2025", "Năm 2025")


def _month_shift(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + months
    return index // 12, index % 12 + 1


def _last_day(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def _kind(value: PeriodKind | str) -> PeriodKind:
    try:
        return PeriodKind(fold(str(value)).replace("-", "_"))
    except ValueError:
        kinds = ", ".join(k.value for k in PeriodKind)
        raise PeriodError(f"loại kỳ báo cáo '{value}' không hợp lệ; chọn một trong: {kinds} (unknown period kind)") from None


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: ``Period(PeriodKind.QUARTER, 2025, 3)`` is "Quý III/2025" (code ``2025-Q3``).

    ``number`` is the month (1–12), quarter (1–4) or half (1–2); 1 for nine months and year.
    """

    kind: PeriodKind
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _kind(self.kind))
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise PeriodError(f"năm {self.year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR} (year out of range)")
        if not 1 <= self.number <= _COUNT[self.kind]:
            raise PeriodError(f"kỳ {self.kind.value} số {self.number} không tồn tại (no such period number)")

    # --- names ----------------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        """Stable code: "2025-M07", "2025-Q3", "2025-H1", "2025-9M", "2025"."""
        return {
            PeriodKind.MONTH: f"{self.year}-M{self.number:02d}",
            PeriodKind.QUARTER: f"{self.year}-Q{self.number}",
            PeriodKind.HALF: f"{self.year}-H{self.number}",
            PeriodKind.NINE_MONTHS: f"{self.year}-9M",
            PeriodKind.YEAR: f"{self.year}",
        }[self.kind]

    @property
    def label(self) -> str:
        """Vietnamese title: "Tháng 7/2025", "Quý III/2025", "6 tháng đầu năm 2025", "9 tháng năm 2025"."""
        match self.kind:
            case PeriodKind.MONTH:
                return f"Tháng {self.number}/{self.year}"
            case PeriodKind.QUARTER:
                return f"Quý {_ROMAN[self.number]}/{self.year}"
            case PeriodKind.HALF:
                return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
            case PeriodKind.NINE_MONTHS:
                return f"9 tháng năm {self.year}"
        return f"Năm {self.year}"

    @property
    def label_en(self) -> str:
        """English title: "July 2025", "Q3 2025", "H1 2025", "9 months 2025", "Year 2025"."""
        match self.kind:
            case PeriodKind.MONTH:
                return f"{_MONTH_EN[self.number]} {self.year}"
            case PeriodKind.QUARTER:
                return f"Q{self.number} {self.year}"
            case PeriodKind.HALF:
                return f"H{self.number} {self.year}"
            case PeriodKind.NINE_MONTHS:
                return f"9 months {self.year}"
        return f"Year {self.year}"

    def __str__(self) -> str:
        return self.code

    # --- dates -------------------------------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        if self.kind in (PeriodKind.NINE_MONTHS, PeriodKind.YEAR):
            return 1
        return (self.number - 1) * _MONTHS[self.kind] + 1

    @property
    def last_month(self) -> int:
        return self.first_month + _MONTHS[self.kind] - 1

    @property
    def start(self) -> date:
        """First day of the calendar period."""
        return date(self.year, self.first_month, 1)

    @property
    def end(self) -> date:
        """Last day of the calendar period."""
        return _last_day(self.year, self.last_month)

    @property
    def cutoff_start(self) -> date:
        """First day of the data window: the 15th of the month before the period (Điều 12)."""
        year, month = _month_shift(self.year, self.first_month, -1)
        return date(year, month, 15)

    @property
    def cutoff_end(self) -> date:
        """Last day of the data window: the 14th of the period's last month (Điều 12)."""
        return date(self.year, self.last_month, 14)

    def contains(self, d: date) -> bool:
        """``d`` lies in the calendar period."""
        return self.start <= d <= self.end

    def in_cutoff(self, d: date) -> bool:
        """``d`` lies in the data window."""
        return self.cutoff_start <= d <= self.cutoff_end

    def next(self) -> Period:
        """The following period of the same kind."""
        if self.number < _COUNT[self.kind]:
            return Period(self.kind, self.year, self.number + 1)
        return Period(self.kind, self.year + 1, 1)

    def previous(self) -> Period:
        """The preceding period of the same kind."""
        if self.number > 1:
            return Period(self.kind, self.year, self.number - 1)
        return Period(self.kind, self.year - 1, _COUNT[self.kind])


# --- parsing periods -------------------------------------------------------------------------------------

_Q = r"(iv|iii|ii|i|[1-4])"
_SEP = r"\s*(?:/|-|\s)\s*(?:nam\s+)?"
_PATTERNS: tuple[tuple[re.Pattern[str], PeriodKind, str], ...] = tuple(
    (re.compile(pattern + r"$"), kind, order) for pattern, kind, order in (
        (r"(\d{4})", PeriodKind.YEAR, "y"),
        (r"nam\s+(\d{4})", PeriodKind.YEAR, "y"),
        (r"(\d{4})\s*-?\s*m(\d{1,2})", PeriodKind.MONTH, "yn"),
        (r"(\d{4})\s*[-/]\s*(\d{1,2})", PeriodKind.MONTH, "yn"),
        (r"thang\s+(\d{1,2})" + _SEP + r"(\d{4})", PeriodKind.MONTH, "ny"),
        (r"(\d{4})\s*-?\s*q([1-4])", PeriodKind.QUARTER, "yn"),
        (r"q([1-4])\s*[/-]?\s*(\d{4})", PeriodKind.QUARTER, "ny"),
        (r"quy\s+" + _Q + _SEP + r"(\d{4})", PeriodKind.QUARTER, "ny"),
        (r"(\d{4})\s*-?\s*h([12])", PeriodKind.HALF, "yn"),
        (r"h([12])\s*[/-]?\s*(\d{4})", PeriodKind.HALF, "ny"),
        (r"(?:0?6\s+thang|nua)\s+(dau|cuoi)\s+nam\s+(\d{4})", PeriodKind.HALF, "ny"),
        (r"(\d{4})\s*-?\s*9m", PeriodKind.NINE_MONTHS, "y"),
        (r"0?9\s+thang\s+(?:dau\s+)?nam\s+(\d{4})", PeriodKind.NINE_MONTHS, "y"),
    )
)
_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "dau": 1, "cuoi": 2}


@lru_cache(maxsize=4096)  # pure, and asked for the same few codes over and over (every report row)
def parse_period(text: str) -> Period:
    """A period from its code or its Vietnamese title, ignoring case and diacritics.

    >>> parse_period("Quy III 2025").code
    '2025-Q3'
    """
    folded = fold(str(text)).replace("–", "-").replace("—", "-")
    for pattern, kind, order in _PATTERNS:
        m = pattern.match(folded)
        if m is None:
            continue
        values = dict(zip(order, m.groups(), strict=True))
        number = values.get("n", "1")
        return Period(kind, int(values["y"]), _NUMBERS[number] if number in _NUMBERS else int(number))
    raise PeriodError(f"không đọc được kỳ báo cáo '{text}' (unknown reporting period); "
                      f"viết theo một trong các dạng: {', '.join(FORMS)}")


def period_of(kind: PeriodKind | str, d: date, *, by: Literal["calendar", "cutoff"] = "calendar") -> Period:
    """The period of ``kind`` containing ``d``: by calendar period, or by data window (``by="cutoff"``:
    20/9/2025 is in Q4/2025's window 15/9–14/12).

    Nine-month periods leave a gap (October–December; by window 15/9–14/12): a day in the gap gives the
    latest nine-month period that began before it.
    """
    kind = _kind(kind)
    if by == "cutoff":  # windows run from the 15th: the 15th onwards belongs to the next month's period
        if d.day >= 15:
            year, month = _month_shift(d.year, d.month, 1)
            d = date(year, month, 1)
    elif by != "calendar":
        raise PeriodError(f"cách xác định kỳ '{by}' không hợp lệ; chọn calendar hoặc cutoff (by: calendar | cutoff)")
    if kind in (PeriodKind.NINE_MONTHS, PeriodKind.YEAR):
        return Period(kind, d.year)
    return Period(kind, d.year, (d.month - 1) // _MONTHS[kind] + 1)


def periods_overlapping(kind: PeriodKind | str, start: date, end: date) -> list[Period]:
    """The periods of ``kind`` whose calendar period overlaps [start, end], in order."""
    found: list[Period] = []
    period = period_of(kind, start)
    if period.end < start:
        period = period.next()
    while period.start <= end:
        found.append(period)
        period = period.next()
    return found


# --- due rules --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingDaysAfterCutoff:
    """Due ``days`` working days after the end of the data window (Điều 8 k5: at least one)."""

    days: int = 2

    def __post_init__(self) -> None:
        if not 1 <= self.days <= 60:
            raise PeriodError(f"số ngày làm việc sau chốt số liệu phải từ 1 đến 60, không phải {self.days} "
                              "(working days after the cut-off: 1 to 60)")

    def due(self, period: Period, calendar: WorkCalendar | None = None) -> date:
        return (calendar or load_calendar()).add_working_days(period.cutoff_end, self.days)

    def __str__(self) -> str:
        return f"working-days-after-cutoff:{self.days}"


@dataclass(frozen=True)
class FixedDayOfMonth:
    """Due on ``day`` of the month of the window's end plus ``month_offset`` (the month's last day when it
    is shorter); ``roll`` moves a non-working due date forward or backward to a working day."""

    day: int
    month_offset: int = 0
    roll: Roll = "none"

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 31 or not -12 <= self.month_offset <= 12 or self.roll not in ROLLS:
            raise PeriodError(f"quy tắc hạn nộp '{self}' không hợp lệ: ngày 1–31, lệch tháng −12…+12, "
                              "roll none|forward|backward (invalid day-of-month rule)")

    def due(self, period: Period, calendar: WorkCalendar | None = None) -> date:
        end = period.cutoff_end
        year, month = _month_shift(end.year, end.month, self.month_offset)
        d = min(date(year, month, 1) + timedelta(days=self.day - 1), _last_day(year, month))
        if self.roll == "none":
            return d
        cal = calendar or load_calendar()
        return cal.next_working_day(d) if self.roll == "forward" else cal.previous_working_day(d)

    def __str__(self) -> str:
        text = f"day-of-month:{self.day}"
        if self.month_offset or self.roll != "none":
            text += f":{self.month_offset:+d}"
        return text + (f":{self.roll}" if self.roll != "none" else "")


DueRule = WorkingDaysAfterCutoff | FixedDayOfMonth
_WORKING_RE = re.compile(r"working-days-after-cutoff:(\d{1,3})$")
_DAY_RE = re.compile(r"day-of-month:(\d{1,2})(?::([+-]?\d{1,2})(?::(none|forward|backward))?)?$")
RULE_FORMS = "working-days-after-cutoff:K, day-of-month:D, day-of-month:D:+M, day-of-month:D:+M:forward|backward"


def parse_due_rule(text: str) -> DueRule:
    """A due rule from its settings text; ``str(rule)`` gives the text back."""
    clean = re.sub(r"\s+", "", str(text).lower())
    if m := _WORKING_RE.match(clean):
        return WorkingDaysAfterCutoff(int(m.group(1)))
    if m := _DAY_RE.match(clean):
        return FixedDayOfMonth(int(m.group(1)), int(m.group(2) or 0), cast(Roll, m.group(3) or "none"))
    raise PeriodError(f"không đọc được quy tắc hạn nộp báo cáo '{text}' (unknown due rule); "
                      f"viết theo một trong các dạng: {RULE_FORMS}")


# --- reporting regimes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportingRegime:
    """Which periodic reports are owed and when each is due."""

    kinds: tuple[PeriodKind, ...] = (PeriodKind.QUARTER, PeriodKind.YEAR)
    rule: DueRule = WorkingDaysAfterCutoff(2)
    overrides: dict[PeriodKind, DueRule] = field(default_factory=dict)

    def __post_init__(self) -> None:
        kinds = tuple(dict.fromkeys(_kind(k) for k in self.kinds))
        if not kinds:
            raise PeriodError("chế độ báo cáo cần ít nhất một loại kỳ (a regime needs at least one period kind)")
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "overrides", {_kind(k): rule for k, rule in self.overrides.items()})

    def rule_for(self, kind: PeriodKind) -> DueRule:
        return self.overrides.get(kind, self.rule)

    def due(self, period: Period, calendar: WorkCalendar | None = None) -> date:
        """The due date of ``period``'s report."""
        return self.rule_for(period.kind).due(period, calendar)

    def periods(self, start: date, end: date, calendar: WorkCalendar | None = None) -> list[Period]:
        """Every period of the regime's kinds whose calendar period overlaps [start, end], by due date
        (then from the finest kind to the coarsest)."""
        found = [p for kind in self.kinds for p in periods_overlapping(kind, start, end)]
        return sorted(found, key=lambda p: (self.due(p, calendar), _ORDER.index(p.kind), p))

    def settings(self) -> tuple[str, str, str]:
        """The three settings strings this regime is parsed from (see :func:`parse_regime`)."""
        overrides = ",".join(f"{kind.value}={rule}" for kind, rule in self.overrides.items())
        return ",".join(k.value for k in self.kinds), str(self.rule), overrides


def parse_regime(kinds: str, rule: str, overrides: str = "") -> ReportingRegime:
    """A regime from settings: ``parse_regime("quarter,year", "working-days-after-cutoff:2",
    "year=day-of-month:25")``."""
    parsed_kinds = tuple(_kind(k.strip()) for k in kinds.split(",") if k.strip())
    parsed: dict[PeriodKind, DueRule] = {}
    for item in (part.strip() for part in overrides.split(",")):
        if not item:
            continue
        kind, sep, text = item.partition("=")
        if not sep:
            raise PeriodError(f"không đọc được '{item}'; viết loại_kỳ=quy_tắc, ví dụ year=day-of-month:25 "
                              "(override: kind=rule)")
        parsed[_kind(kind.strip())] = parse_due_rule(text)
    return ReportingRegime(parsed_kinds, parse_due_rule(rule), parsed)
