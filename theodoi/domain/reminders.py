"""Reminder rules: on which days a deadline (of a task, or of a report) calls for a reminder.

For a target date T seen on day D (``days = T - D``):
- *before*: ``days`` is at most one of the ``before`` thresholds (7, 3, 1 days...) — the smallest
  threshold reached is the occasion, so a day missed by the daily job is caught up once, not twice;
- *today*: D is T (when ``on_day``);
- *overdue*: D is after T — the first day after, then every ``every`` days (occasion n for days
  1, 1+every, 1+2·every...); ``every`` 0 means never.
Each occasion has a stable token; with the item's identity it makes the de-duplication key, so the
same reminder is never issued twice however often the job runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Policy:
    before: tuple[int, ...] = (7, 3, 1)
    on_day: bool = True
    every: int = 7
    report_before: tuple[int, ...] = (5, 1)


@dataclass(frozen=True, slots=True)
class Occasion:
    kind: str  # before | today | overdue
    token: str  # "-3", "0", "+2" (the n-th overdue reminder)
    days: int  # days left (negative: days overdue)


def occasion(target: date, on: date, *, before: tuple[int, ...], on_day: bool, every: int) -> Occasion | None:
    """The reminder occasion of ``target`` on day ``on``, if there is one (see the module docstring)."""
    days = (target - on).days
    if days > 0:
        reached = [t for t in before if t >= days]
        return Occasion("before", f"-{min(reached)}", days) if reached else None
    if days == 0:
        return Occasion("today", "0", 0) if on_day else None
    if every <= 0:
        return Occasion("overdue", "+0", days) if -days == 1 else None
    late = -days
    return Occasion("overdue", f"+{(late - 1) // every}", days)


def deadline_occasion(due: date, on: date, policy: Policy) -> Occasion | None:
    return occasion(due, on, before=policy.before, on_day=policy.on_day, every=policy.every)


def report_occasion(due: date, on: date, policy: Policy) -> Occasion | None:
    return occasion(due, on, before=policy.report_before, on_day=policy.on_day, every=policy.every)
