"""Speed of the extractor on the dev corpus (``make bench``). Figures only: no assertion on timing.

    python bench/extract.py [--corpus DIR] [--repeat N] [--no-pdf]

Documents that have a ``.gold.json`` in the corpus are parsed in-process: the non-PDF ones
``--repeat`` times each, the PDFs (scanned ones need OCR, which is slow) once, and reported apart.
Then the command line is timed on the founding document, and checked for web-stack imports.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "dev"
FOUNDING = REPO / "demo" / "bacgiang-kh-2025-tang-truong.txt"
WEB_STACK = ("fastapi", "starlette", "uvicorn")
DOC_SUFFIXES = (".txt", ".docx", ".doc", ".pdf", ".html", ".htm")


@dataclass
class Group:
    name: str
    times: list[float] = field(default_factory=list)  # seconds per parse
    text_bytes: int = 0  # text of the documents, counted once per parse
    documents: int = 0
    tasks: int = 0
    failures: list[str] = field(default_factory=list)


def documents(corpus: Path) -> list[Path]:
    found = [p for p in corpus.iterdir() if p.suffix.lower() in DOC_SUFFIXES]
    return sorted(p for p in found if p.with_name(p.stem + ".gold.json").exists())


def text_size(path: Path) -> int:
    """Bytes of the document's text: the file for .txt, else the corpus' plain-text copy (text/NAME.txt)."""
    if path.suffix.lower() == ".txt":
        return path.stat().st_size
    copy = path.parent / "text" / (path.stem + ".txt")
    return copy.stat().st_size if copy.exists() else 0


def measure(paths: list[Path], group: Group, repeat: int) -> None:
    from theodoi.parsing import parse_document

    for path in paths:
        size = text_size(path)
        group.documents += 1
        times: list[float] = []
        try:
            for _ in range(repeat):
                start = time.perf_counter()
                plan = parse_document(path)
                times.append(time.perf_counter() - start)
        except Exception as exc:  # a bench reports failures, it does not stop
            group.failures.append(f"{path.name}: {type(exc).__name__}: {str(exc)[:120]}")
            print(f"  {path.name:<48} FAILED", file=sys.stderr)
            continue
        group.times += times
        group.text_bytes += size * len(times)
        group.tasks += len(plan.tasks)
        print(f"  {path.name:<48} {statistics.median(times) * 1000:9.1f} ms  {len(plan.tasks):4d} tasks", file=sys.stderr)


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("theodoi")
    return [str(script)] if script.exists() else [sys.executable, "-m", "theodoi"]


def best_wall(args: list[str], runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=REPO)
        best = min(best, time.perf_counter() - start)
    return best


def web_stack_imported() -> list[str]:
    """Web modules the CLI has loaded after extracting the founding document."""
    snippet = (
        "import sys\nfrom theodoi.cli import app\nsys.argv = ['theodoi', 'extract', '--format', 'json', sys.argv[1]]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        f"sys.stderr.write('WEB=' + ','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({WEB_STACK!r}))))\n"
    )
    result = subprocess.run([sys.executable, "-c", snippet, str(FOUNDING)], capture_output=True, text=True,
                            check=False, cwd=REPO)
    marker = [line for line in result.stderr.splitlines() if "WEB=" in line]
    found = marker[-1].split("WEB=", 1)[1] if marker else "?"
    return [m for m in found.split(",") if m]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def row(label: str, value: str, note: str = "") -> None:
    print(f"  {label:<44} {value:>14}  {note}")


def report_group(group: Group) -> None:
    print(f"\n{group.name}: {group.documents} documents, {len(group.times)} parses, {group.tasks} tasks per pass")
    if not group.times:
        row("(no successful parse)", "")
    else:
        total = sum(group.times)
        row("documents per second", f"{len(group.times) / total:.2f}")
        row("text throughput", f"{group.text_bytes / 1024 / total:.1f} KB/s")
        row("median per document", f"{statistics.median(group.times) * 1000:.1f} ms")
        row("p95 per document", f"{percentile(group.times, 0.95) * 1000:.1f} ms")
        row("slowest", f"{max(group.times) * 1000:.1f} ms")
    for failure in group.failures:
        print(f"  FAILED {failure}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=5, help="parses of each non-PDF document (default 5)")
    parser.add_argument("--no-pdf", action="store_true", help="skip PDFs (OCR is slow)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"bench: no corpus at {args.corpus}")
    paths = documents(args.corpus)
    plain = Group("In-process, non-PDF documents")
    pdfs = Group("In-process, PDF documents (OCR when scanned or garbled), one parse each")
    print(f"theodoi bench — corpus {args.corpus} ({len(paths)} labelled documents), Python {sys.version.split()[0]}",
          file=sys.stderr)
    measure([p for p in paths if p.suffix.lower() != ".pdf"], plain, args.repeat)
    if not args.no_pdf:
        measure([p for p in paths if p.suffix.lower() == ".pdf"], pdfs, 1)
    inproc_founding = Group("founding")
    measure([FOUNDING], inproc_founding, args.repeat)

    startup = best_wall([*cli_command(), "version"])
    cli_wall = best_wall([*cli_command(), "extract", "--format", "json", str(FOUNDING)])
    web = web_stack_imported()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    print("\n=== theodoi extract: speed ===")
    report_group(plain)
    if not args.no_pdf:
        report_group(pdfs)
    print("\nCommand line (best of 5 runs, wall time)")
    row("theodoi version (start-up)", f"{startup * 1000:.0f} ms")
    row("theodoi extract --format json (founding)", f"{cli_wall * 1000:.0f} ms")
    if inproc_founding.times:
        founding_ms = statistics.median(inproc_founding.times) * 1000
        row("in-process parse of the founding document", f"{founding_ms:.1f} ms")
        row("CLI wall / in-process parse", f"{cli_wall * 1000 / founding_ms:.1f} x", "(start-up and rendering overhead)")
    if plain.times and pdfs.times:
        ratio = statistics.median(pdfs.times) / statistics.median(plain.times)
        row("median PDF / median non-PDF", f"{ratio:.1f} x")
    print("\nMemory and imports")
    row("peak memory, this process", f"{self_kb / 1024:.0f} MB", "(ru_maxrss; includes all parses)")
    row("peak memory, largest child (CLI runs)", f"{child_kb / 1024:.0f} MB")
    row("web stack imported by the CLI", ", ".join(web) if web else "no", f"(checked: {', '.join(WEB_STACK)})")
    print(f"\n  machine: {os.cpu_count()} CPUs; figures vary between runs — compare ratios, not absolutes.")


if __name__ == "__main__":
    main()
