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


# --- The main flow, end to end: upload → review → publish → report → accept → dashboard and public page ---

@pytest.fixture
def empty_site(workspace: Any, clock: Any) -> Any:
    from theodoi.services import registry_admin

    clock.set(date(2025, 10, 6))
    for code in ("tinh-bac-giang", "tinh-bac-ninh"):
        registry_admin.seed(workspace, code)
    accounts.add_user(workspace, username="dieuphoi", password=PASSWORD, role="coordinator",
                      agency="Sở Tài chính tỉnh Bắc Ninh", display_name="Trần Văn Điều")
    accounts.add_user(workspace, username="xaydung", password=PASSWORD, role="officer",
                      agency="Sở Xây dựng tỉnh Bắc Ninh", display_name="Nguyễn Thị Xây")
    with running(create_app(workspace=workspace)) as base:
        yield base, workspace


def founding_docx(folder: Any) -> Any:
    """The founding plan as a Word file, one paragraph per line of the text."""
    from docx import Document

    from tests.conftest import FOUNDING

    document = Document()
    for line in FOUNDING.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = folder / "ke-hoach-tang-truong-2025.docx"
    document.save(str(path))
    return path


def review_card(page: Any, ref: str) -> Any:
    """The review screen's card of task ``ref`` (its heading starts with the ref)."""
    cards = page.locator("article.review-task")
    for i in range(cards.count()):
        heading = cards.nth(i).locator("h3").inner_text().strip()
        if heading == ref or heading.startswith(ref + " "):
            return page.locator("#" + str(cards.nth(i).get_attribute("id")))
    raise AssertionError(f"no task {ref} on the review screen")


def agency_tasks(ws: Any, agency: str) -> set[str]:
    """The oracle: the tasks the agency has a part in, straight from the assignments."""
    from sqlalchemy import or_, select

    from theodoi.services.agencies import find_agency
    from theodoi.store import Assignment, Task

    with ws.read() as session:
        found = find_agency(session, agency)
        rows = session.execute(select(Task.ref, Task.part).join(Assignment, Assignment.task_id == Task.id).where(
            Assignment.agency_id == found.id, or_(Assignment.valid_to.is_(None), Assignment.valid_to > ws.today())))
        return {ref if part == 1 else f"{ref}#{part}" for ref, part in rows}


def test_upload_review_publish_report_accept(empty_site: Any, tmp_path: Any) -> None:
    base, ws = empty_site
    with browser() as chromium:
        coordinator = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(coordinator, base, "dieuphoi", PASSWORD)
        coordinator.get_by_role("link", name="Nhập kế hoạch").click()
        coordinator.get_by_label("Tệp văn bản").set_input_files(str(founding_docx(tmp_path)))
        shot(coordinator, "flow-1-upload")
        coordinator.get_by_role("button", name="Tải lên và đọc văn bản").click()
        coordinator.wait_for_url("**/review")
        assert coordinator.locator("article.review-task").count() == 26
        assert coordinator.locator("article.review-task mark").count() >= 26  # each task beside its source, highlighted
        shot(coordinator, "flow-2-review")

        task = review_card(coordinator, "II.3.2")
        task.get_by_label("Thời hạn (như văn bản ghi)").fill("Quý III/2025")
        task.get_by_role("button", name="Lưu nhiệm vụ II.3.2").click()
        coordinator.wait_for_load_state()
        task = review_card(coordinator, "II.3.2")
        assert task.get_by_label("Thời hạn (như văn bản ghi)").input_value() == "Quý III/2025"
        assert "30/09/2025" in task.inner_text()  # read again by the parser's rules
        shot(coordinator, "flow-3-corrected")
        force = coordinator.locator("#force")
        if force.count():
            force.check()
        coordinator.get_by_role("button", name="Ban hành kế hoạch trên hệ thống").click()
        coordinator.wait_for_load_state()
        shot(coordinator, "flow-4-published")
        plan = int(coordinator.url.split("/plans/")[1].split("/")[0].split("?")[0])

        coordinator.goto(f"{base}/public/plans/{plan}")
        public_before = coordinator.locator("tr", has=coordinator.get_by_role("cell", name="II.3.2", exact=True)).inner_text()
        assert "Hoàn thành" not in public_before

        officer = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(officer, base, "xaydung", PASSWORD)
        officer.goto(f"{base}/plans/{plan}")
        shown = {officer.locator("table tbody tr").nth(i).locator("td").first.inner_text().strip()
                 for i in range(officer.locator("table tbody tr").count())}
        assert shown == agency_tasks(ws, "Sở Xây dựng tỉnh Bắc Ninh") and "II.3.2" in shown  # exactly its tasks
        officer.get_by_role("link", name="Việc của cơ quan").click()
        shot(officer, "flow-5-inbox")
        rows = officer.locator("table tbody tr")
        assert rows.count() > 0
        refs = {rows.nth(i).locator("td").nth(1).locator("a").inner_text().strip() for i in range(rows.count())}
        assert refs <= shown
        row = officer.locator("tr", has=officer.get_by_role("link", name="II.3.2", exact=True)).first
        row.get_by_role("link", name="Nộp báo cáo").click()
        officer.get_by_label("Tình trạng thực hiện").select_option("done")
        officer.get_by_label("Kết quả thực hiện").fill("Đã ban hành quy chế phối hợp <b>quản lý</b> quy hoạch.")
        officer.get_by_label("Ngày hoàn thành (nếu đã hoàn thành)").fill("25/09/2025")
        evidence = tmp_path / "quyet-dinh-ban-hanh.pdf"
        evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        officer.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
        shot(officer, "flow-6-report-form")
        officer.get_by_role("button", name="Gửi báo cáo").click()
        officer.wait_for_url("**/reports/*")
        assert officer.get_by_role("link", name="quyet-dinh-ban-hanh.pdf").is_visible()
        assert "<b>quản lý</b>" in officer.locator("main").inner_text()  # inert
        shot(officer, "flow-7-report")

        coordinator.goto(base + "/review")
        item = coordinator.locator("tr", has=coordinator.get_by_role("link", name="II.3.2", exact=True))
        assert "Sở Xây dựng" in item.inner_text()
        shot(coordinator, "flow-8-review-queue")
        item.get_by_role("button", name="Chấp nhận").click()
        coordinator.wait_for_load_state()
        assert coordinator.get_by_text("Không có báo cáo nào chờ duyệt.").is_visible()

        coordinator.goto(base + "/")
        cards = coordinator.locator(".card", has=coordinator.get_by_text("Đã hoàn thành", exact=True))
        assert cards.locator(".value").inner_text().strip() == "1"
        shot(coordinator, "flow-9-dashboard")
        public = chromium.new_context(viewport={"width": 1280, "height": 900}).new_page()  # anonymous
        public.goto(f"{base}/public/plans/{plan}")
        after = public.locator("tr", has=public.get_by_role("cell", name="II.3.2", exact=True)).inner_text()
        assert "Hoàn thành" in after and "Đã ban hành quy chế phối hợp" in after
        shot(public, "flow-10-public")
