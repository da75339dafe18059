"""Tasks of the narrative part: numbered items, agency headings with points or bullets, timelines.

Rules (../shared/eval/LABELING.md): a heading that only groups items is not a task; an agency
heading ("3. Sở X:") gives its lead to the points under it (lettered points are tasks "3.a";
bullets are parts of "3"); an item's plain paragraphs belong to it, except a paragraph whose subject
is another agency, which is a task of its own; several timeline lines split an item into parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from theodoi.parsing.assign import (
    Assignment,
    announces_bullets,
    field_line,
    is_not_a_task,
    parse_assignment,
    sentence_subject,
    sentence_supports,
    timeline_label,
)
from theodoi.parsing.model import Source
from theodoi.parsing.segment import Node, walk
from theodoi.text import fold

STRUCTURAL = ("part", "roman", "article", "num1", "num2", "num3", "num4", "paren", "letter")
BULLETS = ("dash", "plus")


@dataclass(slots=True)
class Context:
    doc_date: date | None = None
    doc_year: int | None = None
    has_table: bool = False  # the document has an appendix task table
    executors: list[str] = field(default_factory=list)  # who carries out items naming no agency
    zone: str = "tasks"


@dataclass(slots=True)
class Draft:
    """A task before resolution: texts, agencies as written, timeline text."""

    ref: str
    part: int
    paragraphs: list[str]
    source: Source
    leads: list[str]
    supports: list[str]
    timeline: str | None = None
    timeline_source: Source | None = None
    heading: str = ""
    section: str = ""
    origin: str = "narrative"
    lenient_lead: bool = False
    end_line: int | None = None
    product: str | None = None
    zone: str = "tasks"

    @property
    def text(self) -> str:
        return "\n".join(p for p in self.paragraphs if p).strip()


@dataclass(slots=True)
class _Piece:
    text: str
    source: Source
    bullet: bool = False


_TARGET_HEADING = re.compile(r"^(?:muc tieu|chi tieu|yeu cau|muc dich)\b")
_HEADINGISH_END = re.compile(r"[.;:]\s*$")


def tasks_of(node: Node, ctx: Context, inherited: Assignment | None = None) -> list[Draft]:
    """Drafts for one item of the tree and the items under it."""
    if node.kind in BULLETS or node.kind == "table":
        return []
    if _TARGET_HEADING.match(fold(node.text)) and len(node.text) < 60:
        return []
    kids = [c for c in node.children if c.kind in STRUCTURAL]
    found = parse_assignment(node.text, owned=inherited is not None)
    is_agency_heading = bool(found.leads) and not found.has_work and not node.paras
    if found.leads and _light_work(found.rest) and any(c.kind in BULLETS for c in node.children):
        is_agency_heading = True  # "3.9. Chủ tịch UBND cấp xã chỉ đạo" over its bullets
    if kids:
        return _group(node, kids, found, is_agency_heading, ctx, inherited)
    bullets = [c for c in node.children if c.kind in BULLETS]
    if bullets and found.leads and announces_bullets(node.text):
        return _bullet_parts(node, bullets, found, ctx)
    if bullets and (is_agency_heading or (not found.leads and is_heading(node))):
        owner = found if is_agency_heading else inherited
        return _bullet_parts(node, bullets, owner, ctx)
    return _item(node, found, ctx, inherited)


def _group(
    node: Node, kids: list[Node], found: Assignment, is_agency_heading: bool, ctx: Context,
    inherited: Assignment | None,
) -> list[Draft]:
    drafts: list[Draft] = []
    owner = found if is_agency_heading else inherited
    intro = _agency_intro(node) if not found.leads else None
    if intro is not None:
        # "1. Về cải cách thể chế" / "Giao Sở Tư pháp chủ trì, phối hợp với ...:" / a), b), ...
        for kid in kids:
            drafts.extend(tasks_of(kid, ctx, intro))
        return drafts
    if found.leads and found.has_work:
        drafts.extend(_item(node, found, ctx, inherited, with_bullets=True))
        owner = inherited
    elif node.paras and not is_heading(node):
        drafts.extend(_item(node, found, ctx, inherited, with_bullets=True))
    for kid in kids:
        drafts.extend(tasks_of(kid, ctx, owner))
    return drafts


def _agency_intro(node: Node) -> Assignment | None:
    """A heading's only paragraph that names who does the points below it and nothing more."""
    if len(node.paras) != 1 or not node.paras[0].text.rstrip().endswith(":"):
        return None
    found = sentence_subject(node.paras[0].text.rstrip().rstrip(":"))
    if found is None or not found.leads or found.has_work:
        return None
    return found


