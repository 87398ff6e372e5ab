"""A full land register through `blokketen land import` into one anvil, next to baselines
each measured in the configuration that is best for it, in the same run.

Run: ``.venv/bin/python benchmarks/full_register.py [--count 1000000] [--raw-count 1000000]
[--baseline-count 1000] [--gas-limit 1000000000] [--no-brownie]``. Every round gets its own
freshly started node:

1. raw limit: ``--raw-count`` pre-signed one-record transactions in JSON-RPC batches on one
   keep-alive connection, automine off, mined at the end of each 100,000
   (``bulk.raw_limit``; the timer covers sending and mining only). A fresh anvil with
   ``--gas-limit``, as round 4 gets.
2. naive web3.py: ``transact()`` + ``wait_for_transaction_receipt`` per parcel, on a fresh
   plain anvil (automine only: each transaction is mined as it arrives, so the first
   receipt poll finds it).
3. Brownie: the same call per parcel in a ``brownie run`` script, on a fresh plain anvil.
4. Blokketen: ``blokketen land import FILE.csv`` as a child process on a fresh anvil
   (``LocalNode`` with ``--gas-limit``: anvil's work per block grows with its state, so
   a whole register loads faster in fewer, larger blocks), ``--count`` parcels from a
   Belgian-locale CSV written before the timer starts, 100 records per
   ``registerParcels`` transaction. Timed whole (process start, reading and checking every
   row, the chain check, signing, sending, receipts). Its
   resident memory is sampled every second and its peak taken from the kernel (wait4).

Results are recorded in benchmarks/RESULTS.md ("A full register on one anvil").
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "land"))


BULK_HISTORY = 16
"""States the raw and import rounds' anvils keep: a whole copy of the state each, some
300 MB at a million parcels (256, the default, would need far more memory than 24 GiB)."""


def capakey(i: int) -> str:
    """A distinct valid CaPaKey for each i below 2,600,000 (division, section, number)."""
    division, rest = divmod(i, 26 * 10_000)
    section, number = divmod(rest, 10_000)
    return f"{71_000 + division:05d}{chr(65 + section)}{number:04d}/00_000"


def records(count: int) -> Iterator[Any]:
    """``count`` distinct valid parcels, made one at a time (never all in memory)."""
    from eth_utils import keccak, to_checksum_address

    from blokketen.land import LandUse, ParcelRecord

    for i in range(count):
        seed = keccak(i.to_bytes(8, "big"))
        yield ParcelRecord(capakey=capakey(i), owner=to_checksum_address(seed[:20]),
                           area_m2=100 + i % 5000, land_use=LandUse(i % 4),
                           deed_hash=keccak(seed), line=i + 2)


def write_csv(path: Path, count: int) -> None:
    """The import file, in the importer's format (:func:`write_parcels_csv`), streamed."""
    from blokketen.land import write_parcels_csv

    write_parcels_csv(path, records(count))


def import_round(csv_path: Path, count: int, gas_limit: int) -> dict[str, Any]:
    from bulk import deploy

    from blokketen.chain import Chain, LocalNode

    with LocalNode(mixed_mining=False, gas_limit=gas_limit, history=BULK_HISTORY) as node:
        chain = Chain.connect(node.url)
        admin, registrar = chain.dev_accounts(2)
        land = deploy(chain, admin, registrar)
        command = [sys.executable, "-m", "blokketen", "land", "import", str(csv_path),
                   "--network", node.url, "--address", land.address, "--dev-account", "1",
                   "--json", "--no-progress"]
        samples: list[tuple[float, int]] = []
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        stop = threading.Event()

        def sample() -> None:
            status = Path(f"/proc/{process.pid}/status")
            while not stop.wait(1.0):
                try:
                    for line in status.read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            samples.append((time.perf_counter() - start, int(line.split()[1])))
                except OSError:
                    return

        streams: dict[str, str] = {}

        def drain(name: str, stream: Any) -> None:
            streams[name] = stream.read()

        threads = [threading.Thread(target=sample, daemon=True),
                   threading.Thread(target=drain, args=("out", process.stdout), daemon=True),
                   threading.Thread(target=drain, args=("err", process.stderr), daemon=True)]
        for thread in threads:
            thread.start()
        # wait4 reaps the importer and gives its own peak RSS (not that of the nodes)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        for thread in threads[1:]:
            thread.join()
        out, err = streams["out"], streams["err"]
        peak_kb = usage.ru_maxrss
        if process.returncode != 0:
            raise RuntimeError(f"import failed ({process.returncode}): {err[-2000:]}")
        summary = json.loads(out)
        assert summary["confirmed"] == count and summary["failed"] == 0, summary
        on_chain = land.parcel(capakey(count - 1))
        assert on_chain.area_m2 == 100 + (count - 1) % 5000
        return {"seconds": seconds, "summary": summary, "peak_kb": peak_kb,
                "samples": samples, "blocks": chain.block_number}


def raw_round(count: int, gas_limit: int) -> float:
    from bulk import deploy, raw_limit

    from blokketen.chain import Chain, LocalNode

    with LocalNode(mixed_mining=False, gas_limit=gas_limit, history=BULK_HISTORY) as node:
        chain = Chain.connect(node.url)
        admin, registrar = chain.dev_accounts(2)
        return raw_limit(chain, deploy(chain, admin, registrar), registrar, records(count))


