"""Two agencies reporting on the same task at the same time lose no update (the task's summary row is
version-checked and a transaction that lost the race is retried); an edit based on a stale version is
refused with a conflict instead of overwriting."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import select

from theodoi.errors import Conflict
from theodoi.services.agencies import agency_id
from theodoi.services.plans import publish, task_id
from theodoi.services.reports import ReportInput, submit
from theodoi.services.workspace import Workspace
from theodoi.store import ProgressReport, Task

AGENCIES = ("Sở Tài chính tỉnh Bắc Ninh", "Sở Nội vụ tỉnh Bắc Ninh")
PERIODS = ("2025-Q3", "2025-Q4", "2025")


def test_concurrent_reports_on_one_task_lose_no_update(founding: Any, clock: Any) -> None:
    from datetime import date

    publish(founding, 1)
    clock.set(date(2025, 12, 20))
    task = task_id(founding, "1", "II.4.2")  # four leads: Sở Tài chính, Sở Nội vụ, Sở NN&MT, Sở KH&CN
    agencies = [agency_id(founding, name) for name in AGENCIES]
    barrier = threading.Barrier(len(agencies))
    errors: list[BaseException] = []
    rounds = 4

    def work(agency: int) -> None:
        ws = Workspace.open(founding.settings, actor=f"test:{agency}", clock=clock)
        try:
            barrier.wait()
            for n in range(rounds):
                for period in PERIODS:
                    submit(ws, task_id=task, agency_id=agency, period=period,
                           data=ReportInput(status="in_progress", percent=10 * (n + 1), result=f"lần {n}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            ws.close()

    threads = [threading.Thread(target=work, args=(a,)) for a in agencies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    with founding.read() as session:
        reports = session.scalars(select(ProgressReport).where(ProgressReport.task_id == task)).all()
        summary = session.get(Task, task)
        assert summary is not None
        assert len(reports) == len(agencies) * len(PERIODS)
        assert {r.result for r in reports} == {f"lần {rounds - 1}"}
        assert summary.reports_count == len(reports)  # every submission counted, none lost


def test_a_stale_version_is_refused(founding: Any, clock: Any) -> None:
    from datetime import date

    publish(founding, 1)
    clock.set(date(2025, 9, 10))
    task = task_id(founding, "1", "II.3.2")
    agency = agency_id(founding, "Sở Xây dựng tỉnh Bắc Ninh")
    first = submit(founding, task_id=task, agency_id=agency, period="2025-Q3",
                   data=ReportInput(status="in_progress", percent=20))
    submit(founding, task_id=task, agency_id=agency, period="2025-Q3",
           data=ReportInput(status="in_progress", percent=30), expected_version=first.version)
    with pytest.raises(Conflict):
        submit(founding, task_id=task, agency_id=agency, period="2025-Q3",
               data=ReportInput(status="in_progress", percent=50), expected_version=first.version)
    with founding.read() as session:
        report = session.get(ProgressReport, first.id)
        assert report is not None and report.percent == 30
