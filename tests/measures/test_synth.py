"""The synthetic extract generator: contract shape, determinism, record rules, calibration."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from opencmh.measures import contract
from opencmh.measures.synth import write_extract

PERIOD_END = date(2025, 3, 31)


def _digest(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*.parquet"))
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 people over six months, in several chunks."""
    out = tmp_path_factory.mktemp("synth-small")
    write_extract(out, 2_000, months=6, period_end=PERIOD_END, seed=7, progress=False,
                  chunk_people=700, workers=1)  # fmt: skip
    return out


@pytest.fixture(scope="module")
def moderate(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    """30,000 people over 15 months, as views in DuckDB for calibration checks."""
    out = tmp_path_factory.mktemp("synth-moderate")
    write_extract(out, 30_000, period_end=PERIOD_END, seed=3, progress=False)
    return _con(out)


def test_every_contract_table_is_written_with_the_contract_types(small: Path) -> None:
    for table in contract.TABLES.values():
        path = small / f"{table.relpath}.parquet"
        assert path.exists(), table.relpath
        schema = pq.read_schema(path)
        assert schema.names == table.column_names, table.name
        for col in table.columns:
            assert schema.field(col.name).type == contract.ARROW_TYPES[col.type], (
                f"{table.name}.{col.name}"
            )


def test_row_counts_are_returned_for_every_table(tmp_path: Path) -> None:
    counts = write_extract(tmp_path, 300, months=3, progress=False)
    assert set(counts) == set(contract.TABLES)
    for name, n in counts.items():
        table = contract.TABLES[name]
        assert pq.read_metadata(tmp_path / f"{table.relpath}.parquet").num_rows == n
    assert counts["MHS101Referral"] > 300
    assert counts["MHS201CareContact"] > counts["MHS101Referral"]


def test_the_extract_passes_contract_validation(small: Path) -> None:
    problems = contract.validate(small)
    assert [str(p) for p in problems] == []


def test_same_seed_gives_byte_identical_files(small: Path, tmp_path: Path) -> None:
    # Generated in parallel worker processes this time: the bytes must not change.
    write_extract(tmp_path, 2_000, months=6, period_end=PERIOD_END, seed=7, progress=False,
                  chunk_people=700, workers=2)  # fmt: skip
    assert _digest(tmp_path) == _digest(small)


def test_different_seeds_give_different_data(small: Path, tmp_path: Path) -> None:
    write_extract(tmp_path, 2_000, months=6, period_end=PERIOD_END, seed=8, progress=False,
                  chunk_people=700, workers=1)  # fmt: skip
    ours, theirs = _digest(small), _digest(tmp_path)
    assert ours["MHS201CareContact.parquet"] != theirs["MHS201CareContact.parquet"]
    assert ours["MHS101Referral.parquet"] != theirs["MHS101Referral.parquet"]


def _con(directory: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for path in directory.rglob("*.parquet"):
        con.read_parquet(str(path)).create_view(path.stem)
    return con


PERSON_TABLES = [
    t.name
    for t in contract.MHS_TABLES
    if t.name not in ("MHS000Header", "MHS902ServiceTeamDetails")
]


def test_record_number_identifies_one_person_provider_and_month(small: Path) -> None:
    con = _con(small)
    one = con.sql(
        "SELECT count(*) = count(DISTINCT RecordNumber), "
        "count(*) = count(DISTINCT (UniqMonthID, OrgIDProv, Person_ID)) FROM MHS001MPI"
    ).fetchone()
    assert one == (True, True)
    for name in PERSON_TABLES:
        orphans = con.sql(
            f"SELECT count(*) FROM {name} t ANTI JOIN MHS001MPI m "  # noqa: S608
            "USING (UniqMonthID, OrgIDProv, Person_ID, RecordNumber)"
        ).fetchone()
        assert orphans == (0,), name


def test_unique_ids_are_provider_and_local_id(small: Path) -> None:
    con = _con(small)
    for name, local, uniq in (
        ("MHS101Referral", "ServiceRequestID", "UniqServReqID"),
        ("MHS201CareContact", "CareContactID", "UniqCareContID"),
        ("MHS202CareActivity", "CareActID", "UniqCareActID"),
        ("MHS008CarePlanType", "CarePlanID", "UniqCarePlanID"),
        ("MHS501HospProvSpell", "HospProvSpellID", "UniqHospProvSpellID"),
    ):
        bad = con.sql(
            f"SELECT count(*) FROM {name} WHERE {uniq} <> OrgIDProv || {local}"  # noqa: S608
        ).fetchone()
        assert bad == (0,), name


def test_monthly_record_versions_follow_the_contract(small: Path) -> None:
    con = _con(small)
    for name, key in (
        ("MHS101Referral", "UniqServReqID"),
        ("MHS102OtherServiceType", "UniqServReqID, OtherCareProfTeamLocalID"),
        ("MHS001MPI", "OrgIDProv, Person_ID"),
    ):
        bad = con.sql(
            f"""
            SELECT count(*) FROM (
              SELECT *, UniqMonthID = max(UniqMonthID) OVER (PARTITION BY {key}) AS latest
              FROM {name})
            WHERE RecordStartDate <> make_date(1900 + (UniqMonthID + 2) // 12,
                                               (UniqMonthID + 2) % 12 + 1, 1)
               OR (latest AND RecordEndDate IS NOT NULL)
               OR (NOT latest AND RecordEndDate <> last_day(RecordStartDate))
            """  # noqa: S608
        ).fetchone()
        assert bad == (0,), name
    # A live referral is resubmitted every month with that month's RecordNumber.
    gaps = con.sql(
        "SELECT count(*) FROM (SELECT UniqServReqID, max(UniqMonthID) - min(UniqMonthID) + 1 "
        "AS span, count(*) AS n FROM MHS101Referral GROUP BY 1) WHERE span <> n"
    ).fetchone()
    assert gaps == (0,)


def test_team_ids_repeat_across_providers_with_different_types(small: Path) -> None:
    con = _con(small)
    types = con.sql(
        "SELECT count(DISTINCT ServTeamTypeMH) FROM MHS902ServiceTeamDetails "
        "WHERE CareProfTeamLocalID = 'T01'"
    ).fetchone()
    assert types is not None and types[0] > 3
    unresolved = con.sql(
        "SELECT count(*) FROM MHS101Referral r ANTI JOIN MHS902ServiceTeamDetails t "
        "USING (UniqMonthID, OrgIDProv, CareProfTeamLocalID)"
    ).fetchone()
    assert unresolved == (0,)


def test_dna_rate_is_about_ten_percent(moderate: duckdb.DuckDBPyConnection) -> None:
    dna = moderate.sql("SELECT avg((AttendStatus = '3')::INT) FROM MHS201CareContact").fetchone()
    assert dna is not None and 0.07 <= dna[0] <= 0.13


def test_the_data_exercises_the_measure_rules(moderate: duckdb.DuckDBPyConnection) -> None:
    def share(sql: str) -> float:
        row = moderate.sql(sql).fetchone()
        assert row is not None
        return float(row[0])

    # contacts submitted a month late; non-direct contacts
    late = share(
        "SELECT avg((UniqMonthID <> (year(CareContDate) - 1900) * 12 + month(CareContDate) - 3)"
        "::INT) FROM MHS201CareContact"
    )
    assert 0.01 < late < 0.05
    assert (
        0.05
        < share(
            "SELECT avg((ConsMechanismMH IN ('05', '09', '10', '98'))::INT) FROM MHS201CareContact"
        )
        < 0.15
    )
    # Welsh, unknown and English residence; unregistered GPs
    assert 0.005 < share("SELECT avg((LADistrictAuth LIKE 'W%')::INT) FROM MHS001MPI") < 0.02
    assert 0.005 < share("SELECT avg((LADistrictAuth IS NULL)::INT) FROM MHS001MPI") < 0.03
    assert share("SELECT avg((GMPReg = 'V81999')::INT) FROM MHS002GP") > 0.003
    # EIP, IPS, other teams, inpatient spells, outcomes, the never-count concepts
    assert share("SELECT count(*) FROM MHS006MHCareCoord WHERE CareProfServOrTeamTypeAssoc = 'A14'")
    assert share(
        "SELECT count(*) FROM MHS102OtherServiceType o JOIN MHS902ServiceTeamDetails t "
        "ON t.UniqMonthID = o.UniqMonthID AND t.OrgIDProv = o.OrgIDProv "
        "AND t.CareProfTeamLocalID = o.OtherCareProfTeamLocalID WHERE ServTeamTypeMH = 'D05'"
    )
    assert share("SELECT count(*) FROM MHS501HospProvSpell")
    assert share("SELECT count(*) FROM MHS202CareActivity WHERE Procedure = '11429006'")
    assert share("SELECT count(*) FROM MHS202CareActivity WHERE Procedure LIKE '%:%=%'")
    assert (
        share("SELECT count(DISTINCT CodedAssToolType) FROM MHS606CodedScoreAssessmentRefer") > 10
    )
    orphans = share(
        "SELECT count(*) FROM MHS607CodedScoreAssessmentAct a "
        "ANTI JOIN MHS202CareActivity c USING (UniqMonthID, UniqCareActID)"
    )
    assert orphans == 0


def test_eip_referrals_mostly_start_treatment_within_two_weeks(
    moderate: duckdb.DuckDBPyConnection,
) -> None:
    # The EIP clock (measures.md): the later of the first direct A14 contact and the first
    # A14 care-coordinator allocation, for '01' referrals to A14 stopping in the last quarter.
    row = moderate.sql(
        """
        WITH r AS (
          SELECT UniqServReqID, Person_ID, OrgIDProv, min(ReferralRequestReceivedDate) AS rd
          FROM MHS101Referral JOIN MHS902ServiceTeamDetails
            USING (UniqMonthID, OrgIDProv, CareProfTeamLocalID)
          WHERE PrimReasonReferralMH = '01' AND ServTeamTypeMH = 'A14' GROUP BY ALL),
        c AS (
          SELECT UniqServReqID, min(CareContDate) AS cd FROM MHS201CareContact
          WHERE AttendStatus IN ('5', '6') AND ConsMechanismMH IN ('01', '02', '04', '11')
          GROUP BY 1),
        a AS (
          SELECT r.UniqServReqID, min(StartDateAssCareCoord) AS ad
          FROM r JOIN MHS006MHCareCoord m USING (Person_ID, OrgIDProv)
          WHERE CareProfServOrTeamTypeAssoc = 'A14' AND StartDateAssCareCoord >= rd GROUP BY 1)
        SELECT count(*), avg((greatest(cd, ad) - rd <= 14)::INT)
        FROM r JOIN c USING (UniqServReqID) JOIN a USING (UniqServReqID)
        WHERE cd >= rd AND greatest(cd, ad) > DATE '2024-12-31'
        """
    ).fetchone()
    assert row is not None
    count, within = row
    assert count > 30
    assert 0.55 <= within <= 0.85


def test_the_measures_run_on_a_synthetic_extract(small: Path) -> None:
    # The whole suite on the generator's output, reference tables included: every
    # breakdown that needs an optional input is produced, and the EIP measure is there.
    from opencmh.measures.engines import run_measures

    frame = run_measures(small, PERIOD_END)
    breakdowns = set(frame["BREAKDOWN"])
    assert {"England", "Provider", "ICB of GP Practice or Residence", "England; IMD Quintile"} <= (
        breakdowns
    )
    england = frame[frame["BREAKDOWN"] == "England"]
    assert {"MHS108", "EIP23a", "MRS01", "MHS116"} <= set(england["MEASURE_ID"])
