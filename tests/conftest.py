"""Shared fixtures: where things are (repo, ../shared, the founding document), the plan JSON schema,
and a fully populated synthetic :class:`Plan` for renderer tests."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from theodoi.parsing.model import Source
from theodoi.parsing.plan import (
    AgencyRef,
    Deadline,
    DocumentInfo,
    Finding,
    Plan,
    Reference,
    Section,
    Signature,
    Target,
    Task,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
FOUNDING = REPO / "demo" / "bacgiang-kh-2025-tang-truong.txt"
SCHEMA_PATH = REPO / "docs" / "plan.schema.json"

# No example database in the work tree (.hypothesis/), no per-example deadline (OCR, first imports).
settings.register_profile("theodoi", database=None, deadline=None, print_blob=True)
settings.register_profile("ci", parent=settings.get_profile("theodoi"), derandomize=True)  # the same examples each run
settings.load_profile("ci" if os.environ.get("CI") else "theodoi")


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repository (the corpus and the scorer). Missing is an error, not a skip."""
    if not (SHARED / "corpus").is_dir():
        pytest.fail(f"{SHARED} is missing: the tests need the shared folder beside the repository", pytrace=False)
    return SHARED


@pytest.fixture(scope="session")
def founding_path() -> Path:
    assert FOUNDING.is_file(), FOUNDING
    return FOUNDING


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


@pytest.fixture(scope="session")
def plan_validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def make_plan() -> Plan:
    """A small plan with every field filled in, as an extractor could return it."""
    lead = AgencyRef(name="Sở Tư pháp", text="Sở Tư pháp", role="lead", id="so-tu-phap", kind="department", known=True)
    support = AgencyRef(name="Ủy ban nhân dân các xã", text="UBND các xã", role="support", kind="locality", confidence=0.8)
    target = Target(text="giảm ít nhất 30% thời gian xử lý", value=30, unit="%", comparator=">=",
                    indicator="thời gian xử lý", direction="decrease", source=Source(line=12))
    tasks = [
        Task(ref="1.1", part=1, text="Rà soát các văn bản quy phạm pháp luật; báo cáo kết quả.", heading="II. NHIỆM VỤ › 1. Thể chế",
             section="II.1", agencies=[lead, support],
             deadline=Deadline(text="Quý III/2025", kind="date", due=date(2025, 9, 30), start=date(2025, 7, 1),
                               confidence=0.9, source=Source(line=13)),
             targets=[target], product="Báo cáo", source=Source(line=12), end_line=13),
        Task(ref="1.1", part=2, text="=SUM(A1) không phải công thức", section="II.1",
             agencies=[AgencyRef(name="Sở Nội vụ", text="SNV", role="lead")],
             deadline=Deadline(text="Hằng năm", kind="ongoing", recurring=True, recurrence="yearly"),
             origin="table", confidence=0.5, source=Source(line=3, page=2, table=1, row=3, cell=2)),
        Task(ref="2", part=1, text="Tổ chức thực hiện Kế hoạch.", origin="organisation"),
    ]
    document = DocumentInfo(
        kind="Kế hoạch", number="123/KH-UBND", symbol="KH-UBND", issuer="Ủy ban nhân dân tỉnh Bắc Giang",
        parent=None, place="Bắc Giang", date=date(2025, 6, 5), year=2025, month=6, title="Thực hiện Chương trình hành động",
        style="state", level="province", province="Bắc Giang",
        signature=Signature(authority="TM. ỦY BAN NHÂN DÂN", position="CHỦ TỊCH", signer="Nguyễn Văn A"),
        recipients=["Bộ Tư pháp", "Lưu: VT"], addressees=[],
    )
    return Plan(
        document=document,
        tasks=tasks,
        plan_targets=[Target(text="GRDP tăng 13,6%", value=13.6, unit="%", comparator=">=", indicator="GRDP")],
        references=[Reference(kind="Nghị quyết", number="66/NQ-CP", date=date(2025, 3, 26), issuer="Chính phủ",
                              text="Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ", source=Source(line=5))],
        findings=[
            Finding(code="missing-deadline", severity="warning", message="Nhiệm vụ không có thời hạn", task="2",
                    source=Source(line=20)),
            Finding(code="blank-number", severity="error", message="Chưa có số văn bản"),
        ],
        sections=[Section(ref="II", label="II.", title="NHIỆM VỤ", level=1, source=Source(line=10), children=[
            Section(ref="II.1", label="1.", title="Thể chế", level=2, source=Source(line=11))])],
        appendices=["Phụ lục I"],
        file={"path": "x.txt", "name": "x.txt", "format": "txt", "sha256": "0" * 64, "bytes": 10, "pages": None,
              "ocr": False, "encoding": "utf-8", "notes": []},
    )


