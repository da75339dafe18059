"""Demo data: the founding plan imported and published, demo accounts, and the register's activity
from the plan's first reporting period until today — reports on time, late or missing, reviews that
accept or return, resubmissions, escalations and the leader's decisions — played through the real
services with a moving clock, so that every figure is one the system computed itself.

Everything generated is marked: the plan carries ``demo`` (every page then says so), every text
starts with the mark of ``data/demo.toml`` and every actor is ``demo:<account>``. The activity is
drawn from a seeded random generator: the same seed and day give the same register. Running it
again on a register that has its demo plan changes nothing.
"""

from __future__ import annotations

import heapq
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from theodoi.data import load_toml
from theodoi.domain.periods import parse_period
from theodoi.errors import InputError, Invalid, NotFound
from theodoi.services import accounts, agencies, imports, obligations, reports
from theodoi.services.plans import coordinator, publish, regime_of
from theodoi.services.reports import ReportInput
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Assignment, Plan, Task, User
from theodoi.text import fold

OFFICERS = 3  # officer accounts: the agencies leading the most tasks


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    agency: str | None


@dataclass
class DemoResult:
    plan_id: int
    created: bool
    password: str
    accounts: list[DemoAccount] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def build(ws: Workspace, source: Path, *, seed: int = 2025, password: str | None = None,
          progress: Callable[[int, int], None] | None = None) -> DemoResult:
    """The demo register in ``ws``: ``source`` imported and published, accounts, activity until today."""
    words = load_toml("demo")
    secret = password or str(words["password"])
    with ws.read() as session:
        existing = session.scalar(select(Plan.id).where(Plan.demo.is_(True)).order_by(Plan.id).limit(1))
    if existing is not None:
        return DemoResult(existing, False, secret, _accounts(ws))
    today = ws.today()
    start = _moment(ws, date(2025, 6, 15), 9)
    at = _at(ws, start)
    imported = imports.import_plan(at.acting_as("demo:taichinh"), source)
    if not imported.created:
        raise Invalid(f"cơ sở dữ liệu đã có kế hoạch này (số hiệu {imported.plan_id}) mà không phải dữ liệu mẫu: hãy dùng "
                      "một cơ sở dữ liệu trống cho dữ liệu mẫu (the database holds this plan as real data: "
                      "use an empty database for the demo)")
    plan_id = imported.plan_id
    publish(at.acting_as("demo:taichinh"), plan_id, force=True)
    with ws.write() as session:
        plan = session.get(Plan, plan_id)
        assert plan is not None
        plan.demo = True
    made = _make_accounts(at, plan_id, secret, today)
    result = DemoResult(plan_id, True, secret, made)
    _play(ws, plan_id, made, random.Random(seed), words, today, result.counts, progress)
    return result


def _at(ws: Workspace, moment: datetime) -> Workspace:
    return replace(ws, clock=lambda: moment)


def _moment(ws: Workspace, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ws.zone)


def _slug(name: str) -> str:
    base = re.sub(r"\s+(tỉnh|thành phố)\s.*$", "", name, flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]+", "-", fold(base)).strip("-")[:60] or "coquan"


def _make_accounts(ws: Workspace, plan_id: int, password: str, today: date) -> list[DemoAccount]:
    with ws.read() as session:
        plan = session.get(Plan, plan_id)
        assert plan is not None
        lead_agency = coordinator(session, plan, today)
        issuer = _in_force(session, plan.issuer, today)
        held = session.execute(
            select(Agency.full_name, func.count()).join(Assignment, Assignment.agency_id == Agency.id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.plan_id == plan_id, Assignment.role == "lead", Assignment.valid_to.is_(None),
                   Assignment.via_group_id.is_(None))
            .group_by(Agency.full_name).order_by(func.count().desc(), Agency.full_name)).all()
    chosen = [DemoAccount("quantri", "admin", None)]
    if lead_agency is not None:
        chosen.append(DemoAccount("taichinh", "coordinator", lead_agency.full_name))
    chosen.append(DemoAccount("lanhdao", "leader", issuer))
    taken = {lead_agency.full_name if lead_agency else None}
    for name, _ in held:
        if name not in taken and len(chosen) < 3 + OFFICERS:
            chosen.append(DemoAccount(_slug(name), "officer", name))
            taken.add(name)
    for account in chosen:
        accounts.add_user(ws.acting_as("demo:setup"), username=account.username, password=password, role=account.role,
                          agency=account.agency, display_name=f"{account.username} (demo)")
    return chosen


