"""``theodoi lint``: the linter's findings for one document."""

from __future__ import annotations

from pathlib import Path

from theodoi.cli.inputs import Reading
from theodoi.cli.output import to_stdout
from theodoi.cli.progress import OcrProgress
from theodoi.parsing import parse_document
from theodoi.render.findings import findings_json, findings_text, has_errors


def lint(path: Path, fmt: str, reading: Reading) -> int:
    """Print the findings; return 1 when one of them is an error, else 0."""
    with OcrProgress() as bar:
        plan = parse_document(path, reading.options(bar))
    to_stdout(findings_json(plan) if fmt == "json" else findings_text(plan))
    return 1 if has_errors(plan) else 0
