"""Charts of the pages, drawn on the server with matplotlib as SVG (no JavaScript, nothing from the
internet), given to the page as data: URIs of <img> elements with a text alternative."""

from __future__ import annotations

import io
from typing import Any

COLOURS = {"overdue": "#a61b1b", "cannot_do": "#7a1212", "ongoing_unreported": "#c0392b", "due_soon": "#b36b00",
           "on_track": "#0b5cad", "waiting_event": "#6b7785", "not_due": "#95a1ad", "ongoing_reported": "#3b8a55",
           "done_late": "#c98d1e", "done_on_time": "#1c6b35"}


def _figure(height: float) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"
    plt.rcParams["font.family"] = "DejaVu Sans"
    return plt.subplots(figsize=(7, height))


def _svg(fig: Any) -> str:
    """The figure as a data: URI of its SVG, for an <img> (the page's CSP forbids inline styles, which
    an inline SVG needs; an image document keeps its own)."""
    import base64

    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()


def status_bars(rows: list[tuple[str, str, int]], title: str) -> str:
    """A horizontal bar per status (code, label, count)."""
    if not rows:
        return ""
    fig, ax = _figure(0.45 * len(rows) + 0.8)
    labels = [label for _, label, _ in rows][::-1]
    values = [n for _, _, n in rows][::-1]
    ax.barh(labels, values, color=[COLOURS.get(code, "#0b5cad") for code, _, _ in rows][::-1])
    for y, value in enumerate(values):
        ax.text(value, y, f" {value}", va="center")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def rate_bars(rows: list[tuple[str, float]], title: str) -> str:
    """On-time rates (0–1) of agencies, as percentages."""
    if not rows:
        return ""
    fig, ax = _figure(0.4 * len(rows) + 0.8)
    labels = [name for name, _ in rows][::-1]
    values = [rate * 100 for _, rate in rows][::-1]
    ax.barh(labels, values, color="#1c6b35")
    ax.set_xlim(0, 100)
    for y, value in enumerate(values):
        ax.text(value, y, f" {value:.0f}%".replace(".", ","), va="center")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
