"""Writing results: to stdout (text as UTF-8 whatever the locale) or to files."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from theodoi.errors import InputError


def to_stdout(data: str | bytes) -> None:
    sys.stdout.flush()
    stream = typer.get_binary_stream("stdout")
    stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    stream.flush()


def to_file(target: Path, data: str | bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise InputError(f"không ghi được tệp (cannot write file): {exc.strerror}", path=str(target)) from None
