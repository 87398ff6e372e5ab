"""Transfers: the three-step flow, the first-filed lock, expiry, pre-emption, signatures,
and ownership over time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from landkit import DEED, DEED2, KEY, KEY2, SOURCE, SURVEY, now, signed_terms

from blokketen._exceptions import InputError
from blokketen.land import NewParcel, ParcelStatus, RightKind, TransferState
from blokketen.land import history as h

DAY = 86_400


@pytest.fixture
def opened(registry, cast, as_, parcel, bk_chain):
    """A transfer of KEY from alice to bob, opened with a one-day expiry."""
    return as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                         expiry=now(bk_chain) + DAY)


def _sign(registry, cast, *, buyer, deadline, signer_seller=None, signer_buyer=None,
          key=KEY, deed=DEED2):
    message = registry.transfer_message(key, buyer=buyer.address, deed_hash=deed,
                                        deadline=deadline)
    seller_sig = registry.sign_transfer(signer_seller or cast.alice, message)
    buyer_sig = registry.sign_transfer(signer_buyer or buyer, message)
    return message, seller_sig, buyer_sig


def test_three_step_transfer_changes_owner(registry, cast, as_, opened):
    assert opened.id == 1
    pending = registry.pending_transfer(KEY)
    assert pending is not None and pending.state == TransferState.OPENED
    assert (pending.seller, pending.buyer, pending.deed_hash) == (
        cast.alice.address, cast.bob.address, DEED2)
    assert pending.accepted_version is None
    assert pending.opened_at == registry.chain.timestamp(opened.receipt.block_number)
    assert registry.parcel(KEY).version == 2  # filing a transfer changes the parcel
    as_(cast.bob).accept_transfer(KEY)
    accepted = registry.transfer(opened.id)
    assert (accepted.state, accepted.accepted_version) == (TransferState.ACCEPTED, 2)
    receipt = as_(cast.notary).authenticate_transfer(KEY)
    nonce, event = receipt.events
    assert (nonce.name, nonce["owner"], nonce["nonce"]) == ("NonceUsed", cast.alice.address, 0)
    assert event.name == "ParcelTransferred"
    assert (event["from"], event["to"], event["notary"]) == (
        cast.alice.address, cast.bob.address, cast.notary.address)
    p = registry.parcel(KEY)
    assert (p.owner, p.version, p.deed_hash) == (cast.bob.address, 3, DEED2)
    assert registry.nonce(cast.alice.address) == 1
    assert registry.pending_transfer(KEY) is None
    assert registry.transfer(opened.id).state == TransferState.COMPLETED


def test_pending_transfer_blocks_a_second(registry, cast, as_, opened, bk_chain):
    with pytest.raises(registry.errors.LandRegistryTransferPending) as caught:
        as_(cast.alice).open_transfer(KEY, buyer=cast.carol.address, deed_hash=DEED,
                                      expiry=now(bk_chain) + DAY)
    assert caught.value.transferId == opened.id
    message, s1, s2 = _sign(registry, cast, buyer=cast.carol, deadline=now(bk_chain) + DAY)
    with pytest.raises(registry.errors.LandRegistryTransferPending):
        as_(cast.notary).transfer_with_signatures(KEY, **signed_terms(message),
                                                  seller_signature=s1, buyer_signature=s2)
    with pytest.raises(registry.errors.LandRegistryTransferPending):
        as_(cast.surveyor).split(KEY, [NewParcel("11001A0123/00C000", 400),
                                       NewParcel("11001A0123/00D000", 600)],
                                 survey_hash=SURVEY)


def test_expiry_releases_the_lock(registry, cast, as_, opened, bk_chain):
    as_(cast.bob).accept_transfer(KEY)
    bk_chain.increase_time(DAY + 1)
    with pytest.raises(registry.errors.LandRegistryTransferExpired) as caught:
        as_(cast.notary).authenticate_transfer(KEY)
    assert caught.value.transferId == opened.id
    second = as_(cast.alice).open_transfer(KEY, buyer=cast.carol.address, deed_hash=DEED,
                                           expiry=now(bk_chain) + DAY)
    assert [e.name for e in second.receipt.events] == ["TransferLapsed", "TransferOpened"]
    assert registry.transfer(opened.id).state == TransferState.LAPSED
    assert registry.pending_transfer(KEY).id == second.id


def test_accept_after_expiry_reverts(registry, cast, as_, opened, bk_chain):
    bk_chain.increase_time(DAY)
    with pytest.raises(registry.errors.LandRegistryTransferExpired):
        as_(cast.bob).accept_transfer(KEY)


def test_cancel_releases_the_lock(registry, cast, as_, opened, bk_chain):
    receipt = as_(cast.bob).cancel_transfer(KEY)
    assert receipt.events[0]["by"] == cast.bob.address
    assert registry.transfer(opened.id).state == TransferState.CANCELLED
    assert registry.pending_transfer(KEY) is None
    with pytest.raises(registry.errors.LandRegistryNoPendingTransfer):
        as_(cast.alice).cancel_transfer(KEY)
    as_(cast.alice).open_transfer(KEY, buyer=cast.carol.address, deed_hash=DEED,
                                  expiry=now(bk_chain) + DAY)


def test_steps_out_of_order_revert(registry, cast, as_, opened):
    with pytest.raises(registry.errors.LandRegistryTransferWrongState) as caught:
        as_(cast.notary).authenticate_transfer(KEY)
    assert caught.value.state == TransferState.OPENED
    as_(cast.bob).accept_transfer(KEY)
    with pytest.raises(registry.errors.LandRegistryTransferWrongState):
        as_(cast.bob).accept_transfer(KEY)


def test_no_pending_transfer_reverts(registry, cast, as_, parcel):
    for who, fn in [(cast.bob, "accept_transfer"), (cast.notary, "authenticate_transfer")]:
        with pytest.raises(registry.errors.LandRegistryNoPendingTransfer):
            getattr(as_(who), fn)(KEY)
    with pytest.raises(registry.errors.LandRegistryNoPendingTransfer):
        as_(cast.lessee).waive_preemption(KEY, 1)


def test_open_transfer_checks_terms(registry, cast, as_, parcel, bk_chain):
    alice = as_(cast.alice)
    with pytest.raises(registry.errors.LandRegistryExpiryInPast):
        alice.open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED, expiry=1)
    with pytest.raises(registry.errors.LandRegistrySelfTransfer):
        alice.open_transfer(KEY, buyer=cast.alice.address, deed_hash=DEED,
                            expiry=now(bk_chain) + DAY)
    with pytest.raises(registry.errors.LandRegistryZeroAddress):
        alice._transact("openTransfer", KEY, "0x" + "00" * 20, DEED, now(bk_chain) + DAY)
    with pytest.raises(registry.errors.LandRegistryMissingHash):
        alice._transact("openTransfer", KEY, cast.bob.address, b"\0" * 32, now(bk_chain) + DAY)
    with pytest.raises(InputError) as caught:
        alice.open_transfer(KEY, buyer="bob", deed_hash=DEED, expiry=now(bk_chain) + DAY)
    assert caught.value.field == "buyer"
    with pytest.raises(registry.errors.LandRegistryUnknownParcel):
        alice.open_transfer(KEY2, buyer=cast.bob.address, deed_hash=DEED,
                            expiry=now(bk_chain) + DAY)


@pytest.fixture
def preempted(registry, cast, as_, parcel):
    """KEY with a lease and a pre-emption right, both held by the lessee."""
    reg = as_(cast.registrar)
    reg.add_right(KEY, kind=RightKind.LEASE, holder=cast.lessee.address, source_hash=SOURCE)
    return reg.add_right(KEY, kind=RightKind.PRE_EMPTION, holder=cast.lessee.address,
                         source_hash=SOURCE).id


def test_preemption_needs_the_lessees_waiver(registry, cast, as_, preempted, bk_chain):
    opened = as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                           expiry=now(bk_chain) + 60 * DAY)
    pending = registry.transfer(opened.id)
    (check,) = registry.preemption_checks(KEY)
    assert (check.right_id, check.holder, check.waived) == (preempted, cast.lessee.address, False)
    assert check.notice_ends == pending.opened_at + 30 * DAY
    as_(cast.bob).accept_transfer(KEY)
    with pytest.raises(registry.errors.LandRegistryPreemptionNotCleared) as caught:
        as_(cast.notary).authenticate_transfer(KEY)
    assert (caught.value.transferId, caught.value.rightId) == (opened.id, preempted)
    assert caught.value.noticeEnds == check.notice_ends
    with pytest.raises(registry.errors.LandRegistryNotPreemptionHolder):
        as_(cast.bob).waive_preemption(KEY, preempted)
    as_(cast.lessee).waive_preemption(KEY, preempted)
    assert registry.is_waived(opened.id, preempted)
    assert registry.preemption_checks(KEY)[0].waived
    with pytest.raises(registry.errors.LandRegistryAlreadyWaived):
        as_(cast.lessee).waive_preemption(KEY, preempted)
    as_(cast.notary).authenticate_transfer(KEY)
    assert registry.parcel(KEY).owner == cast.bob.address
    kinds = [r.kind for r in registry.rights(KEY)]
    assert kinds == [RightKind.LEASE, RightKind.PRE_EMPTION]  # rights survive the transfer


def test_preemption_notice_period_expiry_clears_it(registry, cast, as_, preempted, bk_chain):
    as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                  expiry=now(bk_chain) + 60 * DAY)
    as_(cast.bob).accept_transfer(KEY)
    bk_chain.increase_time(30 * DAY)
    as_(cast.notary).authenticate_transfer(KEY)
    assert registry.parcel(KEY).owner == cast.bob.address


def test_preemption_blocks_a_signature_transfer(registry, cast, as_, preempted, bk_chain):
    message, s1, s2 = _sign(registry, cast, buyer=cast.bob, deadline=now(bk_chain) + DAY)
    with pytest.raises(registry.errors.LandRegistryPreemptionActive) as caught:
        as_(cast.notary).transfer_with_signatures(KEY, **signed_terms(message),
                                                  seller_signature=s1, buyer_signature=s2)
    assert caught.value.rightId == preempted


def test_signature_transfer_changes_owner_and_uses_nonce(registry, cast, as_, parcel, bk_chain):
    message, s1, s2 = _sign(registry, cast, buyer=cast.bob, deadline=now(bk_chain) + DAY)
    assert registry.transfer_digest(message) == _python_digest(registry, message)
    receipt = as_(cast.notary).transfer_with_signatures(KEY, **signed_terms(message),
                                                        seller_signature=s1, buyer_signature=s2)
    assert [e.name for e in receipt.events] == ["NonceUsed", "ParcelTransferred"]
    assert receipt.events[1]["transferId"] == 0
    assert registry.parcel(KEY).owner == cast.bob.address
    assert registry.nonce(cast.alice.address) == 1


def _python_digest(registry, message):
    from blokketen.land.eip712 import transfer_digest

    return transfer_digest(chain_id=registry.chain.chain_id, registry=registry.address,
                           message=message)


def test_signature_replay_is_rejected(registry, cast, as_, parcel, bk_chain):
    message, s1, s2 = _sign(registry, cast, buyer=cast.bob, deadline=now(bk_chain) + DAY)
    args = dict(**signed_terms(message), seller_signature=s1, buyer_signature=s2)
    notary = as_(cast.notary)
    notary.transfer_with_signatures(KEY, **args)
    # bob gives the parcel back through the three-step flow; alice owns it again ...
    as_(cast.bob).open_transfer(KEY, buyer=cast.alice.address, deed_hash=DEED,
                                expiry=now(bk_chain) + DAY)
    as_(cast.alice).accept_transfer(KEY)
    notary.authenticate_transfer(KEY)
    assert registry.parcel(KEY).owner == cast.alice.address
    # ... but the old signatures name version 1 of the parcel: replaying them fails
    with pytest.raises(registry.errors.LandRegistryStaleVersion) as caught:
        notary.transfer_with_signatures(KEY, **args)
    assert (caught.value.agreed, caught.value.current) == (1, registry.parcel(KEY).version)


def test_signature_of_the_wrong_signer_is_rejected(registry, cast, as_, parcel, bk_chain):
    deadline = now(bk_chain) + DAY
    notary = as_(cast.notary)
    for seller, buyer, expected in [(cast.carol, cast.bob, cast.alice),
                                    (cast.alice, cast.carol, cast.bob)]:
        message, s1, s2 = _sign(registry, cast, buyer=cast.bob, deadline=deadline,
                                signer_seller=seller, signer_buyer=buyer)
        with pytest.raises(registry.errors.LandRegistryInvalidSignature) as caught:
            notary.transfer_with_signatures(KEY, **signed_terms(message), seller_signature=s1,
                                            buyer_signature=s2)
        assert caught.value.expected == expected.address
        assert caught.value.recovered == (seller if expected == cast.alice else buyer).address
    terms = signed_terms(message)
    with pytest.raises(registry.errors.LandRegistryInvalidSignature):  # terms changed
        notary.transfer_with_signatures(KEY, **{**terms, "deed_hash": DEED},
                                        seller_signature=s1, buyer_signature=s2)
    with pytest.raises(registry.errors.LandRegistryInvalidSignature):  # garbage signature
        notary.transfer_with_signatures(KEY, **terms, seller_signature=b"\1" * 65,
                                        buyer_signature=s2)


def test_used_nonce_and_deadline_invalidate_signatures(registry, cast, as_, parcel, bk_chain):
    deadline = now(bk_chain) + 100
    message, s1, s2 = _sign(registry, cast, buyer=cast.bob, deadline=deadline)
    args = dict(**signed_terms(message), seller_signature=s1, buyer_signature=s2)
    bk_chain.increase_time(200)
    with pytest.raises(registry.errors.LandRegistrySignatureExpired):
        as_(cast.notary).transfer_with_signatures(KEY, **args)
    deadline = now(bk_chain) + DAY
    message, s1, s2 = _sign(registry, cast, buyer=cast.bob, deadline=deadline)
    as_(cast.alice).use_nonce()
    with pytest.raises(registry.errors.LandRegistryStaleNonce) as caught:
        as_(cast.notary).transfer_with_signatures(KEY, **signed_terms(message),
                                                  seller_signature=s1, buyer_signature=s2)
    assert (caught.value.signer, caught.value.signed, caught.value.current) == (
        cast.alice.address, 0, 1)
    with pytest.raises(registry.errors.LandRegistryInvalidSignature):  # nonce edited after signing
        as_(cast.notary).transfer_with_signatures(KEY, **{**signed_terms(message), "nonce": 1},
                                                  seller_signature=s1, buyer_signature=s2)
    with pytest.raises(InputError):
        as_(cast.notary).transfer_with_signatures(KEY, **signed_terms(message),
                                                  seller_signature=s1[:64], buyer_signature=s2)


def test_owner_at_across_two_transfers(registry, cast, as_, bk_chain):
    before = bk_chain.block_number
    bk_chain.increase_time(10)
    as_(cast.registrar).register_parcel(KEY, owner=cast.alice.address, area_m2=1000,
                                        deed_hash=DEED)
    registered = bk_chain.block_number
    bk_chain.increase_time(10)
    as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                  expiry=now(bk_chain) + DAY)
    as_(cast.bob).accept_transfer(KEY)
    first = as_(cast.notary).authenticate_transfer(KEY).block_number
    bk_chain.increase_time(10)
    message = registry.transfer_message(KEY, buyer=cast.carol.address, deed_hash=DEED,
                                        deadline=now(bk_chain) + DAY)
    second = as_(cast.notary).transfer_with_signatures(
        KEY, **signed_terms(message),
        seller_signature=registry.sign_transfer(cast.bob, message),
        buyer_signature=registry.sign_transfer(cast.carol, message)).block_number
    assert registry.owner_at(KEY, before) is None
    assert registry.owner_at(KEY, registered) == cast.alice.address
    assert registry.owner_at(KEY, first - 1) == cast.alice.address
    assert registry.owner_at(KEY, first) == cast.bob.address
    assert registry.owner_at(KEY, second - 1) == cast.bob.address
    assert registry.owner_at(KEY, second) == cast.carol.address
    stamp = bk_chain.timestamp
    at = lambda block: datetime.fromtimestamp(stamp(block), tz=UTC)  # noqa: E731
    assert registry.owner_at(KEY, at(registered)) == cast.alice.address
    assert registry.owner_at(KEY, at(first)) == cast.bob.address
    assert registry.owner_at(KEY, at(second)) == cast.carol.address
    events = registry.history(KEY)
    assert [type(e) for e in events] == [
        h.ParcelRegistered, h.TransferOpened, h.TransferAccepted, h.ParcelTransferred,
        h.ParcelTransferred]
    assert [e.sort_key for e in events] == sorted(e.sort_key for e in events)
    assert events[-1].to == cast.carol.address and events[-1].capakey == KEY


def test_owner_at_refuses_naive_datetime(registry, parcel):
    with pytest.raises(InputError):
        registry.owner_at(KEY, datetime(2026, 1, 1))


def test_retired_parcel_has_no_owner_after_split(registry, cast, as_, parcel):
    as_(cast.surveyor).split(KEY, [NewParcel("11001A0123/00C000", 400),
                                   NewParcel("11001A0123/00D000", 600)], survey_hash=SURVEY)
    assert registry.parcel(KEY).status == ParcelStatus.RETIRED
    assert registry.owner_at(KEY, registry.chain.block_number) is None


def test_domain_separator_is_computed_like_eip712(registry):
    from eth_abi import encode
    from eth_utils import keccak

    from blokketen.land.eip712 import DOMAIN_NAME, DOMAIN_VERSION

    typehash = keccak(
        text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    expected = keccak(encode(
        ["bytes32", "bytes32", "bytes32", "uint256", "address"],
        [typehash, keccak(text=DOMAIN_NAME), keccak(text=DOMAIN_VERSION),
         registry.chain.chain_id, registry.address]))
    assert registry.domain_separator() == expected


def test_roles_are_granted_and_queried(registry, cast):
    assert registry.has_role("notary", cast.notary.address)
    assert not registry.has_role("notary", cast.alice.address)
    with pytest.raises(InputError):
        registry.has_role("mayor", cast.alice.address)


def test_signed_terms_survive_the_release_of_an_expired_transfer(registry, cast, as_, opened,
                                                                 bk_chain):
    """An expired transfer still on record is released by the signed transfer itself; that
    release is no change the signers could not see (found by the state machine)."""
    bk_chain.increase_time(DAY + 1)
    message, s1, s2 = _sign(registry, cast, buyer=cast.carol, deadline=now(bk_chain) + DAY)
    receipt = as_(cast.notary).transfer_with_signatures(KEY, **signed_terms(message),
                                                        seller_signature=s1, buyer_signature=s2)
    assert [e.name for e in receipt.events] == ["TransferLapsed", "NonceUsed",
                                                "ParcelTransferred"]
    assert registry.transfer(opened.id).state == TransferState.LAPSED
    assert registry.parcel(KEY).owner == cast.carol.address
