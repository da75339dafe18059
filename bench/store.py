"""Speed of the store (``make bench``): importing the founding plan, generating the national-scale
register (:mod:`bench.national`) and ``theodoi status`` on it, on SQLite and PostgreSQL.
Figures and ratios only: no assertion on timing.

    python bench/store.py [--backend sqlite|postgresql|both] [--scale 1.0] [--seed 1] [--runs 7] [--keep]
                          [--reuse] [--explain]

PostgreSQL: databases ``theodoi_bench`` (the national register) and ``theodoi_bench_import`` are
created through the admin connection ``THEODOI_BENCH_DATABASE_URL`` (default
``postgresql://root@127.0.0.1/postgres``). SQLite: ``bench/.data/national.db``. ``--keep`` keeps the
national databases afterwards, ``--reuse`` uses a kept one instead of generating it again,
``--explain`` prints the query plans of the status query (EXPLAIN ANALYZE / EXPLAIN QUERY PLAN).
Targets (issue 3, on a 2-core machine): one agency's status ≤ 50 ms, a whole province's ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.national import AS_OF, generate  # noqa: E402
from theodoi.config import Settings  # noqa: E402
from theodoi.services.workspace import Workspace  # noqa: E402
from theodoi.store import Agency, Assignment, Organisation, Plan, Task, migrate  # noqa: E402
from theodoi.store.engine import make_engine, normalise_url  # noqa: E402

FOUNDING = REPO / "demo" / "bacgiang-kh-2025-tang-truong.txt"
DATA = REPO / "bench" / ".data"
ADMIN_URL = os.environ.get("THEODOI_BENCH_DATABASE_URL", "postgresql://root@127.0.0.1/postgres")
AGENCY_TARGET_MS, PROVINCE_TARGET_MS = 50.0, 1000.0


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<50} {value:>12}  {note}", flush=True)


def settings(url: str) -> Settings:
    return Settings(database_url=url, smtp_host="", _env_file=None)


def fixed_clock(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


# --- Databases ------------------------------------------------------------------------------------------
class Sqlite:
    name = "SQLite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def national(self) -> str:
        DATA.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DATA / 'national.db'}"

    def fresh(self, label: str) -> str:
        path = self.folder / f"{label}.db"
        self.drop(f"sqlite:///{path}")
        return f"sqlite:///{path}"

    def create(self, url: str) -> str:
        self.drop(url)
        return url

    def drop(self, url: str) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(url.removeprefix("sqlite:///") + suffix).unlink(missing_ok=True)

    def exists(self, url: str) -> bool:
        return Path(url.removeprefix("sqlite:///")).exists()

    def size(self, url: str) -> int:
        engine = make_engine(url)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        return sum(Path(url.removeprefix("sqlite:///") + s).stat().st_size for s in ("", "-wal")
                   if Path(url.removeprefix("sqlite:///") + s).exists())


class Postgres:
    name = "PostgreSQL"

    def __init__(self, admin: str) -> None:
        self.admin = create_engine(normalise_url(admin), isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")

    def url(self, database: str) -> str:
        return make_url(normalise_url(ADMIN_URL)).set(database=database).render_as_string(hide_password=False)

    def national(self) -> str:
        return self.url("theodoi_bench")

    def fresh(self, label: str) -> str:
        return self.create(self.url(f"theodoi_bench_{label}"))

    def create(self, url: str) -> str:
        self.drop(url)
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{make_url(url).database}"')
        return url

    def drop(self, url: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')

    def exists(self, url: str) -> bool:
        with self.admin.connect() as conn:
            return bool(conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": make_url(url).database}))

    def size(self, url: str) -> int:
        with self.admin.connect() as conn:
            return int(conn.scalar(text("SELECT pg_database_size(:d)"), {"d": make_url(url).database}) or 0)


# --- Measures -------------------------------------------------------------------------------------------
def stats(times: list[float]) -> tuple[str, str]:
    ms = [t * 1000 for t in times]
    return f"{statistics.median(ms):.1f} ms", f"(min {min(ms):.1f}, max {max(ms):.1f}, {len(ms)} runs)"


def bench_import(db: Any, runs: int) -> None:
    """``import_plan`` of the founding plan into a fresh, migrated database: a cold first run (gazetteer,
    parser and mapper caches), then ``runs`` warm ones."""
    from theodoi.services.imports import import_plan

    times: list[float] = []
    tasks = assignments = 0
    for _ in range(runs + 1):
        url = db.fresh("import")
        migrate.upgrade(url)
        ws = Workspace.open(settings(url), actor="bench", clock=fixed_clock(datetime(2025, 6, 15, 2, tzinfo=UTC)))
        start = time.perf_counter()
        result = import_plan(ws, FOUNDING)
        times.append(time.perf_counter() - start)
        tasks, assignments = result.tasks, result.assignments
        ws.close()
        db.drop(url)
    row("import the founding plan, first run (cold caches)", f"{times[0] * 1000:.0f} ms")
    median, note = stats(times[1:])
    row("import the founding plan, warm", median, note)
    row("  tasks / assignments created", f"{tasks} / {assignments:,}", "(groups expanded, successors followed)")


def national(db: Any, args: argparse.Namespace) -> str:
    url = db.national()
    if args.reuse and db.exists(url):
        engine = make_engine(url)
        with engine.connect() as conn:
            plans = conn.scalar(select(func.count()).select_from(Plan)) or 0
        engine.dispose()
        if plans:
            row("national database reused", f"{plans:,} plans", url)
            return url
    db.create(url)
    counts = generate(url, scale=args.scale, seed=args.seed, progress=sys.stderr.isatty())
    row(f"generate the national database (scale {args.scale:g})", f"{counts.seconds:.0f} s",
        f"{counts.reports / counts.seconds:,.0f} reports/s")
    row("  organisations / agencies", f"{counts.organisations} / {counts.agencies:,}")
    row("  plans / tasks", f"{counts.plans:,} / {counts.tasks:,}")
    row("  assignments / progress reports", f"{counts.assignments:,} / {counts.reports:,}")
    return url


def subjects(url: str) -> dict[str, tuple[str, str]]:
    """What to time: the department with the most assignments and a median department, the province
    with the most plans and a median province (label → (option, value))."""
    engine = make_engine(url)
    with engine.connect() as conn:
        departments = conn.execute(
            select(Assignment.agency_id, Agency.name, Organisation.code, func.count().label("n"))
            .join(Agency, Agency.id == Assignment.agency_id).join(Organisation, Organisation.id == Agency.organisation_id)
            .where(Agency.kind == "department").group_by(Assignment.agency_id, Agency.name, Organisation.code)
            .order_by(func.count().desc(), Assignment.agency_id)
        ).all()
        provinces = conn.execute(
            select(Organisation.id, Organisation.code, func.count(Plan.id).label("n"))
            .join(Plan, Plan.organisation_id == Organisation.id)
            .group_by(Organisation.id, Organisation.code).order_by(func.count(Plan.id).desc(), Organisation.code)
        ).all()
        chosen = (provinces[0], provinces[len(provinces) // 2])
        parts = {p.code: conn.scalar(select(func.count()).select_from(Assignment).join(Task, Task.id == Assignment.task_id)
                                     .join(Plan, Plan.id == Task.plan_id).where(Plan.organisation_id == p.id))
                 for p in chosen}
    engine.dispose()
    result: dict[str, tuple[str, str]] = {}
    for label, d in (("agency, busiest department", departments[0]), ("agency, median department",
                                                                        departments[len(departments) // 2])):
        result[label] = ("agency", str(d.agency_id))
        print(f"  {label}: {d.name}, {d.code} (id {d.agency_id}, {d.n:,} assignments)")
    for label, p in (("province, most plans", chosen[0]), ("province, median", chosen[1])):
        result[label] = ("organisation", p.code)
        print(f"  {label}: {p.code} ({p.n} plans, {parts[p.code]:,} assignments)")
    return result


def timed(fn: Callable[[], Any], runs: int) -> list[float]:
    fn()  # warm-up: connections, caches, imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def bench_status(url: str, chosen: dict[str, tuple[str, str]], runs: int) -> dict[str, float]:
    from theodoi.services.summary import status_summary

    ws = Workspace.open(settings(url), actor="bench", clock=fixed_clock(datetime(2026, 10, 20, 3, tzinfo=UTC)))
    medians: dict[str, float] = {}
    past = AS_OF - timedelta(days=20)
    try:
        for label, (kind, value) in chosen.items():
            times = timed(partial(status_summary, ws, on=AS_OF, **{kind: value}), runs)
            target = AGENCY_TARGET_MS if kind == "agency" else PROVINCE_TARGET_MS
            median, note = stats(times)
            medians[label] = statistics.median(times) * 1000
            row(label, median, f"{note}; {medians[label] / target:.2f} x target {target:g} ms")
        for label, (kind, value) in chosen.items():  # a past day: facts computed from the reports themselves
            times = timed(partial(status_summary, ws, on=past, **{kind: value}), runs)
            median, note = stats(times)
            row(f"{label}, as of {past:%d/%m/%Y}", median, note)
    finally:
        ws.close()
    return medians


def cli() -> list[str]:
    script = Path(sys.executable).with_name("theodoi")
    return [str(script)] if script.exists() else [sys.executable, "-m", "theodoi"]


def wall(args: list[str], env: dict[str, str], runs: int, *, python: bool = False) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([*([sys.executable] if python else cli()), *args], env=env, cwd=REPO,
                              capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            row("  FAILED " + " ".join(args), f"exit {done.returncode}", done.stderr.decode()[-200:].strip())
            break
    return times


def bench_cli(url: str, chosen: dict[str, tuple[str, str]], runs: int) -> None:
    env = {**os.environ, "THEODOI_DATABASE_URL": url, "THEODOI_USER": "bench"}
    startup = statistics.median(wall(["version"], env, runs))
    row("theodoi version (process start-up)", f"{startup * 1000:.0f} ms", f"(median of {runs})")
    python = statistics.median(wall(["-c", "pass"], env, runs, python=True))
    stack = statistics.median(wall(["-c", "import theodoi.services.summary"], env, runs, python=True))
    row("importing the status service stack (not in version)", f"{(stack - python) * 1000:.0f} ms",
        "(python -c 'import theodoi.services.summary' minus an empty interpreter)")
    for label, (kind, value) in chosen.items():
        times = wall(["status", f"--{kind}", value, "--as-of", AS_OF.strftime("%d/%m/%Y"), "--format", "json"], env, runs)
        median = statistics.median(times)
        row(f"theodoi status --{kind} ({label.split(', ', 1)[1]})", f"{median * 1000:.0f} ms",
            f"(median of {len(times)}; {max(0.0, median - startup) * 1000:.0f} ms beyond start-up)")


def explain(url: str, chosen: dict[str, tuple[str, str]]) -> None:
    """The plan of the main status query (theodoi.services.status._query) for each subject."""
    from theodoi.services import status as status_service

    ws = Workspace.open(settings(url), actor="bench")
    end = ws.end_of(AS_OF)
    engine = ws.engine
    for label, (kind, value) in chosen.items():
        query = status_service._query(AS_OF, end, True)
        if kind == "agency":
            query = query.where(Assignment.agency_id == int(value))
        else:
            with engine.connect() as conn:
                org_id = conn.scalar(select(Organisation.id).where(Organisation.code == value))
            query = query.where(Plan.organisation_id == org_id)
        compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
        prefix = "EXPLAIN (ANALYZE, BUFFERS)" if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN"
        print(f"\n  -- {label}")
        with engine.connect() as conn:
            for line in conn.exec_driver_sql(f"{prefix} {compiled}").all():
                print("     " + " | ".join(str(x) for x in line))
    ws.close()


@contextmanager
def section(title: str) -> Iterator[None]:
    print(f"\n=== {title} ===", flush=True)
    yield


def run(db: Any, args: argparse.Namespace) -> None:
    with section(f"{db.name}: import"):
        bench_import(db, args.import_runs)
    with section(f"{db.name}: national-scale database"):
        url = national(db, args)
        size = db.size(url)
        row("database size", f"{size / 1024 / 1024:,.0f} MB", "(SQLite file after a checkpoint)"
            if isinstance(db, Sqlite) else "(pg_database_size)")
    with section(f"{db.name}: what is timed"):
        chosen = subjects(url)
    with section(f"{db.name}: status_summary in-process, as of {AS_OF:%d/%m/%Y} (warm, {args.runs} runs)"):
        bench_status(url, chosen, args.runs)
    with section(f"{db.name}: theodoi status as a subprocess (wall time)"):
        bench_cli(url, chosen, max(3, args.runs // 2))
    if args.explain:
        with section(f"{db.name}: query plans"):
            explain(url, chosen)
    if not args.keep:
        db.drop(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 2,000 plans, 60,000 tasks, ~600,000 reports")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=7, help="timed status runs after a warm-up (default 7)")
    parser.add_argument("--import-runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the national databases")
    parser.add_argument("--reuse", action="store_true", help="use a kept national database if there is one")
    parser.add_argument("--explain", action="store_true", help="print the query plans of the status query")
    args = parser.parse_args()
    print(f"theodoi store bench — Python {sys.version.split()[0]}, {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="theodoi-bench-") as folder:
        if args.backend in ("sqlite", "both"):
            run(Sqlite(Path(folder)), args)
        if args.backend in ("postgresql", "both"):
            try:
                server = Postgres(ADMIN_URL)
            except Exception as exc:  # a bench reports, it does not stop
                print(f"\n=== PostgreSQL: skipped — cannot connect to {ADMIN_URL} ({type(exc).__name__}) ===")
            else:
                run(server, args)
    print(f"\n  targets: one agency ≤ {AGENCY_TARGET_MS:g} ms, one province ≤ {PROVINCE_TARGET_MS:g} ms "
          "(in-process figures); figures vary between runs — compare ratios, not absolutes.")


if __name__ == "__main__":
    main()
