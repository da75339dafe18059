"""A revised version of the founding plan: its tasks are matched to the first version's, the diff is
recorded, and publishing it moves the reports onto the matching tasks without losing any."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from theodoi.services.agencies import agency_id
from theodoi.services.imports import import_plan
from theodoi.services.plans import publish, task_id
from theodoi.services.reports import ReportInput, submit
from theodoi.store import Plan, ProgressReport, Task, TaskChange

NEW_TASK = ("5.8. Sở Y tế: Chủ trì tham mưu nâng cao chất lượng khám, chữa bệnh tại tuyến xã sau sắp xếp.\n\n"
            "Thời gian thực hiện: Quý IV/2025\n\n")


def revised(founding_path: Path, tmp_path: Path) -> Path:
    text = founding_path.read_text(encoding="utf-8")
    start = text.index("3.4. Sở Nông nghiệp và Môi trường: Chủ trì tham mưu")
    end = text.index("3.5. Các sở, ngành, địa phương")
    text = text[:start] + text[end:]  # task II.3.4 removed
    text = text.replace("Thời gian: năm 2025", "Thời gian: Quý IV/2025")  # II.4.2: a new wording
    text = text.replace("III. TỔ CHỨC THỰC HIỆN", NEW_TASK + "III. TỔ CHỨC THỰC HIỆN")
    path = tmp_path / "bacgiang-kh-2025-tang-truong-sua-doi.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_revision_keeps_every_report(founding: Any, clock: Any, founding_path: Path, tmp_path: Path) -> None:
    publish(founding, 1)
    clock.set(date(2025, 9, 12))
    reports = {}
    for key, agency in (("II.3.2", "Sở Xây dựng tỉnh Bắc Ninh"), ("II.4.2", "Sở Tài chính tỉnh Bắc Ninh"),
                        ("II.3.4", "Sở Nông nghiệp và Môi trường tỉnh Bắc Ninh")):
        reports[key] = submit(founding, task_id=task_id(founding, "1", key), agency_id=agency_id(founding, agency),
                              period="2025-Q3", data=ReportInput(status="in_progress", percent=50)).id

    clock.set(date(2025, 9, 20))
    result = import_plan(founding, revised(founding_path, tmp_path))
    assert result.created and result.plan_id == 2
    assert result.changes == {"unchanged": 24, "changed": 1, "removed": 1, "added": 1}
    with founding.read() as session:
        plan = session.get(Plan, 2)
        assert plan is not None and plan.supersedes_id == 1 and plan.version_no == 2 and plan.lineage_id == 1
        changed = session.scalars(select(TaskChange).where(TaskChange.plan_id == 2, TaskChange.change == "changed")).one()
        assert changed.old_key == "II.4.2" and changed.fields == {"deadline_text": ["năm 2025", "Quý IV/2025"]}
        removed = session.scalars(select(TaskChange).where(TaskChange.plan_id == 2, TaskChange.change == "removed")).one()
        added = session.scalars(select(TaskChange).where(TaskChange.plan_id == 2, TaskChange.change == "added")).one()
        assert removed.old_key == "II.3.4" and added.new_key == "II.5.8"

    outcome = publish(founding, 2)
    assert outcome.superseded == 1 and outcome.carried == {"moved": 2, "kept": 1}
    with founding.read() as session:
        assert session.scalar(select(func.count()).select_from(ProgressReport)) == 3  # nothing lost
        assert session.get(Plan, 1).status == "superseded"  # type: ignore[union-attr]
        for key in ("II.3.2", "II.4.2"):
            report = session.get(ProgressReport, reports[key])
            task = session.get(Task, report.task_id)  # type: ignore[union-attr]
            assert task is not None and task.plan_id == 2 and task.key == key and task.previous_task_id is not None
        kept = session.get(ProgressReport, reports["II.3.4"])
        assert kept is not None and kept.plan_id == 1
