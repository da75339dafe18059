"""Command line: a thin shell over the library (docs/cli.md).

Commands read options, call one library function and render its result; errors become one line on
stderr (:mod:`theodoi.cli._guard`). Heavy modules (the parser, Rich, openpyxl) are imported inside
the commands, so that ``theodoi version`` and ``--help`` start fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from theodoi.cli._guard import guarded, report, set_debug

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="theodoi — theo dõi thực hiện kế hoạch: trích xuất danh mục nhiệm vụ, theo dõi báo cáo, nhắc việc "
    "(extract the task register of Vietnamese government plans and track their implementation).",
)


class OutputFormatName(StrEnum):
    json = "json"
    csv = "csv"
    table = "table"
    xlsx = "xlsx"


class LintFormatName(StrEnum):
    text = "text"
    json = "json"


class OcrMode(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


MaxSize = Annotated[
    float, typer.Option("--max-size", min=0.001, metavar="MB", help="Từ chối tệp lớn hơn MB megabyte (refuse larger files).")
]
Ocr = Annotated[
    OcrMode,
    typer.Option(
        "--ocr", case_sensitive=False,
        help="Nhận dạng chữ (OCR) cho PDF scan: auto = khi không có lớp chữ dùng được (when the text layer is missing or garbled).",
    ),
]


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", hidden=True, help="Show tracebacks of internal errors.")] = False,
    database: Annotated[
        str | None,
        typer.Option("--database", metavar="URL", help="Cơ sở dữ liệu (default: THEODOI_DATABASE_URL or sqlite:///theodoi.db)."),
    ] = None,
) -> None:
    set_debug(debug)
    from theodoi.cli.common import set_database

    set_database(database)


@app.command("extract")
@guarded
def extract_command(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="Văn bản (.txt .docx .doc .pdf .html) hoặc thư mục (documents or folders)."),
    ],
    format: Annotated[
        OutputFormatName, typer.Option("--format", "-f", case_sensitive=False, help="Định dạng đầu ra (output format).")
    ] = OutputFormatName.json,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Tệp đầu ra; thư mục khi có nhiều văn bản (output file; a folder for several documents)."),
    ] = None,
    max_size: MaxSize = 50.0,
    ocr: Ocr = OcrMode.auto,
) -> None:
    """Trích xuất danh mục nhiệm vụ của kế hoạch (extract the task register of plans)."""
    from theodoi.cli.extract import extract as run
    from theodoi.cli.inputs import Reading

    raise typer.Exit(run(files, format.value, output, Reading(max_size, ocr.value)))


@app.command("lint")
@guarded
def lint_command(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Văn bản cần kiểm tra (the document to check).")],
    format: Annotated[
        LintFormatName,
        typer.Option("--format", "-f", case_sensitive=False,
                     help="text: một dòng một phát hiện (one line per finding); json: một đối tượng JSON."),
    ] = LintFormatName.text,
    max_size: MaxSize = 50.0,
    ocr: Ocr = OcrMode.auto,
) -> None:
    """Kiểm tra dự thảo kế hoạch: in các phát hiện; mã thoát 1 khi có lỗi (lint a draft; exit 1 on errors)."""
    from theodoi.cli.inputs import Reading
    from theodoi.cli.lint import lint as run

    raise typer.Exit(run(file, format.value, Reading(max_size, ocr.value)))


@app.command("version")
def version_command() -> None:
    """In phiên bản (print the version)."""
    from theodoi import __version__

    sys.stdout.write(f"theodoi {__version__}\n")


def _register() -> None:
    """The register and tracking commands (modules under theodoi.cli)."""
    from theodoi.cli import (
        accounts,
        agencies,
        demo,
        exchange,
        indicators,
        register,
        reminding,
        scenario,
        scheduling,
        tracking,
        urging,
    )

    app.add_typer(register.db_app, name="db")
    app.add_typer(register.review_app, name="review")
    app.add_typer(tracking.report_app, name="report")
    app.add_typer(tracking.period_app, name="period")
    app.command("import")(register.import_command)
    app.command("publish")(register.publish_command)
    app.command("plans")(register.plans_command)
    app.command("tasks")(register.tasks_command)
    app.command("status")(tracking.status_command)
    app.command("event")(tracking.event_command)
    app.command("extend")(tracking.extend_command)
    app.command("agencies")(agencies.agencies_command)
    app.add_typer(agencies.agency_app, name="agency")
    app.command("remind")(reminding.remind_command)
    app.command("urge")(urging.urge_command)
    app.command("scenario")(scenario.scenario_command)
    app.add_typer(indicators.indicator_app, name="indicator")
    app.add_typer(scheduling.scheduler_app, name="scheduler")
    app.command("deliver")(scheduling.deliver_command)
    app.command("export")(exchange.export_command)
    app.command("import-reports")(exchange.import_reports_command)
    app.add_typer(accounts.users_app, name="users")
    app.command("serve")(accounts.serve_command)
    app.command("demo")(demo.demo_command)


_register()


def main() -> None:
    """Entry point of the ``theodoi`` script."""
    try:
        app()
    except Exception as exc:  # the last resort: errors outside a command
        sys.exit(report(exc))
