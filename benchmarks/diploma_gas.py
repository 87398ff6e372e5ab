"""Gas of the DiplomaRegistry: per diploma for Merkle batches of 1 to 10,000, and per
operation side by side with the registry before issue 9 (main at 62064e7).

Run: ``.venv/bin/python benchmarks/diploma_gas.py`` (starts its own anvil). The recorded
output is in ``benchmarks/diploma_gas.txt``.

A batch is one transaction that stores one root, so its gas hardly depends on the batch size;
per diploma it falls as 1/N. Revoking one diploma sends its Merkle proof and claim, so it
grows with log2(N). ``verify`` is a view (free for a verifier); its eth_estimateGas shows the
work. The baseline column was measured with the same flow on the contract of main at
62064e7 (its own API: a leaf instead of a claim, a withdrawal block instead of a proposal),
on the same machine and toolchain.
"""

from __future__ import annotations

import platform
import time
from pathlib import Path

from blokketen.chain import Chain, LocalNode
from blokketen.diploma import ADMIN_DELAY, RevocationReason, keccak256
from blokketen.diploma.client import DiplomaRegistry
from blokketen.diploma.demo import sample_documents
from blokketen.project import Project
from blokketen.toolchain.compiler import compile_project
from blokketen.toolchain.settings import EVM_VERSION, OPTIMIZER_RUNS, SOLC_VERSION

HERE = Path(__file__).resolve().parent
SIZES = (1, 10, 100, 1_000, 10_000)

BASELINE = {
    "deploy DiplomaRegistry": 2_754_499,
    "appointAccreditor": 73_827,
    "accredit (3 EQF levels)": 144_363,
    "accredit (1 EQF level)": 143_373,
    "suspendIssuer (3 levels)": 43_349,
    "reinstateIssuer (3 levels)": 93_331,
    "withdrawAccreditation (1 level)": 44_395,
    "issueBatch (100 diplomas)": 79_822,
    "revoke one (batch of 100)": 56_591,
    "suspend one (batch of 100)": 55_636,
    "reinstate": 32_044,
    "recognise (batch of 100)": 92_877,
    "revokeBatch": 32_076,
    "verify (view, batch of 100)": 43_347,
}
"""Gas on main at 62064e7, before issue 9 (see the module description)."""


def _view_gas(chain: Chain, registry: DiplomaRegistry, fn: str, *args: object) -> int:
    data = registry.encode(fn, *args)
    return int(chain.rpc("eth_estimateGas", [{"to": registry.address,
                                               "data": "0x" + data.hex()}]), 16)


def per_operation(chain: Chain, store: object) -> list[tuple[str, int]]:
    """Every state change once, in a realistic order; the gas each used."""
    admin, be, be2, nl, leuven, utrecht, court, naric = chain.dev_accounts(8)
    rows: list[tuple[str, int]] = []
    deployed = DiplomaRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY, store=store)
    first = chain.rpc("eth_getBlockByNumber", [hex(chain.block_number), False])
    receipt = chain.rpc("eth_getTransactionReceipt", [first["transactions"][0]])
    rows.append(("deploy DiplomaRegistry", int(receipt["gasUsed"], 16)))
    registry = deployed
    rows.append(("appointAccreditor", registry.appoint_accreditor(be.address, "BE").gas_used))
    registry.appoint_accreditor(be2.address, "BE")
    registry.appoint_accreditor(nl.address, "NL")
    registry.grant_role("REVOKER_ROLE", court.address)
    registry.grant_role("RECOGNISER_ROLE", naric.address)
    rows.append(("accredit (3 EQF levels)", registry.as_sender(be).accredit(
        leuven.address, country="BE", institution="KU Leuven", levels=[6, 7, 8]).gas_used))
    rows.append(("accredit (1 EQF level)", registry.as_sender(nl).accredit(
        utrecht.address, country="NL", institution="Universiteit Utrecht", levels=[7]).gas_used))
    issuer = registry.as_sender(leuven)
    prepared = issuer.prepare(sample_documents(100, seed=1))
    rows.append(("issueBatch (100 diplomas)", issuer.anchor(prepared).gas_used))
    receipts = prepared.receipts(registry=registry.address, chain_id=chain.chain_id)
    first_one = receipts[0]
    rows.append(("verify (view, batch of 100)", _view_gas(
        chain, registry, "verify", first_one.root, list(first_one.proof),
        first_one.claim.as_tuple())))
    rows.append(("revoke one (batch of 100)",
                 issuer.revoke(receipts[1], RevocationReason.FRAUD).gas_used))
    rows.append(("suspend one (batch of 100)", issuer.suspend(receipts[2]).gas_used))
    rows.append(("reinstate", issuer.reinstate(receipts[2]).gas_used))
    rows.append(("recognise (batch of 100)", registry.as_sender(naric).recognise(
        receipts[3], equivalent_level=7, decision_hash=keccak256(b"decision")).gas_used))
    other = issuer.prepare(sample_documents(3, seed=2))
    issuer.anchor(other)
    rows.append(("revokeBatch", registry.as_sender(court).revoke_batch(
        other.root, RevocationReason.COURT_ORDER).gas_used))
    rows.append(("suspendIssuer (3 levels)",
                 registry.as_sender(be).suspend_issuer(leuven.address).gas_used))
    rows.append(("reinstateIssuer (3 levels)",
                 registry.as_sender(be).reinstate_issuer(leuven.address).gas_used))
    rows.append(("withdrawAccreditation (1 level)",
                 registry.as_sender(nl).withdraw_accreditation(utrecht.address).gas_used))
    chain.increase_time(10)
    rows.append(("proposeRetroactiveWithdrawal (3 levels)", registry.as_sender(be)
                 .propose_retroactive_withdrawal(leuven.address, effective_at=1).gas_used))
    rows.append(("confirmRetroactiveWithdrawal", registry.as_sender(be2)
                 .confirm_retroactive_withdrawal(leuven.address, effective_at=1).gas_used))
    rows.append(("verify (view, after a retroactive withdrawal)", _view_gas(
        chain, registry, "verify", first_one.root, list(first_one.proof),
        first_one.claim.as_tuple())))
    return rows


