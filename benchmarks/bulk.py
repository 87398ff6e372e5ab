"""Bulk import throughput: raw limit vs naive web3.py vs Brownie vs Blokketen, one anvil.

Run: ``.venv/bin/python benchmarks/bulk.py [--count 2000] [--large] [--no-brownie]``
(``--large`` adds a 10,000-parcel round). Every method registers the same parcels into its
own freshly deployed LandRegistry on the same freshly started anvil, so state size differs
only by the earlier rounds. Results are recorded in benchmarks/RESULTS.md ("Bulk import").
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "land"))

BROWNIE_SCRIPT = '''
import json, os, time
from brownie import Contract, accounts

def main():
    spec = json.load(open(os.environ["BK_BENCH_SPEC"]))
    registrar = accounts.add(spec["key"])
    land = Contract.from_abi("LandRegistry", spec["address"], spec["abi"])
    start = time.perf_counter()
    for row in spec["rows"]:
        land.registerParcel(*row, {"from": registrar, "required_confs": 1, "silent": True})
    print("BK_SECONDS", time.perf_counter() - start)
'''


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}"


def rows_of(records: list[Any]) -> list[tuple[Any, ...]]:
    return [(r.capakey, r.owner, r.area_m2, int(r.land_use), r.deed_hash) for r in records]


def deploy(chain: Any, admin: Any, registrar: Any) -> Any:
    from blokketen.land.client import LandRegistry
    from blokketen.land.pilot import ADMIN_DELAY

    land = LandRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
    land.grant_role("registrar", registrar.address)
    return land.as_sender(registrar)


def raw_limit(chain: Any, land: Any, registrar: Any, records: Iterable[Any],
              slice_size: int = 100_000) -> float:
    """Pre-signed raw transactions in JSON-RPC batches on one keep-alive connection,
    automine off, mined at the end; ``slice_size`` at a time (each signed and encoded before
    the timer goes on again), so a million of them need not sit in memory or in the node's
    pool at once. Returns the seconds of sending and mining only."""
    from blokketen.chain import RawSigner
    from blokketen.land import encoding

    signer = RawSigner(registrar, chain)
    nonce = int(chain.rpc("eth_getTransactionCount", [registrar.address, "pending"]), 16)
    chain.rpc("evm_setIntervalMining", [0])  # mixed mining, too, mines on arrival
    chain.rpc("evm_setAutomine", [False])
    url = urlparse(chain.url)
    conn = http.client.HTTPConnection(url.hostname, url.port)

    def call(method: str, params: list[Any]) -> Any:
        conn.request("POST", "/", json.dumps({"jsonrpc": "2.0", "id": 1, "method": method,
                                              "params": params}).encode(),
                     {"Content-Type": "application/json"})
        return json.loads(conn.getresponse().read())["result"]

    seconds = 0.0
    rows = iter(records)
    first = 0
    while part := list(itertools.islice(rows, slice_size)):
        base = int(chain.block("latest")["baseFeePerGas"], 16)
        # A fee cap far above the base fee: blocks are full all the way (each full block
        # raises the base fee by 12.5 %), and no transaction may get stuck.
        fees = {"maxFeePerGas": 1_000 * base + 10**9, "maxPriorityFeePerGas": 10**9}
        signed = [signer.sign(nonce=nonce + first + i, gas=150_000, to=land.address,
                              data=encoding.register_one(r), fees=fees)
                  for i, r in enumerate(part)]
        bodies = [json.dumps([{"jsonrpc": "2.0", "id": j, "method": "eth_sendRawTransaction",
                               "params": ["0x" + s.raw.hex()]} for j, s in
                              enumerate(signed[i:i + 250])]).encode()
                  for i in range(0, len(signed), 250)]
        start = time.perf_counter()
        for body in bodies:
            conn.request("POST", "/", body, {"Content-Type": "application/json"})
            answers = json.loads(conn.getresponse().read())
            assert all("result" in a for a in answers), answers[:1]
        for _ in range(10_000):  # bounded: a stuck transaction must not loop forever
            call("evm_mine", [])
            if int(call("eth_getTransactionCount", [registrar.address, "latest"]), 16) \
                    > signed[-1].nonce:
                break
        else:
            raise RuntimeError("raw limit: transactions still pending after 10,000 blocks")
        seconds += time.perf_counter() - start
        receipt = chain.rpc("eth_getTransactionReceipt", [signed[-1].tx_hash])
        assert receipt["status"] == "0x1"
        first += len(part)
    # Back to automine for the methods that follow. Anvil's mixed mining (automine plus
    # interval blocks) cannot be set again over RPC (interval mining would replace automine),
    # so the later rounds run on plain automine.
    chain.rpc("evm_setAutomine", [True])
    return seconds


def naive_web3(chain: Any, land: Any, registrar: Any, records: list[Any],
               poll_latency: float = 0.1) -> float:
    """web3.py's own Contract: transact() + wait_for_transaction_receipt per parcel, from an
    unlocked dev account (``poll_latency``: web3.py's default between receipt polls)."""
    from web3 import Web3

    w3 = Web3(Web3.HTTPProvider(chain.url))
    contract = w3.eth.contract(address=land.address, abi=land.abi)
    start = time.perf_counter()
    for row in rows_of(records):
        tx = contract.functions.registerParcel(*row).transact({"from": registrar.address})
        w3.eth.wait_for_transaction_receipt(tx, poll_latency=poll_latency)
    return time.perf_counter() - start


def brownie(chain: Any, land: Any, registrar: Any, records: list[Any]) -> float | str:
    """The same call per parcel in a `brownie run` script on a temporary live network."""
    bench = ROOT / "build" / "bench"  # brownie imports it as a module: no dot in the path
    bench.mkdir(parents=True, exist_ok=True)
    script = bench / "brownie_bulk.py"
    script.write_text(BROWNIE_SCRIPT)
    spec = bench / "spec.json"
    spec.write_text(json.dumps({"key": "0x" + bytes(registrar.key).hex(),
                                "address": land.address, "abi": land.abi,
                                "rows": [[*r[:4], "0x" + r[4].hex()] for r in
                                         rows_of(records)]}))
    env = dict(os.environ, BK_BENCH_SPEC=str(spec),
               SOLCX_BINARY_PATH=str(ROOT / ".blokketen" / "solc-bin"),
               PATH=os.pathsep.join([str(ROOT / ".venv" / "bin"),
                                     str(ROOT / "node_modules" / ".bin"), os.environ["PATH"]]))
    name = f"bk-bench-{os.getpid()}"
    brownie_bin = str(ROOT / ".venv" / "bin" / "brownie")
    added = subprocess.run([brownie_bin, "networks", "add", "Ethereum", name,
                            f"host={chain.url}", f"chainid={chain.chain_id}"],
                           cwd=ROOT, env=env, capture_output=True, text=True)
    if added.returncode != 0:
        return f"brownie networks add failed: {(added.stdout + added.stderr)[-300:]}"
    try:
        done = subprocess.run([brownie_bin, "run", str(script),
                               "--network", name], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=3600)
    finally:
        subprocess.run([brownie_bin, "networks", "delete", name], cwd=ROOT, env=env,
                       capture_output=True)
    for line in done.stdout.splitlines():
        if line.startswith("BK_SECONDS"):
            return float(line.split()[1])
    return f"brownie run failed: {(done.stdout + done.stderr)[-400:]}"


def blokketen_import(land: Any, records: list[Any], batch: int) -> tuple[float, Any]:
    start = time.perf_counter()
    summary = land.import_parcels(records, batch_size=batch)
    seconds = time.perf_counter() - start
    assert summary.complete and summary.confirmed == len(records), summary
    return seconds, summary


def startup_times() -> dict[str, float]:
    blokketen = str(ROOT / ".venv" / "bin" / "blokketen")
    subprocess.run([blokketen, "compile"], cwd=ROOT, capture_output=True)  # warm
    out = {}
    for label, args in [("blokketen compile (no-op)", ["compile"]),
                        ("blokketen --help", ["--help"])]:
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run([blokketen, *args], cwd=ROOT, capture_output=True, check=True)
            best = min(best, time.perf_counter() - start)
        out[label] = best
    return out


def round_of(count: int, with_brownie: bool, out: list[str], *,
             with_naive: bool = True) -> None:
    from landkit import make_records

    from blokketen.chain import Chain, LocalNode

    records = make_records(count, "5100")
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        admin, registrar = chain.dev_accounts(2)
        results: dict[str, float | str] = {}
        results["1 raw limit"] = raw_limit(chain, deploy(chain, admin, registrar), registrar,
                                           records)
        if with_naive:
            results["2 naive web3.py"] = naive_web3(chain, deploy(chain, admin, registrar),
                                                    registrar, records)
        else:
            results["2 naive web3.py"] = SKIPPED_LARGE
        if with_brownie and with_naive:
            results["3 Brownie"] = brownie(chain, deploy(chain, admin, registrar), registrar,
                                           records)
        elif with_brownie:
            results["3 Brownie"] = SKIPPED_LARGE
        single, one = blokketen_import(deploy(chain, admin, registrar), records, 1)
        batch, many = blokketen_import(deploy(chain, admin, registrar), records, 100)
        results["4a Blokketen import, 1 record/tx"] = single
        results["4b Blokketen import, 100 records/tx"] = batch
    rate = {k: count / v for k, v in results.items() if isinstance(v, float)}
    out.append(f"\n{count:,} parcels, same anvil (fresh registry per method):\n")
    out.append(f"{'method':<40} {'seconds':>8} {'records/s':>10}")
    for key, value in results.items():
        if isinstance(value, float):
            out.append(f"{key:<40} {value:>8.2f} {rate[key]:>10,.0f}")
        else:
            out.append(f"{key:<40} not measured: {value}")
    for label, who in [("4b/1", "4b Blokketen import, 100 records/tx"),
                       ("4a/1", "4a Blokketen import, 1 record/tx")]:
        if who in rate:
            out.append(f"ratio {label} (vs raw): {rate[who] / rate['1 raw limit']:.2f}")
    for label, base in [("2", "2 naive web3.py"), ("3", "3 Brownie")]:
        if base in rate:
            batch_ratio = rate["4b Blokketen import, 100 records/tx"] / rate[base]
            single_ratio = rate["4a Blokketen import, 1 record/tx"] / rate[base]
            out.append(f"ratio 4b/{label}: {batch_ratio:.1f}   4a/{label}: {single_ratio:.1f}")
    out.append(f"gas per parcel: registerParcel {one.gas_used / count:,.0f}, "
               f"registerParcels x100 {many.gas_used / count:,.0f}")


SKIPPED_LARGE = ("skipped (one block per transaction: at the rate it falls to, this round "
                 "alone takes over an hour; --large-all runs it)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2_000)
    parser.add_argument("--large", action="store_true",
                        help="also 10,000 parcels (raw limit and Blokketen only)")
    parser.add_argument("--large-all", action="store_true",
                        help="the 10,000 round with naive web3.py and Brownie too (hours)")
    parser.add_argument("--no-brownie", action="store_true")
    args = parser.parse_args()
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project

    compile_project(Project.find(ROOT))
    out = [f"Bulk import benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}"]
    round_of(args.count, not args.no_brownie, out)
    if args.large or args.large_all:
        round_of(10_000, not args.no_brownie, out, with_naive=args.large_all)
    for label, seconds in startup_times().items():
        out.append(f"{label}: {seconds:.2f} s")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
