"""Paired patient-reported outcome measures: DIALOG items, ReQoL-10 and GBO goals.

For each referral and tool item, the baseline is the first valid score and the follow-up
the latest score on a later date. A pair counts in the rolling 12 months when its
follow-up is in the window. Change of at least the reliable change index (RCI) is an
improvement (or deterioration); ReQoL-10 also reports reliable recovery (from below the
clinical cut-off of 25 to 25 or more, with reliable improvement). These have no official
measure ids: OpenCMH ids are documented in docs/measures.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import ibis
import ibis.expr.types as ir

from opencmh.measures.definitions.base import COUNT, PERCENT, ROLLING_12, Family, Measure
from opencmh.measures.definitions.prep import Prepared, days_between


@dataclass(frozen=True)
class Item:
    """One scored item of an outcome tool."""

    key: str
    label: str
    code: str
    low: int
    high: int
    rci: int


DIALOG_CODES = (
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
DIALOG_LABELS = (
    "mental health",
    "physical health",
    "job situation",
    "accommodation",
    "leisure activities",
    "friendships",
    "relationship with partner or family",
    "personal safety",
    "medication",
    "practical help",
    "meetings with professionals",
)
GBO_CODES = ("1638531000000102", "1638541000000106", "1638551000000109")
REQOL_CODE = "1091071000000100"
REQOL_CUT_OFF = 25
# Days are counted from this date, and a score is packed with its day as day x SCORE_SPAN
# + score (every item's scores lie in 0..SCORE_SPAN - 1).
EPOCH = date(1900, 1, 1)
SCORE_SPAN = 128

ITEMS: tuple[Item, ...] = (
    *(
        Item(f"DIALOG{i + 1:02d}", f"DIALOG item {i + 1} ({label})", code, 1, 7, 1)
        for i, (code, label) in enumerate(zip(DIALOG_CODES, DIALOG_LABELS, strict=True))
    ),
    Item("REQOL10", "ReQoL-10 total", REQOL_CODE, 0, 40, 5),
    *(
        Item(f"GBO{i + 1}", f"Goal Based Outcome goal {i + 1}", code, 0, 10, 3)
        for i, code in enumerate(GBO_CODES)
    ),
)


assert all(0 <= i.low <= i.high < SCORE_SPAN for i in ITEMS)


def _day(d: date) -> int:
    """`d` as a day number counted from EPOCH."""
    return (d - EPOCH).days


def _scores(prep: Prepared) -> ir.Table:
    """Every valid score with its referral, person, provider and date."""
    a606 = prep.table("MHS606CodedScoreAssessmentRefer")
    a606 = a606.select(
        "Person_ID",
        "OrgIDProv",
        "UniqServReqID",
        "CodedAssToolType",
        "PersScore",
        Day=a606.AssToolCompTimestamp.date(),
    )
    # Scores in care activities take their date from the care contact.
    a607 = prep.activity_scores.select(
        "Person_ID",
        "OrgIDProv",
        "UniqServReqID",
        "CodedAssToolType",
        "PersScore",
        Day=ibis._.CareContDate,
    )
    s = a606.union(a607, distinct=False)
    items = prep.extract.small_table(
        "opencmh_prom_items",
        {
            "CodedAssToolType": [i.code for i in ITEMS],
            "Item": [i.key for i in ITEMS],
            "Low": [i.low for i in ITEMS],
            "High": [i.high for i in ITEMS],
        },
        {"CodedAssToolType": "string", "Item": "string", "Low": "int64", "High": "int64"},
    )
    s = s.join(items, "CodedAssToolType")
    # Whole-number scores only: "7", "07" and "7.0" are read as 7; anything else is invalid.
    # Each distinct text is parsed once, not once per row.
    texts = s.select("PersScore").filter(ibis._.PersScore.notnull()).distinct()
    texts = texts.mutate(Score=texts.PersScore.strip().try_cast("float64"))
    texts = texts.filter(texts.Score.notnull(), texts.Score == texts.Score.floor())
    s = s.join(texts, "PersScore")
    s = s.filter(
        s.Day.notnull(),
        s.UniqServReqID.notnull(),
        s.Score >= s.Low,
        s.Score <= s.High,
    )
    return s.select(
        "Person_ID", "OrgIDProv", "UniqServReqID", "Item", "Day", Score=s.Score.cast("int64")
    )


def units(prep: Prepared) -> ir.Table:
    """One row per referral with paired scores, one column set per item."""
    window = prep.period.rolling_12
    s = _scores(prep).filter(ibis._.Day <= prep.period.end)
    keys = ["UniqServReqID", "Item"]
    # Days as whole numbers, and each score packed with its day (day x 128 + score, as
    # scores run from 0 to 40): the lowest packed value is the lowest score on the first
    # day, the highest the highest score on the last day. Plain integer minimums and
    # maximums, one pass per referral and item.
    day = days_between(s.Day, ibis.literal(EPOCH))
    packed = day * SCORE_SPAN + s.Score
    p = s.group_by(keys).agg(
        BaseDay=day.min(), BaseKey=packed.min(), FollowDay=day.max(), FollowKey=packed.max()
    )
    p = p.filter(
        p.FollowDay > p.BaseDay,
        p.FollowDay.between(_day(window.start), _day(window.end)),
    )
    p = p.select(
        *keys,
        "FollowDay",
        Base=p.BaseKey - p.BaseDay * SCORE_SPAN,
        Follow=p.FollowKey - p.FollowDay * SCORE_SPAN,
    )
    # The person and provider come from the follow-up day's rows (the highest code, so
    # the same on every engine), over every paired item of the referral.
    last = s.select(*keys, "Person_ID", "OrgIDProv", FollowDay=day)
    last = last.semi_join(p, [*keys, "FollowDay"])
    who = last.group_by("UniqServReqID").agg(
        Person_ID=last.Person_ID.max(), OrgIDProv=last.OrgIDProv.max()
    )
    rci = ibis.cases(*((p.Item == i.key, i.rci) for i in ITEMS), else_=0)
    change = p.Follow - p.Base
    p = p.mutate(
        Improved=change >= rci,
        Deteriorated=change <= -rci,
        Recovered=(p.Item == "REQOL10")
        & (p.Base < REQOL_CUT_OFF)
        & (p.Follow >= REQOL_CUT_OFF)
        & (change >= rci),
    )
    flags = {}
    for item in ITEMS:
        is_item = p.Item == item.key
        flags[f"{item.key}_PAIRED"] = is_item.any()
        flags[f"{item.key}_IMPROVED"] = (is_item & p.Improved).any()
        flags[f"{item.key}_NO_CHANGE"] = (is_item & ~p.Improved & ~p.Deteriorated).any()
        flags[f"{item.key}_DETERIORATED"] = (is_item & p.Deteriorated).any()
    flags["REQOL10_RECOVERED"] = p.Recovered.any()
    flags["REQOL10_CLINICAL_BASELINE"] = ((p.Item == "REQOL10") & (p.Base < REQOL_CUT_OFF)).any()
    per_ref = p.group_by("UniqServReqID").agg(**flags)
    per_ref = per_ref.join(who, "UniqServReqID")
    return per_ref.select("Person_ID", "OrgIDProv", *flags)


def _measures() -> tuple[Measure, ...]:
    ms: list[Measure] = []
    for item in ITEMS:
        pid = f"OCMH_PROMS_{item.key}"
        what = f"referrals with a paired {item.label} score"
        ms.append(
            Measure(
                f"{pid}_PAIRED", f"Number of {what}", ROLLING_12, COUNT, flag=f"{item.key}_PAIRED"
            )
        )
        for outcome, words in (
            ("IMPROVED", "reliably improved"),
            ("NO_CHANGE", "no reliable change"),
            ("DETERIORATED", "reliably deteriorated"),
        ):
            ms.append(
                Measure(
                    f"{pid}_{outcome}",
                    f"Number of {what}: {words}",
                    ROLLING_12,
                    COUNT,
                    flag=f"{item.key}_{outcome}",
                )
            )
        ms.append(
            Measure(
                f"{pid}_IMPROVED_PCT",
                f"Proportion of {what} that reliably improved",
                ROLLING_12,
                PERCENT,
                numerator=f"{pid}_IMPROVED",
                denominator=f"{pid}_PAIRED",
            )
        )
        if item.key == "REQOL10":
            ms.append(
                Measure(
                    f"{pid}_CLINICAL_BASELINE",
                    f"Number of {what} starting below the clinical cut-off",
                    ROLLING_12,
                    COUNT,
                    flag="REQOL10_CLINICAL_BASELINE",
                )
            )
            ms.append(
                Measure(
                    f"{pid}_RECOVERED",
                    f"Number of {what}: reliable recovery",
                    ROLLING_12,
                    COUNT,
                    flag="REQOL10_RECOVERED",
                )
            )
            ms.append(
                Measure(
                    f"{pid}_RECOVERED_PCT",
                    f"Proportion of {what} starting below the cut-off that reliably recovered",
                    ROLLING_12,
                    PERCENT,
                    numerator=f"{pid}_RECOVERED",
                    denominator=f"{pid}_CLINICAL_BASELINE",
                )
            )
    return tuple(ms)


FAMILY = Family("paired outcome measures", _measures(), units)
