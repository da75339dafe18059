"""Progress bars on stderr (Rich): OCR pages of one document, and documents of a batch."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def _progress(console: Console, transient: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=transient,
    )


class OcrProgress:
    """A ``ParseOptions.progress`` callback: a bar on stderr while pages are OCR'd, shown only when
    stderr is a terminal and only once the reader reports progress."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, done: int, total: int, what: str) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            self._progress = _progress(stderr_console(), transient=True)
            self._progress.start()
            self._task = self._progress.add_task(what or "OCR", total=total or None)
        assert self._task is not None
        self._progress.update(self._task, completed=done, total=total or None, description=what or "OCR")

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> OcrProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


class BatchProgress:
    """One bar for the documents of a batch, a second one for OCR pages of the current document."""

    def __init__(self, total: int) -> None:
        self.console = stderr_console()
        self.progress = _progress(self.console, transient=False)
        self.files = self.progress.add_task("văn bản", total=total)
        self.pages = self.progress.add_task("OCR", total=None, visible=False)

    def start_document(self, name: str) -> None:
        self.progress.update(self.files, description=name)
        self.progress.update(self.pages, visible=False, completed=0, total=None)

    def ocr(self, done: int, total: int, what: str) -> None:
        """``ParseOptions.progress`` callback."""
        self.progress.update(self.pages, visible=True, completed=done, total=total or None, description=what or "OCR")

    def end_document(self) -> None:
        self.progress.update(self.pages, visible=False)
        self.progress.advance(self.files)

    def say(self, line: str) -> None:
        """Print a line above the bars."""
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def __enter__(self) -> BatchProgress:
        self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.progress.update(self.files, description="xong (done)")
        self.progress.stop()
