"""Importing a plan document: extract its register and store it as a draft, in one transaction.

The document is read and extracted first (that can take a while: OCR); then one transaction stores
the source file (by sha256), the plan, its sections, tasks, targets, findings, the assignments of
every lead and coordinating agency (groups expanded to their members on the plan's date, successors
followed) and a review item for every name the registry does not know. A crash or a kill anywhere
leaves either all of it or nothing. A revised version of a plan (``revises``) gets its tasks matched
to the previous version's and the diff recorded (see :mod:`theodoi.services.revisions`).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from theodoi.errors import DocumentTooLarge, EmptyDocument, InputError, UnsupportedFormat
from theodoi.parsing import Plan as Extracted
from theodoi.parsing import parse_document
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.plan import Section
from theodoi.parsing.plan import Task as ExtractedTask
from theodoi.parsing.readers import SUFFIXES
from theodoi.services import agencies as registry_use
from theodoi.services import audit, registry, revisions
from theodoi.services.assignments import Wanted, assign, deduplicate, note_ceased
from theodoi.services.faults import checkpoint
from theodoi.services.workspace import Workspace
from theodoi.store import (
    Assignment,
    Organisation,
    Plan,
    PlanFinding,
    PlanSection,
    PlanTarget,
    ReviewItem,
    StoredFile,
    Task,
)
from theodoi.text import fold


@dataclass
class ImportResult:
    plan_id: int
    created: bool  # False: the same file was imported before (that plan is returned)
    tasks: int = 0
    assignments: int = 0
    review: list[str] = field(default_factory=list)  # names to map
    findings: int = 0
    organisation: str = ""
    changes: dict[str, int] = field(default_factory=dict)  # revision diff counts


def import_plan(
    ws: Workspace, path: Path, *, organisation: str | None = None, revises: int | None = None,
    options: ParseOptions | None = None, again: bool = False,
) -> ImportResult:
    """Import ``path`` as a draft plan (see the module docstring)."""
    data = _read(ws, path)
    digest = hashlib.sha256(data).hexdigest()
    if not again:
        with ws.read() as session:
            existing = session.scalar(
                select(Plan).where(Plan.source_sha256 == digest, Plan.status != "withdrawn").order_by(Plan.id).limit(1)
            )
            if existing is not None:
                return ImportResult(existing.id, False, organisation=str(existing.organisation_id))
    extracted = parse_document(path, options)
    with ws.write() as session:
        result = store_plan(ws, session, extracted, data, digest, path.name, organisation=organisation, revises=revises)
        checkpoint("import.before-commit")
    return result


def import_upload(
    ws: Workspace, filename: str, content: bytes, *, revises: int | None = None, again: bool = False,
) -> ImportResult:
    """Import a document sent through the web app or the API: checked (name, size, not empty), then
    imported from a private temporary folder under its own (sanitised) name, which the plan keeps."""
    name = Path(filename.replace("\\", "/")).name.strip() or "ke-hoach"
    if Path(name).suffix.lower() not in SUFFIXES:
        kinds = ", ".join(sorted({s for s in SUFFIXES if s not in (".text", ".md")}))
        raise UnsupportedFormat(f"'{name}' không phải văn bản kế hoạch; nhận các tệp {kinds} (not a plan document)",
                                path=name)
    if not content.strip():
        raise EmptyDocument("tệp rỗng (the file is empty)", path=name)
    if len(content) > ws.settings.import_max_mb * 1024 * 1024:
        raise DocumentTooLarge(f"tệp lớn hơn {ws.settings.import_max_mb:g} MB (file too large)", path=name)
    with tempfile.TemporaryDirectory(prefix="theodoi-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return import_plan(ws, path, revises=revises, again=again)


def _read(ws: Workspace, path: Path) -> bytes:
    if not path.is_file():
        raise InputError("không tìm thấy tệp (file not found)", path=str(path))
    limit = int(ws.settings.import_max_mb * 1024 * 1024)
    if path.stat().st_size > limit:
        raise DocumentTooLarge(f"tệp lớn hơn {ws.settings.import_max_mb:g} MB (file too large)", path=str(path))
    return path.read_bytes()


def organisation_code(extracted: Extracted) -> str:
    """The organisation whose plan this is: the issuer's province, else the central bodies."""
    doc = extracted.document
    if doc.level == "central" or not doc.province:
        return registry.CENTRAL
    wanted = fold(doc.province)
    for pid, entry in registry.gazette().provinces.items():
        if wanted in (fold(entry["short"]), fold(entry["name"]), fold(pid)):
            return pid
    return registry.CENTRAL


