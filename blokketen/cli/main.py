"""The `blokketen` command. Every subcommand has --help; errors end in one line and exit 1/2.

Start-up stays fast: this module imports only argparse and the small subcommand modules;
web3, eth-account and the compiler load when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from blokketen._exceptions import BlokketenError
from blokketen.cli import core

PILOT_MODULES = ("land", "diploma", "housing")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="blokketen",
        description="Registries for the Flemish blockchain pilots: compile, run a local chain, "
        "deploy, and use the land, diploma and social-rent registries.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    core.register(subparsers)
    for name in PILOT_MODULES:
        module = _pilot_cli(name)
        if module is not None:
            module.register(subparsers)
    return parser


def _pilot_cli(name: str) -> ModuleType | None:
    import importlib

    try:
        return importlib.import_module(f"blokketen.cli.{name}")
    except ModuleNotFoundError as err:
        if err.name == f"blokketen.cli.{name}":
            return None
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BlokketenError as err:
        from blokketen.cli.common import fail

        return fail(err)


if __name__ == "__main__":
    sys.exit(main())
