from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from opencmh.measures import contract

from .conftest import write_extract


def _errors(path: Path) -> list[str]:
    return [str(p) for p in contract.errors(contract.validate(path))]


def test_minimal_extract_is_valid(extract_dir):
    write_extract(extract_dir, {})
    assert _errors(extract_dir) == []


def test_missing_table_is_named(extract_dir):
    write_extract(extract_dir, {})
    (extract_dir / "MHS201CareContact.parquet").unlink()
    assert _errors(extract_dir) == [
        f"MHS201CareContact: table is missing: expected MHS201CareContact.parquet or "
        f"MHS201CareContact.csv in {extract_dir}"
    ]


def test_renamed_column_is_named(extract_dir):
    write_extract(extract_dir, {})
    path = extract_dir / "MHS101Referral.parquet"
    t = pq.read_table(path)
    pq.write_table(
        t.rename_columns([n.lower() if n == "UniqServReqID" else n for n in t.column_names]), path
    )
    assert _errors(extract_dir) == [
        "MHS101Referral.UniqServReqID: column is missing (found 'uniqservreqid': names are case-sensitive)"
    ]


def test_wrong_type_code_stored_as_number(extract_dir):
    write_extract(extract_dir, {})
    path = extract_dir / "MHS201CareContact.parquet"
    t = pq.read_table(path)
    i = t.column_names.index("AttendStatus")
    pq.write_table(t.set_column(i, "AttendStatus", pa.array([], pa.int64())), path)
    [problem] = _errors(extract_dir)
    assert problem.startswith("MHS201CareContact.AttendStatus: wrong type: should hold text")


def test_bad_code_names_rows(extract_dir):
    contacts = [
        {
            "UniqMonthID": 1489,
            "OrgIDProv": "P1",
            "Person_ID": "A",
            "RecordNumber": 1,
            "UniqCareContID": f"C{i}",
            "AttendStatus": code,
        }
        for i, code in enumerate(["5", "Y", "6"])
    ]
    write_extract(extract_dir, {"MHS201CareContact": contacts})
    assert _errors(extract_dir) == [
        "MHS201CareContact.AttendStatus: code not in the attended or did not attend code "
        "list: 'Y' (for example row 2: Y)"
    ]


def test_duplicate_key(extract_dir):
    row = {
        "UniqMonthID": 1489,
        "OrgIDProv": "P1",
        "Person_ID": "A",
        "RecordNumber": 1,
        "UniqServReqID": "P1R1",
    }
    write_extract(extract_dir, {"MHS101Referral": [row, row]})
    [problem] = _errors(extract_dir)
    assert problem.startswith("MHS101Referral: duplicate key: more than one row for the same")
    assert "1489 / P1R1 (2 rows)" in problem


def test_csv_unparseable_date(extract_dir):
    write_extract(extract_dir, {})
    (extract_dir / "MHS101Referral.parquet").unlink()
    cols = contract.TABLES["MHS101Referral"].column_names
    line = {c: "" for c in cols} | {
        "UniqMonthID": "1489",
        "OrgIDProv": "P1",
        "Person_ID": "A",
        "RecordNumber": "7",
        "UniqServReqID": "P1R1",
        "ReferralRequestReceivedDate": "31/04/2024",
    }
    (extract_dir / "MHS101Referral.csv").write_text(
        ",".join(cols) + "\n" + ",".join(line[c] for c in cols) + "\n"
    )
    assert _errors(extract_dir) == [
        "MHS101Referral.ReferralRequestReceivedDate: unparseable date (expected YYYY-MM-DD) "
        "(for example row 1: 31/04/2024)"
    ]


def test_optional_fields_absent_are_notices_not_errors(extract_dir):
    write_extract(extract_dir, {})
    path = extract_dir / "MHS001MPI.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["Gender", "EthnicCategory"]), path)
    problems = contract.validate(extract_dir)
    assert contract.errors(problems) == []
    notices = {str(p) for p in problems if not p.error}
    assert (
        "MHS001MPI.Gender: optional column not supplied; breakdowns that need it are left out"
        in notices
    )


def test_extra_columns_ignored(extract_dir):
    write_extract(extract_dir, {})
    path = extract_dir / "MHS902ServiceTeamDetails.parquet"
    t = pq.read_table(path)
    pq.write_table(t.append_column("Local", pa.array([], pa.string())), path)
    assert _errors(extract_dir) == []


def test_month_id_helper():
    from .conftest import month_id

    assert month_id(date(2024, 4, 1)) == 1489
    assert month_id(date(2025, 6, 30)) == 1503


