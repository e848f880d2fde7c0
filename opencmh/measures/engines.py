"""Engines: connect to DuckDB (default) or Spark, load an extract, run every measure.

The measure definitions are Ibis expressions and know nothing of the engine. This module
turns an extract directory into Ibis tables on the chosen backend, with every column cast
to its contract type, and hands them to the definitions.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from ibis.backends import BaseBackend

from opencmh.measures import contract
from opencmh.measures.period import Period

ENGINES = ("duckdb", "spark")
# DuckDB spills beyond this; the whole run stays well inside 6 GB on a national extract.
DEFAULT_MEMORY_LIMIT = "4GB"
DEFAULT_SPARK_DRIVER_MEMORY = "8g"

_IBIS_TYPES = {
    contract.INT32: "int32",
    contract.INT64: "int64",
    contract.STRING: "string",
    contract.DATE: "date",
    contract.TIMESTAMP: "timestamp",
}


class ExtractError(Exception):
    """The extract does not meet the contract; `problems` says how."""

    def __init__(self, problems: list[contract.Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Extract:
    """The contract tables of one extract, as Ibis tables on one backend."""

    con: BaseBackend
    tables: dict[str, ir.Table]
    # "table.column" and reference table names that were supplied (for breakdowns).
    supplied: set[str] = field(default_factory=set)
    # The lowest and highest UniqMonthID of each table, where the file's statistics give them.
    month_range: dict[str, tuple[int, int]] = field(default_factory=dict)
    _materialised: int = 0

    def __getitem__(self, name: str) -> ir.Table:
        return self.tables[name]

    def small_table(
        self, name: str, rows: dict[str, list[Any]], schema: dict[str, str]
    ) -> ir.Table:
        """A small in-memory table (code lists, months) registered on the backend."""
        return register(self.con, name, rows, schema)

    def materialise(self, expr: ir.Table) -> ir.Table:
        """Compute `expr` once and keep it for the rest of the run.

        DuckDB keeps a temporary table. Spark keeps a local checkpoint: unlike a cache it
        cuts the lineage, so later plans stay small and quick to plan.
        """
        if self.con.name != "pyspark":
            return expr.cache()
        self._materialised += 1
        name = f"opencmh_step_{self._materialised}"
        session = self.con._session  # type: ignore[attr-defined]
        df = session.sql(self.con.compile(expr)).localCheckpoint(eager=True)
        df.createOrReplaceTempView(name)
        return self.con.table(name)

    def has(self, item: str) -> bool:
        """True if an optional column ("MHS001MPI.Gender") or reference table was supplied."""
        return item in self.supplied


def connect(
    engine: str = "duckdb",
    *,
    spark_master: str | None = None,
    spark_session: Any = None,
    threads: int | None = None,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    spark_driver_memory: str = DEFAULT_SPARK_DRIVER_MEMORY,
) -> BaseBackend:
    """An Ibis backend for `engine`: embedded DuckDB, or Spark (local unless a master is given)."""
    if engine == "duckdb":
        con = ibis.duckdb.connect()
        # OpenCMH shows its own progress; DuckDB's bar would garble logs and CI output.
        con.raw_sql("SET enable_progress_bar = false")
        # Row order never matters to an aggregate: dropping it saves memory and time.
        con.raw_sql("SET preserve_insertion_order = false")
        # Bounded memory: joins and aggregates larger than the limit spill to disk.
        con.raw_sql(f"SET memory_limit = '{_size(memory_limit)}'")
        spill = tempfile.mkdtemp(prefix="opencmh-duckdb-")
        weakref.finalize(con, shutil.rmtree, spill, ignore_errors=True)
        con.raw_sql(f"SET temp_directory = '{spill}'")
        if threads:
            con.raw_sql(f"SET threads = {int(threads)}")
        return con
    if engine == "spark":
        if spark_session is None:
            spark_session = _spark_session(spark_master, spark_driver_memory)
        # Plans over cached tables embed the cached plans: an untruncated plan string
        # (built for every query's event log) grows past the driver's heap.
        spark_session.conf.set("spark.sql.maxPlanStringLength", "65536")
        return ibis.pyspark.connect(spark_session)
    raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")


def _size(text: str) -> str:
    """A memory size such as '4GB' or '512MB', checked so it is safe to put in SQL."""
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", text.strip()):
        raise ValueError(f"{text!r} is not a memory size such as 4GB or 512MB")
    return text.strip()


# Spark settings for local mode (one machine, a few cores), applied only when this process
# starts Spark itself. Adaptive execution sizes each shuffle from the data it actually
# holds: small shuffles collapse into a partition or two, large ones are split so no task
# holds more than about 64 MB, and small join sides found at run time are broadcast.
_SPARK_LOCAL_CONF = {
    "spark.sql.shuffle.partitions": "32",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.adaptive.coalescePartitions.enabled": "true",
    "spark.sql.adaptive.coalescePartitions.parallelismFirst": "false",
    "spark.sql.adaptive.advisoryPartitionSizeInBytes": "64m",
    "spark.sql.adaptive.skewJoin.enabled": "true",
    "spark.sql.autoBroadcastJoinThreshold": "32m",
    "spark.sql.files.maxPartitionBytes": "128m",
    "spark.serializer": "org.apache.spark.serializer.KryoSerializer",
    "spark.ui.enabled": "false",
}


def _spark_session(master: str | None, driver_memory: str = DEFAULT_SPARK_DRIVER_MEMORY) -> Any:
    """A Spark session: local on all cores unless a master is given."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise RuntimeError("the Spark engine needs PySpark: pip install 'opencmh[spark]'") from exc
    builder = (
        SparkSession.builder.appName("opencmh-measures")
        .master(master or "local[*]")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false")
        # Honoured when this process starts the JVM (local mode); a cluster sets its own.
        .config("spark.driver.memory", driver_memory)
    )
    if master is None or master.startswith("local"):
        for key, value in _SPARK_LOCAL_CONF.items():
            builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _spark_type(t: pa.DataType) -> Any:
    from pyspark.sql import types as st

    if pa.types.is_int8(t):
        return st.ByteType()
    if pa.types.is_int16(t):
        return st.ShortType()
    if pa.types.is_int32(t) or pa.types.is_uint8(t) or pa.types.is_uint16(t):
        return st.IntegerType()
    if pa.types.is_integer(t):
        return st.LongType()
    if pa.types.is_date(t):
        return st.DateType()
    if pa.types.is_timestamp(t):
        return st.TimestampType() if t.tz else st.TimestampNTZType()
    return st.StringType()


