from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

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
