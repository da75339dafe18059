"""The agency's side in the browser, read back with BeautifulSoup: the inbox lists exactly what the agency
owes, the report form files a report with its evidence (refusals keep what was typed and save nothing),
the coordinator's queue accepts or returns, the leader decides an escalation, notifications, downloads."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from theodoi.services import accounts, views
from theodoi.services.plans import publish, task_id
from theodoi.web import create_app

PASSWORD = "mat-khau-du-dai"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def site(founding: Any, clock: Any) -> Any:
    publish(founding, 1)
    clock.set(date(2025, 10, 20))
    for username, role, agency in (
        ("dieuphoi", "coordinator", "Sở Tài chính tỉnh Bắc Ninh"), ("xaydung", "officer", "Sở Xây dựng tỉnh Bắc Ninh"),
        ("congthuong", "officer", "Sở Công Thương tỉnh Bắc Ninh"), ("lanhdao", "leader", "Ủy ban nhân dân tỉnh Bắc Ninh"),
    ):
        accounts.add_user(founding, username=username, password=PASSWORD, role=role, agency=agency,
                          display_name=username.title())
    return founding


def client(ws: Any, user: str | None) -> TestClient:
    c = TestClient(create_app(workspace=ws), raise_server_exceptions=False)
    if user:
        done = c.post("/login", data={"username": user, "password": PASSWORD, "next": "/"}, follow_redirects=False)
        assert done.status_code == 303, done.text[:300]
    return c


def soup(response: Any, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.text[:800]
    return BeautifulSoup(response.text, "html.parser")


def csrf(page: BeautifulSoup) -> str:
    field = page.find("input", attrs={"name": "csrf_token"})
    assert field is not None
    return str(field["value"])


def officer_tasks(ws: Any, agency: str) -> set[str]:
    admin = accounts.Principal(0, "t", "t", "admin", None, ())
    return {t["ref"] for t in views.tasks(ws, admin, plan_id=1, agency=agency)}


def other_agency(ws: Any) -> int:
    from theodoi.services.accounts import login

    return int(login(ws, "congthuong", PASSWORD)[0].agency_id or 0)


def inbox_refs(page: BeautifulSoup) -> set[str]:
    return {a.get_text() for a in page.select("main table a[href^='/tasks/']")}


def form_fields(page: BeautifulSoup, **typed: str) -> dict[str, str]:
    form = page.find("form", attrs={"action": "/reports"})
    assert form is not None
    fields = {str(i["name"]): str(i.get("value", "")) for i in form.find_all("input") if i.get("type") in ("hidden", None)}
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True) or select.find("option")
        fields[str(select["name"])] = str(chosen["value"])
    fields.update({"status": "in_progress", "percent": "40", "result": "Đã triển khai", **typed})
    return fields


def test_the_inbox_lists_exactly_what_the_agency_owes(site: Any) -> None:
    page = soup(client(site, "xaydung").get("/inbox"))
    assert "Sở Xây dựng" in page.h1.get_text()
    refs = inbox_refs(page)
    assert refs and refs <= officer_tasks(site, "Sở Xây dựng tỉnh Bắc Ninh")
    other = soup(client(site, "congthuong").get("/inbox"))
    assert inbox_refs(other) <= officer_tasks(site, "Sở Công Thương tỉnh Bắc Ninh")
    assert inbox_refs(other) != refs
    assert page.find("a", href=re.compile(r"^/reports/new\?task_id=\d+&period="))


def test_an_officer_files_a_report_with_evidence_and_the_coordinator_accepts_it(site: Any) -> None:
    officer = client(site, "xaydung")
    link = soup(officer.get("/inbox")).find("a", href=re.compile(r"^/reports/new"))
    form = soup(officer.get(str(link["href"])))
    assert form.find("label", attrs={"for": "files"}) and form.find("input", attrs={"type": "file", "name": "files"})
    sent = officer.post("/reports", data=form_fields(form, result="Đã ban hành hướng dẫn <script>alert(1)</script>"),
                        files=[("files", ("bien-ban.pdf", PDF, "application/pdf"))], follow_redirects=False)
    assert sent.status_code == 303, BeautifulSoup(sent.text, "html.parser").find(attrs={"role": "alert"})
    report_url = sent.headers["location"].split("?")[0]
    page = soup(officer.get(sent.headers["location"]))
    assert "Đã gửi báo cáo" in page.get_text() and page.find("script") is None
    assert "<script>alert(1)</script>" in page.get_text()  # shown as text, inert
    download = page.find("a", href=re.compile(r"^/evidence/\d+$"))
    got = officer.get(str(download["href"]))
    assert got.status_code == 200 and got.content == PDF and "attachment" in got.headers["content-disposition"]
    assert client(site, "congthuong").get(str(download["href"])).status_code == 404
    assert client(site, "congthuong").get(report_url).status_code == 404
    coordinator = client(site, "dieuphoi")
    queue = soup(coordinator.get("/review"))
    row = queue.find("form", attrs={"action": f"{report_url}/review"})
    assert row is not None
    fields = {str(i["name"]): str(i.get("value", "")) for i in row.find_all("input")}
    done = coordinator.post(f"{report_url}/review", data={**fields, "verdict": "accept"}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/review"
    assert soup(coordinator.get("/review")).find("form", attrs={"action": f"{report_url}/review"}) is None
    assert "Đã chấp nhận" in soup(officer.get(report_url)).get_text()
    notes = soup(officer.get("/notifications"))
    assert notes.find("a", href=report_url)


@pytest.mark.parametrize(("name", "content", "status", "words"), [
    ("big.pdf", PDF + b"0" * (2 * 1024 * 1024), 413, "lớn hơn"),
    ("virus.exe", b"MZ\x90\x00", 415, "không được nhận"),
    ("fake.pdf", b"this is not a pdf", 415, "không phải là tệp .pdf"),
])
def test_refused_files_keep_what_was_typed_and_save_nothing(site: Any, name: str, content: bytes, status: int,
                                                            words: str) -> None:
    site.settings = site.settings.model_copy(update={"evidence_max_mb": 1.0})
    officer = client(site, "xaydung")
    link = soup(officer.get("/inbox")).find("a", href=re.compile(r"^/reports/new"))
    form = soup(officer.get(str(link["href"])))
    typed = "Kết quả rất dài đã gõ, không được mất"
    answer = soup(officer.post("/reports", data=form_fields(form, result=typed),
                               files=[("files", (name, content, "application/octet-stream"))]), status)
    assert words in answer.find(attrs={"role": "alert"}).get_text()
    assert answer.find("textarea", attrs={"name": "result"}).get_text() == typed
    admin = accounts.Principal(0, "t", "t", "admin", None, ())
    assert views.reports(site, admin)[1] == 0


def test_bad_values_are_refused_with_the_form_kept(site: Any) -> None:
    officer = client(site, "xaydung")
    link = soup(officer.get("/inbox")).find("a", href=re.compile(r"^/reports/new"))
    form = soup(officer.get(str(link["href"])))
    answer = soup(officer.post("/reports", data=form_fields(form, percent="abc", obstacles="Thiếu vốn")), 422)
    assert "0 đến 100" in answer.find(attrs={"role": "alert"}).get_text()
    assert answer.find("textarea", attrs={"name": "obstacles"}).get_text() == "Thiếu vốn"
    no_token = form_fields(form)
    no_token["csrf_token"] = "sai"
    assert officer.post("/reports", data=no_token).status_code == 403


def test_an_officer_cannot_act_for_another_agency(site: Any) -> None:
    officer = client(site, "xaydung")
    foreign = sorted(officer_tasks(site, "Sở Công Thương tỉnh Bắc Ninh") - officer_tasks(site, "Sở Xây dựng tỉnh Bắc Ninh"))
    other = task_id(site, "1", foreign[0])
    assert officer.get(f"/reports/new?task_id={other}").status_code == 404
    link = soup(officer.get("/inbox")).find("a", href=re.compile(r"^/reports/new"))
    form = soup(officer.get(str(link["href"])))
    fields = form_fields(form, task_id=str(other))
    assert officer.post("/reports", data=fields).status_code == 404  # not its task: not found
    fields = form_fields(form)
    fields["agency_id"] = str(other_agency(site))
    sent = officer.post("/reports", data=fields, follow_redirects=False)  # another agency named: its own is used
    assert sent.status_code == 303
    assert views.report(site, accounts.Principal(0, "t", "t", "admin", None, ()),
                        int(sent.headers["location"].split("/")[2].split("?")[0]))["agency"].startswith("Sở Xây dựng")
    assert officer.get("/review").status_code == 403
    assert officer.post("/reports/1/review", data={"csrf_token": csrf(form), "verdict": "accept"}).status_code in (403, 404)


def test_return_needs_a_reason_and_the_officer_resubmits(site: Any) -> None:
    officer = client(site, "xaydung")
    link = soup(officer.get("/inbox")).find("a", href=re.compile(r"^/reports/new"))
    form = soup(officer.get(str(link["href"])))
    sent = officer.post("/reports", data=form_fields(form), follow_redirects=False)
    url = sent.headers["location"].split("?")[0]
    coordinator = client(site, "dieuphoi")
    page = soup(coordinator.get(url))
    review = page.find("form", attrs={"action": f"{url}/review"})
    fields = {str(i["name"]): str(i.get("value", "")) for i in review.find_all("input")}
    refused = soup(coordinator.post(f"{url}/review", data={**fields, "verdict": "return", "comment": " "}), 422)
    assert "lý do" in refused.get_text()
    coordinator.post(f"{url}/review", data={**fields, "verdict": "return", "comment": "Bổ sung số liệu"})
    box = soup(officer.get("/inbox"))
    again = box.find("a", string=re.compile("Sửa và nộp lại"))
    assert again is not None
    form = soup(officer.get(str(again["href"])))
    assert "Bổ sung số liệu" in form.get_text()
    assert form.find("textarea", attrs={"name": "result"}).get_text() == "Đã triển khai"  # the returned report's text
    resent = officer.post("/reports", data=form_fields(form, result="Đã bổ sung"), follow_redirects=False)
    assert resent.status_code == 303 and resent.headers["location"].split("?")[0] == url
    notes = soup(officer.get("/notifications"))
    fields = {"csrf_token": csrf(notes), "ids": [i["value"] for i in notes.find_all("input", attrs={"name": "ids"})]}
    assert fields["ids"]
    officer.post("/notifications/read", data=fields)
    assert not soup(officer.get("/notifications")).find_all("input", attrs={"name": "ids"})


def test_the_leader_decides_an_escalation(site: Any) -> None:
    officer = client(site, "xaydung")
    link = soup(officer.get("/inbox")).find("a", href=re.compile(r"^/reports/new"))
    form = soup(officer.get(str(link["href"])))
    sent = officer.post("/reports", data=form_fields(form, obstacles="Vượt thẩm quyền", proposals="Xin chủ trương",
                                                     escalate="on"), follow_redirects=False)
    url = sent.headers["location"].split("?")[0]
    leader = client(site, "lanhdao")
    assert leader.get("/").text.count(url) == 1  # on the dashboard, awaiting a decision
    page = soup(leader.get(url))
    decide = page.find("form", attrs={"action": f"{url}/decide"})
    assert page.find("form", attrs={"action": f"{url}/review"}) is None  # leaders do not review
    done = leader.post(f"{url}/decide", data={"csrf_token": csrf(page), "decision": "Đồng ý chủ trương"},
                       follow_redirects=False)
    assert done.status_code == 303 and decide is not None
    assert "Đồng ý chủ trương" in soup(officer.get(url)).get_text()
    assert leader.get(str(link["href"])).status_code == 403  # leaders do not file reports


def test_a_long_inbox_shows_the_first_rows_and_pages_through_a_group(site: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from theodoi.services import inbox

    monkeypatch.setattr(inbox, "GROUP_ROWS", 3)
    monkeypatch.setattr(inbox, "PAGE_ROWS", 4)
    c = client(site, "xaydung")
    whole = soup(c.get("/inbox"))
    missing = whole.find("h2", id="missing")
    total = int(re.search(r"\((\d+)\)", missing.get_text()).group(1))
    assert total > 8
    assert len(missing.find_next("table").select("tbody tr")) == 3
    assert whole.find("a", href="?group=missing").get_text() == f"Xem tất cả ({total})"
    seen: list[str] = []
    for page in range(1, -(-total // 4) + 1):
        part = soup(c.get(f"/inbox?group=missing&page={page}"))
        assert part.find("h2", id="pending") is None  # one group only
        seen += [tr.select("td")[1].get_text(" ", strip=True) + tr.select("td")[3].get_text() for tr in part.select("tbody tr")]
    assert len(seen) == total == len(set(seen))  # every row once
    assert c.get("/inbox?group=nothing").status_code in (400, 422)
