"""What every `blokketen` subcommand shares: network and account options, opening a chain.

Subcommand modules import this at module level; it stays cheap to import (web3 and the
rest load inside the functions).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ConfigurationError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.project import Project

PASSWORD_ENV = "BLOKKETEN_KEYSTORE_PASSWORD"
NODE_FILE = "node.json"


def add_network_options(parser: argparse.ArgumentParser) -> None:
    """--network, --keystore and --confirmations, the same on every command that sends."""
    group = parser.add_argument_group("network")
    group.add_argument(
        "--network", "--rpc-url", dest="network", default="local", metavar="local|URL",
        help="`local`: the node of `blokketen node` if it runs, else an embedded anvil for "
        "this command only; or a JSON-RPC URL (default: local)",
    )
    group.add_argument(
        "--keystore", type=Path, default=None,
        help=f"encrypted keystore of the sending account (password from ${PASSWORD_ENV} or "
        "a prompt); without it, the first dev account (local dev chains only)",
    )
    group.add_argument("--confirmations", type=int, default=0,
                       help="blocks to wait after a transaction is mined (default 0)")


def project() -> Project:
    from blokketen.project import Project

    return Project.find()


def running_node_url(proj: Project) -> str | None:
    """The URL of a `blokketen node` of this project that still answers, if any."""
    path = proj.local_state / NODE_FILE
    if not path.exists():
        return None
    try:
        url = str(json.loads(path.read_text())["url"])
        from blokketen.chain.connection import Chain

        Chain.connect(url, timeout=2)
    except Exception:
        return None
    return url


@contextlib.contextmanager
def open_chain(args: argparse.Namespace, *, say: Any = None) -> Iterator[Chain]:
    """Connect as --network says; an embedded node is stopped when the block ends."""
    from blokketen.chain import Chain, LocalNode

    say = say or (lambda text: print(text, file=sys.stderr))
    network = getattr(args, "network", "local") or "local"
    if network != "local":
        yield Chain.connect(network)
        return
    proj = project()
    url = running_node_url(proj)
    if url is not None:
        yield Chain.connect(url)
        return
    say("no `blokketen node` running: starting an embedded anvil for this command")
    with LocalNode(project_root=proj.root) as node:
        yield Chain.connect(node.url)


def signer(args: argparse.Namespace, chain: Chain) -> LocalAccount:
    """The sending account: a keystore if given, else dev account 0 (dev chains only)."""
    keystore: Path | None = getattr(args, "keystore", None)
    if keystore is None:
        return chain.dev_accounts(1)[0]
    from blokketen.chain.accounts import load_keystore

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise ConfigurationError(f"keystore password: set ${PASSWORD_ENV}")
        password = getpass.getpass(f"password for {keystore}: ")
    return load_keystore(keystore, password)


def print_table(rows: list[list[str]], headers: list[str]) -> None:
    """A plain left-aligned text table on stdout."""
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