def effective_from(extracted: Extracted, today: date) -> date:
    doc = extracted.document
    if doc.date:
        return doc.date
    if doc.year and doc.month:
        return date(doc.year, doc.month, 1)
    if doc.year:
        return date(doc.year, 1, 1)
    return today


def store_plan(
    ws: Workspace, session: Session, extracted: Extracted, data: bytes, digest: str, filename: str, *,
    organisation: str | None = None, revises: int | None = None,
) -> ImportResult:
    org = registry.ensure_organisation(session, organisation or organisation_code(extracted))
    if session.get(StoredFile, digest) is None:
        media = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        session.add(StoredFile(sha256=digest, size=len(data), media_type=media, content=data))
        session.flush()
    start = effective_from(extracted, ws.today())
    doc = extracted.document
    plan = Plan(
        organisation_id=org.id, status="draft", kind=doc.kind, number=doc.number, symbol=doc.symbol,
        title=doc.title or "", issuer=doc.issuer, place=doc.place, issued_on=doc.date, effective_from=start,
        source_sha256=digest, source_name=filename, source_format=extracted.file.get("format", ""),
        extraction=extracted.to_dict(), source_text=json.dumps(extracted.text, ensure_ascii=False) if extracted.text else None,
        report_kinds=ws.settings.reporting_kinds, due_rule=ws.settings.due_rule,
        due_rule_overrides=ws.settings.due_rule_overrides, imported_at=ws.now(), imported_by=ws.actor,
    )
    session.add(plan)
    session.flush()
    previous = revisions.previous_version(session, plan, revises)
    plan.lineage_id = previous.lineage_id if previous else plan.id
    plan.version_no = previous.version_no + 1 if previous else 1
    plan.supersedes_id = previous.id if previous else None
    _sections(session, plan, extracted.sections)
    result = ImportResult(plan.id, True, organisation=org.code, findings=len(extracted.findings))
    for position, task in enumerate(extracted.tasks, start=1):
        _task(session, plan, org, task, position, start, result)
        if position == 1:
            checkpoint("import.first-task")
    for target in extracted.plan_targets:
        session.add(_target(plan, None, target))
    for finding in extracted.findings:
        session.add(PlanFinding(
            plan_id=plan.id, code=finding.code, severity=finding.severity, message=finding.message,
            task_key=finding.task, line=finding.source.line if finding.source else None,
        ))
    plan.coordinator_id = _coordinator(session, plan, org)
    session.flush()
    if previous is not None:
        result.changes = revisions.record_diff(session, previous, plan)
    audit.record(
        session, actor=ws.actor, action="plan.import", entity="plan", entity_id=plan.id, plan_id=plan.id, at=ws.now(),
        after={"source": filename, "sha256": digest, "tasks": result.tasks, "assignments": result.assignments,
               "review": len(result.review), "organisation": org.code, "supersedes": plan.supersedes_id},
    )
    return result


def _sections(session: Session, plan: Plan, sections: list[Section]) -> None:
    position = 0

    def walk(nodes: list[Section], parent: str | None) -> None:
        nonlocal position
        for node in nodes:
            position += 1
            session.add(PlanSection(
                plan_id=plan.id, ref=node.ref, parent_ref=parent, label=node.label, title=node.title,
                level=node.level, position=position, line=node.source.line if node.source else None,
            ))
            walk(node.children, node.ref)

    walk(sections, None)


