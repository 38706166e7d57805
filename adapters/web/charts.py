"""Server-drawn SVG charts: RAG by section, and the completed/overdue trend. No JavaScript.

Colour is never the only signal: each RAG segment carries a pattern (red hatched, amber dotted, green
plain), every bar is labelled with its counts in words, and the page puts the same numbers in a table.
Every text is escaped here, since the SVG is inserted into the page as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from adapters.web.figures import TrendPoint
from adapters.web.viewmodels import Tally
from store.wording import uk_date

FILL = {"red": "url(#rag-red)", "amber": "url(#rag-amber)", "green": "#00703c"}
INITIAL = {"red": "Red", "amber": "Amber", "green": "Green"}
PATTERNS = """<defs>
<pattern id="rag-red" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="8" height="8" fill="#b00020"/><line x1="0" y1="0" x2="0" y2="8" stroke="#fff" stroke-width="3"/></pattern>
<pattern id="rag-amber" width="8" height="8" patternUnits="userSpaceOnUse">
<rect width="8" height="8" fill="#ffbf47"/><circle cx="4" cy="4" r="1.6" fill="#1b1b1b"/></pattern>
</defs>"""


def rag_by_section(sections: Sequence[Tally], *, chart_id: str) -> Markup:
    """A horizontal stacked bar per section: red, amber, green, each patterned and counted in words."""
    row, left, width = 34, 70, 360
    most = max((t.total for t in sections), default=0) or 1
    height = row * len(sections) + 30
    parts = [f'<svg class="chart" viewBox="0 0 700 {height}" role="img" aria-labelledby="{chart_id}-title">',
             f'<title id="{chart_id}-title">RAG by section: the table beside it gives the same numbers</title>',
             PATTERNS]
    for n, tally in enumerate(sections):
        y = 10 + n * row
        parts.append(f'<text x="0" y="{y + 17}" font-size="14">{escape(tally.number or "–")}</text>')
        x = float(left)
        for colour in ("red", "amber", "green"):
            count = tally.rags.get(colour, 0)
            if not count:
                continue
            w = width * count / most
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="24" fill="{FILL[colour]}" '
                         f'stroke="#1b1b1b" stroke-width="1"><title>{escape(tally.number)} {INITIAL[colour]}: '
                         f'{count}</title></rect>')
            x += w
        words = ", ".join(f"{INITIAL[c]} {tally.rags.get(c, 0)}" for c in ("red", "amber", "green")
                          if tally.rags.get(c, 0))
        parts.append(f'<text x="{x + 8:.1f}" y="{y + 17}" font-size="13">{escape(words or "none")}</text>')
    parts.append(f'<text x="0" y="{height - 4}" font-size="12">Red hatched, amber dotted, green plain. '
                 f'Bars to scale: the longest is {most} action{"" if most == 1 else "s"}.</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text above is escaped)


def trend_chart(points: Sequence[TrendPoint], *, chart_id: str) -> Markup:
    """Two lines over the weeks: completed (solid, circles) and overdue (dashed, squares), end values labelled."""
    left, top, w, h = 40, 16, 520, 170
    most = max((max(p.completed, p.overdue) for p in points), default=0) or 1
    step = w / max(len(points) - 1, 1)

    def at(i: int, value: int) -> tuple[float, float]:
        return left + i * step, top + h - h * value / most

    parts = [f'<svg class="chart" viewBox="0 0 700 {top + h + 44}" role="img" aria-labelledby="{chart_id}-title">',
             f'<title id="{chart_id}-title">Completed and overdue actions by week: the table beside it gives '
             f'the same numbers</title>',
             f'<line x1="{left}" y1="{top + h}" x2="{left + w}" y2="{top + h}" stroke="#505a5f"/>',
             f'<text x="0" y="{top + 5}" font-size="12">{most}</text><text x="0" y="{top + h}" font-size="12">0</text>']
    for i, p in enumerate(points):
        x, _ = at(i, 0)
        if i % 2 == 0 or i == len(points) - 1:
            parts.append(f'<text x="{x:.1f}" y="{top + h + 18}" font-size="12" text-anchor="middle">'
                         f'{escape(p.day.strftime("%d %b"))}</text>')
    for name, dash, marker, values in (("Completed", "", "circle", [p.completed for p in points]),
                                       ("Overdue", ' stroke-dasharray="8 5"', "square", [p.overdue for p in points])):
        colour = "#00703c" if name == "Completed" else "#b00020"
        coords = [at(i, v) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>')
        for x, y in coords:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>' if marker == "circle" else
                         f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="{colour}"/>')
        x, y = coords[-1] if coords else (left, top + h)
        parts.append(f'<text x="{x + 10:.1f}" y="{y + 5:.1f}" font-size="13">{name} {values[-1] if values else 0}'
                     f'</text>')
    if points:
        parts.append(f'<text x="0" y="{top + h + 40}" font-size="12">Completed: solid line, circles. Overdue: '
                     f'dashed line, squares. Week ending {escape(uk_date(points[-1].day))} is the last.</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text above is escaped)
