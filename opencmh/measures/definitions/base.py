"""What a measure is: an id, a name, a window and how it aggregates its family's units."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis.expr.types as ir

# Windows a measure can report over (see opencmh.measures.period.Period).
ROLLING_12 = "rolling 12 months"
QUARTER = "quarter"
ROLLING_3 = "rolling 3 months"
FYTD = "financial year to date"
AT_END = "at period end"

# How a measure aggregates.
COUNT = "count"  # units with the flag set
PEOPLE = "people"  # distinct Person_ID among units with the flag set
PERCENT = "percent"  # numerator / denominator x 100, omitted when the denominator is 0
QUANTILE = "quantile"  # continuous quantile of `value` over units with the flag set


@dataclass(frozen=True)
class Measure:
    """One published measure."""

    id: str
    name: str
    window: str
    kind: str
    flag: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    value: str | None = None
    # The quantile as a fraction (numerator, denominator): exact integer arithmetic.
    quantile: tuple[int, int] | None = None
    # The count measure a quantile or percentage is derived from (for suppression).
    base: str | None = None


@dataclass(frozen=True)
class Family:
    """Measures computed from one table of units (people, spells or referrals).

    `units` builds one row per unit with Person_ID, OrgIDProv, a boolean column per flag
    and any value columns the measures use.
    """

    name: str
    measures: tuple[Measure, ...]
    units: Callable[..., ir.Table]
