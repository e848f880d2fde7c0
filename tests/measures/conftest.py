"""Fixtures for the measures engine tests: inline extracts and one shared SparkSession."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from opencmh.measures import contract

# The reference rows every extract needs for the four-week waits and the PROMs.
ASSESSMENT_REFSET = "1853441000000109"
PSYCH_THERAPY_REFSET = "1853461000000105"
DEFAULT_REFERENCE: dict[str, list[dict[str, Any]]] = {
    "snomed_refset_members": [
        {"RefSetID": ASSESSMENT_REFSET, "ReferencedComponentID": "700000001", "Active": 1},
        {"RefSetID": PSYCH_THERAPY_REFSET, "ReferencedComponentID": "700000002", "Active": 1},
        {"RefSetID": PSYCH_THERAPY_REFSET, "ReferencedComponentID": "11429006", "Active": 1},
    ],
    "org_sub_icb_hierarchy": [
        {"SubICBCode": "15N", "SubICBName": "Devon", "ICBCode": "QJK", "ICBName": "Devon ICB"},
    ],
    "providers": [{"OrgIDProv": "P108A", "ProviderName": "Provider A"}],
    "imd_by_lsoa": [{"LSOA2011": "E01000001", "IMD_Decile": 3}],
    "coded_assessment_tools": [
        {"CodedAssToolType": "1091071000000100", "ToolName": "ReQoL-10", "CountsAsOutcome": 1},
        {"CodedAssToolType": "1037651000000100", "ToolName": "DIALOG 1", "CountsAsOutcome": 1},
        {"CodedAssToolType": "1638531000000102", "ToolName": "GBO 1", "CountsAsOutcome": 1},
        {"CodedAssToolType": "987251000000103", "ToolName": "Current View", "CountsAsOutcome": 0},
    ],
}


def write_extract(
    out_dir: Path,
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    reference: bool = True,
) -> Path:
    """Write a contract-valid extract: every table, unspecified columns null.

    `tables` maps table names to rows (dicts). Tables not named are written empty.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "reference").mkdir(exist_ok=True)
    given = dict(tables)
    if reference:
        for name, rows in DEFAULT_REFERENCE.items():
            given.setdefault(name, rows)
    for table in contract.TABLES.values():
        if not table.required and table.name not in given:
            continue
        rows = given.get(table.name, [])
        arrays = {}
        for col in table.columns:
            values = [row.get(col.name) for row in rows]
            arrays[col.name] = pa.array(values, type=contract.ARROW_TYPES[col.type])
        extra = {k for row in rows for k in row} - set(arrays)
        assert not extra, f"{table.name}: unknown columns {extra}"
        pq.write_table(pa.table(arrays), out_dir / f"{table.relpath}.parquet")
    return out_dir


def month_id(d: date) -> int:
    """UniqMonthID of the month holding `d` (April 1900 is 1)."""
    return (d.year - 1900) * 12 + d.month - 3


