"""Core commands: node, compile, deploy, status, serve, account, demo, brownie, slither (every
pilot's own commands come from its registration in :mod:`blokketen.pilots`)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any

from blokketen._exceptions import InputError
from blokketen.cli.common import (
    NODE_FILE,
    PASSWORD_ENV,
    add_network_options,
    open_chain,
    project,
    signer,
)
from blokketen.cli.output import print_table
from blokketen.cli.report import Verdict

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the core commands to ``blokketen``."""
    node = subparsers.add_parser(
        "node", help="run a persistent local chain until Ctrl-C",
        description="Run a local dev chain that keeps its state between runs "
        "(anvil --state). Other commands use it through --network local.",
    )
    node.add_argument("--kind", choices=("anvil", "ganache"), default="anvil")
    node.add_argument("--port", type=int, default=8545)
    node.add_argument("--chain-id", type=int, default=None,
                      help="default 31337 (anvil) or 1337 (ganache)")
    node.add_argument("--state", type=Path, default=None,
                      help="state file (default .blokketen/state/<kind>.json; ganache: a folder)")
    node.add_argument("--fresh", action="store_true", help="forget the saved state first")
    node.add_argument("--gas-limit", type=int, default=None, metavar="GAS",
                      help="block gas limit (default 30000000; larger blocks load a whole "
                      "register faster)")
    node.add_argument("--history", type=int, default=256, metavar="BLOCKS",
                      help="recent blocks whose state anvil keeps in memory (default 256; "
                      "a whole copy each: keep a few for a register of a million parcels)")
    node.set_defaults(func=cmd_node)

    comp = subparsers.add_parser(
        "compile", help="compile contracts/ into build/ (cached)",
        description="Compile every contract under contracts/ through solc's standard JSON. "
        "An unchanged tree is answered from the cache without starting solc.",
    )
    comp.add_argument("--backend", choices=("auto", "native", "solcjs"), default="auto",
                      help="auto: a native solc if py-solc-x has one, else solcjs")
    comp.add_argument("--force", action="store_true", help="ignore the cache")
    comp.set_defaults(func=cmd_compile)

    dep = subparsers.add_parser(
        "deploy", help="deploy the registries (reusing what the manifest records)",
        description="Compile for the EVM the chain runs (London on a clique network, "
        "Shanghai on anvil), then deploy each registry whose artifact changed or is not yet "
        "deployed on the chain; record it in deployments/<chain-id>.json "
        "(deployments/local/ for a local dev chain).",
    )
    add_network_options(dep)
    dep.add_argument("--only", nargs="+", metavar="CONTRACT", help="deploy only these")
    dep.add_argument("--evm-version", default=None, metavar="TARGET",
                     help="compile for this target instead (london or shanghai); code for a "
                     "later EVM than the chain runs is refused before sending")
    _deployments_option(dep)
    dep.set_defaults(func=cmd_deploy)

    status = subparsers.add_parser(
        "status", help="what is deployed where, and whether it is still there",
        description="Show the manifest of the chain and check each contract's code on chain.",
    )
    add_network_options(status)
    status.add_argument("--json", action="store_true", help="print JSON")
    _deployments_option(status)
    status.set_defaults(func=cmd_status)

    serve = subparsers.add_parser(
        "serve", help="web pages: verify a document, look up a parcel, compute a rent, status",
        description="Serve the pages Verify, Parcel, Rent and Status on this computer "
        "(127.0.0.1 unless --host says otherwise), reading the chain of --network and its "
        "deployment manifest. Nothing that is verified or computed is kept or logged.",
    )
    add_network_options(serve, sender=False)
    serve.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to bind (default 127.0.0.1: this computer only)")
    serve.add_argument("--sample", action="store_true",
                       help="try the pages on a fresh embedded chain filled with a sample "
                       "(registries, parcels, diplomas, published rules); its receipts are "
                       "written to a temporary folder")
    serve.set_defaults(func=cmd_serve)

    account = subparsers.add_parser(
        "account", help="create an encrypted keystore for a real network",
        description="Create a new random account in an encrypted keystore file "
        "(password from $BLOKKETEN_KEYSTORE_PASSWORD or a prompt).",
    )
    account.add_argument("keystore", type=Path, help="file to create")
    account.set_defaults(func=cmd_account)

    demo = subparsers.add_parser(
        "demo", help="the whole pilot flow on an embedded chain (or on --network URL)",
        description="Compile, start an embedded anvil, deploy the registries, run each pilot's "
        "flow, print a summary, and stop the chain. With --network URL: compile for the EVM "
        "that chain runs, deploy fresh registries with --keystore's account (a dev account "
        "on a local dev chain), fund the pilots' role accounts from it and run every flow "
        "there; the scratch manifest goes to .blokketen/demo/.",
    )
    add_network_options(demo)
    demo.set_defaults(func=cmd_demo)

    brownie = subparsers.add_parser(
        "brownie", help="run Brownie on this project (any folder, its own port)",
        description="Run `brownie COMMAND ARGS` with the solc shim, Brownie's anvil on a free "
        "port (not 8545), and `brownie run` working from a path with a dot in a folder name. "
        "Exits with Brownie's outcome: 0 done, 1 not.",
    )
    brownie.add_argument("--port", type=int, default=None,
                         help="port of Brownie's node (default $BLOKKETEN_BROWNIE_PORT, else "
                         "a free one)")
    brownie.add_argument("brownie_args", nargs=argparse.REMAINDER, metavar="COMMAND ...",
                         help="Brownie's command and its arguments, e.g. run scripts/deploy.py")
    brownie.set_defaults(func=cmd_brownie)

    slither = subparsers.add_parser(
        "slither", help="static analysis of the contracts against slither-triage.yaml",
        description="Compile with Brownie, run slither on that build (slither.config.json) and "
        "fail (exit 1) on any High or Medium finding that slither-triage.yaml does not accept.",
    )
    slither.add_argument("--all", action="store_true", help="list Low and Informational too")
    slither.add_argument("--report", type=Path, default=None,
                         help="judge this slither JSON report instead of running slither")
    slither.set_defaults(func=cmd_slither)


