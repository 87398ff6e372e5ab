"""Gas used by the shared building blocks (contracts/common), measured through the harness
contracts of tests/contracts on a fresh anvil chain.

Run: ``.venv/bin/python benchmarks/common_gas.py``. The output is recorded in
benchmarks/common_gas.txt. Transactions show the gas of the whole transaction (21,000 base
and calldata included); views show the gas ``eth_estimateGas`` gives for calling them in a
transaction, which is what a registry pays on top when it runs the same check inside one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from eth_utils import keccak

HERE = Path(__file__).resolve().parent


def main() -> int:
    from blokketen.chain import Chain, LocalNode
    from blokketen.common.leaves import IndexedMerkleTree, MerkleTree, tag, tagged_leaf
    from blokketen.common.roles import OPEN_ENDED
    from blokketen.common.typed_data import Domain, TypedStruct, sign
    from blokketen.contract.base import ContractClient
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project
    from blokketen.toolchain.settings import EVM_VERSION, OPTIMIZER_RUNS, SOLC_VERSION

    class Harness(ContractClient):
        def send(self, fn: str, *args: Any) -> int:
            return self._transact(fn, *args).gas_used

        def call(self, fn: str, *args: Any) -> Any:
            return self._call(fn, *args)

        def view_gas(self, fn: str, *args: Any) -> int:
            data = "0x" + self._encode(fn, *args).hex()
            call = {"from": self.sender.address, "to": self.address, "data": data}  # type: ignore[union-attr]
            return int(self.chain.rpc("eth_estimateGas", [call]), 16)

    class Registry(Harness):
        CONTRACT = "CommonRegistryHarness"

    class Leaves(Harness):
        CONTRACT = "TaggedLeavesHarness"

    class Wallet(Harness):
        CONTRACT = "ERC1271WalletMock"

    project = Project.find()
    store = compile_project(project, folders=("tests/contracts",), build_set="tests").store
    rows: list[tuple[str, int]] = []
    approval = TypedStruct.parse(
        "Approval(bytes32 subject,string note,address signer,uint256 nonce,uint256 deadline)")
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        admin, registrar, chair, relayer = chain.dev_accounts(4)
        reg = Registry.deploy(chain, admin, admin.address, 2 * 86400, store=store)
        rows.append(("deploy CommonRegistryHarness (all blocks)", _deploy_gas(chain, reg.address)))
        reg.send("grantRole", reg.call("REGISTRAR_ROLE"), registrar.address)
        chair_role, scope = reg.call("CHAIR_ROLE"), keccak(b"council")
        r = reg.as_sender(registrar)
        rows.append(("grantWindow (first for holder)",
                     r.send("grantWindow", scope, chair_role, chair.address, 0, OPEN_ENDED)))
        rows.append(("grantWindow (second for holder)",
                     r.send("grantWindow", scope, chair_role, chair.address, 0, OPEN_ENDED)))
        rows.append(("endWindow", r.send("endWindow", scope, chair_role, chair.address, 0)))
        now = chain.timestamp()
        rows.append(("holdsAt, 2 windows (view)",
                     reg.view_gas("holdsAt", scope, chair_role, chair.address, now)))
        rows.append(("recordAct: act checked against 2 windows + event",
                     reg.as_sender(chair).send("recordAct", scope, chair_role)))

        domain = Domain(name="Blokketen CommonHarness", version="1", chain_id=chain.chain_id,
                        verifying_contract=reg.address)
        values = {"subject": keccak(b"s"), "note": "goedgekeurd", "signer": chair.address,
                  "nonce": 0, "deadline": 2**40}
        signature = sign(chair, domain, approval, values)
        rows.append(("approve: EIP-712, EOA signer, nonce used, event",
                     reg.as_sender(relayer).send("approve", *values.values(), signature)))
        wallet = Wallet.deploy(chain, admin, chair.address, store=store)
        values = {**values, "signer": wallet.address}
        signature = sign(chair, domain, approval, values)
        rows.append(("approve: EIP-712, ERC-1271 contract signer",
                     reg.as_sender(relayer).send("approve", *values.values(), signature)))

        leaves = Leaves.deploy(chain, admin, store=store)
        claim_tag = tag("test", "claim")
        for count in (16, 1024):
            claims = [[keccak(b"cred"), i, keccak(b"salt%d" % i), keccak(b"content%d" % i)]
                      for i in range(count)]
            built = [tagged_leaf(claim_tag, ["bytes32", "uint256", "bytes32", "bytes32"], c)
                     for c in claims]
            tree = MerkleTree.build(built)
            proof = list(tree.proof(built[5]))
            rows.append((f"verifyClaim: leaf + sorted proof of {len(proof)} (view)",
                         leaves.view_gas("verifyClaim", tree.root, *claims[5], proof)))
            indexed = IndexedMerkleTree.build(built)
            rows.append((f"verifyAt: index-ordered proof of {len(indexed.proof(5))} (view)",
                         leaves.view_gas("verifyAt", list(indexed.proof(5)), indexed.root,
                                         built[5], 5)))

    header = (f"Shared blocks gas (solc {SOLC_VERSION}, {EVM_VERSION}, optimizer {OPTIMIZER_RUNS} "
              "runs, anvil)")
    lines = [header, f"{'operation':<52}  {'gas':>10}", f"{'-' * 52}  {'-' * 10}"]
    lines += [f"{label:<52}  {gas:>10,}" for label, gas in rows]
    text = "\n".join(lines) + "\n"
    print(text, end="")
    (HERE / "common_gas.txt").write_text(text)
    return 0


def _deploy_gas(chain: Any, address: str) -> int:
    for block in range(chain.block_number, -1, -1):
        for tx_hash in chain.block(block).get("transactions", []):
            receipt = chain.rpc("eth_getTransactionReceipt", [tx_hash])
            if receipt and (receipt.get("contractAddress") or "").lower() == address.lower():
                return int(receipt["gasUsed"], 16)
    raise SystemExit(f"no deployment of {address} found")


if __name__ == "__main__":
    sys.exit(main())
