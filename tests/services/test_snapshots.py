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


def test_a_picture_made_by_one_process_is_read_by_the_others(founding: Any, clock: Any, monkeypatch: Any) -> None:
    from datetime import timedelta

    from sqlalchemy import func, select, update

    from theodoi.store import Picture

    monkeypatch.setattr(snapshots, "SHARED_DIALECTS", {"sqlite", "postgresql"})
    monkeypatch.setattr(snapshots, "SHARED_MIN_SECONDS", 0.0)
    publish(founding, 1)
    clock.set(date(2025, 9, 10))
    calls: list[int] = []

    def compute() -> dict[str, Any]:
        calls.append(1)
        return {"n": len(calls), "day": date(2025, 9, 10)}

    assert snapshots.remember(founding, ("shared", 1), compute)["n"] == 1
    snapshots.forget()  # another process: nothing in its memory
    assert snapshots.remember(founding, ("shared", 1), compute) == {"n": 1, "day": date(2025, 9, 10)} and len(calls) == 1
    with founding.write() as session:  # a damaged row: computed again, no error
        session.execute(update(Picture).values(payload=b"not a pickle"))
    snapshots.forget()
    assert snapshots.remember(founding, ("shared", 1), compute)["n"] == 2
    snapshots.forget()
    clock.moment += timedelta(seconds=snapshots.TTL + 1)  # the same day, too old a row
    assert snapshots.remember(founding, ("shared", 1), compute)["n"] == 3
    assert snapshots.remember(founding, ("unpicklable", 1), lambda: (lambda: 7))() == 7  # kept in memory only
    with founding.read() as session:
        assert session.scalar(select(func.count()).select_from(Picture)) == 1


def test_sqlite_keeps_pictures_in_the_process(founding: Any, clock: Any) -> None:
    from sqlalchemy import func, select

    from theodoi.store import Picture

    if founding.engine.dialect.name != "sqlite":
        return
    publish(founding, 1)
    snapshots.remember(founding, ("slow", 1), lambda: __import__("time").sleep(0.05) or 1)
    with founding.read() as session:
        assert session.scalar(select(func.count()).select_from(Picture)) == 0


def test_the_workspace_of_an_event_loop_has_one_connection_of_its_own(workspace: Any) -> None:
    from sqlalchemy import text

    inline = workspace.on_loop()
    if workspace.engine.dialect.name != "postgresql":
        assert inline is None  # SQLite: reads stay in a thread
        return
    assert inline is not None and inline.engine is not workspace.engine and workspace.on_loop() is inline
    assert workspace.acting_as("someone").on_loop() is inline  # one per database, whoever acts
    assert inline.engine.pool.size() == 1
    with inline.read() as session:
        assert session.execute(text("SELECT 1")).scalar() == 1
    workspace.close()
    assert workspace.inline == {}
