"""Issue 9, land registry: each attack that worked against the earlier contract, performed
against the real contract on anvil, and the exact typed error that stops it now.

The numbers are the issue's items: 6 (a pre-emption right skipped), 7 (a parcel locked for
years), 8 (a surveyor erasing rights), 9 (old signatures waking up), 16 (separation of duties
and the admin rules). The tests after those close holes of the same classes found while
looking for them: consent that could not be withdrawn during a pause, an official acting in
its own interest, and the survey module called directly.
"""

from __future__ import annotations

import pytest
from eth_utils import keccak
from landkit import CASE, CASE2, DEED, DEED2, KEY, KEY2, SOURCE, SURVEY, now, signed_terms

from blokketen.land import NewParcel, ParcelStatus, RightKind, TransferState
from blokketen.land import history as h

DAY = 86_400
C1, C2 = "11001A0123/00C000", "11001A0123/00D000"
HALVES = [NewParcel(C1, 400), NewParcel(C2, 600)]
REASON = keccak(text="beslissing registratiedienst 2026/17")


@pytest.fixture
def accepted(registry, cast, as_, parcel, bk_chain):
    """A transfer of KEY from alice to bob, filed for 60 days and accepted by bob."""
    filed = as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                          expiry=now(bk_chain) + 60 * DAY)
    as_(cast.bob).accept_transfer(KEY)
    return filed.id


def _sign(registry, cast, key=KEY, *, seller=None, buyer=None, deadline, deed=DEED2):
    """Terms for ``key`` signed by its owner (alice) and bob, at the current version/nonce."""
    seller, buyer = seller or cast.alice, buyer or cast.bob
    message = registry.transfer_message(key, buyer=buyer.address, deed_hash=deed,
                                        deadline=deadline)
    return (signed_terms(message), registry.sign_transfer(seller, message),
            registry.sign_transfer(buyer, message))


# -- 6. a pre-emption right skipped ------------------------------------------------------------
def test_6_preemption_added_after_the_transfer_opened_must_be_waived(
        registry, cast, as_, accepted, bk_chain):
    """The right did not exist when the transfer opened; it is asked all the same."""
    right = as_(cast.registrar).add_right(KEY, kind=RightKind.PRE_EMPTION,
                                          holder=cast.lessee.address, source_hash=SOURCE)
    as_(cast.bob).accept_transfer(KEY)  # the buyer accepts the parcel with its new right
    recorded = registry.right(right.id).recorded_at
    with pytest.raises(registry.errors.LandRegistryPreemptionNotCleared) as caught:
        as_(cast.notary).authenticate_transfer(KEY)
    assert (caught.value.transferId, caught.value.rightId) == (accepted, right.id)
    assert caught.value.noticeEnds == recorded + 30 * DAY  # its notice runs from its recording
    # a signature transfer would be refused too: the two routes agree
    as_(cast.alice).cancel_transfer(KEY)
    terms, s1, s2 = _sign(registry, cast, deadline=now(bk_chain) + DAY)
    with pytest.raises(registry.errors.LandRegistryPreemptionActive):
        as_(cast.notary).transfer_with_signatures(KEY, **terms, seller_signature=s1,
                                                  buyer_signature=s2)


def test_6_preemption_whose_window_starts_later_is_asked_when_it_starts(
        registry, cast, as_, parcel, bk_chain):
    start = now(bk_chain) + 10 * DAY
    right = as_(cast.registrar).add_right(KEY, kind=RightKind.PRE_EMPTION,
                                          holder=cast.lessee.address, source_hash=SOURCE,
                                          valid_from=start)
    filed = as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                          expiry=now(bk_chain) + 60 * DAY)
    as_(cast.bob).accept_transfer(KEY)
    assert registry.preemption_checks(KEY) == ()  # not in force yet
    bk_chain.increase_time(11 * DAY)
    (check,) = registry.preemption_checks(KEY)
    assert check.notice_ends == start + 30 * DAY
    with pytest.raises(registry.errors.LandRegistryPreemptionNotCleared) as caught:
        as_(cast.notary).authenticate_transfer(KEY)
    assert (caught.value.rightId, caught.value.noticeEnds) == (right.id, start + 30 * DAY)
    as_(cast.lessee).waive_preemption(KEY, right.id)  # the holder lets the sale go ahead
    as_(cast.notary).authenticate_transfer(KEY)
    assert registry.transfer(filed.id).state == TransferState.COMPLETED


