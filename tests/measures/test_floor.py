"""The benchmark floor (benchmarks/floor.py) runs on a contract extract and does real work."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from opencmh.measures.synth import write_extract

ROOT = Path(__file__).resolve().parents[2]


def test_every_floor_operation_runs_and_reaches_rows(tmp_path: Path) -> None:
    extract = tmp_path / "extract"
    write_extract(extract, 2_000, months=6, period_end=date(2025, 3, 31), seed=5,
                  progress=False, workers=1)  # fmt: skip
    out = tmp_path / "floor.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "floor.py"),
            "--input",
            str(extract),
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    timings = json.loads(out.read_text())
    assert [t["operation"] for t in timings] == [
        "team type of each referral row (MHS101 with MHS902)",
        "latest MPI row per person",
        "latest row per referral",
        "attended direct contacts on their referral rows",
        "coded care activities with their contact's date",
        "agreed care plans",
    ]
    # A join on the wrong keys or a misspelt code list would reach no rows.
    assert all(t["rows"] > 0 for t in timings), timings
    assert "in all" in done.stdout
