"""Spec tests: each scenario in scenarios.py, one measure, the expected value, both engines."""

from __future__ import annotations

import pytest

from opencmh.measures.engines import run_measures

from .conftest import value
from .scenarios import PERIOD_END, build_all

ENGINES = ["duckdb", pytest.param("spark", marks=pytest.mark.spark)]


@pytest.fixture(scope="module")
def extract_path(tmp_path_factory):
    return build_all().write(tmp_path_factory.mktemp("scenarios"))


_results: dict[str, object] = {}


@pytest.fixture(scope="module", params=ENGINES)
def results(request, extract_path):
    engine = request.param
    if engine not in _results:
        session = request.getfixturevalue("spark") if engine == "spark" else None
        _results[engine] = run_measures(extract_path, PERIOD_END, engine, spark_session=session)
    return _results[engine]


def provider(frame, measure, prov):
    return value(frame, measure, "Provider", prov)


@pytest.mark.parametrize(
    "prov, expected, rule",
    [
        ("P108A", 1, "two direct contacts on one referral"),
        ("P108B", 0, "one contact is not enough"),
        ("P108C", 0, "attend code 7 (late, not seen) is not attended"),
        ("P108D", 1, "attend code 6 (late but seen) is attended"),
        ("P108E", 0, "mechanism 05 (email) is not direct"),
        ("P108F", 1, "mechanism 11 (video) is direct"),
        ("P108G", 0, "aged 17 at referral"),
        ("P108H", 1, "aged 18 at referral"),
        ("P108I", 0, "Welsh resident"),
        ("P108J", 1, "blank local authority counts as England"),
        ("P108K", 0, "hospital spell in the same financial year"),
        ("P108L", 1, "hospital spell in an earlier financial year"),
        ("P108M", 1, "contact dated before the window but submitted inside it"),
        ("P108N", 0, "contact dated and submitted before the window"),
        ("P108O", 1, "one contact counted twice through an MHS102 in-scope team"),
        ("P108P", 0, "team type is looked up per provider (crisis team here)"),
    ],
)
def test_mhs108(results, prov, expected, rule):
    assert provider(results, "MHS108", prov) == expected, rule


@pytest.mark.parametrize(
    "prov, mrs01, mrs01a, rule",
    [
        ("PW01", 1, 1, "clock stops on day 28"),
        ("PW02", 1, 0, "clock stops on day 29"),
        ("PW03", 0, 0, "no meaningful assessment for a spell from April 2024"),
        ("PW04", 1, 0, "assessment waived: spell and first contact before April 2024"),
        ("PW05", 0, 0, "assessment needed: first contact after April 2024"),
        ("PW06", 1, 0, "a 5-day gap merges the referrals into one spell (34 days)"),
        ("PW07", 1, 1, "a 6-day gap starts a new spell (20 days)"),
        ("PW08", 0, 0, "any hospital spell removes the referral"),
    ],
)
def test_four_week_wait_clock(results, prov, mrs01, mrs01a, rule):
    assert provider(results, "MRS01", prov) == mrs01, rule
    assert provider(results, "MRS01a", prov) == mrs01a, rule


def test_four_week_wait_percentage(results):
    assert provider(results, "MRS01b", "PW01") == 100.0
    assert provider(results, "MRS01b", "PW02") == 0.0
    assert provider(results, "MRS01b", "PW03") is None  # denominator 0: omitted


def test_still_waiting_uses_latest_record_version(results):
    assert provider(results, "OCMH_4WW_WAITING", "PW03") == 1
    assert provider(results, "OCMH_4WW_WAITING", "PW09") == 0


def test_long_waits(results):
    # Referred 2023-12-01: 486 days (69 weeks) at 2025-03-31.
    assert provider(results, "MRS02a", "PW10") == 1
    assert provider(results, "MRS02b", "PW10") == 0
    assert provider(results, "MRS02d", "PW10") == 100.0
    assert provider(results, "MRS02e", "PW10") == 0.0