def test_6_a_waiver_counts_only_for_its_own_parcel_and_transfer(
        registry, cast, as_, accepted, bk_chain):
    reg = as_(cast.registrar)
    reg.register_parcel(KEY2, owner=cast.carol.address, area_m2=10, deed_hash=DEED)
    elsewhere = reg.add_right(KEY2, kind=RightKind.PRE_EMPTION, holder=cast.lessee.address,
                              source_hash=SOURCE).id
    here = reg.add_right(KEY, kind=RightKind.PRE_EMPTION, holder=cast.lessee.address,
                         source_hash=SOURCE).id
    lease = reg.add_right(KEY, kind=RightKind.LEASE, holder=cast.lessee.address,
                          source_hash=SOURCE).id
    for right_id in (elsewhere, lease, 999):
        with pytest.raises(registry.errors.LandRegistryNotPreemptionHolder):
            as_(cast.lessee).waive_preemption(KEY, right_id)
    as_(cast.lessee).waive_preemption(KEY, here)
    as_(cast.alice).cancel_transfer(KEY)  # a waiver for one sale is not one for the next
    second = as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                           expiry=now(bk_chain) + 60 * DAY)
    as_(cast.bob).accept_transfer(KEY)
    with pytest.raises(registry.errors.LandRegistryPreemptionNotCleared) as caught:
        as_(cast.notary).authenticate_transfer(KEY)
    assert caught.value.transferId == second.id and not registry.is_waived(second.id, here)


def test_6_a_right_ended_before_completion_no_longer_counts(registry, cast, as_, accepted):
    right = as_(cast.registrar).add_right(KEY, kind=RightKind.PRE_EMPTION,
                                          holder=cast.lessee.address, source_hash=SOURCE).id
    as_(cast.registrar).end_right(KEY, right, source_hash=DEED)
    as_(cast.bob).accept_transfer(KEY)
    as_(cast.notary).authenticate_transfer(KEY)
    assert registry.parcel(KEY).owner == cast.bob.address


# -- 7. a parcel locked for years ------------------------------------------------------------
def test_7_an_expiry_beyond_the_maximum_is_refused(registry, cast, as_, parcel, bk_chain):
    assert registry._call("MAX_TRANSFER_PERIOD") == 120 * DAY
    friendly = now(bk_chain) + 10 * 365 * DAY
    with pytest.raises(registry.errors.LandRegistryExpiryTooLate) as caught:
        as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED,
                                      expiry=friendly)
    assert caught.value.expiry == friendly
    assert caught.value.latest - now(bk_chain) in range(120 * DAY, 120 * DAY + 60)


def test_7_a_registrar_revokes_a_pending_transfer_and_the_survey_goes_on(
        registry, cast, as_, accepted, bk_chain):
    with pytest.raises(registry.errors.LandRegistryTransferPending):
        as_(cast.surveyor).split(KEY, HALVES, survey_hash=SURVEY)
    version = registry.parcel(KEY).version
    receipt = as_(cast.registrar).revoke_transfer(KEY, reason_hash=REASON)
    (event,) = receipt.events
    assert event.name == "TransferRevoked"
    assert (event["transferId"], event["by"], event["reasonHash"]) == (
        accepted, cast.registrar.address, REASON)
    assert registry.transfer(accepted).state == TransferState.REVOKED
    assert registry.pending_transfer(KEY) is None and registry.parcel(KEY).version == version + 1
    with pytest.raises(registry.errors.LandRegistryNoPendingTransfer):
        as_(cast.notary).authenticate_transfer(KEY)
    as_(cast.surveyor).split(KEY, HALVES, survey_hash=SURVEY)
    assert isinstance(registry.history(KEY)[3], h.TransferRevoked)


def test_7_a_court_revokes_on_a_frozen_parcel_and_only_they_may(
        registry, cast, as_, accepted):
    as_(cast.court).freeze(KEY, case_ref=CASE)
    for outsider in (cast.notary, cast.surveyor, cast.admin, cast.carol, cast.alice):
        with pytest.raises(registry.errors.LandRegistryNotRegistrarOrCourt) as caught:
            as_(outsider).revoke_transfer(KEY, reason_hash=REASON)
        assert caught.value.caller == outsider.address
    with pytest.raises(registry.errors.LandRegistryMissingHash):
        as_(cast.court2)._transact("revokeTransfer", KEY, b"\0" * 32)
    as_(cast.court2).revoke_transfer(KEY, reason_hash=REASON)
    assert registry.transfer(accepted).state == TransferState.REVOKED
    with pytest.raises(registry.errors.LandRegistryNoPendingTransfer):
        as_(cast.court).revoke_transfer(KEY, reason_hash=REASON)


