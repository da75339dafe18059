"""What the register commands share: the workspace from the settings, options, and output of rows as
a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from theodoi.services.workspace import Workspace


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[Format, typer.Option("--format", "-f", case_sensitive=False, help="table | json | csv")]
AsOf = Annotated[
    str | None, typer.Option("--as-of", metavar="NGÀY", help="Tính đến ngày dd/mm/yyyy (as of this day; default today).")
]

_database: str | None = None


def set_database(url: str | None) -> None:
    global _database
    _database = url


def settings() -> Any:
    from theodoi.config import Settings

    values: dict[str, Any] = {}
    if _database:
        values["database_url"] = _database
    return Settings(**values)


@contextmanager
def workspace(check_schema: bool = True) -> Iterator[Workspace]:
    from theodoi.services.workspace import Workspace

    ws = Workspace.open(settings(), check_schema=check_schema)
    try:
        yield ws
    finally:
        ws.close()


def day(text: str | None, ws: Workspace) -> date:
    from theodoi.domain.dates import parse_day

    return parse_day(text) if text else ws.today()


def emit(
    rows: Sequence[dict[str, Any]], fmt: Format, columns: Sequence[tuple[str, str]], *, title: str | None = None,
    document: dict[str, Any] | None = None,
) -> None:
    """Print rows: a Rich table (columns = (key, heading)), JSON (``document`` or the rows) or CSV."""
    if fmt is Format.json:
        sys.stdout.write(json.dumps(document if document is not None else list(rows), ensure_ascii=False, indent=2,
                                    default=_plain) + "\n")
        return
    if fmt is Format.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([heading for _, heading in columns])
        for row in rows:
            writer.writerow([_cell(row.get(key)) for key, _ in columns])
        sys.stdout.write(buffer.getvalue())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left", show_lines=False)
    for _, heading in columns:
        table.add_column(heading, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(key)) for key, _ in columns))
    Console(highlight=False, width=max(120, Console().width)).print(table)


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _cell(value: Any) -> str:
    from theodoi.domain.dates import format_day

    if value is None:
        return ""
    if isinstance(value, date):
        return format_day(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    return str(value)


def say(text: str) -> None:
    """A line for the user on stderr (results go to stdout)."""
    sys.stderr.write(text + "\n")


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%".replace(".", ",")
