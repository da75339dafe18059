"""A year of the founding plan, on a fixed clock from 15/6/2025 to 15/01/2026.

The plan is published on 15/6/2025; Bắc Giang's bodies pass to Bắc Ninh's on 01/7/2025; agencies
report (some on time, one late and escalating, one returned and resubmitted), the coordinator accepts
and returns, the event of task II.3.1 is recorded. At each checkpoint the statuses, the reports owed
and the reminders issued are exactly the expected ones. Reporting regime: quarters and the year,
due 2 working days after the cut-off (Q3/2025: 16/09/2025; Q4 and the year: 16/12/2025).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from theodoi.errors import Locked
from theodoi.services import obligations, reminders
from theodoi.services import status as status_service
from theodoi.services.agencies import agency_id
from theodoi.services.deadlines import record_event
from theodoi.services.plans import publish, task_id
from theodoi.services.registry_admin import add_contact
from theodoi.services.reports import ReportInput, accept, return_report, submit
from theodoi.store import Notification, OutboxMessage

TC, NV, XD, TP = ("Sở Tài chính tỉnh Bắc Ninh", "Sở Nội vụ tỉnh Bắc Ninh", "Sở Xây dựng tỉnh Bắc Ninh",
                  "Sở Tư pháp tỉnh Bắc Ninh")
# The Q3/2025 reports each agency owes (one per task it holds on 14/9/2025; II.2.1 and II.3.1 wait for events).
Q3 = {
    TP: {"II.1.1", "II.1.2", "II.1.3", "II.2.2", "II.2.3", "II.3.1#2", "II.3.5", "II.4.1", "II.4.3", "II.5.1",
         "II.5.2", "II.5.3", "III.1", "III.2", "III.3"},
    XD: {"II.1.1", "II.1.2", "II.1.3", "II.2.2", "II.2.3", "II.3.1#2", "II.3.2", "II.3.5", "II.4.1", "II.4.3",
         "II.5.1", "II.5.2", "II.5.3", "III.1", "III.2", "III.3"},
    TC: {"II.1.1", "II.1.2", "II.1.3", "II.2.2", "II.2.3", "II.3.1#2", "II.3.5", "II.4.1", "II.4.2", "II.4.3",
         "II.5.1", "II.5.2", "II.5.3", "III.1", "III.2", "III.3"},
}


class Year:
    def __init__(self, ws: Any, clock: Any) -> None:
        self.ws, self.clock = ws, clock
        self.agency = {name: agency_id(ws, name) for name in (TC, NV, XD, TP)}

    def at(self, day: date) -> None:
        self.clock.set(day)

    def report(self, day: date, agency: str, task: str, period: str, **data: Any) -> Any:
        self.at(day)
        return submit(self.ws, task_id=task_id(self.ws, "1", task), agency_id=self.agency[agency], period=period,
                      data=ReportInput(**data))

    def statuses(self) -> dict[str, int]:
        view = status_service.overview(self.ws, on=self.ws.today(), plan_ids=[1])
        self.agree(view)
        return dict(Counter(t.status.value for t in view.tasks))

    def agree(self, view: Any) -> None:
        """Today's statuses (read from the parts' kept facts) are those computed from the reports, as
        they are when the same day is looked at from a later day."""
        today = self.ws.today()
        self.clock.set(date.fromordinal(today.toordinal() + 1))
        later = status_service.overview(self.ws, on=today, plan_ids=[1])
        self.clock.set(today)
        assert [(p.assignment_id, p.assessment) for p in later.parts] == [(p.assignment_id, p.assessment) for p in view.parts]
        assert [(t.task_id, t.assessment) for t in later.tasks] == [(t.task_id, t.assessment) for t in view.tasks]

    def task(self, key: str) -> str:
        view = status_service.overview(self.ws, on=self.ws.today(), plan_ids=[1])
        return next(t.status.value for t in view.tasks if t.key == key)

    def part(self, agency: str, key: str) -> str:
        view = status_service.overview(self.ws, on=self.ws.today(), agency_ids=[self.agency[agency]], tasks=False)
        return next(p.status.value for p in view.parts if p.key == key)

    def owed(self, agency: str) -> dict[tuple[str, str], str]:
        items = obligations.obligations(self.ws, on=self.ws.today(), agency_ids=[self.agency[agency]])
        return {(i.period, i.task_key): i.state for i in items}

    def remind(self) -> dict[str, set[tuple[str, str, str | None]]]:
        result = reminders.run(self.ws, on=self.ws.today())
        again = reminders.run(self.ws, on=self.ws.today())
        assert again.items == [] and again.messages == []  # nothing issued twice
        by_agency: dict[str, set[tuple[str, str, str | None]]] = {}
        names = {v: k for k, v in self.agency.items()}
        for message in result.messages:
            if message.agency_id in names:
                by_agency[names[message.agency_id]] = {(i.kind, i.task_key, i.period) for i in message.items}
        return by_agency

    def outbox(self, agency: str) -> list[OutboxMessage]:
        with self.ws.read() as session:
            return list(session.scalars(select(OutboxMessage).where(
                OutboxMessage.agency_id == self.agency[agency]).order_by(OutboxMessage.id)))


def items(kind: str, keys: set[str], period: str | None = None) -> set[tuple[str, str, str | None]]:
    return {(kind, key, period) for key in keys}


@pytest.fixture
def year(founding: Any, clock: Any) -> Year:
    publish(founding, 1)
    for name in (TC, NV, XD, TP):
        add_contact(founding, name, name="Văn thư", email=f"vanthu.{agency_id(founding, name)}@bacninh.gov.vn")
    return Year(founding, clock)


def test_a_year_of_the_founding_plan(year: Year) -> None:
    # 15/6/2025: published. Quý III tasks have not started; nothing is owed or due yet.
    year.at(date(2025, 6, 15))
    assert year.statuses() == {"not_due": 2, "on_track": 8, "ongoing_unreported": 14, "waiting_event": 2}
    assert year.task("II.2.2") == "not_due" and year.task("II.3.1") == "waiting_event"
    assert year.owed(TP) == {} and year.remind() == {}

    # 15/7/2025: after the merger the Bắc Ninh bodies hold the tasks; the Quý III tasks are under way.
    year.at(date(2025, 7, 15))
    assert year.statuses() == {"on_track": 10, "ongoing_unreported": 14, "waiting_event": 2}
    assert year.part(XD, "II.3.2") == "on_track"
    assert year.remind() == {}

    # 10/9: Sở Nội vụ reports II.2.2 for Q3. 11/9, five days before the Q3 due date: reminders.
    year.report(date(2025, 9, 10), NV, "II.2.2", "2025-Q3", status="đang thực hiện", percent=60,
                result="Đã trình phương án sắp xếp đơn vị hành chính")
    year.at(date(2025, 9, 11))
    reminded = year.remind()
    assert reminded[TP] == items("report-before", Q3[TP], "2025-Q3")
    assert ("report-before", "II.2.2", "2025-Q3") not in reminded[NV]  # already reported
    assert not any(m.subject.startswith("[ĐÔN ĐỐC]") for m in year.outbox(TP))

    # 15/9 Sở Tài chính reports; 16/9 is the due date.
    accepted = year.report(date(2025, 9, 15), TC, "II.3.1#2", "2025-Q3", status="in_progress", percent=45,
                           result="Giải ngân đạt 45% kế hoạch vốn")
    year.at(date(2025, 9, 16))
    assert year.owed(TC) == {("2025-Q3", k): ("on_time" if k == "II.3.1#2" else "pending") for k in Q3[TC]}
    assert year.remind()[TP] == items("report-today", Q3[TP], "2025-Q3")

    # 19/9: Sở Xây dựng reports late and escalates; the coordinator (now Sở Tài chính tỉnh Bắc Ninh) is told.
    late = year.report(date(2025, 9, 19), XD, "II.3.2", "2025-Q3", status="in_progress", percent=30,
                       obstacles="Quy hoạch xây dựng mâu thuẫn với quy hoạch sử dụng đất", escalate=True,
                       proposals="Đề nghị UBND tỉnh chỉ đạo điều chỉnh")
    with year.ws.read() as session:
        (note,) = session.scalars(select(Notification).where(Notification.kind == "escalation")).all()
        assert note.agency_id == year.agency[TC] and "II.3.2" in note.title

    # 22/9: the coordinator accepts Sở Tài chính's report (locked) and returns Sở Xây dựng's.
    year.at(date(2025, 9, 22))
    accept(year.ws, accepted.id)
    return_report(year.ws, late.id, comment="Bổ sung số liệu rà soát")
    with pytest.raises(Locked):
        year.report(date(2025, 9, 22), TC, "II.3.1#2", "2025-Q3", status="in_progress", percent=50)

    # 23/9: Q3 reports are missing; II.2.2 and II.2.3 (Quý III) are due within a week.
    year.at(date(2025, 9, 23))
    assert year.statuses() == {"due_soon": 2, "on_track": 8, "ongoing_unreported": 14, "waiting_event": 2}
    assert year.owed(XD) == {("2025-Q3", k): ("returned" if k == "II.3.2" else "missing") for k in Q3[XD]}
    assert year.owed(TP) == {("2025-Q3", k): "missing" for k in Q3[TP]}
    assert year.remind()[XD] == (items("report-missing", Q3[XD] - {"II.3.2"}, "2025-Q3")
                                 | {("report-returned", "II.3.2", "2025-Q3")}
                                 | items("task-before", {"II.2.2", "II.2.3"}))
    assert year.outbox(XD)[-1].subject.startswith("[ĐÔN ĐỐC]")

    # 25/9: resubmitted after the return: late, since first sent after the due date.
    year.report(date(2025, 9, 25), XD, "II.3.2", "2025-Q3", status="in_progress", percent=35,
                result="Đã bổ sung số liệu")
    assert year.owed(XD)[("2025-Q3", "II.3.2")] == "late"

    # 1/10: the Quý III tasks are overdue.
    year.at(date(2025, 10, 1))
    assert year.statuses() == {"on_track": 8, "ongoing_unreported": 14, "overdue": 2, "waiting_event": 2}
    assert year.remind()[TP] == items("task-overdue", {"II.2.2", "II.2.3"}) | items("report-missing", Q3[TP], "2025-Q3")

    # 6/10: Sở Nội vụ reports II.2.2 done on 3/10 (late); 8/10: the event of II.3.1 is recorded.
    year.report(date(2025, 10, 6), NV, "II.2.2", "2025-Q4", status="hoàn thành", completed_on=date(2025, 10, 3),
                result="Hoàn thành sắp xếp")
    year.at(date(2025, 10, 8))
    record_event(year.ws, task_id(year.ws, "1", "II.3.1"), occurred_on=date(2025, 10, 7), due=date(2025, 12, 15),
                 note="Luật Quy hoạch (sửa đổi) được thông qua")
    assert year.statuses() == {"done_late": 1, "on_track": 9, "ongoing_unreported": 14, "overdue": 1,
                               "waiting_event": 1}
    assert year.task("II.2.2") == "done_late" and year.task("II.3.1") == "on_track"
    assert year.part(TP, "II.2.2") == "done_late"  # the coordinating agencies' parts close with the task
    # Overdue items come back every 7 days (1/10, 8/10, ...); II.2.2 is done, so only II.2.3 and the
    # missing Q3 reports remain.
    assert year.remind()[TP] == items("task-overdue", {"II.2.3"}) | items("report-missing", Q3[TP], "2025-Q3")

    # 10/12: Sở Tài chính reports II.3.1#2 done on time; II.3.1 is due on 15/12.
    year.report(date(2025, 12, 10), TC, "II.3.1#2", "2025-Q4", status="done", completed_on=date(2025, 12, 10),
                result="Giải ngân 100% kế hoạch vốn đầu tư công")
    assert year.statuses() == {"done_late": 1, "done_on_time": 1, "due_soon": 1, "on_track": 7,
                               "ongoing_unreported": 14, "overdue": 1, "waiting_event": 1}
    assert year.remind()[TP] == (items("task-before", {"II.3.1"}) | items("task-overdue", {"II.2.3"})
                                 | items("report-missing", Q3[TP], "2025-Q3"))
    year.at(date(2025, 12, 11))  # five days before the Q4 and year due date (16/12)
    q4 = Q3[TP] - {"II.2.2", "II.3.1#2"} | {"II.3.1"}
    assert year.remind()[TP] == items("report-before", q4, "2025-Q4") | items("report-before", q4, "2025")

    # 17/12: the Q4 and year reports are missing; II.3.1 is overdue. Tasks completed within the window
    # are reported by their leads only.
    year.at(date(2025, 12, 17))
    owed = year.owed(TP)
    assert {k for (p, k) in owed if p == "2025-Q4"} == q4 and {k for (p, k) in owed if p == "2025"} == q4
    assert {s for (p, _), s in owed.items() if p != "2025-Q3"} == {"missing"}
    assert year.owed(NV)[("2025-Q4", "II.2.2")] == "on_time"
    assert ("2025-Q4", "II.3.1#2") in year.owed(TC) and ("2025-Q4", "II.3.1#2") not in year.owed(XD)
    assert year.task("II.3.1") == "overdue"

    # 15/01/2026: the plan's 2025 deadlines have passed.
    year.at(date(2026, 1, 15))
    assert year.statuses() == {"done_late": 1, "done_on_time": 1, "ongoing_unreported": 14, "overdue": 9,
                               "waiting_event": 1}
    view = status_service.overview(year.ws, on=date(2026, 1, 15), plan_ids=[1])
    assert view.by_task().on_time_rate == pytest.approx(1 / 11)
    reminded = year.remind()
    assert {k for kind, k, _ in reminded[XD] if kind == "task-overdue"} == {
        "II.2.3", "II.3.1", "II.3.2", "II.4.1", "II.5.1", "II.5.2"}


def test_the_kept_facts_are_those_of_the_reports(year: Year) -> None:
    """The facts refreshed at each change equal the ones recomputed in SQL from all the reports (the
    bulk path of loads and of migration 0003)."""
    from sqlalchemy import update

    from theodoi.services.facts import recompute_all
    from theodoi.store import Assignment, Task

    year.report(date(2025, 9, 10), NV, "II.2.2", "2025-Q3", status="in_progress", percent=60)
    year.report(date(2025, 10, 6), NV, "II.2.2", "2025-Q4", status="done", completed_on=date(2025, 10, 3))
    year.report(date(2025, 10, 6), TP, "II.2.1", "2025-Q3", status="cannot_do", obstacles="Chưa có hướng dẫn")
    columns = (Assignment.id, Assignment.completed_on, Assignment.last_status, Assignment.last_period_end)
    with year.ws.write() as session:
        kept = session.execute(select(*columns).order_by(Assignment.id)).all()
        tasks = session.execute(select(Task.id, Task.completed_on).order_by(Task.id)).all()
        assert any(row[1] for row in kept) and any(row[1] for row in tasks)
        session.execute(update(Assignment).values(completed_on=None, last_status=None, last_period_end=None))
        session.execute(update(Task).values(completed_on=None))
        recompute_all(session)
        assert session.execute(select(*columns).order_by(Assignment.id)).all() == kept
        assert session.execute(select(Task.id, Task.completed_on).order_by(Task.id)).all() == tasks
