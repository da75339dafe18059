"""Stages 4–5, extract and resolve: tasks from the narrative and the task tables, then their
agencies, deadlines and targets; the plan's own targets and the cited documents."""

from __future__ import annotations

from functools import lru_cache

from theodoi.data import load_toml
from theodoi.parsing import agencies, deadlines, references, targets
from theodoi.parsing.model import Paragraph, Source, Table
from theodoi.parsing.narrative import STRUCTURAL, Context, Draft, free_paragraphs, is_heading, tasks_of
from theodoi.parsing.plan import AgencyRef, Deadline, Plan, Reference, Target, Task
from theodoi.parsing.segment import Node, Outline
from theodoi.parsing.tables import find_task_tables, tasks_of_table
from theodoi.text import fold


@lru_cache(maxsize=1)
def _zones() -> list[tuple[str, list[str]]]:
    return [(z["name"], list(z["words"])) for z in load_toml("sections")["zone"]]


def zone_of(title: str) -> str:
    """The zone of a top-level section from its title: tasks, organisation, background or unknown."""
    folded = fold(title)
    best, where = "unknown", len(folded) + 1
    for name, words in _zones():
        for w in words:
            at = folded.find(w)
            if 0 <= at < where:  # the earliest word decides: "Đối tượng, nội dung kiểm tra" is background
                best, where = name, at
    return best


def extract(outline: Outline) -> Plan:
    info = outline.info
    ctx = Context(doc_date=info.date, doc_year=info.year or (info.date.year if info.date else None))
    ctx.executors = _executors(outline)
    tables = find_task_tables(outline.body + outline.appendix)
    ctx.has_table = bool(tables)
    drafts = _narrative(outline, ctx)
    for table, at in tables:
        drafts.extend(tasks_of_table(table, at, outline))
    _give_executors(drafts)
    plan = Plan(document=info)
    plan.tasks = [_resolve(d, ctx) for d in drafts]
    plan.plan_targets = _plan_targets(outline)
    plan.references = _references(outline)
    plan.sections = outline.sections()
    plan.appendices = [
        b.text for b in outline.appendix if isinstance(b, Paragraph) and fold(b.text).startswith("phu luc")
    ]
    return plan


def _narrative(outline: Outline, ctx: Context) -> list[Draft]:
    drafts = _narrative_of(outline.tree, ctx)
    # A programme or plan attached after the signature ("CHƯƠNG TRÌNH HÀNH ĐỘNG ... I. ... II. ...").
    return drafts + _narrative_of(outline.appendix_tree, ctx, attached=True)


def _narrative_of(root: Node | None, ctx: Context, attached: bool = False) -> list[Draft]:
    if root is None:
        return []
    drafts: list[Draft] = []
    top = [n for n in root.children if n.kind in ("part", "roman")]
    if not top and attached:
        return []
    if not top and not any(n.kind in STRUCTURAL for n in root.children):
        return free_paragraphs(root, ctx)  # a letter whose duties are plain paragraphs ("Giao Sở X ...")
    if not top:
        for node in root.children:
            # Numbered headings act as sections ("1. Mục tiêu", "3. Đối tượng, nội dung kiểm tra").
            ctx.zone = zone_of(node.text) if node.children and is_heading(node) else "tasks"
            if ctx.zone != "background":
                drafts.extend(tasks_of(node, ctx))
        return drafts
    for node in root.children:
        if node.kind not in ("part", "roman"):
            continue
        zone = zone_of(node.text)
        if zone == "background":
            continue
        ctx.zone = zone
        for child in node.children:
            drafts.extend(tasks_of(child, ctx))
    return drafts


def _give_executors(drafts: list[Draft]) -> None:
    """Items that name no agency are tasks of the plan's executors: the addressees, else the agencies
    charged in "Tổ chức thực hiện" (the first group among them, else the first named)."""
    orphans = [d for d in drafts if not d.leads]
    if not orphans:
        return
    named = [n for d in drafts if d.zone == "organisation" for n in d.leads]
    if not named:
        return
    groups = [n for n in named if agencies.resolve(n).kind == "group"]
    executor = (groups or named)[0]
    for draft in orphans:
        draft.leads = [executor]
        draft.lenient_lead = True