def cmd_node(args: argparse.Namespace) -> None:
    from blokketen.chain import Chain, LocalNode

    proj = project()
    state = args.state
    if state is None:
        name = "anvil.json" if args.kind == "anvil" else "ganache-db"
        state = proj.local_state / "state" / name
    state.parent.mkdir(parents=True, exist_ok=True)
    if args.fresh and state.exists():
        import shutil

        if state.is_dir():
            shutil.rmtree(state)  # ganache keeps a database folder
        else:
            state.unlink()
    if args.gas_limit is not None and args.gas_limit < 1_000_000:
        raise InputError("--gas-limit", f"must be at least 1000000, got {args.gas_limit}")
    if args.history < 1:
        raise InputError("--history", f"must be at least 1, got {args.history}")
    node = LocalNode(args.kind, project_root=proj.root, port=args.port, chain_id=args.chain_id,
                     state_file=state, gas_limit=args.gas_limit, history=args.history)
    info = proj.local_state / NODE_FILE
    stop = {"now": False}

    def _stop(*_: Any) -> None:
        stop["now"] = True

    # Both, explicitly: a process started in the background by a script inherits SIGINT
    # ignored, and Python then raises no KeyboardInterrupt for it.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    with node:
        chain = Chain.connect(node.url)
        info.write_text(json.dumps({"url": node.url, "pid": node.pid, "kind": args.kind}))
        print(f"{args.kind} at {node.url} (chain id {chain.chain_id}, block "
              f"{chain.block_number}); state in {state}. Ctrl-C stops it.", flush=True)
        try:
            while not stop["now"] and node.process is not None and node.process.poll() is None:
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass
        finally:
            info.unlink(missing_ok=True)
    print("node stopped; state saved", file=sys.stderr)


def cmd_compile(args: argparse.Namespace) -> None:
    from blokketen.toolchain.compiler import compile_project

    started = time.perf_counter()
    result = compile_project(project(), backend=args.backend, force=args.force)
    seconds = time.perf_counter() - started
    names = result.store.names()
    if result.cached:
        print(f"up to date: {len(names)} contracts ({seconds:.2f} s)")
    else:
        for warning in result.warnings:
            print(warning, file=sys.stderr)
        print(f"compiled {len(names)} contracts with {result.backend} in {seconds:.1f} s: "
              + ", ".join(names))


def cmd_deploy(args: argparse.Namespace) -> None:
    from blokketen.chain.evm import chain_evm
    from blokketen.deploy import REGISTRIES, Deployer, Manifest, deploy_registries
    from blokketen.toolchain.compiler import check_target, compile_project, target_for

    proj = project()
    if args.only:
        unknown = sorted(set(args.only) - set(REGISTRIES))
        if unknown:
            raise InputError("--only", f"not a registry: {', '.join(unknown)} "
                             f"(choose from {', '.join(REGISTRIES)})")
    target = check_target(args.evm_version) if args.evm_version else None
    with open_chain(args) as chain:
        account = signer(args, chain)
        found = chain_evm(chain)
        target = target or target_for(found)
        store = compile_project(proj, evm_version=target).store
        missing = sorted(set(args.only or ()) - set(store.names()))
        if missing:
            raise InputError("--only", f"no artifact for {', '.join(missing)}")
        print(f"chain {chain.chain_id} runs EVM {found or 'unknown'}; contracts compiled "
              f"for {target}", file=sys.stderr)
        manifest = Manifest.for_chain(args.deployments or proj.deployments, chain)
        deployer = Deployer(chain, account, store, manifest, confirmations=args.confirmations,
                            report=lambda text: print(text, file=sys.stderr))
        results = deploy_registries(deployer, only=tuple(args.only) if args.only else None)
        print_table([[r.record.name, r.record.address, r.outcome] for r in results],
                    ["contract", "address", "outcome"])
        print(f"manifest: {manifest.path}")


