"""``blokketen network ...``: a local consortium network of geth nodes (clique, London).

``up`` lays out the network folder (first time only), starts the nodes in a background
process and returns once they all follow the same head; ``status`` shows each node's head,
peers and signer state; ``down`` stops them cleanly. ``deploy`` puts the registries on the
network (compiled for its EVM) with the network's deployer keystore; ``demo`` runs every
pilot's flow on it. Errors and exit codes go through :mod:`blokketen.cli.report` like every
command's: 0 done, 1 failed on the way (a revert; ``status``: a node that does not answer),
2 bad input or nothing to work on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen.chain.geth import REQUIRE_ENV
from blokketen.cli.common import PASSWORD_ENV, project
from blokketen.cli.output import print_table
from blokketen.cli.report import Verdict

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain
    from blokketen.chain.network import LocalNetwork, NetworkStatus, NodeStatus

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add ``network <command>`` to the ``blokketen`` command."""
    parser = subparsers.add_parser(
        "network", help="a local consortium network: geth nodes sealing by clique",
        description="Run a local multi-node network: geth 1.13.15 nodes on loopback, "
        "clique proof-of-authority, London EVM, static peers. Its folder (default "
        ".blokketen/network) keeps the chain between runs.")
    commands = parser.add_subparsers(dest="network_command", metavar="COMMAND", required=True)

    up = commands.add_parser(
        "up", help="start the network (made on first use) and wait until the nodes agree",
        description="Make the network folder if needed (clique genesis, encrypted keystores "
        "for the signers and a funded deployer, ports, static peers), start every node in a "
        "background process, wait until all nodes follow the same head, print their URLs. "
        "geth is built first if it is missing (needs Go).")
    _dir_option(up)
    up.add_argument("--signers", type=int, default=3, help="sealing nodes (default 3)")
    up.add_argument("--rpc-nodes", type=int, default=1,
                    help="nodes that only serve clients (default 1)")
    up.add_argument("--period", type=int, default=2,
                    help="seconds between blocks (default 2)")
    up.add_argument("--chain-id", type=int, default=None, help="default 7222017")
    up.add_argument("--gas-limit", type=int, default=None,
                    help="block gas limit (default 30,000,000)")
    up.add_argument("--fresh", action="store_true",
                    help="delete the network folder first (its chain is lost)")
    up.add_argument("--foreground", action="store_true",
                    help="keep the nodes in this process until Ctrl-C")
    up.add_argument("--timeout", type=float, default=180.0,
                    help="seconds to wait for the nodes to agree (default 180)")
    up.set_defaults(func=cmd_up)

    status = commands.add_parser(
        "status", help="each node's head, peers and signer state",
        description="Ask every node for its head, peer count and (signers) whether it is "
        "authorised and sealing; say whether they agree. Exit 1 when a node does not answer.")
    _dir_option(status)
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=cmd_status)

    serve = commands.add_parser(
        "serve", help="run the nodes of a network in this process until Ctrl-C or SIGTERM",
        description="Start the nodes of an existing network folder as children of this "
        "process, wait until they agree, keep them up until Ctrl-C or SIGTERM, then stop them "
        "cleanly. `up` runs this in the background; `down` sends the SIGTERM.")
    _dir_option(serve)
    serve.add_argument("--timeout", type=float, default=180.0,
                       help="seconds to wait for the nodes to agree (default 180)")
    serve.set_defaults(func=cmd_serve)

    geth = commands.add_parser(
        "geth", help="build geth 1.13.15 into .blokketen/bin if it is not there (needs Go)",
        description="Build go-ethereum's geth 1.13.15 with `go install` into .blokketen/bin/ "
        "once; later runs find it and do nothing. Without Go (or when the build fails) it says "
        f"why and exits 0, or 2 where {REQUIRE_ENV}=1 (CI) requires the network tests.")
    geth.set_defaults(func=cmd_geth)

    down = commands.add_parser(
        "down", help="stop the nodes cleanly (the chain stays in the folder)",
        description="Stop the network's background process, which stops every node cleanly; "
        "the folder keeps the chain for the next `up`.")
    _dir_option(down)
    down.set_defaults(func=cmd_down)

    deploy = commands.add_parser(
        "deploy", help="deploy the registries with the network's deployer keystore",
        description="Compile the registries for the EVM the network runs (London), deploy "
        "each one that is new or changed with the funded deployer keystore, record them in "
        "the network's manifest (<dir>/deployments).")
    _dir_option(deploy)
    _url_option(deploy)
    deploy.add_argument("--evm-version", default=None, metavar="TARGET",
                        help="compile for this target instead (london or shanghai); code for "
                        "a later EVM than the chain runs is refused before sending")
    deploy.set_defaults(func=cmd_deploy)

    demo = commands.add_parser(
        "demo", help="every pilot's flow on the network",
        description="Deploy fresh registries with the deployer keystore, fund role accounts "
        "from it, and run the land, diploma and social-rent flows on the network.")
    _dir_option(demo)
    _url_option(demo)
    demo.set_defaults(func=cmd_demo)


