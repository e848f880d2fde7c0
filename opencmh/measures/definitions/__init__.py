"""Measure definitions, one module per family, and the run that computes them all."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from opencmh.measures.definitions import cmh_access, eip, ips, proms, waits
from opencmh.measures.definitions.base import Family, Measure
from opencmh.measures.definitions.prep import Prepared
from opencmh.measures.engines import Extract
from opencmh.measures.period import Period

FAMILIES: tuple[Family, ...] = (
    cmh_access.FAMILY,
    waits.FAMILY,
    eip.FAMILY,
    ips.FAMILY,
    proms.FAMILY,
)


def all_measures() -> list[Measure]:
    """Every measure, in publication order."""
    return [m for f in FAMILIES for m in f.measures]


def compute_all(
    extract: Extract, period: Period, *, progress: Callable[[str], None] | None = None
) -> pd.DataFrame:
    """Every measure and breakdown for `period`, in the publication layout."""
    from opencmh.measures import aggregate, output
    from opencmh.measures.breakdowns import available

    say = progress or (lambda _step: None)
    prep = Prepared(extract, period)
    breakdowns = available(extract.has)
    say("preparing shared tables")
    submitters = aggregate.submitting_providers(prep)
    values: list[pd.DataFrame] = []
    for family in FAMILIES:
        say(family.name)
        values.append(aggregate.family_values(prep, family, breakdowns, submitters))
    return output.publication(pd.concat(values, ignore_index=True), period, breakdowns)
