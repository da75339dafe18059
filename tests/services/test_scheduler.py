"""The daily jobs run once per day across processes: job runs, failures and take-overs, the advisory lock,
two real processes racing for the same job, the scheduler's clock and thread, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from theodoi.services.locks import lock_key, try_lock
from theodoi.services.scheduler import Scheduler, daily_jobs, run_daily, worker_name
from theodoi.services.workspace import Workspace
from theodoi.store import JobRun

DAY = date(2025, 9, 16)


class Counting:
    """A job that counts its runs (and fails while ``fail`` is set)."""

    def __init__(self, fail: bool = False) -> None:
        self.days: list[date] = []
        self.fail = fail

    def __call__(self, ws: Workspace, day: date) -> str:
        self.days.append(day)
        if self.fail:
            raise RuntimeError("máy chủ thư không trả lời")
        return f"chạy lần {len(self.days)}"


def runs(ws: Workspace, job: str = "test") -> list[JobRun]:
    with ws.read() as session:
        return list(session.scalars(select(JobRun).where(JobRun.job == job).order_by(JobRun.run_on)))


def test_a_job_runs_once_a_day(workspace: Any) -> None:
    job = Counting()
    first = run_daily(workspace, "test", job, on=DAY)
    assert (first.outcome, first.detail, first.worker) == ("done", "chạy lần 1", worker_name())
    second = run_daily(workspace, "test", job, on=DAY)
    assert (second.outcome, second.detail) == ("already-done", "chạy lần 1")
    assert job.days == [DAY]
    (run,) = runs(workspace)
    assert (run.state, run.run_on, run.worker, run.detail) == ("done", DAY, worker_name(), "chạy lần 1")
    assert run.finished_at == workspace.now()
    assert run_daily(workspace, "test", job, on=DAY + timedelta(days=1)).outcome == "done"  # the next day runs
    assert job.days == [DAY, DAY + timedelta(days=1)]


def test_a_failed_job_is_recorded_and_runs_again(workspace: Any) -> None:
    job = Counting(fail=True)
    failed = run_daily(workspace, "test", job, on=DAY)
    assert failed.outcome == "failed" and failed.detail == "RuntimeError: máy chủ thư không trả lời"
    (run,) = runs(workspace)
    assert (run.state, run.detail) == ("failed", failed.detail)
    waiting = run_daily(workspace, "test", job, on=DAY, retry_failed_after=timedelta(minutes=15))
    assert waiting.outcome == "waiting" and len(job.days) == 1  # the scheduler pauses before retrying
    job.fail = False
    again = run_daily(workspace, "test", job, on=DAY)
    assert (again.outcome, again.detail) == ("done", "chạy lần 2")
    (run,) = runs(workspace)  # the same row, taken over
    assert (run.state, run.detail) == ("done", "chạy lần 2")


def test_a_running_job_is_busy_unless_stale_or_its_process_is_gone(workspace: Any, clock: Any) -> None:
    with workspace.write() as session:
        session.add(JobRun(job="test", run_on=DAY, started_at=workspace.now() - timedelta(minutes=5),
                           state="running", worker="may-chu-khac:4242"))
    job = Counting()
    busy = run_daily(workspace, "test", job, on=DAY)
    assert (busy.outcome, busy.worker) == ("busy", "may-chu-khac:4242") and job.days == []
    clock.moment = workspace.now() + timedelta(hours=2)  # the other server died long ago
    assert run_daily(workspace, "test", job, on=DAY).outcome == "done" and job.days == [DAY]

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    host = worker_name().rpartition(":")[0]
    with workspace.write() as session:
        session.add(JobRun(job="test", run_on=DAY + timedelta(days=1), started_at=workspace.now(), state="running",
                           worker=f"{host}:{dead.stdout.strip()}"))
    assert run_daily(workspace, "test", job, on=DAY + timedelta(days=1)).outcome == "done"  # its process is gone


def test_the_advisory_lock(workspace: Any) -> None:
    assert lock_key("job:remind") == lock_key("job:remind") != lock_key("job:deliver")
    assert -(2**63) <= lock_key("job:remind") < 2**63
    other = Workspace.open(workspace.settings, actor="test:other")
    try:
        with workspace.write() as session:
            assert try_lock(session, "job:test")
            if session.get_bind().dialect.name == "postgresql":
                with other.sessions() as second, second.begin():
                    assert not try_lock(second, "job:test")  # held by the first transaction
                    assert try_lock(second, "job:another")
        with other.sessions() as second, second.begin():
            assert try_lock(second, "job:test")  # released when the first transaction ended
    finally:
        other.close()


RACER = r"""
import sys, time
from datetime import date
from pathlib import Path
from theodoi.config import Settings
from theodoi.services.scheduler import run_daily
from theodoi.services.workspace import Workspace

url, folder, name = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
ws = Workspace.open(Settings(database_url=url, smtp_host="", _env_file=None), actor="test:" + name)

def work(ws, day):
    with open(folder / "work.txt", "a", encoding="utf-8") as out:
        out.write(name + "\n")
    time.sleep(1.5)
    return "chạy bởi " + name

