"""Rights, split and merge (area conservation, lineage, rights carried), dispute freeze."""

from __future__ import annotations

import pytest
from landkit import CASE, CASE2, DEED, DEED2, KEY, KEY2, SOURCE, SURVEY, now, signed_terms

from blokketen._exceptions import InputError
from blokketen.land import LandUse, NewParcel, ParcelStatus, RightKind
from blokketen.land import history as h

C1, C2, C3 = "11001A0123/00C000", "11001A0123/00D000", "11001A0123/00E000"
M = "11001A0125/00_000"


@pytest.fixture
def two(registry, cast, as_, parcel):
    """KEY (1000 m²) and KEY2 (250 m²), both alice's."""
    as_(cast.registrar).register_parcel(KEY2, owner=cast.alice.address, area_m2=250,
                                        land_use=LandUse.AGRICULTURE, deed_hash=DEED)
    return KEY, KEY2


def test_add_and_end_rights(registry, cast, as_, parcel):
    reg = as_(cast.registrar)
    lease = reg.add_right(KEY, kind=RightKind.LEASE, holder=cast.lessee.address,
                          source_hash=SOURCE, valid_from=1_700_000_000, valid_until=1_900_000_000)
    plan = reg.add_right(KEY, kind=RightKind.MANAGEMENT_PLAN, holder=cast.carol.address,
                         source_hash=DEED2)
    easement = reg.add_right(KEY, kind=RightKind.EASEMENT, holder=cast.bob.address,
                             source_hash=SOURCE)
    assert [r.id for r in registry.rights(KEY)] == [lease.id, plan.id, easement.id]
    first = registry.rights(KEY)[0]
    assert (first.kind, first.holder, first.valid_from, first.valid_until) == (
        RightKind.LEASE, cast.lessee.address, 1_700_000_000, 1_900_000_000)
    assert registry.rights(KEY)[1].valid_until is None
    reg.end_right(KEY, plan.id, source_hash=DEED)
    assert [r.id for r in registry.rights(KEY)] == [lease.id, easement.id]  # order kept
    assert registry.right(plan.id).active is False
    assert registry.parcel(KEY).version == 5
    with pytest.raises(registry.errors.LandRegistryUnknownRight):
        reg.end_right(KEY, plan.id, source_hash=DEED)
    names = [type(e) for e in registry.history(KEY)]
    assert names == [h.ParcelRegistered, h.RightAdded, h.RightAdded, h.RightAdded, h.RightEnded]


def test_add_right_checks_input(registry, cast, as_, two):
    reg = as_(cast.registrar)
    with pytest.raises(registry.errors.LandRegistryBadValidity):
        reg._transact("addRight", KEY, 0, cast.bob.address, 100, 100, SOURCE)
    with pytest.raises(InputError):
        reg.add_right(KEY, kind=RightKind.LEASE, holder=cast.bob.address, source_hash=SOURCE,
                      valid_from=200, valid_until=100)
    with pytest.raises(registry.errors.LandRegistryZeroAddress):
        reg._transact("addRight", KEY, 0, "0x" + "00" * 20, 0, 0, SOURCE)
    with pytest.raises(registry.errors.LandRegistryMissingHash):
        reg._transact("addRight", KEY, 0, cast.bob.address, 0, 0, b"\0" * 32)
    right = reg.add_right(KEY, kind=RightKind.LEASE, holder=cast.bob.address, source_hash=SOURCE)
    with pytest.raises(registry.errors.LandRegistryUnknownRight):  # right of another parcel
        reg.end_right(KEY2, right.id, source_hash=SOURCE)
    with pytest.raises(registry.errors.LandRegistryMissingHash):
        reg._transact("endRight", KEY, right.id, b"\0" * 32)


