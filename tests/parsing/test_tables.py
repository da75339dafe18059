"""Task tables built directly (as the .docx reader gives them), merged cells included."""

from __future__ import annotations

from theodoi.parsing.model import Cell, Paragraph, RawDocument, Source, Table
from theodoi.parsing.segment import segment
from theodoi.parsing.tables import detect_columns, grid, tasks_of_table


def _row(r: int, *cells: str | tuple[str, int]) -> list[Cell]:
    out = []
    for c, cell in enumerate(cells, start=1):
        text, span = (cell, 1) if isinstance(cell, str) else cell
        out.append(Cell(text, Source(table=1, row=r, cell=c), colspan=span))
    return out


TABLE = Table(
    rows=[
        _row(1, "STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Theo dõi, đôn đốc"),
        _row(2, "1", "Công bố thủ tục hành chính", ("Theo phân công tại Quyết định số 1441/QĐ-UBND", 2), "2026",
             "Văn phòng UBND tỉnh"),
        _row(3, "2", "Rà soát văn bản quy phạm pháp luật", "Sở Tư pháp", "Các sở, ngành", "Quý II/2026", "Sở Nội vụ"),
    ],
    source=Source(line=2, table=1),
)


def test_grid_keeps_columns_aligned_under_a_merged_cell() -> None:
    assert [c.text for c in grid(TABLE.rows[1])] == [
        "1", "Công bố thủ tục hành chính", "Theo phân công tại Quyết định số 1441/QĐ-UBND", "", "2026",
        "Văn phòng UBND tỉnh",
    ]


def test_a_monitoring_column_is_neither_lead_nor_support() -> None:
    cols = detect_columns(TABLE)
    assert cols is not None and (cols.ref, cols.task, cols.lead, cols.support, cols.deadline) == (0, 1, 2, 3, 4)
    outline = segment(RawDocument(blocks=[Paragraph("PHỤ LỤC", Source(line=1)), TABLE]))
    drafts = tasks_of_table(TABLE, 1, outline)
    assert [(d.ref, d.supports, d.timeline) for d in drafts] == [("1", [], "2026"), ("2", ["các sở, ngành"], "Quý II/2026")]
    assert drafts[1].leads == ["Sở Tư pháp"]
    assert drafts[0].source.row == 2 and drafts[0].source.cell == 2
