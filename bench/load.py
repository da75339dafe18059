"""HTTP load on the national-scale PostgreSQL register: 50 concurrent clients mixing the dashboard, the
agency inbox, a plan's task list and task pages; p50/p95/p99 latency and requests per second per page.

    .venv/bin/python bench/load.py [--clients 50] [--seconds 30] [--warmup 30] [--workers 3] [--think S]... [--reuse]

The database `theodoi_bench_http` is generated with bench/national.py (or reused with --reuse); the
server is `theodoi serve` (uvicorn) with several workers; the clients are asyncio tasks in this
process, each signed in as an officer of a department or as a province's coordinator, each looping
over the mix: once with no wait between pages (closed loop: the server's throughput when saturated),
once with users waiting about a second between pages (the latency 50 people working at once see). Figures, never assertions: compare ratios, not absolutes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from bench.national import generate  # noqa: E402
from theodoi.store import Agency, Assignment, Organisation, Plan, Task  # noqa: E402

ADMIN = os.environ.get("THEODOI_BENCH_DATABASE_URL", "postgresql://root@127.0.0.1/postgres")
NAME = "theodoi_bench_http"
PASSWORD = "mat-khau-bench-du-dai"
TARGET_MS = 100.0
COOKIE = "theodoi_session"


@dataclass
class Actor:
    username: str
    plans: list[int]
    tasks: list[int]
    officer: bool


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds spent in the measured window


TICK = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def cpu_now(server: int) -> dict[str, float]:
    """CPU seconds so far: the server's worker processes, and the whole machine (busy and stolen by the
    hypervisor) — what a request costs, whatever the wall clock of a shared machine says."""
    children = Path(f"/proc/{server}/task/{server}/children")
    workers = [int(p) for p in children.read_text().split()] if children.exists() else []
    line = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _wait, irq, softirq, steal = (int(v) / TICK for v in line[:8])
    return {"workers": sum(_process_cpu(p) for p in [server, *workers]),
            "busy": user + nice + system + irq + softirq, "steal": steal, "wall": time.monotonic()}


def database(reuse: bool) -> str:
    from sqlalchemy.engine import make_url

    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    url = make_url(ADMIN).set(database=NAME).render_as_string(hide_password=False)
    with admin.connect() as c:
        exists = c.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": NAME})
        if exists and not reuse:
            c.execute(text(f'DROP DATABASE "{NAME}" WITH (FORCE)'))
        if not exists or not reuse:
            c.execute(text(f'CREATE DATABASE "{NAME}"'))
    admin.dispose()
    if not exists or not reuse:
        started = time.perf_counter()
        generate(url, progress=True)
        print(f"  generated the national register in {time.perf_counter() - started:.0f} s")
    else:
        from theodoi.store import migrate

        migrate.upgrade(url)
    return url


def actors(url: str, count: int) -> list[Actor]:
    """Officers of the busiest departments and coordinators of the largest provinces, with accounts."""
    from theodoi.config import Settings
    from theodoi.errors import Conflict
    from theodoi.services import accounts
    from theodoi.services.workspace import Workspace

    ws = Workspace.open(Settings(database_url=url, _env_file=None), actor="bench")  # type: ignore[call-arg]
    found: list[Actor] = []
    with ws.read() as session:
        busy = session.execute(
            select(Assignment.agency_id, func.count()).join(Agency, Agency.id == Assignment.agency_id)
            .where(Agency.kind == "department", Assignment.valid_to.is_(None))
            .group_by(Assignment.agency_id).order_by(func.count().desc()).limit(count)
        ).all()
        provinces = session.execute(
            select(Organisation.code, Organisation.id, func.count(Plan.id)).join(Plan, Plan.organisation_id == Organisation.id)
            .group_by(Organisation.code, Organisation.id).order_by(func.count(Plan.id).desc()).limit(max(1, count // 4))
        ).all()
        people = []
        for agency_id, _ in busy:
            tasks = list(session.scalars(select(Assignment.task_id).where(Assignment.agency_id == agency_id).limit(200)))
            plans = sorted(set(session.scalars(select(Task.plan_id).where(Task.id.in_(tasks)))))
            people.append((f"can-bo-{agency_id}", "officer", str(agency_id), plans, tasks))
        for code, org_id, _ in provinces:
            plans = list(session.scalars(select(Plan.id).where(Plan.organisation_id == org_id)))
            tasks = list(session.scalars(select(Task.id).where(Task.plan_id.in_(plans)).limit(500)))
            agency = session.scalar(select(Agency.id).where(Agency.organisation_id == org_id,
                                                            Agency.gazetteer_id == "so-tai-chinh").limit(1))
            people.append((f"dieu-phoi-{code}", "coordinator", str(agency), plans, tasks))
    for username, role, agency, plans, tasks in people:
        try:
            accounts.add_user(ws, username=username, password=PASSWORD, role=role, agency=agency)
        except Conflict:
            pass
        found.append(Actor(username, plans, tasks, role == "officer"))
    ws.close()
    return found


def forget_pictures(url: str) -> None:
    """A fresh start: no pictures or pages shared by an earlier run's server (table ``picture``)."""
    engine = create_engine(url)
    with engine.begin() as c:
        c.execute(text("DELETE FROM picture"))
    engine.dispose()


