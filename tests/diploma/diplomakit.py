"""Helpers the diploma tests share: institution names, a deployment, a forged batch."""

from __future__ import annotations

from typing import Any

from blokketen.diploma import DiplomaDocument, DiplomaReceipt, prepare_batch

LEUVEN = "KU Leuven"
UTRECHT = "Universiteit Utrecht"
ROGUE = "ROC Zaandam"


def deploy(chain: Any, project: Any, admin: Any) -> Any:
    """A fresh DiplomaRegistry with the pilot's constructor arguments and ``admin``."""
    from blokketen.diploma.client import DiplomaRegistry
    from blokketen.diploma.pilot import constructor_args

    return DiplomaRegistry.deploy(chain, admin,
                                  *constructor_args("DiplomaRegistry", admin.address),
                                  store=project.artifacts())


def anchor_raw(client: Any, documents: list[DiplomaDocument], *, level: int | None = None
               ) -> list[DiplomaReceipt]:
    """Anchor ``documents`` as the client's sender would without the client's checks (an
    attacker's own software): the batch level is ``level`` (default the documents'), and no
    check compares the documents with the issuer's accreditation. Returns the receipts."""
    prepared = prepare_batch(documents, issuer=client.sender.address)
    client._transact("issueBatch", prepared.root, len(prepared),
                     prepared.level if level is None else level, 0)
    receipts = prepared.receipts(registry=client.address, chain_id=client.chain.chain_id)
    # The forgery is self-consistent: only the chain's own checks can refuse it.
    assert all(receipt.proof_holds() for receipt in receipts)
    return receipts
