"""A growth scenario file: read (with clear messages for what is wrong in it), where it stands (the most
mature release of each quarter, growth to date, contributions, what the rest of the year needs), and
`theodoi scenario` printing it in Vietnamese."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from theodoi.cli import app
from theodoi.domain import growth
from theodoi.errors import InputError
from theodoi.services.scenario import load, parse, standing

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "kich-ban-tang-truong.toml"
SMALL = """
[scenario]
province = "Tỉnh Thử"
year = 2025
target = 10.0
quarters = [8.0, 10.0, 11.0, 11.0]
components = { "CN-XD" = 12.0 }

[base]
"CN-XD" = [60.0, 60.0, 60.0, 60.0]
"Dịch vụ" = [40.0, 40.0, 40.0, 40.0]

[[release]]
quarter = 1
vintage = "ước tính"
published = 2025-03-28
growth = { cnxd = 10.0, dv = 5.0 }

[[release]]
quarter = 1
vintage = "chính thức"
published = 2025-09-30
values = { cnxd = 66.6, dv = 42.0 }

[[release]]
quarter = 1
vintage = "sơ bộ"
published = 2025-06-27
growth = { cnxd = 11.0, dv = 4.0 }
"""


def test_the_most_mature_release_of_a_quarter_counts() -> None:
    picture = standing(parse(SMALL))
    (q1,) = picture["quarters"]
    assert q1["vintage"] == "chinh-thuc"  # the official figure, though listed before the preliminary one
    assert q1["growth"] == pytest.approx((66.6 + 42.0) / 100 * 100 - 100)
    assert q1["scenario"] == 8.0
    assert [h["vintage"] for h in picture["history"]] == ["uoc-tinh", "so-bo", "chinh-thuc"]
    assert picture["history"][0]["growth"] == pytest.approx(0.6 * 10 + 0.4 * 5)


def test_growth_to_date_contributions_and_what_the_rest_needs() -> None:
    picture = standing(parse(SMALL))
    done, need = picture["to_date"], picture["needed"]
    assert done["name"] == "Quý I" and done["growth"] == pytest.approx(8.6)
    assert sum(done["contributions"].values()) == pytest.approx(done["growth"])
    assert done["contributions"]["cnxd"] == pytest.approx(6.6)
    # the year needs 440 in all; 108.6 is done, so Q2–Q4 need (440 − 108.6) / 300 − 1
    assert need["quarters"] == [2, 3, 4] and need["growth"] == pytest.approx(((1.1 * 400 - 108.6) / 300 - 1) * 100)
    assert need["by_component"] == {"cnxd": pytest.approx(((1.12 * 240 - 66.6) / 180 - 1) * 100)}
    assert picture["scenario_year"] == pytest.approx(10.0)  # equal quarters: the mean of the quarterly rates


def test_the_example_file_reads_and_reaches_the_target_when_the_rest_needs_are_met() -> None:
    scenario = load(EXAMPLE)
    picture = standing(scenario)
    assert picture["to_date"]["name"] == "Quý I" and picture["quarters"][0]["vintage"] == "so-bo"
    rest = picture["needed"]["growth"] / 100
    latest = scenario.latest()
    actual = {p: [latest[1].values[p]] + [scenario.base[p][q] * (1 + rest) for q in (1, 2, 3)] for p in scenario.base}
    assert growth.growth(scenario.base, actual, growth.QUARTERS) * 100 == pytest.approx(scenario.target)


@pytest.mark.parametrize(("text", "message"), [
    ("[scenario\n", "sai cú pháp"),
    ("[base]\ncnxd = [1.0, 1.0, 1.0, 1.0]\n", "thiếu bảng [scenario]"),
    ("[scenario]\nyear = 2025\ntarget = 10\nfoo = 1\n[base]\ncnxd = [1.0, 1.0, 1.0, 1.0]\n", "không hiểu khóa foo"),
    ("[scenario]\nyear = 2025\ntarget = '10'\n[base]\ncnxd = [1.0, 1.0, 1.0, 1.0]\n", "target: cần một số"),
    ("[scenario]\nyear = 2025\ntarget = 10\n[base]\nkhai_khoang = [1.0, 1.0, 1.0, 1.0]\n", "không rõ khu vực kinh tế"),
    ("[scenario]\nyear = 2025\ntarget = 10\n[base]\ncnxd = [1.0, 1.0, 1.0]\n", "cần 4 giá trị"),
    ("[scenario]\nyear = 2025\ntarget = 10\n[base]\ncnxd = [1.0, 1.0, 1.0, 1.0]\n[[release]]\nquarter = 5\n"
     "vintage = 'sơ bộ'\ngrowth = { cnxd = 1.0 }\n", "quý phải trong 1–4"),
    ("[scenario]\nyear = 2025\ntarget = 10\n[base]\ncnxd = [1.0, 1.0, 1.0, 1.0]\n[[release]]\nquarter = 1\n"
     "vintage = 'đồn đoán'\ngrowth = { cnxd = 1.0 }\n", "không rõ loại số liệu"),
    ("[scenario]\nyear = 2025\ntarget = 10\n[base]\ncnxd = [1.0, 1.0, 1.0, 1.0]\n[[release]]\nquarter = 1\n"
     "vintage = 'sơ bộ'\n", "growth (tốc độ %) hoặc values"),
    ("[scenario]\nyear = 2025\ntarget = 10\n[base]\ncnxd = [1.0, 1.0, 1.0, 1.0]\ndv = [1.0, 1.0, 1.0, 1.0]\n"
     "[[release]]\nquarter = 1\nvintage = 'sơ bộ'\ngrowth = { cnxd = 1.0 }\n", "thiếu dv"),
])
def test_what_is_wrong_in_a_file_is_said(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)):
        parse(text, "thu.toml")


def test_a_quarter_without_the_ones_before_it_is_refused() -> None:
    text = SMALL.replace("quarter = 1\nvintage = \"sơ bộ\"", "quarter = 3\nvintage = \"sơ bộ\"")
    with pytest.raises(Exception, match="thiếu quý trước đó"):
        standing(parse(text))


def test_the_command_prints_the_standing_in_vietnamese(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["scenario", str(EXAMPLE)])
    assert done.exit_code == 0, done.output
    assert "Quý II – Quý IV cần tăng" in done.output and "Công nghiệp - xây dựng" in done.output
    assert "điểm %" in done.output and "13,95 %" in done.output  # decimal comma
    as_json: Any = json.loads(runner.invoke(app, ["scenario", str(EXAMPLE), "--format", "json"]).stdout)
    assert as_json["to_date"]["name"] == "Quý I" and as_json["target"] == 13.6
    missing = runner.invoke(app, ["scenario", str(tmp_path / "khong-co.toml")])
    assert missing.exit_code != 0 and "không có tệp" in missing.output and "Traceback" not in missing.output
