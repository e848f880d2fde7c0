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
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
