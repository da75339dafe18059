"""What the consolidated report of a plan for a period says (báo cáo tổng hợp kết quả thực hiện), drawn
from the register: the figures (tasks by status on the period's data cut-off, the on-time rate, the
reports owed and received), each section's results from the **accepted** reports of the period, the
obstacles they reported, the tasks of the next period, the proposals and escalations, and the annex
of every task. Rendered by :mod:`theodoi.services.report_docx`.

Only what the coordinator accepted counts: a report awaiting review or returned is in the figures of
reports received, never in the results. For a longer period (6 months, a year) each agency's last
accepted report on each task within it speaks for it. The status of a task is the status on the cut-off day of the
period (Nghị định 09/2019, Điều 12), or on ``on`` when given.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from theodoi.domain.dates import format_day
from theodoi.domain.periods import Period, parse_period
from theodoi.domain.status import Status, rollup
from theodoi.errors import Invalid
from theodoi.services import indicators as indicator_registry
from theodoi.services.agencies import find_agency, in_force
from theodoi.services.listing import names_on
from theodoi.services.obligations import obligations
from theodoi.services.plans import find_plan, plan_label
from theodoi.services.status import overview
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Plan, PlanSection, PlanTarget, ProgressReport, Task

OWED_LABELS = {"on_time": "đúng hạn", "late": "muộn", "returned": "bị trả lại", "missing": "chưa gửi",
               "pending": "chưa đến hạn"}


@dataclass(frozen=True)
class TaskLine:
    task_id: int
    ref: str
    text: str
    lead: list[str]
    support: list[str]
    deadline: str
    due: date | None
    status: Status | None
    result: str  # the latest accepted result up to the cut-off, or ""
    section: str


@dataclass(frozen=True)
class Said:
    """One agency's words on one task in the period (a result, an obstacle, a proposal)."""

    ref: str
    agency: str
    text: str
    escalated: bool = False


@dataclass
class Section:
    ref: str
    heading: str
    results: list[Said] = field(default_factory=list)
    tasks: int = 0
    done: int = 0


@dataclass
class Consolidated:
    plan: Plan
    plan_label: str
    period: Period
    on: date
    organisation_id: int | None
    total: int
    counts: dict[Status, int]
    on_time_rate: float | None
    owed: dict[str, int]
    sections: list[Section]
    obstacles: list[Said]
    overdue: list[TaskLine]
    next_period: list[TaskLine]
    proposals: list[Said]
    annex: list[TaskLine]
    by_agency: list[tuple[str, dict[Status, int]]]
    targets: list[dict[str, Any]]
    indicators: list[dict[str, Any]] = field(default_factory=list)  # the registry's, with their figures
    author: Agency | None = None  # an agency's own report; None: the plan's consolidated report
    growth: dict[str, Any] | None = None  # where the plan's GRDP scenario stands (theodoi.domain.scenario)

    @property
    def received(self) -> int:
        return self.owed.get("on_time", 0) + self.owed.get("late", 0)

    @property
    def expected(self) -> int:
        return sum(v for k, v in self.owed.items() if k != "pending")


def consolidate(ws: Workspace, *, plan: str | int, period: str, on: date | None = None,
                agency: str | int | None = None) -> Consolidated:
    """The consolidated report of ``plan`` (id or number) for ``period`` ("2025-Q3", "Quý III/2025");
    with ``agency`` (id, code or name), that agency's own report: its parts of the plan's tasks (lead
    or coordinating), its reports, what it owes."""
    wanted = parse_period(period)
    with ws.read() as session:
        row = find_plan(session, plan)
        if row.status not in ("published", "superseded"):
            raise Invalid(f"{plan_label(row)} chưa ban hành: chưa có gì để tổng hợp (the plan is not live)")
        session.expunge(row)
        day = on or min(wanted.cutoff_end, ws.today())
        author = _agency(session, agency, day) if agency is not None else None
    scope = [author.id] if author is not None else None
    view = overview(ws, on=day, plan_ids=[row.id], agency_ids=scope)
    owed = Counter(o.state for o in obligations(ws, on=max(day, wanted.cutoff_end), period=wanted.code,
                                                 plan_ids=[row.id], agency_ids=scope))
    states: dict[int, Any] = ({p.task_id: p for p in view.parts if p.agency_id == author.id} if author is not None
                              else {t.task_id: t for t in view.tasks})
    with ws.read() as session:
        tasks = [t for t in session.scalars(select(Task).where(Task.plan_id == row.id).order_by(Task.position))
                 if author is None or t.id in states]
        names = names_on(session, day, [t.id for t in tasks])
        agency_names = dict(session.execute(select(Agency.id, Agency.name).where(
            Agency.id.in_({p.agency_id for p in view.parts} or {-1}))).all())
        query = select(ProgressReport).where(ProgressReport.plan_id == row.id, ProgressReport.review_state == "accepted",
                                             ProgressReport.period_end <= wanted.end)
        if author is not None:
            query = query.where(ProgressReport.agency_id == author.id)
        reports = list(session.scalars(query.order_by(ProgressReport.period_end, ProgressReport.id)))
        reporters = dict(session.execute(select(Agency.id, Agency.name).where(
            Agency.id.in_({r.agency_id for r in reports} or {-1}))).all())
        headings = {s.ref: s.title or "" for s in session.scalars(select(PlanSection).where(PlanSection.plan_id == row.id))}
        targets = [] if author is not None else [
            {"text": t.text, "indicator": t.indicator, "value": t.value, "unit": t.unit, "comparator": t.comparator}
            for t in session.scalars(select(PlanTarget).where(PlanTarget.plan_id == row.id, PlanTarget.task_id.is_(None)))]
    latest: dict[int, str] = {}
    for r in reports:
        if r.result.strip():
            latest[r.task_id] = r.result.strip()
    lines = [_line(t, states.get(t.id), names.get(t.id, ([], [])), latest.get(t.id, "")) for t in tasks]
    refs = {t.id: t.key for t in tasks}
    in_period = _latest_within(reports, wanted)
    counts = rollup(s.status for s in states.values())
    return Consolidated(
        plan=row, plan_label=plan_label(row), period=wanted, on=day, organisation_id=row.organisation_id,
        total=counts.total, counts={s: counts.count(s) for s in Status}, on_time_rate=counts.on_time_rate,
        owed=dict(owed), sections=_sections(lines, in_period, refs, reporters, headings),
        obstacles=[Said(refs[r.task_id], reporters.get(r.agency_id, ""), r.obstacles.strip(), r.escalated)
                   for r in in_period if r.obstacles.strip()],
        overdue=[line for line in lines if line.status is Status.OVERDUE],
        next_period=_next(lines, wanted.next()),
        proposals=[Said(refs[r.task_id], reporters.get(r.agency_id, ""), r.proposals.strip(), r.escalated)
                   for r in in_period if r.proposals.strip()],
        annex=lines, by_agency=_by_agency(view, agency_names) if author is None else [], targets=targets,
        indicators=indicator_registry.of_plan(ws, row.id, until=wanted.end) if author is None else [],
        author=author, growth=_growth(ws, row.id, wanted) if author is None else None,
    )