def is_heading(node: Node) -> bool:
    """A title that only groups items: short, no final punctuation, no paragraphs of its own."""
    text = node.text.strip()
    if not text:
        return True
    if node.paras:
        return False
    return len(text) < 400 and not _HEADINGISH_END.search(text) or text.endswith(":") and len(text) < 80


def _light_work(rest: str) -> bool:
    """A heading's few words after its agencies ("chỉ đạo", "thực hiện:"), not a duty of its own."""
    words = rest.strip(" :").split()
    return 0 < len(words) <= 3 and not _HEADINGISH_END.search(rest.rstrip(":") or ".")


def _is_title(text: str) -> bool:
    return len(text) < 120 and not _HEADINGISH_END.search(text)


def _own_text(sub: Assignment, text: str) -> str:
    """A part's text: the label "Sở X:" is dropped, a subject ("Sở X chủ trì ...") is kept."""
    return sub.rest if sub.how == "label" and sub.rest else text


def _pieces(node: Node, with_bullets: bool) -> list[_Piece]:
    pieces = [_Piece(node.text, node.source)]
    pieces += [_Piece(p.text, p.source) for p in node.paras]
    if with_bullets:
        for child in node.children:
            if child.kind in BULLETS:
                pieces.extend(_bullet_pieces(child))
    return pieces


def _bullet_pieces(node: Node) -> list[_Piece]:
    text = f"{node.label} {node.text}".strip() if node.kind == "plus" else node.text
    pieces = [_Piece(text, node.source, bullet=True)]
    pieces += [_Piece(p.text, p.source) for p in node.paras]
    for child in node.children:
        if child.kind in BULLETS:
            for sub in _bullet_pieces(child):
                pieces.append(_Piece(sub.text, sub.source))
    return pieces


def _item(
    node: Node, found: Assignment, ctx: Context, inherited: Assignment | None, with_bullets: bool = True
) -> list[Draft]:
    pieces = _pieces(node, with_bullets)
    pieces[0] = _Piece(found.rest if found.how == "label" else node.text, node.source)
    if len(pieces) > 1 and not found.leads and _is_title(node.text):
        pieces = pieces[1:]  # "3. Tổ chức thực hiện" over the paragraphs that hold the duty
    elif len(pieces) > 1 and found.leads and not found.has_work:
        pieces = pieces[1:]  # "1.2. Công an tỉnh" over its duty paragraph ("Chủ trì, phối hợp với ...")
        found = Assignment(leads=found.leads, supports=found.supports + parse_assignment(pieces[0].text).supports)
    owner = found if found.leads else inherited
    supports = found.supports if found.leads or inherited is None else inherited.supports + found.supports
    drafts = _split_parts(node, pieces, owner, supports, ctx)
    return [d for d in drafts if _keep(d, ctx)]


def _bullet_parts(node: Node, bullets: list[Node], owner: Assignment | None, ctx: Context) -> list[Draft]:
    drafts: list[Draft] = []
    intro = [_Piece(p.text, p.source) for p in node.paras]
    for bullet in bullets:
        pieces = _bullet_pieces(bullet)
        sub = sentence_subject(pieces[0].text, owned=owner is not None)
        if sub is not None and sub.leads:
            pieces[0] = _Piece(_own_text(sub, pieces[0].text), pieces[0].source, bullet=True)
            part_owner: Assignment | None = sub
            supports = sub.supports
        else:
            part_owner = owner
            supports = (owner.supports if owner else []) + parse_assignment(pieces[0].text).supports
        drafts.extend(_split_parts(node, pieces, part_owner, supports, ctx, first_part=len(drafts) + 1))
    if not bullets and intro:
        drafts.extend(_split_parts(node, intro, owner, owner.supports if owner else [], ctx))
    return [d for d in drafts if _keep(d, ctx)]


