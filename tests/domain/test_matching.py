"""Matching a revised plan's tasks to the old version's."""

from __future__ import annotations

from theodoi.domain.matching import TaskSig, match


def sig(i: int, ref: str, text: str, lead: tuple[str, ...] = ("Sở Tài chính",), due: str | None = None) -> TaskSig:
    return TaskSig(i, ref, ref, text, lead, (), None, due)


OLD = [
    sig(1, "1.1", "Rà soát các văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành"),
    sig(2, "1.2", "Tổ chức tuyên truyền Kế hoạch trên các phương tiện thông tin đại chúng"),
    sig(3, "1.3", "Xây dựng kịch bản tăng trưởng GRDP năm 2025"),
]


def test_unchanged_changed_added_removed() -> None:
    new = [
        sig(11, "1.1", "Rà soát các văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành"),
        sig(12, "1.2", "Tổ chức tuyên truyền Kế hoạch trên các phương tiện thông tin đại chúng", due="2025-12-31"),
        sig(14, "1.4", "Đào tạo nguồn nhân lực bán dẫn", lead=("Sở Giáo dục và Đào tạo",)),
    ]
    changes = {(c.change, c.old.id if c.old else None, c.new.id if c.new else None) for c in match(OLD, new)}
    assert changes == {("unchanged", 1, 11), ("changed", 2, 12), ("added", None, 14), ("removed", 3, None)}


def test_renumbered_tasks_still_match_by_text() -> None:
    new = [sig(21, "2.1", OLD[2].text), sig(22, "2.2", OLD[0].text)]
    result = {c.new.id: c for c in match(OLD, new) if c.new}
    assert result[21].old is not None and result[21].old.id == 3 and result[21].fields["key"] == ("1.3", "2.1")
    assert result[22].old is not None and result[22].old.id == 1


def test_each_old_task_matches_once() -> None:
    new = [sig(31, "1.1", OLD[0].text), sig(32, "1.1", OLD[0].text)]
    kinds = sorted(c.change for c in match(OLD, new))
    assert kinds == ["added", "removed", "removed", "unchanged"]