def _growth(ws: Workspace, plan_id: int, period: Period) -> dict[str, Any] | None:
    from theodoi.services import scenario

    kept = scenario.kept(ws, plan_id, until=period.end)
    return scenario.standing(kept) if kept is not None else None


def _agency(session: Any, text: str | int, day: date) -> Agency:
    found = find_agency(session, str(text))
    if found.is_group:
        raise Invalid(f"'{found.name}' là một nhóm cơ quan; hãy nêu một cơ quan cụ thể (a group: name one agency)")
    current = in_force(session, found, day)
    chosen = current[0] if len(current) == 1 else found
    session.expunge(chosen)
    return chosen


def _latest_within(reports: list[ProgressReport], period: Period) -> list[ProgressReport]:
    """Per task and agency, its latest accepted report of a period within ``period`` (a year's report
    takes each agency's last word of the year, not four quarters of it)."""
    latest: dict[tuple[int, int], ProgressReport] = {}
    for r in reports:  # ordered by period end, then id
        covered = parse_period(r.period)
        if period.start <= covered.start and covered.end <= period.end:
            latest[(r.task_id, r.agency_id)] = r
    return sorted(latest.values(), key=lambda r: r.id)


def _line(task: Task, state: Any, names: tuple[list[str], list[str]], result: str) -> TaskLine:
    return TaskLine(task.id, task.key, task.text, names[0], names[1], task.deadline_text or "",
                    state.assessment.due if state else task.due, state.status if state else None, result,
                    task.section_ref or "")


def _sections(lines: list[TaskLine], reports: list[ProgressReport], refs: dict[int, str],
              reporters: dict[int, str], headings: dict[str, str]) -> list[Section]:
    found: dict[str, Section] = {}
    for line in lines:
        top = line.section.split(".")[0] if line.section else ""
        section = found.setdefault(top, Section(top, headings.get(top, "")))
        section.tasks += 1
        section.done += line.status in (Status.DONE_ON_TIME, Status.DONE_LATE)
    by_task = {line.task_id: line.section.split(".")[0] if line.section else "" for line in lines}
    for r in reports:
        if r.result.strip():
            found[by_task.get(r.task_id, "")].results.append(
                Said(refs[r.task_id], reporters.get(r.agency_id, ""), r.result.strip()))
    return list(found.values())


def _next(lines: list[TaskLine], coming: Period) -> list[TaskLine]:
    """Tasks not done that are overdue, due by the end of the next period, or ongoing (thường xuyên)."""
    ongoing = (Status.ONGOING_REPORTED, Status.ONGOING_UNREPORTED)
    dated = (Status.DUE_SOON, Status.ON_TRACK, Status.NOT_DUE)
    return [line for line in lines if line.status is Status.OVERDUE or line.status in ongoing
            or (line.status in dated and line.due is not None and line.due <= coming.end)]


def _by_agency(view: Any, names: dict[int, str]) -> list[tuple[str, dict[Status, int]]]:
    rows = []
    for agency_id, r in view.by_agency(role="lead").items():
        rows.append((names.get(agency_id, ""), {s: r.count(s) for s in Status if r.count(s)}))
    rows.sort(key=lambda item: (-sum(item[1].values()), item[0]))
    return rows


def owed_sentence(c: Consolidated) -> str:
    """ "Đã nhận 35/40 báo cáo (30 đúng hạn, 5 muộn); 3 chưa gửi, 2 bị trả lại." """
    if not c.expected:
        return "Trong kỳ không có báo cáo nào đến hạn."
    parts = [f"{c.owed[k]} {OWED_LABELS[k]}" for k in ("on_time", "late") if c.owed.get(k)]
    rest = [f"{c.owed[k]} {OWED_LABELS[k]}" for k in ("missing", "returned") if c.owed.get(k)]
    text = f"Đã nhận {c.received}/{c.expected} báo cáo" + (f" ({', '.join(parts)})" if parts else "")
    return text + (f"; {', '.join(rest)}." if rest else ".") + f" Số liệu tính đến ngày {format_day(c.on)}."
