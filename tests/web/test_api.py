"""The JSON API over the founding plan: sign-in with CSRF, rate limiting, problem+json errors, officers
limited to their agency, optimistic locking with ETags, and an authorisation matrix of every route."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import FOUNDING
from tests.web.test_page_matrix import _review_item
from theodoi.services import accounts, indicators, reports, scenario
from theodoi.services.agencies import agency_id
from theodoi.services.plans import publish, task_id
from theodoi.store import ReviewItem
from theodoi.web import create_app

XD, TP, TC = "Sở Xây dựng tỉnh Bắc Ninh", "Sở Tư pháp tỉnh Bắc Ninh", "Sở Tài chính tỉnh Bắc Ninh"
PASSWORD = "mat-khau-du-dai"
PDF = b"%PDF-1.4\n%%EOF\n"
FILES: dict[str, Any] = {"files": "multipart"}  # the evidence upload: sent as a file, not as JSON
DOCUMENT: dict[str, Any] = {"document": "multipart"}  # a plan's document: sent as a file


@pytest.fixture
def api(founding: Any, clock: Any) -> Any:
    publish(founding, 1)
    clock.set(date(2025, 9, 10))
    users = {"admin": ("admin", None), "coordinator": ("coordinator", TC), "leader": ("leader", None),
             "officer": ("officer", XD), "other": ("officer", TP)}
    tokens = {}
    for name, (role, agency) in users.items():
        accounts.add_user(founding, username=name, password=PASSWORD, role=role, agency=agency)
        tokens[name] = {"Authorization": f"Bearer {accounts.add_token(founding, name, 'test')}"}
    client = TestClient(create_app(workspace=founding), raise_server_exceptions=False)
    client.tokens = tokens  # type: ignore[attr-defined]
    client.ws = founding  # type: ignore[attr-defined]
    return client


def as_(api: Any, who: str) -> dict[str, str]:
    return api.tokens[who]  # type: ignore[no-any-return]


def submit(api: Any, who: str, task: str, agency: str | None = None, **extra: Any) -> Any:
    body = {"task_id": task_id(api.ws, "1", task), "period": "2025-Q3", "status": "đang thực hiện", "percent": 30,
            **extra}
    if agency:
        body["agency_id"] = agency_id(api.ws, agency)
    return api.post("/api/v1/reports", json=body, headers=as_(api, who))


def test_sign_in_with_a_cookie_and_csrf(api: Any) -> None:
    response = api.post("/api/v1/session", json={"username": "officer", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    csrf = response.json()["csrf_token"]
    assert api.get("/api/v1/me").json()["username"] == "officer"
    body = {"task_id": task_id(api.ws, "1", "II.3.2"), "period": "2025-Q3", "status": "in_progress"}
    refused = api.post("/api/v1/reports", json=body)
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("application/problem+json")
    assert api.post("/api/v1/reports", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert api.delete("/api/v1/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert api.get("/api/v1/me").status_code == 401


def test_failed_logins_are_limited(api: Any) -> None:
    for _ in range(accounts.MAX_FAILURES):
        assert api.post("/api/v1/session", json={"username": "leader", "password": "sai"}).status_code == 401
    blocked = api.post("/api/v1/session", json={"username": "leader", "password": PASSWORD})
    assert blocked.status_code == 429 and blocked.json()["code"] == "too-many-attempts"


def test_errors_are_problem_json(api: Any) -> None:
    missing = api.get("/api/v1/plans/99", headers=as_(api, "coordinator"))
    assert missing.status_code == 404
    body = missing.json()
    assert {"type", "title", "status", "detail", "code"} <= set(body) and body["status"] == 404
    bad = api.get("/api/v1/plans/1/tasks?as_of=31/02/2025", headers=as_(api, "coordinator"))
    assert bad.status_code == 422 and "không có thật" in bad.json()["detail"]
    invalid = api.post("/api/v1/reports", json={"task_id": "x"}, headers=as_(api, "officer"))
    assert invalid.status_code == 422 and invalid.json()["errors"]


def test_an_officer_sees_and_reports_only_for_its_agency(api: Any) -> None:
    from theodoi.services.listing import tasks

    mine = api.get("/api/v1/plans/1/tasks?per_page=500", headers=as_(api, "officer")).json()
    expected = {row["ref"] for row in tasks(api.ws, plan="1", agency=XD)}
    assert {row["ref"] for row in mine["data"]} == expected and mine["count"] == len(expected)
    assert "II.5.4" not in expected  # Sở NN&MT's task
    everyone = api.get("/api/v1/plans/1/tasks?per_page=500", headers=as_(api, "coordinator")).json()
    assert everyone["count"] == 26

    own = submit(api, "officer", "II.3.2")
    assert own.status_code == 201 and own.json()["agency_id"] == agency_id(api.ws, XD)
    assert submit(api, "officer", "II.3.2", agency=TP).status_code == 403  # another agency's part
    other = submit(api, "other", "II.1.1")
    assert other.status_code == 201
    report = other.json()["id"]
    assert api.get(f"/api/v1/reports/{report}", headers=as_(api, "officer")).status_code == 404
    assert api.get(f"/api/v1/reports/{report}", headers=as_(api, "other")).status_code == 200
    listed = api.get("/api/v1/reports", headers=as_(api, "officer")).json()
    assert {r["agency_id"] for r in listed["data"]} == {agency_id(api.ws, XD)}
    assert api.post(f"/api/v1/reports/{report}/accept", json={}, headers=as_(api, "officer")).status_code == 403


def test_review_locks_and_etags_guard_changes(api: Any) -> None:
    created = submit(api, "officer", "II.3.2")
    report, tag = created.json()["id"], created.headers["etag"]
    stale = submit(api, "officer", "II.3.2", percent=40)
    assert stale.status_code == 201
    refused = api.post("/api/v1/reports", headers={**as_(api, "officer"), "If-Match": tag},
                       json={"task_id": task_id(api.ws, "1", "II.3.2"), "period": "2025-Q3", "status": "in_progress"})
    assert refused.status_code == 409  # the report changed since that ETag
    accepted = api.post(f"/api/v1/reports/{report}/accept", json={"comment": "Đạt"}, headers=as_(api, "coordinator"))
    assert accepted.status_code == 200 and accepted.json()["review_state"] == "accepted"
    again = api.post(f"/api/v1/reports/{report}/accept", json={}, headers=as_(api, "coordinator"))
    assert again.status_code == 409 and again.json()["code"] == "locked"
    assert submit(api, "officer", "II.3.2", percent=90).status_code == 409


ROLES = ("anonymous", "admin", "coordinator", "leader", "officer")
READ = {"admin", "coordinator", "leader", "officer"}

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "kich-ban-tang-truong.toml"


def routes(api: Any) -> list[tuple[str, str, Any, set[str]]]:
    """(method, path, json body, the roles allowed) for every API route."""
    task = task_id(api.ws, "1", "II.3.2")
    report = submit(api, "officer", "II.3.2").json()["id"]
    escalated = submit(api, "other", "II.1.1", escalate=True, obstacles="vướng").json()["id"]
    proof = reports.add_evidence(api.ws, report, [("bien-ban.pdf", PDF)])[0]
    item = _review_item(api.ws)
    with api.ws.read() as session:
        item_plan = session.get(ReviewItem, item).plan_id
    indicator = indicators.from_targets(api.ws, 1)[0]
    scenario.keep(api.ws, 1, EXAMPLE.read_text(encoding="utf-8"))
    return [
        ("GET", "/api/v1/me", None, READ),
        ("GET", "/api/v1/plans", None, READ),
        ("GET", "/api/v1/plans/1", None, READ),
        ("GET", "/api/v1/plans/1/tasks", None, READ),
        ("GET", "/api/v1/plans/1/audit", None, {"admin", "coordinator"}),
        ("GET", "/api/v1/plans/1/report?period=2025-Q3", None, {"admin", "coordinator", "leader"}),
        ("GET", f"/api/v1/plans/1/report?period=2025-Q3&agency_id={agency_id(api.ws, XD)}", None, READ),
        ("GET", "/api/v1/plans/1/indicators", None, READ),
        ("POST", "/api/v1/plans/1/indicators", {"name": "Xếp hạng DTI", "kind": "rank", "target": 3,
                                                "comparator": "<="}, {"admin", "coordinator"}),
        ("POST", f"/api/v1/indicators/{indicator}/values", {"period": "2025-Q3", "value": 12.5}, {"admin", "coordinator"}),
        ("GET", "/api/v1/plans/1/scenario", None, READ),
        ("POST", "/api/v1/plans/1/scenario", {"text": EXAMPLE.read_text(encoding="utf-8")}, {"admin", "coordinator"}),
        ("GET", f"/api/v1/tasks/{task}", None, READ),
        ("GET", "/api/v1/reports", None, READ),
        ("GET", f"/api/v1/reports/{report}", None, READ),
        ("GET", f"/api/v1/reports/{escalated}", None, {"admin", "coordinator", "leader"}),
        ("POST", "/api/v1/reports", {"task_id": task, "period": "2025-Q3", "status": "in_progress",
                                     "agency_id": agency_id(api.ws, XD)}, {"admin", "coordinator", "officer"}),
        ("POST", f"/api/v1/reports/{escalated}/decide", {"decision": "Đồng ý"}, {"admin", "coordinator", "leader"}),
        ("POST", f"/api/v1/reports/{report}/return", {"comment": "Bổ sung"}, {"admin", "coordinator"}),
        ("GET", "/api/v1/agencies", None, READ),
        ("GET", f"/api/v1/notifications?agency_id={agency_id(api.ws, TC)}", None, READ),
        ("POST", "/api/v1/notifications/read", {"ids": [1], "agency_id": agency_id(api.ws, TC)}, READ),
        ("POST", f"/api/v1/reports/{report}/evidence", FILES, {"admin", "coordinator", "officer"}),
        ("GET", f"/api/v1/evidence/{proof}", None, READ),
        ("GET", "/api/v1/indicators", None, READ),
        ("GET", "/api/v1/status", None, READ),
        ("GET", "/api/v1/owed", None, READ),
        ("GET", "/api/v1/plans/1/findings", None, READ),
        ("GET", f"/api/v1/plans/{item_plan}/review-items", None, {"admin", "coordinator"}),
        ("POST", f"/api/v1/review-items/{item}", {"action": "dismiss", "reason": "không phải cơ quan"},
         {"admin", "coordinator"}),
        ("PATCH", f"/api/v1/tasks/{task}", {"product": "Báo cáo kết quả"}, {"admin", "coordinator"}),
        ("POST", "/api/v1/plans/1/publish", {}, {"admin", "coordinator"}),  # published already: a state error
        ("POST", "/api/v1/plans", DOCUMENT, {"admin", "coordinator"}),  # the same file again: that plan
        ("GET", "/api/v1/public/plans", None, {"anonymous", *READ}),
        ("GET", "/api/v1/public/plans/1", None, {"anonymous", *READ}),
    ]


def test_authorisation_matrix(api: Any) -> None:
    table = routes(api)
    covered = [(m, p.split("?")[0]) for m, p, _, _ in table]
    declared = {(m.upper(), path) for path, ops in api.app.openapi()["paths"].items() if "session" not in path
                for m in ops}
    untested = {(m, p) for m, p in declared if not any(m == n and _same(p, q) for n, q in covered)}
    assert untested <= {("POST", "/api/v1/reports/{report_id}/accept")}  # accept: test_review_locks_...
    for method, path, body, allowed in table:
        for role in ROLES:
            headers = {} if role == "anonymous" else as_(api, role)
            if body is FILES:
                response = api.request(method, path, files=[("files", ("them.pdf", PDF, "application/pdf"))],
                                       headers=headers)
            elif body is DOCUMENT:
                response = api.request(method, path, headers=headers, files=[
                    ("document", ("ke-hoach.txt", FOUNDING.read_bytes(), "text/plain"))])
            else:
                response = api.request(method, path, json=body, headers=headers)
            if role in allowed:  # allowed: not refused (a state error such as "already returned" may follow)
                assert response.status_code not in (401, 403, 404), (method, path, role, response.text)
                assert response.status_code < 500, (method, path, role, response.text)
            else:
                assert response.status_code in (401, 403, 404), (method, path, role, response.status_code)
                assert response.headers["content-type"].startswith("application/problem+json")


def _same(template: str, path: str) -> bool:
    a, b = template.strip("/").split("/"), path.strip("/").split("/")
    return len(a) == len(b) and all(x == y or x.startswith("{") for x, y in zip(a, b, strict=True))


def test_the_growth_scenario_through_the_api(api: Any) -> None:
    url = "/api/v1/plans/1/scenario"
    none = api.get(url, headers=as_(api, "leader"))
    assert none.status_code == 404 and "chưa có kịch bản" in none.json()["detail"]
    bad = api.post(url, json={"text": "[scenario\n"}, headers=as_(api, "coordinator"))
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("application/problem+json")
    assert "sai cú pháp" in bad.json()["detail"]
    assert api.get(url, headers=as_(api, "leader")).status_code == 404  # nothing half-kept
    done = api.post(url, json={"text": EXAMPLE.read_text(encoding="utf-8")}, headers=as_(api, "coordinator"))
    assert done.status_code == 201 and done.json()["id"] > 0
    seen = api.get(url, headers=as_(api, "officer")).json()
    assert seen["year"] == 2025 and seen["target"] == 13.6
    assert round(seen["to_date"]["growth"], 2) == round(done.json()["to_date"]["growth"], 2)
    assert all(q["vintage"] in seen["vintages"] for q in seen["quarters"])
    assert api.post(url, json={"text": "x"}, headers=as_(api, "officer")).status_code == 403


def test_nul_characters_are_refused(api: Any) -> None:
    assert api.get("/api/v1/agencies?search=s%00", headers=as_(api, "coordinator")).status_code == 422
    body = {"task_id": task_id(api.ws, "1", "II.3.2"), "period": "2025-Q3", "status": "in_progress", "result": "a\u0000b"}
    refused = api.post("/api/v1/reports", json=body, headers=as_(api, "officer"))
    assert refused.status_code == 422 and refused.json()["code"] == "invalid-request"


def test_evidence_uploads_are_checked_and_all_or_nothing(api: Any) -> None:
    report = submit(api, "officer", "II.3.2").json()["id"]
    url = f"/api/v1/reports/{report}/evidence"
    fake = api.post(url, files=[("files", ("ok.pdf", PDF, "application/pdf")), ("files", ("x.pdf", b"MZ", "application/pdf"))],
                    headers=as_(api, "officer"))
    assert fake.status_code == 415 and fake.headers["content-type"].startswith("application/problem+json")
    assert "x.pdf" in fake.json()["detail"]
    assert api.get(f"/api/v1/reports/{report}", headers=as_(api, "officer")).json()["evidence"] == []  # nothing half-saved
    api.ws.settings = api.ws.settings.model_copy(update={"evidence_max_mb": 0.001})
    big = api.post(url, files=[("files", ("big.pdf", PDF + b"0" * 4096, "application/pdf"))], headers=as_(api, "officer"))
    assert big.status_code == 413
    api.ws.settings = api.ws.settings.model_copy(update={"evidence_max_mb": 20.0})
    done = api.post(url, files=[("files", ("bien-ban.pdf", PDF, "application/pdf"))], headers=as_(api, "officer"))
    assert done.status_code == 201 and [e["filename"] for e in done.json()["evidence"]] == ["bien-ban.pdf"]
    got = api.get(f"/api/v1/evidence/{done.json()['evidence'][0]['id']}", headers=as_(api, "officer"))
    assert got.content == PDF
    assert api.post(url, files=[("files", ("b.pdf", PDF, "application/pdf"))], headers=as_(api, "other")).status_code == 404


def test_a_plan_from_its_document_to_publication(api: Any) -> None:
    coordinator = as_(api, "coordinator")
    text = FOUNDING.read_text(encoding="utf-8").replace("3.2. Sở Xây dựng", "3.2. Ban Điều phối Hư Cấu", 1)
    sent = api.post("/api/v1/plans", headers=coordinator,
                    files=[("document", ("ke-hoach-sua.txt", text.encode("utf-8"), "text/plain"))])
    assert sent.status_code == 201, sent.text
    plan = sent.json()["plan_id"]
    assert sent.json()["tasks"] == 26 and "Ban Điều phối Hư Cấu" in sent.json()["review"]
    wrong = api.post("/api/v1/plans", headers=coordinator, files=[("document", ("virus.exe", b"MZ", "application/x"))])
    assert wrong.status_code == 415 and wrong.headers["content-type"].startswith("application/problem+json")
    findings = api.get(f"/api/v1/plans/{plan}/findings", headers=coordinator).json()
    assert findings["count"] == len(findings["data"]) and all({"severity", "code", "message"} <= set(f) for f in findings["data"])
    items = api.get(f"/api/v1/plans/{plan}/review-items", headers=coordinator).json()["data"]
    item = next(i for i in items if i["text"] == "Ban Điều phối Hư Cấu")
    refused = api.post(f"/api/v1/plans/{plan}/publish", json={}, headers=coordinator)
    assert refused.status_code == 422 and "Hư Cấu" in refused.json()["detail"]  # names await review
    mapped = api.post(f"/api/v1/review-items/{item['id']}", json={"action": "map", "agency": XD}, headers=coordinator)
    assert mapped.status_code == 200 and mapped.json()["state"] != "open"
    task = api.get(f"/api/v1/plans/{plan}/tasks", headers=coordinator).json()["data"][0]["task_id"]
    tag = api.get(f"/api/v1/tasks/{task}", headers=coordinator).headers["etag"]
    edited = api.patch(f"/api/v1/tasks/{task}", json={"deadline_text": "Quý IV/2025"}, headers={**coordinator, "If-Match": tag})
    assert edited.status_code == 200 and edited.json()["due"] == "2025-12-31" and edited.headers["etag"] != tag
    stale = api.patch(f"/api/v1/tasks/{task}", json={"text": "Sửa"}, headers={**coordinator, "If-Match": tag})
    assert stale.status_code == 409
    assert api.patch(f"/api/v1/tasks/{task}", json={"text": ""}, headers=coordinator).status_code == 422
    assert api.patch(f"/api/v1/tasks/{task}", json={"lead": ["Cơ quan Không Có"]}, headers=coordinator).status_code == 422
    published = api.post(f"/api/v1/plans/{plan}/publish", json={"force": True}, headers=coordinator)
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert api.post("/api/v1/plans", headers=as_(api, "officer"),
                    files=[("document", ("x.txt", b"x", "text/plain"))]).status_code == 403
