"""The review screen's read model: every extracted task beside the source text it came from (the lines
its source points to, highlighted, with a little context), the linter's findings, the names the
registry did not know, and the agency names to choose from.

The source text is the normalised document kept with the plan (``plan.source_text``); a plan imported
before it was kept has it rebuilt once from its stored file and saved."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update

from theodoi.parsing import parse_document
from theodoi.services import views
from theodoi.services.accounts import Principal
from theodoi.services.editing import current_agencies
from theodoi.services.permissions import require
from theodoi.services.workspace import Workspace
from theodoi.store import Agency, Plan, PlanFinding, ReviewItem, StoredFile, Task
from theodoi.text import collation_key

CONTEXT = 2  # lines shown before and after a task's own
SPAN = 8  # at most this many lines highlighted for one task


def screen(ws: Workspace, principal: Principal, plan_id: int) -> dict[str, Any]:
    require(principal, "manage")
    plan = views.plan(ws, principal, plan_id)
    text = source_text(ws, plan_id)
    lines = [(int(n), str(t)) for n, t in text.get("lines", [])]
    rows: dict[str, list[str]] = text.get("rows", {})
    with ws.read() as session:
        tasks = list(session.scalars(select(Task).where(Task.plan_id == plan_id).order_by(Task.position)))
        starts = sorted({int(t.source["line"]) for t in tasks if t.source and t.source.get("line")})
        findings = list(session.scalars(select(PlanFinding).where(PlanFinding.plan_id == plan_id).order_by(PlanFinding.id)))
        items = list(session.scalars(select(ReviewItem).where(ReviewItem.plan_id == plan_id, ReviewItem.state == "open")
                                     .order_by(ReviewItem.id)))
        keys = {t.id: t.key for t in tasks}
        day = ws.today()
        shown = [_task(t, lines, rows, starts, current_agencies(t, day)) for t in tasks]
        choices = _choices(session, plan_id, day)
    by_task: dict[str, list[dict[str, Any]]] = {}
    every = [{"severity": f.severity, "code": f.code, "message": f.message, "task": f.task_key, "line": f.line}
             for f in findings]
    for f in every:
        if f["task"]:
            by_task.setdefault(str(f["task"]), []).append(f)
    for t in shown:
        t["findings"] = by_task.get(t["ref"], [])
    return {"plan": plan, "tasks": shown, "findings": every, "agencies": choices,
            "review": [{"id": i.id, "kind": i.kind, "role": i.role, "text": i.text, "task": keys.get(i.task_id or 0, ""),
                        "task_id": i.task_id} for i in items]}


def _choices(session: Any, plan_id: int, day: Any) -> list[str]:
    """Names of the plan's organisation's agencies in force on the plan's date or today."""
    plan = session.get(Plan, plan_id)
    if plan is None:
        return []
    found: set[str] = set()
    for on in (plan.effective_from, day):
        found.update(session.scalars(select(Agency.full_name).where(
            Agency.organisation_id == plan.organisation_id,
            or_(Agency.valid_from.is_(None), Agency.valid_from <= on), or_(Agency.valid_to.is_(None), Agency.valid_to > on))))
    return sorted(found, key=collation_key)


def _task(task: Task, lines: list[tuple[int, str]], rows: dict[str, list[str]], starts: list[int],
          agencies: dict[str, list[str]]) -> dict[str, Any]:
    source = task.source or {}
    return {"id": task.id, "ref": task.key, "heading": task.heading, "section": task.section_ref, "text": task.text,
            "product": task.product or "", "deadline_text": task.deadline_text or "", "deadline_kind": task.deadline_kind,
            "due": task.due, "confidence": task.confidence, "version": task.version, "source": source,
            "lead": agencies["lead"], "support": agencies["support"],
            "excerpt": excerpt(source, lines, rows, starts)}


def excerpt(source: dict[str, Any], lines: list[tuple[int, str]], rows: dict[str, list[str]],
            starts: list[int]) -> list[dict[str, Any]]:
    """The lines around a task's source: ``[{line, text, own}]`` (own: the task's, to highlight). A task
    from a table shows its row's cells, the task's own cell highlighted."""
    if source.get("table") and source.get("row"):
        cells = rows.get(f"{source['table']}:{source['row']}", [])
        return [{"line": f"{source['table']}.{source['row']}.{i}", "text": c, "own": i == source.get("cell")}
                for i, c in enumerate(cells, start=1) if c.strip()]
    first = source.get("line")
    if not first or not lines:
        return []
    numbers = [n for n, _ in lines]
    at = next((i for i, n in enumerate(numbers) if n >= int(first)), len(numbers) - 1)
    later = [s for s in starts if s > int(first)]
    stop = int(source.get("end_line") or (later[0] - 1 if later else numbers[-1]))
    own = [i for i in range(at, min(len(numbers), at + SPAN)) if numbers[i] <= max(stop, int(first))]
    last = own[-1] if own else at
    return [{"line": numbers[i], "text": lines[i][1], "own": i in own}
            for i in range(max(0, at - CONTEXT), min(len(numbers), last + 1 + CONTEXT))]


def source_text(ws: Workspace, plan_id: int) -> dict[str, Any]:
    """The plan's normalised text map (rebuilt from the stored file and kept, for older plans)."""
    with ws.read() as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            return {}
        if plan.source_text:
            found: dict[str, Any] = json.loads(plan.source_text)
            return found
        stored = session.get(StoredFile, plan.source_sha256)
        name, content = plan.source_name, bytes(stored.content) if stored else b""
    if not content:
        return {}
    with tempfile.TemporaryDirectory(prefix="theodoi-") as folder:
        path = Path(folder) / (Path(name).name or "plan.txt")
        path.write_bytes(content)
        text = parse_document(path).text
    with ws.write() as session:
        row = session.get(Plan, plan_id)
        if row is not None and not row.source_text:
            session.execute(update(Plan).where(Plan.id == plan_id).values(  # not the plan's version: a cache
                source_text=json.dumps(text, ensure_ascii=False)).execution_options(synchronize_session=False))
    return text
