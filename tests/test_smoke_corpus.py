"""Every real document of the smoke corpus (../shared/corpus/smoke) is read into a plan or refused
with an InputError whose message is one line: no other exception, no hang.

Each document runs in a worker process with a generous timeout, so a hang in a reader or in OCR
fails this test instead of the whole run.
"""

from __future__ import annotations

import multiprocessing
import traceback
from multiprocessing.connection import Connection
from pathlib import Path

import pytest

from tests.conftest import SHARED

SMOKE = SHARED / "corpus" / "smoke"
SUFFIXES = (".txt", ".docx", ".doc", ".pdf", ".html", ".htm")
TIMEOUT = 300.0  # seconds per document (scanned PDFs are OCR'd page by page)
DOCUMENTS = sorted(p for p in SMOKE.glob("*") if p.suffix.lower() in SUFFIXES) if SMOKE.is_dir() else []


def _parse_in_worker(path: str, conn: Connection) -> None:
    from theodoi.errors import InputError
    from theodoi.parsing import parse_document

    try:
        plan = parse_document(path)
        conn.send(("plan", str(len(plan.tasks)), plan.to_dict()["schema"]))
    except InputError as exc:
        conn.send(("input-error", str(exc), type(exc).__name__))
    except BaseException as exc:  # reported to the test, which fails
        conn.send(("crash", "".join(traceback.format_exception(exc)), type(exc).__name__))
    finally:
        conn.close()


def parse_with_timeout(path: Path, timeout: float = TIMEOUT) -> tuple[str, str, str]:
    context = multiprocessing.get_context("spawn")  # no fork: xdist workers run threads
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_parse_in_worker, args=(str(path), sender), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            pytest.fail(f"{path.name}: no result after {timeout:.0f} s (hang?)", pytrace=False)
        outcome: tuple[str, str, str] = receiver.recv()
        return outcome
    except EOFError:
        pytest.fail(f"{path.name}: the worker died (exit code {worker.exitcode})", pytrace=False)
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join(10)
        receiver.close()


def test_the_smoke_corpus_is_there(shared_dir: Path) -> None:
    assert (shared_dir / "corpus" / "smoke").is_dir()
    assert len(DOCUMENTS) >= 10


@pytest.mark.slow
@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_document_is_read_or_refused_cleanly(path: Path) -> None:
    kind, detail, extra = parse_with_timeout(path)
    if kind == "crash":
        pytest.fail(f"{path.name}: {extra} escaped the pipeline\n{detail}", pytrace=False)
    if kind == "input-error":
        assert "\n" not in detail and detail.strip(), detail
    else:
        assert extra == "theodoi.plan/1"
        # Every document of the smoke corpus assigns work (its SOURCES.md counts the tasks of each).
        assert int(detail) > 0, f"{path.name}: no task found"
