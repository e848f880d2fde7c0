"""The MHSDS v6 extract contract: the tables and fields the measures engine reads.

An extract is a directory holding one file per table, `<TableName>.parquet` or
`<TableName>.csv`, plus reference tables in `reference/`. `validate()` checks a directory
against this contract and returns plain-English problems; it never raises for a bad
extract. The contract is described for people in `docs/measures.md`.
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

# Contract types. Codes and identifiers are strings even when they look numeric.
INT32 = "int32"
INT64 = "int64"
STRING = "string"
DATE = "date"
TIME = "time"
TIMESTAMP = "timestamp"

ARROW_TYPES: dict[str, pa.DataType] = {
    INT32: pa.int32(),
    INT64: pa.int64(),
    STRING: pa.string(),
    DATE: pa.date32(),
    TIME: pa.time64("us"),
    TIMESTAMP: pa.timestamp("us"),
}


@dataclass(frozen=True)
class CodeList:
    """Allowed values of a code field: an explicit set, a pattern, or both (either matches)."""

    name: str
    values: frozenset[str] = frozenset()
    pattern: str | None = None

    def allows(self, value: str) -> bool:
        """True if `value` is in the code list."""
        if value in self.values:
            return True
        return self.pattern is not None and re.fullmatch(self.pattern, value) is not None


ATTEND_STATUS = CodeList("attended or did not attend", frozenset("02345678"))
CONSULTATION_MECHANISM = CodeList(
    "consultation mechanism",
    frozenset({"01", "02", "03", "04", "05", "06", "09", "10", "11", "12", "13", "98"}),
)
TEAM_TYPE = CodeList("service or team type", pattern=r"[A-Z][0-9]{2}")
REFERRAL_REASON = CodeList("primary reason for referral", pattern=r"[0-9]{2}")
GENDER = CodeList("person stated gender", frozenset({"1", "2", "9", "X"}))
ETHNIC_CATEGORY = CodeList(
    "ethnic category", frozenset(list("ABCDEFGHJKLMNPRSZ") + ["99"]), pattern=r"[A-HJ-NPR-SZ]\w?"
)


@dataclass(frozen=True)
class Column:
    """One field of a contract table."""

    name: str
    type: str
    key: bool = False
    codes: CodeList | None = None
    # Optional fields feed only breakdowns: absent means the breakdown is left out.
    optional: bool = False


@dataclass(frozen=True)
class Table:
    """One contract table: its columns and the columns that identify a row."""

    name: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()
    reference: bool = False
    required: bool = True

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """The column called `name`."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def relpath(self) -> str:
        return f"reference/{self.name}" if self.reference else self.name


def _person_keys() -> tuple[Column, ...]:
    return (
        Column("UniqMonthID", INT32, key=True),
        Column("OrgIDProv", STRING, key=True),
        Column("Person_ID", STRING, key=True),
        Column("RecordNumber", INT64, key=True),
    )


def _cols(*spec: tuple[str, str] | Column) -> tuple[Column, ...]:
    return tuple(s if isinstance(s, Column) else Column(s[0], s[1]) for s in spec)


_RECORD_DATES = (("RecordStartDate", DATE), ("RecordEndDate", DATE))