def _dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", type=Path, default=None,
                        help="the network folder (default .blokketen/network)")


def _url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--network", "--rpc-url", dest="network", default=None, metavar="URL",
                        help="the node to send through (default: the network's RPC node)")


def _folder(args: argparse.Namespace) -> Path:
    folder: Path | None = args.dir
    return (folder or project().local_state / "network").resolve()


def _open(args: argparse.Namespace) -> LocalNetwork:
    from blokketen.chain.network import LocalNetwork

    return LocalNetwork(_folder(args))


# -- up / status / down -------------------------------------------------------------------
def cmd_up(args: argparse.Namespace) -> Verdict | None:
    import os

    from blokketen._exceptions import GethUnavailable
    from blokketen.chain.geth import GETH_VERSION, ensure_geth
    from blokketen.chain.network import LocalNetwork, NetworkSpec, running_state
    from blokketen.chain.supervisor import serve, start_detached

    defaults = NetworkSpec()
    spec = NetworkSpec(signers=args.signers, rpc_nodes=args.rpc_nodes, period=args.period,
                       chain_id=args.chain_id or defaults.chain_id,
                       gas_limit=args.gas_limit or defaults.gas_limit).check()
    root = project().root
    try:
        geth = ensure_geth(root, build=False).path
    except GethUnavailable:
        print(f"building geth {GETH_VERSION} with go install (a few minutes the first time)",
              file=sys.stderr, flush=True)
        geth = ensure_geth(root).path
    password = os.environ.get(PASSWORD_ENV) or None
    network = LocalNetwork.create(_folder(args), spec, password=password, geth=geth,
                                  fresh=args.fresh)
    if running_state(network.folder) is not None:
        print(f"the network in {network.folder} is running already")
        _print_urls(network)
        return None
    if args.foreground:
        def ready(net: LocalNetwork) -> None:
            _print_urls(net)
            print("Ctrl-C stops the nodes.", flush=True)

        serve(network.folder, timeout=args.timeout, on_ready=ready)
        return None
    command = [sys.executable, "-m", "blokketen", "network", "serve",
               "--dir", str(network.folder), "--timeout", str(args.timeout)]
    start_detached(network.folder, command, timeout=args.timeout)
    _print_urls(network)
    print("`blokketen network down` stops the nodes.")
    return None


def _print_urls(network: LocalNetwork) -> None:
    spec = network.spec
    print(f"network up: chain id {spec.chain_id}, clique every {spec.period} s, EVM "
          f"{network.evm_version}, {_count(spec.signers, 'signer')} + "
          f"{_count(spec.rpc_nodes, 'RPC node')}; "
          f"folder {network.folder}")
    print_table([[n.name, n.role, n.url, str(n.p2p_port), n.signer or "-"]
                 for n in network.node_specs], ["node", "role", "url", "p2p", "signer"])
    print(f"clients: {network.rpc_url}; deployer {network.deployer_address} "
          f"(keystore {network.folder / 'deployer.json'}, password in "
          f"{network.password_file})", flush=True)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def cmd_status(args: argparse.Namespace) -> Verdict:
    network = _open(args)
    status = network.status()
    if args.json:
        print(json.dumps(_status_json(status), indent=2))
    else:
        state = "running" if status.running else "not running"
        print(f"network {status.folder}: chain id {status.chain_id}, clique every "
              f"{status.period} s; {state}")
        rows = []
        for node in status.nodes:
            if not node.answering:
                rows.append([node.name, node.role, node.url, "-", "-", "-", "not answering"])
                continue
            rows.append([node.name, node.role, node.url, str(node.head),
                         (node.head_hash or "")[:12], str(node.peers), _signer_state(node)])
        print_table(rows, ["node", "role", "url", "head", "hash", "peers", "signer"])
        sync = status.sync
        print(f"in sync: all nodes agree on block {sync.block}" if sync.in_sync
              else f"not in sync: {sync.detail}")
    return Verdict(ok=all(n.answering for n in status.nodes))


