"""The public transparency pages and API, anonymously: published plans only, progress from accepted
reports only, nothing private (obstacles, proposals, review comments, evidence, people), text inert."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from theodoi.services import accounts, reports, views
from theodoi.services.agencies import find_agency
from theodoi.services.plans import publish
from theodoi.services.reports import ReportInput
from theodoi.web import create_app

ADMIN = accounts.Principal(0, "t", "t", "admin", None, ())


def page(c: TestClient, url: str, status: int = 200) -> BeautifulSoup:
    r = c.get(url)
    assert r.status_code == status, r.text[:500]
    return BeautifulSoup(r.text, "html.parser")


def row_of(doc: BeautifulSoup, ref: str) -> Any:
    for tr in doc.select("table tbody tr"):
        if tr.find("td").get_text(strip=True) == ref:
            return tr
    raise AssertionError(f"no row {ref}")


@pytest.fixture
def site(founding: Any, clock: Any) -> Any:
    clock.set(date(2025, 10, 20))
    return founding


def test_a_draft_is_not_public(site: Any) -> None:
    c = TestClient(create_app(workspace=site), raise_server_exceptions=False)
    assert "/public/plans/1" not in c.get("/public").text
    page(c, "/public/plans/1", 404)
    assert c.get("/api/v1/public/plans/1").status_code == 404
    assert c.get("/api/v1/public/plans").json()["count"] == 0


def test_progress_is_what_was_accepted_and_nothing_private(site: Any) -> None:
    publish(site, 1)
    c = TestClient(create_app(workspace=site), raise_server_exceptions=False)
    listing = page(c, "/public")
    assert listing.find("a", href="/public/plans/1") is not None
    task = next(t for t in views.tasks(site, ADMIN, plan_id=1, agency="Sở Xây dựng tỉnh Bắc Ninh") if t["lead"] == ["Sở Xây dựng"])
    with site.read() as session:
        agency_id = find_agency(session, "Sở Xây dựng tỉnh Bắc Ninh").id
    before = row_of(page(c, "/public/plans/1"), task["ref"]).get_text(" ", strip=True)
    report = reports.submit(site, task_id=task["task_id"], agency_id=agency_id, period="2025-Q3", data=ReportInput(
        status="done", completed_on=date(2025, 9, 30), result="<script>alert('x')</script> Đã hoàn thành việc A.",
        obstacles="KHÓ KHĂN NỘI BỘ", proposals="KIẾN NGHỊ NỘI BỘ", evidence=[("bien-ban.pdf", b"%PDF-1.4\n%%EOF\n")]))
    waiting = page(c, "/public/plans/1")
    assert row_of(waiting, task["ref"]).get_text(" ", strip=True) == before  # not yet accepted: nothing changes
    assert "Đã hoàn thành việc A" not in waiting.text
    reports.accept(site, report.id, comment="NHẬN XÉT CỦA NGƯỜI DUYỆT")
    raw = c.get("/public/plans/1").text
    shown = BeautifulSoup(raw, "html.parser")
    row = row_of(shown, task["ref"]).get_text(" ", strip=True)
    assert "Hoàn thành" in row and "Đã hoàn thành việc A." in row and "2025-Q3" in row
    assert "<script>alert" not in raw and "&lt;script&gt;" in raw  # inert
    for private in ("KHÓ KHĂN NỘI BỘ", "KIẾN NGHỊ NỘI BỘ", "NHẬN XÉT CỦA NGƯỜI DUYỆT", "bien-ban.pdf", "cli:test", "/evidence/"):
        assert private not in raw
    api = c.get("/api/v1/public/plans/1").json()
    flat = str(api)
    assert api["counts"]["total"] == 26 and api["tasks"]["count"] == 26
    assert "KHÓ KHĂN" not in flat and "KIẾN NGHỊ" not in flat and "NHẬN XÉT" not in flat
    found = next(t for t in api["tasks"]["data"] if t["ref"] == task["ref"])
    assert found["status"] in ("done_on_time", "done_late") and "folded" not in found


def test_search_and_filters(site: Any) -> None:
    publish(site, 1)
    c = TestClient(create_app(workspace=site), raise_server_exceptions=False)
    found = page(c, "/public/plans/1?q=ket+noi+giao+thuong").select("table tbody tr")
    assert [tr.find("td").get_text(strip=True) for tr in found] == ["II.5.3"]
    overdue = page(c, "/public/plans/1?status=overdue").select("table tbody tr")
    assert overdue and all("Quá hạn" in tr.get_text() for tr in overdue)
    assert c.get("/public/plans/1?status=bogus").status_code == 422
    english = TestClient(create_app(workspace=site), raise_server_exceptions=False, cookies={"lang": "en"})
    assert "Public progress" in english.get("/public").text
