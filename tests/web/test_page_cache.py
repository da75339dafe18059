"""Kept pages: drawn once per account, language and address for a version of the register; each
session gets its own CSRF token in them; a change of the register, another account or another language
draws them again."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from theodoi.services import accounts, snapshots
from theodoi.services.agencies import agency_id
from theodoi.services.plans import publish, task_id
from theodoi.services.reports import ReportInput, submit
from theodoi.web import create_app, page_cache
from theodoi.web.pages import plans as plan_pages

PASSWORD = "mat-khau-du-dai"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def site(founding: Any, clock: Any) -> Any:
    snapshots.forget()
    page_cache.known_paths().clear()
    publish(founding, 1)
    clock.set(date(2025, 10, 5))
    accounts.add_user(founding, username="dieuphoi", password=PASSWORD, role="coordinator",
                      agency="Sở Tài chính tỉnh Bắc Ninh")
    accounts.add_user(founding, username="xaydung", password=PASSWORD, role="officer", agency="Sở Xây dựng tỉnh Bắc Ninh")
    accounts.add_user(founding, username="noivu", password=PASSWORD, role="officer", agency="Sở Nội vụ tỉnh Bắc Ninh")
    app = create_app(workspace=founding)
    return app, founding


def browser(app: Any, user: str) -> TestClient:
    client = TestClient(app, raise_server_exceptions=False)
    assert client.post("/login", data={"username": user, "password": PASSWORD, "next": "/"},
                       follow_redirects=False).status_code == 303
    return client


def counting(monkeypatch: Any) -> list[int]:
    drawn: list[int] = []
    real = plan_pages.views.task

    def task(*args: Any, **kwargs: Any) -> Any:
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(plan_pages.views, "task", task)
    return drawn


def test_two_sessions_of_an_account_share_the_page_but_not_the_token(site: Any, monkeypatch: Any) -> None:
    app, ws = site
    one, two = browser(app, "xaydung"), browser(app, "xaydung")
    drawn = counting(monkeypatch)
    task = task_id(ws, "1", "II.3.2")
    first, second = one.get(f"/tasks/{task}"), two.get(f"/tasks/{task}")
    assert first.status_code == second.status_code == 200 and len(drawn) == 1
    token_one, token_two = TOKEN.findall(first.text), TOKEN.findall(second.text)
    assert token_one and token_two and set(token_one).isdisjoint(token_two)
    assert first.text.replace(token_one[0], "T") == second.text.replace(token_two[0], "T")
    # each token is its own session's: signing out with it works, with the other session's it does not
    assert two.post("/logout", data={"csrf_token": token_one[0]}).status_code == 403
    assert one.post("/logout", data={"csrf_token": token_one[0]}, follow_redirects=False).status_code == 303


def test_a_change_another_account_or_language_draws_again(site: Any, monkeypatch: Any) -> None:
    app, ws = site
    officer, coordinator, other = browser(app, "xaydung"), browser(app, "dieuphoi"), browser(app, "noivu")
    drawn = counting(monkeypatch)
    task = task_id(ws, "1", "II.3.2")
    assert officer.get(f"/tasks/{task}").status_code == 200 and len(drawn) == 1
    assert coordinator.get(f"/tasks/{task}").status_code == 200 and len(drawn) == 2  # another account
    assert other.get(f"/tasks/{task}").status_code == 404 and len(drawn) == 3  # not its task: never a kept page
    assert other.get(f"/tasks/{task}").status_code == 404 and len(drawn) == 4  # refusals are not kept
    reader = browser(app, "xaydung")
    reader.cookies.set("lang", "en")
    english = reader.get(f"/tasks/{task}")
    assert english.status_code == 200 and english.text.startswith("<!doctype html>") and len(drawn) == 5
    assert 'lang="en"' in english.text
    assert officer.get(f"/tasks/{task}").status_code == 200 and len(drawn) == 5  # still kept
    submit(ws, task_id=task, agency_id=agency_id(ws, "Sở Xây dựng tỉnh Bắc Ninh"), period="2025-Q3",
           data=ReportInput(status="in_progress", result="Đã khởi công <b>gói thầu</b> số 7"))
    page = officer.get(f"/tasks/{task}")
    assert len(drawn) == 6 and "Đã khởi công &lt;b&gt;gói thầu&lt;/b&gt; số 7" in page.text  # the register changed


def test_the_dashboard_and_the_inbox_are_kept_too(site: Any, monkeypatch: Any) -> None:
    from theodoi.web.pages import dashboard as dashboard_pages
    from theodoi.web.pages import inbox as inbox_pages

    app, _ = site
    officer = browser(app, "xaydung")
    calls: list[str] = []
    for module, name in ((dashboard_pages, "dashboard"), (inbox_pages.inbox, "owed")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    for _ in range(3):
        assert officer.get("/").status_code == 200 and officer.get("/inbox").status_code == 200
    assert calls == ["dashboard", "owed"]


def test_a_kept_page_is_served_before_the_routing_as_the_route_gives_it(site: Any, monkeypatch: Any) -> None:
    from theodoi.web import kept_pages
    from theodoi.web.pages import viewing

    app, ws = site
    officer = browser(app, "xaydung")
    task = task_id(ws, "1", "II.3.2")
    lookups: list[int] = []
    real = viewing.look_up
    monkeypatch.setattr(kept_pages, "look_up", lambda *a: lookups.append(1) or real(*a))
    monkeypatch.setattr(viewing, "look_up", lambda *a: lookups.append(2) or real(*a))
    drawn, early = officer.get(f"/tasks/{task}"), []
    assert drawn.status_code == 200 and lookups == [2]  # an address never kept: no early lookup
    routed = plan_pages.task_page
    monkeypatch.setattr(plan_pages, "task_page", lambda *a, **k: early.append(1) or routed(*a, **k))
    again = officer.get(f"/tasks/{task}")
    assert again.status_code == 200 and lookups == [2, 1] and not early  # one lookup, no route
    token_drawn, token_again = TOKEN.findall(drawn.text)[0], TOKEN.findall(again.text)[0]
    assert token_drawn == token_again  # the same session: the same token, so the same bytes
    assert again.content == drawn.content
    assert {k: v for k, v in again.headers.items() if k != "date"} == {k: v for k, v in drawn.headers.items() if k != "date"}
    # a miss after the early lookup (another query of a kept address) asks for the session once, not twice
    lookups.clear()
    assert officer.get(f"/tasks/{task}?x=1").status_code == 200 and lookups == [1]


def test_a_kept_page_is_not_served_to_a_session_ended_or_an_account_disabled(site: Any) -> None:
    app, ws = site
    officer, coordinator = browser(app, "xaydung"), browser(app, "dieuphoi")
    for client in (officer, coordinator):
        assert client.get("/").status_code == 200 and client.get("/").status_code == 200
    token = TOKEN.findall(officer.get("/").text)[0]
    assert officer.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    gone = officer.get("/", follow_redirects=False)
    assert gone.status_code in (302, 303, 307) and gone.headers["location"].startswith("/login")
    accounts.set_active(ws, "dieuphoi", False)
    refused = coordinator.get("/", follow_redirects=False)
    assert refused.status_code in (302, 303, 307) and refused.headers["location"].startswith("/login")


def test_a_process_draws_at_most_a_few_pages_at_once() -> None:
    import threading
    import time

    from fastapi.responses import HTMLResponse

    from theodoi.services.accounts import Principal
    from theodoi.web.rendering import Viewer

    busy, most, lock = [0], [0], threading.Lock()

    def draw(viewer: Viewer) -> HTMLResponse:
        with lock:
            busy[0] += 1
            most[0] = max(most[0], busy[0])
        time.sleep(0.05)
        with lock:
            busy[0] -= 1
        return HTMLResponse(f"<p>{viewer.csrf}</p>")

    viewer = Viewer(Principal(1, "a", "A", "officer", 1), "token", "vi")
    kept: list[Any] = []
    threads = [threading.Thread(target=lambda: kept.append(page_cache._drawn(draw, viewer))) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(kept) == 6 and most[0] == page_cache.DRAWING_AT_ONCE
    assert all(page_cache.served(k, "mine")[2] == b"<p>mine</p>" for k in kept)


def test_a_failing_early_lookup_leaves_the_page_to_its_route(site: Any, monkeypatch: Any) -> None:
    from theodoi.web import kept_pages

    app, ws = site
    officer = browser(app, "xaydung")
    task = task_id(ws, "1", "II.3.2")
    assert officer.get(f"/tasks/{task}").status_code == 200

    def broken(*args: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(kept_pages, "look_up", broken)
    again = officer.get(f"/tasks/{task}")
    assert again.status_code == 200 and "II.3.2" in again.text
