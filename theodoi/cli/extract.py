"""``theodoi extract``: one document to stdout or a file; several documents into a folder."""

from __future__ import annotations

import sys
from pathlib import Path

from theodoi.cli._guard import UsageProblem, debugging, error_line, exit_code, traceback_text
from theodoi.cli.inputs import Reading, collect, is_batch, output_names
from theodoi.cli.output import to_file, to_stdout
from theodoi.cli.progress import BatchProgress, OcrProgress
from theodoi.errors import InputError, TheodoiError
from theodoi.parsing import Plan, parse_document
from theodoi.render import OutputFormat, output_format, render


def extract(paths: list[Path], fmt: str, output: Path | None, reading: Reading) -> int:
    """Run the command; return its exit code."""
    spec = output_format(fmt)
    if is_batch(paths):
        return extract_many(paths, spec, output, reading)
    extract_one(paths[0], spec, output, reading)
    return 0


def extract_one(path: Path, spec: OutputFormat, output: Path | None, reading: Reading) -> None:
    if output is None and spec.binary and sys.stdout.isatty():
        raise UsageProblem(f"định dạng {spec.key} cần -o TỆP (the {spec.key} format needs -o FILE)")
    with OcrProgress() as bar:
        plan = parse_document(path, reading.options(bar))
    if output is None:
        show(plan, spec)
    else:
        target = output / (path.stem + spec.suffix) if output.is_dir() else output
        to_file(target, render(plan, spec.key))


def show(plan: Plan, spec: OutputFormat) -> None:
    if spec.key == "table" and sys.stdout.isatty():
        from rich.console import Console

        from theodoi.render.table import print_plan

        print_plan(plan, Console(highlight=False))
    else:
        to_stdout(render(plan, spec.key))


def extract_many(paths: list[Path], spec: OutputFormat, output: Path | None, reading: Reading) -> int:
    if output is None:
        raise UsageProblem("trích xuất nhiều văn bản cần -o THƯ_MỤC (several documents need -o FOLDER)")
    if output.exists() and not output.is_dir():
        raise UsageProblem("-o phải là một thư mục (-o must be a folder)", path=str(output))
    inputs = collect(paths)
    if not inputs:
        where = ", ".join(map(str, paths))
        raise InputError("không có văn bản nào (.txt .docx .doc .pdf .html) (no documents found)", path=where)
    names = output_names(inputs, spec.suffix)
    codes: list[int] = []
    with BatchProgress(len(inputs)) as bar:
        for path in inputs:
            bar.start_document(path.name)
            try:
                plan = parse_document(path, reading.options(bar.ocr))
                to_file(output / names[path], render(plan, spec.key))
            except Exception as exc:  # one failure must not stop the batch
                if debugging() and not isinstance(exc, TheodoiError):
                    bar.say(traceback_text(exc))
                bar.say(error_line(exc, str(path)))
                codes.append(exit_code(exc))
            bar.end_document()
    done = len(inputs) - len(codes)
    sys.stderr.write(
        f"theodoi: {done}/{len(inputs)} văn bản → {output}"
        f" ({done} of {len(inputs)} documents extracted; {len(codes)} failed)\n"
    )
    return max(codes, default=0)
