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


def growth_bars(quarters: list[tuple[str, float | None, float | None]], needed: float | None, title: str) -> str:
    """Per quarter (name, growth %, scenario %): the growth released beside the scenario's; the growth
    the remaining quarters need as a dashed line."""
    if not quarters:
        return ""
    fig, ax = _figure(3.2)
    names = [n for n, _, _ in quarters]
    spots = list(range(len(quarters)))
    planned = [s if s is not None else 0 for _, _, s in quarters]
    actual = [g if g is not None else 0 for _, g, _ in quarters]
    ax.bar([x - 0.2 for x in spots], planned, width=0.38, color="#95a1ad", label="Kịch bản")
    ax.bar([x + 0.2 for x in spots], actual, width=0.38, color="#0b5cad", label="Thực hiện")
    for x, (_, g, _) in zip(spots, quarters, strict=True):
        if g is not None:
            ax.text(x + 0.2, g, f"{g:.2f}".replace(".", ","), ha="center", va="bottom", fontsize=8)
    if needed is not None:
        ax.axhline(needed, color="#a61b1b", linestyle="--", linewidth=1,
                   label=f"Cần đạt các quý còn lại: {needed:.2f}%".replace(".", ","))
    ax.set_xticks(spots, names)
    ax.set_ylabel("%")
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
