"""The NHS Digital publication CSV layout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from opencmh.measures.aggregate import window
from opencmh.measures.breakdowns import NONE, Breakdown
from opencmh.measures.period import Period

COLUMNS = [
    "REPORTING_PERIOD_START",
    "REPORTING_PERIOD_END",
    "STATUS",
    "BREAKDOWN",
    "PRIMARY_LEVEL",
    "PRIMARY_LEVEL_DESCRIPTION",
    "SECONDARY_LEVEL",
    "SECONDARY_LEVEL_DESCRIPTION",
    "MEASURE_ID",
    "MEASURE_NAME",
    "MEASURE_VALUE",
]
STATUS = "Final"


def publication(values: pd.DataFrame, period: Period, breakdowns: list[Breakdown]) -> pd.DataFrame:
    """Turn long (breakdown, level, measure, value) rows into the publication layout.

    Rows are ordered by measure (publication order), breakdown (publication order), then
    level code, so the output is the same on every engine and every run.
    """
    from opencmh.measures.definitions import all_measures

    measures = {m.id: (i, m) for i, m in enumerate(all_measures())}
    bd_order = {b.name: i for i, b in enumerate(breakdowns)}
    rows = []
    for r in values.itertuples(index=False):
        order, m = measures[r.MEASURE_ID]
        w = window(period, m.window)
        rows.append(
            (
                order,
                bd_order[r.BREAKDOWN],
                w.start.isoformat(),
                period.end.isoformat(),
                STATUS,
                r.BREAKDOWN,
                str(r.PRIMARY_LEVEL),
                str(r.PRIMARY_LEVEL_DESCRIPTION),
                NONE,
                NONE,
                m.id,
                m.name,
                r.VALUE,
            )
        )
    rows.sort(key=lambda x: (x[0], x[1], x[6]))
    data = {c: [r[i + 2] for r in rows] for i, c in enumerate(COLUMNS)}
    frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in data.items()})
    frame["MEASURE_VALUE"] = pd.Series([_plain(v) for v in frame["MEASURE_VALUE"]], dtype=object)
    return frame


def _plain(v: object) -> object:
    """Counts as Python ints, everything else as Python floats (not numpy scalars)."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int) or (hasattr(v, "dtype") and v.dtype.kind in "iu"):
        return int(v)  # type: ignore[call-overload]
    return float(v)  # type: ignore[arg-type]


def format_value(v: object) -> str:
    """A measure value as written to the CSV (whole numbers without a decimal point)."""
    if isinstance(v, str):
        return v
    if isinstance(v, float):
        return repr(v) if not v.is_integer() else f"{v:.1f}"
    return str(v)


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write the publication CSV."""
    out = frame.copy()
    out["MEASURE_VALUE"] = out["MEASURE_VALUE"].map(format_value)
    out.to_csv(path, index=False)
