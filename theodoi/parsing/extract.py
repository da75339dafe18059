"""Stage 4, extract: the tasks of the narrative, the task tables and "Tổ chức thực hiện", as
drafts with their texts, agencies as written and timeline texts (resolved in stage 5)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from theodoi.data import load_toml
from theodoi.parsing import agencies
from theodoi.parsing.narrative import STRUCTURAL, Context, Draft, free_paragraphs, is_heading, tasks_of
from theodoi.parsing.plan import DocumentInfo
from theodoi.parsing.segment import Node, Outline
from theodoi.parsing.tables import find_task_tables, tasks_of_table
from theodoi.text import fold


@lru_cache(maxsize=1)
def _zones() -> list[tuple[str, list[str], list[str]]]:
    return [(z["name"], list(z["strong"]), list(z["weak"])) for z in load_toml("sections")["zone"]]


def zone_of(title: str) -> str:
    """The zone of a section from its title: tasks, organisation, background or unknown. A strong word
    decides ("Chỉ tiêu, nhiệm vụ" holds tasks); else the earliest weak word ("Đối tượng, nội dung
    kiểm tra" is background)."""
    folded = fold(title)
    for tier in (1, 2):
        best, where = "unknown", len(folded) + 1
        for zone in _zones():
            for w in zone[tier]:
                at = folded.find(w)
                if 0 <= at < where:
                    best, where = zone[0], at
        if best != "unknown":
            return best
    return "unknown"


@dataclass(slots=True)
class Extraction:
    """What the extract stage found: the drafts, in document order, and their context."""

    outline: Outline
    context: Context
    drafts: list[Draft] = field(default_factory=list)


def extract(outline: Outline) -> Extraction:
    info = outline.info
    ctx = Context(doc_date=_reference_date(info), doc_year=info.year or (info.date.year if info.date else None))
    ctx.executors = _executors(outline)
    tables = find_task_tables(outline.body + outline.appendix)
    ctx.has_table = bool(tables)
    drafts = _narrative(outline, ctx)
    for table, at in tables:
        drafts.extend(tasks_of_table(table, at, outline))
    _give_executors(drafts)
    return Extraction(outline=outline, context=ctx, drafts=drafts)


def _narrative(outline: Outline, ctx: Context) -> list[Draft]:
    drafts = _narrative_of(outline.tree, ctx)
    # A programme or plan attached after the signature ("CHƯƠNG TRÌNH HÀNH ĐỘNG ... I. ... II. ...").
    return drafts + _narrative_of(outline.appendix_tree, ctx, attached=True)


def _narrative_of(root: Node | None, ctx: Context, attached: bool = False) -> list[Draft]:
    if root is None:
        return []
    drafts: list[Draft] = []
    top = [n for n in root.children if n.kind in ("part", "roman")]
    if attached and (not top or _is_template(root)):
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
        ctx.zone = zone
        for child in node.children:
            found = tasks_of(child, ctx)
            # Background sections hold no tasks, except an explicit assignment ("giao Sở X chủ trì ...").
            drafts.extend(found if zone != "background" else [d for d in found if _explicit(d)])
    return drafts


_EXPLICIT = re.compile(r"(?i)(?<!\w)(?:giao(?: cho)?\s+\S|đề nghị\s+\S|chủ trì(?!\w))")


def _explicit(draft: Draft) -> bool:
    return not draft.lenient_lead and bool(draft.leads) and _EXPLICIT.search(draft.paragraphs[0]) is not None


def _reference_date(info: DocumentInfo) -> date | None:
    """The date relative deadlines count from: the document's date, or the first day of its month when
    the day is left blank in a draft ("ngày   tháng 3 năm 2026")."""
    if info.date is not None:
        return info.date
    if info.year and info.month:
        return date(info.year, info.month, 1)
    return None


_TEMPLATE_WORDS = ("de cuong", "bieu mau", "mau bao cao", "mau so", "mau phieu")


def _is_template(root: Node) -> bool:
    """An appendix that is a report outline or a form (Đề cương báo cáo, Biểu mẫu), not a programme."""
    head = " ".join(fold(p.text) for p in root.paras[:6])
    return any(word in head for word in _TEMPLATE_WORDS)


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
