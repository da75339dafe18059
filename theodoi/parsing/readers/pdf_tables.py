"""Ruled tables of a PDF page (pdfplumber's table finder) as rows of cells with spans."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from theodoi.parsing.model import Cell
from theodoi.parsing.readers.layout import LABEL, Word, group_lines
from theodoi.parsing.readers.tables import GridCell, rows_from_grid

_SNAP = 3.0  # points: cell edges closer than this are one grid line
_MAX_COLUMNS = 15  # more columns than this is not a table of a plan but boxes around words

BBox = tuple[float, float, float, float]


@dataclass(slots=True)
class PageTable:
    bbox: BBox
    rows: list[list[Cell]]
    columns: int
    page: int

    @property
    def top(self) -> float:
        return self.bbox[1]


def _snap(values: list[float]) -> list[float]:
    grid: list[float] = []
    for value in sorted(values):
        if not grid or value - grid[-1] > _SNAP:
            grid.append(value)
    return grid


def _index(grid: list[float], value: float) -> int:
    return min(range(len(grid)), key=lambda i: abs(grid[i] - value))


def _inside(word: Word, bbox: BBox) -> bool:
    x = (word.x0 + word.x1) / 2
    y = (word.top + word.bottom) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def cell_text(words: list[Word], page: int) -> str:
    """Words of one cell → text: wrapped lines joined by spaces, a numbered line on a line of its own."""
    parts: list[str] = []
    for line in group_lines(words, page):
        text = line.text
        if parts and not LABEL.match(text):
            parts[-1] = f"{parts[-1]} {text}"
        else:
            parts.append(text)
    return "\n".join(parts)


def table_frames(page: Any) -> list[tuple[BBox, list[BBox]]]:
    """Ruled tables found by pdfplumber on a page: (table bbox, cell bboxes) each."""
    return [(tuple(t.bbox), [tuple(c) for c in t.cells]) for t in page.find_tables() if len(t.cells) >= 4]


def fill_tables(frames: list[tuple[BBox, list[BBox]]], words: list[Word], number: int) -> list[PageTable]:
    """Tables with at least 2 rows and 2 columns, their cells filled with the words inside them."""
    found: list[PageTable] = []
    for bbox, cells in frames:
        xs = _snap([c[0] for c in cells] + [c[2] for c in cells])
        ys = _snap([c[1] for c in cells] + [c[3] for c in cells])
        if not 3 <= len(xs) <= _MAX_COLUMNS + 1 or len(ys) < 3:
            continue
        grid: list[GridCell] = []
        for cell in cells:
            row, col = _index(ys, cell[1]), _index(xs, cell[0])
            grid.append(GridCell(
                text=cell_text([w for w in words if _inside(w, cell)], number),
                row=row,
                col=col,
                rowspan=max(_index(ys, cell[3]) - row, 1),
                colspan=max(_index(xs, cell[2]) - col, 1),
            ))
        rows = rows_from_grid(grid, len(ys) - 1)
        found.append(PageTable(bbox=bbox, rows=rows, columns=len(xs) - 1, page=number))
    return found


def words_outside(words: list[Word], tables: list[PageTable]) -> list[Word]:
    return [w for w in words if not any(_inside(w, t.bbox) for t in tables)]


def continues(previous: PageTable, table: PageTable) -> bool:
    """Whether ``table`` (first thing on its page) continues ``previous`` (last thing on the page before)."""
    return table.page == previous.page + 1 and table.columns == previous.columns


def merge(previous: PageTable, table: PageTable) -> None:
    """Append the rows of a continuation, without a repeated header row."""
    rows = table.rows
    if rows and previous.rows and [c.text for c in rows[0]] == [c.text for c in previous.rows[0]]:
        rows = rows[1:]
    previous.rows.extend(rows)
