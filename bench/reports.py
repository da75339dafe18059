"""Speed of the documents (``make bench``): the consolidated report (.docx) and the register workbook
(.xlsx) of a 200-task plan with a year of reports. Figures and ratios only: no assertion on timing.

    python bench/reports.py [--tasks 200] [--runs 5] [--pdf]

The plan comes from :mod:`bench.national` (one province, a few plans of ``--tasks`` tasks each, reports
for the quarters 2025-Q3 … 2026-Q3, about 70 % accepted) in a temporary SQLite file. The report is
asked for 2026-Q3, the last quarter of the year of reports. Target (issue 5, on a 2-core machine):
≤ 3 s each. ``--pdf`` times the PDF copy too (LibreOffice).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from datetime import time as dtime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import func, select  # noqa: E402

from bench.national import AS_OF, generate  # noqa: E402
from theodoi.config import Settings  # noqa: E402
from theodoi.services.workspace import Workspace  # noqa: E402
from theodoi.store import ProgressReport, Task  # noqa: E402

TARGET_S = 3.0


def timed(work: Callable[[], bytes], runs: int) -> tuple[list[float], int]:
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(work())
        times.append(time.perf_counter() - started)
    return times, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tasks", type=int, default=200, help="tasks of each plan")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="time the PDF copy too (LibreOffice)")
    args = parser.parse_args()
    from theodoi.services.excel_export import register_workbook
    from theodoi.services.report_docx import consolidated_docx

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/reports.db"
        generate(url, provinces=1, plans=3, tasks=3 * args.tasks, progress=False)
        moment = datetime.combine(AS_OF, dtime(9), tzinfo=UTC)
        ws = Workspace.open(Settings(database_url=url, _env_file=None), actor="bench",  # type: ignore[call-arg]
                            clock=lambda: moment)
        with ws.read() as session:
            plan, tasks = session.execute(select(Task.plan_id, func.count()).group_by(Task.plan_id)
                                          .order_by(func.count().desc()).limit(1)).one()
            reports = session.scalar(select(func.count()).select_from(ProgressReport)
                                     .where(ProgressReport.plan_id == plan))
        print(f"theodoi document bench — plan {plan}: {tasks} tasks, {reports} reports (2025-Q3 … 2026-Q3), SQLite")
        print(f"  {'document':<28} {'runs':>5} {'median s':>9} {'max s':>7} {'size KB':>8}  median / target")
        jobs: list[tuple[str, Callable[[], bytes]]] = [
            ("consolidated report .docx", lambda: consolidated_docx(ws, plan=str(plan), period="2026-Q3")),
            ("register workbook .xlsx", lambda: register_workbook(ws, plan=str(plan))),
        ]
        if args.pdf:
            from theodoi.services.pdf_copy import to_pdf

            docx = consolidated_docx(ws, plan=str(plan), period="2026-Q3")
            jobs.append(("PDF copy (LibreOffice)", lambda: to_pdf(docx)))
        for name, job in jobs:
            times, size = timed(job, args.runs)
            median = statistics.median(times)
            print(f"  {name:<28} {args.runs:>5} {median:>9.2f} {max(times):>7.2f} {size / 1024:>8.0f}  "
                  f"{median / TARGET_S:.2f} x {TARGET_S:g} s")
        ws.close()


if __name__ == "__main__":
    main()
