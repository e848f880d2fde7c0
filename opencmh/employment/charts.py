"""Fidelity totals over time, laid out as numbers for an inline SVG. The page always shows
a table of the same figures, so the chart adds nothing a screen reader user misses."""

from dataclasses import dataclass

from opencmh.employment import fidelity

WIDTH, HEIGHT = 560, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 150, 16, 48


@dataclass
class Point:
    x: float
    y: float
    total: int
    label: str


@dataclass
class Line:
    y: float
    value: int
    label: str


@dataclass
class FidelityChart:
    points: list[Point]
    band_lines: list[Line]
    y_ticks: list[Line]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


def _y(value: float) -> float:
    span = fidelity.MAX_TOTAL - fidelity.MIN_TOTAL
    return TOP + (HEIGHT - BOTTOM - TOP) * (fidelity.MAX_TOTAL - value) / span


def fidelity_chart(reviews) -> FidelityChart | None:
    """REVIEWS oldest first, each with reviewed_on and total. None when there are none."""
    if not reviews:
        return None
    inner = WIDTH - RIGHT - LEFT
    step = inner / max(len(reviews) - 1, 1)
    points = [
        Point(
            LEFT + (step * i if len(reviews) > 1 else inner / 2),
            _y(r.total),
            r.total,
            f"{r.reviewed_on.day} {r.reviewed_on:%b %Y}",
        )
        for i, r in enumerate(reviews)
    ]
    bands = [
        Line(_y(b.lowest), b.lowest, f"{b.label} from {b.lowest}")
        for b in fidelity.BANDS
        if b.lowest > fidelity.MIN_TOTAL
    ]
    ticks = [Line(_y(v), v, str(v)) for v in (25, 50, 75, 100, 125)]
    return FidelityChart(points, bands, ticks)
