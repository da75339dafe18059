"""Stage 3, segment: header, body, closing and appendices; the body as a tree of numbered items.

Each paragraph's numbering label ("II.", "3.1.", "a)", "-", "+") is recognised, and the items
are nested by label type: Roman > 1. > 1.1. > 1.1.1. > a) > - > +. Unlabelled paragraphs belong
to the item before them. Tables stay tables, attached in document order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from theodoi.parsing.header import Closing, read_closing, read_header
from theodoi.parsing.model import Block, Paragraph, RawDocument, Source, Table
from theodoi.parsing.plan import DocumentInfo, Section

# --- numbering labels -----------------------------------------------------------------------------

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_LABEL_RES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"^(?:PHẦN|Phần|CHƯƠNG|Chương)\s+(?P<label>{_ROMAN}|\d{{1,2}})\b\s*[.:\-–]?\s*(?P<rest>.*)$", re.S)),
    ("article", re.compile(r"^(?:Điều)\s+(?P<label>\d{1,3})\s*[.:]\s*(?P<rest>.*)$", re.S)),
    ("roman", re.compile(rf"^(?P<label>{_ROMAN})\s*(?:[.:/)]|\s[-–])\s*(?P<rest>.*)$", re.S)),
    ("num", re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})(?:\.|\))?(?:\s+|(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ“\"(]))(?P<rest>\S.*)$", re.S)),
    ("paren", re.compile(r"^\((?P<label>\d{1,2})\)\s*(?P<rest>\S.*)$", re.S)),
    ("letter", re.compile(r"^(?P<label>[a-zđ])\s*[)]\s*(?P<rest>.*)$", re.S)),
    ("letter", re.compile(r"^(?P<label>[a-zđ])\.\s+(?P<rest>[A-ZĐÂĂÊÔƠƯ].*)$", re.S)),
    ("plus", re.compile(r"^(?P<label>\+)\s*(?P<rest>.*)$", re.S)),
    ("dash", re.compile(r"^(?P<label>[-–—•·*▪➢●○◦►])\s*(?P<rest>.*)$", re.S)),
]
_RANK = {
    "part": 0, "roman": 1, "article": 2, "num1": 3, "num2": 4, "num3": 5, "num4": 6, "paren": 7, "letter": 8,
    "dash": 9, "plus": 10,
}
_YEARISH = re.compile(r"^\d{1,2}\.\d{3}")  # "1.000 doanh nghiệp" is a number, not a label


@dataclass(slots=True)
class Label:
    kind: str  # part, article, roman, num1..num4, letter, dash, plus, "" (none)
    label: str  # "II", "3.1", "a", "-"
    text: str  # the text after the label


def parse_label(text: str, numbering: str = "") -> Label:
    """Recognise the numbering label of a paragraph (Word numbering first, then the text)."""
    if numbering:
        found = _match_label(numbering.strip() + " x")
        if found.kind:
            return Label(found.kind, found.label, text)
    return _match_label(text)


def _match_label(text: str) -> Label:
    if _YEARISH.match(text):
        return Label("", "", text)
    for kind, pattern in _LABEL_RES:
        m = pattern.match(text)
        if not m:
            continue
        label = m.group("label")
        if kind in ("roman", "part") and not label:
            continue
        if kind == "num":
            kind = f"num{min(label.count('.') + 1, 4)}"
        return Label(kind, label, m.group("rest").strip())
    return Label("", "", text)


# --- the item tree ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Node:
    kind: str  # label kind; "root" for the document root, "table" for a table node
    label: str
    text: str  # own text (first paragraph, label removed)
    source: Source
    bold: bool = False
    paras: list[Paragraph] = field(default_factory=list)  # following unlabelled paragraphs
    children: list[Node] = field(default_factory=list)
    table: Table | None = None
    parent: Node | None = field(default=None, repr=False)

    @property
    def rank(self) -> int:
        return _RANK.get(self.kind, 99 if self.kind == "table" else -1)

    def path(self) -> list[Node]:
        nodes: list[Node] = []
        node: Node | None = self
        while node is not None and node.kind != "root":
            nodes.append(node)
            node = node.parent
        return nodes[::-1]

    def ref(self) -> str:
        """The item's reference: "II.3.1" (Roman, then the full 1.1 label, then letters)."""
        parts: list[str] = []
        prev_kind = ""
        for node in self.path():
            if node.kind in ("dash", "plus", "table", "article"):
                if node.kind == "article":
                    parts.append(node.label)
                continue
            if node.kind.startswith("num") and prev_kind.startswith("num") and node.label.startswith(parts[-1] + "."):
                parts[-1] = node.label
            else:
                parts.append(node.label)
            prev_kind = node.kind
        return ".".join(parts)

    def all_text(self) -> str:
        return "\n".join([self.text, *(p.text for p in self.paras)]).strip()