def _task(session: Session, plan: Plan, org: Organisation, extracted: ExtractedTask, position: int, start: date,
          result: ImportResult) -> Task:
    d = extracted.deadline
    source: dict[str, Any] = extracted.source.to_dict() if extracted.source else {}
    if extracted.end_line is not None:
        source["end_line"] = extracted.end_line
    task = Task(
        plan_id=plan.id, ref=extracted.ref, part=extracted.part, position=position, section_ref=extracted.section,
        heading=extracted.heading, text=extracted.text, product=extracted.product, origin=extracted.origin,
        confidence=extracted.confidence, source=source or None, deadline_text=d.text, deadline_kind=d.kind,
        recurring=d.recurring, recurrence=d.recurrence, starts_on=d.start, original_due=d.due, due=d.due,
        due_exclusive=d.exclusive and d.due is not None,
        deadline_confidence=d.confidence, deadline_source=d.source.to_dict() if d.source else None,
    )
    task.assignments = []
    session.add(task)
    session.flush()
    result.tasks += 1
    for target in extracted.targets:
        session.add(_target(plan, task, target))
    wanted: list[Wanted] = []
    for ref in extracted.agencies:
        wanted.extend(_wanted(session, plan, org, task, ref.name, ref.text, ref.role, start, result))
    held: list[Assignment] = []
    for w in deduplicate(wanted):
        outcome = assign(session, task, w, start=start, held=held)
        result.assignments += len(outcome.created)
        for ceased in outcome.ceased:
            note_ceased(session, ceased)
    return task


def _wanted(session: Session, plan: Plan, org: Organisation, task: Task, name: str, written: str, role: str,
            on: date, result: ImportResult) -> list[Wanted]:
    resolution = registry_use.resolve_name(session, org, name, on=on)
    agency = resolution.written
    if agency is None:
        session.add(ReviewItem(plan_id=plan.id, task_id=task.id, kind="unknown-agency", role=role, text=name))
        result.review.append(name)
        return []
    if agency.is_group:
        members = registry_use.expand_group(session, agency, on)
        if not members:
            session.add(ReviewItem(plan_id=plan.id, task_id=task.id, kind="empty-group", role=role, text=name,
                                   agency_id=agency.id))
            result.review.append(name)
        return [Wanted(m, role, written or name, via_group=agency) for m in members]
    return [Wanted(a, role, written or name) for a in resolution.agencies]


def _target(plan: Plan, task: Task | None, target: Any) -> PlanTarget:
    return PlanTarget(
        plan_id=plan.id, task_id=task.id if task else None, text=target.text, indicator=target.indicator,
        value=float(target.value), unit=target.unit, comparator=target.comparator, direction=target.direction,
        line=target.source.line if target.source else None,
    )


_COMPILE_WORDS = ("tong hop", "bao cao")


def _coordinator(session: Session, plan: Plan, org: Organisation) -> int | None:
    """The agency that compiles the reports: the lead of the organisation duty that says "tổng hợp,
    báo cáo" (Tổ chức thực hiện), else the organisation's Sở Tài chính."""
    for task in session.scalars(select(Task).where(Task.plan_id == plan.id, Task.origin == "organisation")):
        folded = fold(task.text)
        if all(w in folded for w in _COMPILE_WORDS):
            lead = session.scalar(
                select(Assignment.agency_id).where(Assignment.task_id == task.id, Assignment.role == "lead",
                                                   Assignment.via_group_id.is_(None)).order_by(Assignment.id).limit(1)
            )
            if lead is not None:
                return lead
    from theodoi.store import Agency

    return session.scalar(
        select(Agency.id).where(Agency.organisation_id == org.id, Agency.gazetteer_id == "so-tai-chinh",
                                Agency.valid_to.is_(None)).limit(1)
    ) or session.scalar(
        select(Agency.id).where(Agency.organisation_id == org.id, Agency.gazetteer_id == "so-tai-chinh").limit(1)
    )
