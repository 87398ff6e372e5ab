"""Gas used by each LandRegistry operation, on a fresh anvil chain.

Run: ``.venv/bin/python benchmarks/land_gas.py`` (compiles contracts/ if needed). The output
is recorded in benchmarks/land_gas.txt. Gas depends on the state touched: every row is one
typical call on a small registry (warm account, parcels with zero or one right).
"""

from __future__ import annotations

import sys
from typing import Any

from eth_utils import keccak


def main() -> int:
    from blokketen.chain import Chain, LocalNode
    from blokketen.land import NewParcel, RightKind
    from blokketen.land.client import LandRegistry
    from blokketen.land.pilot import ADMIN_DELAY
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project
    from blokketen.toolchain.settings import EVM_VERSION, OPTIMIZER_RUNS, SOLC_VERSION

    compile_project(Project.find())
    rows: list[tuple[str, int]] = []
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        admin, registrar, notary, surveyor, court, court2, alice, bob, lessee = (
            chain.dev_accounts(9))
        reg = LandRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
        rows.append(("deploy LandRegistry (and its survey module)",
                     _deploy_gas(chain, reg.address)))

        def rec(label: str, outcome: object) -> None:
            rows.append((label, getattr(outcome, "receipt", outcome).gas_used))  # type: ignore[attr-defined]

        rec("grantRole", reg.grant_role("registrar", registrar.address))
        for role, who in [("notary", notary), ("surveyor", surveyor), ("court", court),
                          ("court", court2)]:
            reg.grant_role(role, who.address)
        r, n, s = reg.as_sender(registrar), reg.as_sender(notary), reg.as_sender(surveyor)
        a, b = reg.as_sender(alice), reg.as_sender(bob)
        keys = [f"11001A{i:04d}/00_000" for i in range(1, 8)]
        rec("registerParcel", r.register_parcel(keys[0], owner=alice.address, area_m2=1000,
                                                deed_hash=keccak(text="d0")))
        for key in keys[1:4]:
            r.register_parcel(key, owner=alice.address, area_m2=1000, deed_hash=keccak(text=key))
        expiry = chain.timestamp() + 86_400
        deed = keccak(text="sale")
        rec("openTransfer", a.open_transfer(keys[0], buyer=bob.address, deed_hash=deed,
                                            expiry=expiry))
        rec("acceptTransfer", b.accept_transfer(keys[0]))
        rec("authenticateTransfer", n.authenticate_transfer(keys[0]))
        a.open_transfer(keys[1], buyer=bob.address, deed_hash=deed, expiry=expiry)
        rec("cancelTransfer", b.cancel_transfer(keys[1]))
        msg = reg.transfer_message(keys[1], buyer=bob.address, deed_hash=deed, deadline=expiry)
        rec("transferWithSignatures", n.transfer_with_signatures(
            keys[1], buyer=bob.address, deed_hash=deed, parcel_version=msg["parcelVersion"],
            nonce=msg["nonce"], deadline=expiry, seller_signature=reg.sign_transfer(alice, msg),
            buyer_signature=reg.sign_transfer(bob, msg)))
        rec("useNonce", a.use_nonce())
        lease = r.add_right(keys[2], kind=RightKind.LEASE, holder=lessee.address,
                            source_hash=keccak(text="lease"))
        rec("addRight (first on parcel)", lease)
        pre = r.add_right(keys[2], kind=RightKind.PRE_EMPTION, holder=lessee.address,
                          source_hash=keccak(text="pre"))
        rec("addRight (second)", pre)
        rec("openTransfer (1 pre-emption right)",
            a.open_transfer(keys[2], buyer=bob.address, deed_hash=deed, expiry=expiry))
        rec("waivePreemption", reg.as_sender(lessee).waive_preemption(keys[2], pre.id))
        a.cancel_transfer(keys[2])
        rec("endRight", r.end_right(keys[2], pre.id, source_hash=keccak(text="end")))
        rec("split into 2 (1 right carried to 1 child)", s.split(
            keys[2], [NewParcel("11001A0002/00A000", 400), NewParcel("11001A0002/00B000", 600)],
            survey_hash=keccak(text="survey"), carries={lease.id: [0]}))
        rec("split into 4 (no rights)", s.split(
            keys[3], [NewParcel(f"11001A0003/00{c}000", 250) for c in "ABCD"],
            survey_hash=keccak(text="survey2")))
        rec("merge 2 into 1", s.merge(["11001A0003/00A000", "11001A0003/00B000"],
                                      NewParcel("11001A0003/01_000", 500),
                                      survey_hash=keccak(text="survey3")))
        rec("freeze", reg.as_sender(court).freeze("11001A0003/00C000",
                                                  case_ref=keccak(text="case")))
        rec("unfreeze", reg.as_sender(court2).unfreeze("11001A0003/00C000",
                                                       case_ref=keccak(text="case")))
        # what the fixes added: a pre-emption right checked at completion, a revocation,
        # every right carried by default
        holder = reg.as_sender(lessee)
        r.register_parcel(keys[4], owner=alice.address, area_m2=1000, deed_hash=deed)
        pre = r.add_right(keys[4], kind=RightKind.PRE_EMPTION, holder=lessee.address,
                          source_hash=keccak(text="pre"))
        a.open_transfer(keys[4], buyer=bob.address, deed_hash=deed, expiry=expiry)
        holder.waive_preemption(keys[4], pre.id)
        b.accept_transfer(keys[4])
        rec("authenticateTransfer (1 pre-emption right, waived)",
            n.authenticate_transfer(keys[4]))
        b.open_transfer(keys[4], buyer=alice.address, deed_hash=deed, expiry=expiry)
        rec("revokeTransfer", r.revoke_transfer(keys[4], reason_hash=keccak(text="reason")))
        b.open_transfer(keys[4], buyer=alice.address, deed_hash=deed,
                        expiry=chain.timestamp() + 60 * 86_400)
        a.accept_transfer(keys[4])
        chain.increase_time(31 * 86_400)
        rec("authenticateTransfer (1 pre-emption right, notice over)",
            n.authenticate_transfer(keys[4]))
        r.add_right(keys[4], kind=RightKind.MORTGAGE, holder=lessee.address,
                    source_hash=keccak(text="mortgage"))
        rec("split into 2 (2 rights, each to every child)", s.split(
            keys[4], [NewParcel("11001A0004/00A000", 400), NewParcel("11001A0004/00B000", 600)],
            survey_hash=keccak(text="survey4")))
        rec("pause", reg.pause())
        rec("unpause", reg.unpause())

    print(f"LandRegistry gas per operation (solc {SOLC_VERSION}, {EVM_VERSION}, "
          f"optimizer {OPTIMIZER_RUNS} runs, anvil)")
    width = max(len(label) for label, _ in rows)
    print(f"{'operation':<{width}}  {'gas used':>10}")
    print(f"{'-' * width}  {'-' * 10}")
    for label, gas in rows:
        print(f"{label:<{width}}  {gas:>10,}")
    return 0


def _deploy_gas(chain: Any, address: str) -> int:
    """Gas of the transaction that created ``address`` (searched in the latest blocks)."""
    for number in range(chain.block_number, -1, -1):
        for tx in chain.block(number)["transactions"]:
            receipt = chain.rpc("eth_getTransactionReceipt", [tx])
            if (receipt.get("contractAddress") or "").lower() == address.lower():
                return int(receipt["gasUsed"], 16)
    raise LookupError(f"no creation transaction for {address}")


if __name__ == "__main__":
    sys.exit(main())
