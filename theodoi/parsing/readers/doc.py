"""Legacy Word .doc reader: ``antiword``, else ``catdoc``, else LibreOffice (``soffice`` → .docx).

antiword (``-w 0``: no wrapping) writes one paragraph per line and table rows as ``|cell|cell|``
lines, one line per line of text inside the cells. Consecutive table lines become one
:class:`Table`: with one or two columns (the header and signature layouts) each column's lines
form one cell; with more columns a line whose first cell is empty continues the row above.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from theodoi.errors import CorruptDocument, EncryptedDocument, MissingTool, UnsupportedFormat
from theodoi.parsing.model import Block, Cell, Paragraph, RawDocument, Source, Table
from theodoi.parsing.options import ParseOptions
from theodoi.parsing.readers.docx import is_encrypted_ole
from theodoi.parsing.readers.tables import is_layout_table, number_blocks
from theodoi.text import clean

_TIMEOUT = 60.0
_SOFFICE_TIMEOUT = 180.0
INSTALL_HINT = "apt-get install antiword (hoặc catdoc, libreoffice-writer)"


def read_doc(data: bytes, options: ParseOptions) -> RawDocument:
    """Read a Word 97-2003 .doc file's bytes into blocks."""
    if is_encrypted_ole(data):
        raise EncryptedDocument("tệp Word được đặt mật khẩu (password-protected document)")
    with tempfile.TemporaryDirectory(prefix="theodoi-doc-") as tmp:
        path = Path(tmp) / "input.doc"
        path.write_bytes(data)
        tools = [t for t in ("antiword", "catdoc", "soffice") if shutil.which(t)]
        if not tools:
            raise MissingTool(
                f"cần công cụ đọc tệp .doc; hãy cài: {INSTALL_HINT} (no .doc converter installed: {INSTALL_HINT})"
            )
        errors: list[str] = []
        for tool in tools:
            doc = _try(tool, path, options, errors)
            if doc is not None:
                return doc
    _raise_for(errors)
    raise CorruptDocument("không đọc được tệp .doc (cannot read the .doc file)")  # pragma: no cover


def _try(tool: str, path: Path, options: ParseOptions, errors: list[str]) -> RawDocument | None:
    if tool == "soffice":
        return _via_libreoffice(path, options, errors)
    command = ["antiword", "-w", "0", "-m", "UTF-8.txt", str(path)] if tool == "antiword" else [
        "catdoc", "-d", "utf-8", "-w", str(path)]
    text = _run(command, errors)
    if text is None or not text.strip() or not plausible(text):
        return None
    blocks = parse_antiword(text) if tool == "antiword" else _lines_as_paragraphs(text.split("\n"))
    return RawDocument(blocks=number_blocks(blocks), format="doc", notes=[f"đọc bằng {tool} (read with {tool})"])


def _run(command: list[str], errors: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, timeout=_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        errors.append(f"{command[0]}: timeout")
        return None
    except OSError as exc:
        errors.append(f"{command[0]}: {exc}")
        return None
    message = done.stderr.decode("utf-8", errors="replace").strip()
    if done.returncode != 0 or (command[0] == "catdoc" and message):  # catdoc prints part of a broken file
        errors.append(f"{command[0]}: {message or done.returncode}")
        return None
    return done.stdout.decode("utf-8", errors="replace")


def _via_libreoffice(path: Path, options: ParseOptions, errors: list[str]) -> RawDocument | None:
    from theodoi.parsing.readers.docx import read_docx

    out = path.parent / "out"
    profile = path.parent / "profile"
    command = [
        "soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
        "--convert-to", "docx", "--outdir", str(out), str(path),
    ]
    env = {**os.environ, "HOME": str(path.parent)}
    try:
        subprocess.run(command, capture_output=True, timeout=_SOFFICE_TIMEOUT, check=False, env=env)
    except (subprocess.TimeoutExpired, OSError) as exc:
        errors.append(f"soffice: {exc}")
        return None
    converted = out / "input.docx"
    if not converted.exists():
        errors.append("soffice: conversion failed")
        return None
    doc = read_docx(converted.read_bytes(), options)
    if not plausible(doc.plain_text()):
        errors.append("soffice: not a Word document (converted as raw bytes)")
        return None
    doc.format = "doc"
    doc.notes.append("đọc bằng LibreOffice (converted with LibreOffice)")
    return doc


def plausible(text: str) -> bool:
    """Text in a Latin script (Vietnamese, English): not the bytes of a broken file read as text."""
    sample = [c for c in text[:20000] if not c.isspace()]
    if not sample:
        return False
    latin = sum(1 for c in sample if c.isascii() or "\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff"
                or "\u2000" <= c <= "\u206f" or c in "\u0300\u0301\u0303\u0309\u0323")
    return latin / len(sample) >= 0.85


def _raise_for(errors: list[str]) -> None:
    joined = "; ".join(errors).lower()
    if "encrypt" in joined or "password" in joined:
        raise EncryptedDocument("tệp Word được đặt mật khẩu (password-protected document)")
    if "not a word document" in joined or "broken ole" in joined:
        raise UnsupportedFormat("không phải tệp Word .doc (not a Word document)")
    raise CorruptDocument(f"tệp .doc bị hỏng hoặc không đọc được (damaged .doc): {'; '.join(errors)[:200]}")


def parse_antiword(text: str) -> list[Block]:
    """antiword's text output → paragraphs and tables (``Source`` set later)."""
    blocks: list[Block] = []
    table_lines: list[list[str]] = []
    for raw in text.replace("\r", "").split("\n"):
        stripped = raw.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            table_lines.append([clean(c) for c in stripped[1:-1].split("|")])
            continue
        if table_lines:
            blocks.append(_table(table_lines))
            table_lines = []
        blocks.extend(_lines_as_paragraphs([raw]))
    if table_lines:
        blocks.append(_table(table_lines))
    return [b for b in blocks if not isinstance(b, Table) or any(c.text for row in b.rows for c in row)]


def _lines_as_paragraphs(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for line in lines:
        text = clean(line.replace("\t", " ").replace("\x0c", " "))
        if text:
            blocks.append(Paragraph(text=text, source=Source()))
    return blocks


def _table(lines: list[list[str]]) -> Table:
    width = max(len(cells) for cells in lines)
    padded = [cells + [""] * (width - len(cells)) for cells in lines]
    if width <= 2:
        columns = ["\n".join(t for t in (cells[i] for cells in padded) if t) for i in range(width)]
        rows = [[Cell(text=t, source=Source()) for t in columns]]
        return Table(rows=rows, source=Source(), layout=True)
    merged: list[list[str]] = []
    for cells in padded:
        if merged and not cells[0]:
            merged[-1] = [f"{a} {b}".strip() for a, b in zip(merged[-1], cells, strict=True)]
        else:
            merged.append(list(cells))
    table_rows = [[Cell(text=t, source=Source()) for t in cells] for cells in merged]
    return Table(rows=table_rows, source=Source(), layout=is_layout_table(table_rows))
