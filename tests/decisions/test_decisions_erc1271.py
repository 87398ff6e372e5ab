"""A chair whose key sits in an institution's wallet contract (an HSM or e-seal behind
ERC-1271) signs through the wallet; a wallet that answers wrongly is refused."""

from __future__ import annotations

import pytest
from decisionskit import DL, OTHER

from blokketen.contract.base import ContractClient
from blokketen.decisions.samples import COUNCIL


class Wallet(ContractClient):
    CONTRACT = "ERC1271WalletMock"


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture
def wallet(bk_chain, test_contracts, actors, registry):
    """A wallet owned by the stranger's key, given the council's chair mandate."""
    found = Wallet.deploy(bk_chain, actors.admin, actors.stranger.address, store=test_contracts)
    registry.as_sender(actors.registrar).grant_mandate(COUNCIL, "chair", found.address)
    return found


def _wallet_signature(registry, ref, page, wallet, owner):
    request = registry.sign_request(ref, page, role="chair", signer=wallet.address)
    return (wallet.address, request.nonce, request.deadline,
            request.sign(owner, registry.domain()))


def test_a_wallet_signs_as_chair(registry, actors, pages, wallet):
    page = pages["council"]
    publisher = registry.as_sender(actors.publisher)
    ref = publisher.anchor(page, kind=DL)
    registry.submit_signature(ref, role="chair", signature=_wallet_signature(
        registry, ref, page, wallet, actors.stranger))
    registry.sign(ref, page, role="secretary", key=actors.secretary)
    publisher.publish(ref)
    verdict = registry.verify(page, decision=OTHER)
    assert verdict.valid and verdict.chair == wallet.address


@pytest.mark.parametrize("mode", [1, 2, 3])  # wrong magic, reverts, short answer
def test_a_wallet_that_answers_wrongly_is_refused(registry, actors, pages, wallet, mode):
    page = pages["council"]
    ref = registry.as_sender(actors.publisher).anchor(page, kind=DL)
    wallet._transact("setMode", mode)
    with pytest.raises(registry.errors.TypedSignaturesInvalidSignature):
        registry.submit_signature(ref, role="chair", signature=_wallet_signature(
            registry, ref, page, wallet, actors.stranger))
    assert registry.document(ref).chair is None


def test_the_owner_key_alone_is_not_the_wallet(registry, actors, pages, wallet):
    """The owner's key has no mandate itself: its signature as itself is refused."""
    page = pages["council"]
    ref = registry.as_sender(actors.publisher).anchor(page, kind=DL)
    request = registry.sign_request(ref, page, role="chair", signer=actors.stranger.address)
    with pytest.raises(registry.errors.RoleWindowsNotHeld):
        registry.submit_signature(ref, role="chair",
                                  signature=registry.signature_of(actors.stranger, request))
