"""Charts of the documents theodoi writes (PNG at print resolution, matplotlib with the Agg backend:
no screen, nothing from the internet; Vietnamese text in DejaVu Sans)."""

from __future__ import annotations

import io
from typing import Any

from theodoi.domain.status import Status

COLOURS = {Status.OVERDUE: "#a61b1b", Status.CANNOT_DO: "#7a1212", Status.ONGOING_UNREPORTED: "#c0392b",
           Status.DUE_SOON: "#b36b00", Status.ON_TRACK: "#0b5cad", Status.WAITING_EVENT: "#6b7785",
           Status.NOT_DUE: "#95a1ad", Status.ONGOING_REPORTED: "#3b8a55", Status.DONE_LATE: "#c98d1e",
           Status.DONE_ON_TIME: "#1c6b35"}
DPI = 200


def agency_status_png(rows: list[tuple[str, dict[Status, int]]], title: str) -> bytes:
    """One stacked horizontal bar per agency: its tasks (as lead) by status. Empty bytes: nothing to draw."""
    if not rows:
        return b""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = "DejaVu Sans"
    fig, ax = plt.subplots(figsize=(7.5, 0.42 * len(rows) + 1.6))
    names = [_wrap(name) for name, _ in rows][::-1]
    left = [0] * len(rows)
    for status in Status:
        values = [counts.get(status, 0) for _, counts in rows][::-1]
        if any(values):
            ax.barh(names, values, left=left, color=COLOURS[status], label=status.label)
            left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_title(title, fontsize=11)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, frameon=False)
    return _png(fig, plt)


def _wrap(name: str, width: int = 34) -> str:
    words, lines, line = name.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line][:2])


def _png(fig: Any, plt: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def indicator_png(items: list[dict[str, Any]], title: str) -> bytes:
    """Per indicator with a figure (ranks left out): the target and what is achieved, as two bars —
    the achieved change for a reduction or an increase. Empty bytes: nothing to draw."""
    shown = [i for i in items if i.get("figure") and i["kind"] != "rank"]
    if not shown:
        return b""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = "DejaVu Sans"
    fig, ax = plt.subplots(figsize=(7.5, 0.8 * len(shown) + 1.4))
    names = [_wrap(i["name"], 40) for i in shown][::-1]
    positions = list(range(len(shown)))
    targets = [i["target"] for i in shown][::-1]
    achieved = [i["achieved"] for i in shown][::-1]
    ax.barh([p + 0.2 for p in positions], targets, height=0.38, color="#95a1ad", label="Mục tiêu")
    ax.barh([p - 0.2 for p in positions], achieved, height=0.38, color="#0b5cad", label="Thực hiện")
    ax.set_yticks(positions, names)
    ax.set_title(title, fontsize=11)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False)
    return _png(fig, plt)