def _signer_state(node: NodeStatus) -> str:
    if node.role != "signer":
        return "-"
    if node.authorized is None:
        return "unknown"
    words = "authorised" if node.authorized else "NOT authorised"
    words += ", sealing" if node.sealing else ", not sealing"
    if node.recent_blocks:
        words += f", sealed {node.sealed_recent} of the last {node.recent_blocks} blocks"
    return words


def _status_json(status: NetworkStatus) -> dict[str, Any]:
    import dataclasses

    return {
        "folder": str(status.folder), "chainId": status.chain_id, "period": status.period,
        "running": status.running, "sync": dataclasses.asdict(status.sync),
        "nodes": [dataclasses.asdict(n) for n in status.nodes],
    }


def cmd_serve(args: argparse.Namespace) -> None:
    from blokketen.chain.supervisor import serve

    serve(_open(args).folder, timeout=args.timeout)


def cmd_geth(args: argparse.Namespace) -> None:
    from blokketen._exceptions import GethUnavailable
    from blokketen.chain.geth import ensure_geth, required

    try:
        result = ensure_geth(project().root)
    except GethUnavailable as err:
        if required():
            raise
        print(f"geth: {err}\ngeth: the network tests will be skipped", file=sys.stderr)
        return
    state = f"built in {result.seconds:.1f} s" if result.built else "up to date"
    print(f"geth {result.version} at {result.path}: {state}")


def cmd_down(args: argparse.Namespace) -> None:
    from blokketen.chain.supervisor import stop_running

    network = _open(args)
    if stop_running(network.folder):
        print(f"network stopped: {len(network.node_specs)} nodes; the chain stays in "
              f"{network.folder}")
    else:
        print(f"the network in {network.folder} was not running")


# -- deploy / demo ----------------------------------------------------------------------------
def _connect(args: argparse.Namespace, network: LocalNetwork) -> Chain:
    from blokketen.chain.connection import Chain

    return Chain.connect(args.network or network.rpc_url)


def cmd_deploy(args: argparse.Namespace) -> None:
    from blokketen.chain.evm import chain_evm
    from blokketen.deploy import Deployer, Manifest, deploy_registries
    from blokketen.toolchain.compiler import check_target, compile_project, target_for

    network = _open(args)
    target = check_target(args.evm_version) if args.evm_version else None
    chain = _connect(args, network)
    found = chain_evm(chain)
    target = target or target_for(found)
    store = compile_project(project(), evm_version=target).store
    manifest = Manifest.for_chain(network.deployments, chain)
    deployer = Deployer(chain, network.deployer(), store, manifest,
                        report=lambda text: print(text, file=sys.stderr))
    print(f"chain {chain.chain_id} runs EVM {found or 'unknown'}; contracts compiled for "
          f"{target}", file=sys.stderr)
    results = deploy_registries(deployer)
    print_table([[r.record.name, r.record.address, r.record.evm_version, r.outcome]
                 for r in results], ["contract", "address", "evm", "outcome"])
    print(f"manifest: {manifest.path}")


def cmd_demo(args: argparse.Namespace) -> None:
    from blokketen.chain.evm import chain_evm
    from blokketen.demo import run_on_network
    from blokketen.toolchain.compiler import compile_project, target_for

    network = _open(args)
    chain = _connect(args, network)
    store = compile_project(project(), evm_version=target_for(chain_evm(chain))).store
    run_on_network(project(), chain, network.deployer(), store=store,
                   manifest_folder=network.folder / "demo", echo=print)
