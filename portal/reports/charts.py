"""Server-side SVG charts: geometry computed here, drawn by templates/reports/includes/chart.html.

No JavaScript and no style attributes (the CSP forbids them): shapes carry SVG presentation attributes and CSS
classes. Every chart also carries its numbers as a table for screen readers.
"""

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 170
PLOT_HEIGHT = 200
MARGIN = 36


@dataclass
class Series:
    name: str
    values: list  # numbers or None
    css: str = "series-a"


@dataclass
class Chart:
    """A chart's data: categories (rows) by series, and the drawing made from it."""

    title: str
    kind: str  # "bars" (horizontal), "columns" or "line" (vertical, over time)
    categories: list[str]
    series: list[Series]
    unit: str = ""
    is_percent: bool = False
    width: int = WIDTH
    height: int = 0
    shapes: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    polylines: list[dict] = field(default_factory=list)
    axis: dict = field(default_factory=dict)

    @property
    def table_rows(self) -> list[dict]:
        return [{"category": category, "values": [self.format(s.values[i]) for s in self.series]}
                for i, category in enumerate(self.categories)]

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values if v)

    def format(self, value) -> str:
        if value is None:
            return "—"
        if self.is_percent:
            return f"{Decimal(value) * 100:.1f}%"
        return f"{value}{self.unit}"


def _scale_max(chart: Chart) -> float:
    if chart.is_percent:
        return 1.0
    top = max([float(v) for s in chart.series for v in s.values if v is not None] or [0])
    return top or 1.0


def bars(title: str, categories: list[str], series: list[Series], **options) -> Chart:
    """Horizontal bars, one group per category: readable with long Chinese names on a narrow phone."""
    chart = Chart(title, "bars", categories, series, **options)
    top = _scale_max(chart)
    plot = chart.width - LABEL_WIDTH - 70
    group = BAR_HEIGHT * len(series) + BAR_GAP
    for i, category in enumerate(categories):
        y0 = MARGIN / 2 + i * group
        chart.labels.append({"x": LABEL_WIDTH - 8, "y": y0 + group / 2, "text": category, "anchor": "end"})
        for j, s in enumerate(series):
            value = s.values[i]
            width = 0 if value is None else round(float(value) / top * plot, 1)
            y = y0 + j * BAR_HEIGHT
            chart.shapes.append({"x": LABEL_WIDTH, "y": y, "width": max(width, 1 if value else 0),
                                 "height": BAR_HEIGHT - 4, "css": s.css, "title": f"{category} {s.name} "
                                 f"{chart.format(value)}"})
            chart.labels.append({"x": LABEL_WIDTH + width + 4, "y": y + BAR_HEIGHT / 2, "text": chart.format(value),
                                 "anchor": "start"})
    chart.height = int(MARGIN + len(categories) * group)
    return chart


def over_time(title: str, categories: list[str], series: list[Series], kind: str = "columns", **options) -> Chart:
    """Columns or a line across months: categories are the months."""
    chart = Chart(title, kind, categories, series, **options)
    top = _scale_max(chart)
    left, bottom = 50, MARGIN + PLOT_HEIGHT
    step = (chart.width - left - 10) / max(len(categories), 1)
    chart.height = bottom + 40
    chart.axis = {"x1": left, "y1": bottom, "x2": chart.width - 10, "y2": bottom, "top": MARGIN,
                  "max_label": chart.format(top if not chart.is_percent else 1), "zero_label": chart.format(0)}
    for i, category in enumerate(categories):
        chart.labels.append({"x": left + step * (i + 0.5), "y": bottom + 18, "text": category, "anchor": "middle"})
    for j, s in enumerate(series):
        points = []
        for i, value in enumerate(s.values):
            if value is None:
                continue
            height = float(value) / top * PLOT_HEIGHT
            if kind == "columns":
                width = step * 0.7 / len(series)
                x = left + step * i + step * 0.15 + j * width
                chart.shapes.append({"x": round(x, 1), "y": round(bottom - height, 1), "width": round(width, 1),
                                     "height": round(height, 1), "css": s.css,
                                     "title": f"{chart.categories[i]} {s.name} {chart.format(value)}"})
            else:
                points.append(f"{left + step * (i + 0.5):.1f},{bottom - height:.1f}")
        if points:
            chart.polylines.append({"points": " ".join(points), "css": s.css})
    return chart