@pytest.fixture
def extract_dir(tmp_path: Path) -> Path:
    return tmp_path / "extract"


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local SparkSession for the whole test run (starting one takes seconds)."""
    pyspark_sql = pytest.importorskip("pyspark.sql")
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("opencmh-tests")
        # Test extracts are tiny: one partition, no adaptive re-planning and no code
        # generation keep each of the many small queries quick.
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


class ExtractBuilder:
    """Builds small extracts row by row, filling keys and monthly versions consistently.

    Every person-level row gets the RecordNumber of its person, provider and month (and
    an MPI row and a header row are added for that month).
    """

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self._records: dict[tuple[str, str, int], int] = {}
        self._ids = 0
        self.mpi_defaults: dict[str, dict[str, Any]] = {}

    def add(self, table: str, **row: Any) -> dict[str, Any]:
        self.rows.setdefault(table, []).append(row)
        return row

    def next_id(self, prefix: str) -> str:
        self._ids += 1
        return f"{prefix}{self._ids}"

    def person(self, person: str, **mpi: Any) -> None:
        """MPI fields used for every month of `person` (age, residence, demographics)."""
        self.mpi_defaults[person] = mpi

    def record(self, person: str, prov: str, month: int) -> int:
        key = (person, prov, month)
        if key not in self._records:
            number = len(self._records) + 1
            self._records[key] = number
            fields = {
                "AgeRepPeriodEnd": 40,
                "LADistrictAuth": "E09000001",
                "OrgIDSubICBLocResidence": "15N",
                "LSOA2011": "E01000001",
                "Gender": "2",
                "EthnicCategory": "A",
            }
            fields |= self.mpi_defaults.get(person, {})
            self.add(
                "MHS001MPI",
                UniqMonthID=month,
                OrgIDProv=prov,
                Person_ID=person,
                RecordNumber=number,
                **fields,
            )
            if not any(
                h["UniqMonthID"] == month and h["OrgIDProvider"] == prov
                for h in self.rows.get("MHS000Header", [])
            ):
                self.add("MHS000Header", UniqMonthID=month, OrgIDProvider=prov)
        return self._records[key]

    def keyed(self, table: str, person: str, prov: str, month: int, **row: Any) -> dict[str, Any]:
        return self.add(
            table,
            UniqMonthID=month,
            OrgIDProv=prov,
            Person_ID=person,
            RecordNumber=self.record(person, prov, month),
            **row,
        )

    def team(self, prov: str, team: str, team_type: str, months: Sequence[int]) -> None:
        existing = {
            (r["UniqMonthID"], r["OrgIDProv"], r["CareProfTeamLocalID"])
            for r in self.rows.get("MHS902ServiceTeamDetails", [])
        }
        for m in months:
            if (m, prov, team) in existing:
                continue
            self.add(
                "MHS902ServiceTeamDetails",
                UniqMonthID=m,
                OrgIDProv=prov,
                CareProfTeamLocalID=team,
                ServTeamTypeMH=team_type,
            )

    def referral(
        self,
        person: str,
        prov: str,
        ref: str,
        team: str,
        received: date,
        months: Sequence[int],
        *,
        age: int = 40,
        **row: Any,
    ) -> str:
        """MHS101 rows for `ref` in each of `months` (fields in `row` on every row)."""
        uniq = prov + ref
        for m in months:
            self.keyed(
                "MHS101Referral",
                person,
                prov,
                m,
                ServiceRequestID=ref,
                UniqServReqID=uniq,
                CareProfTeamLocalID=team,
                ReferralRequestReceivedDate=received,
                AgeServReferRecDate=age,
                **row,
            )
        return uniq

    def contact(
        self,
        person: str,
        prov: str,
        uniq_ref: str,
        when: date,
        *,
        month: int | None = None,
        attend: str = "5",
        mech: str = "01",
        **row: Any,
    ) -> str:
        cid = self.next_id("C")
        m = month_id(when) if month is None else month
        self.keyed(
            "MHS201CareContact",
            person,
            prov,
            m,
            ServiceRequestID=uniq_ref[len(prov) :],
            UniqServReqID=uniq_ref,
            CareContactID=cid,
            UniqCareContID=prov + cid,
            CareContDate=when,
            AttendStatus=attend,
            ConsMechanismMH=mech,
            **row,
        )
        return prov + cid

    def write(self, out_dir: Path, **tables: Sequence[Mapping[str, Any]]) -> Path:
        merged = {k: list(v) for k, v in self.rows.items()}
        for k, v in tables.items():
            merged.setdefault(k, []).extend(v)
        return write_extract(out_dir, merged)


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def engine(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def run(engine: str, request: pytest.FixtureRequest):
    """Run every measure on an extract directory with the test's engine."""
    from opencmh.measures.engines import run_measures

    session = request.getfixturevalue("spark") if engine == "spark" else None

    def _run(path: Path, period_end: date):
        return run_measures(path, period_end, engine, spark_session=session)

    return _run


def value(frame, measure: str, breakdown: str = "England", level: str = "England"):
    """One MEASURE_VALUE from a publication frame, or None if there is no such row."""
    rows = frame[
        (frame.MEASURE_ID == measure)
        & (frame.BREAKDOWN == breakdown)
        & (frame.PRIMARY_LEVEL == level)
    ]
    assert len(rows) <= 1, rows
    return None if rows.empty else rows.MEASURE_VALUE.iloc[0]