# -- 8. a surveyor erases rights -------------------------------------------------------------
def test_8_a_split_naming_no_right_carries_every_right_to_every_child(
        registry, cast, as_, parcel, bk_chain):
    reg = as_(cast.registrar)
    mortgage = reg.add_right(KEY, kind=RightKind.MORTGAGE, holder=cast.carol.address,
                             source_hash=SOURCE).id
    preemption = reg.add_right(KEY, kind=RightKind.PRE_EMPTION, holder=cast.lessee.address,
                               source_hash=SOURCE).id
    receipt = as_(cast.surveyor).split(KEY, HALVES, survey_hash=SURVEY)
    carried = [e["fromRightId"] for e in receipt.events if e.name == "RightCarried"]
    assert sorted(carried) == sorted([mortgage, mortgage, preemption, preemption])
    for child in (C1, C2):
        assert [r.kind for r in registry.rights(child)] == [RightKind.MORTGAGE,
                                                            RightKind.PRE_EMPTION]
    # the pre-emption right still stops a sale of either child that skips its holder
    message = registry.transfer_message(C1, buyer=cast.bob.address, deed_hash=DEED2,
                                        deadline=now(bk_chain) + DAY)
    with pytest.raises(registry.errors.LandRegistryPreemptionActive):
        as_(cast.notary).transfer_with_signatures(
            C1, **signed_terms(message), seller_signature=registry.sign_transfer(cast.alice,
                                                                                 message),
            buyer_signature=registry.sign_transfer(cast.bob, message))


def test_8_a_split_cannot_give_a_right_to_no_child(registry, cast, as_, parcel):
    mortgage = as_(cast.registrar).add_right(KEY, kind=RightKind.MORTGAGE,
                                             holder=cast.carol.address, source_hash=SOURCE).id
    with pytest.raises(registry.errors.LandRegistryBadChildMask) as caught:
        as_(cast.surveyor)._transact("split", KEY, [(C1, 400, 0), (C2, 600, 0)],
                                     [(mortgage, 0)], SURVEY)
    assert (caught.value.rightId, caught.value.childMask) == (mortgage, 0)
    as_(cast.surveyor).split(KEY, HALVES, survey_hash=SURVEY, carries={mortgage: [1]})
    assert registry.rights(C1) == () and len(registry.rights(C2)) == 1


def test_8_a_merge_carries_every_right_of_every_parent(registry, cast, as_, parcel):
    reg = as_(cast.registrar)
    reg.register_parcel(KEY2, owner=cast.alice.address, area_m2=250, deed_hash=DEED)
    first = reg.add_right(KEY, kind=RightKind.MORTGAGE, holder=cast.carol.address,
                          source_hash=SOURCE).id
    second = reg.add_right(KEY2, kind=RightKind.PRE_EMPTION, holder=cast.lessee.address,
                           source_hash=SOURCE).id
    merged = "11001A0125/00_000"
    as_(cast.surveyor).merge([KEY, KEY2], NewParcel(merged, 1250), survey_hash=SURVEY)
    rights = registry.rights(merged)
    assert [(r.kind, r.holder) for r in rights] == [
        (RightKind.MORTGAGE, cast.carol.address), (RightKind.PRE_EMPTION, cast.lessee.address)]
    events = registry.history(merged)
    assert [e.from_right_id for e in events if isinstance(e, h.RightCarried)] == [first, second]


