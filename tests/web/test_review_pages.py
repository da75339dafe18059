"""Upload → review → correct → publish, read back with BeautifulSoup: the founding plan uploaded as .docx
and as .txt, each task beside its highlighted source; refused uploads save nothing; corrections are
version-checked and audited; unknown names mapped; only coordinators and administrators may do this."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from theodoi.services import accounts, registry_admin, views
from theodoi.web import create_app

PASSWORD = "mat-khau-du-dai"
ADMIN = accounts.Principal(0, "t", "t", "admin", None, ())


def founding_docx(path: Path) -> bytes:
    import docx

    document = docx.Document()
    for line in path.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def site(workspace: Any, clock: Any) -> Any:
    clock.set(date(2025, 6, 20))
    for code in ("tinh-bac-giang", "tinh-bac-ninh"):
        registry_admin.seed(workspace, code)
    for name, role in (("dieuphoi", "coordinator"), ("xaydung", "officer"), ("lanhdao", "leader")):
        agency = {"coordinator": "Sở Tài chính tỉnh Bắc Ninh", "officer": "Sở Xây dựng tỉnh Bắc Ninh"}.get(role)
        accounts.add_user(workspace, username=name, password=PASSWORD, role=role, agency=agency)
    return workspace


def client(ws: Any, user: str) -> TestClient:
    c = TestClient(create_app(workspace=ws), raise_server_exceptions=False)
    assert c.post("/login", data={"username": user, "password": PASSWORD, "next": "/"}, follow_redirects=False).status_code == 303
    return c


def token(c: TestClient, path: str = "/upload") -> str:
    return str(BeautifulSoup(c.get(path).text, "html.parser").find("input", attrs={"name": "csrf_token"})["value"])


def upload(c: TestClient, name: str, content: bytes) -> Any:
    return c.post("/upload", data={"csrf_token": token(c)}, files={"document": (name, content, "application/octet-stream")},
                  follow_redirects=False)


@pytest.mark.parametrize("kind", ["docx", "txt"])
def test_upload_then_every_task_beside_its_highlighted_source(site: Any, founding_path: Path, kind: str) -> None:
    coordinator = client(site, "dieuphoi")
    content = founding_docx(founding_path) if kind == "docx" else founding_path.read_bytes()
    sent = upload(coordinator, f"ke-hoach.{kind}", content)
    assert sent.status_code == 303, sent.text[:500]
    page = BeautifulSoup(coordinator.get(sent.headers["location"]).text, "html.parser")
    tasks = page.select("article.review-task")
    assert len(tasks) == 26
    for article in tasks:
        own = " ".join(m.get_text() for m in article.select("mark"))
        text = article.find("textarea", attrs={"name": "text"}).get_text()
        assert own and (text[:25] in own or own[:25] in text), (article["id"], own[:80], text[:80])
    again = upload(coordinator, f"ke-hoach.{kind}", content)
    assert again.headers["location"].endswith("?again=1")


@pytest.mark.parametrize(("name", "content", "status", "words"), [
    ("ke-hoach.exe", b"MZ\x90", 415, "không phải văn bản kế hoạch"),
    ("ke-hoach.pdf", b"this is no pdf at all", 415, "PDF"),
    ("trong.txt", b"   ", 422, "rỗng"),
    ("lon.txt", b"x" * (2 * 1024 * 1024), 413, "lớn hơn"),
])
def test_refused_uploads_say_why_and_save_nothing(site: Any, name: str, content: bytes, status: int, words: str) -> None:
    site.settings = site.settings.model_copy(update={"import_max_mb": 1.0})
    coordinator = client(site, "dieuphoi")
    answer = upload(coordinator, name, content)
    assert answer.status_code == status
    assert words in BeautifulSoup(answer.text, "html.parser").find(attrs={"role": "alert"}).get_text()
    assert views.plans(site, ADMIN) == []


def test_hostile_text_in_a_document_is_inert(site: Any, founding_path: Path) -> None:
    coordinator = client(site, "dieuphoi")
    text = founding_path.read_text(encoding="utf-8").replace("Sở Tài chính: Chủ trì", "Sở Tài chính: Chủ trì <script>alert(1)</script>", 1)
    sent = upload(coordinator, "doc-hai.txt", text.encode("utf-8"))
    page = coordinator.get(sent.headers["location"])
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def review_of(c: TestClient, plan: int) -> BeautifulSoup:
    return BeautifulSoup(c.get(f"/plans/{plan}/review").text, "html.parser")


def edit_form(page: BeautifulSoup, ref: str) -> tuple[str, dict[str, str]]:
    article = next(a for a in page.select("article.review-task") if a.h3.get_text().split()[0] == ref)
    form = article.find("form")
    fields = {str(i["name"]): str(i.get("value", "")) for i in form.find_all("input")}
    fields.update({str(t["name"]): t.get_text() for t in form.find_all("textarea")})
    return str(form["action"]), fields


def test_correct_a_task_then_publish(site: Any, founding_path: Path) -> None:
    coordinator = client(site, "dieuphoi")
    plan = int(re.search(r"/plans/(\d+)/", upload(coordinator, "kh.txt", founding_path.read_bytes()).headers["location"]).group(1))
    action, fields = edit_form(review_of(coordinator, plan), "II.3.2")
    changed = {**fields, "lead": "Sở Xây dựng tỉnh Bắc Giang", "deadline_text": "Quý IV/2025"}
    done = coordinator.post(action, data=changed, follow_redirects=False)
    assert done.status_code == 303, done.text[:600]
    _, now = edit_form(review_of(coordinator, plan), "II.3.2")
    assert now["lead"].strip() == "Sở Xây dựng tỉnh Bắc Giang" and now["deadline_text"] == "Quý IV/2025"
    stale = coordinator.post(action, data={**changed, "text": "Sửa lần hai"})  # the old version
    assert stale.status_code == 409 and "người khác" in stale.text
    assert BeautifulSoup(stale.text, "html.parser").find("textarea", string="Sửa lần hai")  # what was typed is kept
    unknown = coordinator.post(action, data={**now, "support": "Sở Không Có Thật"})
    assert unknown.status_code == 422 and "Sở Không Có Thật" in unknown.text
    trail = views.audit_trail(site, ADMIN, plan_id=plan)
    assert [e["action"] for e in trail].count("task.edit") == 1
    page = review_of(coordinator, plan)
    publish = page.find("form", attrs={"action": f"/plans/{plan}/publish"})
    fields = {str(i["name"]): str(i.get("value", "")) for i in publish.find_all("input") if i.get("type") == "hidden"}
    if page.find("input", attrs={"name": "force"}):
        fields["force"] = "on"
    assert coordinator.post(f"/plans/{plan}/publish", data=fields, follow_redirects=False).status_code == 303
    assert views.plan(site, ADMIN, plan)["status"] == "published"
    officer = client(site, "xaydung")
    task = views.task(site, ADMIN, next(t["task_id"] for t in views.tasks(site, ADMIN, plan_id=plan) if t["ref"] == "II.3.2"))
    assert any(a["role"] == "lead" and "Xây dựng" in a["name"] for a in task["agencies"])
    assert officer.get(f"/tasks/{task['id']}").status_code == 200


def test_only_coordinators_and_administrators_review(site: Any, founding_path: Path) -> None:
    coordinator = client(site, "dieuphoi")
    plan = int(re.search(r"/plans/(\d+)/", upload(coordinator, "kh.txt", founding_path.read_bytes()).headers["location"]).group(1))
    for user in ("xaydung", "lanhdao"):
        other = client(site, user)
        assert other.get("/upload").status_code == 403
        assert other.get(f"/plans/{plan}/review").status_code in (403, 404)
        assert other.post(f"/plans/{plan}/publish", data={"csrf_token": token(other, "/plans")}).status_code in (403, 404)
    anonymous = TestClient(create_app(workspace=site))
    assert anonymous.get("/upload", follow_redirects=False).headers["location"].startswith("/login")
    assert coordinator.post(f"/plans/{plan}/publish", data={"csrf_token": "sai"}).status_code == 403
