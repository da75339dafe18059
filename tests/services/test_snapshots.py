"""Pictures of the register are reused until the register changes, and only for the same question and day."""

from __future__ import annotations

from datetime import date
from typing import Any

from theodoi.services import snapshots
from theodoi.services.agencies import agency_id
from theodoi.services.plans import publish, task_id
from theodoi.services.reports import ReportInput, submit


def test_reused_until_the_register_changes(founding: Any, clock: Any) -> None:
    publish(founding, 1)
    clock.set(date(2025, 9, 10))
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert snapshots.remember(founding, "q", compute) == 1
    assert snapshots.remember(founding, "q", compute) == 1  # reused
    assert snapshots.remember(founding, "other", compute) == 2  # another question
    submit(founding, task_id=task_id(founding, "1", "II.3.2"), agency_id=agency_id(founding, "Sở Xây dựng tỉnh Bắc Ninh"),
           period="2025-Q3", data=ReportInput(status="in_progress"))
    assert snapshots.remember(founding, "q", compute) == 3  # the register changed
    clock.set(date(2025, 9, 11))
    assert snapshots.remember(founding, "q", compute) == 4  # another day