def _split_parts(
    node: Node, pieces: list[_Piece], owner: Assignment | None, supports: list[str], ctx: Context,
    first_part: int = 1,
) -> list[Draft]:
    """Split an item's text into parts at timeline lines and at paragraphs of another agency."""
    ref = node.ref()
    heading = _heading_of(node)
    leads = list(owner.leads) if owner else []
    drafts: list[Draft] = []
    current: Draft | None = None

    def start(piece: _Piece, part_leads: list[str], part_supports: list[str]) -> Draft:
        draft = Draft(
            ref=ref, part=first_part + len(drafts), paragraphs=[piece.text], source=piece.source,
            leads=part_leads or list(ctx.executors), supports=list(dict.fromkeys(part_supports)),
            heading=heading, section=_section_ref(node), lenient_lead=not part_leads, zone=ctx.zone,
            origin="organisation" if ctx.zone == "organisation" else "narrative",
        )
        drafts.append(draft)
        return draft

    for index, piece in enumerate(pieces):
        label = timeline_label(piece.text)
        if label is not None:
            if current is None:
                current = start(_Piece("", piece.source), leads, supports)
            if current.timeline is None:
                current.timeline = piece.text[label.end():].strip() or None
                current.timeline_source = piece.source
                current.end_line = piece.source.line
                current = None
            continue
        field = field_line(piece.text) if index > 0 else None
        if field is not None and (current is not None or drafts):
            _apply_field(current or drafts[-1], field)
            continue
        if current is not None and index > 0:
            sub = sentence_subject(piece.text, owned=True) if not piece.text[:1].islower() else None
            if sub is not None and sub.leads and _differs(sub.leads, current.leads):
                current = start(_Piece(_own_text(sub, piece.text), piece.source), sub.leads, sub.supports)
                continue
            current.paragraphs.append(piece.text)
            current.end_line = piece.source.line
            for name in sentence_supports(piece.text):
                if name not in current.supports:
                    current.supports.append(name)
            continue
        if current is None and drafts and index > 0:
            sub = sentence_subject(piece.text, owned=True)
            if sub is not None and sub.leads and _differs(sub.leads, leads):
                current = start(_Piece(_own_text(sub, piece.text), piece.source), sub.leads, sub.supports)
                continue
            extra = parse_assignment(piece.text).supports
            current = start(piece, leads, supports + extra)
            continue
        sub = sentence_subject(piece.text, owned=bool(leads)) if not leads else None
        if sub is not None and sub.leads:
            current = start(piece, sub.leads, supports + sub.supports)
            continue
        current = start(piece, leads, supports)
    return [d for d in drafts if d.text or d.timeline]


def _apply_field(draft: Draft, field: Assignment) -> None:
    """"Đơn vị chủ trì thực hiện: X" names the lead outright; "Đơn vị phối hợp: Y" the coordinators."""
    if field.leads:
        draft.leads, draft.lenient_lead = list(field.leads), False
    draft.supports += [n for n in field.supports if n not in draft.supports]


def _differs(new: list[str], old: list[str]) -> bool:
    return {fold(n) for n in new} != {fold(o) for o in old}


def _keep(draft: Draft, ctx: Context) -> bool:
    if not draft.text or is_not_a_task(draft.text):
        return False
    if draft.lenient_lead and not draft.leads:
        # No agency named: guidance when an appendix table makes it concrete, or an organisational note.
        if ctx.has_table and draft.timeline is None:
            return False
        if ctx.zone == "organisation":
            return False
    return True


def _heading_of(node: Node) -> str:
    titles = [n.text for n in node.path()[:-1] if n.kind in STRUCTURAL and len(n.text) < 200]
    return " › ".join(titles)


def _section_ref(node: Node) -> str:
    path = node.path()
    return path[-2].ref() if len(path) > 1 else ""


def free_paragraphs(root: Node, ctx: Context) -> list[Draft]:
    """Duties written as unnumbered paragraphs that assign work ("Giao Sở Công Thương chủ trì ...",
    "Bộ Công Thương đề nghị Ủy ban nhân dân các tỉnh ..."): one task each, numbered in order."""
    drafts: list[Draft] = []
    paragraphs = list(root.paras) + [p for node in walk(root) for p in node.paras]
    for paragraph in sorted(paragraphs, key=lambda p: p.source.line or 0):
        found = parse_assignment(paragraph.text)
        if found.how != "cue" or not found.has_work:
            continue
        drafts.append(Draft(
            ref=str(len(drafts) + 1), part=1, paragraphs=[paragraph.text], source=paragraph.source,
            leads=found.leads, supports=found.supports, end_line=paragraph.source.line,
        ))
    return drafts
