"""Small-number suppression for published outputs: the only place it is applied.

The publication rule: counts below 5 are shown as `*` and other counts are rounded to
the nearest 5; a percentage or quantile derived from a suppressed count is also `*`,
others are rounded to the nearest whole number. Record-level values are never logged.
"""

from __future__ import annotations

import math

import pandas as pd

from opencmh.measures.definitions import all_measures
from opencmh.measures.definitions.base import COUNT, PEOPLE, PERCENT, QUANTILE

SUPPRESSED = "*"
THRESHOLD = 5
ROUND_TO = 5


def round_count(n: int) -> str:
    """A count as published: `*` below 5, else to the nearest 5 (halves round up)."""
    if n < THRESHOLD:
        return SUPPRESSED
    return str(int(math.floor(n / ROUND_TO + 0.5)) * ROUND_TO)


def suppress(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a publication frame with the publication rule applied to MEASURE_VALUE."""
    measures = {m.id: m for m in all_measures()}
    key = ["BREAKDOWN", "PRIMARY_LEVEL", "MEASURE_ID"]
    raw = {tuple(r[:3]): r[3] for r in frame[[*key, "MEASURE_VALUE"]].itertuples(index=False)}

    def small(bd: str, level: str, measure_id: str | None) -> bool:
        v = raw.get((bd, level, measure_id), 0)
        return not isinstance(v, int | float) or v < THRESHOLD

    out = []
    for r in frame.itertuples(index=False):
        m = measures[r.MEASURE_ID]
        v = r.MEASURE_VALUE
        if m.kind in (COUNT, PEOPLE):
            out.append(round_count(int(v)))
        elif m.kind == PERCENT:
            hidden = small(r.BREAKDOWN, r.PRIMARY_LEVEL, m.numerator) or small(
                r.BREAKDOWN, r.PRIMARY_LEVEL, m.denominator
            )
            out.append(SUPPRESSED if hidden else str(int(math.floor(float(v) + 0.5))))
        elif m.kind == QUANTILE:
            hidden = small(r.BREAKDOWN, r.PRIMARY_LEVEL, m.base)
            out.append(SUPPRESSED if hidden else str(int(math.floor(float(v) + 0.5))))
        else:  # pragma: no cover - every kind is handled above
            raise ValueError(m.kind)
    result = frame.copy()
    result["MEASURE_VALUE"] = out
    return result
