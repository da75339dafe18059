"""Assemble the blocks of a PDF from its pages' lines and tables (text layer or OCR alike)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from theodoi.parsing.model import Block, Paragraph, Source, Table
from theodoi.parsing.readers.layout import (
    LABEL,
    Draft,
    Line,
    Margins,
    centered,
    column_runs,
    zone_paragraphs,
)
from theodoi.parsing.readers.layout import starts_paragraph as _starts
from theodoi.parsing.readers.pdf_tables import PageTable, continues, merge
from theodoi.parsing.readers.tables import is_layout_table

if TYPE_CHECKING:
    from theodoi.parsing.readers.pdf import PageContent

Run = tuple[list[Line], bool]  # lines of a page in reading order, and whether they form a two-column zone


def assemble(pages: list[PageContent]) -> list[Block]:
    """Paragraphs and tables in reading order (header area first), numbered in document order."""
    margins = Margins([line for page in pages for line in page.lines])
    out: list[Draft | PageTable] = []
    first = next((p for p in pages if p.lines), None)
    for page in pages:
        runs = column_runs(page.lines, page.width, first_page=page is first)
        items: list[Run | PageTable] = [*runs, *page.tables]
        items.sort(key=lambda item: item.top if isinstance(item, PageTable) else min(x.top for x in item[0]))
        for item in items:
            if isinstance(item, PageTable):
                _add_table(item, out)
            elif item[1]:
                header = page is first and not out
                out.extend(zone_paragraphs(item[0], header=header))
            else:
                _add_lines(item[0], out, margins)
    return _blocks(out, margins)


def _add_table(table: PageTable, out: list[Draft | PageTable]) -> None:
    last = out[-1] if out else None
    if isinstance(last, PageTable) and continues(last, table):
        merge(last, table)
    else:
        out.append(table)


def _add_lines(lines: list[Line], out: list[Draft | PageTable], margins: Margins) -> None:
    for line in lines:
        last = out[-1] if out else None
        if isinstance(last, Draft) and not last.fixed and not _starts(line, last.lines[-1], margins):
            last.lines.append(line)
        else:
            out.append(Draft([line]))


def _blocks(items: list[Draft | PageTable], margins: Margins) -> list[Block]:
    blocks: list[Block] = []
    tables = 0
    for item in items:
        ordinal = len(blocks) + 1
        if isinstance(item, PageTable):
            tables += 1
            source = Source(line=ordinal, page=item.page, table=tables)
            for r, row in enumerate(item.rows, start=1):
                for c, cell in enumerate(row, start=1):
                    cell.source = Source(line=ordinal, page=item.page, table=tables, row=r, cell=c)
            blocks.append(Table(rows=item.rows, source=source, layout=is_layout_table(item.rows)))
            continue
        text = item.text
        if not text:
            continue
        single = len(item.lines) == 1 and not item.fixed and not LABEL.match(text)
        blocks.append(
            Paragraph(
                text=text,
                source=Source(line=ordinal, page=item.page),
                bold=item.bold,
                align="center" if single and centered(item.lines[0], margins(item.lines[0])) else "",
                in_header_box=item.header,
            )
        )
    return blocks