def test_split_conserves_area_and_records_lineage(registry, cast, as_, parcel):
    reg = as_(cast.registrar)
    lease = reg.add_right(KEY, kind=RightKind.LEASE, holder=cast.lessee.address,
                          source_hash=SOURCE).id
    mortgage = reg.add_right(KEY, kind=RightKind.MORTGAGE, holder=cast.carol.address,
                             source_hash=SOURCE).id
    reg.add_right(KEY, kind=RightKind.EASEMENT, holder=cast.bob.address, source_hash=SOURCE)
    surveyor = as_(cast.surveyor)
    children = [NewParcel(C1, 300), NewParcel(C2, 300, LandUse.NATURE_RESERVE),
                NewParcel(C3, 399)]
    with pytest.raises(registry.errors.LandRegistryAreaMismatch) as caught:
        surveyor.split(KEY, children, survey_hash=SURVEY)
    assert (caught.value.parentTotal, caught.value.childTotal) == (1000, 999)
    children[2] = NewParcel(C3, 400)
    surveyor.split(KEY, children, survey_hash=SURVEY, carries={lease: [0, 2], mortgage: [1]})
    parent = registry.parcel(KEY)
    assert parent.status == ParcelStatus.RETIRED and registry.rights(KEY) == ()
    assert sum(registry.parcel(c).area_m2 for c in (C1, C2, C3)) == 1000
    assert all(registry.parcel(c).owner == cast.alice.address for c in (C1, C2, C3))
    assert registry.parcel(C2).land_use == LandUse.NATURE_RESERVE
    assert registry.lineage(KEY).children == (C1, C2, C3)
    assert registry.lineage(C2).parents == (KEY,)
    # named rights go where the surveyor says; the easement, not named, goes to every child
    assert [r.kind for r in registry.rights(C1)] == [RightKind.LEASE, RightKind.EASEMENT]
    assert [r.kind for r in registry.rights(C2)] == [RightKind.MORTGAGE, RightKind.EASEMENT]
    assert [r.holder for r in registry.rights(C3)] == [cast.lessee.address, cast.bob.address]
    original = registry.right(lease)
    copy = registry.rights(C3)[0]
    assert (copy.source_hash, copy.recorded_at, copy.valid_from) == (
        original.source_hash, original.recorded_at, original.valid_from)
    events = registry.history(C1)
    assert [type(e) for e in events] == [h.ParcelDerived, h.RightAdded, h.RightCarried,
                                         h.RightAdded, h.RightCarried]
    assert events[0].parent_keys == (KEY,) and events[2].from_right_id == lease
    retired = registry.history(KEY)[-1]
    assert isinstance(retired, h.ParcelRetired) and retired.child_keys == (C1, C2, C3)


def test_split_refuses_bad_plans(registry, cast, as_, two):
    surveyor = as_(cast.surveyor)
    right = as_(cast.registrar).add_right(KEY, kind=RightKind.LEASE, holder=cast.bob.address,
                                          source_hash=SOURCE).id
    other = as_(cast.registrar).add_right(KEY2, kind=RightKind.LEASE, holder=cast.bob.address,
                                          source_hash=SOURCE).id
    halves = [NewParcel(C1, 500), NewParcel(C2, 500)]
    with pytest.raises(registry.errors.LandRegistryBadParcelCount):
        surveyor._transact("split", KEY, [(C1, 1000, 0)], [], SURVEY)
    with pytest.raises(registry.errors.LandRegistryBadParcelCount) as caught:  # masks hold 255
        surveyor._transact("split", KEY, [(f"11001A{1000 + i}/00_000", 1, 0) for i in range(256)],
                           [], SURVEY)
    assert caught.value.count == 256
    with pytest.raises(InputError):
        surveyor.split(KEY, halves[:1], survey_hash=SURVEY)
    with pytest.raises(registry.errors.LandRegistryParcelExists):
        surveyor.split(KEY, [NewParcel(KEY2, 500), NewParcel(C2, 500)], survey_hash=SURVEY)
    with pytest.raises(registry.errors.LandRegistryParcelExists):  # the same child twice
        surveyor.split(KEY, [NewParcel(C1, 500), NewParcel(C1, 500)], survey_hash=SURVEY)
    with pytest.raises(registry.errors.LandRegistryZeroArea):
        surveyor._transact("split", KEY, [(C1, 1000, 0), (C2, 0, 0)], [], SURVEY)
    with pytest.raises(registry.errors.LandRegistryBadChildMask):
        surveyor._transact("split", KEY, [(C1, 500, 0), (C2, 500, 0)], [(right, 4)], SURVEY)
    with pytest.raises(registry.errors.LandRegistryDuplicateRight):
        surveyor._transact("split", KEY, [(C1, 500, 0), (C2, 500, 0)],
                           [(right, 1), (right, 2)], SURVEY)
    with pytest.raises(registry.errors.LandRegistryUnknownRight):
        surveyor.split(KEY, halves, survey_hash=SURVEY, carries={other: [0]})
    with pytest.raises(registry.errors.LandRegistryMalformedCapaKey):
        surveyor._transact("split", KEY, [(C1, 500, 0), ("11001A0123-00D000", 500, 0)],
                           [], SURVEY)
    with pytest.raises(registry.errors.LandRegistryMissingHash):
        surveyor._transact("split", KEY, [(C1, 500, 0), (C2, 500, 0)], [], b"\0" * 32)


