"""`make bench`: synthesis and whole-suite measure runs at national scale, with figures.

Each step runs as its own subprocess through the `opencmh` command line, so its wall time
and peak memory are its own. Synthetic extracts are cached under `bench-data/` (keyed by
people, months, seed and the generator's source) and reused while the generator is
unchanged. Figures are kept in `bench-data/results/figures.json` (latest per step) and
written to `docs/benchmarks.md`.

Settings (environment variables):

  BENCH_SCALES        people per extract, comma separated (default 500000,1000000,2000000,4000000)
  BENCH_SPARK         1 to run the Spark engine too, 0 to skip it (default 1)
  BENCH_SPARK_SCALES  scales to run on Spark (default: the smallest and the largest of BENCH_SCALES)
  BENCH_SPARK_MEMORY  Spark driver memory (default 12g)
  BENCH_DUCKDB_MEMORY DuckDB memory limit (default 4GB)
  BENCH_PERIOD_END    period end of the measure runs (default 2025-03-31)
  BENCH_MONTHS        months per extract (default 15)
  BENCH_SEED          generator seed (default 1)
  BENCH_DATA          where extracts and results go (default bench-data)
  BENCH_TIMEOUT       seconds before a step is stopped (default 10800)
  BENCH_DOCS          1 to rewrite docs/benchmarks.md (default 1)
  BENCH_STATE         file in bench-data/results keeping the figures (default figures.json)
  BENCH_DUCKDB        1 to run DuckDB (default 1); 0 reuses an earlier DuckDB output for comparison
  BENCH_WITHOUT       reference tables to leave out of the measure runs, comma separated
                      (for example imd_by_lsoa); such runs are recorded separately, with a note
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLI = [PYTHON, "-m", "opencmh.cli"]
CALIBRATION_MEASURES = ("EIP23i", "MRS01b", "MHS108", "MHS116", "EIP23a", "MRS01")


def _env_list(name: str, default: str) -> list[int]:
    return [int(x.replace("_", "")) for x in os.environ.get(name, default).split(",") if x.strip()]


# ---------------------------------------------------------------------------------------
# Running one step: wall time and peak memory of its whole process tree
# ---------------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _memory_kb(pid: int) -> int:
    """Resident size, from /proc/PID/status.

    Not the proportional set size in smaps_rollup: reading that walks the process's page
    tables under its memory lock, about 0.1 s for a process of a few gigabytes, and taken
    every 0.2 s it slowed the step being measured by about a sixth. Pages that worker
    processes share are counted in each of them, so a tree's total is an upper bound.
    """
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_memory_kb(root: int) -> int:
    tree = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _memory_kb(pid)
        stack.extend(tree.get(pid, ()))
    return total


@dataclass
class StepResult:
    step: str
    engine: str
    people: int
    wall_s: float
    peak_tree_mb: float  # whole process tree's resident size, sampled every 0.5 s
    peak_process_mb: float  # largest single process (getrusage)
    returncode: int
    load_before: float
    when: str
    note: str = ""


def run_step(
    step: str,
    engine: str,
    people: int,
    cmd: list[str],
    log: Path,
    env: dict[str, str] | None = None,
) -> StepResult:
    """Run `cmd`, logging its output, and measure it."""
    timeout = float(os.environ.get("BENCH_TIMEOUT", "10800"))
    load = os.getloadavg()[0]
    log.parent.mkdir(parents=True, exist_ok=True)
    print(f"-> {step} {engine} {people:,} people: {' '.join(cmd)}", flush=True)
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            text=True,
            errors="replace",
        )
        peak = 0
        done = threading.Event()

        def copy_output() -> None:
            # Each line of the step's output is logged with the seconds elapsed, so the
            # log shows where the time goes (the CLI prints each stage as it starts).
            assert proc.stdout is not None
            for line in proc.stdout:
                out.write(f"[{time.perf_counter() - start:8.1f}s] {line}")
                out.flush()

        copier = threading.Thread(target=copy_output, daemon=True)
        copier.start()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_memory_kb(proc.pid))
                done.wait(0.5)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        note = ""
        timer = threading.Timer(timeout, lambda: os.killpg(proc.pid, signal.SIGKILL))
        timer.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        copier.join(timeout=10)
        if proc.returncode == -signal.SIGKILL and wall >= timeout:
            note = f"stopped after the {timeout:.0f} s limit"
    result = StepResult(
        step=step,
        engine=engine,
        people=people,
        wall_s=round(wall, 1),
        peak_tree_mb=round(peak / 1024),
        peak_process_mb=round(usage.ru_maxrss / 1024),
        returncode=proc.returncode,
        load_before=round(load, 2),
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        note=note,
    )
    status_text = "ok" if result.returncode == 0 else f"FAILED ({result.returncode}) see {log}"
    print(
        f"   {result.wall_s:.1f} s, peak {result.peak_tree_mb:,.0f} MB (tree), "
        f"{result.peak_process_mb:,.0f} MB (largest process): {status_text}",
        flush=True,
    )
    return result


# ---------------------------------------------------------------------------------------
# The steps
# ---------------------------------------------------------------------------------------


def _generator_digest() -> str:
    return hashlib.sha256((ROOT / "opencmh/measures/synth.py").read_bytes()).hexdigest()[:16]


def ensure_extract(
    data: Path, people: int, months: int, seed: int, period_end: str
) -> tuple[Path, StepResult | None]:
    """The cached extract for `people`, synthesised (and timed) if missing or stale."""
    out = data / f"extract-{people}-m{months}-s{seed}-{period_end}"
    marker = out / ".complete.json"
    digest = _generator_digest()
    if marker.exists() and json.loads(marker.read_text()).get("generator") == digest:
        print(f"-> synth {people:,} people: cached in {out}", flush=True)
        return out, None
    shutil.rmtree(out, ignore_errors=True)
    cmd = CLI + ["measures", "synth", "--people", str(people), "--out", str(out),
                 "--months", str(months), "--seed", str(seed), "--period-end", period_end]  # fmt: skip
    result = run_step("synth", "numpy", people, cmd, data / "logs" / f"synth-{people}.log")
    if result.returncode == 0:
        marker.write_text(json.dumps({"generator": digest, "synth": asdict(result)}))
    return out, result


def without_reference(data: Path, extract: Path, people: int, omit: list[str]) -> Path:
    """A view of `extract` (symbolic links) with the reference tables in `omit` left out."""
    view = data / f"view-{people}-without-{'-'.join(omit)}"
    shutil.rmtree(view, ignore_errors=True)
    (view / "reference").mkdir(parents=True)
    for path in extract.rglob("*.parquet"):
        rel = path.relative_to(extract)
        if rel.parent.name == "reference" and path.stem in omit:
            continue
        (view / rel).symlink_to(path.resolve())
    return view


def run_measures(
    data: Path, extract: Path, people: int, engine: str, period_end: str, variant: str = ""
) -> tuple[StepResult, Path]:
    output = data / "results" / f"{engine}-{people}{variant}.csv"
    output.unlink(missing_ok=True)
    cmd = CLI + ["measures", "run", "--input", str(extract), "--period-end", period_end,
                 "--engine", engine, "--output", str(output)]  # fmt: skip
    env = dict(os.environ)
    if engine == "spark":
        cmd += ["--spark-driver-memory", os.environ.get("BENCH_SPARK_MEMORY", "12g")]
    else:
        cmd += ["--memory-limit", os.environ.get("BENCH_DUCKDB_MEMORY", "4GB")]
    log = data / "logs" / f"{engine}-{people}{variant}.log"
    result = run_step("measures", engine, people, cmd, log, env)
    return result, output


def run_floor(data: Path, extract: Path, people: int) -> list[dict] | None:
    """The floor (benchmarks/floor.py): the operations the method needs, once, by hand."""
    out = data / "results" / f"floor-{people}.json"
    out.unlink(missing_ok=True)
    cmd = [PYTHON, str(ROOT / "benchmarks" / "floor.py"), "--input", str(extract),
           "--json", str(out), "--memory-limit", os.environ.get("BENCH_DUCKDB_MEMORY", "4GB")]  # fmt: skip
    result = run_step("floor", "duckdb", people, cmd, data / "logs" / f"floor-{people}.log")
    if result.returncode != 0 or not out.exists():
        return None
    return json.loads(out.read_text())


def _rows(path: Path) -> list[tuple[str, ...]]:
    with path.open(newline="") as f:
        return sorted(tuple(row) for row in csv.reader(f))


def compare(a: Path, b: Path) -> str:
    """'identical (N rows)' or a description of the first differences."""
    if not (a.exists() and b.exists()):
        return "not compared (an output is missing)"
    ra, rb = _rows(a), _rows(b)
    if ra == rb:
        return f"identical ({len(ra) - 1:,} rows, every value)"
    only_a, only_b = sorted(set(ra) - set(rb)), sorted(set(rb) - set(ra))
    return (
        f"DIFFERENT: {len(only_a):,} rows only in {a.name}, {len(only_b):,} only in {b.name}; "
        f"first: {only_a[:1]} vs {only_b[:1]}"
    )


def extract_facts(extract: Path) -> dict[str, object]:
    """Row counts per table, size on disk, and the contact patterns (DNA share)."""
    import duckdb
    import pyarrow.parquet as pq

    counts = {
        p.relative_to(extract).as_posix()[: -len(".parquet")]: pq.read_metadata(p).num_rows
        for p in sorted(extract.rglob("*.parquet"))
    }
    size = sum(p.stat().st_size for p in extract.rglob("*.parquet"))
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    contacts = str(extract / "MHS201CareContact.parquet")
    referrals = str(extract / "MHS101Referral.parquet")
    dna = con.execute(
        "SELECT avg((AttendStatus = '3')::INT) FROM read_parquet(?)", [contacts]
    ).fetchone()
    distinct = con.execute(
        "SELECT count(DISTINCT UniqServReqID), count(DISTINCT Person_ID) FROM read_parquet(?)",
        [referrals],
    ).fetchone()
    assert dna is not None and distinct is not None
    return {
        "rows": counts,
        "bytes": size,
        "dna_share": round(float(dna[0]), 4),
        "distinct_referrals": int(distinct[0]),
        "distinct_people": int(distinct[1]),
    }


def england_figures(output: Path) -> dict[str, str]:
    if not output.exists():
        return {}
    found: dict[str, str] = {}
    with output.open(newline="") as f:
        for row in csv.DictReader(f):
            if row.get("BREAKDOWN") == "England" and row.get("MEASURE_ID") in CALIBRATION_MEASURES:
                found[row["MEASURE_ID"]] = row["MEASURE_VALUE"]
    return found


# ---------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import duckdb
    import numpy
    import pyarrow

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    try:
        from importlib.metadata import version

        spark = version("pyspark")
    except Exception:
        spark = "not installed"
    return {
        "cpu": f"{os.cpu_count()} cores, {cpu}",
        "memory": f"{mem_kb / 1024 / 1024:.0f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": (
            f"DuckDB {duckdb.__version__}, PyArrow {pyarrow.__version__}, "
            f"NumPy {numpy.__version__}, PySpark {spark}"
        ),
    }


def _number(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"


def _tag(tag: str) -> tuple[int, str]:
    """'500000-without-imd_by_lsoa' -> (500000, ' (without imd_by_lsoa)')."""
    people, _, rest = tag.partition("-without-")
    return int(people), f" (without {rest})" if rest else ""


def _peak(r: dict) -> float:
    return max(r["peak_tree_mb"], r["peak_process_mb"])


def _fmt_people(n: int) -> str:
    return f"{n / 1_000_000:g} million" if n >= 1_000_000 else f"{n:,}"


def print_table(figures: dict[str, dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="OpenCMH benchmarks")
    for col in (
        "step",
        "engine",
        "people",
        "wall (s)",
        "peak tree (MB)",
        "largest process (MB)",
        "status",
    ):
        table.add_column(col)
    for r in sorted(
        figures.values(), key=lambda r: (r["step"] != "synth", r["engine"], r["people"])
    ):
        status = "ok" if r["returncode"] == 0 else f"failed {r['returncode']} {r['note']}"
        table.add_row(r["step"], r["engine"], f"{r['people']:,}", f"{r['wall_s']:.1f}",
                      f"{r['peak_tree_mb']:,.0f}", f"{r['peak_process_mb']:,.0f}", status)  # fmt: skip
    Console().print(table)


def write_docs(state: dict, path: Path) -> None:
    figures: dict[str, dict] = state["figures"]
    facts: dict[str, dict] = state.get("facts", {})
    m = state["machine"]
    settings = state["settings"]

    def rows_for(step: str, engine: str | None = None) -> list[dict]:
        return sorted(
            (
                r
                for r in figures.values()
                if r["step"] == step and (engine is None or r["engine"] == engine)
            ),
            key=lambda r: r["people"],
        )

    lines = [
        "# Benchmarks",
        "",
        "Figures from `make bench` (`benchmarks/run.py`), which writes this page. Every step",
        "runs as its own process through the `opencmh` command line. **Wall** is elapsed time.",
        "**Peak memory** is the larger of (a) the highest total resident size of the step's",
        "whole process tree, sampled every 0.5 s (so worker processes and the Spark JVM count;",
        "pages that processes share count in each, so this is an upper bound), and (b) the peak",
        "resident size of its largest single process (`getrusage`).",
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}",
        f"- Memory: {m['memory']}",
        f"- OS: {m['os']}, Python {m['python']}",
        f"- {m['versions']}",
        "- The machine is shared with other work: the one-minute load average just before each",
        "  step is recorded (a value above 0.5 means the step did not have both cores to itself).",
        "",
        "## Synthetic extracts",
        "",
        f"`opencmh measures synth` with seed {settings['seed']}, {settings['months']} months "
        f"ending {settings['period_end']}. See [synth.md](synth.md) for what is in them.",
        "",
        "| people | wall (s) | peak memory (MB) | load before | referrals | MHS101 rows | contacts | MPI rows | Parquet size |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows_for("synth"):
        f = facts.get(str(r["people"]), {})
        rows = f.get("rows", {})
        lines.append(
            f"| {r['people']:,} | {r['wall_s']:.1f} | {_peak(r):,.0f} | "
            f"{r['load_before']} | {f.get('distinct_referrals', 0):,} | "
            f"{rows.get('MHS101Referral', 0):,} | {rows.get('MHS201CareContact', 0):,} | "
            f"{rows.get('MHS001MPI', 0):,} | {f.get('bytes', 0) / 1e9:.2f} GB |"
        )
    biggest = max((int(k) for k in facts), default=0)
    if biggest:
        lines += [
            "",
            f"Rows per table at {_fmt_people(biggest)} people:",
            "",
            "| table | rows |",
            "|---|---:|",
        ]
        for name, n in facts[str(biggest)]["rows"].items():
            lines.append(f"| {name} | {n:,} |")
    checks = rows_for("validate")
    if checks:
        lines += [
            "",
            "## Checking an extract",
            "",
            "`opencmh measures validate`: every table, column, type, code, empty key and",
            "duplicate key (every `run` does the same checks first).",
            "",
            "| people | wall (s) | peak memory (MB) | load before | status |",
            "|---:|---:|---:|---:|---|",
        ]
        for r in checks:
            status = "ok" if r["returncode"] == 0 else f"failed (exit {r['returncode']})"
            lines.append(
                f"| {r['people']:,} | {r['wall_s']:.1f} | {_peak(r):,.0f} | "
                f"{r['load_before']} | {status} |"
            )
    lines += [
        "",
        "## The whole measure suite, one period end",
        "",
        f"`opencmh measures run --period-end {settings['period_end']}`: the extract checks, then",
        "every measure and every breakdown, written as the publication CSV.",
        "",
        "| engine | people | wall (s) | peak memory (MB) | load before | status |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for engine in ("duckdb", "spark"):
        for r in rows_for("measures", engine):
            status = "ok" if r["returncode"] == 0 else f"failed (exit {r['returncode']})"
            status = f"{status}; {r['note']}" if r["note"] else status
            lines.append(
                f"| {engine} | {r['people']:,} | {r['wall_s']:.1f} | {_peak(r):,.0f} | "
                f"{r['load_before']} | {status} |"
            )
    ok = [r for r in rows_for("measures", "duckdb") if r["returncode"] == 0]
    for note in sorted({r["note"] for r in ok}):
        duck = [r for r in ok if r["note"] == note]
        if len(duck) < 2:
            continue
        lo, hi = duck[0], duck[-1]
        ratio = (hi["wall_s"] / lo["wall_s"]) / (hi["people"] / lo["people"])
        lines += [
            "",
            f"Scaling (DuckDB{', ' + note if note else ''}): {_fmt_people(lo['people'])} to "
            f"{_fmt_people(hi['people'])} people is {hi['people'] / lo['people']:g}× the data and "
            f"took {hi['wall_s'] / lo['wall_s']:.2f}× the time ({ratio:.2f} of linear).",
        ]
    floors = state.get("floor", {})
    if floors:
        scales = sorted(int(k) for k in floors)
        measured = {r["people"]: r for r in rows_for("measures", "duckdb") if r["returncode"] == 0}
        checked = {r["people"]: r for r in checks if r["returncode"] == 0}
        lines += [
            "",
            "## The floor",
            "",
            "`benchmarks/floor.py`: the operations the published method cannot do without, each",
            "run once as one hand-written DuckDB statement that ends in a count (nothing kept,",
            "nothing written). Their sum is a lower bound on the suite's time, not an estimate:",
            "the suite also keeps what several families read, runs the smaller families and",
            "every breakdown. The extract checks come on top.",
            "",
            "| operation | " + " | ".join(f"{_fmt_people(p)} (s)" for p in scales) + " |",
            "|---|" + "---:|" * len(scales),
        ]
        names = [t["operation"] for t in floors[str(scales[-1])]]
        for name in names:
            cells = []
            for p in scales:
                found = [t["wall_s"] for t in floors[str(p)] if t["operation"] == name]
                cells.append(f"{found[0]:.1f}" if found else "")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        sums = {p: sum(t["wall_s"] for t in floors[str(p)]) for p in scales}
        lines.append("| **in all** | " + " | ".join(f"**{sums[p]:.1f}**" for p in scales) + " |")
        for label, steps in (
            ("extract checks (`validate`)", checked),
            ("the whole suite (`run`, with its checks)", measured),
        ):
            cells = [f"{steps[p]['wall_s']:.1f}" if p in steps else "" for p in scales]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    agreement = state.get("agreement", {})
    if agreement:
        lines += ["", "## DuckDB and Spark agreement", ""]
        for tag, text in sorted(agreement.items(), key=lambda kv: _tag(kv[0])):
            people, variant = _tag(tag)
            lines.append(f"- {_fmt_people(people)} people{variant}: {text}")
    calib = state.get("calibration", {})
    if calib:
        lines += [
            "",
            "## England-level results on the synthetic extracts",
            "",
            "From the DuckDB output (`BREAKDOWN = England`); the DNA share is computed directly",
            "from MHS201. [synth.md](synth.md) gives the published figures they are calibrated to.",
            "",
            "| people | " + " | ".join(CALIBRATION_MEASURES) + " | DNA share of contacts |",
            "|---:|" + "---:|" * (len(CALIBRATION_MEASURES) + 1),
        ]
        for tag, values in sorted(calib.items(), key=lambda kv: _tag(kv[0])):
            people, variant = _tag(tag)
            dna = facts.get(str(people), {}).get("dna_share")
            cells = [_number(values.get(k, "")) for k in CALIBRATION_MEASURES]
            lines.append(
                f"| {people:,}{variant} | "
                + " | ".join(cells)
                + f" | {'' if dna is None else f'{dna:.1%}'} |"
            )
    lines += [
        "",
        "## Targets",
        "",
        "- Whole suite at national scale (4 million people) on DuckDB: ≤ 30 s and ≤ 6 GB.",
        "- Time grows no faster than linearly from 0.5 to 4 million people.",
        "- Synthesis of the national extract: ≤ 5 minutes and ≤ 6 GB.",
        "- DuckDB and Spark outputs identical on the benchmark extract.",
        "",
        "## Reproducing",
        "",
        "```sh",
        "make bench                                   # every scale, DuckDB and Spark",
        "BENCH_SCALES=500000,1000000 BENCH_SPARK=0 make bench",
        "BENCH_SCALES=4000000 BENCH_SPARK_SCALES=4000000 make bench",
        "```",
        "",
        "Each step is the command line a user runs, for example:",
        "",
        "```sh",
        f"opencmh measures synth --people 4000000 --out bench-data/extract-4000000 "
        f"--months {settings['months']} --seed {settings['seed']} --period-end {settings['period_end']}",
        f"opencmh measures run --input bench-data/extract-4000000 --period-end {settings['period_end']} "
        f"--engine duckdb --memory-limit {settings.get('duckdb_memory', '4GB')} --output duckdb.csv",
        f"opencmh measures run --input bench-data/extract-4000000 --period-end {settings['period_end']} "
        f"--engine spark --spark-driver-memory {settings['spark_memory']} --output spark.csv",
        "```",
        "",
        "Extracts are cached in `bench-data/` (not committed) and re-synthesised when",
        "`opencmh/measures/synth.py` changes; step logs are in `bench-data/logs/`.",
        "",
    ]
    notes = Path(__file__).with_name("notes.md")
    if notes.exists():
        lines += [notes.read_text().rstrip(), ""]
    path.write_text("\n".join(lines))


def main() -> int:
    data = (ROOT / os.environ.get("BENCH_DATA", "bench-data")).resolve()
    scales = _env_list("BENCH_SCALES", "500000,1000000,2000000,4000000")
    spark = os.environ.get("BENCH_SPARK", "1") == "1"
    spark_scales = _env_list("BENCH_SPARK_SCALES", f"{min(scales)},{max(scales)}") if spark else []
    period_end = os.environ.get("BENCH_PERIOD_END", "2025-03-31")
    months = int(os.environ.get("BENCH_MONTHS", "15"))
    seed = int(os.environ.get("BENCH_SEED", "1"))
    (data / "results").mkdir(parents=True, exist_ok=True)
    state_path = data / "results" / os.environ.get("BENCH_STATE", "figures.json")
    state = json.loads(state_path.read_text()) if state_path.exists() else {}
    state.setdefault("figures", {})
    state.setdefault("facts", {})
    state.setdefault("agreement", {})
    state.setdefault("calibration", {})
    state.setdefault("floor", {})
    state["machine"] = machine()
    state["settings"] = {
        "period_end": period_end,
        "months": months,
        "seed": seed,
        "spark_memory": os.environ.get("BENCH_SPARK_MEMORY", "12g"),
        "duckdb_memory": os.environ.get("BENCH_DUCKDB_MEMORY", "4GB"),
    }

    omit = [x.strip() for x in os.environ.get("BENCH_WITHOUT", "").split(",") if x.strip()]
    variant = f"-without-{'-'.join(omit)}" if omit else ""

    def save(result: StepResult) -> None:
        key = f"{result.step}-{result.engine}-{result.people}"
        if result.step == "measures" and omit:
            key += variant
            result.note = (result.note + " " if result.note else "") + (
                "without reference/" + ", reference/".join(omit)
            )
        state["figures"][key] = asdict(result)
        state_path.write_text(json.dumps(state, indent=1))

    failed = False
    for people in scales:
        extract, synth = ensure_extract(data, people, months, seed, period_end)
        if synth is not None:
            save(synth)
            failed |= synth.returncode != 0
            if synth.returncode != 0:
                continue
        elif f"synth-numpy-{people}" not in state["figures"]:
            marker = json.loads((extract / ".complete.json").read_text())
            state["figures"][f"synth-numpy-{people}"] = marker["synth"]
        state["facts"][str(people)] = extract_facts(extract)
        source = without_reference(data, extract, people, omit) if omit else extract
        tag = f"{people}{variant}"
        duck_out = data / "results" / f"duckdb-{people}{variant}.csv"
        if os.environ.get("BENCH_DUCKDB", "1") == "1":
            cmd = CLI + ["measures", "validate", "--input", str(source)]
            checked = run_step(
                "validate", "duckdb", people, cmd, data / "logs" / f"validate-{people}.log"
            )
            save(checked)
            failed |= checked.returncode != 0
            result, duck_out = run_measures(data, source, people, "duckdb", period_end, variant)
            save(result)
            failed |= result.returncode != 0
            if result.returncode == 0:
                state["calibration"][tag] = england_figures(duck_out)
            floor = run_floor(data, source, people)
            if floor is not None:
                state["floor"][str(people)] = floor
        if people in spark_scales:
            result, spark_out = run_measures(data, source, people, "spark", period_end, variant)
            save(result)
            failed |= result.returncode != 0
            state["agreement"][tag] = compare(duck_out, spark_out)
            print(f"   DuckDB vs Spark: {state['agreement'][tag]}", flush=True)
        state_path.write_text(json.dumps(state, indent=1))

    print_table(state["figures"])
    if os.environ.get("BENCH_DOCS", "1") == "1":
        write_docs(state, ROOT / "docs" / "benchmarks.md")
        print(f"wrote {ROOT / 'docs' / 'benchmarks.md'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