MHS_TABLES: tuple[Table, ...] = (
    Table(
        "MHS000Header",
        (
            Column("UniqMonthID", INT32, key=True),
            Column("OrgIDProvider", STRING, key=True),
            Column("ReportingPeriodStartDate", DATE),
            Column("ReportingPeriodEndDate", DATE),
        ),
        unique=("UniqMonthID", "OrgIDProvider"),
    ),
    Table(
        "MHS001MPI",
        _person_keys()
        + _cols(
            ("LocalPatientID", STRING),
            ("AgeRepPeriodEnd", INT32),
            ("LADistrictAuth", STRING),
            ("OrgIDSubICBLocResidence", STRING),
            *_RECORD_DATES,
            Column("Gender", STRING, codes=GENDER, optional=True),
            Column("GenderIDCode", STRING, optional=True),
            Column("EthnicCategory", STRING, codes=ETHNIC_CATEGORY, optional=True),
            Column("LSOA2011", STRING, optional=True),
        ),
        unique=("RecordNumber",),
    ),
    Table(
        "MHS002GP",
        _person_keys()
        + _cols(("GMPReg", STRING), ("EndDateGMPRegistration", DATE), ("OrgIDSubICBLocGP", STRING)),
    ),
    Table(
        "MHS006MHCareCoord",
        _person_keys()
        + _cols(
            ("CareProfLocalID", STRING),
            ("StartDateAssCareCoord", DATE),
            ("EndDateAssCareCoord", DATE),
            Column("CareProfServOrTeamTypeAssoc", STRING, codes=TEAM_TYPE),
            *_RECORD_DATES,
        ),
    ),
    Table(
        "MHS008CarePlanType",
        _person_keys()
        + _cols(
            ("CarePlanID", STRING),
            ("UniqCarePlanID", STRING),
            ("CarePlanTypeMH", STRING),
            ("CarePlanCreatDate", DATE),
            ("CarePlanLastUpdateDate", DATE),
        ),
        unique=("UniqMonthID", "UniqCarePlanID"),
    ),
    Table(
        "MHS009CarePlanAgreement",
        _person_keys()
        + _cols(
            ("CarePlanID", STRING),
            ("UniqCarePlanID", STRING),
            ("CarePlanContentAgreedBy", STRING),
            ("CarePlanContentAgreedDate", DATE),
        ),
    ),
    Table(
        "MHS101Referral",
        _person_keys()
        + _cols(
            ("ServiceRequestID", STRING),
            ("UniqServReqID", STRING),
            ("CareProfTeamLocalID", STRING),
            ("ReferralRequestReceivedDate", DATE),
            ("SourceOfReferralMH", STRING),
            ("ClinRespPriorityType", STRING),
            Column("PrimReasonReferralMH", STRING, codes=REFERRAL_REASON),
            ("ServDischDate", DATE),
            ("ReferRejectionDate", DATE),
            ("AgeServReferRecDate", INT32),
            *_RECORD_DATES,
        ),
        unique=("UniqMonthID", "UniqServReqID"),
    ),
    Table(
        "MHS102OtherServiceType",
        _person_keys()
        + _cols(
            ("ServiceRequestID", STRING),
            ("UniqServReqID", STRING),
            ("OtherCareProfTeamLocalID", STRING),
            ("ReferClosureDate", DATE),
            ("ReferRejectionDate", DATE),
            *_RECORD_DATES,
        ),
        unique=("UniqMonthID", "UniqServReqID", "OtherCareProfTeamLocalID"),
    ),
    Table(
        "MHS201CareContact",
        _person_keys()
        + _cols(
            ("ServiceRequestID", STRING),
            ("UniqServReqID", STRING),
            ("CareContactID", STRING),
            ("UniqCareContID", STRING),
            ("CareContDate", DATE),
            ("CareContTime", TIME),
            Column("AttendStatus", STRING, codes=ATTEND_STATUS),
            Column("ConsMechanismMH", STRING, codes=CONSULTATION_MECHANISM),
            ("OtherCareProfTeamLocalID", STRING),
        ),
        unique=("UniqMonthID", "UniqCareContID"),
    ),
    Table(
        "MHS202CareActivity",
        _person_keys()
        + _cols(
            ("UniqServReqID", STRING),
            ("CareContactID", STRING),
            ("UniqCareContID", STRING),
            ("CareActID", STRING),
            ("UniqCareActID", STRING),
            ("Procedure", STRING),
        ),
        unique=("UniqMonthID", "UniqCareActID"),
    ),
    Table(
        "MHS204IndirectActivity",
        _person_keys()
        + _cols(
            ("ServiceRequestID", STRING),
            ("UniqServReqID", STRING),
            ("IndirectActDate", DATE),
            ("IndirectActTime", TIME),
            ("IndActProcedure", STRING),
        ),
    ),
    Table(
        "MHS501HospProvSpell",
        _person_keys()
        + _cols(
            ("ServiceRequestID", STRING),
            ("UniqServReqID", STRING),
            ("HospProvSpellID", STRING),
            ("UniqHospProvSpellID", STRING),
            ("StartDateHospProvSpell", DATE),
            ("DischDateHospProvSpell", DATE),
        ),
        unique=("UniqMonthID", "UniqHospProvSpellID"),
    ),
    Table(
        "MHS606CodedScoreAssessmentRefer",
        _person_keys()
        + _cols(
            ("ServiceRequestID", STRING),
            ("UniqServReqID", STRING),
            ("CodedAssToolType", STRING),
            ("PersScore", STRING),
            ("AssToolCompTimestamp", TIMESTAMP),
        ),
    ),
    Table(
        "MHS607CodedScoreAssessmentAct",
        _person_keys()
        + _cols(
            ("UniqServReqID", STRING),
            ("CareActID", STRING),
            ("UniqCareContID", STRING),
            ("UniqCareActID", STRING),
            ("CodedAssToolType", STRING),
            ("PersScore", STRING),
        ),
    ),
    Table(
        "MHS902ServiceTeamDetails",
        (
            Column("UniqMonthID", INT32, key=True),
            Column("OrgIDProv", STRING, key=True),
            Column("CareProfTeamLocalID", STRING, key=True),
            Column("ServTeamTypeMH", STRING, codes=TEAM_TYPE),
        ),
        unique=("UniqMonthID", "OrgIDProv", "CareProfTeamLocalID"),
    ),
)

