"""Draws the documents' charts as PNG with Pillow (identical bytes every run), each with its Dutch alt text.

Two plain bar charts do not need a plotting library: matplotlib cost every build 0.3 s of start-up and
0.1 s a chart (docs/benchmarks.md); Pillow draws both in some 20 ms. The font is the one Pillow carries
itself (Aileron), so that a chart looks the same on every computer, whatever fonts it has.
"""
from __future__ import annotations

import io
import math
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from pipeline.base.dutch import euros, number
from pipeline.documents.templates import Picture
from pipeline.model.public import Figures

ACCENT, GREY, LIGHT, INK = "#a4001d", "#5a5a5a", "#d9d9d9", "#000000"
DPI = 150
PX = DPI / 72  # pixels per point
FONT = ImageFont.load_default(size=round(9 * PX))
GAP = round(4 * PX)  # between a label and what it labels
TICK = round(3.5 * PX)
LINE = max(1, round(0.8 * PX))


def _text_size(text: str) -> tuple[int, int]:
    left, top, right, bottom = FONT.getbbox(text)
    return right - left, bottom - top


def _ticks(top: float) -> list[float]:
    """Round steps from 0 past `top` (1, 2, 2.5 or 5 times a power of ten), some five to eight of them."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / 6
    power = 10 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 2.5, 5, 10) if s * power >= raw)
    return [round(n * step, 10) for n in range(math.ceil(top / step - 1e-9) + 1)]


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI), optimize=False)
    return buffer.getvalue()


def _axes(draw: ImageDraw.ImageDraw, left: int, top: int, right: int, bottom: int) -> None:
    """The left and bottom lines of the plot area (no frame at the top and right)."""
    draw.line([(left, top), (left, bottom), (right, bottom)], fill=INK, width=LINE)


def budget_chart(figures: Figures) -> Picture:
    """Costs and funding per year beside the frame: a group of three bars per year, in millions."""
    years = [str(y.year) for y in figures.years]
    series = (("Kader", [y.frame for y in figures.years], LIGHT), ("Lasten", [y.costs for y in figures.years], ACCENT),
              ("Dekking", [y.funding for y in figures.years], GREY))
    ticks = _ticks(max((float(v) / 1e6 for _, values, _ in series for v in values), default=0.0))
    labels = [number(round(t, 2)) for t in ticks]
    width, height = 6 * DPI, 3 * DPI
    text_h = _text_size("0")[1]
    legend_h = text_h + 2 * GAP
    left = 2 * GAP + text_h + max(_text_size(label)[0] for label in labels) + TICK + GAP
    top, right, bottom = legend_h + 2 * GAP, width - 2 * GAP, height - (TICK + 2 * GAP + text_h)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    y_of = lambda value: bottom - (bottom - top) * value / ticks[-1]  # noqa: E731
    for tick, label in zip(ticks, labels):
        y = round(y_of(tick))
        draw.line([(left - TICK, y), (left, y)], fill=INK, width=LINE)
        draw.text((left - TICK - GAP, y), label, font=FONT, fill=INK, anchor="rm")
    group = (right - left) / max(len(years), 1)
    bar = group * 0.8 / len(series)
    for n, year in enumerate(years):
        centre = left + group * (n + 0.5)
        for k, (_, values, colour) in enumerate(series):
            x0 = centre + (k - len(series) / 2) * bar
            draw.rectangle([round(x0), round(y_of(float(values[n]) / 1e6)), round(x0 + bar) - 1, bottom],
                           fill=colour)
        draw.line([(round(centre), bottom), (round(centre), bottom + TICK)], fill=INK, width=LINE)
        draw.text((round(centre), bottom + TICK + GAP), year, font=FONT, fill=INK, anchor="mt")
    _axes(draw, left, top, right, bottom)
    _y_label(image, "miljoen euro", GAP, (top + bottom) // 2)
    _legend(draw, [(name, colour) for name, _, colour in series], (left + right) // 2, GAP)
    shown = iter(euros(*(a for y in figures.years for a in (y.frame, y.costs, y.funding))))  # one format
    alt = "Staafdiagram van de begroting per jaar. " + " ".join(
        f"{y.year}: kader {next(shown)}, lasten {next(shown)}, dekking {next(shown)}." for y in figures.years)
    return Picture(_png(image), alt)


def _y_label(image: Image.Image, text: str, x: int, middle: int) -> None:
    """A label along the y axis, read from bottom to top."""
    w, h = _text_size(text)
    label = Image.new("RGB", (w + 2, h + 4), "white")
    ImageDraw.Draw(label).text((1, 2), text, font=FONT, fill=INK, anchor="lt")
    turned = label.rotate(90, expand=True)
    image.paste(turned, (x, middle - turned.height // 2))


def _legend(draw: ImageDraw.ImageDraw, entries: Sequence[tuple[str, str]], centre: int, top: int) -> None:
    """A row of coloured swatches with their names, centred above the plot."""
    swatch, text_h = round(14 * PX), _text_size("Kg")[1]
    widths = [swatch + GAP + _text_size(name)[0] for name, _ in entries]
    x = centre - (sum(widths) + 3 * GAP * (len(entries) - 1)) // 2
    middle = top + text_h // 2 + GAP // 2
    for (name, colour), w in zip(entries, widths):
        draw.rectangle([x, middle - text_h // 3, x + swatch, middle + text_h // 3], fill=colour)
        draw.text((x + swatch + GAP, middle), name, font=FONT, fill=INK, anchor="lm")
        x += w + 3 * GAP


def outcome_chart(figures: Figures) -> Picture:
    """What happened to all contributions, at a glance: one horizontal bar per outcome."""
    counts = list(figures.per_outcome)
    ticks = _ticks(max((c.count for c in counts), default=0))
    tick_labels = [number(int(t)) if float(t).is_integer() else number(t) for t in ticks]
    width, height = 6 * DPI, round((0.45 * len(counts) + 0.6) * DPI)
    text_h = _text_size("0")[1]
    left = GAP + max((_text_size(c.label)[0] for c in counts), default=0) + TICK + GAP
    value_room = max((_text_size(number(c.count))[0] for c in counts), default=0) + 2 * GAP
    top, right = GAP, width - value_room
    bottom = height - (TICK + GAP + text_h + GAP + text_h + 2 * GAP)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    x_of = lambda value: left + (right - left) * value / ticks[-1]  # noqa: E731
    row = (bottom - top) / max(len(counts), 1)
    for n, c in enumerate(counts):
        centre = top + row * (n + 0.5)
        y0, y1 = round(centre - row * 0.4), round(centre + row * 0.4)
        if c.count:
            draw.rectangle([left, y0, round(x_of(c.count)), y1], fill=ACCENT)
        draw.line([(left - TICK, round(centre)), (left, round(centre))], fill=INK, width=LINE)
        draw.text((left - TICK - GAP, round(centre)), c.label, font=FONT, fill=INK, anchor="rm")
        draw.text((round(x_of(c.count)) + GAP, round(centre)), number(c.count), font=FONT, fill=INK, anchor="lm")
    for tick, label in zip(ticks, tick_labels):
        x = round(x_of(tick))
        draw.line([(x, bottom), (x, bottom + TICK)], fill=INK, width=LINE)
        draw.text((x, bottom + TICK + GAP), label, font=FONT, fill=INK, anchor="mt")
    _axes(draw, left, top, right, bottom)
    draw.text(((left + right) // 2, bottom + TICK + 2 * GAP + text_h + GAP), "aantal inbrengpunten", font=FONT,
              fill=INK, anchor="mt")
    alt = (f"Staafdiagram: wat er is gedaan met alle {number(figures.items)} inbrengpunten. "
           + "; ".join(f"{c.label}: {number(c.count)}" for c in counts) + ".")
    return Picture(_png(image), alt)