def _read(con: BaseBackend, tf: contract.TableFile, columns: list[str]) -> ir.Table:
    """The raw file as an Ibis table holding only `columns` (all present in the file)."""
    name = f"src_{tf.table.name}"
    path = str(tf.path)
    if con.name == "pyspark":
        session = con._session  # type: ignore[attr-defined]
        if tf.is_csv:
            df = session.read.option("header", True).csv(path)
        else:
            from pyspark.sql import types as st

            # Spark cannot infer a schema holding Parquet TIME columns, so it is given
            # the columns the measures read, with the file's own types.
            schema = st.StructType(
                [st.StructField(c, _spark_type(tf.schema.field(c).type)) for c in columns]
            )
            df = session.read.schema(schema).parquet(path)
        df.select(*columns).createOrReplaceTempView(name)
        return con.table(name)
    if tf.is_csv:
        return con.read_csv(path, table_name=name, all_varchar=True, header=True).select(columns)
    return con.read_parquet(path, table_name=name).select(columns)


def _typed(t: ir.Table, table: contract.Table, tf: contract.TableFile | None) -> ir.Table:
    """Every contract column (TIME columns excepted) cast to its contract type."""
    out: dict[str, ir.Value] = {}
    for col in table.columns:
        if col.type == contract.TIME:
            continue  # no measure reads clock times, and Spark cannot hold them
        wanted = _IBIS_TYPES[col.type]
        present = tf is not None and col.name in tf.present
        if present and not pa.types.is_null(tf.schema.field(col.name).type):  # type: ignore[union-attr]
            v = t[col.name]
            if tf.is_csv:  # type: ignore[union-attr]
                text = v.cast("string").strip()
                out[col.name] = (
                    ibis.ifelse(text == "", ibis.null(wanted), text)
                    if wanted == "string"
                    else text.nullif("").try_cast(wanted)
                )
            else:
                out[col.name] = v.cast(wanted)
        else:
            out[col.name] = ibis.null(wanted)
    return t.select(**out)


def load_extract(
    con: BaseBackend, input_dir: Path, *, check_values: bool = True
) -> tuple[Extract, list[contract.Problem]]:
    """Validate `input_dir` and load it. Raises ExtractError if it breaks the contract."""
    problems = contract.validate(input_dir, check_values=check_values)
    if contract.errors(problems):
        raise ExtractError(contract.errors(problems))
    found, _ = contract.locate(Path(input_dir))
    tables: dict[str, ir.Table] = {}
    supplied: set[str] = set()
    month_range: dict[str, tuple[int, int]] = {}
    for table in contract.TABLES.values():
        tf = found.get(table.name)
        if tf is None:
            tables[table.name] = _empty(con, table)
            continue
        supplied.add(table.name)
        supplied.update(f"{table.name}.{c}" for c in tf.present)
        cols = [
            c.name
            for c in table.columns
            if c.name in tf.present
            and c.type != contract.TIME
            and not pa.types.is_null(tf.schema.field(c.name).type)
        ]
        raw = _read(con, tf, cols) if cols else _empty(con, table)
        tables[table.name] = _typed(raw, table, tf)
        months = _month_range(tf)
        if months is not None:
            month_range[table.name] = months
    return Extract(con, tables, supplied, month_range), problems