REFERENCE_TABLES: tuple[Table, ...] = (
    Table(
        "snomed_refset_members",
        _cols(
            ("RefSetID", STRING),
            ("ReferencedComponentID", STRING),
            Column("Active", INT32),
            ("EffectiveTime", DATE),
        ),
        reference=True,
    ),
    Table(
        "coded_assessment_tools",
        _cols(("CodedAssToolType", STRING), ("ToolName", STRING), ("CountsAsOutcome", INT32)),
        unique=("CodedAssToolType",),
        reference=True,
    ),
    Table(
        "org_sub_icb_hierarchy",
        _cols(
            ("SubICBCode", STRING),
            ("SubICBName", STRING),
            ("ICBCode", STRING),
            ("ICBName", STRING),
            ("RegionCode", STRING),
            ("RegionName", STRING),
        ),
        unique=("SubICBCode",),
        reference=True,
        required=False,
    ),
    Table(
        "providers",
        _cols(("OrgIDProv", STRING), ("ProviderName", STRING)),
        unique=("OrgIDProv",),
        reference=True,
        required=False,
    ),
    Table(
        "imd_by_lsoa",
        _cols(("LSOA2011", STRING), ("IMD_Decile", INT32)),
        unique=("LSOA2011",),
        reference=True,
        required=False,
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in MHS_TABLES + REFERENCE_TABLES}

# Breakdowns that need a field or table the contract marks optional.
OPTIONAL_INPUTS: dict[str, tuple[str, ...]] = {
    "England; Gender": ("MHS001MPI.Gender",),
    "England; Upper Ethnicity": ("MHS001MPI.EthnicCategory",),
    "England; IMD Quintile": ("MHS001MPI.LSOA2011", "imd_by_lsoa"),
    "ICB of GP Practice or Residence": ("org_sub_icb_hierarchy",),
}

_EXAMPLES = 3


@dataclass(frozen=True)
class Problem:
    """One finding about an extract. Errors stop a run; notices only inform."""

    table: str
    message: str
    column: str | None = None
    examples: tuple[str, ...] = ()
    error: bool = True

    def __str__(self) -> str:
        where = self.table if self.column is None else f"{self.table}.{self.column}"
        text = f"{where}: {self.message}"
        if self.examples:
            text += " (for example " + "; ".join(self.examples) + ")"
        return text


@dataclass
class TableFile:
    """Where a table was found and the Arrow schema of the file."""

    table: Table
    path: Path
    schema: pa.Schema
    present: set[str] = field(default_factory=set)

    @property
    def is_csv(self) -> bool:
        return self.path.suffix == ".csv"


def find_table(input_dir: Path, table: Table) -> Path | None:
    """The file holding `table` in `input_dir` (Parquet preferred), or None."""
    for suffix in (".parquet", ".csv"):
        path = Path(input_dir) / f"{table.relpath}{suffix}"
        if path.exists():
            return path
    return None


def _schema(path: Path) -> pa.Schema:
    if path.suffix == ".csv":
        # Every CSV column is read as text; parsing is checked per column below.
        with path.open(newline="", encoding="utf-8-sig") as f:
            header = next(csv.reader(f), [])
        return pa.schema([pa.field(n, pa.string()) for n in header])
    return pq.read_schema(path)


def _type_ok(wanted: str, got: pa.DataType) -> bool:
    if pa.types.is_null(got):
        return True
    if wanted in (INT32, INT64):
        return pa.types.is_integer(got)
    if wanted == STRING:
        return pa.types.is_string(got) or pa.types.is_large_string(got)
    if wanted == DATE:
        return pa.types.is_date(got) or pa.types.is_timestamp(got)
    if wanted == TIME:
        return pa.types.is_time(got) or pa.types.is_string(got)
    if wanted == TIMESTAMP:
        return pa.types.is_timestamp(got) or pa.types.is_date(got)
    return False


def _describe(t: pa.DataType) -> str:
    if pa.types.is_integer(t):
        return "a whole number"
    if pa.types.is_floating(t):
        return "a decimal number"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "text"
    if pa.types.is_date(t):
        return "a date"
    if pa.types.is_timestamp(t):
        return "a timestamp"
    return str(t)


_WANTED = {
    INT32: "whole numbers",
    INT64: "whole numbers",
    STRING: "text (codes and identifiers are text even when they look numeric)",
    DATE: "dates",
    TIME: "times",
    TIMESTAMP: "timestamps",
}


def locate(input_dir: Path) -> tuple[dict[str, TableFile], list[Problem]]:
    """Find every contract table in `input_dir` and check its columns and types."""
    found: dict[str, TableFile] = {}
    problems: list[Problem] = []
    for table in TABLES.values():
        path = find_table(input_dir, table)
        if path is None:
            if table.required:
                problems.append(
                    Problem(
                        table.name,
                        f"table is missing: expected {table.relpath}.parquet or "
                        f"{table.relpath}.csv in {input_dir}",
                    )
                )
            else:
                problems.append(
                    Problem(
                        table.name,
                        "optional reference table not supplied; breakdowns that need it "
                        "are left out",
                        error=False,
                    )
                )
            continue
        try:
            schema = _schema(path)
        except (pa.ArrowInvalid, OSError) as exc:
            problems.append(Problem(table.name, f"file {path.name} cannot be read: {exc}"))
            continue
        tf = TableFile(table, path, schema)
        for col in table.columns:
            if col.name not in schema.names:
                if col.optional:
                    problems.append(
                        Problem(
                            table.name,
                            "optional column not supplied; breakdowns that need it are left out",
                            col.name,
                            error=False,
                        )
                    )
                else:
                    near = [n for n in schema.names if n.lower() == col.name.lower()]
                    hint = f" (found {near[0]!r}: names are case-sensitive)" if near else ""
                    problems.append(Problem(table.name, f"column is missing{hint}", col.name))
                continue
            got = schema.field(col.name).type
            if not tf.is_csv and not _type_ok(col.type, got):
                problems.append(
                    Problem(
                        table.name,
                        f"wrong type: should hold {_WANTED[col.type]} but holds {_describe(got)}",
                        col.name,
                    )
                )
                continue
            tf.present.add(col.name)
        found[table.name] = tf
    return found, problems


# Value checks run as plain SQL on an embedded DuckDB: per table, one summary pass and one
# pass over the unique key. Rows are looked at again only to fetch examples of a problem
# those passes have already found.

# The characters that leave a value blank when it holds nothing else.
_BLANK = " \t\n\r\x0b\x0c"
_PARSE_SQL = {DATE: "DATE", INT32: "INT", INT64: "BIGINT", TIMESTAMP: "TIMESTAMP"}
# Spill to disk rather than grow past this while checking a national extract.
_MEMORY_LIMIT = "2GB"
_BATCH_ROWS = 1_000_000
_WORKERS = 2


def _ident(name: str) -> str:
    """`name` quoted as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    """`value` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def _select(what: str, source: str, rest: str = "") -> str:
    """A SELECT statement. Names reach it only through `_ident`, values through `_literal`."""
    return f"SELECT {what} FROM {source} {rest}".rstrip()  # noqa: S608


def _as_text(col: str) -> str:
    return f"CAST({_ident(col)} AS VARCHAR)"


def _trimmed(sql: str) -> str:
    return f"TRIM({sql}, {_literal(_BLANK)})"


def _row_label(col: str | None = None) -> str:
    """SQL for an example's label: "row N", or "row N: value" when `col` is given."""
    label = "'row ' || CAST(_row AS VARCHAR)"
    if col is not None:
        label += f" || ': ' || COALESCE({_as_text(col)}, '')"
    return label


def _is_text(t: pa.DataType) -> bool:
    return pa.types.is_string(t) or pa.types.is_large_string(t)


@dataclass(frozen=True)
class _Check:
    """A condition (SQL) that makes a row bad: an unparseable value or an empty key."""

    column: str
    kind: str
    condition: str


def _open(con: duckdb.DuckDBPyConnection, tf: TableFile) -> str:
    """Make the file queryable with a 1-based row number `_row`; returns its SQL name.

    A CSV file is read entirely as text and held as a temporary table; a Parquet file is a
    view whose row number comes free from the reader.
    """
    name = _ident(f"raw_{tf.table.name}")
    path = _literal(str(tf.path))
    if tf.is_csv:
        csv_file = f"read_csv({path}, all_varchar = true, header = true, auto_detect = true)"
        rows = _select("*, row_number() OVER () AS _row", csv_file)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {rows}")
    else:
        parquet_file = f"read_parquet({path}, file_row_number = true)"
        rows = _select("* EXCLUDE (file_row_number), file_row_number + 1 AS _row", parquet_file)
        con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {rows}")
    return name


def _close(con: duckdb.DuckDBPyConnection, tf: TableFile, name: str) -> None:
    con.execute(f"DROP {'TABLE' if tf.is_csv else 'VIEW'} IF EXISTS {name}")


def _starts_above_blank(low: str | None) -> bool:
    """True if every value at or above `low` starts with a character that is not blank."""
    return low is not None and low != "" and low[0] > " "


def _keys_known_filled(con: duckdb.DuckDBPyConnection, tf: TableFile) -> set[str]:
    """Key columns whose Parquet statistics prove no value is empty, so need no scan.

    A row group settles a column when it counts no nulls and, for text, its smallest value
    starts with a character above every blank one. Missing statistics settle nothing.
    """
    keys = {c.name for c in tf.table.columns if c.key and c.name in tf.present}
    if tf.is_csv or not keys:
        return set()
    stats = _select(
        "path_in_schema, stats_null_count, stats_min_value",
        f"parquet_metadata({_literal(str(tf.path))})",
    )
    rows = con.execute(stats).fetchall()
    filled: dict[str, bool] = {}
    for name, nulls, low in rows:
        if name not in keys:
            continue
        text = _is_text(tf.schema.field(name).type)
        ok = nulls == 0 and (not text or _starts_above_blank(low))
        filled[name] = filled.get(name, True) and ok
    return {name for name, ok in filled.items() if ok}


def _row_checks(tf: TableFile, filled: set[str]) -> list[_Check]:
    """What makes a row bad, column by column: unparseable values (CSV), then empty keys."""
    checks: list[_Check] = []
    for col in tf.table.columns:
        if col.name not in tf.present:
            continue
        if tf.is_csv and col.type in _PARSE_SQL:
            text = _trimmed(_ident(col.name))
            cast = f"TRY_CAST({text} AS {_PARSE_SQL[col.type]})"
            checks.append(_Check(col.name, "parse", f"({text} <> '' AND {cast} IS NULL)"))
        if col.key and col.name not in filled:
            if tf.is_csv or _is_text(tf.schema.field(col.name).type):
                text = _as_text(col.name)
                empty = f"({text} IS NULL OR {_trimmed(text)} = '')"
            else:
                # A number, date or time is empty only when it is missing.
                empty = f"({_ident(col.name)} IS NULL)"
            checks.append(_Check(col.name, "empty", empty))
    return checks


@dataclass
class _Summary:
    """One pass over a table: its row count, bad rows per check, distinct values per code."""

    rows: int
    bad: list[int]
    codes: list[list[str]]


def _summarise(
    con: duckdb.DuckDBPyConnection, source: str, checks: list[_Check], codes: list[Column]
) -> _Summary:
    parts = ["count(*)"]
    parts += [f"count_if({c.condition})" for c in checks]
    parts += [
        f"list(DISTINCT {_as_text(c.name)}) FILTER (WHERE {_ident(c.name)} IS NOT NULL)"
        for c in codes
    ]
    row = con.execute(_select(", ".join(parts), source)).fetchone()
    assert row is not None
    n = len(checks)
    return _Summary(
        rows=int(row[0]),
        bad=[int(v or 0) for v in row[1 : 1 + n]],
        codes=[list(v or []) for v in row[1 + n :]],
    )


def _examples(
    con: duckdb.DuckDBPyConnection,
    source: str,
    where: str,
    label: str,
    params: list[object] | None = None,
) -> tuple[str, ...]:
    """Labels of the first few rows (in file order) that meet `where`."""
    sql = _select(label, source, f"WHERE {where} ORDER BY _row LIMIT {_EXAMPLES}")
    return tuple(str(r[0]) for r in con.execute(sql, params).fetchall())


def _bad_codes(col: Column, values: list[str]) -> list[str]:
    """The non-blank values of a code column that its code list does not allow, sorted."""
    assert col.codes is not None
    return sorted(v for v in values if v.strip(_BLANK) != "" and not col.codes.allows(v))


def _key_hash(keys: tuple[str, ...]) -> str:
    return f"hash({', '.join(_ident(k) for k in keys)})"


def _repeated_hashes(
    con: duckdb.DuckDBPyConnection, source: str, keys: tuple[str, ...], rows: int
) -> np.ndarray:
    """Key hashes held by more than one row: every duplicated key's hash, and rarely a clash.

    The hashes (eight bytes a row) are sorted in memory, which is far quicker than asking
    the database to count distinct keys.
    """
    hashes = np.empty(rows, dtype=np.uint64)
    filled = 0
    reader = con.execute(_select(_key_hash(keys), source)).to_arrow_reader(_BATCH_ROWS)
    for batch in reader:
        part = batch.column(0).to_numpy()
        hashes[filled : filled + len(part)] = part
        filled += len(part)
    hashes = hashes[:filled]
    hashes.sort()
    repeated: np.ndarray = np.unique(hashes[1:][hashes[1:] == hashes[:-1]])
    return repeated


def _duplicates(
    con: duckdb.DuckDBPyConnection, source: str, keys: tuple[str, ...], rows: int
) -> tuple[str, ...]:
    """Examples of keys held by more than one row, first-seen first; empty if there are none.

    Only rows whose key hash repeats are grouped by the key itself, so a hash clash between
    different keys is never reported.
    """
    repeated = _repeated_hashes(con, source, keys, rows)
    if len(repeated) == 0:
        return ()
    con.register("_repeated", pa.table({"h": repeated}))
    try:
        key_list = ", ".join(_ident(k) for k in keys)
        values = " || ' / ' || ".join(f"COALESCE({_as_text(k)}, '')" for k in keys)
        label = (
            f"'row ' || CAST(_first AS VARCHAR) || ' and others: ' || {values} "
            "|| ' (' || CAST(_n AS VARCHAR) || ' rows)'"
        )
        groups = _select(
            f"{key_list}, count(*) AS _n, min(_row) AS _first",
            source,
            f"WHERE {_key_hash(keys)} IN ({_select('h', '_repeated')}) "
            f"GROUP BY {key_list} HAVING count(*) > 1",
        )
        sql = _select(label, f"({groups})", f"ORDER BY _first LIMIT {_EXAMPLES}")
        return tuple(str(r[0]) for r in con.execute(sql).fetchall())
    finally:
        con.unregister("_repeated")


def _row_problems(
    con: duckdb.DuckDBPyConnection, tf: TableFile, source: str, checks: list[_Check], bad: list[int]
) -> list[Problem]:
    problems: list[Problem] = []
    for check, count in zip(checks, bad, strict=True):
        if not count:
            continue
        col = tf.table.column(check.column)
        if check.kind == "parse":
            what = {DATE: "date (expected YYYY-MM-DD)", TIMESTAMP: "timestamp"}.get(
                col.type, "whole number"
            )
            found = _examples(con, source, check.condition, _row_label(col.name))
            problems.append(Problem(tf.table.name, f"unparseable {what}", col.name, found))
        else:
            found = _examples(con, source, check.condition, _row_label())
            problems.append(Problem(tf.table.name, "key field is empty", col.name, found))
    return problems


def _code_problem(
    con: duckdb.DuckDBPyConnection, tf: TableFile, source: str, col: Column, values: list[str]
) -> Problem | None:
    assert col.codes is not None
    bad_codes = _bad_codes(col, values)
    if not bad_codes:
        return None
    shown = ", ".join(repr(c) for c in bad_codes[:_EXAMPLES])
    where = f"list_contains(?, {_as_text(col.name)})"
    found = _examples(con, source, where, _row_label(col.name), [bad_codes])
    return Problem(
        tf.table.name, f"code not in the {col.codes.name} code list: {shown}", col.name, found
    )


def _check_values(con: duckdb.DuckDBPyConnection, tf: TableFile) -> list[Problem]:
    """Parse checks (CSV), empty keys, codes and duplicate keys for one table."""
    source = _open(con, tf)
    try:
        checks = _row_checks(tf, _keys_known_filled(con, tf))
        codes = [c for c in tf.table.columns if c.codes is not None and c.name in tf.present]
        summary = _summarise(con, source, checks, codes)
        problems = _row_problems(con, tf, source, checks, summary.bad)
        unparseable = {
            c.column for c, n in zip(checks, summary.bad, strict=True) if c.kind == "parse" and n
        }
        for col, values in zip(codes, summary.codes, strict=True):
            if col.name not in unparseable:
                problem = _code_problem(con, tf, source, col, values)
                problems += [problem] if problem else []
        keys = tf.table.unique
        if keys and all(k in tf.present for k in keys):
            found = _duplicates(con, source, keys, summary.rows)
            if found:
                what = f"duplicate key: more than one row for the same {', '.join(keys)}"
                problems.append(Problem(tf.table.name, what, examples=found))
        return problems
    finally:
        _close(con, tf, source)


def _check_on_cursor(con: duckdb.DuckDBPyConnection, tf: TableFile) -> list[Problem]:
    """Check one file on a cursor of its own, so that tables can be checked side by side."""
    cursor = con.cursor()
    try:
        cursor.execute("SET enable_progress_bar = false")
        return _check_values(cursor, tf)
    finally:
        cursor.close()


def _check_all_values(files: Iterable[TableFile]) -> list[Problem]:
    """Check the rows of every file on one embedded DuckDB that spills to a scratch folder.

    Two tables are checked at a time: fetching key hashes runs on one core, so a second
    table keeps the other busy.
    """
    scratch = tempfile.mkdtemp(prefix="opencmh-checks-")
    try:
        con = duckdb.connect(config={"memory_limit": _MEMORY_LIMIT, "temp_directory": scratch})
        try:
            with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
                found = pool.map(lambda tf: _check_on_cursor(con, tf), files)
                return [p for problems in found for p in problems]
        finally:
            con.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def validate(input_dir: Path | str, *, check_values: bool = True) -> list[Problem]:
    """Check an extract directory against the contract.

    Returns every problem found (errors and notices), in contract order. Missing tables and
    columns and wrong types are always checked; with `check_values` the rows are checked
    too (parseable dates and numbers in CSV files, empty keys, codes, duplicate keys).
    """
    input_dir = Path(input_dir)
    if not input_dir.is_dir():
        return [Problem("(extract)", f"{input_dir} is not a directory")]
    found, problems = locate(input_dir)
    if check_values:
        problems.extend(_check_all_values(found.values()))
    order = {name: i for i, name in enumerate(TABLES)}
    problems.sort(key=lambda p: (order.get(p.table, -1), not p.error))
    return problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that stop a run."""
    return [p for p in problems if p.error]
