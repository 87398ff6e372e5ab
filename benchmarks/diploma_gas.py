"""Gas per diploma for Merkle batches of 1 to 10,000, and for revoking one diploma.

Run: ``.venv/bin/python benchmarks/diploma_gas.py`` (starts its own anvil). The recorded
output is in ``benchmarks/diploma_gas.txt``.

A batch is one transaction that stores one root, so its gas hardly depends on the batch size;
per diploma it falls as 1/N. Revoking one diploma sends its Merkle proof, so it grows with
log2(N). ``verify`` is a view (free for a verifier); its eth_estimateGas shows the work.
"""

from __future__ import annotations

import platform
import time

from blokketen.chain import Chain, LocalNode
from blokketen.diploma import RevocationReason
from blokketen.diploma.client import DiplomaRegistry
from blokketen.diploma.demo import sample_documents
from blokketen.diploma.receipts import prepare_batch
from blokketen.project import Project
from blokketen.toolchain.compiler import compile_project
from blokketen.toolchain.settings import EVM_VERSION, OPTIMIZER_RUNS, SOLC_VERSION

SIZES = (1, 10, 100, 1_000, 10_000)


def main() -> None:
    store = compile_project(
        Project.find(), folders=("contracts/diploma",), build_set="diploma-bench"
    ).store
    rows = []
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        admin, accreditor, leuven = chain.dev_accounts(3)
        registry = DiplomaRegistry.deploy(chain, admin, admin.address, store=store)
        registry.appoint_accreditor(accreditor.address, "BE")
        registry.as_sender(accreditor).accredit(leuven.address, country="BE", levels=[7])
        issuer = registry.as_sender(leuven)
        for size in SIZES:
            started = time.perf_counter()
            prepared = prepare_batch(sample_documents(size, seed=size))
            prepare_s = time.perf_counter() - started
            anchored = issuer.anchor(prepared)
            receipt = prepared.receipts(registry=registry.address, chain_id=chain.chain_id)[-1]
            verify_gas = int(
                chain.rpc(
                    "eth_estimateGas",
                    [{"to": registry.address,
                      "data": "0x" + registry.encode(
                          "verify", receipt.leaf, list(receipt.proof), receipt.root).hex()}],
                ),
                16,
            )
            revoked = issuer.revoke(receipt, RevocationReason.ISSUED_IN_ERROR)
            rows.append((size, anchored.gas_used, revoked.gas_used, len(receipt.proof),
                         verify_gas, prepare_s))
    print(f"DiplomaRegistry gas (solc {SOLC_VERSION}, evm {EVM_VERSION}, optimizer "
          f"{OPTIMIZER_RUNS} runs, anvil, Python {platform.python_version()})")
    print()
    header = (f"{'batch size':>10} | {'issue tx gas':>12} | {'gas/diploma':>11} | "
              f"{'revoke one':>10} | {'proof len':>9} | {'verify (view)':>13} | "
              f"{'prepare s':>10}")
    print(header)
    print("-" * len(header))
    for size, issue_gas, revoke_gas, depth, verify_gas, seconds in rows:
        print(f"{size:>10,} | {issue_gas:>12,} | {issue_gas / size:>11,.1f} | "
              f"{revoke_gas:>10,} | {depth:>9} | {verify_gas:>13,} | {seconds:>10.3f}")
    print()
    print("issue: one transaction per batch (root, size, level, expiry: two storage slots).")
    print("revoke one: leaf + Merkle proof in calldata, one storage slot; grows with log2(N).")
    print("verify: eth_call, no transaction; estimateGas shown for the work it does.")


if __name__ == "__main__":
    main()
