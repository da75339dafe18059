"""Importing plans: the founding plan's register in the database, agencies resolved to the registry,
groups expanded to their members, successions followed, review items, idempotence, revisions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from theodoi.services.imports import import_plan
from theodoi.services.plans import find_task, open_review, publish
from theodoi.store import Agency, Assignment, AuditEvent, Plan, PlanFinding, ReviewItem, StoredFile, Task

JUNE = date(2025, 6, 15)


def current(session: Any, task: Task, on: date) -> list[Assignment]:
    return [a for a in session.scalars(select(Assignment).where(Assignment.task_id == task.id)) if a.valid_on(on)]


def test_the_founding_plan_is_stored_as_a_draft(founding: Any) -> None:
    with founding.read() as session:
        plan = session.get(Plan, 1)
        assert plan is not None and plan.status == "draft"
        assert plan.issuer == "Ủy ban nhân dân tỉnh Bắc Giang" and plan.effective_from == date(2025, 6, 1)
        assert session.scalar(select(func.count()).select_from(Task).where(Task.plan_id == 1)) == 26
        stored = session.get(StoredFile, plan.source_sha256)
        assert stored is not None and stored.size > 10000 and len(plan.source_sha256) == 64
        assert session.scalar(select(func.count()).select_from(PlanFinding)) >= 5
        assert plan.extraction["schema"] == "theodoi.plan/1"
        actions = session.scalars(select(AuditEvent.action)).all()
        assert actions == ["plan.import"]


def test_every_lead_and_coordinating_agency_resolves_to_the_registry(founding: Any) -> None:
    with founding.read() as session:
        assert [i.text for i in open_review(session, 1) if i.kind == "unknown-agency"] == []
        for task in session.scalars(select(Task).where(Task.plan_id == 1)):
            rows = current(session, task, JUNE)
            assert any(a.role == "lead" for a in rows), task.key
            for a in rows:
                assert a.agency.organisation.code in ("tinh-bac-giang", "trung-uong"), (task.key, a.agency.full_name)
                assert a.agency.kind != "group"


def test_named_agencies_are_the_province_s_bodies(founding: Any) -> None:
    with founding.read() as session:
        plan = session.get(Plan, 1)
        task = find_task(session, plan, "II.3.2")
        (lead,) = [a for a in current(session, task, JUNE) if a.role == "lead"]
        assert lead.agency.full_name == "Sở Xây dựng tỉnh Bắc Giang" and lead.via_group_id is None
        task = find_task(session, plan, "III.2")
        names = {a.agency.name for a in current(session, task, JUNE)}
        assert "Ban Tuyên giáo và Dân vận Tỉnh ủy" in names


def test_groups_expand_to_their_current_members(founding: Any) -> None:
    with founding.read() as session:
        plan = session.get(Plan, 1)
        task = find_task(session, plan, "II.1.1")  # "Các sở, ngành, địa phương: ..."
        rows = current(session, task, JUNE)
        names = {a.agency.name for a in rows}
        assert all(a.role == "lead" and a.via_group_id is not None for a in rows)
        assert {"Sở Tài chính", "Sở Nội vụ", "Sở Xây dựng", "Sở Y tế", "Thanh tra tỉnh",
                "Văn phòng Ủy ban nhân dân tỉnh", "Ban Quản lý các khu công nghiệp tỉnh"} <= names
        assert "Sở Kế hoạch và Đầu tư" not in names  # merged into Sở Tài chính on 01/3/2025
        assert "Ủy ban nhân dân tỉnh" not in names  # the issuer is not one of "các sở, ngành"
        localities = [a.agency for a in rows if a.agency.kind == "locality"]
        assert localities and all(a.level == "district" for a in localities)
        group = session.get(Agency, rows[0].via_group_id)
        assert group is not None and group.name == "các sở, ngành, địa phương"


def test_a_lead_named_in_a_group_is_not_also_a_coordinator(founding: Any) -> None:
    with founding.read() as session:
        plan = session.get(Plan, 1)
        task = find_task(session, plan, "II.1.2")  # Sở VHTTDL chủ trì, phối hợp với ... các sở, ngành địa phương
        rows = current(session, task, JUNE)
        vh = [a for a in rows if a.agency.name == "Sở Văn hóa, Thể thao và Du lịch"]
        assert [a.role for a in vh] == ["lead"]


def test_assignments_follow_the_province_merger(founding: Any) -> None:
    july = date(2025, 7, 1)
    with founding.read() as session:
        plan = session.get(Plan, 1)
        task = find_task(session, plan, "II.3.2")
        before = [a for a in current(session, task, JUNE) if a.role == "lead"]
        after = [a for a in current(session, task, july) if a.role == "lead"]
        assert [a.agency.full_name for a in after] == ["Sở Xây dựng tỉnh Bắc Ninh"]
        assert after[0].predecessor_id == before[0].id and after[0].reason == "succession"
        assert before[0].valid_to == july
        old_districts = {a.agency_id for a in current(session, find_task(session, plan, "II.1.1"), JUNE)
                         if a.agency.kind == "locality"}
        later = current(session, find_task(session, plan, "II.1.1"), july)
        assert not old_districts & {a.agency_id for a in later}


def test_the_coordinator_is_the_compiling_agency(founding: Any) -> None:
    with founding.read() as session:
        plan = session.get(Plan, 1)
        coordinator = session.get(Agency, plan.coordinator_id)
        assert coordinator is not None and coordinator.full_name == "Sở Tài chính tỉnh Bắc Giang"


def test_importing_the_same_file_again_returns_the_plan(founding: Any, founding_path: Path) -> None:
    result = import_plan(founding, founding_path)
    assert not result.created and result.plan_id == 1
    with founding.read() as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 1


def test_unknown_names_go_to_review_and_block_publishing(workspace: Any, tmp_path: Path) -> None:
    from theodoi.errors import Invalid
    from theodoi.services.plans import map_review

    text = ("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG\nSố: 12/KH-UBND\nBắc Giang, ngày 05 tháng 6 năm 2025\nKẾ HOẠCH\n"
            "Triển khai thí điểm\nI. NHIỆM VỤ\n1. Hợp tác xã Nông nghiệp Xuân Phong: Chủ trì xây dựng mô hình liên kết"
            " chuỗi giá trị, phối hợp với Sở Nông nghiệp và Môi trường. Thời gian thực hiện: Quý IV/2025.\n")
    path = tmp_path / "kh.txt"
    path.write_text(text, encoding="utf-8")
    result = import_plan(workspace, path)
    assert result.created and result.review
    with pytest.raises(Invalid, match="chưa xác định"):
        publish(workspace, result.plan_id)
    with workspace.read() as session:
        item = next(i for i in session.scalars(select(ReviewItem)) if i.kind == "unknown-agency")
    map_review(workspace, item.id, "Sở Công Thương tỉnh Bắc Giang")
    assert publish(workspace, result.plan_id).plan_id == result.plan_id
    with workspace.read() as session:
        plan = session.get(Plan, result.plan_id)
        task = session.scalars(select(Task).where(Task.plan_id == plan.id)).first()
        names = {(a.role, a.agency.full_name) for a in current(session, task, date(2025, 6, 20))}
        assert ("lead", "Sở Công Thương tỉnh Bắc Giang") in names
