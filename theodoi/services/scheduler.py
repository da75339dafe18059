"""The daily jobs and the scheduler that runs them: exactly one process runs a job for a day.

:func:`run_daily` claims the job's day in one short write transaction: it takes the cross-process lock
``job:<name>`` (:func:`theodoi.services.locks.try_lock`; not taken → *busy*), then looks at the
``job_run`` row of (job, day): *done* → *already-done*; *running* → *busy*, unless the run is stale
(started more than :data:`JOB_STALE_AFTER` ago, or its worker was a process of this host that is gone)
or the row is *failed* — those are taken over. Otherwise it inserts a *running* row; the unique
constraint on (job, run_on) is the last guard. The claim is committed before the work starts, so the
lock is held only for an instant and a second process sees the *running* row. The work runs outside
that transaction (in its own ones); then the row is marked *done* (or *failed*, with the error) with
``finished_at``, the ``worker`` (``host:pid``) and a one-line ``detail``.

The daily jobs are ``remind`` (:func:`theodoi.services.reminders.run` for the day), then ``deliver``
(:func:`theodoi.services.delivery.deliver`, when ``smtp_host`` is set). :class:`Scheduler` runs them
in a daemon thread of the server (or in the foreground, ``theodoi scheduler run``): it wakes every
30–60 s, runs the day's jobs once the local time (``timezone``) is at or after ``scheduler_time``,
retries a failed job after a pause, sends e-mails left pending (a mail server that was down) every few
minutes, and logs every error instead of dying.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from theodoi.config import Settings
from theodoi.services import delivery, reminders
from theodoi.services.locks import try_lock
from theodoi.services.workspace import Workspace
from theodoi.store import JobRun

log = logging.getLogger(__name__)

Work = Callable[[Workspace, date], str | None]

JOB_STALE_AFTER = timedelta(hours=1)
RETRY_FAILED_AFTER = timedelta(minutes=15)
DELIVER_EVERY = timedelta(minutes=5)
DETAIL_CHARS = 1000

OUTCOMES = {
    "done": "đã chạy xong (done)",
    "failed": "lỗi (failed)",
    "busy": "tiến trình khác đang chạy (running elsewhere)",
    "already-done": "đã chạy trong ngày (already done)",
    "waiting": "lỗi lần trước, chờ chạy lại (failed recently, will retry)",
}


@dataclass(frozen=True, slots=True)
class JobOutcome:
    job: str
    on: date
    outcome: str  # done | failed | busy | already-done | waiting (see OUTCOMES)
    detail: str | None = None
    worker: str | None = None  # who ran it (done, failed, already-done) or is running it (busy)

    @property
    def label(self) -> str:
        return OUTCOMES[self.outcome]


def worker_name() -> str:
    """This process, as recorded in ``job_run.worker``: ``host:pid``."""
    return f"{socket.gethostname()}:{os.getpid()}"


def run_daily(
    ws: Workspace, job: str, work: Work, *, on: date | None = None, stale_after: timedelta = JOB_STALE_AFTER,
    retry_failed_after: timedelta = timedelta(0),
) -> JobOutcome:
    """Run ``work(ws, day)`` as the job ``job`` of ``day`` (default today) unless it ran or runs elsewhere.

    A failed run is taken over at once, or only once it failed more than ``retry_failed_after`` ago."""
    day = on or ws.today()
    me = worker_name()
    claimed = _claim(ws, job, day, me, stale_after, retry_failed_after)
    if isinstance(claimed, JobOutcome):
        return claimed
    log.info("job %s for %s: started by %s", job, day.isoformat(), me)
    try:
        detail = work(ws, day)
    except Exception as exc:
        log.exception("job %s for %s failed", job, day.isoformat())
        text = _one_line(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
        _finish(ws, claimed, me, "failed", text)
        return JobOutcome(job, day, "failed", text, me)
    except BaseException:  # interrupted (Ctrl-C): do not leave the day "running"
        _finish(ws, claimed, me, "failed", "bị ngắt (interrupted)")
        raise
    summary = _one_line(detail) if detail else None
    _finish(ws, claimed, me, "done", summary)
    log.info("job %s for %s: done (%s)", job, day.isoformat(), summary or "")
    return JobOutcome(job, day, "done", summary, me)


def _claim(
    ws: Workspace, job: str, day: date, me: str, stale_after: timedelta, retry_failed_after: timedelta
) -> int | JobOutcome:
    """The id of the ``job_run`` row this process now runs, or the outcome that says why not."""
    now = ws.now()
    try:
        with ws.write() as session:
            if not try_lock(session, f"job:{job}"):
                return JobOutcome(job, day, "busy")
            row = session.scalar(select(JobRun).where(JobRun.job == job, JobRun.run_on == day))
            if row is None:
                row = JobRun(job=job, run_on=day, started_at=now, state="running", worker=me)
                session.add(row)
                session.flush()
                return row.id
            verdict = _verdict(row, now, stale_after, retry_failed_after)
            if verdict is not None:
                return JobOutcome(job, day, verdict, row.detail, row.worker)
            log.warning("job %s for %s: taking over the %s run of %s", job, day.isoformat(), row.state, row.worker)
            row.state, row.started_at, row.finished_at, row.worker, row.detail = "running", now, None, me, None
            return row.id
    except IntegrityError:  # another process inserted the row first (the unique constraint)
        return JobOutcome(job, day, "busy")


def _verdict(row: JobRun, now: datetime, stale_after: timedelta, retry_failed_after: timedelta) -> str | None:
    """Why the existing run ``row`` is not taken over (None: take it over)."""
    if row.state == "done":
        return "already-done"
    if row.state == "running":
        return None if row.started_at < now - stale_after or _gone(row.worker) else "busy"
    if row.finished_at is not None and row.finished_at > now - retry_failed_after:
        return "waiting"
    return None


def _gone(worker: str) -> bool:
    """True when ``worker`` (host:pid) was a process of this host that no longer exists."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists (owned by someone else), or it cannot be told
        return False
    return False


