"""Request bodies of the API (pydantic): text is NFC-normalised by the services."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LoginIn(Body):
    username: str = Field(min_length=1, max_length=80, description="Tên đăng nhập")
    password: str = Field(min_length=1, max_length=500, description="Mật khẩu")


class ReportIn(Body):
    task_id: int = Field(ge=1, le=2_147_483_647, description="The task reported on")
    agency_id: int | None = Field(None, ge=1, le=2_147_483_647, description="The reporting agency (an officer's own agency by default)")
    period: str = Field(min_length=1, max_length=40, description="Kỳ báo cáo, e.g. 2025-Q3 or 'Quý III/2025'")
    status: str = Field(min_length=1, max_length=40, description="not_started | in_progress | done | done_late | cannot_do, or the Vietnamese words")
    percent: int | None = Field(None, ge=0, le=100)
    result: str = Field("", max_length=20000)
    obstacles: str = Field("", max_length=20000)
    proposals: str = Field("", max_length=20000)
    escalate: bool = False
    output_document: str | None = Field(None, max_length=200)
    completed_on: date | None = None


class ReadIn(Body):
    ids: list[Annotated[int, Field(ge=1, le=2_147_483_647)]] = Field(min_length=1, max_length=500,
                                                                    description="Notification ids")
    agency_id: int | None = Field(None, ge=1, le=2_147_483_647, description="Default: the account's agency")


class ReviewIn(Body):
    comment: str | None = Field(None, max_length=5000)


class DecisionIn(Body):
    decision: str = Field(min_length=1, max_length=5000)


class TaskEditIn(Body):
    """A correction of an extracted task; a field left out is kept."""

    text: str | None = Field(None, min_length=1, max_length=20000, description="Nội dung nhiệm vụ")
    deadline_text: str | None = Field(None, max_length=500, description="Thời hạn như văn bản ghi (read again by the parser's rules)")
    product: str | None = Field(None, max_length=2000, description="Sản phẩm")
    lead: list[Annotated[str, Field(min_length=1, max_length=300)]] | None = Field(
        None, max_length=100, description="Cơ quan chủ trì (names as in the registry)")
    support: list[Annotated[str, Field(min_length=1, max_length=300)]] | None = Field(
        None, max_length=200, description="Cơ quan phối hợp")


class PublishIn(Body):
    force: bool = Field(False, description="Publish even while agency names await review")


class ReviewItemIn(Body):
    action: str = Field(pattern="^(map|dismiss)$", description="map: the name is this agency; dismiss: not an agency")
    agency: str | None = Field(None, min_length=1, max_length=300, description="The registry's agency (map)")
    reason: str | None = Field(None, max_length=500, description="Why it is dismissed")


class IndicatorIn(Body):
    name: str = Field(min_length=1, max_length=500, description="Tên chỉ tiêu")
    target: float = Field(ge=-1e12, le=1e12, description="Giá trị mục tiêu; với tăng/giảm: % thay đổi")
    kind: str = Field("level", pattern="^(level|reduction|increase|rank)$")
    unit: str = Field("", max_length=40, description="Đơn vị: %, ngày, hạng…")
    comparator: str = Field(">=", pattern="^(>=|<=)$")
    baseline: float | None = Field(None, ge=-1e12, le=1e12, description="Giá trị gốc (tăng/giảm theo tỷ lệ)")
    period: str | None = Field(None, max_length=40, description="Kỳ của mục tiêu; mặc định năm của kế hoạch")


class ScenarioIn(Body):
    text: str = Field(min_length=1, max_length=512 * 1024,
                      description="Tệp kịch bản tăng trưởng (TOML, UTF-8; see docs/scenario.md)")


class FigureIn(Body):
    period: str = Field(min_length=1, max_length=40, description="Kỳ của số liệu: 2025-Q3, 2025-9M, 2025")
    value: float = Field(ge=-1e12, le=1e12)
    vintage: str = Field("ước tính", min_length=1, max_length=40, description="ước tính | sơ bộ | chính thức")
    source: str = Field("", max_length=2000)
    published_on: date | None = None
