"""Line charts over time, worked out on the server and drawn as inline SVG by a template.

Every chart has a title and a text description, and the template puts a table of the
same numbers beside it, so nothing is shown only as a picture or only by colour.
"""

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40
# NHS blue and purple; the second series also uses a different marker shape.
STYLES = [("#005eb8", "circle"), ("#330072", "square")]


@dataclass
class Series:
    label: str
    points: list[tuple[dt.date, Decimal]]
    colour: str = ""
    marker: str = ""
    path: str = ""
    dots: list[tuple[float, float, str]] = field(default_factory=list)


@dataclass
class Chart:
    key: str
    title: str
    unit: str
    series: list[Series]
    description: str = ""
    width: int = WIDTH
    height: int = HEIGHT
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    threshold: tuple[float, str] | None = None
    plot: tuple[int, int, int, int] = (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)

    def rows(self) -> list[tuple[dt.date, list[str]]]:
        """Dates with each series' value (blank where not recorded), for the table."""
        by_date: dict[dt.date, list[str]] = {}
        for n, s in enumerate(self.series):
            for when, value in s.points:
                by_date.setdefault(when, [""] * len(self.series))[n] = _fmt(value)
        return sorted(by_date.items())


def _fmt(value) -> str:
    return f"{Decimal(value).normalize():f}"


def _nice_step(span: float) -> float:
    raw = span / 4 or 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def line_chart(
    key: str,
    title: str,
    unit: str,
    series: list[tuple[str, list[tuple[dt.date, Decimal]]]],
    threshold: tuple[Decimal, str] | None = None,
) -> Chart:
    drawn = [
        Series(label, sorted(points), *STYLES[n % len(STYLES)])
        for n, (label, points) in enumerate(series)
    ]
    chart = Chart(key, title, unit, drawn)
    if chart.empty:
        chart.description = f"No {title.lower()} recorded yet."
        return chart
    values = [float(v) for s in drawn for _, v in s.points]
    if threshold is not None:
        values.append(float(threshold[0]))
    dates = [d for s in drawn for d, _ in s.points]
    low, high = min(values), max(values)
    step = _nice_step(high - low if high > low else abs(high) or 1)
    y_min = math.floor(low / step) * step - (step if high == low else 0)
    y_max = math.ceil(high / step) * step + (step if high == low else 0)
    x0, y0, x1, y1 = chart.plot
    first, last = min(dates), max(dates)
    days = (last - first).days

    def x(day: dt.date) -> float:
        return round(x0 + (x1 - x0) * ((day - first).days / days if days else 0.5), 1)

    def y(value: float) -> float:
        return round(y1 - (y1 - y0) * (value - y_min) / (y_max - y_min), 1)

    tick = y_min
    while tick <= y_max + step / 1000:
        chart.y_ticks.append((y(tick), _fmt(Decimal(str(round(tick, 2))))))
        tick += step
    labelled = sorted({first, last} | ({first + (last - first) / 2} if days > 60 else set()))
    chart.x_ticks = [(x(d), d.strftime("%b %Y")) for d in labelled]
    for s in drawn:
        coords = [(x(d), y(float(v)), f"{d:%d %b %Y}: {_fmt(v)} {unit}") for d, v in s.points]
        s.dots = coords
        s.path = " ".join(
            f"{'M' if i == 0 else 'L'}{cx},{cy}" for i, (cx, cy, _) in enumerate(coords)
        )
    if threshold is not None:
        chart.threshold = (y(float(threshold[0])), threshold[1])
    latest = "; ".join(
        f"{s.label} {_fmt(s.points[-1][1])} {unit} on {s.points[-1][0]:%d %B %Y}"
        for s in drawn
        if s.points
    )
    chart.description = (
        f"{title} from {first:%B %Y} to {last:%B %Y}, {len(set(dates))} readings. Latest: {latest}."
    )
    return chart