def serve(url: str, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    forget_pictures(url)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "THEODOI_DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "theodoi.web.app:serve", "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
        env=env, cwd=REPO,
    )
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(120):
        try:
            if httpx.get(base + "/login", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit("the server did not start")


def pages(actor: Actor, rng: random.Random) -> list[tuple[str, str]]:
    mix = [("dashboard", "/"), ("task list", f"/plans/{rng.choice(actor.plans)}" if actor.plans else "/plans"),
           ("task page", f"/tasks/{rng.choice(actor.tasks)}" if actor.tasks else "/plans")]
    if actor.officer:
        mix.append(("inbox", "/inbox"))
    return mix


class Connection:
    """A keep-alive HTTP/1.1 connection, as lean as a load tool's (wrk's): the clients share the 2 cores
    with the server, and a heavy client (httpx costs about a millisecond a request) would measure itself."""

    def __init__(self, base: str) -> None:
        host, _, port = base.removeprefix("http://").partition(":")
        self.host, self.port = host, int(port or 80)
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self.cookie = ""

    async def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, bytes]:
        reused = self.streams is not None
        try:
            return await self._request(method, path, form)
        except (asyncio.IncompleteReadError, ConnectionResetError) as exc:
            if not reused or (isinstance(exc, asyncio.IncompleteReadError) and exc.partial):
                raise
            return await self._request(method, path, form)  # the server closed an idle keep-alive: as browsers do

    async def _request(self, method: str, path: str, form: dict[str, str] | None) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        body = urlencode(form).encode() if form else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(body)}"]
        if form:
            head.append("Content-Type: application/x-www-form-urlencoded")
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
        try:
            writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            status_line, *lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            headers = [line.partition(":") for line in lines if line]
            fields = {k.strip().lower(): v.strip() for k, _, v in headers}
            for k, _, v in headers:
                if k.strip().lower() == "set-cookie" and v.strip().startswith(COOKIE + "="):
                    self.cookie = v.strip().split(";", 1)[0]
            if fields.get("transfer-encoding", "").lower() == "chunked":
                content = await self._chunks(reader)
            else:
                content = await reader.readexactly(int(fields.get("content-length", "0")))
            if fields.get("connection", "").lower() == "close":
                await self.close()
            return int(status_line.split()[1]), content
        except BaseException:
            await self.close()
            raise

    @staticmethod
    async def _chunks(reader: asyncio.StreamReader) -> bytes:
        parts = []
        while size := int((await reader.readline()).split(b";")[0], 16):
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readexactly(2)
        return b"".join(parts)

    async def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def client(base: str, actor: Actor, until: float, tally: Tally, record_after: float, think: float) -> None:
    """One user: signs in, then asks for a page of the mix, waits ``think`` seconds (0: at once), again."""
    rng = random.Random(actor.username)
    http = Connection(base)
    try:
        status, _ = await asyncio.wait_for(
            http.request("POST", "/login", {"username": actor.username, "password": PASSWORD, "next": "/"}), 120)
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError) as exc:
        tally.errors[f"sign-in {type(exc).__name__}"] += 1
        return
    if status != 303 or not http.cookie:
        tally.errors["sign-in"] += 1
        return
    if think:
        await asyncio.sleep(rng.uniform(0, think))  # users do not all click at the same moment
    while time.monotonic() < until:
        kind, path = rng.choice(pages(actor, rng))
        counted = time.monotonic() >= record_after  # a request asked during the warm-up is not measured
        started = time.perf_counter()
        try:
            code, _ = await asyncio.wait_for(http.request("GET", path), 120)
            status = str(code) if code != 200 else ""
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError) as exc:
            status = type(exc).__name__  # a timeout or a dropped connection: counted, the client goes on
        elapsed = time.perf_counter() - started
        if counted:
            if not status:
                tally.times[kind].append(elapsed)
            else:
                tally.errors[f"{kind} {status}"] += 1
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
    await http.close()


async def load(base: str, people: list[Actor], clients: int, seconds: float, warmup: float,
               think: float, server: int) -> tuple[Tally, float]:
    tally = Tally()
    start = time.monotonic()
    record_after = start + warmup
    until = record_after + seconds

    async def watch() -> None:
        await asyncio.sleep(max(0.0, record_after - time.monotonic()))
        first = cpu_now(server)
        await asyncio.sleep(max(0.0, until - time.monotonic()))
        last = cpu_now(server)
        tally.cpu = {k: last[k] - first[k] for k in first}

    await asyncio.gather(watch(), *(client(base, people[i % len(people)], until, tally, record_after, think)
                                    for i in range(clients)))
    return tally, seconds


