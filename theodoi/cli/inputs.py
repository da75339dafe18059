"""Which documents a command was given, and where each one's output goes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from theodoi.parsing.options import ParseOptions, ProgressCallback

DOCUMENT_SUFFIXES = (".txt", ".docx", ".doc", ".pdf", ".html", ".htm")


def documents_in(folder: Path) -> list[Path]:
    """The documents under ``folder`` (recursively), in a stable order; hidden files are skipped."""
    found = [
        p for p in folder.rglob("*")
        if p.suffix.lower() in DOCUMENT_SUFFIXES and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(found)


def collect(paths: list[Path]) -> list[Path]:
    """Files as given (a missing one stays, to be reported when read), folders expanded."""
    inputs: list[Path] = []
    for path in paths:
        inputs.extend(documents_in(path) if path.is_dir() else [path])
    return list(dict.fromkeys(inputs))


def is_batch(paths: list[Path]) -> bool:
    """Several inputs, or a folder: one output file per document into a folder."""
    return len(paths) != 1 or paths[0].is_dir()


def output_names(inputs: list[Path], suffix: str) -> dict[Path, str]:
    """A distinct output file name for each input: NAME.json, then NAME-2.json, NAME-3.json… (in input order)."""
    names: dict[Path, str] = {}
    used: set[str] = set()
    for path in inputs:
        candidates = [path.stem + suffix] + [f"{path.stem}-{n}{suffix}" for n in range(2, len(inputs) + 2)]
        name = next(c for c in candidates if c.lower() not in used)
        used.add(name.lower())
        names[path] = name
    return names


@dataclass(frozen=True, slots=True)
class Reading:
    """How to read documents: the ``--max-size`` and ``--ocr`` options."""

    max_size_mb: float = 50.0
    ocr: str = "auto"

    def options(self, progress: ProgressCallback | None = None) -> ParseOptions:
        options = ParseOptions(max_bytes=int(self.max_size_mb * 1024 * 1024), ocr=self.ocr)
        if progress is not None:
            options.progress = progress
        return options
