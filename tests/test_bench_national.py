"""The national-scale generator of the store benchmarks (bench/national.py), at a tiny scale: it keeps
producing a consistent, deterministic register that the status service can read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from bench.national import AS_OF, PLANS, REPORTS, TASKS, generate
from tests.conftest import make_settings
from theodoi.store import Assignment, Organisation, Plan, ProgressReport, Task, make_engine

SCALE = 0.002  # 4 plans, 120 tasks, ~1,200 reports


def _count(conn: Any, table: Any) -> int:
    return int(conn.scalar(select(func.count()).select_from(table)) or 0)


def _snapshot(url: str) -> dict[str, Any]:
    engine = make_engine(url)
    with engine.connect() as conn:
        result = {
            "plans": _count(conn, Plan), "tasks": _count(conn, Task), "assignments": _count(conn, Assignment),
            "reports": _count(conn, ProgressReport), "organisations": _count(conn, Organisation),
            "numbers": conn.scalars(select(Plan.number).order_by(Plan.id)).all(),
            "report_rows": conn.execute(select(ProgressReport.assignment_id, ProgressReport.period,
                                               ProgressReport.status, ProgressReport.review_state)
                                        .order_by(ProgressReport.id)).all(),
            "consistent": conn.scalar(
                select(func.count()).select_from(ProgressReport).join(Task, Task.id == ProgressReport.task_id)
                .join(Assignment, Assignment.id == ProgressReport.assignment_id)
                .where((Task.plan_id != ProgressReport.plan_id) | (Assignment.task_id != ProgressReport.task_id)
                       | (Assignment.agency_id != ProgressReport.agency_id))
            ),
            "counted": conn.scalar(select(func.sum(Task.reports_count))),
            "states": dict(conn.execute(select(ProgressReport.review_state, func.count())
                                        .group_by(ProgressReport.review_state)).all()),
        }
    engine.dispose()
    return result


def test_tiny_national_database_is_proportional_and_readable(database_url: str, backend: Any) -> None:
    from theodoi.services.summary import status_summary
    from theodoi.services.workspace import Workspace

    counts = generate(database_url, scale=SCALE, seed=3, progress=False, provinces=2)
    got = _snapshot(database_url)
    assert got["organisations"] == counts.organisations == 2
    assert got["plans"] == counts.plans == round(PLANS * SCALE)
    assert got["tasks"] == counts.tasks == round(TASKS * SCALE)
    assert 2.5 <= got["assignments"] / got["tasks"] <= 4.5  # 1–2 leads and 0–4 supports per task
    assert got["reports"] == counts.reports
    assert 0.6 * REPORTS * SCALE <= got["reports"] <= 1.4 * REPORTS * SCALE
    assert got["consistent"] == 0  # a report's task, plan and agency are its assignment's
    assert got["counted"] == got["reports"]  # Task.reports_count kept in step
    assert 0.55 <= got["states"].get("accepted", 0) / got["reports"] <= 0.85
    assert all(n and "/" in n and n.endswith("-UBND") for n in got["numbers"])

    clock = datetime(2026, 10, 20, 3, tzinfo=UTC)
    ws = Workspace.open(make_settings(database_url), actor="test:bench", clock=lambda: clock)
    try:
        with ws.read() as session:
            code = session.scalar(select(Organisation.code).join(Plan, Plan.organisation_id == Organisation.id).limit(1))
            busiest = session.scalar(select(Assignment.agency_id).group_by(Assignment.agency_id)
                                     .order_by(func.count().desc(), Assignment.agency_id).limit(1))
        province = status_summary(ws, on=AS_OF, organisation=code)
        agency = status_summary(ws, on=AS_OF, agency=str(busiest))
    finally:
        ws.close()
    assert province["tasks"]["total"] > 0 and province["agencies"]
    assert 0 < agency["parts"]["total"] <= province["parts"]["total"]


def test_generation_is_deterministic_for_a_seed(tmp_path: Any) -> None:
    urls = [f"sqlite:///{tmp_path / name}.db" for name in ("a", "b", "c")]
    generate(urls[0], scale=0.001, seed=5, progress=False, provinces=1, chunk=1)
    generate(urls[1], scale=0.001, seed=5, progress=False, provinces=1, chunk=3)  # chunking does not matter
    generate(urls[2], scale=0.001, seed=6, progress=False, provinces=1)
    a, b, c = (_snapshot(url) for url in urls)
    assert a == b and a["reports"] > 0
    assert c["report_rows"] != a["report_rows"]