def baseline_round(which: str, count: int) -> float | str:
    from bulk import brownie, deploy, naive_web3
    from landkit import make_records

    from blokketen.chain import Chain, LocalNode

    records = make_records(count, "7800")
    with LocalNode(mixed_mining=False) as node:  # each transaction mined as it arrives
        chain = Chain.connect(node.url)
        admin, registrar = chain.dev_accounts(2)
        land = deploy(chain, admin, registrar)
        if which == "naive":
            return naive_web3(chain, land, registrar, records)
        return brownie(chain, land, registrar, records)


def naive_where(count: int, raw: int = 5_000) -> list[str]:
    """Why naive web3.py is slower on one node than on another: the same ``count`` calls on
    a fresh anvil and on one that already holds ``raw`` parcels, there with web3.py's
    default receipt poll (0.1 s) and with a 0.005 s one; and what one empty block costs
    anvil on each."""
    from bulk import deploy, naive_web3, raw_limit
    from landkit import make_records

    from blokketen.chain import Chain, LocalNode

    def mine_ms(chain: Any) -> float:
        start = time.perf_counter()
        for _ in range(20):
            chain.rpc("evm_mine", [])
        return (time.perf_counter() - start) / 20 * 1000

    out = []
    for label, filled in [("fresh anvil", 0), (f"anvil holding {raw:,} parcels", raw)]:
        with LocalNode(mixed_mining=False) as node:
            chain = Chain.connect(node.url)
            admin, registrar = chain.dev_accounts(2)
            if filled:
                raw_limit(chain, deploy(chain, admin, registrar), registrar,
                          make_records(filled, "7600"))
            block = mine_ms(chain)
            rates = []
            for poll in (0.1, 0.005):
                land = deploy(chain, admin, registrar)
                seconds = naive_web3(chain, land, registrar,
                                     make_records(count, "7700" if poll > 0.01 else "7500"),
                                     poll_latency=poll)
                rates.append(f"{count / seconds:.0f}/s with a {poll} s receipt poll")
            out.append(f"naive web3.py, {label}: an empty block {block:.1f} ms; "
                       + ", ".join(rates))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--raw-count", type=int, default=1_000_000)
    parser.add_argument("--gas-limit", type=int, default=1_000_000_000,
                        help="block gas limit of the raw and import rounds' nodes")
    parser.add_argument("--baseline-count", type=int, default=1_000)
    parser.add_argument("--no-brownie", action="store_true")
    args = parser.parse_args()
    from bulk import machine

    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project

    compile_project(Project.find(ROOT))
    load = os.getloadavg()
    out = [f"Full register benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine()}, "
           f"load average at start {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}", ""]
    rates: dict[str, float] = {}
    results: list[tuple[str, int, float | str]] = []

    seconds = raw_round(args.raw_count, args.gas_limit)
    results.append((f"1 raw limit (fresh anvil, {args.gas_limit / 1e6:,.0f} M gas)",
                    args.raw_count, seconds))
    naive = baseline_round("naive", args.baseline_count)
    results.append(("2 naive web3.py (fresh anvil)", args.baseline_count, naive))
    if not args.no_brownie:
        brownie = baseline_round("brownie", args.baseline_count)
        results.append(("3 Brownie (fresh anvil)", args.baseline_count, brownie))
    why = naive_where(args.baseline_count)
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "kadaster.csv"
        written = time.perf_counter()
        write_csv(csv_path, args.count)
        out.append(f"CSV of {args.count:,} parcels written in "
                   f"{time.perf_counter() - written:.0f} s "
                   f"({csv_path.stat().st_size / 1e6:.0f} MB)")
        full = import_round(csv_path, args.count, args.gas_limit)
    results.append((f"4 blokketen land import (fresh anvil, {args.gas_limit / 1e6:,.0f} M gas)",
                    args.count, full["seconds"]))
    out.append(f"{'method':<56} {'records':>9} {'seconds':>9} {'records/s':>10}")
    for label, count, value in results:
        if isinstance(value, float):
            rates[label[0]] = count / value
            out.append(f"{label:<56} {count:>9,} {value:>9.1f} {count / value:>10,.0f}")
        else:
            out.append(f"{label:<56} {count:>9,} not measured: {value}")
    for base in ("1", "2", "3"):
        if base in rates:
            out.append(f"ratio 4/{base}: {rates['4'] / rates[base]:,.2f}")
    summary = full["summary"]
    out.append(f"import: {summary['transactions']:,} transactions in {full['blocks']:,} blocks, "
               f"{summary['gas_used'] / args.count:,.0f} gas per record")
    out.append(f"importer peak RSS (kernel): {full['peak_kb'] / 1024:,.0f} MB")
    samples = full["samples"]
    if samples:
        marks = [samples[min(len(samples) - 1, int(len(samples) * f))] for f in
                 (0.1, 0.25, 0.5, 0.75, 1.0)]
        out.append("importer RSS over the run: " + ", ".join(
            f"{t:.0f} s {kb / 1024:.0f} MB" for t, kb in marks)
            + f"; highest sample {max(kb for _, kb in samples) / 1024:.0f} MB")
    out.extend(why)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