def _in_force(session: Any, name: str | None, today: date) -> str | None:
    if not name:
        return None
    try:
        found = agencies.find_agency(session, name)
    except (InputError, NotFound, Invalid):
        return None
    current = agencies.in_force(session, found, today)
    return current[0].full_name if current else found.full_name


def _accounts(ws: Workspace) -> list[DemoAccount]:
    with ws.read() as session:
        rows = session.execute(select(User.username, User.role, Agency.full_name).outerjoin(Agency, Agency.id == User.agency_id)
                               .where(User.display_name.like("%(demo)")).order_by(User.id)).all()
    return [DemoAccount(u, r, a) for u, r, a in rows]


# --- the activity -------------------------------------------------------------------------------

@dataclass(order=True)
class _Event:
    at: datetime
    order: int
    kind: str = field(compare=False)
    data: dict[str, Any] = field(compare=False, default_factory=dict)


@dataclass
class _Player:
    ws: Workspace
    plan_id: int
    rng: random.Random
    words: dict[str, Any]
    now: datetime
    end: datetime
    counts: Counter[str]
    sent: Counter[int]  # reports sent so far, per assignment (the progress of dated parts grows with them)
    actors: dict[int, str]
    reviewer: str
    leader: str
    plans: dict[int, tuple[date | None, str]]  # assignment → (planned completion or None, deadline kind)
    queue: list[_Event] = field(default_factory=list)
    serial: int = 0

    def push(self, at: datetime, kind: str, **data: Any) -> None:
        self.serial += 1
        heapq.heappush(self.queue, _Event(at, self.serial, kind, data))

    def text(self, kind: str, **values: Any) -> str:
        return f"{self.words['mark']} {self.rng.choice(self.words[kind]).format(**values)}"

    def acting(self, actor: str, moment: datetime) -> Workspace:
        return _at(self.ws, moment).acting_as(actor)


def _play(ws: Workspace, plan_id: int, made: list[DemoAccount], rng: random.Random, words: dict[str, Any], today: date,
          counts: Counter[str], progress: Callable[[int, int], None] | None) -> None:
    end = ws.end_of(today)
    with ws.read() as session:
        plan = session.get(Plan, plan_id)
        assert plan is not None
        regime = regime_of(plan)
        periods = [p for p in obligations.periods(plan, ws.settings, until=today) if regime.due(p) <= today + timedelta(days=20)]
        parts = session.execute(select(Assignment.id, Assignment.agency_id, Task.due, Task.deadline_kind)
                                .join(Task, Task.id == Assignment.task_id).where(Task.plan_id == plan_id)).all()
        names = dict(session.execute(select(Agency.id, Agency.full_name)).all())
    by_name = {a.agency: a.username for a in made if a.role == "officer"}
    player = _Player(
        ws, plan_id, rng, words, _moment(ws, date(2025, 6, 15), 9), end, counts, Counter(),
        actors={a: f"demo:{by_name.get(n) or _slug(n)}" for a, n in names.items()},
        reviewer="demo:taichinh", leader="demo:lanhdao", plans={},
    )
    for aid, _agency, due, kind in parts:
        player.plans[aid] = (_planned(rng, due) if kind == "date" else None, kind)
    for p in periods:
        due = regime.due(p)
        player.push(_moment(ws, due - timedelta(days=12), 7), "open", period=p.code, due=due)
    done = 0
    while player.queue:
        event = heapq.heappop(player.queue)
        if event.at >= end:
            continue  # the future: left undone (pending reports, reviews still to come)
        player.now = event.at
        _HANDLERS[event.kind](player, event.data)
        done += 1
        if progress is not None:
            progress(done, done + len(player.queue))