# -- 9. old signatures wake up ---------------------------------------------------------------
def test_9_terms_signed_before_a_new_right_are_refused(registry, cast, as_, parcel, bk_chain):
    terms, s1, s2 = _sign(registry, cast, deadline=now(bk_chain) + 30 * DAY)
    as_(cast.registrar).add_right(KEY, kind=RightKind.MORTGAGE, holder=cast.carol.address,
                                  source_hash=SOURCE)
    with pytest.raises(registry.errors.LandRegistryStaleVersion) as caught:
        as_(cast.notary).transfer_with_signatures(KEY, **terms, seller_signature=s1,
                                                  buyer_signature=s2)
    assert (caught.value.capakey, caught.value.agreed, caught.value.current) == (KEY, 1, 2)
    # moving the version forward by hand does not help: the signatures cover it
    with pytest.raises(registry.errors.LandRegistryInvalidSignature):
        as_(cast.notary).transfer_with_signatures(KEY, **{**terms, "parcel_version": 2},
                                                  seller_signature=s1, buyer_signature=s2)


def test_9_terms_signed_before_a_round_trip_are_refused(registry, cast, as_, parcel, bk_chain):
    """Alice signs a sale to bob, then sells to carol through the three-step flow; carol
    sells back to alice the same way. The old terms name an old version and a used nonce."""
    terms, s1, s2 = _sign(registry, cast, deadline=now(bk_chain) + 30 * DAY)
    for seller, buyer in ((cast.alice, cast.carol), (cast.carol, cast.alice)):
        as_(seller).open_transfer(KEY, buyer=buyer.address, deed_hash=DEED,
                                  expiry=now(bk_chain) + DAY)
        as_(buyer).accept_transfer(KEY)
        as_(cast.notary).authenticate_transfer(KEY)
    assert registry.parcel(KEY).owner == cast.alice.address
    assert registry.nonce(cast.alice.address) == 1  # the three-step sale used her nonce
    with pytest.raises(registry.errors.LandRegistryStaleVersion):
        as_(cast.notary).transfer_with_signatures(KEY, **terms, seller_signature=s1,
                                                  buyer_signature=s2)


def test_9_a_three_step_sale_spends_the_sellers_nonce_for_every_parcel(
        registry, cast, as_, parcel, bk_chain):
    """Terms alice signed for her other parcel, untouched since, die with her next sale."""
    as_(cast.registrar).register_parcel(KEY2, owner=cast.alice.address, area_m2=10,
                                        deed_hash=DEED)
    terms, s1, s2 = _sign(registry, cast, KEY2, deadline=now(bk_chain) + 30 * DAY)
    as_(cast.alice).open_transfer(KEY, buyer=cast.carol.address, deed_hash=DEED,
                                  expiry=now(bk_chain) + DAY)
    as_(cast.carol).accept_transfer(KEY)
    receipt = as_(cast.notary).authenticate_transfer(KEY)
    used = receipt.events[0]
    assert (used.name, used["owner"], used["nonce"]) == ("NonceUsed", cast.alice.address, 0)
    with pytest.raises(registry.errors.LandRegistryStaleNonce) as caught:
        as_(cast.notary).transfer_with_signatures(KEY2, **terms, seller_signature=s1,
                                                  buyer_signature=s2)
    assert (caught.value.signed, caught.value.current) == (0, 1)


def test_9_an_acceptance_from_before_a_change_is_refused(registry, cast, as_, accepted):
    """Bob accepted; then a mortgage is put on the parcel. His acceptance does not cover it."""
    as_(cast.registrar).add_right(KEY, kind=RightKind.MORTGAGE, holder=cast.carol.address,
                                  source_hash=SOURCE)
    with pytest.raises(registry.errors.LandRegistryStaleVersion) as caught:
        as_(cast.notary).authenticate_transfer(KEY)
    assert (caught.value.agreed, caught.value.current) == (2, 3)
    with pytest.raises(registry.errors.LandRegistryNotBuyer):
        as_(cast.alice).accept_transfer(KEY)
    as_(cast.bob).accept_transfer(KEY)
    with pytest.raises(registry.errors.LandRegistryTransferWrongState):  # once per version
        as_(cast.bob).accept_transfer(KEY)
    as_(cast.notary).authenticate_transfer(KEY)
    assert registry.parcel(KEY).owner == cast.bob.address


def test_9_python_hashes_the_versioned_struct_as_the_contract_does(registry, cast, parcel,
                                                                   bk_chain):
    from blokketen.land.eip712 import TRANSFER_TYPES, transfer_digest

    text = "Transfer(" + ",".join(f"{f['type']} {f['name']}" for f in TRANSFER_TYPES["Transfer"])
    assert keccak(text=text + ")") == registry._call("TRANSFER_TYPEHASH")
    for version, nonce in [(1, 0), (7, 3), (2**32 - 1, 2**256 - 1)]:
        message = registry.transfer_message(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                            deadline=now(bk_chain) + DAY, nonce=nonce,
                                            parcel_version=version)
        assert registry.transfer_digest(message) == transfer_digest(
            chain_id=registry.chain.chain_id, registry=registry.address, message=message)


