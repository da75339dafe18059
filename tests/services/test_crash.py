"""Killing the process in the middle of an import or a report submission leaves no partial plan or
report: real `theodoi` subprocesses, stopped at a pause point inside their transaction, then SIGKILLed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from theodoi.services.plans import publish
from theodoi.store import (
    Agency,
    AuditEvent,
    Evidence,
    Organisation,
    Plan,
    ProgressReport,
    StoredFile,
    Task,
)

THEODOI = [sys.executable, "-m", "theodoi"]


def run_until_paused(args: list[str], url: str, point: str, tmp_path: Path, **env: str) -> subprocess.Popen[bytes]:
    marker = tmp_path / f"paused-{point}"
    marker.unlink(missing_ok=True)
    environment = {**os.environ, "THEODOI_DATABASE_URL": url, "THEODOI_PAUSE_AT": point,
                   "THEODOI_PAUSE_FILE": str(marker), "THEODOI_TIMEZONE": "Asia/Ho_Chi_Minh", **env}
    process = subprocess.Popen([*THEODOI, *args], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not marker.exists():
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"the process ended before pausing at {point}: {err.decode()[-2000:]}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the process did not reach {point}")
        time.sleep(0.05)
    return process


def kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


def count(ws: Any, model: Any) -> int:
    with ws.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize("point", ["import.first-task", "import.before-commit"])
def test_a_killed_import_leaves_nothing(workspace: Any, founding_path: Path, tmp_path: Path, point: str) -> None:
    url = workspace.settings.database_url
    kill(run_until_paused(["import", str(founding_path)], url, point, tmp_path))
    for model in (Plan, Task, StoredFile, Organisation, Agency, AuditEvent):
        assert count(workspace, model) == 0, model.__name__
    done = subprocess.run([*THEODOI, "import", str(founding_path)], env={**os.environ, "THEODOI_DATABASE_URL": url},
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert count(workspace, Plan) == 1 and count(workspace, Task) == 26


def test_a_killed_report_submission_leaves_nothing(founding: Any, tmp_path: Path) -> None:
    publish(founding, 1)
    url = founding.settings.database_url
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% minh chung\n" + b"0" * 2000)
    before = {m: count(founding, m) for m in (AuditEvent, StoredFile)}
    args = ["report", "submit", "--plan", "1", "--task", "II.3.2", "--agency", "Sở Xây dựng tỉnh Bắc Ninh",
            "--period", "2025-Q3", "--status", "đang thực hiện", "--percent", "40", "--result", "Đã rà soát",
            "--evidence", str(evidence)]
    kill(run_until_paused(args, url, "report.before-commit", tmp_path))
    assert count(founding, ProgressReport) == 0 and count(founding, Evidence) == 0
    assert {m: count(founding, m) for m in (AuditEvent, StoredFile)} == before
    with founding.read() as session:
        task = session.scalar(select(Task).where(Task.plan_id == 1, Task.ref == "II.3.2"))
        assert task is not None and task.reports_count == 0 and task.latest_status is None
    done = subprocess.run([*THEODOI, *args], env={**os.environ, "THEODOI_DATABASE_URL": url}, capture_output=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert count(founding, ProgressReport) == 1 and count(founding, Evidence) == 1
