"""``theodoi urge AGENCY -o FILE.docx``: the draft urging letter (công văn đôn đốc) of an agency."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from theodoi.cli._guard import UsageProblem, guarded
from theodoi.cli.common import AsOf, day, say, workspace
from theodoi.cli.output import to_file


@guarded
def urge_command(
    agency: Annotated[str, typer.Argument(metavar="CƠ_QUAN", help="Cơ quan được đôn đốc: mã, tên (the agency).")],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="TỆP.docx", help="Tệp Word ghi ra (the .docx file).")],
    as_of: AsOf = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Chỉ kế hoạch này: id hoặc số (only this plan).")] = None,
    committee: Annotated[bool, typer.Option(
        "--committee", help="Công văn của Ủy ban nhân dân thay vì cơ quan đầu mối (issued by the People's Committee).",
    )] = False,
) -> None:
    """Dự thảo công văn đôn đốc: nhiệm vụ quá hạn, báo cáo chưa nộp của một cơ quan (draft urging letter)."""
    from theodoi.services.urging import urging_letter

    if output.suffix.lower() != ".docx":
        raise UsageProblem(f"tệp ra phải có đuôi .docx: {output} (the output must be a .docx file)")
    with workspace() as ws:
        letter = urging_letter(ws, agency=agency, on=day(as_of, ws), plan=plan,
                               issuer="committee" if committee else "coordinator")
    to_file(output, letter.docx)
    say(f"theodoi: đã lập dự thảo công văn đôn đốc {letter.agency}: {letter.items} việc chậm → {output}")
