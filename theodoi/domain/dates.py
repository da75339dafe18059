"""Days as Vietnamese users write them: "15/6/2025", "15/06/2025", "15-6-2025", or ISO "2025-06-15".
Shown as dd/mm/yyyy."""

from __future__ import annotations

import re
from datetime import date

from theodoi.errors import Invalid

_VN_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_day(text: str) -> date:
    """A date from dd/mm/yyyy or yyyy-mm-dd; anything else is refused with a clear message."""
    m = _VN_RE.match(text)
    parts = (int(m.group(3)), int(m.group(2)), int(m.group(1))) if m else None
    if parts is None and (m := _ISO_RE.match(text)):
        parts = (int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if parts is None:
        raise Invalid(f"ngày '{text}' không hợp lệ; viết dd/mm/yyyy, ví dụ 30/9/2025 (expected dd/mm/yyyy)")
    try:
        return date(*parts)
    except ValueError:
        raise Invalid(f"ngày '{text}' không có thật (no such date)") from None


def format_day(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""