def _executors(outline: Outline) -> list[str]:
    """Who carries out items that name no agency: the addressees, when the document has them."""
    return list(outline.info.addressees)


def _resolve(draft: Draft, ctx: Context) -> Task:
    text = draft.text
    deadline = _deadline(draft, ctx)
    found: list[AgencyRef] = []
    for role, names in (("lead", draft.leads), ("support", draft.supports)):
        for written in names:
            match = agencies.resolve(written, on=ctx.doc_date)
            found.append(
                AgencyRef(
                    name=match.name, text=written, role=role, id=match.id, kind=match.kind, known=match.known,
                    confidence=match.confidence, source=draft.source,
                )
            )
    task = Task(
        ref=draft.ref, part=draft.part, text=text, heading=draft.heading, section=draft.section,
        agencies=found, deadline=deadline, targets=_targets(draft),
        product=draft.product, origin=draft.origin, source=draft.source, end_line=draft.end_line,
        confidence=0.6 if draft.lenient_lead else 0.9,
    )
    return task


def _targets(draft: Draft) -> list[Target]:
    """Aims in the task's text and in its expected product ("100% văn bản được công bố")."""
    found = targets.find_targets(draft.text, source=draft.source)
    if draft.product:
        found += targets.find_targets(draft.product, source=draft.source)
    return found


def _deadline(draft: Draft, ctx: Context) -> Deadline:
    if draft.timeline:
        return deadlines.parse_deadline(
            draft.timeline, doc_date=ctx.doc_date, doc_year=ctx.doc_year, source=draft.timeline_source
        )
    found = deadlines.find_deadline(draft.text, doc_date=ctx.doc_date, doc_year=ctx.doc_year, source=draft.source)
    return found if found is not None else Deadline(source=None)


def _plan_text(outline: Outline) -> list[tuple[str, Source]]:
    """Text where the plan states its own aims: the title, the preamble and the background sections."""
    out: list[tuple[str, Source]] = []
    if outline.info.title:
        out.append((outline.info.title, outline.info.source or Source()))
    root = outline.tree
    if root is None:
        return out
    out.extend((p.text, p.source) for p in root.paras)
    for node in root.children:
        if node.kind in ("part", "roman") and zone_of(node.text) == "background":
            out.extend(_texts(node))
    return out


def _texts(node: Node) -> list[tuple[str, Source]]:
    out = [(node.text, node.source)] + [(p.text, p.source) for p in node.paras]
    for child in node.children:
        if child.table is None:
            out.extend(_texts(child))
    return out


def _plan_targets(outline: Outline) -> list[Target]:
    found: list[Target] = []
    seen: set[tuple[float, str, str]] = set()
    for text, source in _plan_text(outline):
        for target in targets.find_targets(text, source=source):
            k = (target.value, target.unit, target.comparator)
            if k not in seen:
                seen.add(k)
                found.append(target)
    return found


def _references(outline: Outline) -> list[Reference]:
    own = references.reference_key(outline.info.number) if outline.info.number else None
    cited = [c for c in citations(outline) if own is None or references.reference_key(c.number) != own]
    return references.dedupe_references(cited)


def _title_source(outline: Outline) -> Source | None:
    """Where the title (trích yếu) stands in the header zone."""
    start = fold(outline.info.title or "")[:40]
    for block in outline.preamble:
        if isinstance(block, Paragraph) and start and start in fold(block.text):
            return block.source
    return outline.info.source


def citations(outline: Outline) -> list[Reference]:
    """Every citation in the title, body and appendices, in order (the linter compares them)."""
    found: list[Reference] = []
    if outline.info.title:
        found.extend(references.find_citations(outline.info.title, source=_title_source(outline)))
    for block in outline.body + outline.appendix:
        if isinstance(block, Paragraph):
            found.extend(references.find_citations(block.full_text, source=block.source))
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    if not cell.merged:
                        found.extend(references.find_citations(cell.text, source=cell.source))
    return found


