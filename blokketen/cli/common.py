"""What every `blokketen` command shares: network, account and contract options, opening a
chain and a client, and reading times and hex from the command line.

Every pilot's ``cli`` module imports this at module level; it stays cheap to import (web3
and the rest load inside the functions).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from blokketen._exceptions import ConfigurationError, InputError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.base import ContractClient
    from blokketen.project import Project

__all__ = [
    "NODE_FILE",
    "PASSWORD_ENV",
    "add_contract_options",
    "add_network_options",
    "add_trust_options",
    "write_new_files",
    "contract_client",
    "open_chain",
    "parse_hex",
    "parse_time",
    "project",
    "running_node_url",
    "signer",
    "verifier_client",
]

C = TypeVar("C", bound="ContractClient")

PASSWORD_ENV = "BLOKKETEN_KEYSTORE_PASSWORD"
"""The environment variable that holds a keystore's password."""
NODE_FILE = "node.json"
"""The file in the project's state folder that names the running `blokketen node`."""


def add_network_options(parser: argparse.ArgumentParser, *, sender: bool = True) -> None:
    """--network, and for commands that send: --keystore, --dev-account, --confirmations."""
    group = parser.add_argument_group("network")
    group.add_argument(
        "--network", "--rpc-url", dest="network", default="local", metavar="local|URL[,URL]",
        help="`local`: the node of `blokketen node` if it runs, else an embedded anvil for "
        "this command only; or JSON-RPC URLs of one chain, separated by commas: the first "
        "that answers is used, the next takes over when it stops answering (default: local)",
    )
    if not sender:
        return
    group.add_argument(
        "--keystore", type=Path, default=None,
        help=f"encrypted keystore of the sending account (password from ${PASSWORD_ENV} or "
        "a prompt); without it, the first dev account (local dev chains only)",
    )
    group.add_argument("--dev-account", type=int, default=None, metavar="N",
                       help="send from the N-th dev account (local dev chains only)")
    group.add_argument("--confirmations", type=int, default=0,
                       help="blocks to wait after a transaction is mined (default 0)")


def add_contract_options(parser: argparse.ArgumentParser, contract: str, *,
                         sender: bool) -> None:
    """The network options (see :func:`add_network_options`) and ``--address`` of the
    ``contract`` to use, by default the one in the chain's deployment manifest."""
    add_network_options(parser, sender=sender)
    parser.add_argument("--address", default=None,
                        help=f"{contract} address (default: the one in the chain's "
                        "deployment manifest)")


def parse_time(field: str, text: str) -> int | datetime:
    """Unix seconds, or an ISO time with a zone (``2026-05-01T12:00Z``)."""
    if text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(field, f"not a unix or ISO time: {text!r}") from None
    if moment.tzinfo is None:
        raise InputError(field, "an ISO time needs a zone (Z or +01:00)")
    return moment


def parse_hex(field: str, text: str) -> bytes:
    """Bytes from hex, with or without ``0x``."""
    try:
        return bytes.fromhex(text[2:] if text.startswith("0x") else text)
    except ValueError:
        raise InputError(field, "not hex") from None


def project() -> Project:
    """The project around the working directory (or $BLOKKETEN_PROJECT)."""
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
        chain = Chain.connect(network)
        chain.on_failover = lambda old, new, why: say(
            f"{old} stopped answering ({why}); going on with {new}")
        yield chain
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
    """The sending account: --keystore, else dev account --dev-account N (default 0)."""
    keystore: Path | None = getattr(args, "keystore", None)
    index: int | None = getattr(args, "dev_account", None)
    if keystore is not None and index is not None:
        raise InputError("--dev-account", "give --keystore or --dev-account, not both")
    if keystore is None:
        index = index or 0
        if not 0 <= index < 100:
            raise InputError("--dev-account", "must be from 0 to 99")
        return chain.dev_accounts(index + 1)[index]
    from blokketen.chain.accounts import load_keystore
    from blokketen.chain.devkeys import refuse_dev_key

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():
            raise ConfigurationError(f"keystore password: set ${PASSWORD_ENV}")
        password = getpass.getpass(f"password for {keystore}: ")
    account = load_keystore(keystore, password)
    refuse_dev_key(account, chain)  # a public key in a keystore is still a public key
    return account


def contract_client(
    args: argparse.Namespace, chain: Chain, client_class: type[C], *, sender: bool
) -> C:
    """A client for --address, else for the contract the chain's manifest records."""
    from blokketen.contract.base import load_abi
    from blokketen.contract.checks import address as checked_address
    from blokketen.deploy.manifest import Manifest

    name = client_class.CONTRACT
    address = getattr(args, "address", None)
    if not address:
        address = Manifest.for_chain(project().deployments, chain).address(name)
    address = checked_address("--address", address)
    if not chain.code(address):
        raise InputError("--address", f"no contract at {address} on chain {chain.chain_id}")
    try:
        abi = load_abi(name)
    except ConfigurationError:
        abi = load_abi(name, project().artifacts())
    return client_class(chain, address, sender=signer(args, chain) if sender else None, abi=abi,
                        confirmations=getattr(args, "confirmations", 0))


def add_trust_options(parser: argparse.ArgumentParser) -> None:
    """``--code-hash`` for a command that judges: the runtime code hash the verifier trusts
    when ``--address`` is not the contract of the chain's deployment manifest."""
    parser.add_argument("--code-hash", default=None, metavar="0xHASH",
                        help="keccak256 of the contract's runtime code to trust (default: the "
                        "one the chain's deployment manifest records for the address)")


def verifier_client(args: argparse.Namespace, chain: Chain, client_class: type[C]) -> C:
    """A client that checks the code it talks to (:meth:`ContractClient.trusted`): the
    manifest's record when the address is the manifest's, else the ``--code-hash`` given.
    Without either it refuses (InputError): a verdict from unknown code is worth nothing."""
    from blokketen.contract.trust import PinnedCode
    from blokketen.deploy.manifest import Manifest

    name = client_class.CONTRACT
    try:
        record = Manifest.for_chain(project().deployments, chain).contracts.get(name)
    except ConfigurationError:
        record = None
    if not getattr(args, "address", None) and record is None:
        raise InputError("--address", f"no {name} in the deployment manifest of chain "
                         f"{chain.chain_id}: pass --address (and --code-hash) of the one you "
                         "trust")
    client = contract_client(args, chain, client_class, sender=False)
    pinned = getattr(args, "code_hash", None)
    if pinned:
        try:
            expected = PinnedCode(name=name, address=client.address, code_hash=pinned)
        except InputError as err:
            raise InputError("--code-hash", err.problem) from None
        return client.trusting(expected)
    if record is None or record.address.lower() != client.address.lower():
        raise InputError("--code-hash", f"no {name} at {client.address} in the deployment "
                         f"manifest of chain {chain.chain_id}: pass the code hash you trust")
    return client.trusting(record)


def write_new_files(out: Path, files: Sequence[tuple[Path, Callable[[Path], object]]]) -> None:
    """Write every file of ``files`` (a path under ``out`` and the function that writes it) or
    none: a path that exists already is refused before anything is written, and on any failure
    the files written so far are removed. Errors say that nothing was sent."""
    existing = [path for path, _ in files if path.exists()]
    if existing:
        raise InputError(str(existing[0]), f"exists already ({len(existing)} of the receipt "
                         "files do); nothing was sent: choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(str(out), f"cannot create the receipt folder: "
                         f"{err.strerror or err}") from None
    written: list[Path] = []
    try:
        for path, write in files:
            write(path)
            written.append(path)
    except InputError as err:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise InputError(err.field, f"{err.problem}; nothing was sent") from None
