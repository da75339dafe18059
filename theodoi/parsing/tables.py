"""Task tables: columns found by their header names whatever their order.

A task table has a header row naming a task column (Nhiệm vụ / Nội dung / Tên nhiệm vụ ...) and
at least one of the lead, coordinating or time columns. Column-number rows ("(1) | (2)") and group
rows ("I | Nhiệm vụ chung" with the other cells empty) are not tasks; a group row's number prefixes
the refs of the rows under it ("I.3"). An indicator table whose agency column says who monitors
("chủ trì theo dõi, đánh giá") gives plan targets, not tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from theodoi.data import load_toml
from theodoi.parsing import agencies
from theodoi.parsing.model import Block, Cell, Table
from theodoi.parsing.narrative import Draft
from theodoi.parsing.segment import Node, Outline, walk
from theodoi.text import fold


@dataclass(slots=True)
class Columns:
    header_row: int
    task: int
    ref: int | None = None
    lead: int | None = None
    support: int | None = None
    deadline: int | None = None
    product: int | None = None
    combined: bool = False  # one column "Đơn vị chủ trì, phối hợp"
    indicators: bool = False


@lru_cache(maxsize=1)
def _headers() -> dict[str, list[str]]:
    return {k: list(v) for k, v in load_toml("table_headers").items()}


def _kind_of_header(text: str) -> str | None:
    folded = fold(" ".join(text.split())).strip(" .:")
    if not folded:
        return None
    h = _headers()
    has_lead = any(w in folded for w in h["lead"])
    has_support = any(w in folded for w in h["support"])
    if any(w in folded for w in h["monitor"]) and has_lead:
        return "monitor"
    if has_lead and has_support:
        return "combined"
    if has_support:
        return "support"
    if has_lead:
        return "lead"
    for kind in ("ref", "deadline", "product", "task", "indicator"):
        words = h[kind]
        if folded in words or any(folded.startswith(w) for w in words if len(w) > 3):
            return kind
    return None


def grid(row: list[Cell]) -> list[Cell]:
    """The row with one cell per grid column: a cell spanning k columns is followed by k-1 empty
    cells, so that a merged "Chủ trì / Phối hợp" cell does not shift the columns after it."""
    out: list[Cell] = []
    for cell in row:
        out.append(cell)
        out.extend(Cell("", cell.source, merged=True) for _ in range(max(cell.colspan, 1) - 1))
    return out


def detect_columns(table: Table) -> Columns | None:
    """Find the header row and the role of each column; None when this is not a task table."""
    for index, raw_row in enumerate(table.rows[:3]):
        row = grid(raw_row)
        kinds = [_kind_of_header(c.text) for c in row]
        if "task" not in kinds and "indicator" not in kinds:
            continue
        found = {k: i for i, k in reversed(list(enumerate(kinds))) if k}
        if not ({"lead", "support", "deadline", "combined", "monitor"} & set(found)):
            continue
        task_col = found.get("task", found.get("indicator"))
        assert task_col is not None
        return Columns(
            header_row=index, task=task_col, ref=found.get("ref"), lead=found.get("lead", found.get("combined")),
            support=found.get("support"), deadline=found.get("deadline"), product=found.get("product"),
            combined="combined" in found and "lead" not in found,
            indicators="monitor" in found or ("indicator" in found and "task" not in found),
        )
    return None


def find_task_tables(blocks: list[Block]) -> list[tuple[Table, int]]:
    out = []
    for index, block in enumerate(blocks):
        if isinstance(block, Table) and not block.layout:
            cols = detect_columns(block)
            if cols is not None and not cols.indicators:
                out.append((block, index))
    return out


_NUMBER_ROW = re.compile(r"^\(?\d{1,2}\)?$")
_ROMAN_REF = re.compile(r"^[IVXLC]+\.?$")
_LETTER_REF = re.compile(r"^[a-zđ][.)]?$")


def _cell(row: list[Cell], col: int | None) -> str:
    if col is None or col >= len(row):
        return ""
    return row[col].text.strip()


def tasks_of_table(table: Table, at: int, outline: Outline) -> list[Draft]:
    cols = detect_columns(table)
    if cols is None:
        return []
    prefix = _prefix_of(table, outline)
    drafts: list[Draft] = []
    group = ""
    for raw_row in table.rows[cols.header_row + 1:]:
        row = grid(raw_row)
        texts = [c.text.strip() for c in row]
        if all(_NUMBER_ROW.match(t) or not t for t in texts):
            continue  # column-number row
        ref = _cell(row, cols.ref).rstrip(". ")
        task_text = _cell(row, cols.task)
        others = [_cell(row, c) for c in (cols.lead, cols.support, cols.deadline, cols.product) if c is not None]
        if not task_text:
            continue
        if not ref and cols.ref is not None and drafts and not texts[cols.ref].strip():
            _continue(drafts[-1], row, cols, task_text)  # a row broken across a page
            continue
        lead_text = _cell(row, cols.lead)
        if (_ROMAN_REF.match(ref) and not lead_text) or ((not ref or _LETTER_REF.match(ref)) and not any(others)):
            group = ref.rstrip(".") if ref else group
            continue
        drafts.append(_draft(row, cols, prefix, group, ref, task_text))
    return drafts


def _continue(draft: Draft, row: list[Cell], cols: Columns, task_text: str) -> None:
    draft.paragraphs.append(task_text)
    more = _draft(row, cols, "", "", "", task_text)
    draft.leads += [n for n in more.leads if n not in draft.leads]
    draft.supports += [n for n in more.supports if n not in draft.supports]
    draft.timeline = draft.timeline or more.timeline
    draft.lenient_lead = not draft.leads


def _draft(row: list[Cell], cols: Columns, prefix: str, group: str, ref: str, task_text: str) -> Draft:
    lead_text = _cell(row, cols.lead)
    support_text = _cell(row, cols.support)
    if cols.combined:
        lead_text, support_text = _split_combined(lead_text)
    parts = [p for p in (prefix, group, ref) if p]
    source = row[cols.task].source
    timeline = _cell(row, cols.deadline) or None
    return Draft(
        ref=".".join(parts), part=1, paragraphs=[task_text], source=source,
        leads=_agencies(lead_text), supports=_agencies(support_text), timeline=timeline,
        timeline_source=row[cols.deadline].source if cols.deadline is not None and cols.deadline < len(row) else None,
        origin="table", product=_cell(row, cols.product) or None, lenient_lead=not lead_text,
    )


_COMBINED_SUPPORT = re.compile(r"(?i)(?:^|[\n;.]\s*|\s)(?:phối hợp|đơn vị phối hợp|cơ quan phối hợp)\s*[:\-]?\s*")
_COMBINED_LEAD = re.compile(r"(?i)^(?:chủ trì|đơn vị chủ trì|cơ quan chủ trì)\s*[:\-]?\s*")


def _split_combined(text: str) -> tuple[str, str]:
    m = _COMBINED_SUPPORT.search(text)
    if not m:
        return _COMBINED_LEAD.sub("", text), ""
    return _COMBINED_LEAD.sub("", text[: m.start()]).strip(), text[m.end():].strip()


_TITLE_LINE = re.compile(r"(?i)^(?:lãnh đạo|đại diện|thủ trưởng|giám đốc|chủ tịch)\s*$")


def _agencies(text: str) -> list[str]:
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    joined: list[str] = []
    for line in lines:
        if joined and _TITLE_LINE.match(joined[-1]):
            joined[-1] = f"{joined[-1]} {line}"  # "Lãnh đạo\nSở Y tế" is one agency
        else:
            joined.append(line)
    text = ", ".join(joined).strip(" ,;.")
    if not text or text in ("-", "–"):
        return []
    return [n for n in agencies.split_agencies(text) if n]


def _prefix_of(table: Table, outline: Outline) -> str:
    """Ref of the narrative item a table sits in (tables of the appendices have none)."""
    tree = outline.tree
    if tree is None:
        return ""
    for node in walk(tree):
        if node.table is table:
            parent = node.parent
            return parent.ref() if isinstance(parent, Node) and parent.kind != "root" else ""
    return ""


