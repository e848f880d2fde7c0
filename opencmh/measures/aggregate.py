"""Aggregate a family's units into measure values for every breakdown.

One engine query per family returns every count for every breakdown (a UNION ALL of one
GROUP BY per breakdown; a second query if the family counts distinct people too);
quantiles need one distribution query per value they rank. Each query works out every
breakdown's level once per row, in one projection that every GROUP BY reads.
Percentages and quantile interpolation are finished in Python on the aggregated rows, so
every engine gives the same numbers to the last digit.
"""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.operations as ops
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


def _enriched(
    prep: Prepared, units: ir.Table, *, people: bool = True, provider: bool = True
) -> ir.Table:
    """`units` with the person's attributes (`prep.people`) and the provider's name.

    Both tables have one row per key (the extract checks enforce it), so the joins add
    columns and never rows.
    """
    t = units
    if people:
        p = prep.people
        t = t.left_join(p, "Person_ID").select(t, *[p[c] for c in p.columns if c != "Person_ID"])
    if provider:
        names = prep.provider_names
        t = t.left_join(names, "OrgIDProv").select(t, ProviderName=names.ProviderName)
    return t


def _reads(prep: Prepared, units: ir.Table, b: Breakdown) -> tuple[bool, bool]:
    """Whether the breakdown's level reads the person's attributes (`prep.people`), and
    whether it reads anything else (the provider, a unit column)."""
    t = _enriched(prep, units)
    reads = {f.name for e in b.level(t) for f in e.op().find(ops.Field) if f.rel == t.op()}
    attributes = set(prep.people.columns) - {"Person_ID"}
    return bool(reads & attributes), bool(reads - attributes)


def _by_level(
    t: ir.Table,
    breakdowns: list[Breakdown],
    columns: dict[str, ir.Value],
    aggs: Callable[[ir.Table], dict[str, ir.Value]],
    keys: tuple[str, ...] = (),
) -> list[ir.Table]:
    """One GROUP BY per breakdown (by level, then `keys`) of `t`.

    Every level and `columns` are worked out once per row of `t`, in one projection that
    each GROUP BY reads; `aggs` gives the aggregates from that projection.
    """
    levels: dict[str, ir.Value] = dict(columns)
    for i, b in enumerate(breakdowns):
        code, desc = b.level(t)
        levels[f"_code{i}"] = code.cast("string")
        levels[f"_desc{i}"] = desc.cast("string")
    lt = t.select(**levels)
    parts = []
    for i, b in enumerate(breakdowns):
        g = lt.group_by(
            *keys, PRIMARY_LEVEL=lt[f"_code{i}"], PRIMARY_LEVEL_DESCRIPTION=lt[f"_desc{i}"]
        ).agg(**aggs(lt))
        parts.append(g.mutate(BREAKDOWN=ibis.literal(b.name)))
    return parts


def _union_all(parts: list[ir.Table]) -> ir.Table:
    query = parts[0]
    for p in parts[1:]:
        query = query.union(p, distinct=False)
    return query


def _long(parts: list[ir.Table], ids: list[str]) -> pd.DataFrame:
    """Run the UNION ALL of `parts`; one row per (breakdown, level, measure)."""
    wide = _union_all(parts).select(*KEYS, *ids).to_pandas()
    long = wide.melt(id_vars=KEYS, var_name="MEASURE_ID", value_name="VALUE")
    return long.astype({"VALUE": "int64"})


def _is_set(t: ir.Table, flag: str | None) -> ir.BooleanValue:
    return t[flag].fill_null(False)


def _counts(
    prep: Prepared, units: ir.Table, measures: list[Measure], breakdowns: list[Breakdown]
) -> pd.DataFrame:
    """Every COUNT and PEOPLE value of every breakdown (one engine query for each kind).

    COUNT: units with the flag, by level. PEOPLE (distinct Person_ID among units with the
    flag): where the level is a property of the person, each person's units are first
    reduced to one row (1 if any has the flag, else 0) and joined to the person once, so
    distinct people are a plain sum; other breakdowns (the provider's) count distinct
    Person_ID among the units.
    """
    frames = []
    counts = [m for m in measures if m.kind == COUNT]
    if counts:
        t = _enriched(prep, units)
        parts = _by_level(
            t,
            breakdowns,
            {m.id: ibis.ifelse(_is_set(t, m.flag), 1, 0) for m in counts},
            lambda lt: {m.id: lt[m.id].sum().cast("int64") for m in counts},
        )
        frames.append(_long(parts, [m.id for m in counts]))
    people = [m for m in measures if m.kind == PEOPLE]
    if people:
        reads = {b.name: _reads(prep, units, b) for b in breakdowns}
        by_person = [b for b in breakdowns if not reads[b.name][1]]
        other = [b for b in breakdowns if reads[b.name][1]]
        parts = []
        if by_person:
            known = units.Person_ID.notnull()  # as nunique, a missing Person_ID is no one
            per_person = units.group_by("Person_ID").agg(
                **{m.id: ibis.ifelse(_is_set(units, m.flag) & known, 1, 0).max() for m in people}
            )
            t = _enriched(prep, per_person, provider=False)
            parts += _by_level(
                t,
                by_person,
                {m.id: t[m.id] for m in people},
                lambda lt: {m.id: lt[m.id].sum().cast("int64") for m in people},
            )
        if other:
            t = _enriched(prep, units, people=any(reads[b.name][0] for b in other))
            parts += _by_level(
                t,
                other,
                {"Person_ID": t.Person_ID, **{m.id: _is_set(t, m.flag) for m in people}},
                lambda lt: {
                    m.id: lt.Person_ID.nunique(where=lt[m.id]).cast("int64") for m in people
                },
            )
        frames.append(_long(parts, [m.id for m in people]))
    if not frames:
        return pd.DataFrame(columns=[*KEYS, "MEASURE_ID", "VALUE"])
    return pd.concat(frames, ignore_index=True)


def _quantiles(
    prep: Prepared, units: ir.Table, measures: list[Measure], breakdowns: list[Breakdown]
) -> pd.DataFrame:
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
        sub = units.filter(_is_set(units, flag), units[value].notnull())
        t = _enriched(prep, sub)
        parts = _by_level(
            t,
            breakdowns,
            {"V": t[value].cast("int64")},
            lambda lt: {"N": lt.count().cast("int64")},
            keys=("V",),
        )
        dist = _union_all(parts).select(*KEYS, "V", "N").to_pandas()
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
    counted = [m for m in family.measures if m.kind in (COUNT, PEOPLE)]
    values = _counts(prep, units, counted, breakdowns)
    values = _zero_fill(values, counted, submitters, prep.period)
    values = values.astype({"VALUE": "object"})
    frames = [values]
    percents = [m for m in family.measures if m.kind == PERCENT]
    if percents:
        frames.append(_percentages(values, percents))
    quantiles = [m for m in family.measures if m.kind == QUANTILE]
    if quantiles:
        frames.append(_quantiles(prep, units, quantiles, breakdowns))
    return pd.concat([f for f in frames if len(f)], ignore_index=True)
