"""The demo register: the founding plan published and marked, demo accounts, activity played through
the services up to the day (on time, late, missing, returned, escalated), all marked; idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.conftest import FOUNDING
from theodoi.data import load_toml
from theodoi.services import demo, obligations
from theodoi.store import AuditEvent, Plan, ProgressReport, User
from theodoi.web import create_app

MARK = load_toml("demo")["mark"]


@pytest.fixture(scope="module")
def built(backend: Any, tmp_path_factory: Any) -> Any:
    """One demo register for the module (playing it takes seconds): as of 20/11/2025."""
    from tests.conftest import Clock, make_settings
    from theodoi.services.workspace import Workspace

    clock = Clock(None)
    clock.set(date(2025, 11, 20))

    def fill(url: str) -> None:
        ws = Workspace.open(make_settings(url), actor="test", clock=clock)
        demo.build(ws, FOUNDING, seed=7)
        ws.close()

    url = backend.copy(backend.template("demo7", fill))
    ws = Workspace.open(make_settings(url), actor="test", clock=clock)
    yield ws
    ws.close()
    backend.drop(url)


def test_the_plan_is_published_and_marked(built: Any) -> None:
    with built.read() as session:
        plan = session.scalar(select(Plan))
        assert plan is not None and plan.status == "published" and plan.demo
        users = {u.username: u for u in session.scalars(select(User))}
    assert {"quantri", "taichinh", "lanhdao"} <= set(users)
    assert users["taichinh"].role == "coordinator" and users["lanhdao"].role == "leader"
    assert sum(u.role == "officer" for u in users.values()) == demo.OFFICERS


def test_the_activity_is_plausible_and_marked(built: Any) -> None:
    with built.read() as session:
        rows = session.execute(select(ProgressReport.result, ProgressReport.review_state, ProgressReport.escalated,
                                      ProgressReport.submitted_by, ProgressReport.submitted_at)).all()
        actors = set(session.scalars(select(AuditEvent.actor).where(AuditEvent.action.like("report.%"))))
    assert len(rows) > 200
    assert all(r.result.startswith(MARK) for r in rows)
    assert all(a.startswith("demo:") for a in actors) and all(r.submitted_by.startswith("demo:") for r in rows)
    assert all(built.local_date(r.submitted_at) <= date(2025, 11, 20) for r in rows)  # nothing in the future
    states = Counter(r.review_state for r in rows)
    assert states["accepted"] > states["submitted"] > 0
    owed = Counter(o.state for o in obligations.obligations(built, on=date(2025, 11, 20)))
    assert owed["on_time"] > owed["late"] > 0 and owed["missing"] > 0


def test_running_it_again_changes_nothing(built: Any) -> None:
    with built.read() as session:
        before = session.scalar(select(func.count()).select_from(AuditEvent))
    again = demo.build(built, FOUNDING, seed=7)
    assert not again.created and {a.username for a in again.accounts} >= {"quantri", "taichinh", "lanhdao"}
    with built.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == before


def test_every_page_says_it_is_demo_data(built: Any) -> None:
    c = TestClient(create_app(workspace=built), raise_server_exceptions=False)
    assert "demo-banner" in c.get("/public").text and "demo-banner" in c.get("/public/plans/1").text
    assert c.post("/login", data={"username": "taichinh", "password": load_toml("demo")["password"], "next": "/"},
                  follow_redirects=False).status_code == 303
    for url in ("/", "/plans/1"):
        assert "demo-banner" in c.get(url).text
    assert MARK in c.get("/review").text  # reports awaiting review


@pytest.mark.parametrize("period", ["2025-Q3", "2025"])
def test_the_consolidated_report_after_the_demo_year_reads_as_vietnamese(built: Any, period: str) -> None:
    import io
    import re

    from docx import Document

    from tests.services.test_urging import ENGLISH, paragraphs
    from theodoi.services.report_docx import consolidated_docx

    doc = Document(io.BytesIO(consolidated_docx(built, plan="1", period=period)))
    lines = [p.text for p in paragraphs(doc)]
    whole = "\n".join(lines)
    words = {w.lower() for w in re.findall(r"[A-Za-z_]+", whole)}
    assert not words & ENGLISH, words & ENGLISH  # no English words
    assert not re.search(r"\b(None|null|True|False|[a-z]+_[a-z]+|\d{4}-(?:Q\d|H\d|M\d\d|9M))\b", whole)  # no codes
    heads = [i for i, t in enumerate(lines) if re.match(r"^(I|II|III|IV|V)\. [A-ZĐ]", t)]
    assert len(heads) == 5
    for here, following in zip(heads, heads[1:] + [len(lines)], strict=True):
        assert any(t.strip() for t in lines[here + 1:following]), lines[here]  # every section says something
    results = [t for t in lines if t.startswith("- ") and "(nhiệm vụ " in t]
    assert results and all(MARK in t for t in results)  # the demo's accepted results, marked as demo data


@pytest.mark.parametrize("day", [date(2025, 11, 20), date(2025, 9, 30), date(2025, 7, 15)])
def test_an_agency_s_task_list_from_the_plan_s_overview_is_the_one_computed_alone(built: Any, day: date) -> None:
    from theodoi.services import listing
    from theodoi.services import status as status_service

    whole = status_service.overview(built, on=day, plan_ids=[1])
    agencies = sorted({p.agency_id for p in whole.parts})
    assert len(agencies) > 5
    for agency in agencies:
        alone = listing.tasks(built, plan="1", agency=str(agency), on=day)
        assert alone and listing.tasks(built, plan="1", agency=str(agency), on=day, view=whole) == alone, agency
    assert listing.tasks(built, plan="1", on=day, view=whole) == listing.tasks(built, plan="1", on=day)
