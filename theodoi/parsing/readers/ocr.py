"""OCR of PDF pages with the ``tesseract`` command (Vietnamese model ``vie``).

Pages are rasterised with pypdfium2 at ``options.ocr_dpi`` (in this thread: PDFium is not thread
safe) and recognised by up to two tesseract processes at a time (``OMP_THREAD_LIMIT=1`` each),
with a timeout per page. Words come back with their boxes, converted to PDF points, so the PDF
reader builds paragraphs from them the same way as from a text layer.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

from theodoi.errors import MissingTool
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers.layout import Line, Word, split_line

INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"
_PSM = "3"  # fully automatic page segmentation: keeps the two header columns apart
_MIN_ALNUM = 2  # a recognised line with fewer letters/digits is a speck, a stamp edge or a stray mark
_MIN_CONFIDENCE = 20.0  # below this a word that is not a letter/digit string is scanner noise


def _workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


@lru_cache(maxsize=8)
def _languages(binary: str) -> frozenset[str]:
    try:
        done = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = (done.stdout + "\n" + done.stderr).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and " " not in line.strip())


def check_tesseract(lang: str) -> str:
    """Path of the tesseract binary; :class:`MissingTool` when it or a language model is missing."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise MissingTool(
            f"cần OCR nhưng chưa cài tesseract; hãy chạy: {INSTALL_HINT} "
            f"(OCR needed but tesseract is not installed: {INSTALL_HINT})"
        )
    missing = [code for code in lang.split("+") if code not in _languages(binary)]
    if missing:
        raise MissingTool(
            f"tesseract thiếu dữ liệu ngôn ngữ {'+'.join(missing)}; hãy chạy: {INSTALL_HINT} "
            f"(tesseract language data missing: {INSTALL_HINT})"
        )
    return binary


def parse_tsv(tsv: str, scale: float, page: int) -> list[Line]:
    """Tesseract TSV output → lines of words (coordinates multiplied by ``scale``)."""
    lines: dict[tuple[str, str, str], list[Word]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        try:
            confidence = float(row.get("conf") or -1)
            left, top = float(row["left"]), float(row["top"])
            width, height = float(row["width"]), float(row["height"])
        except (KeyError, ValueError):
            continue
        if confidence < _MIN_CONFIDENCE and not any(c.isalnum() for c in text):
            continue
        word = Word(text, left * scale, (left + width) * scale, top * scale, (top + height) * scale)
        lines.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(word)
    result: list[Line] = []
    for words in lines.values():
        result.extend(split_line(sorted(words, key=lambda w: w.x0), page))
    return sorted(result, key=lambda line: (line.top, line.x0))


def drop_specks(lines: list[Line]) -> list[Line]:
    """Lines with at least two letters or digits (others are specks, stamp edges, stray marks)."""
    return [line for line in lines if sum(1 for c in line.text if c.isalnum()) >= _MIN_ALNUM]


class PageOcr:
    """Runs tesseract on rendered pages, two at a time."""

    def __init__(self, options: ParseOptions) -> None:
        self.options = options
        self.binary = check_tesseract(options.ocr_lang)
        self.env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        self.timed_out: list[int] = []  # pages whose OCR took longer than options.ocr_timeout

    def run(self, image: Path) -> str:
        command = [self.binary, str(image), "stdout", "-l", self.options.ocr_lang, "--psm", _PSM, "tsv"]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=self.options.ocr_timeout, env=self.env, check=False
            )
        except subprocess.TimeoutExpired:
            self.timed_out.append(int(image.stem.rsplit("-", 1)[-1]))
            return ""
        except OSError as exc:
            raise MissingTool(f"không chạy được tesseract (cannot run tesseract): {exc}") from None
        return done.stdout.decode("utf-8", errors="replace")

    def pages(self, pdf: Any, numbers: list[int]) -> dict[int, list[Line]]:
        """OCR the given 1-based pages of a pypdfium2 document; returns lines per page (PDF points)."""
        scale = 72.0 / self.options.ocr_dpi
        results: dict[int, list[Line]] = {}
        done = 0
        with tempfile.TemporaryDirectory(prefix="theodoi-ocr-") as tmp, ThreadPoolExecutor(_workers()) as pool:
            futures: list[tuple[int, Future[str]]] = []
            for number in numbers:
                image = Path(tmp) / f"page-{number}.png"
                _render(pdf, number, self.options.ocr_dpi, image)
                futures.append((number, pool.submit(self.run, image)))
            for number, future in futures:
                results[number] = parse_tsv(future.result(), scale, number)
                done += 1
                self.options.progress(done, len(numbers), "OCR")
        return results


def _render(pdf: Any, number: int, dpi: int, target: Path) -> None:
    page = pdf[number - 1]
    try:
        bitmap = page.render(scale=dpi / 72.0, grayscale=True, may_draw_forms=True)
        bitmap.to_pil().save(target)
    finally:
        page.close()
