"""Aggregate a family's units into measure values for every breakdown.

One engine query per family returns every count for every breakdown (a UNION ALL of one
GROUP BY per breakdown); quantiles need one distribution query per value they rank.
Percentages and quantile interpolation are finished in Python on the aggregated rows, so every engine gives the
same numbers to the last digit.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from opencmh.measures.breakdowns import Breakdown
from opencmh.measures.definitions.base import (
    AT_END,
    COUNT,
    FYTD,
    PEOPLE,
    PERCENT,
    QUANTILE,
    QUARTER,
    ROLLING_3,
    ROLLING_12,
    Family,
    Measure,
)
from opencmh.measures.definitions.prep import Prepared
from opencmh.measures.period import Period, Window

KEYS = ["BREAKDOWN", "PRIMARY_LEVEL", "PRIMARY_LEVEL_DESCRIPTION"]


def window(period: Period, name: str) -> Window:
    """The months a measure's window covers."""
    return {
        ROLLING_12: period.rolling_12,
        QUARTER: period.quarter,
        ROLLING_3: period.months(3),
        FYTD: period.financial_year_to_date,
        AT_END: period.month,
    }[name]


def submitting_providers(prep: Prepared) -> pd.DataFrame:
    """Providers with a header (MHS000) row in each month, with their names."""
    h = prep.table("MHS000Header")
    h = h.select("UniqMonthID", OrgIDProv=h.OrgIDProvider).distinct()
    names = prep.provider_names
    h = h.left_join(names, "OrgIDProv").select(h, ProviderName=names.ProviderName)
    return h.to_pandas()


def _enriched(prep: Prepared, units: ir.Table) -> ir.Table:
    people = prep.people
    names = prep.provider_names
    t = units.left_join(people, "Person_ID").select(
        units, *[people[c] for c in people.columns if c != "Person_ID"]
    )
    return t.left_join(names, "OrgIDProv").select(t, ProviderName=names.ProviderName)


def _levels(t: ir.Table, b: Breakdown) -> ir.Table:
    code, desc = b.level(t)
    return t.mutate(
        BREAKDOWN=ibis.literal(b.name),
        PRIMARY_LEVEL=code.cast("string"),
        PRIMARY_LEVEL_DESCRIPTION=desc.cast("string"),
    )


def _count_expr(t: ir.Table, m: Measure) -> ir.IntegerValue:
    flag = t[m.flag].fill_null(False)
    if m.kind == PEOPLE:
        return t.Person_ID.nunique(where=flag).cast("int64")
    return ibis.ifelse(flag, 1, 0).sum().fill_null(0).cast("int64")


def _counts(t: ir.Table, measures: list[Measure], breakdowns: list[Breakdown]) -> pd.DataFrame:
    parts = []
    for b in breakdowns:
        lt = _levels(t, b)
        parts.append(lt.group_by(KEYS).agg(**{m.id: _count_expr(lt, m) for m in measures}))
    query = parts[0]
    for p in parts[1:]:
        query = query.union(p, distinct=False)
    wide = query.to_pandas()
    long = wide.melt(id_vars=KEYS, var_name="MEASURE_ID", value_name="VALUE")
    return long.astype({"VALUE": "int64"})


