"""Draws the documents' charts as PNG (identical bytes every run), each with its Dutch alt text."""
from __future__ import annotations

import io

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from pipeline.base.dutch import euros, number
from pipeline.documents.templates import Picture
from pipeline.model.public import Figures

ACCENT, GREY, LIGHT = "#a4001d", "#5a5a5a", "#d9d9d9"
# Figures drawn on the Agg canvas directly: pyplot (and its start-up time) is not needed.
matplotlib.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9, "svg.hashsalt": "plan-a"})


def _subplots(figsize: tuple[float, float]):
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def budget_chart(figures: Figures) -> Picture:
    """Costs and funding per year beside the frame."""
    years = [str(y.year) for y in figures.years]
    fig, ax = _subplots((6, 3))
    positions = range(len(years))
    width = 0.27
    for offset, label, values, colour in (
            (-width, "Kader", [y.frame for y in figures.years], LIGHT),
            (0, "Lasten", [y.costs for y in figures.years], ACCENT),
            (width, "Dekking", [y.funding for y in figures.years], GREY)):
        ax.bar([p + offset for p in positions], [float(v) / 1e6 for v in values], width, label=label,
               color=colour)
    ax.set_xticks(list(positions), years)
    ax.set_ylabel("miljoen euro")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(round(value, 2))))
    ax.legend(frameon=False, ncols=3, loc="upper center", bbox_to_anchor=(0.5, 1.15))
    ax.spines[["top", "right"]].set_visible(False)
    shown = iter(euros(*(a for y in figures.years for a in (y.frame, y.costs, y.funding))))  # one format
    alt = "Staafdiagram van de begroting per jaar. " + " ".join(
        f"{y.year}: kader {next(shown)}, lasten {next(shown)}, dekking {next(shown)}." for y in figures.years)
    return Picture(_png(fig), alt)


def outcome_chart(figures: Figures) -> Picture:
    """What happened to all contributions, at a glance."""
    counts = list(figures.per_outcome)
    fig, ax = _subplots((6, 0.45 * len(counts) + 0.6))
    labels = [c.label for c in counts][::-1]
    values = [c.count for c in counts][::-1]
    bars = ax.barh(labels, values, color=ACCENT)
    ax.bar_label(bars, labels=[number(v) for v in values], padding=3)
    ax.set_xlabel("aantal inbrengpunten")
    ax.spines[["top", "right"]].set_visible(False)
    alt = (f"Staafdiagram: wat er is gedaan met alle {number(figures.items)} inbrengpunten. "
           + "; ".join(f"{c.label}: {number(c.count)}" for c in counts) + ".")
    return Picture(_png(fig), alt)
