"""Command line (thin shell over the library). Minimal version; see docs/cli.md."""

from __future__ import annotations

import json
import sys

import typer

from theodoi.errors import TheodoiError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="theodoi — theo dõi thực hiện kế hoạch")


@app.command()
def extract(path: str, format: str = typer.Option("json", "--format", "-f")) -> None:
    """Trích xuất danh mục nhiệm vụ của một kế hoạch (extract a plan's task register)."""
    from theodoi.parsing import parse_document

    plan = parse_document(path)
    sys.stdout.write(json.dumps(plan.to_dict(), ensure_ascii=False, indent=1) + "\n")


@app.command()
def version() -> None:
    """In phiên bản (print the version)."""
    from theodoi import __version__

    sys.stdout.write(__version__ + "\n")


def main() -> None:
    try:
        app()
    except TheodoiError as exc:
        sys.stderr.write(f"theodoi: {exc}\n")
        sys.exit(exc.exit_code)
