"""Table helpers shared by the readers: the layout-table guess and building rows from a grid of
spanning cells (HTML rowspan/colspan, PDF ruled tables)."""

from __future__ import annotations

from dataclasses import dataclass

from theodoi.parsing.model import Block, Cell, Paragraph, Source
from theodoi.text import fold

# Column titles of data tables: a table whose first row has one of these is not a layout table.
_HEADER_WORDS = (
    "stt", "tt", "nhiem vu", "noi dung", "chu tri", "phoi hop", "thoi gian", "thoi han", "san pham",
    "ket qua", "co quan", "don vi", "ghi chu", "tien do",
)
_MAX_HEADER_CELL = 60


def is_layout_table(rows: list[list[Cell]]) -> bool:
    """A clearly layout table: at most 2 rows and no column title like "STT" or "Nhiệm vụ"."""
    if len(rows) > 2:
        return False
    for cell in rows[0] if rows else []:
        text = fold(cell.text)
        if len(text) <= _MAX_HEADER_CELL and any(_has_word(text, word) for word in _HEADER_WORDS):
            return False
    return True


def _has_word(text: str, word: str) -> bool:
    padded = f" {' '.join(''.join(c if c.isalnum() else ' ' for c in text).split())} "
    return f" {word} " in padded


@dataclass(slots=True)
class GridCell:
    """A cell placed on a grid: its top-left position and spans."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def rows_from_grid(cells: list[GridCell], n_rows: int) -> list[list[Cell]]:
    """Rows of :class:`Cell` from cells placed on a grid.

    A cell spanning columns is one ``Cell`` with ``colspan``; a cell spanning rows appears again in
    each later row it covers as a ``merged`` cell repeating its text, so columns stay aligned.
    """
    by_row: dict[int, list[tuple[int, Cell]]] = {r: [] for r in range(n_rows)}
    for gc in cells:
        origin = Cell(text=gc.text, source=Source(), colspan=gc.colspan, rowspan=gc.rowspan)
        by_row.setdefault(gc.row, []).append((gc.col, origin))
        for r in range(gc.row + 1, min(gc.row + gc.rowspan, n_rows)):
            merged = Cell(text=gc.text, source=Source(), colspan=gc.colspan, merged=True)
            by_row.setdefault(r, []).append((gc.col, merged))
    rows: list[list[Cell]] = []
    for r in range(n_rows):
        row = [cell for _, cell in sorted(by_row.get(r, []), key=lambda item: item[0])]
        if row:
            rows.append(row)
    return rows


def number_blocks(blocks: list[Block]) -> list[Block]:
    """Set ``Source.line`` to each block's ordinal and give cells their table/row/cell indices
    (keeping any page already recorded)."""
    tables = 0
    for ordinal, block in enumerate(blocks, start=1):
        page = block.source.page
        if isinstance(block, Paragraph):
            block.source = Source(line=ordinal, page=page)
            continue
        tables += 1
        block.source = Source(line=ordinal, page=page, table=tables)
        for r, row in enumerate(block.rows, start=1):
            for c, cell in enumerate(row, start=1):
                cell.source = Source(line=ordinal, page=page, table=tables, row=r, cell=c)
    return blocks
