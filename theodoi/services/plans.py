"""Plans in the register: find, list, publish (a draft becomes live; a revision supersedes its
predecessor and takes its tracking history over), the review list, and each plan's reporting regime."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from theodoi.errors import Conflict, Invalid, NotFound
from theodoi.services import agencies as registry_use
from theodoi.services import audit, facts, revisions
from theodoi.services.assignments import Wanted, assign
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, AgencyAlias, Assignment, Organisation, Plan, ReviewItem, Task
from theodoi.text import fold

if TYPE_CHECKING:
    from theodoi.domain.periods import ReportingRegime


class HasRegime(Protocol):
    """What the reporting calendar reads of a plan (a Plan, or a row of these columns)."""

    @property
    def report_kinds(self) -> str: ...
    @property
    def due_rule(self) -> str: ...
    @property
    def due_rule_overrides(self) -> str: ...
    @property
    def effective_from(self) -> date: ...


def regime_of(plan: HasRegime) -> ReportingRegime:
    return _regime(plan.report_kinds, plan.due_rule, plan.due_rule_overrides or "")


@lru_cache(maxsize=256)
def _regime(kinds: str, rule: str, overrides: str) -> ReportingRegime:
    from theodoi.domain.periods import parse_regime

    return parse_regime(kinds, rule, overrides)


def plan_label(plan: Plan, *, short: bool = False) -> str:
    """How people name a plan: "Kế hoạch số 123/KH-UBND ngày 05/6/2025", or for a draft number
    "Kế hoạch (chưa có số) tháng 6/2025"; short: "KH số 123/KH-UBND", "KH (chưa có số) 6/2025"."""
    kind = "KH" if short and (plan.kind or "Kế hoạch") == "Kế hoạch" else (plan.kind or "Văn bản")
    number = f"số {plan.number}" if plan.number else "(chưa có số)"
    if plan.issued_on:
        when = f"{plan.issued_on:%d/%m/%Y}" if short else f"ngày {plan.issued_on:%d/%m/%Y}"
    else:
        when = f"{plan.effective_from.month}/{plan.effective_from.year}"
        when = when if short else f"tháng {when}"
    return f"{kind} {number} {when}"


def find_plan(session: Session, text: str | int) -> Plan:
    """A plan by id or by its number ("123/KH-UBND"; the newest live version)."""
    value = str(text).strip()
    if value.isdigit():
        plan = session.get(Plan, int(value))
        if plan is not None:
            return plan
    plan = session.scalar(select(Plan).where(func.lower(Plan.number) == value.lower(), Plan.status != "withdrawn")
                          .order_by(Plan.version_no.desc()).limit(1))
    if plan is None:
        raise NotFound(f"không có kế hoạch '{value}' (no such plan)")
    return plan


def find_task(session: Session, plan: Plan, key: str) -> Task:
    """A task of ``plan`` by id, "II.3.1" (part 1) or "II.3.1#2"."""
    if key.isdigit():
        task = session.get(Task, int(key))
        if task is not None and task.plan_id == plan.id:
            return task
    ref, _, part = key.partition("#")
    task = session.scalar(select(Task).where(Task.plan_id == plan.id, Task.ref == ref.strip(),
                                             Task.part == (int(part) if part.isdigit() else 1)))
    if task is None:
        raise NotFound(f"kế hoạch {plan.id} không có nhiệm vụ '{key}' (no such task)")
    return task


def plan_id(ws: Workspace, text: str) -> int:
    """The id of the plan named by ``text`` (an id or a number)."""
    with ws.read() as session:
        return find_plan(session, text).id


def task_id(ws: Workspace, plan: str, key: str) -> int:
    """The id of task ``key`` ("II.3.1#2") of plan ``plan``."""
    with ws.read() as session:
        return find_task(session, find_plan(session, plan), key).id


def review_rows(ws: Workspace, plan: str) -> list[dict[str, object]]:
    with ws.read() as session:
        items = open_review(session, find_plan(session, plan).id)
        keys = dict(session.execute(select(Task.id, Task.ref)).all()) if items else {}
        return [{"id": i.id, "kind": i.kind, "role": i.role, "text": i.text, "task": keys.get(i.task_id or 0, "")}
                for i in items]


def open_review(session: Session, plan_id: int) -> list[ReviewItem]:
    return list(session.scalars(select(ReviewItem).where(ReviewItem.plan_id == plan_id, ReviewItem.state == "open")
                                .order_by(ReviewItem.id)))


@dataclass
class PublishResult:
    plan_id: int
    superseded: int | None = None
    carried: dict[str, int] = field(default_factory=dict)
    unresolved: int = 0


def publish(ws: Workspace, plan_id: int, *, force: bool = False, expected_version: int | None = None) -> PublishResult:
    """Make a draft live. Refused while agency names await review, unless ``force`` (those tasks then
    lack the unmapped agencies until they are mapped)."""
    with ws.write() as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise NotFound(f"không có kế hoạch {plan_id} (no such plan)")
        if expected_version is not None and expected_version != plan.version:
            raise Conflict("kế hoạch đã được người khác thay đổi (the plan changed since you opened it)")
        if plan.status != "draft":
            raise Invalid(f"kế hoạch đang ở trạng thái '{plan.status}', chỉ ban hành được bản nháp (only drafts can be published)")
        pending = [i for i in open_review(session, plan.id) if i.kind in ("unknown-agency", "empty-group")]
        if pending and not force:
            names = "; ".join(dict.fromkeys(i.text for i in pending))
            raise Invalid(f"còn {len(pending)} tên cơ quan chưa xác định: {names} — hãy gán chúng cho cơ quan trong danh mục "
                          "(màn hình rà soát, 'theodoi review'), hoặc ban hành mà chưa gán (--force) (agency names await review)")
        result = PublishResult(plan.id, unresolved=len(pending))
        plan.status, plan.published_at, plan.published_by = "published", ws.now(), ws.actor
        if plan.supersedes_id is not None:
            old = session.get(Plan, plan.supersedes_id)
            if old is not None and old.status == "published":
                old.status = "superseded"
                result.superseded = old.id
                result.carried = revisions.carry_over(session, old, plan, actor=ws.actor, at=ws.now())
        audit.record(session, actor=ws.actor, action="plan.publish", entity="plan", entity_id=plan.id, plan_id=plan.id,
                     at=ws.now(), before={"status": "draft"},
                     after={"status": "published", "superseded": result.superseded, "carried": result.carried})
        return result


def map_review(ws: Workspace, item_id: int, agency_text: str, *, learn: bool = True) -> ReviewItem:
    """Settle a review item: assign the task to the agency meant (and remember the name as its alias)."""
    with ws.write() as session:
        item = session.get(ReviewItem, item_id)
        if item is None:
            raise NotFound(f"không có mục rà soát {item_id} (no such review item)")
        if item.state != "open":
            raise Invalid("mục này đã được xử lý (already settled)")
        plan = session.get(Plan, item.plan_id)
        assert plan is not None
        org = session.get(Organisation, plan.organisation_id)
        assert org is not None
        agency = registry_use.find_agency(session, agency_text, organisation=None)
        task = session.get(Task, item.task_id) if item.task_id else None
        on = max(plan.effective_from, ws.today()) if item.kind == "ceased-agency" else plan.effective_from
        members = registry_use.expand_group(session, agency, on) if agency.is_group else [agency]
        if task is not None:
            held = {a.agency_id for a in session.scalars(select(Assignment).where(Assignment.task_id == task.id))
                    if a.valid_on(on)}
            for member in members:
                if member.id not in held:
                    assign(session, task, Wanted(member, item.role or "support", item.text,
                                                 via_group=agency if agency.is_group else None),
                           start=on, reason="manual")
        if learn and item.kind == "unknown-agency" and agency.organisation_id == org.id:
            key = fold(item.text)
            if session.scalar(select(AgencyAlias.id).where(AgencyAlias.agency_id == agency.id, AgencyAlias.key == key)) is None:
                session.add(AgencyAlias(agency_id=agency.id, text=item.text, key=key, kind="learned"))
        if task is not None:
            facts.refresh(session, [task.id])  # a new lead may reopen a task its other leads completed
        item.state, item.agency_id, item.resolved_at, item.resolved_by = "resolved", agency.id, ws.now(), ws.actor
        audit.record(session, actor=ws.actor, action="review.map", entity="review", entity_id=item.id, plan_id=plan.id,
                     at=ws.now(), after={"text": item.text, "agency": agency.full_name, "task": task.key if task else None})
        return item


def dismiss_review(ws: Workspace, item_id: int, *, reason: str) -> ReviewItem:
    with ws.write() as session:
        item = session.get(ReviewItem, item_id)
        if item is None:
            raise NotFound(f"không có mục rà soát {item_id} (no such review item)")
        item.state, item.resolved_at, item.resolved_by = "dismissed", ws.now(), ws.actor
        audit.record(session, actor=ws.actor, action="review.dismiss", entity="review", entity_id=item.id,
                     plan_id=item.plan_id, at=ws.now(), note=reason)
        return item


def live_plans(session: Session, organisation_id: int | None = None) -> list[Plan]:
    query = select(Plan).where(Plan.status == "published")
    if organisation_id is not None:
        query = query.where(Plan.organisation_id == organisation_id)
    return list(session.scalars(query.order_by(Plan.id)))


def coordinator(session: Session, plan: Plan, on: date) -> Agency | None:
    """The agency compiling the plan's reports on ``on`` (following its successors)."""
    if plan.coordinator_id is None:
        return None
    agency = session.get(Agency, plan.coordinator_id)
    if agency is None:
        return None
    current = registry_use.in_force(session, agency, on)
    return current[0] if current else agency
