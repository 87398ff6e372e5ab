"""EIP-712 approvals on chain: Python's digest equals the contract's, and every attack fails
with its typed error (replay, other chain or contract, expiry, malleability, bad ERC-1271)."""

from __future__ import annotations

import pytest
from eth_utils import keccak
from harness import CommonRegistryHarness

from blokketen.common.typed_data import SECP256K1_N, Domain, TypedStruct, digest, sign

APPROVAL = TypedStruct.parse(
    "Approval(bytes32 subject,string note,address signer,uint256 nonce,uint256 deadline)")
SUBJECT = keccak(b"besluitenlijst 2026-03")
NOTE = "goedgekeurd door de voorzitter"
FAR = 2**40


def _domain(registry, chain_id: int | None = None) -> Domain:
    return Domain(name="Blokketen CommonHarness", version="1",
                  chain_id=chain_id or registry.chain.chain_id, verifying_contract=registry.address)


def _values(signer: str, nonce: int = 0, deadline: int = FAR) -> dict[str, object]:
    return {"subject": SUBJECT, "note": NOTE, "signer": signer, "nonce": nonce,
            "deadline": deadline}


def _approve(registry, cast, values, signature):
    return registry.as_sender(cast.relayer).send(
        "approve", values["subject"], values["note"], values["signer"], values["nonce"],
        values["deadline"], signature)


def test_domain_and_digest_equal_python(registry):
    domain = _domain(registry)
    assert registry.call("domainSeparator") == domain.separator
    fields, name, version, chain_id, contract, salt, extensions = registry.call("eip712Domain")
    assert (fields, name, version, chain_id, contract) == (
        b"\x0f", domain.name, "1", domain.chain_id, registry.address)
    assert (salt, list(extensions)) == (bytes(32), [])
    assert registry.call("APPROVAL_TYPEHASH") == APPROVAL.type_hash
    values = _values("0x" + "11" * 20, 3, 12345)
    assert registry.call("approvalDigest", *values.values()) == digest(domain, APPROVAL, values)
    struct_hash = APPROVAL.hash(values)
    assert registry.call("hashTypedData", struct_hash) == digest(domain, APPROVAL, values)


def test_a_relayer_submits_an_approval_and_its_nonce_is_used_up(registry, cast):
    values = _values(cast.chair.address)
    signature = sign(cast.chair, _domain(registry), APPROVAL, values)
    receipt = _approve(registry, cast, values, signature)
    names = [e.name for e in receipt.events]
    assert names == ["NonceUsed", "Approved"]
    assert receipt.events[0].args["owner"] == cast.chair.address
    assert registry.call("nonces", cast.chair.address) == 1


def test_a_replayed_signature_is_refused(registry, cast):
    values = _values(cast.chair.address)
    signature = sign(cast.chair, _domain(registry), APPROVAL, values)
    _approve(registry, cast, values, signature)
    with pytest.raises(registry.errors.TypedSignaturesInvalidNonce) as caught:
        _approve(registry, cast, values, signature)
    assert (caught.value.owner, caught.value.expected, caught.value.nonce) == (
        cast.chair.address, 1, 0)


def test_use_nonce_cancels_what_was_signed(registry, cast):
    values = _values(cast.chair.address)
    signature = sign(cast.chair, _domain(registry), APPROVAL, values)
    registry.as_sender(cast.chair).send("useNonce")
    with pytest.raises(registry.errors.TypedSignaturesInvalidNonce):
        _approve(registry, cast, values, signature)


def test_a_signature_for_another_chain_is_refused(registry, cast):
    values = _values(cast.chair.address)
    signature = sign(cast.chair, _domain(registry, chain_id=1), APPROVAL, values)
    with pytest.raises(registry.errors.TypedSignaturesInvalidSignature) as caught:
        _approve(registry, cast, values, signature)
    assert caught.value.signer == cast.chair.address


def test_a_signature_for_another_contract_is_refused(registry, cast, bk_chain, test_contracts):
    twin = CommonRegistryHarness.deploy(bk_chain, cast.admin, cast.admin.address, 3600,
                                        store=test_contracts)
    values = _values(cast.chair.address)
    signature = sign(cast.chair, _domain(twin), APPROVAL, values)
    _approve(twin, cast, values, signature)  # valid where it was meant
    with pytest.raises(registry.errors.TypedSignaturesInvalidSignature):
        _approve(registry, cast, values, signature)


def test_a_signature_by_someone_else_is_refused(registry, cast):
    values = _values(cast.chair.address)
    signature = sign(cast.other, _domain(registry), APPROVAL, values)
    with pytest.raises(registry.errors.TypedSignaturesInvalidSignature):
        _approve(registry, cast, values, signature)


def test_an_expired_deadline_is_refused(registry, cast, bk_chain):
    deadline = bk_chain.timestamp() + 60
    values = _values(cast.chair.address, deadline=deadline)
    signature = sign(cast.chair, _domain(registry), APPROVAL, values)
    bk_chain.increase_time(120)
    with pytest.raises(registry.errors.TypedSignaturesExpired) as caught:
        _approve(registry, cast, values, signature)
    assert caught.value.deadline == deadline and caught.value.nowTime > deadline


def test_a_malleable_high_s_signature_is_refused(registry, cast):
    values = _values(cast.chair.address)
    signature = sign(cast.chair, _domain(registry), APPROVAL, values)
    s = int.from_bytes(signature[32:64], "big")
    twin = signature[:32] + (SECP256K1_N - s).to_bytes(32, "big") + bytes([55 - signature[64]])
    message = digest(_domain(registry), APPROVAL, values)
    assert registry.call("recoverSigner", message, signature) == cast.chair.address
    assert registry.call("recoverSigner", message, twin) == "0x" + "00" * 20
    with pytest.raises(registry.errors.TypedSignaturesInvalidSignature):
        _approve(registry, cast, values, twin)


def test_an_erc1271_wallet_signs_through_its_owner_key(registry, cast, wallet):
    values = _values(wallet.address)
    signature = sign(cast.chair, _domain(registry), APPROVAL, values)
    receipt = _approve(registry, cast, values, signature)
    assert receipt.events[-1].args["signer"] == wallet.address
    assert registry.call("nonces", wallet.address) == 1


@pytest.mark.parametrize("mode", [1, 2, 3, 4], ids=["wrong-magic", "reverts", "short-answer",
                                                    "padded-magic"])
def test_a_wrong_erc1271_answer_is_refused(registry, cast, wallet, mode):
    wallet.send("setMode", mode)
    values = _values(wallet.address)
    signature = sign(cast.chair, _domain(registry), APPROVAL, values)
    with pytest.raises(registry.errors.TypedSignaturesInvalidSignature) as caught:
        _approve(registry, cast, values, signature)
    assert caught.value.signer == wallet.address


def test_a_contract_signer_is_not_checked_as_an_eoa(registry, cast, wallet):
    """The wallet's owner key signs a digest that the wallet itself refuses (another key's
    wallet would be needed): the EOA path is never taken for an address with code."""
    values = _values(wallet.address)
    signature = sign(cast.other, _domain(registry), APPROVAL, values)
    message = digest(_domain(registry), APPROVAL, values)
    assert not registry.call("isValidSignatureOf", wallet.address, message, signature)
    assert registry.call("isValidSignatureOf", cast.other.address, message, signature)