(folder / ("ready-" + name)).touch()
while not (folder / "go").exists():
    time.sleep(0.005)
outcome = run_daily(ws, "race", work, on=date(2025, 9, 16))
print(outcome.outcome)
ws.close()
"""


def test_two_processes_run_a_job_exactly_once(workspace: Any, tmp_path: Path) -> None:
    url = workspace.settings.database_url
    environment = {k: v for k, v in os.environ.items() if not k.startswith("THEODOI_")}
    racers = [subprocess.Popen([sys.executable, "-c", RACER, url, str(tmp_path), name], env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{n}").exists() for n in ("a", "b")):
        assert all(r.poll() is None for r in racers), [r.communicate() for r in racers]
        assert time.monotonic() < deadline, "the racers did not start"
        time.sleep(0.01)
    (tmp_path / "go").touch()
    outputs = [r.communicate(timeout=60) for r in racers]
    assert [r.returncode for r in racers] == [0, 0], outputs
    outcomes = sorted(out.strip() for out, _ in outputs)
    assert outcomes in (["busy", "done"], ["already-done", "done"]), outputs
    lines = (tmp_path / "work.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    (run,) = runs(workspace, "race")
    assert (run.state, run.detail) == ("done", f"chạy bởi {lines[0]}")


def test_the_scheduler_runs_the_days_jobs_from_scheduler_time(workspace: Any, clock: Any) -> None:
    ws = replace_settings(workspace, scheduler_time="06:30")
    first, second = Counting(), Counting()
    scheduler = Scheduler(ws, jobs=[("first", first), ("second", second)])
    clock.set(DAY, hour=6)  # 06:00 local: too early
    assert scheduler.tick() == [] and first.days == []
    clock.moment = clock.moment + timedelta(minutes=30)  # 06:30
    assert [(o.job, o.outcome) for o in scheduler.tick()] == [("first", "done"), ("second", "done")]
    clock.moment = clock.moment + timedelta(hours=3)
    assert scheduler.tick() == []  # settled for the day, the database is not even asked
    clock.set(DAY + timedelta(days=1), hour=23)  # a server started late in the day catches up
    assert [o.outcome for o in scheduler.tick()] == ["done", "done"]
    assert first.days == second.days == [DAY, DAY + timedelta(days=1)]
    late = datetime(2025, 9, 17, 17, 5, tzinfo=UTC)  # 00:05 on 18/9 in Hà Nội, before 06:30: nothing yet
    clock.moment = late
    assert scheduler.due_day() is None


def test_the_scheduler_thread_survives_errors_and_stops(workspace: Any, clock: Any, caplog: Any) -> None:
    clock.set(DAY, hour=12)
    job = Counting(fail=True)
    scheduler = Scheduler(workspace, jobs=[("test", job)], interval=(0.01, 0.02), retry_failed_after=timedelta(0))
    scheduler.start()
    try:
        deadline = time.monotonic() + 10
        while len(job.days) < 3:  # failing, retried, still alive
            assert time.monotonic() < deadline and scheduler.running
            time.sleep(0.01)
        job.fail = False
        while not runs(workspace) or runs(workspace)[0].state != "done":
            assert time.monotonic() < deadline and scheduler.running
            time.sleep(0.01)
    finally:
        scheduler.stop(timeout=10)
    assert not scheduler.running
    count = len(job.days)
    time.sleep(0.1)
    assert len(job.days) == count  # stopped
    assert "RuntimeError: máy chủ thư không trả lời" in caplog.text


def test_the_daily_jobs_are_remind_then_deliver(workspace: Any) -> None:
    assert [name for name, _ in daily_jobs(workspace.settings)] == ["remind"]
    with_mail = workspace.settings.model_copy(update={"smtp_host": "127.0.0.1"})
    assert [name for name, _ in daily_jobs(with_mail)] == ["remind", "deliver"]


def test_scheduler_once_runs_the_days_jobs(founding: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from theodoi.cli.common import set_database
    from theodoi.cli.scheduling import scheduler_app
    from theodoi.services.plans import publish

    publish(founding, 1)
    monkeypatch.setenv("THEODOI_SMTP_HOST", "")
    set_database(founding.settings.database_url)
    try:
        runner = CliRunner()
        first = runner.invoke(scheduler_app, ["once", "--as-of", "03/10/2025", "--format", "json"])
        assert first.exit_code == 0, first.output
        assert [(r["job"], r["outcome"]) for r in json.loads(first.stdout)] == [("remind", "done")]
        again = runner.invoke(scheduler_app, ["once", "--as-of", "3/10/2025", "--format", "json"])
        assert [r["outcome"] for r in json.loads(again.stdout)] == ["already-done"]
    finally:
        set_database(None)
    (run,) = runs(founding, "remind")
    assert run.run_on == date(2025, 10, 3) and run.state == "done" and "thông báo" in (run.detail or "")


def replace_settings(ws: Workspace, **values: Any) -> Workspace:
    from dataclasses import replace

    return replace(ws, settings=ws.settings.model_copy(update=values))