def _contacts(**changes: dict[str, object]) -> list[dict[str, object]]:
    """Three valid contacts; `changes` maps a row index ("r0".."r2") to fields to replace."""
    rows: list[dict[str, object]] = [
        {
            "UniqMonthID": 1489,
            "OrgIDProv": "P1",
            "Person_ID": f"A{i}",
            "RecordNumber": i,
            "UniqCareContID": f"C{i}",
            "AttendStatus": "5",
        }
        for i in range(3)
    ]
    for key, fields in changes.items():
        rows[int(key[1:])].update(fields)
    return rows


def _rewrite_without_statistics(path: Path) -> None:
    pq.write_table(pq.read_table(path), path, write_statistics=False, row_group_size=1)


@pytest.mark.parametrize("statistics", [True, False])
def test_blank_keys_found_with_or_without_parquet_statistics(extract_dir, statistics):
    contacts = _contacts(r0={"Person_ID": " \t"}, r1={"Person_ID": None}, r2={"OrgIDProv": " X"})
    write_extract(extract_dir, {"MHS201CareContact": contacts})
    if not statistics:
        _rewrite_without_statistics(extract_dir / "MHS201CareContact.parquet")
    assert _errors(extract_dir) == [
        "MHS201CareContact.Person_ID: key field is empty (for example row 1; row 2)"
    ]


@pytest.mark.parametrize("statistics", [True, False])
def test_missing_number_key_is_empty(extract_dir, statistics):
    write_extract(extract_dir, {"MHS201CareContact": _contacts(r2={"RecordNumber": None})})
    if not statistics:
        _rewrite_without_statistics(extract_dir / "MHS201CareContact.parquet")
    assert _errors(extract_dir) == [
        "MHS201CareContact.RecordNumber: key field is empty (for example row 3)"
    ]


def test_blank_code_is_not_a_bad_code(extract_dir):
    contacts = _contacts(r0={"AttendStatus": " "}, r1={"AttendStatus": " 5"})
    write_extract(extract_dir, {"MHS201CareContact": contacts})
    assert _errors(extract_dir) == [
        "MHS201CareContact.AttendStatus: code not in the attended or did not attend code "
        "list: ' 5' (for example row 2:  5)"
    ]


def test_duplicate_keys_listed_in_file_order_with_counts(extract_dir):
    contacts = _contacts(r1={"UniqCareContID": "C2"}) + _contacts(r0={"UniqCareContID": None})
    write_extract(extract_dir, {"MHS201CareContact": contacts + contacts[3:4]})
    [problem] = _errors(extract_dir)
    assert problem == (
        "MHS201CareContact: duplicate key: more than one row for the same UniqMonthID, "
        "UniqCareContID (for example row 2 and others: 1489 / C2 (3 rows); "
        "row 4 and others: 1489 /  (2 rows))"
    )


def test_hash_clash_is_not_reported_as_duplicate(extract_dir, monkeypatch):
    # Every key hashing alike stands in for a clash between different keys.
    monkeypatch.setattr(contract, "_key_hash", lambda keys: "CAST(0 AS UBIGINT)")
    write_extract(extract_dir, {"MHS201CareContact": _contacts()})
    assert _errors(extract_dir) == []
    write_extract(extract_dir, {"MHS201CareContact": _contacts(r2={"UniqCareContID": "C0"})})
    [problem] = _errors(extract_dir)
    assert problem.endswith("(for example row 1 and others: 1489 / C0 (2 rows))")


def test_csv_blank_and_unparseable_keys(extract_dir):
    write_extract(extract_dir, {})
    (extract_dir / "MHS201CareContact.parquet").unlink()
    cols = contract.TABLES["MHS201CareContact"].column_names
    lines = [",".join(cols)]
    for month, record, attend in [("1489", "1", "5"), ("   ", "2", "5"), ("14x9", " 3 ", "Y")]:
        line = {c: "" for c in cols} | {
            "UniqMonthID": month,
            "OrgIDProv": "P1",
            "Person_ID": "A",
            "RecordNumber": record,
            "UniqCareContID": f"C{record.strip()}",
            "AttendStatus": attend,
            "CareContDate": "2024-02-30",
        }
        lines.append(",".join(line[c] for c in cols))
    (extract_dir / "MHS201CareContact.csv").write_text("\n".join(lines) + "\n")
    assert _errors(extract_dir) == [
        "MHS201CareContact.UniqMonthID: unparseable whole number (for example row 3: 14x9)",
        "MHS201CareContact.UniqMonthID: key field is empty (for example row 2)",
        "MHS201CareContact.CareContDate: unparseable date (expected YYYY-MM-DD) "
        "(for example row 1: 2024-02-30; row 2: 2024-02-30; row 3: 2024-02-30)",
        "MHS201CareContact.AttendStatus: code not in the attended or did not attend code "
        "list: 'Y' (for example row 3: Y)",
    ]
