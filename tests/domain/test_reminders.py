"""Reminder occasions: thresholds before, on the day, every M days overdue, catch-up after a missed day."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from theodoi.domain.reminders import Policy, deadline_occasion, occasion, report_occasion

T = date(2025, 9, 30)
P = Policy(before=(7, 3, 1), on_day=True, every=7, report_before=(5, 1))


def token(on: date, policy: Policy = P) -> str | None:
    occ = deadline_occasion(T, on, policy)
    return occ.token if occ else None


def test_before_thresholds() -> None:
    assert token(T - timedelta(days=8)) is None
    assert token(T - timedelta(days=7)) == "-7"
    assert token(T - timedelta(days=5)) == "-7"  # same occasion: a missed day is caught up, not repeated
    assert token(T - timedelta(days=3)) == "-3"
    assert token(T - timedelta(days=1)) == "-1"
    assert token(T) == "0"


def test_overdue_every_seven_days() -> None:
    assert token(T + timedelta(days=1)) == "+0"
    assert token(T + timedelta(days=7)) == "+0"
    assert token(T + timedelta(days=8)) == "+1"
    assert token(T + timedelta(days=15)) == "+2"


def test_switches() -> None:
    assert token(T, Policy(on_day=False)) is None
    never = Policy(every=0)
    assert token(T + timedelta(days=1), never) == "+0"
    assert token(T + timedelta(days=2), never) is None


def test_report_thresholds_are_their_own() -> None:
    occ = report_occasion(T, T - timedelta(days=5), P)
    assert occ is not None and occ.token == "-5" and occ.kind == "before"
    assert report_occasion(T, T - timedelta(days=6), P) is None


@given(st.integers(-60, 60))
def test_days_match_the_distance(offset: int) -> None:
    on = T + timedelta(days=offset)
    occ = occasion(T, on, before=(7, 3, 1), on_day=True, every=7)
    if occ is not None:
        assert occ.days == -offset
        assert occ.kind == ("before" if offset < 0 else "today" if offset == 0 else "overdue")


@given(st.integers(1, 90))
def test_every_day_in_a_run_of_days_gives_few_distinct_occasions(span: int) -> None:
    tokens = {token(T + timedelta(days=d)) for d in range(-span, span)} - {None}
    before_and_today = {"-7", "-3", "-1", "0"}
    overdue = {t for t in tokens if t.startswith("+")}
    assert tokens - overdue <= before_and_today
    assert len(overdue) <= span // 7 + 1
