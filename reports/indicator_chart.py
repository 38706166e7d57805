"""An indicator's trend as a small chart: inline SVG for HTML (reports and the web app), PNG for Word.

Both are drawn from the same geometry: the readings as a solid line with round markers, the
trajectory from the baseline to the target as a dashed line over the same months, and the target
as a dotted level. Nothing relies on the chart alone: its title (SVG) or alternative text (Word)
gives every number, and the reports print them beside it.

The PNG is drawn with Pillow (at four times the size, then averaged down, for smooth lines): a well-kept
library whose wheels install everywhere, far lighter than matplotlib, where python-docx cannot draw
shapes or native charts and Word needs a raster image.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from store.indicator_wording import IndicatorView

READING_COLOUR = "#1d4f91"  # dark blue: readable on white, and distinct from the RAG fills
TRAJECTORY_COLOUR = "#505a5f"
TARGET_COLOUR = "#7a7a7a"


@dataclass(frozen=True)
class Geometry:
    """Where the chart's lines fall, in pixels of a ``width`` x ``height`` box."""

    width: int
    height: int
    readings: tuple[tuple[float, float], ...]
    trajectory: tuple[tuple[float, float], tuple[float, float]] | None
    target_y: float | None


def geometry(view: IndicatorView, *, width: int, height: int, pad: int = 6) -> Geometry:
    """The pixel positions of the readings, the trajectory (baseline to the latest period) and the target."""
    points: list[tuple[date, float]] = [(r.period_end, r.value) for r in view.readings]
    line: list[tuple[date, float]] = []
    if view.baseline is not None and points:
        start = view.baseline
        end_day = max(points[-1][0], start[0])
        line = [start, (end_day, _along(view, end_day))]
    days = [d for d, _ in points + line] or [date(2000, 1, 1)]  # nothing to place: any day will do
    values = [v for _, v in points + line] + ([view.target_point[1]] if view.target_point else [])
    first, last = min(days), max(days)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high == low:
        low, high = low - 1, high + 1
    span_days = max((last - first).days, 1)

    def at(day: date, value: float) -> tuple[float, float]:
        x = pad + (width - 2 * pad) * ((day - first).days / span_days if len(set(days)) > 1 else 0.5)
        y = pad + (height - 2 * pad) * (1 - (value - low) / (high - low))
        return round(x, 1), round(y, 1)

    return Geometry(
        width=width, height=height, readings=tuple(at(d, v) for d, v in points),
        trajectory=(at(*line[0]), at(*line[1])) if line else None,
        target_y=at(first, view.target_point[1])[1] if view.target_point else None,
    )


def _along(view: IndicatorView, day: date) -> float:
    """The trajectory's value on ``day`` (a straight line from the baseline to the target)."""
    assert view.baseline is not None
    (start, base) = view.baseline
    if view.target_point is None or view.target_point[0] <= start:
        return base
    end, target = view.target_point
    share = min(max((day - start).days / (end - start).days, 0.0), 1.0)
    return base + (target - base) * share


def svg(view: IndicatorView, *, chart_id: str, width: int = 160, height: int = 48, labels: bool = False) -> Markup:
    """The trend as inline SVG, with a title that gives every number (escaped here: it is markup).

    With ``labels`` (a page's larger chart) each reading and the target are labelled with their figures.
    """
    g = geometry(view, width=width, height=height, pad=24 if labels else 6)
    parts = [f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-labelledby="{escape(chart_id)}-t" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{escape(chart_id)}-t">Trend of {escape(view.figures)}</title>']
    if g.target_y is not None:
        parts.append(f'<line x1="0" y1="{g.target_y}" x2="{width}" y2="{g.target_y}" stroke="{TARGET_COLOUR}" '
                     f'stroke-width="1" stroke-dasharray="1 3"/>')
    if g.trajectory is not None:
        (x1, y1), (x2, y2) = g.trajectory
        parts.append(f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{TRAJECTORY_COLOUR}" '
                     f'stroke-width="1.5" stroke-dasharray="5 3"/>')
    if len(g.readings) > 1:
        path = " ".join(f"{x},{y}" for x, y in g.readings)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{READING_COLOUR}" stroke-width="2"/>')
    parts += [f'<circle cx="{x}" cy="{y}" r="{4 if labels else 2.5}" fill="{READING_COLOUR}"/>' for x, y in g.readings]
    if g.trajectory is not None:
        (x1, y1), _ = g.trajectory
        parts.append(f'<circle cx="{x1}" cy="{y1}" r="{4 if labels else 2.5}" fill="white" '
                     f'stroke="{TRAJECTORY_COLOUR}" stroke-width="1.5"/>')  # the baseline: hollow, not a reading
    if labels:
        parts += [f'<text x="{x}" y="{y - 9}" font-size="13" text-anchor="middle">{escape(r.value_text)}</text>'
                  for (x, y), r in zip(g.readings, view.readings, strict=True)]
        if g.target_y is not None:
            parts.append(f'<text x="{width - 2}" y="{g.target_y - 5}" font-size="12" text-anchor="end">'
                         f'target {escape(view.target_with_date)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (the only text, the title, is escaped above)


def png(view: IndicatorView, *, width: int = 240, height: int = 72) -> bytes:
    """The trend as a PNG (for Word), drawn at four times the size and reduced for smooth lines."""
    from PIL import Image, ImageDraw  # imported when used: only the Word reports draw rasters

    scale = 4
    g = geometry(view, width=width * scale, height=height * scale, pad=6 * scale)
    image = Image.new("RGB", (g.width, g.height), "white")
    draw = ImageDraw.Draw(image)
    if g.target_y is not None:
        for dot in range(0, g.width, 4 * scale):
            draw.line([(dot, g.target_y), (dot + scale, g.target_y)], fill=TARGET_COLOUR, width=scale)
    if g.trajectory is not None:
        _dashed(draw, g.trajectory, dash=5 * scale, gap=3 * scale, width=int(1.5 * scale))
    if len(g.readings) > 1:
        draw.line(list(g.readings), fill=READING_COLOUR, width=2 * scale, joint="curve")
    radius = 3 * scale
    for x, y in g.readings:
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=READING_COLOUR)
    if g.trajectory is not None:  # the baseline: hollow, so it is not read as a reading
        (x, y), _ = g.trajectory
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill="white", outline=TRAJECTORY_COLOUR,
                     width=scale)
    image = image.resize((width, height), Image.Resampling.BOX)  # the mean of each 4x4 block: smooth edges
    out = io.BytesIO()
    image.save(out, format="PNG")  # not optimize=True: it triples the time to save a few hundred bytes
    return out.getvalue()


def _dashed(draw: object, line: tuple[tuple[float, float], tuple[float, float]], *, dash: int, gap: int,
            width: int) -> None:
    (x1, y1), (x2, y2) = line
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5 or 1.0
    step, done = dash + gap, 0.0
    while done < length:
        end = min(done + dash, length)
        a = (x1 + (x2 - x1) * done / length, y1 + (y2 - y1) * done / length)
        b = (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)
        draw.line([a, b], fill=TRAJECTORY_COLOUR, width=width)  # type: ignore[attr-defined]
        done += step
