"""The MHSDS v6 extract contract: the tables and fields the measures engine reads.

An extract is a directory holding one file per table, `<TableName>.parquet` or
`<TableName>.csv`, plus reference tables in `reference/`. `validate()` checks a directory
against this contract and returns plain-English problems; it never raises for a bad
extract. The contract is described for people in `docs/measures.md`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.parquet as pq
from ibis.backends import BaseBackend

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


def _raw(con: BaseBackend, tf: TableFile) -> ir.Table:
    """The file as an Ibis table with a 1-based row number (CSV read entirely as text)."""
    name = f"raw_{tf.table.name}"
    if tf.is_csv:
        t = con.read_csv(str(tf.path), table_name=name, all_varchar=True, header=True)
        return t.mutate(_row=ibis.row_number() + 1)
    # The reader's own row number is free; a window over the whole table is not.
    t = con.read_parquet(str(tf.path), table_name=name, file_row_number=True)
    return t.rename(_row="file_row_number").mutate(_row=ibis._._row + 1)


def _examples(expr: ir.Table, label: ir.StringValue) -> tuple[str, ...]:
    rows = expr.order_by("_row").limit(_EXAMPLES).select(x=label).to_pyarrow()
    return tuple(str(v) for v in rows.column("x").to_pylist())


def _row_label(t: ir.Table, col: str | None = None) -> ir.StringValue:
    text = ibis.literal("row ") + t._row.cast("string")
    if col is not None:
        text = text + ": " + t[col].cast("string").fill_null("")
    return text


_PARSE_TYPES = {DATE: "date", INT32: "int32", INT64: "int64", TIMESTAMP: "timestamp"}


def _row_checks(t: ir.Table, tf: TableFile) -> dict[tuple[str, str], ir.BooleanValue]:
    """Conditions that make a row bad, by (column, kind): unparseable values, empty keys."""
    checks: dict[tuple[str, str], ir.BooleanValue] = {}
    for col in tf.table.columns:
        if col.name not in tf.present:
            continue
        v = t[col.name]
        if tf.is_csv and col.type in _PARSE_TYPES:
            text = v.strip()
            checks[(col.name, "parse")] = (text != "") & text.try_cast(
                _PARSE_TYPES[col.type]
            ).isnull()
        if col.key:
            text = v.cast("string")
            checks[(col.name, "empty")] = text.isnull() | (text.strip() == "")
    return checks


def _check_values(con: BaseBackend, tf: TableFile) -> list[Problem]:
    """Parse checks (CSV), empty keys, codes and duplicate keys for one table."""
    problems: list[Problem] = []
    name = tf.table.name
    t = _raw(con, tf)
    checks = _row_checks(t, tf)
    # One pass counts every kind of bad row; examples are fetched only when there are any.
    counts: dict[tuple[str, str], int] = {}
    if checks:
        aggs = {f"c{i}": cond.fill_null(False).sum() for i, cond in enumerate(checks.values())}
        row = t.aggregate(**aggs).to_pyarrow().to_pylist()[0]
        counts = {key: int(row[f"c{i}"] or 0) for i, key in enumerate(checks)}
    unparseable: set[str] = set()
    for (col_name, kind), cond in checks.items():
        if not counts.get((col_name, kind)):
            continue
        bad = t.filter(cond)
        col = tf.table.column(col_name)
        if kind == "parse":
            unparseable.add(col_name)
            what = {DATE: "date (expected YYYY-MM-DD)", TIMESTAMP: "timestamp"}.get(
                col.type, "whole number"
            )
            found = _examples(bad, _row_label(bad, col_name))
            problems.append(Problem(name, f"unparseable {what}", col_name, found))
        else:
            found = _examples(bad, _row_label(bad))
            problems.append(Problem(name, "key field is empty", col_name, found))
    for col in tf.table.columns:
        if col.codes is None or col.name not in tf.present or col.name in unparseable:
            continue
        text = t[col.name].cast("string")
        values = (
            t.filter(text.notnull(), text.strip() != "")
            .select(code=text)
            .distinct()
            .to_pyarrow()
            .column("code")
            .to_pylist()
        )
        bad_codes = sorted(c for c in values if not col.codes.allows(c))
        if bad_codes:
            shown = ", ".join(repr(c) for c in bad_codes[:_EXAMPLES])
            rows = t.filter(text.isin(bad_codes))
            problems.append(
                Problem(
                    name,
                    f"code not in the {col.codes.name} code list: {shown}",
                    col.name,
                    _examples(rows, _row_label(rows, col.name)),
                )
            )
    keys = tf.table.unique
    if keys and all(k in tf.present for k in keys):
        counted = t.group_by(list(keys)).agg(n=ibis._.count(), _row=t._row.min())
        dups = counted.filter(counted.n > 1)
        label = ibis.literal("row ") + dups._row.cast("string") + " and others: "
        for i, k in enumerate(keys):
            label = label + ("" if i == 0 else " / ") + dups[k].cast("string").fill_null("")
        found = _examples(dups, label + " (" + dups.n.cast("string") + " rows)")
        if found:
            problems.append(
                Problem(
                    name,
                    f"duplicate key: more than one row for the same {', '.join(keys)}",
                    examples=found,
                )
            )
    return problems


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
        con = ibis.duckdb.connect()
        try:
            for tf in found.values():
                problems.extend(_check_values(con, tf))
        finally:
            con.disconnect()
    order = {name: i for i, name in enumerate(TABLES)}
    problems.sort(key=lambda p: (order.get(p.table, -1), not p.error))
    return problems


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that stop a run."""
    return [p for p in problems if p.error]