@pytest.fixture
def sample_plan() -> Plan:
    return make_plan()


# --- Databases ----------------------------------------------------------------------------------------------
# Tests that take `database_url`, `workspace` or `founding` run on SQLite by default and on PostgreSQL with
# `--backend=postgresql` (THEODOI_TEST_DATABASE_URL names the server); they are marked `db` automatically.
DB_FIXTURES = {"database_url", "empty_database_url", "workspace", "founding", "backend"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--backend", default="sqlite", choices=("sqlite", "postgresql"),
                     help="database of the db tests (postgresql needs THEODOI_TEST_DATABASE_URL)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def pytest_report_header(config: pytest.Config) -> str:
    return f"theodoi database backend: {config.getoption('--backend')}"


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.databases import PostgresBackend, SqliteBackend

    if request.config.getoption("--backend") == "postgresql":
        url = os.environ.get("THEODOI_TEST_DATABASE_URL")
        if not url:
            pytest.fail("--backend=postgresql needs THEODOI_TEST_DATABASE_URL", pytrace=False)
        pg = PostgresBackend(url)
        yield pg
        pg.close()
    else:
        yield SqliteBackend(tmp_path_factory.mktemp("databases"))


@pytest.fixture
def database_url(backend: Any) -> Any:
    """A fresh database migrated to the head revision, empty."""
    url = backend.copy(backend.template("empty"))
    yield url
    backend.drop(url)


@pytest.fixture
def empty_database_url(backend: Any) -> Any:
    """A fresh database with no schema at all (for migration tests)."""
    url = backend.empty()
    yield url
    backend.drop(url)


class Clock:
    """A clock the test moves: ``clock.set(date(2025, 9, 16))`` → 09:00 local time that day."""

    def __init__(self, moment: Any) -> None:
        self.moment = moment

    def __call__(self) -> Any:
        return self.moment

    def set(self, day: date, hour: int = 9) -> None:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        self.moment = datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def clock() -> Clock:
    c = Clock(None)
    c.set(date(2025, 6, 15))
    return c


def make_settings(url: str, **overrides: Any) -> Any:
    from theodoi.config import Settings

    return Settings(database_url=url, smtp_host="", _env_file=None, **overrides)  # type: ignore[call-arg]


@pytest.fixture
def workspace(database_url: str, clock: Clock) -> Any:
    from theodoi.services.workspace import Workspace

    ws = Workspace.open(make_settings(database_url), actor="test:coordinator", clock=clock)
    yield ws
    ws.close()


def _fill_founding(url: str) -> None:
    from theodoi.services.imports import import_plan
    from theodoi.services.workspace import Workspace

    c = Clock(None)
    c.set(date(2025, 6, 15))
    ws = Workspace.open(make_settings(url), actor="test:coordinator", clock=c)
    import_plan(ws, FOUNDING)
    ws.close()


@pytest.fixture
def founding(backend: Any, clock: Clock) -> Any:
    """A workspace whose database holds the founding plan imported as a draft (plan id 1) on 15/6/2025."""
    from theodoi.services.workspace import Workspace

    url = backend.copy(backend.template("founding", _fill_founding))
    ws = Workspace.open(make_settings(url), actor="test:coordinator", clock=clock)
    yield ws
    ws.close()
    backend.drop(url)
