"""theodoi — theo dõi thực hiện kế hoạch (tracking the implementation of government plans)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = ["__version__", "parse_document"]

if TYPE_CHECKING:
    from theodoi.parsing.options import ParseOptions
    from theodoi.parsing.plan import Plan


def parse_document(path: str | Path, options: ParseOptions | None = None) -> Plan:
    """Read a plan document and extract its task register (see :mod:`theodoi.parsing`)."""
    from theodoi.parsing import parse_document as _parse

    return _parse(path, options)