def _planned(rng: random.Random, due: date | None) -> date | None:
    """When a dated part gets done: mostly on time, some late, some never (as of the demo)."""
    if due is None:
        return None
    draw = rng.random()
    if draw < 0.6:
        return due - timedelta(days=rng.randint(5, 60))
    if draw < 0.85:
        return due + timedelta(days=rng.randint(10, 150))
    return None


def _open(p: _Player, data: dict[str, Any]) -> None:
    """A period's reports fall due: who sends what, and when."""
    due: date = data["due"]
    owed = obligations.obligations(p.ws, on=p.now.date(), period=data["period"], plan_ids=[p.plan_id])
    for item in owed:
        if item.state not in ("pending", "missing"):
            continue
        lead = item.role == "lead"
        draw = p.rng.random()
        if draw < (0.12 if lead else 0.45):
            p.counts["missing"] += 1
            continue
        late = draw > (0.82 if lead else 0.85)
        day = due + timedelta(days=p.rng.randint(2, 25)) if late else due - timedelta(days=p.rng.randint(0, 10))
        p.push(_moment(p.ws, day, p.rng.randint(8, 16), p.rng.randint(0, 59)), "submit", item=item)


def _content(p: _Player, item: obligations.Obligation, period_end: date) -> ReportInput:
    planned, kind = p.plans.get(item.assignment_id, (None, "none"))
    if item.role != "lead":
        return ReportInput(status="in_progress", result=p.text("support"))
    reported = p.now.date()
    if kind == "date" and planned is not None and planned <= min(period_end + timedelta(days=15), reported):
        return ReportInput(status="done", completed_on=planned, percent=100, result=p.text("done"))
    escalate = p.rng.random() < 0.06
    obstacles = p.text("obstacles") if escalate or p.rng.random() < 0.2 else ""
    proposals = p.text("proposals") if escalate else ""
    if kind == "date":
        percent = min(90, 20 + 15 * p.sent[item.assignment_id] + p.rng.randint(0, 10))
        return ReportInput(status="in_progress", percent=percent, result=p.text("progress", percent=percent),
                           obstacles=obstacles, proposals=proposals, escalate=escalate)
    return ReportInput(status="in_progress", result=p.text("ongoing"), obstacles=obstacles, proposals=proposals,
                       escalate=escalate)


def _submit(p: _Player, data: dict[str, Any]) -> None:
    item: obligations.Obligation = data["item"]
    content = _content(p, item, parse_period(item.period).end)
    p.sent[item.assignment_id] += 1
    ws = p.acting(p.actors.get(item.agency_id, "demo:coquan"), p.now)
    report = reports.submit(ws, task_id=item.task_id, agency_id=item.agency_id, period=item.period, data=content,
                            expected_version=data.get("version"))
    p.counts["submitted" if "version" not in data else "resubmitted"] += 1
    if p.end - p.now < timedelta(days=60) and p.rng.random() < 0.5:
        return  # the coordinator's backlog: recent reports still await review
    wait = timedelta(days=p.rng.randint(20, 45) if p.rng.random() < 0.1 else p.rng.randint(1, 6), hours=p.rng.randint(0, 5))
    p.push(p.now + wait, "review", report=report.id,
           item=item, escalated=content.escalate, again="version" in data)


def _review(p: _Player, data: dict[str, Any]) -> None:
    ws = p.acting(p.reviewer, p.now)
    if p.rng.random() < 0.12 and not data.get("again"):
        returned = reports.return_report(ws, data["report"], comment=p.text("returns"))
        p.counts["returned"] += 1
        p.push(p.now + timedelta(days=p.rng.randint(2, 8)), "submit", item=data["item"], version=returned.version)
        return
    reports.accept(ws, data["report"])
    p.counts["accepted"] += 1
    if data.get("escalated") and p.rng.random() < 0.7:
        p.push(p.now + timedelta(days=p.rng.randint(3, 15)), "decide", report=data["report"])


def _decide(p: _Player, data: dict[str, Any]) -> None:
    reports.decide(p.acting(p.leader, p.now), data["report"], decision=p.text("decisions"))
    p.counts["decided"] += 1


_HANDLERS: dict[str, Callable[[_Player, dict[str, Any]], None]] = {
    "open": _open, "submit": _submit, "review": _review, "decide": _decide}