def _finish(ws: Workspace, run_id: int, me: str, state: str, detail: str | None) -> None:
    with ws.write() as session:
        done = session.execute(
            update(JobRun).where(JobRun.id == run_id, JobRun.worker == me, JobRun.state == "running")
            .values(state=state, finished_at=ws.now(), detail=detail)
        )
    if getattr(done, "rowcount", 1) == 0:
        log.warning("job run %s: taken over by another process before it finished here", run_id)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:DETAIL_CHARS]


# --- The daily jobs ---------------------------------------------------------------------------------------

def remind_job(ws: Workspace, day: date) -> str:
    result = reminders.run(ws, on=day)
    text = f"{len(result.messages)} thông báo, {len(result.items)} việc"
    if result.without_contact:
        text += f"; {len(result.without_contact)} cơ quan chưa có địa chỉ thư"
    return text


def deliver_job(ws: Workspace, day: date) -> str:
    result = delivery.deliver(ws)
    return f"đã gửi {result.sent} thư, {result.retried} sẽ gửi lại, {result.failed} thất bại"


def daily_jobs(settings: Settings) -> list[tuple[str, Work]]:
    """The daily jobs in the order they run: remind, then deliver (when an SMTP server is configured)."""
    jobs: list[tuple[str, Work]] = [("remind", remind_job)]
    if settings.smtp_host:
        jobs.append(("deliver", deliver_job))
    return jobs


def run_jobs(ws: Workspace, *, on: date | None = None, jobs: list[tuple[str, Work]] | None = None,
             retry_failed_after: timedelta = timedelta(0)) -> list[JobOutcome]:
    """Run the daily jobs for ``on`` (default today), each once across every process."""
    day = on or ws.today()
    return [run_daily(ws, name, work, on=day, retry_failed_after=retry_failed_after)
            for name, work in (jobs if jobs is not None else daily_jobs(ws.settings))]


# --- The scheduler ----------------------------------------------------------------------------------------

class Scheduler:
    """Runs the daily jobs every day at ``scheduler_time``: in a daemon thread (:meth:`start`, :meth:`stop`)
    or in the foreground (:meth:`run_forever`)."""

    def __init__(
        self, ws: Workspace, *, jobs: list[tuple[str, Work]] | None = None, interval: tuple[float, float] = (30.0, 60.0),
        retry_failed_after: timedelta = RETRY_FAILED_AFTER, deliver_every: timedelta | None = DELIVER_EVERY,
    ) -> None:
        self.ws = ws
        self.jobs = jobs if jobs is not None else daily_jobs(ws.settings)
        self.interval = interval
        self.retry_failed_after = retry_failed_after
        self.deliver_every = deliver_every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._settled: set[tuple[str, date]] = set()  # (job, day) known done: not asked again
        self._last_delivery: datetime | None = None

    def start_time(self) -> time:
        hours, minutes = self.ws.settings.scheduler_time.split(":")
        return time(int(hours), int(minutes))

    def due_day(self) -> date | None:
        """The day whose jobs are due now: today once the local time reached ``scheduler_time``."""
        local = self.ws.now().astimezone(self.ws.zone)
        return local.date() if local.time() >= self.start_time() else None

    def tick(self) -> list[JobOutcome]:
        """One wake-up: run the jobs of the day that are due and not yet settled; retry pending e-mails."""
        outcomes: list[JobOutcome] = []
        day = self.due_day()
        if day is not None:
            self._settled = {key for key in self._settled if key[1] == day}
            for name, work in self.jobs:
                if (name, day) in self._settled:
                    continue
                outcome = run_daily(self.ws, name, work, on=day, retry_failed_after=self.retry_failed_after)
                if outcome.outcome in ("done", "already-done"):
                    self._settled.add((name, day))
                outcomes.append(outcome)
        self._deliver_pending()
        return outcomes

    def _deliver_pending(self) -> None:
        if not self.ws.settings.smtp_host or self.deliver_every is None:
            return
        now = self.ws.now()
        if self._last_delivery is not None and now - self._last_delivery < self.deliver_every:
            return
        self._last_delivery = now
        result = delivery.deliver(self.ws)
        if result.sent or result.retried or result.failed:
            log.info("delivery: %s sent, %s to retry, %s failed", result.sent, result.retried, result.failed)

    def run_forever(self) -> None:
        """Wake, tick, sleep 30–60 s, until :meth:`stop`. Errors are logged; the loop goes on."""
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("scheduler: the daily jobs could not run; trying again later")
            self._stop.wait(random.uniform(*self.interval))

    def start(self) -> None:
        """Run in a daemon thread (for the web server)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self.run_forever, name="theodoi-scheduler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the loop to end and wait (up to ``timeout`` s) for a job that is running to finish."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()