# -- 16. separation of duties and the admin rules --------------------------------------------
def test_16_an_unfreeze_in_another_case_is_refused(registry, cast, as_, parcel):
    as_(cast.court).freeze(KEY, case_ref=CASE)
    with pytest.raises(registry.errors.LandRegistryCaseMismatch) as caught:
        as_(cast.court2).unfreeze(KEY, case_ref=CASE2)
    assert (caught.value.frozenCase, caught.value.givenCase) == (CASE, CASE2)
    assert registry.parcel(KEY).status == ParcelStatus.FROZEN
    as_(cast.court2).unfreeze(KEY, case_ref=CASE)
    assert registry.parcel(KEY).status == ParcelStatus.ACTIVE


def test_16_one_address_holds_one_duty(registry, cast):
    roles = registry.roles()
    with pytest.raises(registry.errors.LandRegistryRoleConflict) as caught:
        registry.grant_role("registrar", cast.admin.address)  # the admin cannot operate
    assert (caught.value.account, caught.value.role, caught.value.heldRole) == (
        cast.admin.address, roles["registrar"], roles["admin"])
    for role in ("notary", "surveyor", "court"):  # a registrar cannot also authenticate ...
        with pytest.raises(registry.errors.LandRegistryRoleConflict) as caught:
            registry.grant_role(role, cast.registrar.address)
        assert caught.value.heldRole == roles["registrar"]
    with pytest.raises(registry.errors.LandRegistryRoleConflict):
        registry.grant_role("notary", cast.court2.address)
    registry.grant_role("registrar", cast.registrar.address)  # the same duty again: a no-op
    registry.revoke_role("court", cast.court2.address)
    registry.grant_role("notary", cast.court2.address)  # after giving one up, another


def test_16_the_admin_is_handed_over_in_two_steps_after_the_delay(registry, cast, bk_chain):
    assert registry.admin() == cast.admin.address and registry.admin_delay() == 2 * DAY
    with pytest.raises(registry.errors.AccessControlEnforcedDefaultAdminRules):
        registry.grant_role("admin", cast.carol.address)  # never in one step
    registry.begin_admin_transfer(cast.registrar.address)
    bk_chain.increase_time(2 * DAY + 1)
    with pytest.raises(registry.errors.LandRegistryRoleConflict):  # never to an official
        registry.as_sender(cast.registrar).accept_admin_transfer()
    registry.cancel_admin_transfer()
    assert registry.pending_admin() is None
    registry.begin_admin_transfer(cast.carol.address)
    who, schedule = registry.pending_admin()
    assert who == cast.carol.address and schedule >= now(bk_chain) + 2 * DAY
    with pytest.raises(registry.errors.AccessControlEnforcedDefaultAdminDelay):
        registry.as_sender(cast.carol).accept_admin_transfer()
    bk_chain.increase_time(2 * DAY + 1)
    with pytest.raises(registry.errors.AccessControlInvalidDefaultAdmin):
        registry.as_sender(cast.bob).accept_admin_transfer()
    registry.as_sender(cast.carol).accept_admin_transfer()
    assert registry.admin() == cast.carol.address and registry.pending_admin() is None
    with pytest.raises(registry.errors.AccessControlUnauthorizedAccount):
        registry.pause()  # the old admin is no admin any more