def build_tree(blocks: list[Block]) -> Node:
    """Nest the blocks by numbering label into a tree under a root node."""
    root = Node(kind="root", label="", text="", source=Source())
    stack: list[Node] = [root]
    for block in blocks:
        if isinstance(block, Table):
            node = Node(kind="table", label="", text="", source=block.source, table=block)
            _attach(stack[-1], node)
            continue
        lab = parse_label(block.text, block.numbering)
        if not lab.kind:
            stack[-1].paras.append(block)
            continue
        node = Node(kind=lab.kind, label=lab.label, text=lab.text, source=block.source, bold=block.bold)
        rank = node.rank
        while len(stack) > 1 and (stack[-1].rank >= rank or stack[-1].kind == "table"):
            stack.pop()
        _attach(stack[-1], node)
        stack.append(node)
    return root


def _attach(parent: Node, node: Node) -> None:
    node.parent = parent
    parent.children.append(node)


def walk(node: Node) -> list[Node]:
    out: list[Node] = []
    for child in node.children:
        out.append(child)
        out.extend(walk(child))
    return out


# --- the outline ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Outline:
    raw: RawDocument
    info: DocumentInfo
    closing: Closing = field(default_factory=Closing)
    body: list[Block] = field(default_factory=list)
    appendix: list[Block] = field(default_factory=list)
    preamble: list[Block] = field(default_factory=list)  # header zone
    tree: Node | None = None
    appendix_tree: Node | None = None

    def sections(self) -> list[Section]:
        if self.tree is None:
            return []
        return [_section(n) for n in self.tree.children if n.kind not in ("dash", "plus", "table")]


def _section(node: Node) -> Section:
    kids = [c for c in node.children if c.kind not in ("dash", "plus", "table")]
    title = node.text if len(node.text) <= 160 else node.text[:157] + "…"
    return Section(
        ref=node.ref(), label=node.label, title=title, level=len(node.path()), source=node.source,
        children=[_section(c) for c in kids if c.children or len(c.text) < 160],
    )


_APPENDIX_RE = re.compile(r"^(?:\*\*)?\s*(PHỤ LỤC|Phụ lục|BIỂU|Biểu)\b")


def segment(doc: RawDocument) -> Outline:
    blocks = doc.blocks
    info, start = read_header(blocks)
    closing = read_closing(blocks, start)
    info.signature = closing.signature
    info.recipients = list(closing.recipients)
    end = closing.start if closing.start >= 0 else len(blocks)
    body = list(blocks[start:end])
    appendix = list(blocks[closing.end:]) if closing.end >= 0 else []
    # An appendix that starts inside the body (no closing found before it).
    if not appendix:
        for i, block in enumerate(body):
            if isinstance(block, Paragraph) and _APPENDIX_RE.match(block.text) and i > len(body) // 3:
                body, appendix = body[:i], body[i:]
                break
    outline = Outline(raw=doc, info=info, closing=closing, body=body, appendix=appendix, preamble=list(blocks[:start]))
    outline.tree = build_tree(body)
    outline.appendix_tree = build_tree(appendix) if appendix else None
    return outline
