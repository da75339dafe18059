"""The same plan as .txt, .docx and .pdf yields the same task register."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from theodoi.parsing import parse_document

DEMO = Path(__file__).resolve().parents[2] / "demo" / "bacgiang-kh-2025-tang-truong.txt"


def _register(path: Path) -> list[tuple]:
    plan = parse_document(path)
    return [
        (t.ref, t.part, tuple(t.lead), tuple(t.support), t.deadline.kind, t.deadline.due, t.deadline.recurring)
        for t in plan.tasks
    ]


def _write_docx(source: Path, target: Path) -> None:
    """A Word version of the plain-text plan: the header as a two-column layout table, body paragraphs."""
    lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines()]
    lines = [line.replace("**", "") for line in lines if line]
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = lines[0]
    header.cell(1, 1).text = lines[1]
    for line in lines[2:]:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = line.isupper()
    document.save(str(target))


@pytest.fixture(scope="module")
def formats(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    txt = folder / "plan.txt"
    shutil.copy(DEMO, txt)
    docx = folder / "plan.docx"
    _write_docx(DEMO, docx)
    out = {"txt": txt, "docx": docx}
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
            check=True, capture_output=True, timeout=180,
        )
        out["pdf"] = folder / "plan.pdf"
    return out


def test_docx_gives_the_same_tasks_as_txt(formats: dict[str, Path]) -> None:
    assert _register(formats["docx"]) == _register(formats["txt"])


def test_pdf_gives_the_same_tasks_as_txt(formats: dict[str, Path]) -> None:
    if "pdf" not in formats:
        pytest.fail("LibreOffice (soffice) is needed to make the PDF: apt-get install libreoffice-writer-nogui")
    assert _register(formats["pdf"]) == _register(formats["txt"])


def test_the_founding_plan_has_26_tasks(formats: dict[str, Path]) -> None:
    assert len(_register(formats["txt"])) == 26
