"""The register and tracking commands as a user runs them: exit codes, one-line errors, outputs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from theodoi.cli import app
from theodoi.store.migrate import HEAD


@pytest.fixture
def run(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("THEODOI_DATABASE_URL", database_url)
    monkeypatch.setenv("THEODOI_USER", "cli:test")
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


def test_the_register_from_the_command_line(run: Any, founding_path: Path, tmp_path: Path) -> None:
    result = run("import", str(founding_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "1"
    assert "26 nhiệm vụ" in result.stderr
    assert run("import", str(founding_path)).exit_code == 0  # the same file: its plan is shown again
    plans = json.loads(run("plans", "-f", "json").stdout)
    assert [(p["id"], p["status"], p["tasks"]) for p in plans] == [(1, "draft", 26)]
    assert run("publish", "1").exit_code == 0

    tasks = json.loads(run("tasks", "--plan", "1", "--as-of", "01/10/2025", "--status", "overdue", "-f", "json").stdout)
    assert {t["ref"] for t in tasks} == {"II.2.2", "II.2.3"}

    evidence = tmp_path / "bao-cao.pdf"
    evidence.write_bytes(b"%PDF-1.4\n" + b"x" * 100)
    submitted = run("report", "submit", "--plan", "1", "--task", "II.3.2", "--agency", "so xay dung tinh bac ninh",
                    "--period", "Quý III/2025", "--status", "Đang thực hiện", "--percent", "40",
                    "--evidence", str(evidence))
    assert submitted.exit_code == 0, submitted.output
    report_id = submitted.stdout.strip()
    assert run("report", "accept", report_id).exit_code == 0
    again = run("report", "accept", report_id)
    assert again.exit_code == 5 and again.stderr.count("\n") == 1 and "đã được chấp nhận" in again.stderr

    status = json.loads(run("status", "--as-of", "30/9/2025", "-f", "json").stdout)
    assert status["tasks"]["total"] == 26 and status["tasks"]["counts"]["due_soon"] == 2
    owed = list(filter(None, run("report", "owed", "--period", "2025-Q3", "--agency", "Sở Xây dựng tỉnh Bắc Ninh",
                                 "--as-of", "30/9/2025", "-f", "csv").stdout.splitlines()))
    assert owed[0].startswith("Kỳ,Hạn nộp") and any("II.3.2" in line and "Đúng hạn" not in line for line in owed)
    remind = json.loads(run("remind", "--as-of", "23/9/2025", "--dry-run", "-f", "json").stdout)
    assert remind["dry_run"] and remind["messages"]
    assert json.loads(run("remind", "--as-of", "23/9/2025", "--dry-run", "-f", "json").stdout) == remind


@pytest.mark.parametrize(("args", "code", "words"), [
    (["publish", "99"], 4, "không có kế hoạch"),
    (["tasks", "--agency", "Sở Không Có"], 4, "không tìm thấy cơ quan"),
    (["tasks", "--as-of", "31/02/2025"], 2, "không có thật"),
    (["tasks", "--status", "xong"], 2, "trạng thái"),
    (["report", "owed", "--period", "Quý V/2025"], 2, "kỳ báo cáo"),
])
def test_errors_are_one_line_with_their_exit_code(run: Any, args: list[str], code: int, words: str) -> None:
    result = run(*args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith("theodoi: ") and result.stderr.count("\n") == 1
    assert words in result.stderr.lower()
    assert "Traceback" not in result.output


def test_an_unmigrated_database_is_refused(empty_database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("THEODOI_DATABASE_URL", empty_database_url)
    result = CliRunner().invoke(app, ["plans"], catch_exceptions=False)
    assert result.exit_code == 3 and "theodoi db upgrade" in result.stderr
    assert CliRunner().invoke(app, ["db", "upgrade"], catch_exceptions=False).exit_code == 0
    current = CliRunner().invoke(app, ["db", "current"], catch_exceptions=False)
    assert current.exit_code == 0 and current.stdout.startswith(HEAD)


def test_the_consolidated_report_from_the_command_line(run: Any, founding_path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import shutil

    from docx import Document
    from openpyxl import load_workbook

    assert run("import", str(founding_path)).exit_code == 0 and run("publish", "1").exit_code == 0
    target = tmp_path / "bao-cao.docx"
    made = run("report", "1", "--period", "Quý III/2025", "--as-of", "14/09/2025", "-o", str(target))
    assert made.exit_code == 0, made.output
    doc = Document(io.BytesIO(target.read_bytes()))
    assert any(p.text == "BÁO CÁO" for p in doc.paragraphs) and len(doc.sections) == 2
    same = tmp_path / "compile.docx"
    assert run("report", "compile", "1", "--period", "2025-Q3", "--as-of", "14/09/2025", "-o", str(same)).exit_code == 0
    book = tmp_path / "so.xlsx"
    assert run("report", "1", "--period", "2025-Q3", "--format", "xlsx", "-o", str(book)).exit_code == 0
    assert load_workbook(book).sheetnames
    wrong = run("report", "1", "--period", "2025-Q3", "-o", str(tmp_path / "bao-cao.pdf"))
    assert wrong.exit_code == 2 and "đuôi .docx" in wrong.stderr
    unknown = run("report", "1", "--period", "Quý V/2025", "-o", str(target))
    assert unknown.exit_code == 2 and "kỳ báo cáo" in unknown.stderr and "Traceback" not in unknown.output
    monkeypatch.setattr(shutil, "which", lambda name: None)  # no LibreOffice
    missing = run("report", "1", "--period", "2025-Q3", "--format", "pdf", "-o", str(tmp_path / "bao-cao.pdf"))
    assert missing.exit_code == 2 and "chưa cài LibreOffice" in missing.stderr
    assert not (tmp_path / "bao-cao.pdf").exists()  # nothing half-written
    assert run("report", "owed", "--plan", "1").exit_code == 0  # the sub-commands still answer


def test_indicators_from_the_command_line(run: Any, founding_path: Path) -> None:
    assert run("import", str(founding_path)).exit_code == 0 and run("publish", "1").exit_code == 0
    made = run("indicator", "from-targets", "1")
    assert made.exit_code == 0 and "đã tạo 2 chỉ tiêu" in made.stderr
    added = run("indicator", "add", "1", "--name", "Thời gian giải quyết thủ tục", "--kind", "reduction",
                "--target", "30", "--baseline", "20", "--unit", "ngày")
    assert added.exit_code == 0 and added.stdout.strip() == "3"
    assert run("indicator", "record", "3", "--period", "6 tháng đầu năm 2025", "--value", "17",
               "--vintage", "chính thức").exit_code == 0
    rows = json.loads(run("indicator", "list", "1", "-f", "json").stdout)["indicators"]
    assert [r["standing"] for r in rows] == [None, None, "on_track"]
    table = run("indicator", "list", "1").stdout
    assert "giảm ≥ 30 %" in table and "Đúng tiến độ" in table
    wrong = run("indicator", "record", "3", "--period", "2026-Q1", "--value", "1")
    assert wrong.exit_code != 0 and "ngoài kỳ" in wrong.stderr and "Traceback" not in wrong.output
