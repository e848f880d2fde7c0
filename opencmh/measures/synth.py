"""Seeded synthetic MHSDS v6 extracts at any scale, from a few people to national.

`write_extract()` writes one Parquet file per contract table plus the `reference/`
tables, shaped exactly as `contract.py` describes: monthly record versions, RecordNumber
per person, provider and month, team types per provider and month, contacts submitted a
month late, and so on. Nothing here is real patient data.

People are generated in chunks: every chunk has its own random generator, derived from
the seed and the chunk number, and is written as one row group per table. Memory is
therefore bounded by the chunk size, and the same seed always gives byte-identical
files. Everything within a chunk is vectorised numpy; there is no loop over people.

The population and the service patterns are calibrated to published national figures;
`docs/synth.md` lists the figures and what the generator produces.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

DEFAULT_PERIOD_END = date(2025, 3, 31)
CHUNK_PEOPLE = 100_000
_EPOCH = date(1970, 1, 1)
# UniqMonthID = months since January 1970 + this (April 1900 is month 1).
_UNIQ_MONTH_OFFSET = 838
_DAY_US = 86_400_000_000

ArrayMap = dict[str, pa.Array]
Rng = np.random.Generator

# --------------------------------------------------------------------------------------
# Fixed code lists and national reference figures
# --------------------------------------------------------------------------------------

# Integrated care boards: code, area, region code, approximate population (millions).
ICBS: tuple[tuple[str, str, str, float], ...] = (
    ("QMF", "North East London", "Y56", 2.0),
    ("QMJ", "North Central London", "Y56", 1.5),
    ("QKK", "South East London", "Y56", 1.9),
    ("QWE", "South West London", "Y56", 1.5),
    ("QRV", "North West London", "Y56", 2.1),
    ("QT6", "Cornwall and the Isles of Scilly", "Y58", 0.6),
    ("QJK", "Devon", "Y58", 1.2),
    ("QVV", "Dorset", "Y58", 0.8),
    ("QR1", "Gloucestershire", "Y58", 0.65),
    ("QSL", "Somerset", "Y58", 0.58),
    ("QUY", "Bristol, North Somerset and South Gloucestershire", "Y58", 1.0),
    ("QOX", "Bath and North East Somerset, Swindon and Wiltshire", "Y58", 0.95),
    ("QU9", "Buckinghamshire, Oxfordshire and Berkshire West", "Y59", 1.8),
    ("QNQ", "Frimley", "Y59", 0.8),
    ("QRL", "Hampshire and Isle of Wight", "Y59", 1.9),
    ("QKS", "Kent and Medway", "Y59", 1.9),
    ("QNX", "Sussex", "Y59", 1.7),
    ("QXU", "Surrey Heartlands", "Y59", 1.1),
    ("QHL", "Birmingham and Solihull", "Y60", 1.3),
    ("QUA", "Black Country", "Y60", 1.3),
    ("QWU", "Coventry and Warwickshire", "Y60", 1.0),
    ("QGH", "Herefordshire and Worcestershire", "Y60", 0.8),
    ("QJ2", "Derby and Derbyshire", "Y60", 1.05),
    ("QK1", "Leicester, Leicestershire and Rutland", "Y60", 1.15),
    ("QJM", "Lincolnshire", "Y60", 0.77),
    ("QPM", "Northamptonshire", "Y60", 0.8),
    ("QT1", "Nottingham and Nottinghamshire", "Y60", 1.2),
    ("QOC", "Shropshire, Telford and Wrekin", "Y60", 0.5),
    ("QNC", "Staffordshire and Stoke-on-Trent", "Y60", 1.15),
    ("QHG", "Bedfordshire, Luton and Milton Keynes", "Y61", 1.0),
    ("QUE", "Cambridgeshire and Peterborough", "Y61", 0.9),
    ("QM7", "Hertfordshire and West Essex", "Y61", 1.6),
    ("QH8", "Mid and South Essex", "Y61", 1.2),
    ("QMM", "Norfolk and Waveney", "Y61", 1.1),
    ("QJG", "Suffolk and North East Essex", "Y61", 1.0),
    ("QYG", "Cheshire and Merseyside", "Y62", 2.7),
    ("QOP", "Greater Manchester", "Y62", 2.9),
    ("QE1", "Lancashire and South Cumbria", "Y62", 1.8),
    ("QHM", "North East and North Cumbria", "Y63", 3.1),
    ("QOQ", "Humber and North Yorkshire", "Y63", 1.7),
    ("QF7", "South Yorkshire", "Y63", 1.4),
    ("QWO", "West Yorkshire", "Y63", 2.4),
)
REGIONS = {
    "Y56": "London",
    "Y58": "South West",
    "Y59": "South East",
    "Y60": "Midlands",
    "Y61": "East of England",
    "Y62": "North West",
    "Y63": "North East and Yorkshire",
}
# Mental health providers: most serve one ICB, some span two or three neighbours.
_PROVIDER_GROUPS: tuple[tuple[str, ...], ...] = (
    ("QMF",),
    ("QMJ",),
    ("QKK",),
    ("QWE",),
    ("QRV",),
    ("QT6",),
    ("QJK",),
    ("QVV",),
    ("QR1", "QGH"),
    ("QSL",),
    ("QUY", "QOX"),
    ("QU9",),
    ("QNQ", "QXU"),
    ("QRL",),
    ("QKS",),
    ("QNX",),
    ("QHL",),
    ("QUA",),
    ("QWU",),
    ("QJ2",),
    ("QK1",),
    ("QJM",),
    ("QPM",),
    ("QT1",),
    ("QOC", "QNC"),
    ("QHG",),
    ("QUE",),
    ("QM7", "QH8"),
    ("QMM", "QJG"),
    ("QYG",),
    ("QOP",),
    ("QE1",),
    ("QHM",),
    ("QOQ",),
    ("QF7",),
    ("QWO",),
)
# Independent-sector providers that only take out-of-area referrals.
_INDEPENDENT_PROVIDERS = (
    ("NV1", "Synthetic Independent Healthcare"),
    ("NV2", "Synthetic Care Partnership"),
)
N_LSOA = 32_844  # LSOAs in England (2011 boundaries)
WELSH_LAS = tuple(f"W060000{n:02d}" for n in range(1, 23))

# Person stated gender (NHS Data Dictionary).
GENDER_CODES = ("1", "2", "9", "X")
GENDER_P = (0.478, 0.512, 0.003, 0.007)
GENDER_ID_CODES = ("1", "2", "3", "4", "X", "Z")
GENDER_ID_P = (0.47, 0.50, 0.006, 0.004, 0.01, 0.01)
# Ethnic category, from the 2021 Census for England (ONS TS021), rescaled to the 92% of
# MHSDS records with a stated ethnicity; Z (not stated) and 99 (not known) take the rest.
ETHNIC_CODES = ("A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M", "N", "P", "R", "S")
ETHNIC_CENSUS = (
    73.5, 0.9, 6.6, 0.9, 0.5, 0.8, 0.8, 3.3, 2.7, 1.1, 1.7, 1.1, 2.6, 0.5, 0.7, 2.2,
)  # fmt: skip
ETHNIC_STATED = 0.92
# Age at period end of people in contact with secondary mental health services.
AGE_BANDS = ((14, 18), (18, 25), (25, 35), (35, 45), (45, 55), (55, 65), (65, 75), (75, 95))
AGE_P = (0.05, 0.13, 0.19, 0.17, 0.15, 0.12, 0.08, 0.11)
# People in contact are more often from deprived areas: weight by IMD decile (1 = most).
IMD_WEIGHT = (1.55, 1.4, 1.25, 1.12, 1.0, 0.92, 0.85, 0.8, 0.76, 0.72)

SOURCES = ("A1", "A3", "B1", "B2", "C1", "D1", "E1", "H1", "H2", "I1", "I2", "N3", "P1", "Q1")
SOURCE_P = (0.38, 0.03, 0.12, 0.02, 0.03, 0.01, 0.03, 0.08, 0.05, 0.01, 0.02, 0.03, 0.14, 0.01)
PRIORITIES = ("1", "2", "3", "4")
PRIORITY_P = (0.05, 0.12, 0.80, 0.03)

# Contact outcome and mechanism. DNA (3) is about 10% of all contacts.
ATTEND_CODES = ("5", "6", "3", "2", "4", "7", "8")
ATTEND_FOLLOW_UP_P = (0.787, 0.02, 0.10, 0.037, 0.037, 0.006, 0.013)
MECH_CODES = ("01", "02", "11", "04", "05", "09", "10", "98")
MECH_FOLLOW_UP_P = (0.60, 0.25, 0.06, 0.002, 0.035, 0.03, 0.01, 0.013)
MECH_FIRST_P = (0.75, 0.18, 0.07, 0.0, 0.0, 0.0, 0.0, 0.0)

# SNOMED CT. Refset membership of the synthetic extract (the real membership comes from
# the UK release); codes are illustrative members of each group.
REFSET_ASSESSMENT = "1853441000000109"
REFSET_PSYCH_THERAPY = "1853461000000105"
REFSET_PSYCHOSOCIAL = "1853481000000101"
REFSET_MEDICATION = "1853451000000107"
ASSESSMENT_CODES = ("165197003", "386053000", "710841007", "1066931000000105")
PSYCH_THERAPY_CODES = ("228557008", "304891004", "75516001", "1323381000000101")
PSYCHOSOCIAL_CODES = ("385989002", "410223002", "313071005", "409063005")
MEDICATION_CODES = ("182832007", "410123008", "698094009", "43396009")
NEVER_COUNT_CODES = ("11429006", "975131000000104", "2386021000000108")
IPS_CODES = ("1082621000000104", "772822000")
OTHER_CODES = ("171222001", "121868005", "196771000000101", "443781008", "763243004")
INDIRECT_CODES = ("185317003", "408443003", "306206005", "1095991000000102")
QUALIFIER = ":408730004="
QUALIFIER_VALUES = ("410546004", "410537005", "385658003")

DIALOG_ITEMS = (
    "1037651000000100",
    "1037661000000102",
    "1037671000000109",
    "1037681000000106",
    "1037691000000108",
    "1037701000000108",
    "1037711000000105",
    "1037721000000104",
    "1037731000000102",
    "1037741000000106",
    "1037751000000109",
)
REQOL10 = "1091071000000100"
GBO_GOALS = ("1638531000000102", "1638541000000106", "1638551000000109")
CURRENT_VIEW = "987251000000103"  # illustrative; Current View never counts as an outcome


@dataclass(frozen=True)
class TeamType:
    """How referrals to one service or team type behave."""

    code: str
    share: tuple[float, float, float]  # of referrals for ages <18, 18-64, 65+
    wait: tuple[float, float]  # days to first attended contact: median, log sigma
    stay: tuple[float, float]  # days from first contact to discharge: median, log sigma
    rate: float  # follow-up contacts per month while open
    seen: float  # share of accepted referrals that get a first contact
    rejected: float
    outcomes: float  # share of seen referrals with outcome measures
    plan: float  # share of seen referrals with a care plan
    coordinator: float  # share of seen referrals with a care coordinator
    inpatient: float  # share of seen referrals with an inpatient spell
    reasons: tuple[tuple[str, float], ...]


_CORE_REASONS = (
    ("04", 0.20), ("05", 0.14), ("02", 0.12), ("03", 0.08), ("14", 0.05), ("15", 0.06),
    ("18", 0.08), ("11", 0.06), ("09", 0.04), ("10", 0.02), ("01", 0.02), ("23", 0.04),
    ("22", 0.03), ("19", 0.06),
)  # fmt: skip
_THERAPY_REASONS = (("04", 0.35), ("05", 0.35), ("11", 0.2), ("06", 0.1))
TEAM_TYPES: tuple[TeamType, ...] = (
    TeamType("A18", (.35, .14, .08), (5, 1.0), (20, .8), 1.0, .85, .05, .02, .05, 0, 0,
             _CORE_REASONS + (("01", 0.02),)),
    TeamType("A06", (0, .24, .12), (20, .9), (180, 1.1), 1.7, .90, .06, .45, .60, .30, .03,
             _CORE_REASONS),
    TeamType("A05", (0, .12, .06), (21, .9), (90, .9), 1.3, .90, .07, .40, .45, .05, .005,
             _CORE_REASONS),
    TeamType("A08", (0, .01, 0), (10, .8), (500, .8), 3.0, .92, .03, .40, .70, .60, .05,
             (("02", .7), ("03", .2), ("09", .1))),
    TeamType("A09", (0, .01, .01), (20, .8), (400, .8), 2.0, .92, .03, .40, .70, .50, .03,
             (("02", .8), ("03", .2))),
    TeamType("A12", (0, .02, .01), (45, .8), (200, .7), 1.5, .88, .08, .45, .45, .05, 0,
             _THERAPY_REASONS),
    TeamType("A13", (0, .05, .02), (35, .8), (150, .7), 1.6, .88, .07, .50, .50, .05, 0,
             _THERAPY_REASONS),
    TeamType("A16", (0, .02, 0), (30, .8), (300, .8), 1.8, .88, .06, .45, .60, .20, .02,
             (("14", .8), ("15", .2))),
    TeamType("C10", (.12, .015, 0), (20, .8), (250, .8), 2.0, .90, .05, .40, .60, .20, .02,
             (("12", 1.0),)),
    TeamType("A14", (.08, .025, .002), (9, .9), (700, .6), 3.0, .93, .03, .55, .75, 1, .04,
             (("01", .88), ("02", .07), ("03", .03), ("04", .02))),
    TeamType("D05", (0, .015, 0), (14, .8), (270, .7), 2.5, .88, .04, .25, .30, 0, 0,
             (("31", .6), ("02", .15), ("04", .15), ("05", .1))),
    TeamType("A02", (.2, .12, .08), (.7, 1.0), (21, .7), 12.0, .93, .02, .10, .40, 0, .05,
             (("18", .6), ("15", .15), ("04", .1), ("02", .1), ("01", .05))),
    TeamType("A11", (.25, .08, .10), (.5, 1.0), (3, .8), 4.0, .97, 0, .02, .05, 0, 0,
             (("15", .4), ("18", .3), ("04", .1), ("23", .1), ("09", .1))),
    TeamType("A17", (0, .005, .30), (40, .7), (250, .8), 0.8, .92, .04, .10, .40, .10, 0,
             (("08", .85), ("04", .1), ("23", .05))),
    TeamType("A07", (0, .01, .15), (25, .8), (300, .8), 1.2, .92, .04, .20, .50, .20, .02,
             (("08", .85), ("04", .1), ("23", .05))),
    TeamType("C02", (0, .02, 0), (14, .8), (200, .7), 1.8, .92, .04, .40, .60, .20, .01,
             (("13", .9), ("04", .1))),
)  # fmt: skip
TEAM_CODES = tuple(t.code for t in TEAM_TYPES)
_T = {code: i for i, code in enumerate(TEAM_CODES)}
CORE_TYPES = ("A05", "A06", "A08", "A09", "A12", "A13", "A16", "C10", "A07")
# Teams a provider runs: (type, number of teams per 500,000 population, minimum).
_TEAM_TEMPLATE = tuple(
    (code, per, low)
    for code, per, low in (
        ("A06", 2.0, 2), ("A05", 1.0, 1), ("A07", 0.5, 1), ("A17", 0.5, 1), ("A13", 0.5, 1),
        ("A02", 0.5, 1), ("A11", 0.5, 1), ("A18", 0.3, 1), ("A08", 0.2, 1), ("A09", 0.2, 1),
        ("A12", 0.2, 1), ("A14", 0.3, 1), ("A16", 0.2, 1), ("C10", 0.2, 1), ("D05", 0.2, 1),
        ("C02", 0.2, 1),
    )
)  # fmt: skip
# Other teams joining a community referral (MHS102) and how often.
OTHER_TEAM_TYPES = ("D05", "A02", "A13", "A16", "A12")
OTHER_TEAM_P = (0.4, 0.2, 0.2, 0.1, 0.1)
REASON_CODES = tuple(sorted({r for t in TEAM_TYPES for r, _ in t.reasons}))


def _table_schemas() -> dict[str, pa.Schema]:
    from opencmh.measures import contract

    out: dict[str, pa.Schema] = {}
    for table in contract.MHS_TABLES + contract.REFERENCE_TABLES:
        out[table.relpath] = pa.schema(
            [pa.field(c.name, contract.ARROW_TYPES[c.type]) for c in table.columns]
        )
    return out


# --------------------------------------------------------------------------------------
# Small vectorised helpers
# --------------------------------------------------------------------------------------


def _days(d: date) -> int:
    return (d - _EPOCH).days


def _month70(days: np.ndarray) -> np.ndarray:
    """Months since January 1970 of day numbers since 1970-01-01."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _month_start(m70: np.ndarray) -> np.ndarray:
    return m70.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _month_end(m70: np.ndarray) -> np.ndarray:
    return _month_start(m70 + 1) - 1


