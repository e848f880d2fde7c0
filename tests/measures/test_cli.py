"""The command line: clear messages and a non-zero exit for a bad extract, no traceback."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq

from opencmh.cli import main

from .scenarios import build_mhs108


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from opencmh.cli import main; sys.exit(main())", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def _broken(path):
    write = build_extract(path)
    (write / "MHS204IndirectActivity.parquet").unlink()
    ref = write / "MHS101Referral.parquet"
    t = pq.read_table(ref)
    t = t.rename_columns(
        ["RefDate" if c == "ReferralRequestReceivedDate" else c for c in t.column_names]
    )
    pq.write_table(t, ref)
    con = write / "MHS201CareContact.parquet"
    t = pq.read_table(con)
    codes = ["Q"] + t.column("AttendStatus").to_pylist()[1:]
    t = t.set_column(
        t.column_names.index("AttendStatus"), "AttendStatus", pa.array(codes, pa.string())
    )
    pq.write_table(t, con)
    return write


def build_extract(path):
    from .conftest import ExtractBuilder

    b = ExtractBuilder()
    build_mhs108(b)
    return b.write(path)


def test_validate_good_extract(tmp_path, capsys):
    build_extract(tmp_path / "x")
    assert main(["measures", "validate", "--input", str(tmp_path / "x")]) == 0
    assert "meets the contract" in capsys.readouterr().out


def test_validate_bad_extract_lists_every_problem(tmp_path, capsys):
    path = _broken(tmp_path / "x")
    assert main(["measures", "validate", "--input", str(path)]) == 1
    out = capsys.readouterr().out
    assert "MHS204IndirectActivity: table is missing" in out
    assert "MHS101Referral.ReferralRequestReceivedDate: column is missing" in out
    assert (
        "MHS201CareContact.AttendStatus: code not in the attended or did not attend code list: 'Q'"
        in out
    )


def test_run_bad_extract_exits_non_zero_without_traceback(tmp_path):
    path = _broken(tmp_path / "x")
    result = _cli("measures", "run", "--input", str(path), "--period-end", "2025-03-31")
    assert result.returncode == 1
    assert "does not meet the contract" in result.stdout
    assert "Traceback" not in result.stderr + result.stdout


def test_csv_text_in_date_column(tmp_path, capsys):
    path = build_extract(tmp_path / "x")
    mpi = path / "MHS001MPI.parquet"
    frame = pq.read_table(mpi).to_pandas()
    frame["RecordStartDate"] = "first of the month"
    mpi.unlink()
    frame.to_csv(path / "MHS001MPI.csv", index=False)
    assert main(["measures", "validate", "--input", str(path)]) == 1
    out = capsys.readouterr().out
    assert "MHS001MPI.RecordStartDate: unparseable date (expected YYYY-MM-DD)" in out
    assert "first of the month" in out


def test_run_writes_csv_and_summary(tmp_path, capsys):
    path = build_extract(tmp_path / "x")
    out = tmp_path / "out.csv"
    code = main(
        [
            "measures",
            "run",
            "--input",
            str(path),
            "--period-end",
            "2025-03-31",
            "--output",
            str(out),
            "--suppress",
        ]
    )
    assert code == 0
    text = out.read_text()
    assert text.splitlines()[0].startswith("REPORTING_PERIOD_START,REPORTING_PERIOD_END,STATUS")
    # 9 people qualify in the MHS108 scenarios: published rounded to the nearest 5.
    assert "England,England,England,NONE,NONE,MHS108," in text
    england = [
        line for line in text.splitlines() if ",England,England,England,NONE,NONE,MHS108," in line
    ]
    assert england[0].endswith(",10")
    assert "England headline values" in capsys.readouterr().out


def test_period_end_must_be_month_end(tmp_path, capsys):
    path = build_extract(tmp_path / "x")
    code = main(["measures", "run", "--input", str(path), "--period-end", "2025-03-30"])
    assert code == 2
    assert "last day of a month" in capsys.readouterr().out
    assert date(2025, 3, 31)