def test_16_officials_never_act_in_their_own_interest(registry, cast, as_, parcel, bk_chain):
    reg = as_(cast.registrar)
    registry.grant_role("registrar", cast.carol.address)  # a second registrar, carol
    carol = as_(cast.carol)
    carol.register_parcel(KEY2, owner=cast.registrar.address, area_m2=10, deed_hash=DEED)
    mortgage = carol.add_right(KEY2, kind=RightKind.MORTGAGE, holder=cast.lessee.address,
                               source_hash=SOURCE).id
    carol.register_parcel(C1, owner=cast.surveyor.address, area_m2=10, deed_hash=DEED)
    carol.register_parcel(C2, owner=cast.court.address, area_m2=10, deed_hash=DEED)
    own = [  # (official, attempt): each would serve the official itself
        (cast.registrar, lambda: reg.register_parcel("11001A0125/00_000",
                                                     owner=cast.registrar.address, area_m2=5,
                                                     deed_hash=DEED)),
        (cast.registrar, lambda: reg.add_right(KEY, kind=RightKind.PRE_EMPTION,
                                               holder=cast.registrar.address,
                                               source_hash=SOURCE)),
        (cast.registrar, lambda: reg.end_right(KEY2, mortgage, source_hash=DEED)),
        (cast.registrar, lambda: reg.add_right(KEY2, kind=RightKind.EASEMENT,
                                               holder=cast.bob.address, source_hash=SOURCE)),
        (cast.surveyor, lambda: as_(cast.surveyor).split(
            C1, [NewParcel("11001A0123/00E000", 4), NewParcel("11001A0123/00F000", 6)],
            survey_hash=SURVEY)),
        (cast.court, lambda: as_(cast.court).freeze(C2, case_ref=CASE)),
    ]
    for who, attempt in own:
        with pytest.raises(registry.errors.LandRegistryOwnInterest) as caught:
            attempt()
        assert caught.value.official == who.address
    as_(cast.court2).freeze(C2, case_ref=CASE)
    with pytest.raises(registry.errors.LandRegistryOwnInterest):  # nor unfreeze it
        as_(cast.court).unfreeze(C2, case_ref=CASE)


def test_16_no_official_completes_or_revokes_a_transfer_it_is_party_to(
        registry, cast, as_, parcel, bk_chain):
    notary = as_(cast.notary)
    as_(cast.alice).open_transfer(KEY, buyer=cast.notary.address, deed_hash=DEED2,
                                  expiry=now(bk_chain) + DAY)
    notary.accept_transfer(KEY)
    with pytest.raises(registry.errors.LandRegistryOwnInterest) as caught:
        notary.authenticate_transfer(KEY)
    assert caught.value.official == cast.notary.address
    as_(cast.alice).cancel_transfer(KEY)
    terms, s1, s2 = _sign(registry, cast, buyer=cast.notary, deadline=now(bk_chain) + DAY)
    with pytest.raises(registry.errors.LandRegistryOwnInterest):
        notary.transfer_with_signatures(KEY, **terms, seller_signature=s1, buyer_signature=s2)
    as_(cast.alice).open_transfer(KEY, buyer=cast.court.address, deed_hash=DEED2,
                                  expiry=now(bk_chain) + DAY)
    with pytest.raises(registry.errors.LandRegistryOwnInterest):
        as_(cast.court).revoke_transfer(KEY, reason_hash=REASON)
    as_(cast.court2).revoke_transfer(KEY, reason_hash=REASON)  # another court may


# -- holes of the same classes, found while looking ---------------------------------------------
def test_consent_can_be_withdrawn_during_a_pause(registry, cast, as_, accepted):
    """A pause must not hold a party to what it signed or accepted until the notary, first
    after the unpause, uses it."""
    registry.pause()
    as_(cast.bob).cancel_transfer(KEY)
    as_(cast.alice).use_nonce()
    registry.unpause()
    assert registry.transfer(accepted).state == TransferState.CANCELLED
    assert registry.nonce(cast.alice.address) == 1


def test_the_survey_module_called_directly_acts_on_nothing(registry, cast, bk_chain):
    """Split and merge run in the registry by delegatecall; on the module itself no one
    holds a role, and its admin is the registry, which never calls it but by delegatecall."""
    from blokketen.contract.base import ContractClient

    class Survey(ContractClient):
        CONTRACT = "LandSurvey"

    import rlp

    address = registry.survey_module()
    # the registry's first creation (nonce 1): its own creation code fixed the module's code
    created = keccak(rlp.encode([bytes.fromhex(registry.address[2:]), 1]))[12:]
    assert address.lower() == "0x" + created.hex()
    assert bk_chain.code(address)
    module = Survey(bk_chain, address, sender=cast.surveyor)
    with pytest.raises(module.errors.AccessControlUnauthorizedAccount):
        module._transact("split", KEY, [(C1, 400, 0), (C2, 600, 0)], [], SURVEY)
    assert module._call("defaultAdmin") == registry.address
    assert not module._call("hasRole", registry.roles()["surveyor"], cast.surveyor.address)
