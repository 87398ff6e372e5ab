"""`make demo`: compile, start an embedded chain, deploy, run every pilot's demo, stop."""

from __future__ import annotations

import time
from collections.abc import Callable

from blokketen.pilots import PILOTS
from blokketen.project import Project

__all__ = ["run"]


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
        manifest = Manifest(path=Manifest.path_for(scratch, chain.chain_id),
                            chain_id=chain.chain_id)
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
