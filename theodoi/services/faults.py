"""A pause point for crash tests: ``THEODOI_PAUSE_AT=<name>`` makes the process stop at that point of
a unit of work (after writing ``THEODOI_PAUSE_FILE``), so that a test can kill it there with SIGKILL
and check that nothing of the unit was saved. Unset (always, outside tests) it does nothing."""

from __future__ import annotations

import os
import time
from pathlib import Path


def checkpoint(name: str) -> None:
    if os.environ.get("THEODOI_PAUSE_AT") != name:
        return
    marker = os.environ.get("THEODOI_PAUSE_FILE")
    if marker:
        Path(marker).write_text(f"{os.getpid()} {name}\n", encoding="utf-8")
    time.sleep(float(os.environ.get("THEODOI_PAUSE_SECONDS", "600")))
