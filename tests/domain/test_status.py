"""The status engine alone: each rule, the combination of lead parts, roll-ups."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from theodoi.domain.status import SEVERITY, Facts, Rollup, Status, assess, combine, rollup

D = date(2025, 9, 30)


def status(facts: Facts, on: date, soon: int = 7) -> Status:
    return assess(facts, on, due_soon_days=soon).status


def dated(**kw: object) -> Facts:
    base: dict[str, object] = {"kind": "date", "due": D, "original_due": D, "starts_on": date(2025, 7, 1)}
    base.update(kw)
    return Facts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(("on", "expected"), [
    (date(2025, 6, 20), Status.NOT_DUE),
    (date(2025, 7, 1), Status.ON_TRACK),
    (date(2025, 9, 22), Status.ON_TRACK),
    (date(2025, 9, 23), Status.DUE_SOON),
    (date(2025, 9, 30), Status.DUE_SOON),
    (date(2025, 10, 1), Status.OVERDUE),
])
def test_a_dated_task_over_time(on: date, expected: Status) -> None:
    assert status(dated(), on) is expected


def test_days_left_and_overdue_days() -> None:
    assert assess(dated(), date(2025, 9, 25)).days_left == 5
    assert assess(dated(), date(2025, 10, 3)).days_left == -3


def test_exclusive_deadline_is_due_the_day_before() -> None:
    facts = dated(exclusive=True)
    assert assess(facts, D).status is Status.OVERDUE
    assert assess(facts, D).due == D - timedelta(days=1)
    assert status(dated(exclusive=True, completed_on=D), D) is Status.DONE_LATE


def test_done_on_time_and_late_use_the_original_deadline() -> None:
    assert status(dated(completed_on=date(2025, 9, 30)), date(2025, 12, 1)) is Status.DONE_ON_TIME
    assert status(dated(completed_on=date(2025, 10, 2)), date(2025, 12, 1)) is Status.DONE_LATE
    extended = dated(due=date(2025, 10, 31), completed_on=date(2025, 10, 15))
    assert status(extended, date(2025, 12, 1)) is Status.DONE_LATE  # an extension does not make it punctual
    open_extended = dated(due=date(2025, 10, 31))
    assert status(open_extended, date(2025, 10, 10)) is Status.ON_TRACK  # but it is not overdue before the new date
    assert assess(open_extended, date(2025, 10, 10)).extended


def test_completion_is_not_known_before_it_happens() -> None:
    assert status(dated(completed_on=date(2025, 9, 20)), date(2025, 9, 10)) is Status.ON_TRACK


def test_cannot_do_unless_done() -> None:
    assert status(dated(cannot_do=True), date(2025, 8, 1)) is Status.CANNOT_DO
    assert status(dated(cannot_do=True, completed_on=date(2025, 8, 1)), date(2025, 8, 2)) is Status.DONE_ON_TIME


def test_event_based_task_waits_until_its_event() -> None:
    waiting = Facts(kind="event")
    assert status(waiting, date(2025, 8, 1)) is Status.WAITING_EVENT
    recorded = Facts(kind="event", event_occurred_on=date(2025, 8, 10), due=date(2025, 9, 9),
                     original_due=date(2025, 9, 9))
    assert status(recorded, date(2025, 8, 5)) is Status.WAITING_EVENT
    assert status(recorded, date(2025, 8, 12)) is Status.ON_TRACK
    assert status(recorded, date(2025, 9, 10)) is Status.OVERDUE


@pytest.mark.parametrize("kind", ["ongoing", "none"])
def test_ongoing_and_undated_tasks_report_each_period(kind: str) -> None:
    assert status(Facts(kind=kind), D) is Status.ONGOING_UNREPORTED
    assert status(Facts(kind=kind, reported_this_period=True), D) is Status.ONGOING_REPORTED


def test_ongoing_tasks_never_finish_but_undated_ones_do() -> None:
    assert status(Facts(kind="ongoing", completed_on=D, reported_this_period=True), D) is Status.ONGOING_REPORTED
    assert status(Facts(kind="none", completed_on=D), D) is Status.DONE_ON_TIME


def test_combine_needs_every_lead() -> None:
    a = dated(completed_on=date(2025, 9, 1), reported_this_period=True)
    b = dated(completed_on=None, reported_this_period=False)
    c = dated(completed_on=date(2025, 9, 20), reported_this_period=True)
    assert combine([a, c]).completed_on == date(2025, 9, 20)
    assert combine([a, b]).completed_on is None
    assert not combine([a, b]).reported_this_period
    assert combine([a, dated(cannot_do=True)]).cannot_do
    with pytest.raises(ValueError):
        combine([])


def test_rollup_counts_rate_and_headline() -> None:
    r = rollup([Status.DONE_ON_TIME, Status.DONE_ON_TIME, Status.DONE_LATE, Status.OVERDUE, Status.ON_TRACK])
    assert r.total == 5 and r.done == 3 and r.fell_due == 4
    assert r.on_time_rate == pytest.approx(0.5)
    assert r.headline is Status.OVERDUE
    assert Rollup().on_time_rate is None and Rollup().headline is None
    assert rollup([Status.DONE_ON_TIME]).to_dict()["on_time_rate"] == 1.0


def test_every_status_has_labels_and_a_severity() -> None:
    assert set(SEVERITY) == set(Status)
    for s in Status:
        assert s.label and s.label_en


facts_strategy = st.builds(
    Facts,
    kind=st.sampled_from(["date", "ongoing", "event", "none"]),
    due=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2027, 12, 31))),
    original_due=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2027, 12, 31))),
    starts_on=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2027, 12, 31))),
    exclusive=st.booleans(),
    event_occurred_on=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2027, 12, 31))),
    completed_on=st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2027, 12, 31))),
    cannot_do=st.booleans(),
    reported_this_period=st.booleans(),
)


@given(facts_strategy, st.dates(date(2024, 1, 1), date(2027, 12, 31)))
def test_assess_is_total_and_done_only_after_completion(facts: Facts, on: date) -> None:
    result = assess(facts, on)
    assert isinstance(result.status, Status)
    if result.status.done:
        assert facts.completed_on is not None and facts.completed_on <= on
    if facts.kind == "ongoing":
        assert not result.status.done


@given(st.lists(st.sampled_from(list(Status)), max_size=40))
def test_rollup_total_is_the_number_of_tasks(statuses: list[Status]) -> None:
    r = rollup(statuses)
    assert r.total == len(statuses)
    assert r.on_time_rate is None or 0.0 <= r.on_time_rate <= 1.0
