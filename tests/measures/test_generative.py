"""Generative test: random valid extracts give identical output on DuckDB and Spark.

Each example combines several random sub-extracts (each at its own provider) so one Spark
run checks many random cases. OPENCMH_GENERATIVE_EXAMPLES raises the number of examples.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opencmh.measures.engines import run_measures

from .conftest import ExtractBuilder, month_id
from .scenarios import ALL, PERIOD_END, REQOL

EXAMPLES = int(os.environ.get("OPENCMH_GENERATIVE_EXAMPLES", "2"))
START = date(2023, 11, 1)
DAYS = (PERIOD_END - START).days

contact = st.tuples(
    st.integers(0, DAYS),
    st.sampled_from(["5", "6", "7", "3", "2"]),
    st.sampled_from(["01", "02", "04", "11", "05", "09", "10", "98"]),
    st.booleans(),  # submitted a month late
)
case = st.fixed_dictionaries(
    {
        "team_type": st.sampled_from(["A06", "A08", "C10", "A14", "D05", "A02"]),
        "age": st.integers(15, 70),
        "la": st.sampled_from(["E09000001", "W06000001", None, ""]),
        "received": st.integers(0, DAYS),
        "length": st.integers(0, 500),
        "discharged": st.booleans(),
        "reason": st.sampled_from(["01", "04"]),
        "contacts": st.lists(contact, max_size=4),
        "allocation": st.one_of(st.none(), st.tuples(st.integers(0, 60), st.booleans())),
        "scores": st.lists(st.tuples(st.integers(0, DAYS), st.integers(0, 40)), max_size=3),
        "inpatient": st.booleans(),
        "gender": st.sampled_from(["1", "2", "9", "X", None]),
        "ethnicity": st.sampled_from(["A", "H", "M", "Z", "99", None]),
    }
)


def _day(offset: int) -> date:
    return START + timedelta(days=offset)


def build(cases: list[dict], path: Path) -> Path:
    b = ExtractBuilder()
    for i, c in enumerate(cases):
        prov, person = f"G{i:02d}", f"GP{i % 5}"  # people repeat across providers
        b.person(person, LADistrictAuth=c["la"], Gender=c["gender"], EthnicCategory=c["ethnicity"])
        b.team(prov, "T1", c["team_type"], ALL)
        received = _day(c["received"])
        end = min(received + timedelta(days=c["length"]), PERIOD_END)
        first, last = month_id(received), month_id(end)
        disch = end if c["discharged"] and end < PERIOD_END else None
        ref = b.referral(
            person,
            prov,
            "R",
            "T1",
            received,
            range(first, last),
            age=c["age"],
            PrimReasonReferralMH=c["reason"],
        )
        b.referral(
            person,
            prov,
            "R",
            "T1",
            received,
            [last],
            age=c["age"],
            PrimReasonReferralMH=c["reason"],
            ServDischDate=disch,
        )
        for offset, attend, mech, late in c["contacts"]:
            d = _day(offset)
            m = min(month_id(d) + (1 if late else 0), month_id(PERIOD_END))
            b.contact(person, prov, ref, d, month=m, attend=attend, mech=mech)
        if c["allocation"] is not None:
            delay, open_ = c["allocation"]
            start = received + timedelta(days=delay)
            if start <= PERIOD_END:
                b.keyed(
                    "MHS006MHCareCoord",
                    person,
                    prov,
                    month_id(start) if not open_ else last,
                    StartDateAssCareCoord=start,
                    EndDateAssCareCoord=None if open_ else start + timedelta(days=30),
                    CareProfServOrTeamTypeAssoc="A14",
                )
        for offset, score in c["scores"]:
            d = _day(offset)
            b.keyed(
                "MHS606CodedScoreAssessmentRefer",
                person,
                prov,
                month_id(d),
                UniqServReqID=ref,
                CodedAssToolType=REQOL,
                PersScore=str(score),
                AssToolCompTimestamp=datetime.combine(d, datetime.min.time()),
            )
        if c["inpatient"]:
            b.keyed(
                "MHS501HospProvSpell",
                person,
                prov,
                first,
                UniqServReqID=ref,
                UniqHospProvSpellID=prov + "H",
                StartDateHospProvSpell=received,
            )
    return b.write(path)


@pytest.mark.spark
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases=st.lists(case, min_size=4, max_size=10))
def test_duckdb_and_spark_agree(spark, cases):
    with tempfile.TemporaryDirectory() as tmp:
        path = build(cases, Path(tmp))
        duck = run_measures(path, PERIOD_END, "duckdb")
        sparked = run_measures(path, PERIOD_END, "spark", spark_session=spark)
    assert len(duck) > 0
    assert duck.to_dict("records") == sparked.to_dict("records")
