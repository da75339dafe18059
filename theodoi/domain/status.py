"""The status engine: what state a task (or one agency's part of it) is in on a given day.

Pure functions over :class:`Facts` — the deadline in force, the original deadline, whether the event
of an event-based task has happened, when the work was completed, whether the latest report says it
cannot be done, and whether the current period has been reported. The rules, in order:

1. completed on or before the day → *done on time* when completed by the **original** deadline
   (extensions do not make a late task look punctual), else *done late*; a task without a deadline
   is done on time. Ongoing tasks ("thường xuyên") never finish: a "done" report counts as a report.
2. the latest report says "không thực hiện được" → *cannot do*.
3. an event-based task whose event has not happened → *waiting for the event*; once the event is
   recorded the task has a date and follows rule 5.
4. ongoing tasks and tasks without any deadline → *ongoing, reported* or *ongoing, not reported* for
   the current period.
5. dated tasks: before their start → *not yet due*; after the deadline in force → *overdue*; within
   ``due_soon_days`` of it → *due soon*; otherwise *on track*. "Trước ngày D" (exclusive) deadlines
   are due the day before D.

Roll-up (:func:`rollup`) counts statuses and gives the on-time rate and a headline status; the rules
are in ``docs/status.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum


class Status(StrEnum):
    NOT_DUE = "not_due"
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    ONGOING_REPORTED = "ongoing_reported"
    ONGOING_UNREPORTED = "ongoing_unreported"
    WAITING_EVENT = "waiting_event"
    CANNOT_DO = "cannot_do"

    @property
    def label(self) -> str:
        return LABELS[self][0]

    @property
    def label_en(self) -> str:
        return LABELS[self][1]

    @property
    def done(self) -> bool:
        return self in (Status.DONE_ON_TIME, Status.DONE_LATE)


LABELS: dict[Status, tuple[str, str]] = {
    Status.NOT_DUE: ("Chưa đến hạn", "Not yet due"),
    Status.ON_TRACK: ("Trong hạn", "On track"),
    Status.DUE_SOON: ("Sắp đến hạn", "Due soon"),
    Status.OVERDUE: ("Quá hạn", "Overdue"),
    Status.DONE_ON_TIME: ("Hoàn thành đúng hạn", "Done on time"),
    Status.DONE_LATE: ("Hoàn thành quá hạn", "Done late"),
    Status.ONGOING_REPORTED: ("Thường xuyên - đã báo cáo kỳ này", "Ongoing, reported this period"),
    Status.ONGOING_UNREPORTED: ("Thường xuyên - chưa báo cáo kỳ này", "Ongoing, not reported this period"),
    Status.WAITING_EVENT: ("Chờ sự kiện", "Waiting for an event"),
    Status.CANNOT_DO: ("Không thực hiện được", "Cannot be done"),
}

# Headline of a group: the first status of this list that occurs (the most urgent first).
SEVERITY: tuple[Status, ...] = (
    Status.OVERDUE, Status.CANNOT_DO, Status.ONGOING_UNREPORTED, Status.DUE_SOON, Status.ON_TRACK,
    Status.WAITING_EVENT, Status.NOT_DUE, Status.ONGOING_REPORTED, Status.DONE_LATE, Status.DONE_ON_TIME,
)

DATED = ("date", "event")
OPEN_ENDED = ("ongoing", "none")


@dataclass(frozen=True, slots=True)
class Facts:
    """What is known of a task (or one agency's part of it) on the day assessed."""

    kind: str  # date | ongoing | event | none (the deadline's kind)
    due: date | None = None  # the deadline in force on that day (after extensions, or set by the event)
    original_due: date | None = None  # the plan's deadline (for event tasks: the first one set)
    starts_on: date | None = None
    exclusive: bool = False  # "trước ngày D": to be done before D
    event_occurred_on: date | None = None
    completed_on: date | None = None
    cannot_do: bool = False
    reported_this_period: bool = False


@dataclass(frozen=True, slots=True)
class Assessment:
    status: Status
    due: date | None  # the last day allowed by the deadline in force
    days_left: int | None  # days from the day assessed to `due` (negative when overdue)
    extended: bool  # the deadline in force is later than the original one


def last_day(due: date | None, exclusive: bool) -> date | None:
    """The last day allowed: the deadline itself, or the day before it for "trước ngày D"."""
    if due is None:
        return None
    return due - timedelta(days=1) if exclusive else due


def assess(facts: Facts, on: date, *, due_soon_days: int = 7) -> Assessment:
    """The status of a task on day ``on`` (rules in the module docstring)."""
    limit = last_day(facts.due, facts.exclusive)
    original = last_day(facts.original_due or facts.due, facts.exclusive)
    extended = bool(limit and original and limit > original)
    days_left = (limit - on).days if limit else None

    def result(status: Status) -> Assessment:
        return Assessment(status, limit, days_left, extended)

    open_ended = facts.kind in OPEN_ENDED
    if facts.completed_on is not None and facts.completed_on <= on and not (facts.kind == "ongoing"):
        late = original is not None and facts.completed_on > original
        return result(Status.DONE_LATE if late else Status.DONE_ON_TIME)
    if facts.cannot_do:
        return result(Status.CANNOT_DO)
    if facts.kind == "event" and (facts.event_occurred_on is None or facts.event_occurred_on > on or limit is None):
        return result(Status.WAITING_EVENT)
    if open_ended or limit is None:
        return result(Status.ONGOING_REPORTED if facts.reported_this_period else Status.ONGOING_UNREPORTED)
    if facts.starts_on is not None and on < facts.starts_on:
        return result(Status.NOT_DUE)
    if on > limit:
        return result(Status.OVERDUE)
    if (limit - on).days <= due_soon_days:
        return result(Status.DUE_SOON)
    return result(Status.ON_TRACK)


def combine(parts: list[Facts]) -> Facts:
    """The facts of a task from the facts of its lead agencies' parts: it is completed when every
    lead has completed its part (on the last of their dates), cannot be done when a lead says so,
    and is reported for the period when every lead has reported. Deadline facts are the task's."""
    if not parts:
        raise ValueError("a task needs at least one part to combine")
    first = parts[0]
    completed = [p.completed_on for p in parts]
    return Facts(
        kind=first.kind, due=first.due, original_due=first.original_due, starts_on=first.starts_on,
        exclusive=first.exclusive, event_occurred_on=first.event_occurred_on,
        completed_on=max(completed) if all(d is not None for d in completed) else None,  # type: ignore[type-var]
        cannot_do=any(p.cannot_do for p in parts) and not all(d is not None for d in completed),
        reported_this_period=all(p.reported_this_period for p in parts),
    )


@dataclass(frozen=True, slots=True)
class Rollup:
    """Counts of statuses in a group of tasks (a section, an agency, a plan), with derived figures."""

    counts: dict[Status, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: Status) -> int:
        return self.counts.get(status, 0)

    @property
    def done(self) -> int:
        return self.count(Status.DONE_ON_TIME) + self.count(Status.DONE_LATE)

    @property
    def fell_due(self) -> int:
        """Tasks whose deadline has passed or that are done: the denominator of the on-time rate."""
        return self.done + self.count(Status.OVERDUE)

    @property
    def on_time_rate(self) -> float | None:
        """Done on time ÷ (done + overdue); None when nothing has fallen due yet."""
        return self.count(Status.DONE_ON_TIME) / self.fell_due if self.fell_due else None

    @property
    def headline(self) -> Status | None:
        """The most urgent status present (order: :data:`SEVERITY`); None for an empty group."""
        return next((s for s in SEVERITY if self.counts.get(s)), None)

    def to_dict(self) -> dict[str, object]:
        rate = self.on_time_rate
        return {
            "total": self.total,
            "counts": {s.value: self.count(s) for s in Status},
            "done": self.done,
            "fell_due": self.fell_due,
            "on_time_rate": round(rate, 4) if rate is not None else None,
            "headline": self.headline.value if self.headline else None,
        }


def rollup(statuses: Iterable[Status]) -> Rollup:
    return Rollup(dict(Counter(statuses)))
