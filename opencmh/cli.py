"""The `opencmh` command line. Subcommands live with the code they drive."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the command line and run the chosen subcommand."""
    parser = argparse.ArgumentParser(prog="opencmh", description="OpenCMH command line")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    measures = sub.add_parser("measures", help="national CMHF measures from MHSDS extracts")
    from opencmh.measures import cli as measures_cli

    measures_cli.add_arguments(measures)
    args = parser.parse_args(argv)
    if args.command == "measures":
        return measures_cli.main(args)
    parser.error(f"unknown command {args.command}")  # pragma: no cover
    return 2


if __name__ == "__main__":
    sys.exit(main())
