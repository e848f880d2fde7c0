"""The floor: each operation the published method cannot do without, run once, by hand.

The whole suite can be no faster than the operations its rules force on the largest
tables, each done once and in its cheapest form. This script times those operations as
hand-written DuckDB statements over the extract's Parquet files: every statement ends in a
count, so nothing is kept, nothing is written and no result leaves the engine. A real run
does more than this (it keeps what several families read, computes every breakdown, and
does the smaller families too), so the sum here is a lower bound on its time, not an
estimate of it.

    python benchmarks/floor.py --input DIR [--json FILE] [--memory-limit 4GB]

The extract checks come on top (every run does them first); `make bench` times them on
their own. The operations and the rule that forces each (docs/measures.md):

- team types: each referral row's team type for its month (MHS101 with MHS902);
- latest MPI row per person (breakdowns read the person's latest geography);
- latest row per referral (four-week waits and EIP read each referral's latest row);
- direct contacts on their referral rows (MHS108, the four-week-wait contact event, EIP);
- coded care activities with their contact's date (four-week-wait assessment and
  intervention events, IPS by procedure);
- agreed care plans (the four-week-wait care plan event).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import duckdb

TABLES = (
    "MHS001MPI",
    "MHS008CarePlanType",
    "MHS009CarePlanAgreement",
    "MHS101Referral",
    "MHS201CareContact",
    "MHS202CareActivity",
    "MHS902ServiceTeamDetails",
)

OPERATIONS = (
    (
        "team type of each referral row (MHS101 with MHS902)",
        "SELECT count(*), count(s.ServTeamTypeMH) FROM MHS101Referral r "
        "LEFT JOIN MHS902ServiceTeamDetails s USING (UniqMonthID, OrgIDProv, CareProfTeamLocalID)",
    ),
    (
        "latest MPI row per person",
        "SELECT count(*) FROM (SELECT Person_ID, "
        "arg_max(LSOA2011, (UniqMonthID, RecordNumber)) FROM MHS001MPI GROUP BY 1)",
    ),
    (
        "latest row per referral",
        "SELECT count(*) FROM (SELECT UniqServReqID, "
        "arg_max(ServDischDate, (UniqMonthID, RecordNumber)) FROM MHS101Referral GROUP BY 1)",
    ),
    (
        "attended direct contacts on their referral rows",
        "SELECT count(*) FROM MHS201CareContact c JOIN MHS101Referral r "
        "USING (RecordNumber, UniqServReqID) "
        "WHERE AttendStatus IN ('5', '6') AND ConsMechanismMH IN ('01', '02', '04', '11')",
    ),
    (
        "coded care activities with their contact's date",
        "SELECT count(*), min(c.CareContDate) FROM MHS202CareActivity a "
        "JOIN MHS201CareContact c USING (RecordNumber, UniqCareContID) "
        "WHERE trim(split_part(a.Procedure, ':', 1)) IN "
        "(SELECT ReferencedComponentID FROM snomed_refset_members)",
    ),
    (
        "agreed care plans",
        "SELECT count(*) FROM MHS008CarePlanType p "
        "SEMI JOIN MHS009CarePlanAgreement a USING (RecordNumber, UniqCarePlanID)",
    ),
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, type=Path)
    parser.add_argument("--json", type=Path, help="also write the timings here")
    parser.add_argument("--memory-limit", default="4GB")
    args = parser.parse_args()
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET memory_limit = ?", [args.memory_limit])
    timings: list[dict[str, float | int | str]] = []
    folder = args.input.resolve()
    for name in TABLES:
        con.read_parquet(str(folder / f"{name}.parquet")).create_view(name)
    refset = folder / "reference" / "snomed_refset_members.parquet"
    con.read_parquet(str(refset)).create_view("snomed_refset_members")
    for name, sql in OPERATIONS:
        start = time.perf_counter()
        rows = con.execute(sql).fetchone()[0]  # type: ignore[index]
        seconds = time.perf_counter() - start
        timings.append({"operation": name, "wall_s": round(seconds, 2), "rows": rows})
        print(f"{seconds:7.2f} s  {name} ({rows:,} rows)", flush=True)
    total = sum(float(t["wall_s"]) for t in timings)
    print(f"{total:7.2f} s  in all", flush=True)
    if args.json:
        args.json.write_text(json.dumps(timings, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
