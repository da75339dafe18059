"""HTML ``<table>`` → rows of cells: colspan/rowspan placed on a grid, nested tables flattened."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from theodoi.parsing.model import Cell
from theodoi.parsing.readers.tables import GridCell, rows_from_grid
from theodoi.text import clean

_MAX_SPAN = 100


def _span(tag: Any, name: str) -> int:
    try:
        return min(max(int(str(tag.attrs.get(name, 1)).strip() or 1), 1), _MAX_SPAN)
    except ValueError:
        return 1


def _rows_of(table: Any) -> list[Any]:
    """The table's own rows (not those of nested tables), through thead/tbody/tfoot."""
    rows = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is table:
            rows.append(tr)
    return rows


def cell_text(cell: Any, convert: Callable[[str], str]) -> str:
    """Text of one cell: its lines (block elements, <br>) joined with "\\n"; nested tables as "a | b"."""
    for nested in cell.find_all("table"):
        lines = [" | ".join(clean(convert(c.get_text(" "))) for c in tr.find_all(("td", "th")))
                 for tr in _rows_of(nested)]
        nested.replace_with("\n" + "\n".join(lines) + "\n")
    for br in cell.find_all("br"):
        br.replace_with("\n")
    for block in cell.find_all(("p", "div", "li")):
        block.append("\n")
    text = clean(convert(cell.get_text()))
    return "\n".join(line for line in text.split("\n") if line)


def table_rows(table: Any, convert: Callable[[str], str]) -> list[list[Cell]]:
    taken: set[tuple[int, int]] = set()
    grid: list[GridCell] = []
    rows = _rows_of(table)
    for r, tr in enumerate(rows):
        col = 0
        for td in tr.find_all(("td", "th"), recursive=False):
            while (r, col) in taken:
                col += 1
            rowspan, colspan = _span(td, "rowspan"), _span(td, "colspan")
            rowspan = min(rowspan, len(rows) - r)
            grid.append(GridCell(text=cell_text(td, convert), row=r, col=col, rowspan=rowspan, colspan=colspan))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, col + dc))
            col += colspan
    return rows_from_grid(grid, len(rows))
