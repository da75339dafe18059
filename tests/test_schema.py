"""docs/plan.schema.json describes exactly what Plan.to_dict produces (theodoi.plan/1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from tests.conftest import SCHEMA_PATH, load_schema
from theodoi.parsing import parse_document, parse_text
from theodoi.parsing.plan import SCHEMA, Plan

SMALL_PLAN = """ỦY BAN NHÂN DÂN TỈNH BẮC GIANG
Số: 45/KH-UBND
Bắc Giang, ngày 05 tháng 6 năm 2025
KẾ HOẠCH
Thực hiện Nghị quyết số 66/NQ-CP ngày 26/3/2025 của Chính phủ
I. MỤC ĐÍCH, YÊU CẦU
Bảo đảm tăng trưởng GRDP đạt 13,6%.
II. NHIỆM VỤ
1. Sở Tư pháp chủ trì, phối hợp với các sở, ngành rà soát văn bản quy phạm pháp luật.
Thời gian thực hiện: Quý III/2025
2. Sở Nội vụ: tham mưu sắp xếp đơn vị hành chính; giảm ít nhất 30% thời gian xử lý hồ sơ.
Thời gian thực hiện: trước ngày 30/9/2025
III. TỔ CHỨC THỰC HIỆN
Các sở, ngành, địa phương báo cáo kết quả định kỳ hằng quý.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""


def errors_of(validator: Any, data: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_schema_file_is_a_valid_draft_2020_12_schema() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema"]["const"] == SCHEMA


def test_schema_lists_every_key_of_a_full_plan(sample_plan: Plan, plan_validator: Any) -> None:
    data = sample_plan.to_dict()
    assert errors_of(plan_validator, data) == []
    defs = load_schema()["$defs"]
    assert set(load_schema()["required"]) == set(data)
    assert set(defs["task"]["required"]) == set(data["tasks"][0])
    assert set(defs["deadline"]["required"]) == set(data["tasks"][0]["deadline"])
    assert set(defs["agency"]["required"]) == set(data["tasks"][0]["agencies"][0])
    assert set(defs["target"]["required"]) == set(data["plan_targets"][0])
    assert set(defs["reference"]["required"]) == set(data["references"][0])
    assert set(defs["finding"]["required"]) == set(data["findings"][0])
    assert set(defs["section"]["required"]) == set(data["sections"][0])
    assert set(defs["document"]["required"]) == set(data["document"])
    assert set(defs["file"]["properties"]) == set(data["file"])


def test_schema_rejects_what_is_not_a_plan(sample_plan: Plan, plan_validator: Any) -> None:
    data = sample_plan.to_dict()
    data["tasks"][0]["deadline"]["kind"] = "soon"
    data["tasks"][0]["surprise"] = 1
    del data["findings"][0]["severity"]
    assert len(errors_of(plan_validator, data)) == 3


def test_founding_document_validates(founding_path: Path, plan_validator: Any) -> None:
    data = parse_document(founding_path).to_dict()
    assert errors_of(plan_validator, data) == []
    assert data["file"]["format"] == "txt"
    json.dumps(data, ensure_ascii=False)  # serialisable as it is


def test_small_synthetic_plan_validates(plan_validator: Any) -> None:
    data = parse_text(SMALL_PLAN).to_dict()
    assert errors_of(plan_validator, data) == []
    assert data["schema"] == SCHEMA
    assert data["file"] == {}


def test_schema_is_documented() -> None:
    doc = (SCHEMA_PATH.parent / "plan-format.md").read_text(encoding="utf-8")
    schema = load_schema()
    names = set(schema["properties"])
    for definition in schema["$defs"].values():
        names |= set(definition.get("properties", {}))
    missing = sorted(name for name in names if f"`{name}`" not in doc)
    assert missing == []


def test_example_in_the_format_page_validates(plan_validator: Any) -> None:
    doc = (SCHEMA_PATH.parent / "plan-format.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    assert errors_of(plan_validator, json.loads(example)) == []
