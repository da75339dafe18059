"""Helpers of the reader tests: the shared corpus, word recall, and small documents built in the tests
(hand-written PDFs with the standard Helvetica font, .docx files through python-docx)."""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
DEV = CORPUS / "dev"
SMOKE = CORPUS / "smoke"


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[^\W_]+", unicodedata.normalize("NFC", text).lower()))


def recall(read: str, reference: str) -> float:
    """Share of the reference's words (with multiplicity) found in the text read."""
    got, want = words(read), words(reference)
    total = sum(want.values())
    return sum(min(got[w], n) for w, n in want.items()) / total if total else 1.0


def reference_text(name: str) -> str:
    """The faithful plain-text copy of a dev document."""
    return (DEV / "text" / f"{Path(name).stem}.txt").read_text(encoding="utf-8")


# --- hand-written PDFs ---------------------------------------------------------------------------

def text_ops(lines: list[tuple[float, float, str]], size: float = 12, font: str = "F1") -> str:
    """Content-stream operators drawing ASCII text lines at (x, y) (PDF coordinates, from the bottom)."""
    ops = []
    for x, y, text in lines:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"BT /{font} {size} Tf {x} {y} Td ({escaped}) Tj ET")
    return "\n".join(ops)


def rule_ops(segments: Sequence[tuple[float, float, float, float]]) -> str:
    """Content-stream operators stroking straight lines (x0, y0) → (x1, y1)."""
    return "\n".join(f"{x0} {y0} m {x1} {y1} l S" for x0, y0, x1, y1 in segments)


def grid_ops(x: list[float], y: list[float]) -> str:
    """Rules of a full grid: vertical lines at ``x``, horizontal lines at ``y``."""
    segments = [(xi, y[0], xi, y[-1]) for xi in x] + [(x[0], yi, x[-1], yi) for yi in y]
    return "0.8 w\n" + rule_ops(segments)


def make_pdf(pages: list[str], *, encrypt: bool = False, width: int = 595, height: int = 842) -> bytes:
    """A minimal valid PDF: one content stream per page, Helvetica (+ bold) fonts.

    ``encrypt`` adds a standard-security dictionary whose password nobody knows."""
    objects: list[bytes] = []
    n_pages = len(pages)
    page_ids = [5 + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    for index, content in enumerate(pages):
        stream = zlib.compress(content.encode("latin-1"))
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {page_ids[index] + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream")
    if encrypt:
        objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -44 >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R"
    if encrypt:
        trailer += f" /Encrypt {len(objects)} 0 R /ID [<{'01' * 16}> <{'01' * 16}>]"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
