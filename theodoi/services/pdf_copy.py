"""A PDF copy of a document theodoi wrote, made by LibreOffice (``soffice --headless``) when it is
installed — with a clear message otherwise. Each conversion runs in its own temporary profile, so two
at once (or a user's open LibreOffice) do not block each other."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from theodoi.errors import ConversionFailed, MissingTool

TIMEOUT = 180


def to_pdf(docx: bytes, name: str = "bao-cao") -> bytes:
    """The PDF of a .docx."""
    if shutil.which("soffice") is None:
        raise MissingTool("chưa cài LibreOffice (soffice) nên không tạo được bản PDF; cài gói libreoffice-writer-nogui "
                          "hoặc xuất .docx (LibreOffice is not installed: no PDF)")
    with tempfile.TemporaryDirectory(prefix="theodoi-pdf-") as work:
        folder = Path(work)
        source = folder / f"{name}.docx"
        source.write_bytes(docx)
        command = ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=TIMEOUT, check=False, env={**os.environ, "HOME": work})
        except (subprocess.TimeoutExpired, OSError) as exc:
            raise ConversionFailed(f"LibreOffice không chuyển được sang PDF: {exc} (conversion failed)") from None
        made = folder / f"{name}.pdf"
        if not made.exists() or made.read_bytes()[:5] != b"%PDF-":
            raise ConversionFailed("LibreOffice không chuyển được sang PDF (conversion failed)")
        return made.read_bytes()