def test_merge_conserves_area_and_carries_every_right(registry, cast, as_, two):
    reg = as_(cast.registrar)
    plan = reg.add_right(KEY2, kind=RightKind.MANAGEMENT_PLAN, holder=cast.carol.address,
                         source_hash=SOURCE).id
    reg.add_right(KEY, kind=RightKind.EASEMENT, holder=cast.bob.address, source_hash=SOURCE)
    surveyor = as_(cast.surveyor)
    with pytest.raises(registry.errors.LandRegistryAreaMismatch):
        surveyor.merge([KEY, KEY2], NewParcel(M, 1249), survey_hash=SURVEY)
    surveyor.merge([KEY, KEY2], NewParcel(M, 1250), survey_hash=SURVEY)
    assert registry.parcel(M).area_m2 == 1250 and registry.parcel(M).owner == cast.alice.address
    # every right of every parent moves to the merged parcel, parents in the order given
    assert [r.kind for r in registry.rights(M)] == [RightKind.EASEMENT, RightKind.MANAGEMENT_PLAN]
    assert registry.rights(M)[1].holder == registry.right(plan).holder
    assert registry.lineage(M).parents == (KEY, KEY2)
    assert registry.lineage(KEY2).children == (M,)
    for key in (KEY, KEY2):
        assert registry.parcel(key).status == ParcelStatus.RETIRED
    derived = registry.history(M)[0]
    assert isinstance(derived, h.ParcelDerived) and derived.parent_keys == (KEY, KEY2)


def test_merge_refuses_bad_plans(registry, cast, as_, two):
    surveyor = as_(cast.surveyor)
    with pytest.raises(registry.errors.LandRegistryDuplicateKey):
        surveyor._transact("merge", [KEY, KEY], (M, 2000, 0), SURVEY)
    with pytest.raises(InputError):
        surveyor.merge([KEY, "11001a0123-00b000"], NewParcel(M, 2000), survey_hash=SURVEY)
    with pytest.raises(registry.errors.LandRegistryBadParcelCount):
        surveyor._transact("merge", [KEY], (M, 1000, 0), SURVEY)
    with pytest.raises(registry.errors.LandRegistryMissingHash):
        surveyor._transact("merge", [KEY, KEY2], (M, 1250, 0), b"\0" * 32)
    as_(cast.registrar).register_parcel(C1, owner=cast.bob.address, area_m2=5, deed_hash=DEED)
    with pytest.raises(registry.errors.LandRegistryOwnerMismatch) as caught:
        surveyor.merge([KEY, C1], NewParcel(M, 1005), survey_hash=SURVEY)
    assert (caught.value.expected, caught.value.found) == (cast.alice.address, cast.bob.address)


def test_retired_parcel_never_changes_again(registry, cast, as_, two, bk_chain):
    as_(cast.surveyor).merge([KEY, KEY2], NewParcel(M, 1250), survey_hash=SURVEY)
    attempts = [
        lambda: as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED,
                                              expiry=now(bk_chain) + 100),
        lambda: as_(cast.registrar).add_right(KEY, kind=RightKind.LEASE,
                                              holder=cast.bob.address, source_hash=SOURCE),
        lambda: as_(cast.surveyor).split(KEY, [NewParcel(C1, 500), NewParcel(C2, 500)],
                                         survey_hash=SURVEY),
        lambda: as_(cast.court).freeze(KEY, case_ref=CASE),
    ]
    for attempt in attempts:
        with pytest.raises(registry.errors.LandRegistryParcelNotActive) as caught:
            attempt()
        assert caught.value.status == ParcelStatus.RETIRED
    with pytest.raises(registry.errors.LandRegistryParcelExists):
        as_(cast.registrar).register_parcel(KEY, owner=cast.bob.address, area_m2=1,
                                            deed_hash=DEED)


