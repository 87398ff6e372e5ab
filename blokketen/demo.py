"""`make demo`: compile, start an embedded chain, deploy, run every pilot's demo, stop."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from blokketen.pilots import PILOTS
from blokketen.project import Project

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.toolchain.artifacts import ArtifactStore

__all__ = ["run", "run_on_network"]


def run(project: Project, *, echo: Callable[[str], None] = print) -> None:
    """Run every pilot's demo (:data:`blokketen.pilots.PILOTS`) on a fresh embedded chain,
    each on the contracts the deployer put there, and print a summary through ``echo``."""
    from blokketen.chain import Chain, LocalNode
    from blokketen.deploy import Deployer, Manifest, deploy_registries
    from blokketen.toolchain.compiler import compile_project

    started = time.perf_counter()
    build = compile_project(project)
    echo(f"== compile: {len(build.store.names())} contracts "
         f"({'cached' if build.cached else build.backend})")
    summary: list[tuple[str, str]] = []
    with LocalNode(project_root=project.root) as node:
        chain = Chain.connect(node.url)
        echo(f"== chain: {chain.client_version} at {node.url}, chain id {chain.chain_id}")
        accounts = chain.dev_accounts(10)
        # The embedded chain is new on every run: its manifest is a scratch one, so the
        # manifest of a persistent `blokketen node` (same chain id) stays untouched.
        scratch = project.local_state / "demo"
        manifest = Manifest.fresh(scratch, chain)
        deployer = Deployer(chain, accounts[0], build.store, manifest, report=echo)
        addresses: dict[str, str] = {}
        for result in deploy_registries(deployer):
            addresses[result.record.name] = result.record.address
            echo(f"   {result.record.name:<16} {result.record.address}  {result.outcome}")
        for pilot in PILOTS:
            address = addresses.get(pilot.contracts[0])
            echo(f"\n== {pilot.title}")
            pilot.run_demo(chain, accounts, echo, address)
            summary.append((pilot.title, f"ran on {address or 'its own deployment'}"))
        blocks = chain.block_number
    echo("\n== summary")
    for title, state in summary:
        echo(f"   {title}: {state}")
    echo(f"   {blocks} blocks, {time.perf_counter() - started:.1f} s; chain stopped")


ROLE_ACCOUNTS = 9
"""Fresh accounts the network demo funds for the pilots' roles (registrar, notary, ...)."""
ROLE_FUNDS = 10 * 10**18
"""Wei the deployer sends each role account on a network."""


def run_on_network(
    project: Project,
    chain: Chain,
    deployer: LocalAccount,
    *,
    store: ArtifactStore,
    manifest_folder: Path,
    echo: Callable[[str], None] = print,
) -> None:
    """Every pilot's demo on a chain of someone else's (a clique network, or any node that
    ``blokketen demo --network URL`` names).

    The registries are deployed anew from ``store`` (compiled for the chain's EVM) by
    ``deployer`` (a keystore account; a dev account on a local dev chain) into a scratch
    manifest under ``manifest_folder``. The pilots' roles get fresh accounts, funded by the
    deployer, whose keys live only in memory."""
    from eth_account import Account

    from blokketen.contract.tx import Transactor, wait_for_receipts
    from blokketen.deploy import Deployer, Manifest, deploy_registries

    started = time.perf_counter()
    first_block = chain.block_number
    echo(f"== chain: {chain.client_version} at {chain.url}, chain id {chain.chain_id}")
    roles: list[LocalAccount] = [Account.create() for _ in range(ROLE_ACCOUNTS)]
    funder = Transactor(chain, deployer)
    sent = [funder.send(account.address, b"", value=ROLE_FUNDS) for account in roles]
    wait_for_receipts(chain, [p.tx_hash for p in sent], timeout=funder.timeout)
    echo(f"   {len(roles)} role accounts funded by the deployer {deployer.address}")
    manifest = Manifest.fresh(manifest_folder, chain)
    addresses: dict[str, str] = {}
    for result in deploy_registries(Deployer(chain, deployer, store, manifest, report=echo)):
        addresses[result.record.name] = result.record.address
        echo(f"   {result.record.name:<16} {result.record.address}  "
             f"{result.outcome} (EVM {result.record.evm_version})")
    accounts = [deployer, *roles]
    summary: list[tuple[str, str]] = []
    for pilot in PILOTS:
        address = addresses.get(pilot.contracts[0])
        if address is None:  # its own deployment would be compiled for the default EVM
            summary.append((pilot.title, "no artifact"))
            continue
        echo(f"\n== {pilot.title}")
        pilot.run_demo(chain, accounts, echo, address)
        summary.append((pilot.title, f"ran on {address}"))
    echo("\n== summary")
    for title, state in summary:
        echo(f"   {title}: {state}")
    echo(f"   blocks {first_block + 1}-{chain.block_number}, "
         f"{time.perf_counter() - started:.1f} s; manifest {manifest.path}")
