"""Renderers of a parsed plan: one module per output format, picked by key.

>>> from theodoi.render import render
>>> render(plan, "csv")            # str
>>> render(plan, "xlsx")           # bytes

Renderers are imported only when used, so that importing this package stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from theodoi.errors import UnsupportedFormat
from theodoi.parsing.plan import Plan


@dataclass(frozen=True, slots=True)
class OutputFormat:
    key: str
    suffix: str  # file name suffix of the output
    binary: bool  # the renderer returns bytes
    module: str  # theodoi.render.<module>
    function: str  # its renderer: (Plan) -> str | bytes
    description: str


FORMATS: dict[str, OutputFormat] = {
    f.key: f
    for f in (
        OutputFormat("json", ".json", False, "json", "to_json", "JSON theo lược đồ theodoi.plan/1"),
        OutputFormat("csv", ".csv", False, "csv", "to_csv", "CSV UTF-8 có BOM, một dòng một nhiệm vụ"),
        OutputFormat("table", ".txt", False, "table", "to_table", "bảng dễ đọc cho người (terminal)"),
        OutputFormat("xlsx", ".xlsx", True, "xlsx", "to_xlsx", "sổ tính Excel, nhiều trang tính"),
    )
}


def output_format(key: str) -> OutputFormat:
    """The format named ``key``; :class:`UnsupportedFormat` when there is none."""
    try:
        return FORMATS[key]
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnsupportedFormat(f"định dạng đầu ra không được hỗ trợ: {key!r} (unsupported output format; use {known})") from None


def render(plan: Plan, fmt: str) -> str | bytes:
    """Render ``plan`` as ``fmt`` (json, csv, table, xlsx): ``bytes`` for binary formats, else ``str``."""
    spec = output_format(fmt)
    renderer = getattr(import_module(f"theodoi.render.{spec.module}"), spec.function)
    result: str | bytes = renderer(plan)
    return result


__all__ = ["FORMATS", "OutputFormat", "output_format", "render"]