def _year_and_day_key(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m = _month70(days)
    day = days - _month_start(m) + 1
    return m // 12 + 1970, (m % 12 + 1) * 100 + day


def _age(on: np.ndarray, birth: np.ndarray) -> np.ndarray:
    """Whole years between `birth` and `on` (both day numbers)."""
    y1, k1 = _year_and_day_key(on)
    y0, k0 = _year_and_day_key(birth)
    return (y1 - y0 - (k1 < k0)).astype(np.int32)


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Parent index and ordinal within parent, for `counts[i]` children of parent i."""
    counts = counts.astype(np.int64)
    parent = np.repeat(np.arange(counts.size), counts)
    starts = np.cumsum(counts) - counts
    return parent, np.arange(parent.size) - starts[parent]


def _pick(rng: Rng, p: Sequence[float] | np.ndarray, n: int) -> np.ndarray:
    """n draws from a categorical distribution (indices into `p`)."""
    cum = np.cumsum(np.asarray(p, dtype=np.float64))
    return np.minimum(np.searchsorted(cum / cum[-1], rng.random(n), side="right"), len(cum) - 1)


def _pick_rows(rng: Rng, matrix: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """One categorical draw per element, from the distribution in `matrix[rows[i]]`."""
    cum = np.cumsum(matrix, axis=1)
    cum = cum / cum[:, -1:]
    u = rng.random(rows.size)
    out = np.zeros(rows.size, dtype=np.int64)
    for k in range(matrix.shape[1] - 1):
        out += u >= cum[rows, k]
    return out


def _lognormal_days(rng: Rng, median: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    return np.floor(median * np.exp(sigma * rng.standard_normal(median.size))).astype(np.int64)


def _codes(values: Sequence[str], index: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """String column from indices into `values` (null where `mask` is true)."""
    idx = pa.array(index.astype(np.int32), mask=mask)
    return pa.array(values, pa.string()).take(idx)


def _text(numbers: np.ndarray, prefix: str = "") -> pa.Array:
    out = pc.cast(pa.array(numbers.astype(np.int64)), pa.string())
    return pc.binary_join_element_wise(prefix, out, "") if prefix else out


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _date(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), mask=mask).view(pa.date32())


def _time(rng: Rng, n: int) -> np.ndarray:
    """Microseconds after midnight, in five-minute steps between 08:00 and 18:55."""
    return (rng.integers(96, 228, n) * 300 * 1_000_000).astype(np.int64)


# --------------------------------------------------------------------------------------
# The fixed world: geography, providers and their teams
# --------------------------------------------------------------------------------------


@dataclass
class World:
    """Everything shared by all chunks: derived from the seed only."""

    month70: np.ndarray  # the extract's months (months since January 1970)
    period_end: int
    providers: list[str]
    provider_names: list[str]
    sub_icb: list[str]
    sub_icb_weight: np.ndarray
    sub_icb_provider: np.ndarray
    hierarchy: pa.Table
    lsoa: list[str]
    lsoa_decile: np.ndarray
    lsoa_cumweight: np.ndarray  # cumulative sampling weight, LSOAs grouped by sub-ICB
    lsoa_start: np.ndarray  # first LSOA of each sub-ICB
    lsoa_stop: np.ndarray
    la: list[str]  # local authorities, three per sub-ICB slot
    practices: list[str]
    practice_start: np.ndarray
    practice_count: np.ndarray
    team_ids: list[str]
    team_flat: np.ndarray  # index into team_ids, grouped by provider and team type
    team_start: np.ndarray  # [provider, type] -> offset into team_flat
    team_count: np.ndarray
    team_rows: pa.Table  # MHS902 rows

    @property
    def m0(self) -> int:
        return int(self.month70[0])

    @property
    def start(self) -> int:
        return int(_month_start(self.month70[:1])[0])

    def uniq_month(self, m70: np.ndarray) -> np.ndarray:
        return (m70 + _UNIQ_MONTH_OFFSET).astype(np.int32)


def _build_world(seed: int, months: int, period_end: date) -> World:
    rng = np.random.default_rng(np.random.SeedSequence([seed, 0xC0FFEE]))
    end_m70 = (period_end.year - 1970) * 12 + period_end.month - 1
    month70 = np.arange(end_m70 - months + 1, end_m70 + 1, dtype=np.int64)

    # Sub-ICBs: one to five per ICB, codes in the national "00X" style.
    icb_index = {code: i for i, (code, *_rest) in enumerate(ICBS)}
    letters = "ABCDEFGHJKLMNPQRTVWXY"
    sub_icb: list[str] = []
    sub_icb_icb: list[int] = []
    sub_w: list[float] = []
    for i, (_code, _area, _region, pop) in enumerate(ICBS):
        k = int(np.clip(round(pop / 0.45), 1, 5))
        for share in rng.dirichlet(np.full(k, 4.0)):
            n = len(sub_icb)
            sub_icb.append(f"{(n * 37) % 90 + 10:02d}{letters[n % len(letters)]}")
            sub_icb_icb.append(i)
            sub_w.append(pop * share)
    weight = np.asarray(sub_w) / sum(sub_w)
    hierarchy = pa.table(
        {
            "SubICBCode": sub_icb,
            "SubICBName": [
                f"NHS {ICBS[i][1]} ICB - {c}" for c, i in zip(sub_icb, sub_icb_icb, strict=True)
            ],
            "ICBCode": [ICBS[i][0] for i in sub_icb_icb],
            "ICBName": [f"NHS {ICBS[i][1]} Integrated Care Board" for i in sub_icb_icb],
            "RegionCode": [ICBS[i][2] for i in sub_icb_icb],
            "RegionName": [REGIONS[ICBS[i][2]] for i in sub_icb_icb],
        }
    )

    # Providers: codes in the NHS trust style; area names are the ICBs they serve.
    providers: list[str] = []
    names: list[str] = []
    icb_provider = np.zeros(len(ICBS), dtype=np.int64)
    for p, group in enumerate(_PROVIDER_GROUPS):
        providers.append(f"R{'ABCDEFGHJKLMNPQRSTVWXY'[p // 10 % 22]}{p % 10}")
        names.append(" and ".join(ICBS[icb_index[c]][1] for c in group) + " Mental Health Trust")
        for c in group:
            icb_provider[icb_index[c]] = p
    for code, name in _INDEPENDENT_PROVIDERS:
        providers.append(code)
        names.append(name)
    sub_icb_provider = icb_provider[np.asarray(sub_icb_icb)]

    # LSOAs: deciles 1-10 in equal numbers nationally, clustered by sub-ICB.
    lsoa_numbers = np.sort(rng.choice(np.arange(1, 33_769), N_LSOA, replace=False))
    lsoa_sub = np.sort(_pick(rng, weight, N_LSOA))
    tendency = rng.normal(0, 1, len(sub_icb))[lsoa_sub] + rng.normal(0, 1.2, N_LSOA)
    decile = (np.argsort(np.argsort(tendency)) * 10 // N_LSOA + 1).astype(np.int32)
    lsoa_weight = np.asarray(IMD_WEIGHT)[decile - 1]
    starts = np.searchsorted(lsoa_sub, np.arange(len(sub_icb)))
    stops = np.searchsorted(lsoa_sub, np.arange(len(sub_icb)), side="right")

    # Local authorities (three per sub-ICB) and GP practices (about 60 per sub-ICB).
    la_prefix = ("E06", "E07", "E08", "E09")
    la = [f"{la_prefix[(i * 7 + j) % 4]}{(i * 3 + j) % 999 + 1:06d}" for i in range(len(sub_icb))
          for j in range(3)]  # fmt: skip
    p_count = np.maximum(8, np.round(weight * 6_300)).astype(np.int64)
    p_start = np.cumsum(p_count) - p_count
    practices = [
        f"{'ABCDEFGHJKLMNPY'[s % 15]}{81001 + (s * 131 + j) % 18_000:05d}"
        for s in range(len(sub_icb))
        for j in range(int(p_count[s]))
    ]

    # Teams per provider. Local IDs are shuffled so T01 means different types at
    # different providers; a few community teams change type part way through.
    pop_per_provider = np.bincount(sub_icb_provider, weights=weight, minlength=len(providers))
    team_ids = [f"T{n:02d}" for n in range(1, 100)]
    team_flat: list[int] = []
    team_start = np.zeros((len(providers), len(TEAM_TYPES)), dtype=np.int64)
    team_count = np.zeros((len(providers), len(TEAM_TYPES)), dtype=np.int64)
    mhs902: dict[str, list] = {"UniqMonthID": [], "OrgIDProv": [], "CareProfTeamLocalID": [],
                               "ServTeamTypeMH": []}  # fmt: skip
    for p, code in enumerate(providers):
        population = pop_per_provider[p] * 56_000_000
        counts = [max(low, round(per * population / 500_000)) for _t, per, low in _TEAM_TEMPLATE]
        order = rng.permutation(sum(counts))
        k = 0
        team_types: list[str] = []
        for (t, _per, _low), n in zip(_TEAM_TEMPLATE, counts, strict=True):
            team_start[p, _T[t]] = len(team_flat)
            team_count[p, _T[t]] = n
            team_flat.extend(int(x) for x in order[k : k + n])
            team_types.extend([t] * n)
            k += n
        changed = int(order[0]) if rng.random() < 0.25 else -1  # order[0] is an A06 team
        change_month = int(rng.integers(1, months)) if months > 1 else 0
        for m_i, m in enumerate(month70):
            for j in np.argsort(order):
                t = team_types[j]
                if order[j] == changed and m_i >= change_month:
                    t = "A05"
                mhs902["UniqMonthID"].append(int(m) + _UNIQ_MONTH_OFFSET)
                mhs902["OrgIDProv"].append(code)
                mhs902["CareProfTeamLocalID"].append(team_ids[int(order[j])])
                mhs902["ServTeamTypeMH"].append(t)
    team_rows = pa.table(
        {
            "UniqMonthID": pa.array(mhs902["UniqMonthID"], pa.int32()),
            "OrgIDProv": mhs902["OrgIDProv"],
            "CareProfTeamLocalID": mhs902["CareProfTeamLocalID"],
            "ServTeamTypeMH": mhs902["ServTeamTypeMH"],
        }
    )
    return World(
        month70=month70,
        period_end=_days(period_end),
        providers=providers,
        provider_names=names,
        sub_icb=sub_icb,
        sub_icb_weight=weight,
        sub_icb_provider=sub_icb_provider,
        hierarchy=hierarchy,
        lsoa=[f"E01{n:06d}" for n in lsoa_numbers],
        lsoa_decile=decile,
        lsoa_cumweight=np.cumsum(lsoa_weight),
        lsoa_start=starts,
        lsoa_stop=stops,
        la=la,
        practices=practices,
        practice_start=p_start,
        practice_count=p_count,
        team_ids=team_ids,
        team_flat=np.asarray(team_flat, dtype=np.int64),
        team_start=team_start,
        team_count=team_count,
        team_rows=team_rows,
    )


# --------------------------------------------------------------------------------------
# One chunk of people and everything that happens to them
# --------------------------------------------------------------------------------------


def _per_type(attr: str) -> np.ndarray:
    return np.asarray([getattr(t, attr) for t in TEAM_TYPES], dtype=np.float64)


def _pair(attr: str, i: int) -> np.ndarray:
    return np.asarray([getattr(t, attr)[i] for t in TEAM_TYPES], dtype=np.float64)


def _reason_matrix() -> np.ndarray:
    m = np.zeros((len(TEAM_TYPES), len(REASON_CODES)))
    for i, t in enumerate(TEAM_TYPES):
        for code, p in t.reasons:
            m[i, REASON_CODES.index(code)] += p
    return m


def _monthly(first_m: np.ndarray, last_m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expand records live from `first_m` to `last_m` into one row per month.

    Returns (record index, row month, is the record's latest row)."""
    counts = np.maximum(last_m - first_m + 1, 0)
    rec, k = _expand(counts)
    return rec, first_m[rec] + k, k == counts[rec] - 1


class _Chunk:
    """Synthesises one chunk of people. Methods fill `self.tables`, in dependency order."""

    def __init__(self, world: World, seed: int, index: int, first: int, n: int) -> None:
        self.w = world
        self.rng = np.random.default_rng(np.random.SeedSequence([seed, index]))
        self.first = first
        self.n = n
        self.tables: dict[str, dict[str, pa.Array | np.ndarray]] = {}
        self.pend = world.period_end
        self.wstart = world.start
        self.m0 = world.m0
        self.m_last = int(world.month70[-1])

    # ---- common key columns -------------------------------------------------------
    def _keys(self, person: np.ndarray, slot: np.ndarray, m70: np.ndarray) -> ArrayMap:
        provider = self.provider_of[person, slot]
        gid = (self.first + person) * 2 + slot
        uniq = self.w.uniq_month(m70)
        return {
            "UniqMonthID": pa.array(uniq),
            "OrgIDProv": _codes(self.w.providers, provider),
            "Person_ID": self.person_id.take(pa.array(person.astype(np.int64))),
            "RecordNumber": pa.array(uniq.astype(np.int64) * 1_000_000_000 + gid),
        }

    def _ref_keys(self, ref: np.ndarray, m70: np.ndarray) -> ArrayMap:
        return self._keys(self.r_person[ref], self.r_slot[ref], m70)

    def _record_dates(self, m70: np.ndarray, latest: np.ndarray) -> ArrayMap:
        return {
            "RecordStartDate": _date(_month_start(m70)),
            "RecordEndDate": _date(_month_end(m70), mask=latest),
        }

    # ---- people ---------------------------------------------------------------------
    def people(self) -> None:
        w, rng, n = self.w, self.rng, self.n
        pid = self.first + np.arange(n, dtype=np.int64)
        sub = _pick(rng, w.sub_icb_weight, n)
        lo = np.where(w.lsoa_start[sub] > 0, w.lsoa_cumweight[w.lsoa_start[sub] - 1], 0.0)
        hi = w.lsoa_cumweight[np.maximum(w.lsoa_stop[sub] - 1, 0)]
        lsoa = np.searchsorted(w.lsoa_cumweight, lo + rng.random(n) * (hi - lo), side="right")
        lsoa = np.clip(lsoa, w.lsoa_start[sub], np.maximum(w.lsoa_stop[sub] - 1, 0))
        band = _pick(rng, AGE_P, n)
        low = np.asarray([b[0] for b in AGE_BANDS])[band]
        high = np.asarray([b[1] for b in AGE_BANDS])[band]
        age = low + np.floor(rng.random(n) * (high - low)).astype(np.int64)
        self.birth = self.pend - np.round(age * 365.2425).astype(np.int64) - rng.integers(0, 365, n)
        self.age_end = _age(np.full(n, self.pend), self.birth)
        home = w.sub_icb_provider[sub]
        n_prov = len(w.providers)
        other = (home + 1 + rng.integers(0, n_prov - 1, n)) % n_prov
        self.provider_of = np.stack([home, other], axis=1)
        scrambled = (pid * 2_654_435_761 + 982_451_653) % 10_000_000_000
        self.person_id = pc.utf8_lpad(_text(scrambled), 10, "0")
        self.sub = sub
        u = rng.random(n)
        self.la_kind = np.where(u < 0.01, 1, np.where(u < 0.025, 2, 0))  # Wales, null
        self.la_index = np.where(
            self.la_kind == 1, rng.integers(0, len(WELSH_LAS), n), sub * 3 + rng.integers(0, 3, n)
        )
        self.lsoa = lsoa
        self.gender = _pick(rng, GENDER_P, n)
        self.gender_id = _pick(rng, GENDER_ID_P, n)
        self.gender_id_null = rng.random(n) < 0.65
        census = np.asarray(ETHNIC_CENSUS) / sum(ETHNIC_CENSUS) * ETHNIC_STATED
        self.ethnicity = _pick(rng, np.concatenate([census, [0.05, 0.03]]), n)
        # GP registration: most registered locally, some elsewhere, a few unregistered.
        gp_sub = np.where(rng.random(n) < 0.05, _pick(rng, w.sub_icb_weight, n), sub)
        self.practice = w.practice_start[gp_sub] + np.floor(
            rng.random(n) * w.practice_count[gp_sub]
        ).astype(np.int64)
        self.practice_sub = gp_sub
        self.unregistered = _pick(rng, (0.985, 0.010, 0.003, 0.002), n)  # 0 = registered
        self.has_gp = rng.random(n) < 0.98
        self.has_previous = rng.random(n) < 0.04
        self.previous = w.practice_start[sub] + np.floor(
            rng.random(n) * w.practice_count[sub]
        ).astype(np.int64)
        self.previous_end = self.wstart - rng.integers(30, 2000, n)

    # ---- referrals --------------------------------------------------------------------
    def referrals(self) -> None:
        w, rng = self.w, self.rng
        n_ref = 1 + np.minimum(rng.poisson(0.45, self.n), 11)
        person, ordinal = _expand(n_ref)
        nr = person.size
        slot = ((ordinal > 0) & (rng.random(nr) < 0.05)).astype(np.int64)
        provider = self.provider_of[person, slot]
        age_end = self.age_end[person]
        group = np.where(age_end < 18, 0, np.where(age_end < 65, 1, 2))
        share = np.asarray([t.share for t in TEAM_TYPES]).T
        ttype = _pick_rows(rng, share, group)
        slot_in_type = np.floor(rng.random(nr) * w.team_count[provider, ttype]).astype(np.int64)
        team = w.team_flat[w.team_start[provider, ttype] + slot_in_type]
        reason = _pick_rows(rng, _reason_matrix(), ttype)
        source = _pick(rng, SOURCE_P, nr)
        priority = _pick(rng, PRIORITY_P, nr)

        stay_median = _pair("stay", 0)[ttype]
        caseload = (ordinal == 0) & (rng.random(nr) < 0.35) & (stay_median >= 150)
        window_days = self.pend - self.wstart + 1
        received = np.where(
            caseload,
            self.wstart - rng.integers(30, 1500, nr),
            self.wstart + rng.integers(0, window_days, nr),
        )
        wait = _lognormal_days(rng, _pair("wait", 0)[ttype], _pair("wait", 1)[ttype])
        wait = np.where(priority == 0, rng.integers(0, 2, nr), wait)  # emergency
        wait = np.where(priority == 1, wait // 2, wait)  # urgent
        rejected = ~caseload & (rng.random(nr) < _per_type("rejected")[ttype])
        seen = ~rejected & (caseload | (rng.random(nr) < _per_type("seen")[ttype]))
        first_contact = received + wait
        stay = 1 + _lognormal_days(rng, stay_median, _pair("stay", 1)[ttype])
        end = np.where(
            caseload,
            np.maximum(first_contact, self.wstart) + stay,
            np.where(
                seen,
                first_contact + stay,
                np.where(
                    rejected,
                    received + rng.integers(0, 22, nr),
                    received + 1 + _lognormal_days(rng, np.full(nr, 60.0), np.full(nr, 0.8)),
                ),
            ),
        )
        is_open = end > self.pend
        end_m = _month70(end)
        late = ~is_open & (rng.random(nr) < 0.03) & (end_m < self.m_last)
        self.r_first_m = np.maximum(_month70(received), self.m0)
        self.r_last_m = np.where(is_open, self.m_last, end_m + late)

        self.r_person, self.r_slot, self.r_provider = person, slot, provider
        self.r_type, self.r_team, self.r_seen, self.r_open = ttype, team, seen, is_open
        self.r_received, self.r_first_contact, self.r_end = received, first_contact, end
        self.r_wait, self.r_rejected = wait, rejected
        self.r_num = (self.first + person) * 16 + ordinal
        # Last day on which the referral is active inside the extract.
        self.r_active_end = np.minimum(end, self.pend)

        rec, m70, latest = _monthly(self.r_first_m, self.r_last_m)
        self.ref_rows = (rec, m70)
        org = _codes(w.providers, provider)
        srid = _text(self.r_num)
        self.r_org, self.r_srid = org, srid
        self.r_usrid = _join(org, srid)
        discharged = ~is_open & ~rejected
        refused = ~is_open & rejected
        take = pa.array(rec)
        self.tables["MHS101Referral"] = {
            **self._ref_keys(rec, m70),
            "ServiceRequestID": srid.take(take),
            "UniqServReqID": self.r_usrid.take(take),
            "CareProfTeamLocalID": _codes(w.team_ids, team[rec]),
            "ReferralRequestReceivedDate": _date(received[rec]),
            "SourceOfReferralMH": _codes(SOURCES, source[rec]),
            "ClinRespPriorityType": _codes(PRIORITIES, priority[rec]),
            "PrimReasonReferralMH": _codes(REASON_CODES, reason[rec]),
            "ServDischDate": _date(end[rec], mask=~(latest & discharged[rec])),
            "ReferRejectionDate": _date(end[rec], mask=~(latest & refused[rec])),
            "AgeServReferRecDate": pa.array(_age(received, self.birth[person])[rec]),
            **self._record_dates(m70, latest),
        }

    # ---- other teams (MHS102) ---------------------------------------------------------
    def other_teams(self) -> None:
        w, rng = self.w, self.rng
        nr = self.r_num.size
        core = np.isin(self.r_type, [_T[c] for c in CORE_TYPES])
        eip = self.r_type == _T["A14"]
        p = np.where(eip, 0.25, np.where(core, 0.12, 0.0))
        span = self.r_active_end - self.r_first_contact
        has = self.r_seen & (span > 30) & (rng.random(nr) < p)
        otype = np.where(
            eip,
            _T["D05"],
            np.asarray([_T[c] for c in OTHER_TEAM_TYPES])[_pick(rng, OTHER_TEAM_P, nr)],
        )
        prov = self.r_provider
        oteam = w.team_flat[
            w.team_start[prov, otype]
            + np.floor(rng.random(nr) * w.team_count[prov, otype]).astype(np.int64)
        ]
        start = self.r_first_contact + np.floor(rng.random(nr) * np.minimum(span, 180)).astype(
            np.int64
        )
        refused = rng.random(nr) < 0.02
        end = np.where(
            refused,
            start + rng.integers(0, 15, nr),
            start + 1 + _lognormal_days(rng, np.full(nr, 120.0), np.full(nr, 0.7)),
        )
        end = np.where(~self.r_open, np.minimum(end, self.r_end), end)
        closed = end <= self.pend
        self.o_has, self.o_type, self.o_team = has, otype, oteam
        self.o_start, self.o_end, self.o_refused = start, end, refused

        ids = np.flatnonzero(has)
        first_m = np.maximum(_month70(start[ids]), self.r_first_m[ids])
        last_m = np.where(closed[ids], _month70(end[ids]), self.r_last_m[ids])
        last_m = np.minimum(last_m, self.r_last_m[ids])
        rec, m70, latest = _monthly(first_m, last_m)
        ref = ids[rec]
        take = pa.array(ref)
        ended = latest & closed[ref]
        self.tables["MHS102OtherServiceType"] = {
            **self._ref_keys(ref, m70),
            "ServiceRequestID": self.r_srid.take(take),
            "UniqServReqID": self.r_usrid.take(take),
            "OtherCareProfTeamLocalID": _codes(w.team_ids, oteam[ref]),
            "ReferClosureDate": _date(end[ref], mask=~(ended & ~refused[ref])),
            "ReferRejectionDate": _date(end[ref], mask=~(ended & refused[ref])),
            **self._record_dates(m70, latest),
        }

    # ---- care contacts (MHS201) and care activities (MHS202) ---------------------------
    def contacts(self) -> None:
        w, rng = self.w, self.rng
        nr = self.r_num.size
        in_window = (self.r_first_contact >= self.wstart) & (self.r_first_contact <= self.pend)
        first = np.flatnonzero(self.r_seen & in_window)
        # Some people miss an appointment before they are first seen.
        pre = np.flatnonzero(self.r_seen & (self.r_wait >= 2) & (rng.random(nr) < 0.12))
        pre_date = self.r_received[pre] + np.floor(rng.random(pre.size) * self.r_wait[pre]).astype(
            np.int64
        )
        waiting = np.flatnonzero(~self.r_seen & ~self.r_rejected & (rng.random(nr) < 0.35))
        span_w = self.r_active_end[waiting] - self.r_received[waiting] + 1
        wait_date = self.r_received[waiting] + np.floor(rng.random(waiting.size) * span_w).astype(
            np.int64
        )
        lo = np.maximum(self.r_first_contact + 1, self.wstart)
        span = np.where(self.r_seen, self.r_active_end - lo + 1, 0).clip(0)
        n_follow = np.minimum(rng.poisson(_per_type("rate")[self.r_type] * span / 30.44), 900)
        fref, ford = _expand(n_follow)
        fdate = lo[fref] + np.floor(rng.random(fref.size) * span[fref]).astype(np.int64)
        ref = np.concatenate([first, pre, waiting, fref])
        date_ = np.concatenate([self.r_first_contact[first], pre_date, wait_date, fdate])
        kind = np.concatenate(
            [
                np.zeros(first.size),
                np.ones(pre.size),
                np.full(waiting.size, 2),
                np.full(fref.size, 3),
            ]
        ).astype(np.int8)
        ordinal = np.concatenate([np.zeros(first.size), np.ones(pre.size), np.full(waiting.size, 2),
                                  ford + 3]).astype(np.int64)  # fmt: skip
        keep = (date_ >= self.wstart) & (date_ <= self.pend)
        ref, date_, kind, ordinal = ref[keep], date_[keep], kind[keep], ordinal[keep]
        n = ref.size

        attend = np.where(
            kind == 0,
            np.where(rng.random(n) < 0.95, 0, 1),
            np.where(
                kind == 1,
                2,
                np.where(kind == 2, np.asarray([2, 3, 4])[_pick(rng, (0.6, 0.2, 0.2), n)],
                         _pick(rng, ATTEND_FOLLOW_UP_P, n)),
            ),
        )  # fmt: skip
        mech = np.where(kind == 3, _pick(rng, MECH_FOLLOW_UP_P, n), _pick(rng, MECH_FIRST_P, n))
        cm = _month70(date_)
        late = (rng.random(n) < 0.03) & (cm + 1 <= self.r_last_m[ref])
        sub_m = cm + late
        with_other = (
            self.o_has[ref]
            & ~self.o_refused[ref]
            & (date_ >= self.o_start[ref])
            & (date_ <= self.o_end[ref])
            & (rng.random(n) < 0.5)
            & (kind == 3)
        )
        self.first_contact_month = np.full(nr, -1, dtype=np.int64)
        is_first = kind == 0
        self.first_contact_month[ref[is_first]] = sub_m[is_first]

        cnum = self.r_num[ref] * 1024 + ordinal
        org = self.r_org.take(pa.array(ref))
        cid = _text(cnum)
        ucid = _join(org, cid)
        self.tables["MHS201CareContact"] = {
            **self._ref_keys(ref, sub_m),
            "ServiceRequestID": self.r_srid.take(pa.array(ref)),
            "UniqServReqID": self.r_usrid.take(pa.array(ref)),
            "CareContactID": cid,
            "UniqCareContID": ucid,
            "CareContDate": _date(date_),
            "CareContTime": pa.array(_time(rng, n)).view(pa.time64("us")),
            "AttendStatus": _codes(ATTEND_CODES, attend),
            "ConsMechanismMH": _codes(MECH_CODES, mech),
            "OtherCareProfTeamLocalID": _codes(w.team_ids, self.o_team[ref], mask=~with_other),
        }

        # Care activities on attended contacts: assessments first, then interventions.
        attended = attend <= 1
        has_act = attended & ((kind == 0) | (rng.random(n) < 0.72))
        n_act = has_act.astype(np.int64) + (has_act & (rng.random(n) < 0.18))
        c, a_ord = _expand(n_act)
        ctype = np.where(with_other[c], self.o_type[ref[c]], self.r_type[ref[c]])
        group = np.where((kind[c] == 0) & (a_ord == 0), 0, np.where(ctype == _T["D05"], 1, 2))
        # kinds: assessment, psych therapy, psychosocial, medication, never, other, IPS, none
        kind_p = np.asarray(
            [
                [0.70, 0.00, 0.05, 0.00, 0.15, 0.10, 0.00, 0.00],
                [0.00, 0.00, 0.10, 0.00, 0.10, 0.10, 0.70, 0.00],
                [0.10, 0.25, 0.22, 0.15, 0.10, 0.13, 0.00, 0.05],
            ]
        )
        akind = _pick_rows(rng, kind_p, group)
        self._activity_rows(c, a_ord, akind, ref, sub_m, org, cid, ucid, cnum)

    _KIND_CODES = (
        ASSESSMENT_CODES,
        PSYCH_THERAPY_CODES,
        PSYCHOSOCIAL_CODES,
        MEDICATION_CODES,
        NEVER_COUNT_CODES,
        OTHER_CODES,
        IPS_CODES,
        (),
    )

    def _activity_rows(
        self,
        c: np.ndarray,
        a_ord: np.ndarray,
        akind: np.ndarray,
        ref: np.ndarray,
        sub_m: np.ndarray,
        org: pa.Array,
        cid: pa.Array,
        ucid: pa.Array,
        cnum: np.ndarray,
    ) -> None:
        rng = self.rng
        n = c.size
        flat = [code for group in self._KIND_CODES for code in group]
        sizes = np.asarray([len(g) for g in self._KIND_CODES])
        offset = np.cumsum(sizes) - sizes
        none = sizes[akind] == 0
        code = offset[akind] + np.floor(rng.random(n) * np.maximum(sizes[akind], 1)).astype(
            np.int64
        )
        procedure = _codes(flat, np.where(none, 0, code), mask=none)
        qualified = rng.random(n) < 0.04
        suffix = np.where(qualified, 1 + _pick(rng, (1, 1, 1), n), 0)
        suffixes = [""] + [QUALIFIER + v for v in QUALIFIER_VALUES]
        procedure = _join(procedure, _codes(suffixes, suffix))
        take = pa.array(c)
        act = _text(cnum[c] * 4 + a_ord)
        self.activity_rows: list[ArrayMap] = [
            {
                **self._ref_keys(ref[c], sub_m[c]),
                "UniqServReqID": self.r_usrid.take(pa.array(ref[c])),
                "CareContactID": cid.take(take),
                "UniqCareContID": ucid.take(take),
                "CareActID": act,
                "UniqCareActID": _join(org.take(take), act),
                "Procedure": procedure,
            }
        ]

    # ---- outcome measures (MHS606, MHS607) -------------------------------------------
    def outcomes(self) -> None:
        rng = self.rng
        nr = self.r_num.size
        has = self.r_seen & (rng.random(nr) < _per_type("outcomes")[self.r_type])
        tool = _pick(rng, (0.45, 0.30, 0.25), nr)  # DIALOG, ReQoL-10, GBO
        goals = 1 + _pick(rng, (0.3, 0.3, 0.4), nr)
        at_first = rng.random(nr) < 0.5
        base = np.where(
            at_first,
            self.r_first_contact,
            self.r_first_contact + 1 + _lognormal_days(rng, np.full(nr, 21.0), np.full(nr, 0.8)),
        )
        has &= base <= self.r_active_end
        n_follow = np.clip((self.r_active_end - base) // 120, 0, 4)
        level = rng.standard_normal(nr)
        gain = rng.normal(0.45, 1.0, nr)
        inst_ref, k = _expand(np.where(has, 1 + n_follow, 0))
        when = base[inst_ref] + 120 * k + np.where(k > 0, rng.integers(-20, 21, k.size), 0)
        when = np.minimum(when, self.r_active_end[inst_ref])
        keep = when >= self.wstart
        inst_ref, k, when = inst_ref[keep], k[keep], when[keep]
        via_act = (k == 0) & at_first[inst_ref] & (self.first_contact_month[inst_ref] >= 0)

        # Rows: DIALOG has 11 items, ReQoL-10 one total, GBO one row per goal.
        t = tool[inst_ref]
        per = np.where(t == 0, 11, np.where(t == 1, 1, goals[inst_ref]))
        i, item = _expand(per)
        r = inst_ref[i]
        codes = (*DIALOG_ITEMS, REQOL10, *GBO_GOALS)
        code = np.where(t[i] == 0, item, np.where(t[i] == 1, 11, 12 + item))
        later = (k[i] > 0).astype(np.float64)
        noise = rng.standard_normal(i.size)
        score = np.where(
            t[i] == 0,
            np.clip(np.round(3.7 + level[r] + 0.9 * gain[r] * later + 0.8 * noise), 1, 7),
            np.where(
                t[i] == 1,
                np.clip(np.round(19 + 6 * level[r] + 5 * gain[r] * later + 3 * noise), 0, 40),
                np.clip(np.round(3 + 1.5 * level[r] + 2.5 * gain[r] * later + noise), 0, 10),
            ),
        ).astype(np.int64)
        score = np.where(rng.random(i.size) < 0.004, 99, score)  # the odd invalid score

        # Current View, which never counts as an outcome measure.
        cv = np.flatnonzero(self.r_seen & (rng.random(nr) < 0.06))
        cv_when = self.r_first_contact[cv] + rng.integers(0, 30, cv.size)
        cv_ok = (cv_when >= self.wstart) & (cv_when <= self.r_active_end[cv])
        cv, cv_when = cv[cv_ok], cv_when[cv_ok]

        direct = ~via_act[i]
        r6 = np.concatenate([r[direct], cv])
        when6 = np.concatenate([when[i][direct], cv_when])
        code6 = np.concatenate([code[direct], np.full(cv.size, len(codes))])
        score6 = np.concatenate([score[direct], rng.integers(0, 4, cv.size)])
        stamp = when6 * _DAY_US + _time(rng, r6.size)
        self.tables["MHS606CodedScoreAssessmentRefer"] = {
            **self._ref_keys(r6, _month70(when6)),
            "ServiceRequestID": self.r_srid.take(pa.array(r6)),
            "UniqServReqID": self.r_usrid.take(pa.array(r6)),
            "CodedAssToolType": _codes((*codes, CURRENT_VIEW), code6),
            "PersScore": _text(score6),
            "AssToolCompTimestamp": pa.array(stamp).view(pa.timestamp("us")),
        }

        # Assessments completed at the first contact hang off a care activity (MHS607),
        # whose MHS202 row has no procedure or an assessment procedure.
        inst7 = np.flatnonzero(via_act)
        ref7 = inst_ref[inst7]
        m7 = self.first_contact_month[ref7]
        org7 = self.r_org.take(pa.array(ref7))
        cnum7 = self.r_num[ref7] * 1024
        cid7 = _text(cnum7)
        act7 = _text(cnum7 * 4 + 3)
        proc = np.where(
            rng.random(ref7.size) < 0.3, rng.integers(0, len(ASSESSMENT_CODES), ref7.size), -1
        )
        self.activity_rows.append(
            {
                **self._ref_keys(ref7, m7),
                "UniqServReqID": self.r_usrid.take(pa.array(ref7)),
                "CareContactID": cid7,
                "UniqCareContID": _join(org7, cid7),
                "CareActID": act7,
                "UniqCareActID": _join(org7, act7),
                "Procedure": _codes(ASSESSMENT_CODES, np.maximum(proc, 0), mask=proc < 0),
            }
        )
        rows7 = np.flatnonzero(via_act[i])
        inst_of_row = np.searchsorted(inst7, i[rows7])
        take = pa.array(inst_of_row)
        self.tables["MHS607CodedScoreAssessmentAct"] = {
            **self._ref_keys(r[rows7], m7[inst_of_row]),
            "UniqServReqID": self.r_usrid.take(pa.array(r[rows7])),
            "CareActID": act7.take(take),
            "UniqCareContID": _join(org7, cid7).take(take),
            "UniqCareActID": _join(org7, act7).take(take),
            "CodedAssToolType": _codes(codes, code[rows7]),
            "PersScore": _text(score[rows7]),
        }
        self.tables["MHS202CareActivity"] = {
            name: pa.concat_arrays([rows[name] for rows in self.activity_rows])
            for name in self.activity_rows[0]
        }

    # ---- care coordination (MHS006) and care plans (MHS008, MHS009) --------------------
    def care_coordination(self) -> None:
        rng = self.rng
        nr = self.r_num.size
        eip = self.r_type == _T["A14"]
        has = self.r_seen & (eip | (rng.random(nr) < _per_type("coordinator")[self.r_type]))
        # EIP: most allocations are made at the first contact, some days later.
        eip_lag = np.where(rng.random(nr) < 0.7, 0, 1 + rng.poisson(5, nr))
        other_lag = _lognormal_days(rng, np.full(nr, 20.0), np.full(nr, 0.8))
        start = self.r_first_contact + np.where(eip, eip_lag, other_lag)
        has &= start <= self.r_active_end
        ids = np.flatnonzero(has)
        first_m = np.maximum(_month70(start[ids]), self.r_first_m[ids])
        last_m = self.r_last_m[ids].copy()
        # A few open allocations are not resubmitted in the latest month.
        dropped = self.r_open[ids] & (last_m > first_m) & (rng.random(ids.size) < 0.02)
        last_m -= dropped
        rec, m70, latest = _monthly(first_m, last_m)
        ref = ids[rec]
        ended = ~self.r_open[ref] & (m70 >= _month70(self.r_end[ref]))
        self.tables["MHS006MHCareCoord"] = {
            **self._ref_keys(ref, m70),
            "CareProfLocalID": _text(rng.integers(1, 500, ids.size)[rec], "CC"),
            "StartDateAssCareCoord": _date(start[ref]),
            "EndDateAssCareCoord": _date(self.r_end[ref], mask=~ended),
            "CareProfServOrTeamTypeAssoc": _codes(TEAM_CODES, self.r_type[ref]),
            **self._record_dates(m70, latest),
        }

    def care_plans(self) -> None:
        rng = self.rng
        nr = self.r_num.size
        has = self.r_seen & (rng.random(nr) < _per_type("plan")[self.r_type])
        created = self.r_first_contact + np.where(
            rng.random(nr) < 0.3, 0, _lognormal_days(rng, np.full(nr, 14.0), np.full(nr, 0.8))
        )
        has &= created <= self.r_active_end
        agreed = created + np.where(rng.random(nr) < 0.5, 0, rng.integers(1, 22, nr))
        has_agreed = has & (rng.random(nr) < 0.8) & (agreed <= self.r_active_end)
        plan_type = _pick(rng, (0.7, 0.2, 0.1), nr)
        agreed_by = _pick(rng, (0.75, 0.1, 0.1, 0.05), nr)
        plan_id = _text(self.r_num * 10 + 1, "CP")
        uplan_id = _join(self.r_org, plan_id)

        ids = np.flatnonzero(has)
        rec, m70, _latest = _monthly(
            np.maximum(_month70(created[ids]), self.r_first_m[ids]), self.r_last_m[ids]
        )
        ref = ids[rec]
        reviewed = created[ref] + (_month_end(m70) - created[ref]) // 91 * 91
        take = pa.array(ref)
        self.tables["MHS008CarePlanType"] = {
            **self._ref_keys(ref, m70),
            "CarePlanID": plan_id.take(take),
            "UniqCarePlanID": uplan_id.take(take),
            "CarePlanTypeMH": _codes(("10", "12", "14"), plan_type[ref]),
            "CarePlanCreatDate": _date(created[ref]),
            "CarePlanLastUpdateDate": _date(np.minimum(reviewed, self.pend)),
        }
        ids = np.flatnonzero(has_agreed)
        rec, m70, _latest = _monthly(
            np.maximum(_month70(agreed[ids]), self.r_first_m[ids]), self.r_last_m[ids]
        )
        ref = ids[rec]
        take = pa.array(ref)
        self.tables["MHS009CarePlanAgreement"] = {
            **self._ref_keys(ref, m70),
            "CarePlanID": plan_id.take(take),
            "UniqCarePlanID": uplan_id.take(take),
            "CarePlanContentAgreedBy": _codes(("10", "11", "12", "98"), agreed_by[ref]),
            "CarePlanContentAgreedDate": _date(agreed[ref]),
        }

    # ---- inpatient spells (MHS501) and indirect activity (MHS204) ----------------------
    def inpatient_spells(self) -> None:
        rng = self.rng
        nr = self.r_num.size
        has = self.r_seen & (rng.random(nr) < _per_type("inpatient")[self.r_type])
        span = np.maximum(self.r_active_end - self.r_first_contact, 1)
        start = self.r_first_contact + np.floor(rng.random(nr) * np.minimum(span, 200)).astype(
            np.int64
        )
        has &= start <= self.r_active_end
        disch = start + 1 + _lognormal_days(rng, np.full(nr, 35.0), np.full(nr, 0.8))
        disch = np.where(self.r_open, disch, np.minimum(disch, self.r_end))
        done = disch <= self.pend
        ids = np.flatnonzero(has)
        first_m = np.maximum(_month70(start[ids]), self.r_first_m[ids])
        last_m = np.where(done[ids], _month70(disch[ids]), self.r_last_m[ids])
        rec, m70, latest = _monthly(first_m, last_m)
        ref = ids[rec]
        org = self.r_org.take(pa.array(ref))
        spell = _text(self.r_num[ref], "HS")
        self.tables["MHS501HospProvSpell"] = {
            **self._ref_keys(ref, m70),
            "ServiceRequestID": self.r_srid.take(pa.array(ref)),
            "UniqServReqID": self.r_usrid.take(pa.array(ref)),
            "HospProvSpellID": spell,
            "UniqHospProvSpellID": _join(org, spell),
            "StartDateHospProvSpell": _date(start[ref]),
            "DischDateHospProvSpell": _date(disch[ref], mask=~(latest & done[ref])),
        }

    def indirect_activity(self) -> None:
        rng = self.rng
        lo = np.maximum(self.r_first_contact, self.wstart)
        span = np.where(self.r_seen, self.r_active_end - lo + 1, 0).clip(0)
        ref, _k = _expand(rng.poisson(0.3 * span / 30.44))
        when = lo[ref] + np.floor(rng.random(ref.size) * span[ref]).astype(np.int64)
        take = pa.array(ref)
        self.tables["MHS204IndirectActivity"] = {
            **self._ref_keys(ref, _month70(when)),
            "ServiceRequestID": self.r_srid.take(take),
            "UniqServReqID": self.r_usrid.take(take),
            "IndirectActDate": _date(when),
            "IndirectActTime": pa.array(_time(rng, ref.size)).view(pa.time64("us")),
            "IndActProcedure": _codes(INDIRECT_CODES, _pick(rng, (0.4, 0.3, 0.2, 0.1), ref.size)),
        }

    # ---- person-level records (MHS001, MHS002) ---------------------------------------
    def person_records(self) -> None:
        w = self.w
        nm = w.month70.size
        rec, m70 = self.ref_rows
        # A person has an MPI row at a provider in every month with any of their records;
        # every other record falls inside a month of one of their referrals.
        key = ((self.r_person[rec] * 2 + self.r_slot[rec]) * nm + (m70 - self.m0)).astype(np.int64)
        seen = np.zeros(self.n * 2 * nm, dtype=bool)
        seen[key] = True
        key = np.flatnonzero(seen)
        ps, month_i = np.divmod(key, nm)
        person, slot = np.divmod(ps, 2)
        latest = np.ones(key.size, dtype=bool)
        latest[:-1] = ps[1:] != ps[:-1]
        m70 = self.m0 + month_i
        la = np.where(self.la_kind[person] == 1, 0, self.la_index[person])
        la_text = pc.if_else(
            pa.array(self.la_kind[person] == 1),
            _codes(WELSH_LAS, np.where(self.la_kind[person] == 1, self.la_index[person], 0)),
            _codes(w.la, la, mask=self.la_kind[person] == 2),
        )
        local_id = _text(self.first + person, "LP")
        self.tables["MHS001MPI"] = {
            **self._keys(person, slot, m70),
            "LocalPatientID": local_id,
            "AgeRepPeriodEnd": pa.array(_age(_month_end(m70), self.birth[person])),
            "LADistrictAuth": la_text,
            "OrgIDSubICBLocResidence": _codes(w.sub_icb, self.sub[person]),
            **self._record_dates(m70, latest),
            "Gender": _codes(GENDER_CODES, self.gender[person]),
            "GenderIDCode": _codes(
                GENDER_ID_CODES, self.gender_id[person], mask=self.gender_id_null[person]
            ),
            "EthnicCategory": _codes((*ETHNIC_CODES, "Z", "99"), self.ethnicity[person]),
            "LSOA2011": _codes(w.lsoa, self.lsoa[person]),
        }

        # GP registrations: the current one, and for some people an ended earlier one.
        mpi, which = _expand(self.has_gp[person].astype(np.int64) + self.has_previous[person])
        p = person[mpi]
        previous = (which == 1) | ~self.has_gp[p]
        unreg = np.where(previous, 0, self.unregistered[p])
        practice = np.where(previous, self.previous[p], self.practice[p])
        gp_code = pc.if_else(
            pa.array(unreg > 0),
            _codes(("", "V81999", "V81998", "V81997"), unreg),
            _codes(w.practices, practice),
        )
        gp_sub = np.where(previous, self.sub[p], self.practice_sub[p])
        self.tables["MHS002GP"] = {
            **self._keys(p, slot[mpi], m70[mpi]),
            "GMPReg": gp_code,
            "EndDateGMPRegistration": _date(self.previous_end[p], mask=~previous),
            "OrgIDSubICBLocGP": _codes(w.sub_icb, gp_sub, mask=unreg > 0),
        }

    def build(self, schemas: dict[str, pa.Schema]) -> dict[str, pa.Table]:
        self.people()
        self.referrals()
        self.other_teams()
        self.contacts()
        self.outcomes()
        self.care_coordination()
        self.care_plans()
        self.inpatient_spells()
        self.indirect_activity()
        self.person_records()
        out = {}
        for name, cols in self.tables.items():
            schema = schemas[name]
            out[name] = pa.Table.from_arrays([cols[f.name] for f in schema], schema=schema)
        return out


# --------------------------------------------------------------------------------------
# Reference tables and writing
# --------------------------------------------------------------------------------------


def _reference_tables(w: World) -> dict[str, pa.Table]:
    effective = date(2024, 4, 1)
    refsets = (
        (REFSET_ASSESSMENT, ASSESSMENT_CODES + ("11429006",)),
        (REFSET_PSYCH_THERAPY, PSYCH_THERAPY_CODES),
        (REFSET_PSYCHOSOCIAL, PSYCHOSOCIAL_CODES + ("975131000000104",)),
        (REFSET_MEDICATION, MEDICATION_CODES + ("2386021000000108",)),
    )
    members = [(refset, code) for refset, codes in refsets for code in codes]
    dialog = (
        "mental health", "physical health", "job situation", "accommodation",
        "leisure activities", "friendships", "relationship with partner or family",
        "personal safety", "medication", "practical help", "meetings with professionals",
    )  # fmt: skip
    tools = [
        (c, f"DIALOG item {i + 1}: {d}", 1)
        for i, (c, d) in enumerate(zip(DIALOG_ITEMS, dialog, strict=True))
    ]
    tools.append((REQOL10, "ReQoL-10 total score", 1))
    tools += [(c, f"Goal Based Outcomes goal {i + 1}", 1) for i, c in enumerate(GBO_GOALS)]
    tools.append((CURRENT_VIEW, "Current View", 0))
    return {
        "reference/snomed_refset_members": pa.table(
            {
                "RefSetID": [m[0] for m in members],
                "ReferencedComponentID": [m[1] for m in members],
                "Active": pa.array([1] * len(members), pa.int32()),
                "EffectiveTime": pa.array([effective] * len(members), pa.date32()),
            }
        ),
        "reference/coded_assessment_tools": pa.table(
            {
                "CodedAssToolType": [t[0] for t in tools],
                "ToolName": [t[1] for t in tools],
                "CountsAsOutcome": pa.array([t[2] for t in tools], pa.int32()),
            }
        ),
        "reference/org_sub_icb_hierarchy": w.hierarchy,
        "reference/providers": pa.table(
            {"OrgIDProv": w.providers, "ProviderName": w.provider_names}
        ),
        "reference/imd_by_lsoa": pa.table(
            {"LSOA2011": w.lsoa, "IMD_Decile": pa.array(w.lsoa_decile, pa.int32())}
        ),
    }


def _header(w: World) -> pa.Table:
    prov = np.tile(np.arange(len(w.providers)), w.month70.size)
    m70 = np.repeat(w.month70, len(w.providers))
    return pa.table(
        {
            "UniqMonthID": pa.array(w.uniq_month(m70)),
            "OrgIDProvider": _codes(w.providers, prov),
            "ReportingPeriodStartDate": _date(_month_start(m70)),
            "ReportingPeriodEndDate": _date(_month_end(m70)),
        }
    )


def _progress(total: int, enabled: bool) -> Callable[[int], None] | None:
    if not enabled:
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, unit=" people", unit_scale=True, desc="synthesising", leave=True)

    def advance(k: int) -> None:
        bar.update(k)
        if bar.n >= total:
            bar.close()

    return advance


# Identifier columns with a new value on almost every row: dictionary encoding only costs.
_UNIQUE_IDS = frozenset(
    {
        "RecordNumber", "Person_ID", "LocalPatientID", "ServiceRequestID", "UniqServReqID",
        "CareContactID", "UniqCareContID", "CareActID", "UniqCareActID", "CarePlanID",
        "UniqCarePlanID", "HospProvSpellID", "UniqHospProvSpellID",
    }
)  # fmt: skip

_WORKER: tuple[World, dict[str, pa.Schema], int] | None = None


def _start_worker(seed: int, months: int, period_end: date) -> None:
    global _WORKER
    _WORKER = (_build_world(seed, months, period_end), _table_schemas(), seed)


def _worker_chunk(job: tuple[int, int, int]) -> dict[str, pa.Table]:
    assert _WORKER is not None
    world, schemas, seed = _WORKER
    index, first, n = job
    return _Chunk(world, seed, index, first, n).build(schemas)


def _worker_chunk_to_file(job: tuple[int, int, int], spool: str) -> str:
    """Generate a chunk and spool it to an Arrow IPC file (far cheaper than a pipe)."""
    tables = _worker_chunk(job)
    path = Path(spool) / f"chunk-{job[0]:06d}.arrow"
    with pa.OSFile(str(path), "wb") as sink:
        for name, table in tables.items():
            # One IPC stream per table, named in its schema metadata.
            with pa.ipc.new_stream(sink, table.schema.with_metadata({"table": name})) as out:
                out.write_table(table)
    return str(path)


def _read_spooled(path: str) -> dict[str, pa.Table]:
    tables: dict[str, pa.Table] = {}
    with pa.memory_map(path) as source:
        while source.tell() < source.size():
            reader = pa.ipc.open_stream(source)
            table = reader.read_all()
            name = table.schema.metadata[b"table"].decode()
            tables[name] = table.replace_schema_metadata(None)
    os.unlink(path)
    return tables


def _generate(
    jobs: list[tuple[int, int, int]],
    seed: int,
    months: int,
    period_end: date,
    workers: int | None,
    spool: Path,
) -> Iterator[dict[str, pa.Table]]:
    """The chunks' tables, in order; generated in worker processes when there are several."""
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    if len(jobs) == 1 or workers <= 1:
        _start_worker(seed, months, period_end)
        for job in jobs:
            yield _worker_chunk(job)
        return
    spool.mkdir(exist_ok=True)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker,
        initargs=(seed, months, period_end),
    ) as pool:  # fmt: skip
        # At most one chunk waits per worker, which bounds memory.
        pending: deque[Future[str]] = deque()
        queue = iter(jobs)
        for job in queue:
            pending.append(pool.submit(_worker_chunk_to_file, job, str(spool)))
            if len(pending) >= workers:
                break
        while pending:
            tables = _read_spooled(pending.popleft().result())
            job_next = next(queue, None)
            if job_next is not None:
                pending.append(pool.submit(_worker_chunk_to_file, job_next, str(spool)))
            yield tables


def write_extract(
    out_dir: Path,
    people: int,
    months: int = 15,
    period_end: date = DEFAULT_PERIOD_END,
    seed: int = 1,
    progress: bool = True,
    chunk_people: int = CHUNK_PEOPLE,
    workers: int | None = None,
) -> dict[str, int]:
    """Write a synthetic MHSDS v6 extract of `people` people to `out_dir`.

    The extract covers the `months` months ending with the month of `period_end` (which
    should be a month end). One `<TableName>.parquet` per contract table and the
    reference tables in `reference/` are written; the same arguments always give
    byte-identical files. Returns the number of rows written to each table.

    Chunks of `chunk_people` people are generated in `workers` processes (default: up
    to two, the machine's cores permitting) while this process writes them in order.
    """
    if people < 1:
        raise ValueError("people must be at least 1")
    if months < 1:
        raise ValueError("months must be at least 1")
    out_dir = Path(out_dir)
    (out_dir / "reference").mkdir(parents=True, exist_ok=True)
    schemas = _table_schemas()
    world = _build_world(seed, months, period_end)
    counts: dict[str, int] = {}

    def write_whole(name: str, table: pa.Table) -> None:
        table = table.select(schemas[name].names).cast(schemas[name])
        pq.write_table(table, out_dir / f"{name}.parquet")
        counts[name] = table.num_rows

    write_whole("MHS000Header", _header(world))
    write_whole("MHS902ServiceTeamDetails", world.team_rows)
    for name, table in _reference_tables(world).items():
        write_whole(name, table)

    streamed = [n for n in schemas if not n.startswith("reference/") and n not in counts]
    writers = {
        name: pq.ParquetWriter(
            out_dir / f"{name}.parquet",
            schemas[name],
            compression="snappy",
            use_dictionary=[f.name for f in schemas[name] if f.name not in _UNIQUE_IDS],
        )
        for name in streamed
    }
    counts.update({name: 0 for name in streamed})
    advance = _progress(people, progress)
    spool = out_dir / ".spool"
    jobs = [
        (index, first, min(chunk_people, people - first))
        for index, first in enumerate(range(0, people, chunk_people))
    ]
    try:
        for tables, (_index, _first, n) in zip(
            _generate(jobs, seed, months, period_end, workers, spool), jobs, strict=True
        ):
            for name, table in tables.items():
                if table.num_rows:
                    writers[name].write_table(table, row_group_size=table.num_rows)
                counts[name] += table.num_rows
            del tables
            if advance is not None:
                advance(n)
    finally:
        for writer in writers.values():
            writer.close()
        shutil.rmtree(spool, ignore_errors=True)
    return {name.removeprefix("reference/"): counts[name] for name in schemas}
