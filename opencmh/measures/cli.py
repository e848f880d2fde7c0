"""`opencmh measures ...`: validate an extract, run the measures, write a synthetic extract."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from opencmh.measures import contract

HEADLINES = (
    "MHS108",
    "MRS01",
    "MRS01b",
    "MRS03",
    "MRS03a",
    "EIP23a",
    "EIP23i",
    "EIP23d",
    "MHS116",
    "OCMH_IPS_FYTD",
    "OCMH_PROMS_REQOL10_PAIRED",
    "OCMH_PROMS_REQOL10_RECOVERED",
)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in YYYY-MM-DD form") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the `measures` subcommands to `parser`."""
    sub = parser.add_subparsers(dest="measures_command", required=True, metavar="COMMAND")
    v = sub.add_parser("validate", help="check an extract directory against the contract")
    v.add_argument("--input", required=True, type=Path, metavar="DIR")
    r = sub.add_parser("run", help="compute every measure for one period end")
    r.add_argument("--input", required=True, type=Path, metavar="DIR")
    r.add_argument("--period-end", required=True, type=_date, metavar="YYYY-MM-DD")
    r.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    r.add_argument("--spark-master", metavar="URL", help="Spark master (default: local)")
    r.add_argument(
        "--memory-limit",
        default="4GB",
        metavar="SIZE",
        help="DuckDB memory limit; beyond it work spills to a temporary directory (default 4GB)",
    )
    r.add_argument(
        "--spark-driver-memory",
        default="8g",
        metavar="SIZE",
        help="memory of the Spark driver in local mode (default 8g)",
    )
    r.add_argument("--output", type=Path, metavar="FILE.csv", help="write the publication CSV")
    r.add_argument("--suppress", action="store_true", help="apply the publication suppression rule")
    r.add_argument(
        "--schema-check-only",
        action="store_true",
        help="check tables, columns and types but not every row (for an extract already "
        "validated with `opencmh measures validate`)",
    )
    s = sub.add_parser("synth", help="write a synthetic extract")
    s.add_argument("--people", required=True, type=int, metavar="N")
    s.add_argument("--out", required=True, type=Path, metavar="DIR")
    s.add_argument("--months", type=int, default=15)
    s.add_argument("--period-end", type=_date, metavar="YYYY-MM-DD")
    s.add_argument("--seed", type=int, default=1)


def _report(console: Console, problems: list[contract.Problem]) -> None:
    for p in problems:
        style = "red" if p.error else "yellow"
        label = "error" if p.error else "notice"
        console.print(f"[{style}]{label}[/{style}] {p}", highlight=False, soft_wrap=True)


def _validate(args: argparse.Namespace, console: Console) -> int:
    problems = contract.validate(args.input)
    _report(console, problems)
    n = len(contract.errors(problems))
    if n:
        console.print(
            f"[red]{args.input}: {n} problem(s); the extract cannot be used.[/red]", soft_wrap=True
        )
        return 1
    console.print(f"[green]{args.input}: the extract meets the contract.[/green]", soft_wrap=True)
    return 0


def _summary(console: Console, frame) -> None:  # type: ignore[no-untyped-def]
    table = Table(title="England headline values", title_justify="left")
    table.add_column("Measure", no_wrap=True, min_width=28)
    table.add_column("Value", justify="right", no_wrap=True, min_width=9)
    table.add_column("What it counts")
    eng = frame[frame.BREAKDOWN == "England"].set_index("MEASURE_ID")
    for mid in HEADLINES:
        if mid in eng.index:
            row = eng.loc[mid]
            v = row.MEASURE_VALUE
            shown = f"{v:,.1f}" if isinstance(v, float) else f"{v:,}" if isinstance(v, int) else v
            table.add_row(mid, str(shown), str(row.MEASURE_NAME))
    console.print(table)


def _run(args: argparse.Namespace, console: Console) -> int:
    from opencmh.measures import disclosure, output
    from opencmh.measures.engines import ExtractError, run_measures

    try:
        with console.status("starting", spinner="dots") as status:

            def progress(step: str) -> None:
                status.update(f"[bold]{step}[/bold]")
                if not console.is_terminal:
                    console.print(f"- {step}")

            frame = run_measures(
                args.input,
                args.period_end,
                args.engine,
                spark_master=args.spark_master,
                progress=progress,
                check_values=not args.schema_check_only,
                memory_limit=args.memory_limit,
                spark_driver_memory=args.spark_driver_memory,
            )
    except ExtractError as exc:
        _report(console, exc.problems)
        console.print(
            f"[red]{args.input}: the extract does not meet the contract.[/red]", soft_wrap=True
        )
        return 1
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]", soft_wrap=True)
        return 2
    if args.suppress:
        frame = disclosure.suppress(frame)
    if args.output:
        output.write_csv(frame, args.output)
        console.print(f"wrote {len(frame):,} rows to {args.output}")
    _summary(console, frame)
    return 0


def _synth(args: argparse.Namespace, console: Console) -> int:
    try:
        from opencmh.measures import synth  # type: ignore[attr-defined]
    except ImportError:
        console.print("[red]the synthetic extract generator is not installed[/red]")
        return 1
    kwargs = {"months": args.months, "seed": args.seed, "progress": console.is_terminal}
    if args.period_end:
        kwargs["period_end"] = args.period_end
    summary = synth.write_extract(args.out, args.people, **kwargs)
    console.print(f"wrote a synthetic extract for {args.people:,} people to {args.out}")
    if isinstance(summary, dict):
        for k, v in summary.items():
            console.print(f"  {k}: {v}")
    return 0


def main(args: argparse.Namespace) -> int:
    """Run a parsed `measures` command; returns the exit status."""
    console = Console(stderr=False)
    command = {"validate": _validate, "run": _run, "synth": _synth}[args.measures_command]
    return command(args, console)


def entry(argv: Sequence[str] | None = None) -> int:
    """Stand-alone entry point (`python -m opencmh.measures.cli`)."""
    parser = argparse.ArgumentParser(prog="opencmh measures")
    add_arguments(parser)
    return main(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(entry())