def test_waiting_for_second_contact_quantiles(results):
    # Waits of 10, 20 and 50 days: continuous median 20, 90th percentile 20 + 0.8 x 30.
    assert provider(results, "MRS03", "PW11") == 3
    assert provider(results, "MRS03a", "PW11") == 20.0
    assert provider(results, "MRS03b", "PW11") == 44.0
    assert provider(results, "MRS03a", "PW03") == 88.0


@pytest.mark.parametrize(
    "prov, expected, rule",
    [
        ("PE01", {"EIP23a": 1, "EIP23b": 1, "EIP23c": 0}, "clock stops on day 14"),
        ("PE02", {"EIP23a": 1, "EIP23b": 0, "EIP23c": 1}, "clock stops on day 15"),
        ("PE03", {"EIP23a": 0}, "open allocation not resubmitted in the final month"),
        ("PE04", {"EIP23a": 1, "EIP23b": 1}, "open allocation submitted in the final month"),
        ("PE05", {"EIP23d": 1, "EIP23e": 1, "EIP23f": 0}, "waiting 11 days"),
        ("PE06", {"EIP23d": 1, "EIP23e": 0, "EIP23f": 1, "EIP23j": 100.0}, "waiting 30 days"),
        ("PE07", {"EIP23a": 0, "EIP23d": 0}, "reason 02 is not first episode psychosis"),
        ("PE08", {"EIP23a": 1}, "no age filter"),
        ("PE09", {"EIP23a": 1}, "no residence filter"),
    ],
)
def test_eip(results, prov, expected, rule):
    got = {m: provider(results, m, prov) for m in expected}
    assert got == expected, rule


def test_eip_percentage_in_two_weeks(results):
    assert provider(results, "EIP23i", "PE01") == 100.0
    assert provider(results, "EIP23i", "PE02") == 0.0


@pytest.mark.parametrize(
    "prov, mhs116, fytd, rule",
    [
        ("PI01", 1, 1, "referred to an IPS team (D05)"),
        ("PI02", 1, 1, "IPS SNOMED procedure on a direct contact"),
        ("PI03", 0, 0, "only contact before the window"),
        ("PI04", 1, 0, "first contact in the previous financial year"),
        ("PI05", 1, 1, "no age filter"),
    ],
)
def test_ips(results, prov, mhs116, fytd, rule):
    assert provider(results, "MHS116", prov) == mhs116, rule
    assert provider(results, "OCMH_IPS_FYTD", prov) == fytd, rule


@pytest.mark.parametrize(
    "prov, measure, expected",
    [
        ("PR01", "OCMH_PROMS_REQOL10_PAIRED", 1),
        ("PR01", "OCMH_PROMS_REQOL10_IMPROVED", 1),
        ("PR01", "OCMH_PROMS_REQOL10_RECOVERED", 1),
        ("PR02", "OCMH_PROMS_REQOL10_NO_CHANGE", 1),
        ("PR02", "OCMH_PROMS_REQOL10_RECOVERED", 0),
        ("PR03", "OCMH_PROMS_REQOL10_IMPROVED", 0),
        ("PR03", "OCMH_PROMS_REQOL10_RECOVERED", 0),
        ("PR03", "OCMH_PROMS_REQOL10_CLINICAL_BASELINE", 1),
        ("PR04", "OCMH_PROMS_DIALOG01_IMPROVED", 1),
        ("PR05", "OCMH_PROMS_GBO1_DETERIORATED", 1),
        ("PR06", "OCMH_PROMS_GBO1_PAIRED", 0),
    ],
)
def test_proms(results, prov, measure, expected):
    assert provider(results, measure, prov) == expected


def test_layout_and_order(results):
    from opencmh.measures.output import COLUMNS

    assert list(results.columns) == COLUMNS
    assert results.iloc[0].MEASURE_ID == "MHS108"
    assert results.iloc[0].BREAKDOWN == "England"
    assert set(results.REPORTING_PERIOD_END) == {"2025-03-31"}
    mhs108 = results[results.MEASURE_ID == "MHS108"]
    assert set(mhs108.REPORTING_PERIOD_START) == {"2024-04-01"}
