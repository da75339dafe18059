"""The authorisation matrix of the pages: every page route (each one the app declares, checked) called as
every role, as an officer of another agency, and anonymously; allowed calls are not refused (a state
error may follow: that is not a refusal), refused ones get 403/404 or, anonymously, the sign-in page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from theodoi.services import accounts, reports
from theodoi.services.agencies import agency_id
from theodoi.services.plans import publish, task_id
from theodoi.services.reports import ReportInput
from theodoi.web import create_app

PASSWORD = "mat-khau-du-dai"
XD, TP, TC = "Sở Xây dựng tỉnh Bắc Ninh", "Sở Tư pháp tỉnh Bắc Ninh", "Sở Tài chính tỉnh Bắc Ninh"
USERS = {"admin": ("admin", None), "coordinator": ("coordinator", TC), "leader": ("leader", "Ủy ban nhân dân tỉnh Bắc Ninh"),
         "officer": ("officer", XD), "other": ("officer", TP)}
ROLES = ("anonymous", *USERS)
READ = {"admin", "coordinator", "leader", "officer", "other"}
MANAGE = {"admin", "coordinator"}
EVERYONE = {"anonymous", *READ}
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def site(founding: Any, clock: Any) -> Any:
    publish(founding, 1)
    clock.set(date(2025, 10, 20))
    for name, (role, agency) in USERS.items():
        accounts.add_user(founding, username=name, password=PASSWORD, role=role, agency=agency)
    return founding


def signed_in(ws: Any, who: str) -> tuple[TestClient, str]:
    client = TestClient(create_app(workspace=ws), raise_server_exceptions=False)
    if who == "anonymous":
        return client, ""
    assert client.post("/login", data={"username": who, "password": PASSWORD, "next": "/"},
                       follow_redirects=False).status_code == 303
    token = BeautifulSoup(client.get("/plans").text, "html.parser").find("input", attrs={"name": "csrf_token"})
    return client, str(token["value"])


def table(ws: Any) -> list[tuple[str, str, dict[str, Any], set[str]]]:
    """(method, path, form data, the roles allowed) for every page route."""
    xd = agency_id(ws, XD)
    task = task_id(ws, "1", "II.3.2")
    filed = reports.submit(ws.acting_as("officer"), task_id=task, agency_id=xd, period="2025-Q3",
                           data=ReportInput(status="in_progress", percent=30, evidence=[("bien-ban.pdf", PDF)]))
    escalated = reports.submit(ws.acting_as("officer"), task_id=task, agency_id=xd, period="2025-Q4",
                               data=ReportInput(status="in_progress", obstacles="vướng", escalate=True))
    proof = _evidence(ws, filed.id)
    item = _review_item(ws)
    report_form = {"task_id": task, "agency_id": xd, "period": "2025-Q4", "status": "in_progress", "result": "x"}
    return [
        ("GET", "/", {}, READ),
        ("GET", "/login", {}, EVERYONE),
        ("GET", "/language/en", {}, EVERYONE),
        ("GET", "/public", {}, EVERYONE),
        ("GET", "/public/plans/1", {}, EVERYONE),
        ("POST", "/logout", {}, READ),
        ("GET", "/plans", {}, READ),
        ("GET", "/plans/1", {}, READ),
        ("GET", "/plans/1/report?period=2025-Q3", {}, MANAGE | {"leader"}),
        ("GET", f"/plans/1/report?period=2025-Q3&agency_id={xd}", {}, READ - {"other"}),  # an agency's own report
        ("GET", "/plans/1/scenario", {}, READ),
        ("GET", "/report?plan_id=1&period=2025-Q3", {}, READ),  # on to /plans/1/report, which decides
        ("POST", "/plans/1/scenario", {}, MANAGE),  # no file: the page again with the message
        ("GET", f"/tasks/{task}", {}, READ - {"other"}),
        ("GET", "/inbox", {}, READ),  # an administrator without an agency is asked to choose one
        ("GET", f"/reports/new?task_id={task}&agency_id={xd}", {}, {"admin", "coordinator", "officer"}),
        ("POST", "/reports", report_form, {"admin", "coordinator", "officer"}),
        ("GET", f"/reports/{filed.id}", {}, READ - {"other"}),
        ("POST", f"/reports/{filed.id}/review", {"verdict": "return", "comment": "Bổ sung"}, MANAGE),
        ("POST", f"/reports/{escalated.id}/decide", {"decision": "Đồng ý"}, MANAGE | {"leader"}),
        ("GET", "/review", {}, MANAGE),
        ("GET", f"/evidence/{proof}", {}, READ - {"other"}),
        ("GET", "/notifications", {}, READ),
        ("POST", "/notifications/read", {"ids": "1"}, READ),
        ("GET", "/upload", {}, MANAGE),
        ("POST", "/upload", {}, MANAGE),  # no file: the form again with the message
        ("GET", "/plans/1/review", {}, MANAGE),
        ("POST", f"/tasks/{task}/edit", {"text": "Sửa", "version": "999"}, MANAGE),  # stale: 409, not a refusal
        ("POST", f"/review-items/{item}", {"action": "dismiss", "reason": "x"}, MANAGE),
        ("POST", "/plans/1/publish", {"version": "999"}, MANAGE),  # published already: refused as a state error
        ("POST", "/login", {"username": "nobody", "password": "x", "next": "/"}, EVERYONE),  # last: rate limited
    ]


def _review_item(ws: Any) -> int:
    """A name the registry does not know, in a second (draft) plan."""
    from tests.conftest import FOUNDING
    from theodoi.services import imports, review_screen

    text = FOUNDING.read_text(encoding="utf-8").replace("3.2. Sở Xây dựng", "3.2. Ban Điều phối Hư Cấu", 1)
    plan = imports.import_upload(ws, "ban-sua.txt", text.encode("utf-8")).plan_id
    return int(review_screen.screen(ws, accounts.Principal(0, "t", "t", "admin", None, ()), plan)["review"][0]["id"])


def _evidence(ws: Any, report: int) -> int:
    from theodoi.services import views

    return int(views.report(ws, accounts.Principal(0, "t", "t", "admin", None, ()), report)["evidence"][0]["id"])


def declared(app: Any) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        if isinstance(route, APIRoute) and not route.path.startswith("/api/") and route.include_in_schema is False:
            found |= {(m, route.path) for m in route.methods if m != "HEAD"}
    return found


def same(template: str, path: str) -> bool:
    a, b = template.strip("/").split("/"), path.split("?")[0].strip("/").split("/")
    return len(a) == len(b) and all(x == y or x.startswith("{") for x, y in zip(a, b, strict=True))


def test_every_page_route_is_in_the_matrix(site: Any) -> None:
    rows = table(site)
    untested = {(m, p) for m, p in declared(create_app(workspace=site))
                if not any(m == n and same(p, q) for n, q, _, _ in rows)}
    assert not untested, untested


def refused(response: Any, role: str) -> bool:
    if role == "anonymous" and response.status_code == 303:
        return bool(re.match(r"^/login\?next=", response.headers["location"]))
    return response.status_code in (401, 403, 404)


def test_each_role_may_do_what_it_may_and_nothing_else(site: Any) -> None:
    rows = table(site)
    clients = {role: signed_in(site, role) for role in ROLES}
    for method, path, data, allowed in rows:
        for role in ROLES:
            client, token = clients[role]
            body = {**data, "csrf_token": token} if method == "POST" and path != "/login" else data
            response = client.request(method, path, data=body or None, follow_redirects=False)
            assert response.status_code < 500, (method, path, role, response.text[:300])
            if path == "/login" and method == "POST":  # wrong password: 401 with the form again, for anyone
                assert response.status_code in (401, 429), (role, response.status_code)
            elif role in allowed:
                assert not refused(response, role), (method, path, role, response.status_code, response.text[:300])
            else:
                assert refused(response, role), (method, path, role, response.status_code)
            if path == "/logout" and role != "anonymous":
                clients[role] = signed_in(site, role)
