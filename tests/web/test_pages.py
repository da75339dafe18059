"""The pages, read back with BeautifulSoup: sign-in and its redirects, the dashboard of each role, a
plan with its section tree, filters and diacritic-insensitive search, a task, error pages, hostile
text rendered inert, the language switch."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from theodoi.services import accounts
from theodoi.services.agencies import agency_id
from theodoi.services.plans import publish, task_id
from theodoi.web import create_app

PASSWORD = "mat-khau-du-dai"


@pytest.fixture
def site(founding: Any, clock: Any) -> Any:
    publish(founding, 1)
    clock.set(date(2025, 10, 5))
    accounts.add_user(founding, username="dieuphoi", password=PASSWORD, role="coordinator",
                      agency="Sở Tài chính tỉnh Bắc Ninh", display_name="Trần Văn Điều")
    accounts.add_user(founding, username="xaydung", password=PASSWORD, role="officer", agency="Sở Xây dựng tỉnh Bắc Ninh")
    client = TestClient(create_app(workspace=founding), raise_server_exceptions=False)
    client.ws = founding  # type: ignore[attr-defined]
    return client


def sign_in(site: Any, user: str) -> None:
    response = site.post("/login", data={"username": user, "password": PASSWORD, "next": "/"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def soup(response: Any) -> BeautifulSoup:
    assert response.status_code == 200, response.text[:500]
    return BeautifulSoup(response.text, "html.parser")


def test_pages_need_an_account_and_come_back_after_sign_in(site: Any) -> None:
    response = site.get("/plans/1?q=x", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/plans/1%3Fq%3Dx"
    page = soup(site.get("/login?next=/plans/1"))
    assert page.find("label", attrs={"for": "username"}) and page.find("input", attrs={"type": "password"})
    wrong = site.post("/login", data={"username": "dieuphoi", "password": "sai", "next": "/"})
    assert wrong.status_code == 401 and "sai tên đăng nhập" in wrong.text
    done = site.post("/login", data={"username": "dieuphoi", "password": PASSWORD, "next": "/plans/1"},
                     follow_redirects=False)
    assert done.headers["location"] == "/plans/1"
    evil = site.post("/login", data={"username": "dieuphoi", "password": PASSWORD, "next": "//evil.example/"},
                     follow_redirects=False)
    assert evil.headers["location"] == "/"  # no open redirect


def test_sign_out_needs_the_form_token(site: Any) -> None:
    sign_in(site, "dieuphoi")
    assert site.post("/logout", data={}).status_code == 403
    token = soup(site.get("/")).find("input", attrs={"name": "csrf_token"})["value"]
    assert site.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert site.get("/", follow_redirects=False).status_code == 303


def test_the_coordinator_s_dashboard(site: Any) -> None:
    sign_in(site, "dieuphoi")
    page = soup(site.get("/"))
    assert page.html["lang"] == "vi" and page.h1.get_text(strip=True) == "Tổng quan"
    assert "05/10/2025" in page.get_text()
    overdue = page.find("h2", string=lambda s: s and s.startswith("Nhiệm vụ quá hạn"))
    assert overdue.get_text(strip=True) == "Nhiệm vụ quá hạn (2)"  # II.2.2 and II.2.3 (Quý III/2025)
    assert {a.get_text() for a in page.select("table a[href^='/tasks/']")} >= {"II.2.2", "II.2.3"}
    chart = page.select_one(".chart img")
    assert chart["src"].startswith("data:image/svg+xml;base64,") and "Quá hạn: 2" in chart["alt"]


def test_an_officer_s_dashboard_is_its_agency_s(site: Any) -> None:
    sign_in(site, "xaydung")
    page = soup(site.get("/"))
    assert "Sở Xây dựng" in page.h1.get_text()
    assert page.find("a", href="/inbox") and not page.find("a", href="/review")


def test_a_plan_its_tree_filters_and_search(site: Any) -> None:
    sign_in(site, "dieuphoi")
    page = soup(site.get("/plans/1"))
    assert page.select_one("nav.tree a[href='?section=II.3']")
    rows = page.select("table tbody tr")
    assert len(rows) == 26
    overdue = soup(site.get("/plans/1?status=overdue")).select("table tbody tr")
    assert {r.find("a").get_text() for r in overdue} == {"II.2.2", "II.2.3"}
    found = soup(site.get("/plans/1?q=ket+noi+giao+thuong"))  # "kết nối giao thương", typed without diacritics
    assert [r.find("a").get_text() for r in found.select("table tbody tr")] == ["II.5.3"]
    section = soup(site.get("/plans/1?section=II.3")).select("table tbody tr")
    assert {r.find("a").get_text() for r in section} == {"II.3.1", "II.3.1#2", "II.3.2", "II.3.3", "II.3.4", "II.3.5"}


def test_a_task_page(site: Any) -> None:
    sign_in(site, "dieuphoi")
    page = soup(site.get(f"/tasks/{task_id(site.ws, '1', 'II.3.2')}"))
    text = page.get_text(" ", strip=True)
    assert "Nhiệm vụ II.3.2" in text and "Năm 2025 và thường xuyên" in text and "31/12/2025" in text
    assert "Sở Xây dựng tỉnh Bắc Ninh — chủ trì" in text
    assert page.select_one("blockquote.source")


def test_errors_are_pages_not_tracebacks(site: Any) -> None:
    sign_in(site, "dieuphoi")
    missing = site.get("/plans/999")
    assert missing.status_code == 404 and "Không tìm thấy" in missing.text and "Traceback" not in missing.text
    assert site.get("/tasks/abc").status_code == 422


def test_hostile_text_is_inert(site: Any, tmp_path: Path) -> None:
    from theodoi.services.imports import import_plan

    text = ("ỦY BAN NHÂN DÂN TỈNH BẮC GIANG\nKẾ HOẠCH\nThử nghiệm\nI. NHIỆM VỤ\n"
            "1. Sở Tư pháp: Chủ trì <script>alert('x')</script> rà soát văn bản <img src=x onerror=alert(1)>."
            " Thời gian thực hiện: Quý IV/2025.\n")
    path = tmp_path / "kh.txt"
    path.write_text(text, encoding="utf-8")
    plan = import_plan(site.ws, path).plan_id
    publish(site.ws, plan, force=True)
    sign_in(site, "dieuphoi")
    response = site.get(f"/plans/{plan}")
    assert "<script>alert" not in response.text and "&lt;script&gt;" in response.text
    assert "<img src=x" not in response.text
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_the_language_switch(site: Any) -> None:
    sign_in(site, "dieuphoi")
    assert site.get("/language/en?next=/plans", follow_redirects=False).headers["location"] == "/plans"
    page = soup(site.get("/plans"))
    assert page.html["lang"] == "en" and page.h1.get_text(strip=True) == "Plans"
    assert page.find("a", lang="vi").get_text() == "Tiếng Việt"


def test_the_consolidated_report_is_downloaded_from_the_plan_page(site: Any) -> None:
    import io

    from docx import Document

    sign_in(site, "dieuphoi")
    page = soup(site.get("/plans/1"))
    form = page.find("form", attrs={"action": "/plans/1/report"})
    assert form is not None and form.find("label", attrs={"for": "report-period"})
    periods = [o["value"] for o in form.find("select", attrs={"name": "period"}).find_all("option")]
    assert periods[0] == "2025-Q4" and "2025-Q3" in periods and "2025" in periods  # today is 05/10/2025
    got = site.get("/plans/1/report?period=2025-Q3&format=docx")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="bao-cao-1-2025-q3.docx"' in got.headers["content-disposition"]
    assert any(p.text == "BÁO CÁO" for p in Document(io.BytesIO(got.content)).paragraphs)
    wrong = site.get("/plans/1/report?period=2025-Q7")
    assert wrong.status_code == 422 and "kỳ báo cáo" in wrong.text and "Traceback" not in wrong.text
    site.cookies.clear()
    sign_in(site, "xaydung")  # an officer: its own agency's report, not the whole plan's
    form = soup(site.get("/plans/1")).find("form", attrs={"action": "/plans/1/report"})
    mine = form.find("input", attrs={"name": "agency_id"})["value"]
    assert "Báo cáo của cơ quan kỳ" in form.text and "xlsx" not in str(form)
    own = site.get(f"/plans/1/report?period=2025-Q3&agency_id={mine}")
    assert own.status_code == 200 and "SỞ XÂY DỰNG" in [p.text for p in Document(io.BytesIO(own.content)).paragraphs
                                                         + [p for t in Document(io.BytesIO(own.content)).tables
                                                            for c in t._cells for p in c.paragraphs]]
    assert site.get("/plans/1/report?period=2025-Q3").status_code == 403
    other = agency_id(site.ws, "Sở Nội vụ tỉnh Bắc Ninh")
    assert site.get(f"/plans/1/report?period=2025-Q3&agency_id={other}").status_code in (403, 404)


def test_the_growth_scenario_page_shows_the_standing_and_takes_a_new_file(site: Any) -> None:
    example = Path(__file__).resolve().parents[2] / "docs" / "examples" / "kich-ban-tang-truong.toml"
    sign_in(site, "dieuphoi")
    empty = soup(site.get("/plans/1/scenario"))
    assert "chưa có kịch bản" in empty.text and empty.find("input", attrs={"type": "file", "name": "file"})
    token = empty.find("input", attrs={"name": "csrf_token"})["value"]
    bad = site.post("/plans/1/scenario", data={"csrf_token": token},
                    files={"file": ("k.toml", b"[scenario\n", "text/plain")})
    assert bad.status_code == 422 and "sai cú pháp" in bad.text
    done = site.post("/plans/1/scenario", data={"csrf_token": token},
                     files={"file": ("k.toml", example.read_bytes(), "text/plain")}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/plans/1/scenario?kept=1"
    page = soup(site.get("/plans/1/scenario?kept=1"))
    assert "Đã lưu kịch bản." in page.text and "13,95%" in page.text and "13,51%" in page.text
    chart = page.find("img", src=lambda s: bool(s) and s.startswith("data:image/svg+xml;base64,"))
    assert chart is not None and "Tăng trưởng GRDP" in chart["alt"]
    assert "<script" not in page.decode()
    site.cookies.clear()
    sign_in(site, "xaydung")  # an officer reads it, cannot replace it
    page = soup(site.get("/plans/1/scenario"))
    assert "13,95%" in page.text and page.find("input", attrs={"type": "file"}) is None


def test_the_dashboard_offers_the_consolidated_report(site: Any) -> None:
    sign_in(site, "dieuphoi")
    form = soup(site.get("/")).find("form", attrs={"action": "/report"})
    assert form is not None and [o["value"] for o in form.find("select", attrs={"name": "plan_id"}).find_all("option")] == ["1"]
    on = site.get("/report?plan_id=1&period=2025-Q3&format=docx", follow_redirects=False)
    assert on.status_code == 303 and on.headers["location"] == "/plans/1/report?period=2025-Q3&format=docx"
    assert site.get("/report?period=2025-Q3").status_code == 422  # no plan chosen: said, not a crash


def test_the_dashboard_offers_an_officer_the_plans_its_agency_has_tasks_in_only(site: Any) -> None:
    from sqlalchemy import select

    from theodoi.store import Agency, Assignment

    with site.ws.read() as session:
        province = session.get(Agency, agency_id(site.ws, "Sở Tài chính tỉnh Bắc Ninh")).organisation_id
        idle = session.scalars(select(Agency.full_name).where(
            Agency.organisation_id == province, Agency.kind == "department",
            Agency.id.not_in(select(Assignment.agency_id))).order_by(Agency.id)).first()
    assert idle is not None
    accounts.add_user(site.ws, username="nhan-roi", password=PASSWORD, role="officer", agency=idle)
    sign_in(site, "xaydung")  # lead of tasks of plan 1: its own report of plan 1
    form = soup(site.get("/")).find("form", attrs={"action": "/report"})
    assert [o["value"] for o in form.find("select", attrs={"name": "plan_id"}).find_all("option")] == ["1"]
    site.cookies.clear()
    sign_in(site, "nhan-roi")  # no task in any plan: no plan to report on, no form
    assert soup(site.get("/")).find("form", attrs={"action": "/report"}) is None