def per_batch_size(chain: Chain, store: object) -> list[tuple[int, int, int, int, int, float]]:
    """Issue, revoke one and verify for batches of each size in :data:`SIZES`."""
    admin, accreditor, leuven = chain.dev_accounts(3)
    registry = DiplomaRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY, store=store)
    registry.appoint_accreditor(accreditor.address, "BE")
    registry.as_sender(accreditor).accredit(leuven.address, country="BE",
                                            institution="KU Leuven", levels=[7])
    issuer = registry.as_sender(leuven)
    rows = []
    for size in SIZES:
        started = time.perf_counter()
        prepared = issuer.prepare(sample_documents(size, seed=size))
        prepare_s = time.perf_counter() - started
        anchored = issuer.anchor(prepared)
        receipt = prepared.receipts(registry=registry.address, chain_id=chain.chain_id)[-1]
        verify_gas = _view_gas(chain, registry, "verify", receipt.root, list(receipt.proof),
                               receipt.claim.as_tuple())
        revoked = issuer.revoke(receipt, RevocationReason.ISSUED_IN_ERROR)
        rows.append((size, anchored.gas_used, revoked.gas_used, len(receipt.proof),
                     verify_gas, prepare_s))
    return rows


def main() -> None:
    store = compile_project(
        Project.find(), folders=("contracts/diploma", "contracts/common"),
        build_set="diploma-bench"
    ).store
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        operations = per_operation(chain, store)
    with LocalNode() as node:
        sizes = per_batch_size(Chain.connect(node.url), store)
    lines = [f"DiplomaRegistry gas (solc {SOLC_VERSION}, evm {EVM_VERSION}, optimizer "
             f"{OPTIMIZER_RUNS} runs, anvil, Python {platform.python_version()})", ""]
    header = f"{'operation':<46} | {'before':>9} | {'after':>9} | {'change':>10}"
    lines += [header, "-" * len(header)]
    for name, gas in operations:
        before = BASELINE.get(name)
        if before is None:
            lines.append(f"{name:<46} | {'-':>9} | {gas:>9,} | {'new':>10}")
        else:
            lines.append(f"{name:<46} | {before:>9,} | {gas:>9,} | {gas - before:>+10,}")
    lines += ["", "before: main at 62064e7 (no admin rules, no claims, one accreditor "
              "withdraws alone).", ""]
    header = (f"{'batch size':>10} | {'issue tx gas':>12} | {'gas/diploma':>11} | "
              f"{'revoke one':>10} | {'proof len':>9} | {'verify (view)':>13} | "
              f"{'prepare s':>10}")
    lines += [header, "-" * len(header)]
    for size, issue_gas, revoke_gas, depth, verify_gas, seconds in sizes:
        lines.append(f"{size:>10,} | {issue_gas:>12,} | {issue_gas / size:>11,.1f} | "
                     f"{revoke_gas:>10,} | {depth:>9} | {verify_gas:>13,} | {seconds:>10.3f}")
    lines += [
        "",
        "issue: one transaction per batch (root, size, level, expiry: two storage slots).",
        "revoke one: claim + Merkle proof in calldata, one storage slot per diploma identity;",
        "  grows with log2(N).",
        "verify: eth_call, no transaction; estimateGas shown for the work it does.",
    ]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    (HERE / "diploma_gas.txt").write_text(text)

if __name__ == "__main__":
    main()