def _month_range(tf: contract.TableFile) -> tuple[int, int] | None:
    """The lowest and highest UniqMonthID in a Parquet file, from its row-group statistics.

    None when the file is CSV or a row group has no statistics. Knowing them lets a run
    skip month conditions that hold for every row: a filtered file scan is estimated to
    return a fraction of its rows, which can lead the engine to build a join on the larger
    side.
    """
    if tf.is_csv or "UniqMonthID" not in tf.present:
        return None
    metadata = pq.ParquetFile(tf.path).metadata
    column = tf.schema.get_field_index("UniqMonthID")
    low: int | None = None
    high: int | None = None
    for i in range(metadata.num_row_groups):
        stats = metadata.row_group(i).column(column).statistics
        if stats is None or not stats.has_min_max:
            return None
        if not isinstance(stats.min, int) or not isinstance(stats.max, int):
            return None
        low = stats.min if low is None else min(low, stats.min)
        high = stats.max if high is None else max(high, stats.max)
    if low is None or high is None:
        return None
    return low, high


def _empty(con: BaseBackend, table: contract.Table) -> ir.Table:
    schema = {c.name: _IBIS_TYPES[c.type] for c in table.columns if c.type != contract.TIME}
    return register(con, f"empty_{table.name}", {n: [] for n in schema}, schema)


def register(
    con: BaseBackend, name: str, rows: dict[str, list[Any]], schema: dict[str, str]
) -> ir.Table:
    """Register a small table on the backend by name.

    Ibis memtables are not carried into cached expressions on Spark, so small tables
    are registered as named (temporary) tables on every engine instead.
    """
    ibis_schema = ibis.schema(schema)
    if con.name == "pyspark":
        from ibis.backends.pyspark.datatypes import PySparkSchema

        session = con._session  # type: ignore[attr-defined]
        spark_schema = PySparkSchema.from_ibis(ibis_schema)
        session.sql(_spark_values(rows, spark_schema)).createOrReplaceTempView(name)
        return con.table(name)
    arrow = pa.table({c: pa.array(rows[c], type=ibis_schema[c].to_pyarrow()) for c in schema})
    return con.create_table(name, arrow, temp=True, overwrite=True)


def _spark_values(rows: dict[str, list[Any]], spark_schema: Any) -> str:
    """A Spark SQL query holding `rows` as literals.

    Spark plans it as a local table: it needs no Python worker to read, and its exact size
    lets every join with it be a broadcast join.
    """
    fields = list(spark_schema.fields)
    names = ["`" + f.name.replace("`", "``") + "`" for f in fields]
    columns = [rows[f.name] for f in fields]
    count = len(columns[0]) if columns else 0
    if count == 0:
        nulls = ", ".join(
            f"CAST(NULL AS {f.dataType.simpleString()}) AS {n}"
            for f, n in zip(fields, names, strict=True)
        )
        return f"SELECT {nulls} WHERE false"
    tuples = ", ".join(
        "("
        + ", ".join(
            _spark_literal(col[i], f.dataType) for col, f in zip(columns, fields, strict=True)
        )
        + ")"
        for i in range(count)
    )
    typed = ", ".join(
        f"CAST(col{i + 1} AS {f.dataType.simpleString()}) AS {n}"
        for i, (f, n) in enumerate(zip(fields, names, strict=True))
    )
    # Every value is a typed literal with its quotes escaped (see _spark_literal).
    return f"SELECT {typed} FROM VALUES {tuples}"  # noqa: S608


def _spark_literal(value: Any, spark_type: Any) -> str:
    """`value` as a Spark SQL literal of `spark_type`."""
    if value is None:
        return f"CAST(NULL AS {spark_type.simpleString()})"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"CAST({value!r} AS {spark_type.simpleString()})"
    if isinstance(value, datetime):
        return f"TIMESTAMP'{value.isoformat(sep=' ')}'"
    if isinstance(value, date):
        return f"DATE'{value.isoformat()}'"
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


Progress = Callable[[str], None]


def run_measures(
    input_dir: Path | str,
    period_end: date,
    engine: str = "duckdb",
    *,
    spark_master: str | None = None,
    spark_session: Any = None,
    progress: Progress | None = None,
    check_values: bool = True,
    memory_limit: str = DEFAULT_MEMORY_LIMIT,
    spark_driver_memory: str = DEFAULT_SPARK_DRIVER_MEMORY,
) -> pd.DataFrame:
    """Compute every measure for the period ending `period_end`, in the publication layout.

    Validates the extract first (raising ExtractError for a bad one). Only aggregated rows
    come back from the engine.
    """
    from opencmh.measures.definitions import compute_all

    period = Period(period_end)
    con = connect(
        engine,
        spark_master=spark_master,
        spark_session=spark_session,
        memory_limit=memory_limit,
        spark_driver_memory=spark_driver_memory,
    )
    say = progress or (lambda _step: None)
    say("checking the extract")
    extract, _ = load_extract(con, Path(input_dir), check_values=check_values)
    return compute_all(extract, period, progress=say)