async def after_changes(base: str, url: str, people: list[Actor], samples: int) -> dict[str, list[float]]:
    """One user at a time: the register changes (an audit event, as every change writes one), then a
    page of the mix is asked — the page and the pictures it needs are drawn again, as after a report
    is submitted. What a register written to all day costs, page by page."""
    engine = create_engine(url)
    rng = random.Random(7)
    connections = []
    for actor in people:
        http = Connection(base)
        await http.request("POST", "/login", {"username": actor.username, "password": PASSWORD, "next": "/"})
        connections.append((actor, http))
    times: dict[str, list[float]] = defaultdict(list)
    try:
        for _ in range(samples):
            actor, http = rng.choice(connections)
            kind, path = rng.choice(pages(actor, rng))
            with engine.begin() as c:
                c.execute(text("INSERT INTO audit_event (at, actor, action, entity) VALUES (now(), 'bench', "
                               "'bench.change', 'bench')"))
            started = time.perf_counter()
            await http.request("GET", path)
            times[kind].append(time.perf_counter() - started)
    finally:
        engine.dispose()
        for _, http in connections:
            await http.close()
    return times


def report_changes(times: dict[str, list[float]]) -> None:
    print("\n=== the first page after each change of the register (one user at a time) ===")
    print(f"  {'page':<12} {'samples':>8} {'p50 ms':>8} {'p90 ms':>8} {'max ms':>8}")
    for kind in ("dashboard", "inbox", "task list", "task page"):
        values = times.get(kind, [])
        if values:
            print(f"  {kind:<12} {len(values):>8} {percentile(values, 50) * 1000:>8.1f} "
                  f"{percentile(values, 90) * 1000:>8.1f} {max(values) * 1000:>8.1f}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(tally: Tally, seconds: float, clients: int, workers: int, think: float) -> None:
    mode = f"each waits {think:g} s (0.5–1.5×) between pages" if think else "no wait between pages (closed loop)"
    print(f"\n=== {clients} concurrent clients, {mode}; {workers} server workers; {seconds:.0f} s measured ===")
    print(f"  {'page':<12} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  p95 / target")
    total = 0
    for kind in ("dashboard", "inbox", "task list", "task page"):
        values = tally.times.get(kind, [])
        if not values:
            continue
        total += len(values)
        p50, p95, p99 = (percentile(values, p) * 1000 for p in (50, 95, 99))
        print(f"  {kind:<12} {len(values):>9} {len(values) / seconds:>7.1f} {p50:>8.1f} {p95:>8.1f} {p99:>8.1f}"
              f"  {p95 / TARGET_MS:.2f} x {TARGET_MS:g} ms")
    print(f"  {'all':<12} {total:>9} {total / seconds:>7.1f}")
    if tally.errors:
        print("  errors:", dict(tally.errors))
    all_times = [t for v in tally.times.values() for t in v]
    if all_times:
        print(f"  mean latency {statistics.mean(all_times) * 1000:.1f} ms (the clients share the 2 cores with the server)")
    if tally.cpu and total:
        cores = os.cpu_count() or 1
        wall = tally.cpu["wall"]
        print(f"  CPU per request: {tally.cpu['workers'] / total * 1000:.2f} ms in the server's workers, "
              f"{tally.cpu['busy'] / total * 1000:.2f} ms on the whole machine (clients, PostgreSQL, workers); "
              f"stolen by the hypervisor {tally.cpu['steal'] / (wall * cores) * 100:.0f} % of the {cores} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--warmup", type=float, default=30.0, help="seconds of load before measuring (caches fill)")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--think", type=float, action="append",
                        help="seconds a user waits between pages; repeat for several runs (default: 0 and 1)")
    parser.add_argument("--reuse", action="store_true", help="reuse the generated database if it exists")
    parser.add_argument("--changes", type=int, default=40,
                        help="pages asked each right after a change of the register (0: none)")
    args = parser.parse_args()
    print("theodoi HTTP bench — national-scale register on PostgreSQL")
    url = database(args.reuse)
    people = actors(url, 12)
    process, base = serve(url, args.workers)
    try:
        for think in args.think or [0.0, 1.0]:
            tally, seconds = asyncio.run(load(base, people, args.clients, args.seconds, args.warmup, think,
                                                  process.pid))
            report(tally, seconds, args.clients, args.workers, think)
        if args.changes:
            report_changes(asyncio.run(after_changes(base, url, people, args.changes)))
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
