"""Bulk import throughput on a local clique network, next to the bound the network sets.

Run: ``.venv/bin/python benchmarks/network.py [--counts 10000 100000] [--period 1]
[--gas-limit 100000000]`` (needs geth: ``make geth``). One network of 3 signers and 1 RPC
node (``LocalNetwork``, geth 1.13.15, clique) is started in a temporary folder; for each
count a fresh LandRegistry (compiled for London) is deployed by the network's keystore
deployer, which funds a registrar of its own, and ``import_parcels`` registers the parcels
through the RPC node, 100 records per ``registerParcels`` transaction, timed whole (row
checks, the chain check, signing, sending, receipts on the canonical chain).

The bound: a block every ``period`` seconds holds at most ``gas limit / gas per record``
records, so no importer can beat ``gas_limit / gas_per_record / period`` records/s. It is
printed next to the measured figure, with the blocks the import took. Results are recorded
in benchmarks/RESULTS.md ("Bulk import on the local network").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "chain"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counts", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--period", type=int, default=1, help="clique block period (s)")
    parser.add_argument("--gas-limit", type=int, default=100_000_000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    from bulk import machine
    from eth_account import Account
    from netkit import parcels

    from blokketen.chain import Chain
    from blokketen.chain.network import LocalNetwork, NetworkSpec
    from blokketen.contract.tx import Transactor, wait_for_receipts
    from blokketen.land.client import LandRegistry
    from blokketen.land.pilot import ADMIN_DELAY
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project

    london = compile_project(Project.find(ROOT), evm_version="london").store
    load = os.getloadavg()
    out = [f"Bulk import on a local clique network, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
           f"{machine()}, load average at start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}",
           f"network: 3 signers + 1 RPC node, geth 1.13.15 clique, a block every "
           f"{args.period} s, {args.gas_limit:,} gas per block; {args.batch} records per "
           "transaction, sent through the RPC node", ""]
    rows = []
    spec = NetworkSpec(signers=3, rpc_nodes=1, period=args.period, gas_limit=args.gas_limit)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        with LocalNetwork.create(Path(folder) / "network", spec) as network:
            out.append(f"network up in {time.perf_counter() - started:.0f} s")
            chain = Chain.connect(network.rpc_url)
            deployer = network.deployer()
            for index, count in enumerate(args.counts):
                registry = LandRegistry.deploy(chain, deployer, deployer.address, ADMIN_DELAY,
                                               store=london)
                # one duty per address: the registrar is an account of its own
                registrar = Account.create()
                funded = Transactor(chain, deployer).send(registrar.address, b"",
                                                          value=10**20)
                wait_for_receipts(chain, [funded.tx_hash], timeout=120)
                registry.grant_role("registrar", registrar.address)
                registry = registry.as_sender(registrar)
                records = parcels(count, f"{71 + index:02d}00")
                first = chain.block_number
                start = time.perf_counter()
                summary = registry.import_parcels(records, batch_size=args.batch,
                                                  timeout=600)
                seconds = time.perf_counter() - start
                last = chain.block_number
                assert summary.complete and summary.confirmed == count, summary
                per_record = summary.gas_used / count
                bound = args.gas_limit / per_record / args.period
                rows.append((count, seconds, count / seconds, bound, last - first,
                             summary.reorged))
    out.append(f"{'parcels':>8} {'seconds':>8} {'records/s':>10} {'bound/s':>8} "
               f"{'measured/bound':>15} {'blocks':>7} {'reorged':>8}")
    for count, seconds, rate, bound, blocks, reorged in rows:
        out.append(f"{count:>8,} {seconds:>8.1f} {rate:>10,.0f} {bound:>8,.0f} "
                   f"{rate / bound:>15.2f} {blocks:>7} {reorged:>8}")
    out.append(f"bound = gas limit / gas per record ({per_record:,.0f}) / period")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