def _quantiles(t: ir.Table, measures: list[Measure], breakdowns: list[Breakdown]) -> pd.DataFrame:
    """Continuous quantiles, from one distribution query per (flag, value) pair.

    The engine returns how many units have each value at each level (a few thousand rows
    at most, since values are whole days); the ranks either side of each quantile are
    found here, with exact integer arithmetic.
    """
    out: list[tuple[str, str, str, str, float]] = []
    sources: dict[tuple[str, str], list[Measure]] = {}
    for m in measures:
        assert m.flag is not None and m.value is not None and m.quantile is not None
        sources.setdefault((m.flag, m.value), []).append(m)
    for (flag, value), ms in sources.items():
        sub = t.filter(t[flag].fill_null(False), t[value].notnull())
        parts = []
        for b in breakdowns:
            lt = _levels(sub, b).mutate(V=sub[value].cast("int64"))
            parts.append(lt.group_by([*KEYS, "V"]).agg(N=ibis._.count().cast("int64")))
        query = parts[0]
        for p in parts[1:]:
            query = query.union(p, distinct=False)
        dist = query.to_pandas()
        for key, g in dist.groupby(KEYS, sort=True):
            g = g.sort_values("V")
            values = g["V"].astype("int64").to_numpy()
            cum = g["N"].astype("int64").cumsum().to_numpy()
            n = int(cum[-1])
            for m in ms:
                num, den = m.quantile  # type: ignore[misc]
                lo, rem = divmod((n - 1) * num, den)
                v_lo = int(values[np.searchsorted(cum, lo, side="right")])
                v_hi = (
                    int(values[np.searchsorted(cum, lo + 1, side="right")]) if lo + 1 < n else v_lo
                )
                # Linear interpolation between the closest ranks.
                out.append((*key, m.id, float(v_lo + (v_hi - v_lo) * rem / den)))
    return pd.DataFrame(out, columns=[*KEYS, "MEASURE_ID", "VALUE"])


def _zero_fill(
    counts: pd.DataFrame, measures: list[Measure], submitters: pd.DataFrame, period: Period
) -> pd.DataFrame:
    """England always has a row; a provider that submitted in the window shows 0."""
    extra = []
    for m in measures:
        have = counts[counts.MEASURE_ID == m.id]
        if not (have.BREAKDOWN == "England").any():
            extra.append(("England", "England", "England", m.id, 0))
        w = window(period, m.window)
        subs = submitters[submitters.UniqMonthID.between(w.first_month, w.last_month)]
        present = set(have[have.BREAKDOWN == "Provider"].PRIMARY_LEVEL)
        for code, name in sorted(
            {(r.OrgIDProv, r.ProviderName) for r in subs.itertuples()}, key=lambda x: x[0]
        ):
            if code not in present:
                extra.append(("Provider", code, name if isinstance(name, str) else code, m.id, 0))
    if not extra:
        return counts
    return pd.concat(
        [counts, pd.DataFrame(extra, columns=[*KEYS, "MEASURE_ID", "VALUE"])], ignore_index=True
    )


def _percentages(values: pd.DataFrame, measures: list[Measure]) -> pd.DataFrame:
    indexed = values.set_index([*KEYS, "MEASURE_ID"])["VALUE"]
    out = []
    for m in measures:
        dens = values[values.MEASURE_ID == m.denominator]
        for r in dens.itertuples(index=False):
            den = r.VALUE
            if den == 0:
                continue  # ratios are omitted where the denominator is 0
            key = (r.BREAKDOWN, r.PRIMARY_LEVEL, r.PRIMARY_LEVEL_DESCRIPTION, m.numerator)
            num = indexed.get(key, 0)
            out.append((*key[:3], m.id, float(num) / float(den) * 100.0))
    return pd.DataFrame(out, columns=[*KEYS, "MEASURE_ID", "VALUE"])


def family_values(
    prep: Prepared, family: Family, breakdowns: list[Breakdown], submitters: pd.DataFrame
) -> pd.DataFrame:
    """Long table of (breakdown, level, measure, value) for one family."""
    units = prep.keep(family.units(prep))
    t = _enriched(prep, units)
    counted = [m for m in family.measures if m.kind in (COUNT, PEOPLE)]
    values = _zero_fill(_counts(t, counted, breakdowns), counted, submitters, prep.period)
    values = values.astype({"VALUE": "object"})
    frames = [values]
    percents = [m for m in family.measures if m.kind == PERCENT]
    if percents:
        frames.append(_percentages(values, percents))
    quantiles = [m for m in family.measures if m.kind == QUANTILE]
    if quantiles:
        frames.append(_quantiles(t, quantiles, breakdowns))
    return pd.concat([f for f in frames if len(f)], ignore_index=True)