def test_freeze_blocks_changes_until_another_court_unfreezes(registry, cast, as_, two,
                                                             bk_chain):
    right = as_(cast.registrar).add_right(KEY, kind=RightKind.LEASE, holder=cast.bob.address,
                                          source_hash=SOURCE).id
    as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                  expiry=now(bk_chain) + 1000)
    as_(cast.bob).accept_transfer(KEY)
    as_(cast.court).freeze(KEY, case_ref=CASE)
    assert registry.parcel(KEY).status == ParcelStatus.FROZEN
    info = registry.freeze_info(KEY)
    assert (info.court, info.case_ref) == (cast.court.address, CASE)
    message = registry.transfer_message(KEY, buyer=cast.carol.address, deed_hash=DEED,
                                        deadline=now(bk_chain) + 1000)
    sig = registry.sign_transfer(cast.alice, message)
    blocked = [
        lambda: as_(cast.notary).authenticate_transfer(KEY),
        lambda: as_(cast.bob).accept_transfer(KEY),
        lambda: as_(cast.alice).open_transfer(KEY, buyer=cast.carol.address, deed_hash=DEED,
                                              expiry=now(bk_chain) + 100),
        lambda: as_(cast.notary).transfer_with_signatures(
            KEY, **signed_terms(message), seller_signature=sig, buyer_signature=sig),
        lambda: as_(cast.registrar).add_right(KEY, kind=RightKind.LEASE,
                                              holder=cast.bob.address, source_hash=SOURCE),
        lambda: as_(cast.registrar).end_right(KEY, right, source_hash=SOURCE),
        lambda: as_(cast.surveyor).split(KEY, [NewParcel(C1, 500), NewParcel(C2, 500)],
                                         survey_hash=SURVEY),
        lambda: as_(cast.surveyor).merge([KEY, KEY2], NewParcel(M, 1250), survey_hash=SURVEY),
        lambda: as_(cast.court2).freeze(KEY, case_ref=CASE2),
    ]
    for attempt in blocked:
        with pytest.raises(registry.errors.LandRegistryParcelNotActive) as caught:
            attempt()
        assert caught.value.status == ParcelStatus.FROZEN
    with pytest.raises(registry.errors.LandRegistrySameCourt) as same:
        as_(cast.court).unfreeze(KEY, case_ref=CASE)
    assert same.value.court == cast.court.address
    as_(cast.court2).unfreeze(KEY, case_ref=CASE)
    assert registry.parcel(KEY).status == ParcelStatus.ACTIVE
    assert registry.freeze_info(KEY).court is None
    # the pending transfer goes on, once the buyer has accepted the parcel as it is now
    with pytest.raises(registry.errors.LandRegistryStaleVersion):
        as_(cast.notary).authenticate_transfer(KEY)
    as_(cast.bob).accept_transfer(KEY)
    as_(cast.notary).authenticate_transfer(KEY)
    assert registry.parcel(KEY).owner == cast.bob.address
    kinds = [type(e) for e in registry.history(KEY)]
    assert kinds[-4:] == [h.ParcelFrozen, h.ParcelUnfrozen, h.TransferAccepted,
                          h.ParcelTransferred]


def test_unfreeze_needs_a_frozen_parcel_and_a_case(registry, cast, as_, parcel):
    with pytest.raises(registry.errors.LandRegistryParcelNotFrozen):
        as_(cast.court2).unfreeze(KEY, case_ref=CASE)
    with pytest.raises(registry.errors.LandRegistryMissingHash):
        as_(cast.court)._transact("freeze", KEY, b"\0" * 32)
    as_(cast.court).freeze(KEY, case_ref=CASE)
    with pytest.raises(registry.errors.LandRegistryMissingHash):
        as_(cast.court2)._transact("unfreeze", KEY, b"\0" * 32)


def test_cancel_is_allowed_on_a_frozen_parcel(registry, cast, as_, parcel, bk_chain):
    as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                  expiry=now(bk_chain) + 1000)
    as_(cast.court).freeze(KEY, case_ref=CASE)
    as_(cast.alice).cancel_transfer(KEY)
    assert registry.pending_transfer(KEY) is None