def cmd_status(args: argparse.Namespace) -> None:
    from blokketen.deploy.deployer import code_state
    from blokketen.deploy.manifest import Manifest

    proj = project()
    with open_chain(args) as chain:
        manifest = Manifest.for_chain(args.deployments or proj.deployments, chain)
        labels = {"ok": "ok", "missing": "missing (chain reset?)", "code differs": "code differs"}
        rows: list[dict[str, Any]] = []
        for name, record in sorted(manifest.contracts.items()):
            state = labels[code_state(chain, record)]
            rows.append({"contract": name, "address": record.address, "block": record.block,
                         "deployed_at": record.deployed_at, "state": state})
        if args.json:
            print(json.dumps({"chainId": chain.chain_id, "manifest": str(manifest.path),
                              "contracts": rows}, indent=2))
        else:
            print(f"chain {chain.chain_id} ({chain.client_version}); manifest {manifest.path}")
            if not rows:
                print("nothing deployed")
            print_table([[r["contract"], r["address"], str(r["block"]), r["state"]]
                         for r in rows], ["contract", "address", "block", "state"])


def cmd_serve(args: argparse.Namespace) -> None:
    from blokketen.web.server import serve

    if not 0 < args.port < 65536:
        raise InputError("--port", "must be from 1 to 65535")
    proj = project()
    if args.sample:
        _serve_sample(args, proj)
        return
    with open_chain(args) as chain:
        serve(chain, proj.deployments, host=args.host, port=args.port)


def _serve_sample(args: argparse.Namespace, proj: Any) -> None:
    import tempfile

    from blokketen.chain import Chain, LocalNode
    from blokketen.toolchain.compiler import compile_project
    from blokketen.web.sample import CHILDREN, FIRST, build
    from blokketen.web.server import serve

    if args.network != "local":
        raise InputError("--sample", "fills a fresh embedded chain: leave out --network")
    compile_project(proj)
    with LocalNode(project_root=proj.root) as node, \
            tempfile.TemporaryDirectory(prefix="blokketen-sample-") as folder:
        chain = Chain.connect(node.url)
        world = build(chain, proj, chain.dev_accounts(10), Path(folder) / "deployments")
        for index, receipt in enumerate(world.receipts):
            receipt.save(Path(folder) / f"diploma-{index + 1}.receipt.json")
        print(f"sample: receipts in {folder} (the second is revoked); parcels {FIRST} "
              f"(split into {' and '.join(CHILDREN)}) and 11004A0479/00N000 (frozen)")
        serve(chain, Path(folder) / "deployments", host=args.host, port=args.port)


def cmd_account(args: argparse.Namespace) -> None:
    import getpass
    import os

    from blokketen.chain.accounts import create_keystore

    password = os.environ.get(PASSWORD_ENV) or getpass.getpass("new keystore password: ")
    if len(password) < 8:
        raise InputError("password", "use at least 8 characters")
    account = create_keystore(args.keystore, password)
    print(f"{account.address} written to {args.keystore}")


def cmd_demo(args: argparse.Namespace) -> None:
    from blokketen.chain.evm import chain_evm
    from blokketen.demo import run, run_on_network
    from blokketen.toolchain.compiler import compile_project, target_for

    proj = project()
    if args.network == "local":
        if args.keystore is not None or args.dev_account is not None:
            raise InputError("--network", "the embedded demo chain has its own accounts: "
                             "give --network URL with --keystore or --dev-account")
        run(proj, echo=print)
        return
    with open_chain(args) as chain:
        account = signer(args, chain)
        store = compile_project(proj, evm_version=target_for(chain_evm(chain))).store
        run_on_network(proj, chain, account, store=store,
                       manifest_folder=proj.local_state / "demo", echo=print)


def _deployments_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--deployments", type=Path, default=None, metavar="DIR",
                        help="folder of the deployment manifests (default: the project's "
                        "deployments/)")


def cmd_brownie(args: argparse.Namespace) -> Verdict:
    from blokketen.project import Project
    from blokketen.toolchain.brownie_route import run_brownie

    if not args.brownie_args:
        raise InputError("COMMAND", "give Brownie's command, e.g. `blokketen brownie compile`")
    here = Project.find(Path.cwd())  # where Brownie looks for the project too
    return Verdict(ok=run_brownie(here, args.brownie_args, port=args.port) == 0)


def cmd_slither(args: argparse.Namespace) -> Verdict:
    from blokketen.toolchain.analysis import analyse, render

    result = analyse(project(), report=args.report)
    print(render(result, show_all=args.all))
    return Verdict(ok=result.passed)
