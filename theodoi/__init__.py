"""theodoi — theo dõi thực hiện kế hoạch (tracking the implementation of government plans)."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "parse_document"]


def parse_document(path, options=None):  # type: ignore[no-untyped-def]
    """Read a plan document and extract its task register (see :mod:`theodoi.parsing`)."""
    from theodoi.parsing import parse_document as _parse

    return _parse(path, options)
