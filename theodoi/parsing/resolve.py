"""Stage 5, resolve: each draft's agencies against the gazetteer, its timeline to a deadline, its
targets; the plan's own targets, the cited documents, the section tree and the appendices."""

from __future__ import annotations

from theodoi.parsing import agencies, deadlines, references, targets
from theodoi.parsing.extract import Extraction, zone_of
from theodoi.parsing.model import Paragraph, Source, Table
from theodoi.parsing.narrative import Context, Draft
from theodoi.parsing.plan import AgencyRef, Deadline, Plan, Reference, Target, Task
from theodoi.parsing.segment import Node, Outline
from theodoi.text import fold


def resolve(extraction: Extraction) -> Plan:
    outline, ctx = extraction.outline, extraction.context
    plan = Plan(document=outline.info)
    plan.tasks = [_resolve(d, ctx) for d in extraction.drafts]
    plan.plan_targets = _plan_targets(outline)
    plan.references = _references(outline)
    plan.sections = outline.sections()
    plan.appendices = [
        b.text for b in outline.appendix if isinstance(b, Paragraph) and fold(b.text).startswith("phu luc")
    ]
    return plan


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


