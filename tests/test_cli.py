"""The command line: formats, folder mode, failures as one line and exit codes, lint."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.conftest import REPO
from theodoi.cli import OutputFormatName, app
from theodoi.errors import UnsupportedFormat
from theodoi.parsing.plan import DocumentInfo, Plan
from theodoi.render import FORMATS, render

runner = CliRunner()


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real program in a subprocess: exit code and stderr exactly as a user sees them."""
    environ = {k: v for k, v in os.environ.items() if k != "THEODOI_DEBUG"}
    environ.update({"PYTHONPATH": str(REPO), **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "theodoi", *args], capture_output=True, text=True, encoding="utf-8",
        cwd=cwd or REPO, env=environ, timeout=300, check=False,
    )


@pytest.fixture
def fake_parse(monkeypatch: pytest.MonkeyPatch, sample_plan: Plan) -> Plan:
    """parse_document returns the synthetic plan (renderers are tested on every field)."""

    def parse(path: Any, options: Any = None) -> Plan:
        return sample_plan

    monkeypatch.setattr("theodoi.cli.extract.parse_document", parse)
    monkeypatch.setattr("theodoi.cli.lint.parse_document", parse)
    return sample_plan


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


# --- commands and formats -------------------------------------------------------------------------


def test_version() -> None:
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("theodoi ")


def test_format_choices_are_the_renderers() -> None:
    assert {f.value for f in OutputFormatName} == set(FORMATS)
    with pytest.raises(UnsupportedFormat):
        render(Plan(document=DocumentInfo()), "pdf")


