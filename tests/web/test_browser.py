"""End to end in a real browser (Playwright driving Debian's chromium, headless): the main flows of
the register, with a screenshot of each page saved under artifacts/screenshots/."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.web.browser import browser, running, shot, sign_in
from theodoi.services import accounts
from theodoi.services.plans import publish, task_id
from theodoi.web import create_app

PASSWORD = "mat-khau-du-dai"

pytestmark = pytest.mark.browser


@pytest.fixture
def server(founding: Any, clock: Any) -> Any:
    publish(founding, 1)
    clock.set(date(2025, 10, 5))
    accounts.add_user(founding, username="dieuphoi", password=PASSWORD, role="coordinator",
                      agency="Sở Tài chính tỉnh Bắc Ninh", display_name="Trần Văn Điều")
    accounts.add_user(founding, username="xaydung", password=PASSWORD, role="officer",
                      agency="Sở Xây dựng tỉnh Bắc Ninh", display_name="Nguyễn Thị Xây")
    with running(create_app(workspace=founding)) as base:
        yield base, founding


def test_reading_the_register(server: Any) -> None:
    base, ws = server
    with browser() as chromium:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "/plans")
        assert "/login" in page.url  # pages need an account
        sign_in(page, base, "dieuphoi", PASSWORD)
        assert page.get_by_role("heading", name="Tổng quan").is_visible()
        assert page.get_by_text("Nhiệm vụ quá hạn (2)").is_visible()
        shot(page, "dashboard-coordinator")
        page.get_by_role("link", name="Kế hoạch", exact=True).first.click()
        shot(page, "plans")
        page.goto(base + "/plans/1")
        page.get_by_label("Tìm (không cần dấu)").fill("ket noi giao thuong")
        page.get_by_role("button", name="Lọc").click()
        rows = page.locator("table tbody tr")
        assert rows.count() == 1 and "II.5.3" in rows.first.inner_text()
        shot(page, "plan-search")
        page.goto(f"{base}/tasks/{task_id(ws, '1', 'II.2.2')}")
        assert page.get_by_role("heading", name="Nhiệm vụ II.2.2").is_visible()
        assert "Quá hạn" in page.locator("h1").inner_text()
        shot(page, "task")


def test_keyboard_and_phone(server: Any) -> None:
    base, _ = server
    with browser() as chromium:
        phone = chromium.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
        phone.goto(base + "/login")
        phone.keyboard.press("Tab")  # the skip link comes first
        phone.keyboard.press("Tab")
        phone.get_by_label("Tên đăng nhập").focus()
        phone.keyboard.type("xaydung")
        phone.keyboard.press("Tab")
        phone.keyboard.type(PASSWORD)
        phone.keyboard.press("Enter")
        phone.wait_for_url(base + "/")
        assert "Sở Xây dựng" in phone.locator("h1").inner_text()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, width  # nothing wider than the phone's screen but the scrolling tables
        shot(phone, "dashboard-officer-phone")
