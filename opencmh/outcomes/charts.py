"""A small server-drawn line chart for scores over time, laid out as plain numbers for an
inline SVG template. Pages always show a table of the same numbers beside the chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

WIDTH, HEIGHT = 480, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 20, 16, 58
# Colours and marker shapes both differ, so series are told apart without colour.
STYLES = (
    {"colour": "#005eb8", "marker": "circle", "dash": ""},
    {"colour": "#330072", "marker": "square", "dash": "6 4"},
    {"colour": "#007f3b", "marker": "triangle", "dash": "2 3"},
)


@dataclass
class Point:
    x: float
    y: float
    label: str  # for the point's own <title>


@dataclass
class Series:
    name: str
    points: list[Point]
    colour: str
    marker: str
    dash: str

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )

    def triangle(self, p: Point) -> str:
        return f"{p.x:.1f},{p.y - 6:.1f} {p.x - 6:.1f},{p.y + 5:.1f} {p.x + 6:.1f},{p.y + 5:.1f}"


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class LineChart:
    chart_id: str
    title: str
    description: str
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    reference: Tick | None = None  # e.g. the ReQoL-10 clinical cut-off
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    legend: list[dict] = field(default_factory=list)


def _short_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def line_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: list[tuple[str, list[tuple[dt.date, float]]]],
    y_min: int,
    y_max: int,
    y_step: int,
    reference: tuple[float, str] | None = None,
) -> LineChart:
    """Lay out SERIES ((name, [(day, value), ...]), ...) with time along the x axis."""
    days = sorted({day for _, points in series for day, _ in points})
    first, last = (days[0], days[-1]) if days else (dt.date.today(), dt.date.today())
    span = max((last - first).days, 1)
    plot_w, plot_h = (WIDTH - RIGHT) - LEFT, (HEIGHT - BOTTOM) - TOP

    def x(day: dt.date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - y_min) / (y_max - y_min))

    laid_out = []
    for i, (name, points) in enumerate(series):
        style = STYLES[i % len(STYLES)]
        laid_out.append(
            Series(
                name=name,
                points=[Point(x(d), y(v), f"{name}: {v:g} on {_short_date(d)}") for d, v in points],
                **style,
            )
        )
    x_days = [first, last] if first != last else [first]
    return LineChart(
        chart_id=chart_id,
        title=title,
        description=description,
        series=laid_out,
        y_ticks=[Tick(y(v), str(v)) for v in range(y_min, y_max + 1, y_step)],
        x_ticks=[Tick(x(d), _short_date(d)) for d in x_days],
        reference=Tick(y(reference[0]), reference[1]) if reference else None,
        legend=[
            {"name": s.name, "colour": s.colour, "marker": s.marker, "dash": s.dash}
            for s in laid_out
        ],
    )