def test_json_of_the_founding_document(founding_path: Path) -> None:
    result = runner.invoke(app, ["extract", "--format", "json", str(founding_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "theodoi.plan/1"
    assert data["file"]["name"] == founding_path.name


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_every_text_format_of_the_founding_document(fmt: str, founding_path: Path, tmp_path: Path) -> None:
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["extract", "-f", fmt, str(founding_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_bytes() == render_founding(founding_path, fmt).encode("utf-8")


def render_founding(path: Path, fmt: str) -> str:
    from theodoi.parsing import parse_document

    rendered = render(parse_document(path), fmt)
    assert isinstance(rendered, str)
    return rendered


def test_json_is_readable_utf8(fake_parse: Plan) -> None:
    result = runner.invoke(app, ["extract", "x.txt"])
    assert "Sở Tư pháp" in result.stdout  # not \\u escapes
    assert json.loads(result.stdout) == fake_parse.to_dict()


def test_csv(fake_parse: Plan) -> None:
    result = runner.invoke(app, ["extract", "-f", "csv", "x.txt"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert len(rows) == len(fake_parse.tasks)
    first = rows[0]
    assert first["Mục"] == "1.1" and first["Phần"] == "1" and first["Thuộc mục"] == "II.1"
    assert first["Cơ quan chủ trì"] == "Sở Tư pháp"
    assert first["Cơ quan phối hợp"] == "Ủy ban nhân dân các xã"
    assert first["Thời hạn"] == "Quý III/2025" and first["Hạn hoàn thành"] == "30/09/2025"
    assert first["Chỉ tiêu"] == "giảm ít nhất 30% thời gian xử lý"
    assert first["Dòng"] == "12"
    assert rows[1]["Định kỳ"] == "có" and rows[1]["Hạn hoàn thành"] == ""


def test_table(fake_parse: Plan) -> None:
    result = runner.invoke(app, ["extract", "-f", "table", "x.txt"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    for expected in ("Kế hoạch số 123/KH-UBND", "Ủy ban nhân dân tỉnh Bắc Giang", "05/06/2025", "Sở Tư pháp",
                     "Quý III/2025", "30/09/2025", "missing-deadline", "Phát hiện", "1.1#2"):
        assert expected in out, expected
    assert "\x1b[" not in out  # no colour codes when not a terminal


def test_xlsx(fake_parse: Plan, tmp_path: Path) -> None:
    out = tmp_path / "register.xlsx"
    result = runner.invoke(app, ["extract", "-f", "xlsx", "x.txt", "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Nhiệm vụ", "Văn bản", "Chỉ tiêu", "Văn bản trích dẫn", "Phát hiện"]
    ws = wb["Nhiệm vụ"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["Mục", "Phần"] and "Nội dung nhiệm vụ" in header
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(header)).column_letter}4"
    due = ws.cell(2, header.index("Hạn hoàn thành") + 1)
    assert due.value == datetime(2025, 9, 30) and due.number_format == "dd/mm/yyyy"
    assert ws.cell(2, header.index("Cơ quan chủ trì") + 1).value == "Sở Tư pháp"
    text = ws.cell(3, header.index("Nội dung nhiệm vụ") + 1)
    assert text.value.startswith("=SUM") and text.data_type == "s"  # text, never a formula
    assert ws.column_dimensions["E"].width >= 50 and ws.cell(2, 5).alignment.wrap_text
    info = {row[0].value: row[1].value for row in wb["Văn bản"].iter_rows(min_row=2)}
    assert info["Số, ký hiệu"] == "123/KH-UBND" and info["Ngày ban hành"] == datetime(2025, 6, 5)
    assert wb["Chỉ tiêu"].max_row == 3  # header, plan target, task target
    assert wb["Văn bản trích dẫn"]["B2"].value == "66/NQ-CP"
    assert wb["Phát hiện"].max_row == 3


def test_xlsx_to_a_redirected_stdout(fake_parse: Plan) -> None:
    result = runner.invoke(app, ["extract", "-f", "xlsx", "x.txt"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"PK\x03\x04")
    assert load_workbook(io.BytesIO(result.stdout_bytes)).sheetnames[0] == "Nhiệm vụ"


def test_xlsx_to_a_terminal_needs_an_output_file(fake_parse: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    from theodoi.cli._guard import UsageProblem
    from theodoi.cli.extract import extract
    from theodoi.cli.inputs import Reading

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    with pytest.raises(UsageProblem, match="-o"):
        extract([Path("x.txt")], "xlsx", None, Reading())


def test_xlsx_of_the_founding_document(founding_path: Path, tmp_path: Path) -> None:
    result = run_cli("extract", "-f", "xlsx", str(founding_path), "-o", str(tmp_path / "a.xlsx"))
    assert result.returncode == 0, result.stderr
    assert load_workbook(tmp_path / "a.xlsx")["Nhiệm vụ"]["A1"].value == "Mục"


def test_output_into_an_existing_folder(fake_parse: Plan, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "-f", "csv", "ke-hoach.docx", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ke-hoach.csv").is_file()


# --- several documents ----------------------------------------------------------------------------


def test_folder_mode(founding_path: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    text = founding_path.read_bytes()
    (src / "a.txt").write_bytes(text)
    (src / "sub" / "b.txt").write_bytes(text)
    (src / "sub" / "a.txt").write_bytes(text)  # same name: gets another output name
    (src / "broken.docx").write_bytes(b"this is not a word document")
    (src / "notes.xyz").write_text("ignored")
    out = tmp_path / "out"
    result = run_cli("extract", str(src), "-f", "json", "-o", str(out))
    assert result.returncode == 2, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["a-2.json", "a.json", "b.json"]
    for path in out.iterdir():
        assert json.loads(path.read_text(encoding="utf-8"))["schema"] == "theodoi.plan/1"
    failures = [line for line in result.stderr.splitlines() if "broken.docx" in line]
    assert len(failures) == 1 and failures[0].startswith("theodoi: ")
    assert "Traceback" not in result.stderr
    assert "4/4" in result.stderr  # the progress bar went through every document
    assert "3/4" in result.stderr.splitlines()[-1]  # summary


def test_several_files_all_good(founding_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(founding_path), str(founding_path), "-f", "csv", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "o").iterdir()] == [founding_path.stem + ".csv"]  # duplicates read once


def test_several_files_need_an_output_folder(founding_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(founding_path), str(founding_path)])
    assert result.exit_code == 2
    assert one_line(result.stderr).startswith("theodoi: ")
    assert "-o" in result.stderr


def test_empty_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    one_line(result.stderr)


# --- failures -------------------------------------------------------------------------------------


def test_missing_file() -> None:
    result = run_cli("extract", "no-such-file.txt")
    assert result.returncode == 2
    assert one_line(result.stderr).startswith("theodoi: no-such-file.txt: ")
    assert result.stdout == ""


def test_docx_that_is_really_text(tmp_path: Path) -> None:
    fake = tmp_path / "ke-hoach.docx"
    fake.write_text("KẾ HOẠCH\n1. Sở Tư pháp chủ trì.\n", encoding="utf-8")
    result = run_cli("extract", str(fake))
    assert result.returncode == 2
    assert one_line(result.stderr).startswith(f"theodoi: {fake}: ")


def test_garbage_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(os.urandom(2048))
    result = run_cli("lint", str(fake))
    assert result.returncode == 2
    one_line(result.stderr)


def test_file_too_large(founding_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(founding_path), "--max-size", "0.001"])
    assert result.exit_code == 2
    assert "quá lớn" in one_line(result.stderr)


def test_bad_option_is_a_usage_error(founding_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(founding_path), "--ocr", "sometimes"])
    assert result.exit_code == 2


def _boom(path: Any, options: Any = None) -> Plan:
    raise ZeroDivisionError("division by zero")


def test_internal_error_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("THEODOI_DEBUG", raising=False)
    monkeypatch.setattr("theodoi.cli.extract.parse_document", _boom)
    result = runner.invoke(app, ["extract", "x.txt"])
    assert result.exit_code == 70
    assert one_line(result.stderr) == "theodoi: lỗi nội bộ (internal error): ZeroDivisionError: division by zero"


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_shows_the_traceback(how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("theodoi.cli.extract.parse_document", _boom)
    if how == "env":
        monkeypatch.setenv("THEODOI_DEBUG", "1")
    args = ["--debug", "extract", "x.txt"] if how == "flag" else ["extract", "x.txt"]
    result = runner.invoke(app, args)
    assert result.exit_code == 70
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr


def test_internal_error_in_a_batch_goes_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sample_plan: Plan) -> None:
    monkeypatch.delenv("THEODOI_DEBUG", raising=False)
    calls: list[str] = []

    def parse(path: Path, options: Any = None) -> Plan:
        calls.append(path.name)
        return _boom(path) if path.name == "a.txt" else sample_plan

    monkeypatch.setattr("theodoi.cli.extract.parse_document", parse)
    result = runner.invoke(app, ["extract", "a.txt", "b.txt", "-o", str(tmp_path)])
    assert calls == ["a.txt", "b.txt"]
    assert result.exit_code == 70
    assert (tmp_path / "b.json").is_file()
    assert "theodoi: a.txt: lỗi nội bộ (internal error): ZeroDivisionError" in result.stderr


# --- lint -----------------------------------------------------------------------------------------


def test_lint_text_exits_1_on_errors(fake_parse: Plan) -> None:
    result = runner.invoke(app, ["lint", "x.txt"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "line 20: [warning] missing-deadline: Nhiệm vụ không có thời hạn",
        "line ?: [error] blank-number: Chưa có số văn bản",
    ]


def test_lint_exits_0_without_errors(fake_parse: Plan) -> None:
    fake_parse.findings = [f for f in fake_parse.findings if f.severity != "error"]
    result = runner.invoke(app, ["lint", "x.txt", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["counts"] == {"error": 0, "warning": 1, "info": 0}
    assert data["findings"][0]["code"] == "missing-deadline"


def test_lint_of_the_founding_document(founding_path: Path) -> None:
    result = run_cli("lint", str(founding_path))
    findings = json.loads(run_cli("lint", "-f", "json", str(founding_path)).stdout)["findings"]
    assert result.returncode == (1 if any(f["severity"] == "error" for f in findings) else 0), result.stderr
    assert len(result.stdout.splitlines()) == len(findings)
    assert all(line.startswith("line ") for line in result.stdout.splitlines())


# --- start-up -------------------------------------------------------------------------------------


def test_the_cli_imports_no_heavy_module() -> None:
    code = (
        "import sys, theodoi.cli; heavy = ('theodoi.parsing', 'theodoi.render', 'openpyxl', 'rich', 'docx', "
        "'pdfplumber', 'fastapi', 'starlette', 'uvicorn'); "
        "print(sorted({m.split('.')[0] if not m.startswith('theodoi') else m for m in sys.modules "
        "if m.startswith(heavy)}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.stdout.strip() == "[]"


# --- progress -------------------------------------------------------------------------------------


def test_ocr_progress_reaches_the_reader(monkeypatch: pytest.MonkeyPatch, sample_plan: Plan, tmp_path: Path) -> None:
    seen: list[Any] = []

    def parse(path: Path, options: Any = None) -> Plan:
        seen.append(options)
        for page in range(1, 4):
            options.progress(page, 3, f"OCR trang {page}/3")
        return sample_plan

    monkeypatch.setattr("theodoi.cli.extract.parse_document", parse)
    assert runner.invoke(app, ["extract", "a.pdf", "--max-size", "2", "--ocr", "always"]).exit_code == 0
    assert seen[0].max_bytes == 2 * 1024 * 1024 and seen[0].ocr == "always"
    result = runner.invoke(app, ["extract", "a.pdf", "b.pdf", "-o", str(tmp_path)])
    assert result.exit_code == 0 and len(seen) == 3


def test_ocr_progress_bar_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    from theodoi.cli.progress import OcrProgress

    with OcrProgress(enabled=False) as quiet:
        quiet(1, 2, "OCR")
    with OcrProgress(enabled=True) as bar:
        for page in range(1, 4):
            bar(page, 3, "OCR")
    assert capsys.readouterr().out == ""


def test_table_on_a_terminal_has_colours(sample_plan: Plan, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from theodoi.cli.extract import show

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    show(sample_plan, FORMATS["table"])
    out = capsys.readouterr().out
    assert "Sở Tư pháp" in out and "\x1b[" in out
