"""The `blokketen` command: the core commands and every pilot's ``blokketen <pilot> ...``.

Every command has --help; errors end in one line and an exit code, always through
:mod:`blokketen.cli.report`. Start-up stays fast: building the parser imports argparse, the
pilots' small registration and command modules, and nothing of web3, eth-account or the
compiler (they load when a command runs).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from blokketen.cli import core, network
from blokketen.cli.report import run_command
from blokketen.pilots import PILOTS

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command: the core ones, then each pilot's."""
    parser = argparse.ArgumentParser(
        prog="blokketen",
        description="Registries for the Flemish blockchain pilots: compile, run a local chain, "
        "deploy, and use each pilot's registry (" + ", ".join(p.name for p in PILOTS) + ").",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    core.register(subparsers)
    network.register(subparsers)
    for pilot in PILOTS:
        pilot.register_cli(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``blokketen`` with ``argv`` (default: the command line); the exit code."""
    return run_command(build_parser().parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
