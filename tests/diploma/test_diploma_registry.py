"""DiplomaRegistry through its client on anvil: every function and revert path."""

from __future__ import annotations

import dataclasses

import pytest
from diplomakit import LEUVEN, UTRECHT, deploy

from blokketen._exceptions import CustomErrorRevert, InputError
from blokketen.common.roles import OPEN_ENDED
from blokketen.diploma import (
    Authority,
    DiplomaState,
    IssuerState,
    RevocationReason,
    Status,
    accreditation_scope,
    institution_id,
    keccak256,
)
from blokketen.diploma.client import DiplomaRegistry
from blokketen.diploma.demo import sample_documents
from blokketen.diploma.types import ADMIN_DELAY

ZERO = "0x" + "00" * 20
DECISION = keccak256(b"NARIC decision 2026/42")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def _raises(registry, name):
    return pytest.raises(getattr(registry.errors, name))


# -- constructor, admin and accreditors --------------------------------------------------
def test_constructor_takes_admin_and_delay(registry, bk_chain, bk_project, actors):
    assert registry._call("defaultAdmin") == actors.admin.address
    assert registry._call("defaultAdminDelay") == ADMIN_DELAY
    with pytest.raises(CustomErrorRevert) as caught:
        DiplomaRegistry.deploy(bk_chain, actors.admin, ZERO, ADMIN_DELAY,
                               store=bk_project.artifacts())
    assert caught.value.error_name == "RegistryAdminRulesZeroAdmin"
    with pytest.raises(CustomErrorRevert) as caught:
        DiplomaRegistry.deploy(bk_chain, actors.admin, actors.admin.address, 31 * 86400,
                               store=bk_project.artifacts())
    assert caught.value.error_name == "RegistryAdminRulesDelayTooLong"


def test_admin_hand_over_takes_two_steps_and_the_delay(registry, actors, bk_chain):
    registry._transact("beginDefaultAdminTransfer", actors.stranger.address)
    successor = registry.as_sender(actors.stranger)
    with _raises(registry, "AccessControlEnforcedDefaultAdminDelay"):
        successor._transact("acceptDefaultAdminTransfer")
    bk_chain.increase_time(ADMIN_DELAY + 1)
    successor._transact("acceptDefaultAdminTransfer")
    assert registry._call("defaultAdmin") == actors.stranger.address
    with _raises(registry, "AccessControlUnauthorizedAccount"):
        registry.appoint_accreditor(actors.admin.address, "DE")  # the old admin
    successor.appoint_accreditor(actors.admin.address, "DE")
    assert registry.accreditor_country(actors.admin.address) == "DE"


def test_appoint_accreditor_grants_role_and_country(registry, actors):
    receipt = registry.appoint_accreditor(actors.stranger.address, "DE")
    (granted, appointed) = receipt.events
    assert granted.name == "RoleGranted"
    assert appointed.name == "AccreditorAppointed"
    assert appointed.args == {"accreditor": actors.stranger.address, "country": b"DE",
                              "admin": actors.admin.address}
    assert registry.has_role("ACCREDITOR_ROLE", actors.stranger.address)
    assert registry.accreditor_country(actors.stranger.address) == "DE"


def test_appoint_accreditor_reverts(registry, actors):
    with _raises(registry, "DiplomaRegistryZeroAccount"):
        registry.appoint_accreditor(ZERO, "DE")
    for bad in (b"de", b"D1", b"\x00\x00"):
        with _raises(registry, "DiplomaRegistryInvalidCountry") as caught:
            registry._transact("appointAccreditor", actors.stranger.address, bad)
        assert caught.value.country == bad
    with _raises(registry, "AccessControlUnauthorizedAccount") as caught:
        registry.as_sender(actors.stranger).appoint_accreditor(actors.stranger.address, "DE")
    assert caught.value.account == actors.stranger.address
    with pytest.raises(InputError):
        registry.appoint_accreditor(actors.stranger.address, "Belgium")


def test_dismiss_accreditor(registry, actors):
    receipt = registry.dismiss_accreditor(actors.accreditor_nl.address)
    assert receipt.events[-1].name == "AccreditorDismissed"
    assert not registry.has_role("ACCREDITOR_ROLE", actors.accreditor_nl.address)
    assert registry.accreditor_country(actors.accreditor_nl.address) is None
    with _raises(registry, "AccessControlUnauthorizedAccount"):
        registry.as_sender(actors.accreditor_nl).accredit(
            actors.stranger.address, country="NL", institution="X", levels=[6])
    with _raises(registry, "DiplomaRegistryUnknownAccreditor") as caught:
        registry.dismiss_accreditor(actors.accreditor_nl.address)
    assert caught.value.account == actors.accreditor_nl.address
    # accreditations it granted stay in force
    assert registry.issuer_history(actors.utrecht.address).state is IssuerState.ACTIVE


# -- accreditation -----------------------------------------------------------------------
def test_accredit_records_the_institution_and_a_window_per_level(registry, actors, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    receipt = be.accredit(actors.stranger.address, country="BE", institution="UGent",
                          levels=[5, 6], valid_from=10, valid_until=2**40)
    *windows, accredited = receipt.events
    assert [w.name for w in windows] == ["RoleWindowGranted"] * 2
    assert [w["scope"] for w in windows] == [accreditation_scope(5), accreditation_scope(6)]
    assert accredited.name == "IssuerAccredited"
    assert accredited["levels"] == (1 << 5) | (1 << 6)
    assert accredited["institution"] == institution_id("BE", "UGent")
    history = registry.issuer_history(actors.stranger.address)
    assert history.country == "BE" and history.state is IssuerState.ACTIVE
    assert history.institution == institution_id("BE", "UGent")
    assert history.levels == (5, 6) and (history.valid_from, history.valid_until) == (10, 2**40)
    assert set(history.windows) == {5, 6}
    (window,) = history.windows[5]
    now = bk_chain.timestamp(receipt.block_number)
    assert (window.valid_from, window.valid_until, window.recorded_at) == (10, 2**40, now)
    assert registry.accredited_at(actors.stranger.address, 5, now)
    assert not registry.accredited_at(actors.stranger.address, 5, now - 1)  # recorded later
    assert not registry.accredited_at(actors.stranger.address, 7, now)


def test_reaccredit_ends_the_windows_in_force(registry, actors, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    receipt = be.accredit(actors.leuven.address, country="BE", institution=LEUVEN, levels=[8])
    history = registry.issuer_history(actors.leuven.address)
    now = bk_chain.timestamp(receipt.block_number)
    assert history.levels == (8,)
    assert history.windows[7][0].ended_at == now + 1  # the current second still counts
    assert history.windows[8][-1].ended_at == 0 and len(history.windows[8]) == 2
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        registry.as_sender(actors.leuven).issue_batch(sample_documents(1))  # EQF 7


def test_accredit_reverts(registry, actors, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    nl = registry.as_sender(actors.accreditor_nl)
    with _raises(registry, "DiplomaRegistryZeroAccount"):
        be.accredit(ZERO, country="BE", institution="X", levels=[6])
    with _raises(registry, "DiplomaRegistryZeroInstitution"):
        be._transact("accredit", actors.stranger.address, b"BE", bytes(32), [6], 0, 2**64 - 1)
    with _raises(registry, "DiplomaRegistryWrongCountry") as caught:
        be.accredit(actors.stranger.address, country="NL", institution="X", levels=[6])
    assert caught.value.accreditorCountry == b"BE" and caught.value.country == b"NL"
    with _raises(registry, "DiplomaRegistryWrongCountry"):  # Leuven stays Belgian
        nl.accredit(actors.leuven.address, country="NL", institution=LEUVEN, levels=[6])
    with _raises(registry, "DiplomaRegistryWrongInstitution") as caught:  # and KU Leuven
        be.accredit(actors.leuven.address, country="BE", institution="UGent", levels=[6])
    assert caught.value.known == institution_id("BE", LEUVEN)
    for levels in ([0], [9], []):
        with _raises(registry, "DiplomaRegistryInvalidLevel"):
            be._transact("accredit", actors.stranger.address, b"BE", keccak256(b"X"), levels,
                         0, 2**64 - 1)
    with _raises(registry, "RoleWindowsEmptyWindow"):
        be._transact("accredit", actors.stranger.address, b"BE", keccak256(b"X"), [6], 5, 5)
    with _raises(registry, "RoleWindowsWindowLapsed"):
        be._transact("accredit", actors.stranger.address, b"BE", keccak256(b"X"), [6], 1,
                     bk_chain.timestamp() - 1)
    with pytest.raises(InputError) as refused:
        be.accredit(actors.stranger.address, country="BE", institution="X", levels=[6],
                    valid_from=5, valid_until=5)
    assert refused.value.field == "valid_until"
    with _raises(registry, "AccessControlUnauthorizedAccount"):
        registry.as_sender(actors.leuven).accredit(actors.leuven.address, country="BE",
                                                   institution=LEUVEN, levels=[8])


def test_issuer_suspension_reinstatement_and_their_reverts(registry, actors, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    with _raises(registry, "DiplomaRegistryIssuerState") as caught:
        be.reinstate_issuer(actors.leuven.address)
    assert caught.value.state == IssuerState.ACTIVE
    with _raises(registry, "DiplomaRegistryWrongCountry"):
        registry.as_sender(actors.accreditor_nl).suspend_issuer(actors.leuven.address)
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.suspend_issuer(actors.stranger.address)
    receipt = be.suspend_issuer(actors.leuven.address)
    assert [e.name for e in receipt.events] == ["RoleWindowEnded"] * 3 + ["IssuerSuspended"]
    assert registry.issuer_history(actors.leuven.address).state is IssuerState.SUSPENDED
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.suspend_issuer(actors.leuven.address)
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        registry.as_sender(actors.leuven).issue_batch(sample_documents(1))
    with _raises(registry, "DiplomaRegistryWrongCountry"):
        registry.as_sender(actors.accreditor_nl).reinstate_issuer(actors.leuven.address)
    assert be.reinstate_issuer(actors.leuven.address).events[-1].name == "IssuerReinstated"
    history = registry.issuer_history(actors.leuven.address)
    assert history.state is IssuerState.ACTIVE and history.levels == (6, 7, 8)
    assert all(len(history.windows[level]) == 2 for level in (6, 7, 8))
    bk_chain.increase_time(5)
    assert registry.as_sender(actors.leuven).issue_batch(sample_documents(1))


def test_withdraw_accreditation_from_now(registry, actors, issued, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    with _raises(registry, "DiplomaRegistryWrongCountry"):
        registry.as_sender(actors.accreditor_nl).withdraw_accreditation(actors.leuven.address)
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.withdraw_accreditation(actors.stranger.address)
    receipt = be.withdraw_accreditation(actors.leuven.address)
    assert receipt.events[-1].name == "AccreditationWithdrawn"
    history = registry.issuer_history(actors.leuven.address)
    assert history.state is IssuerState.WITHDRAWN
    bk_chain.increase_time(5)
    assert registry.verify(issued[0]).valid  # anchored before: stays valid
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.withdraw_accreditation(actors.leuven.address)
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.reinstate_issuer(actors.leuven.address)
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        registry.as_sender(actors.leuven).issue_batch(sample_documents(1))
    # a new decision accredits again
    be.accredit(actors.leuven.address, country="BE", institution=LEUVEN, levels=[7])
    assert registry.issuer_history(actors.leuven.address).state is IssuerState.ACTIVE


def test_generic_window_functions_are_closed(registry, actors):
    role = registry.role_id("issuer")
    scope = accreditation_scope(7)
    for fn, args in (("grantWindow", (scope, role, actors.stranger.address, 0, OPEN_ENDED)),
                     ("endWindow", (scope, role, actors.leuven.address, 0)),
                     ("endWindowAt", (scope, role, actors.leuven.address, 0, 1))):
        for actor in (actors.admin, actors.accreditor_be):
            with _raises(registry, "DiplomaRegistryWindowsByAccreditation"):
                registry.as_sender(actor)._transact(fn, *args)
    # the default admin role goes on to the shared block, which refuses windows of it
    with _raises(registry, "AccessControlUnauthorizedAccount"):
        registry.as_sender(actors.stranger)._transact(
            "grantWindow", scope, bytes(32), actors.stranger.address, 0, 9)
    with _raises(registry, "RoleWindowsReservedRole"):
        registry._transact("grantWindow", scope, bytes(32), actors.stranger.address, 0, 9)


# -- issuance ----------------------------------------------------------------------------
def test_issue_batch_anchors_root_with_size_and_level(registry, leuven, actors, bk_chain):
    prepared = leuven.prepare(sample_documents(4, seed=9))
    receipt = leuven.anchor(prepared, expires_at=2**40)
    (event,) = receipt.events
    assert event.name == "BatchIssued"
    assert event.args == {"root": prepared.root, "issuer": actors.leuven.address, "level": 7,
                          "size": 4, "expiresAt": 2**40}
    batch = registry.batch(prepared.root)
    assert (batch.issuer, batch.size, batch.level) == (actors.leuven.address, 4, 7)
    assert batch.issued_block == receipt.block_number
    assert batch.issued_at == bk_chain.timestamp(receipt.block_number)
    assert batch.expires_at == 2**40 and batch.revoked_reason is RevocationReason.NONE


def test_issue_batch_returns_verifiable_receipts(registry, issued, bk_chain, actors):
    assert len(issued) == 5
    for receipt in issued:
        assert receipt.chain_id == bk_chain.chain_id and receipt.registry == registry.address
        assert receipt.issuer == actors.leuven.address
        result = registry.verify(receipt)
        assert result.status is Status.VALID and result.valid and result.reason is None
        assert (result.country, result.level, result.revocation) == ("BE", 7, None)
        assert result.trusted.address == registry.address


def test_single_diploma_is_a_batch_of_one(registry, leuven):
    (receipt,) = leuven.issue_batch(sample_documents(1, seed=4))
    assert receipt.proof == () and receipt.root == receipt.leaf
    assert registry.verify(receipt).status is Status.VALID


def test_issue_batch_reverts(registry, leuven, actors, bk_chain):
    root = keccak256(b"root")
    with _raises(registry, "DiplomaRegistryZeroRoot"):
        leuven._transact("issueBatch", bytes(32), 1, 7, 0)
    with _raises(registry, "DiplomaRegistryEmptyBatch"):
        leuven._transact("issueBatch", root, 0, 7, 0)
    for level in (0, 9):
        with _raises(registry, "DiplomaRegistryInvalidLevel"):
            leuven._transact("issueBatch", root, 1, level, 0)
    now = bk_chain.timestamp()
    with _raises(registry, "DiplomaRegistryInvalidExpiry"):
        leuven._transact("issueBatch", root, 1, 7, now)
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited") as caught:
        leuven._transact("issueBatch", root, 1, 5, 0)  # not in scope 6-8
    assert (caught.value.issuer, caught.value.level) == (actors.leuven.address, 5)
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        registry.as_sender(actors.stranger)._transact("issueBatch", root, 1, 7, 0)
    leuven._transact("issueBatch", root, 1, 7, 0)
    with _raises(registry, "DiplomaRegistryBatchExists"):
        registry.as_sender(actors.utrecht)._transact("issueBatch", root, 1, 7, 0)
    with _raises(registry, "DiplomaRegistryUnknownBatch"):
        registry.batch(keccak256(b"other"))


def test_issue_batch_checks_the_documents_against_the_issuer(registry, actors):
    leuven = registry.as_sender(actors.leuven)
    for kwargs, field in ((dict(country="NL"), "country"),
                          (dict(institution="UGent"), "institution")):
        with pytest.raises(InputError) as caught:
            leuven.issue_batch(sample_documents(2, **kwargs))
        assert caught.value.field == field
    prepared = leuven.prepare(sample_documents(1))
    with pytest.raises(InputError) as caught:
        registry.as_sender(actors.utrecht).anchor(prepared)
    assert caught.value.field == "issuer"
    assert not registry.events("BatchIssued")


def test_issuance_outside_validity_window_reverts(registry, actors, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    start = bk_chain.timestamp() + 1000
    be.accredit(actors.stranger.address, country="BE", institution="X", levels=[6],
                valid_from=start, valid_until=start + 1000)
    issuer = registry.as_sender(actors.stranger)
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        issuer._transact("issueBatch", keccak256(b"early"), 1, 6, 0)
    bk_chain.increase_time(1100)
    issuer._transact("issueBatch", keccak256(b"inside"), 1, 6, 0)
    bk_chain.increase_time(1000)
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        issuer._transact("issueBatch", keccak256(b"late"), 1, 6, 0)


# -- revocation and suspension -----------------------------------------------------------
def test_revoke_one_diploma_leaves_the_others_valid(registry, leuven, issued, actors):
    receipt = leuven.revoke(issued[2], RevocationReason.FRAUD)
    (event,) = receipt.events
    assert event.name == "DiplomaRevoked"
    assert event.args == {"diplomaId": issued[2].diploma_id, "root": issued[2].root,
                          "revoker": actors.leuven.address, "reason": 2}
    result = registry.verify(issued[2])
    assert result.status is Status.REVOKED and result.revocation is RevocationReason.FRAUD
    assert result.reason == f"revoked by {actors.leuven.address}: fraud"
    assert registry.verify(issued[1]).status is Status.VALID
    record = registry.diploma_record(issued[2])
    assert (record.state, record.reason, record.authority, record.by) == (
        DiplomaState.REVOKED, RevocationReason.FRAUD, Authority.ISSUER, actors.leuven.address)


def test_revoke_batch_revokes_every_diploma_in_it(registry, actors, issued):
    receipt = registry.as_sender(actors.revoker).revoke_batch(issued[0].root,
                                                              RevocationReason.COURT_ORDER)
    assert receipt.events[0].name == "BatchRevoked"
    for item in issued:
        result = registry.verify(item)
        assert result.status is Status.REVOKED
        assert result.revocation is RevocationReason.COURT_ORDER
        assert result.reason == "the batch was revoked: court-order"
    assert registry.batch(issued[0].root).revoked_reason is RevocationReason.COURT_ORDER


def test_revocation_reverts(registry, leuven, actors, issued):
    first, second = issued[0], issued[1]
    for reason in (0, 10, 255, 257, 260):
        with _raises(registry, "DiplomaRegistryInvalidReason") as caught:
            leuven._transact("revoke", first.root, list(first.proof), first.claim.as_tuple(),
                             reason)
        assert caught.value.reason == reason
        with _raises(registry, "DiplomaRegistryInvalidReason"):
            leuven._transact("revokeBatch", first.root, reason)
    with _raises(registry, "DiplomaRegistryInvalidProof") as caught:
        leuven._transact("revoke", first.root, list(second.proof), first.claim.as_tuple(), 2)
    assert caught.value.leaf == first.leaf
    with _raises(registry, "DiplomaRegistryUnknownBatch"):
        leuven.revoke_batch(keccak256(b"nope"), RevocationReason.FRAUD)
    with _raises(registry, "DiplomaRegistryUnknownBatch"):
        leuven.revoke(dataclasses.replace(first, root=keccak256(b"nope")),
                      RevocationReason.FRAUD)
    with _raises(registry, "DiplomaRegistryUnauthorizedRevoker") as caught:
        registry.as_sender(actors.utrecht).revoke(first, RevocationReason.FRAUD)
    assert caught.value.account == actors.utrecht.address
    leuven.revoke(first, RevocationReason.SUPERSEDED)
    with _raises(registry, "DiplomaRegistryAlreadyRevoked"):
        leuven.revoke(first, RevocationReason.FRAUD)
    with _raises(registry, "DiplomaRegistryAlreadyRevoked"):
        leuven.suspend(first)
    leuven.revoke_batch(first.root, RevocationReason.ISSUED_IN_ERROR)
    with _raises(registry, "DiplomaRegistryBatchRevoked"):
        leuven.revoke_batch(first.root, RevocationReason.FRAUD)
    # a diploma of a revoked batch can still be revoked by itself (so it stays revoked
    # wherever it is anchored again)
    assert leuven.revoke(second, RevocationReason.FRAUD).succeeded


def test_academic_misconduct_is_the_registry_reason(registry, leuven, issued):
    leuven.revoke(issued[0], RevocationReason.ACADEMIC_MISCONDUCT)
    assert registry.status(issued[0]) == (4, 256)
    assert registry.verify(issued[0]).reason.endswith("academic-misconduct")


def test_suspension_is_reversible_by_whoever_suspended(registry, leuven, actors, issued):
    revoker = registry.as_sender(actors.revoker)
    assert leuven.suspend(issued[0]).events[0].name == "DiplomaSuspended"
    result = registry.verify(issued[0])
    assert result.status is Status.SUSPENDED
    assert result.revocation is RevocationReason.UNDER_INVESTIGATION
    assert registry.status(issued[0]) == (3, 7)
    with _raises(registry, "DiplomaRegistryAlreadySuspended") as caught:
        leuven.suspend(issued[0])
    assert caught.value.by == actors.leuven.address
    assert leuven.reinstate(issued[0]).events[0].name == "DiplomaReinstated"
    assert registry.verify(issued[0]).status is Status.VALID
    with _raises(registry, "DiplomaRegistryNotSuspended"):
        leuven.reinstate(issued[0])
    revoker.suspend(issued[0], RevocationReason.COURT_ORDER)
    revoker.revoke(issued[0], RevocationReason.FRAUD)  # a suspended diploma can be revoked
    with _raises(registry, "DiplomaRegistryNotSuspended"):
        revoker.reinstate(issued[0])
    assert registry.verify(issued[0]).status is Status.REVOKED


def test_suspend_and_reinstate_need_an_authority(registry, actors, issued):
    for actor in (actors.stranger, actors.utrecht, actors.naric, actors.admin,
                  actors.accreditor_be):
        with _raises(registry, "DiplomaRegistryUnauthorizedRevoker"):
            registry.as_sender(actor).suspend(issued[0])
    registry.as_sender(actors.leuven).suspend(issued[0])
    for actor in (actors.stranger, actors.utrecht, actors.accreditor_be):
        with _raises(registry, "DiplomaRegistryUnauthorizedReinstatement"):
            registry.as_sender(actor).reinstate(issued[0])
    with _raises(registry, "DiplomaRegistryInvalidProof"):
        registry.as_sender(actors.leuven)._transact(
            "suspend", issued[1].root, list(issued[0].proof), issued[1].claim.as_tuple(), 7)


# -- recognition -------------------------------------------------------------------------
def test_recognise_records_decision(registry, actors):
    (dutch,) = registry.as_sender(actors.utrecht).issue_batch(
        sample_documents(1, institution=UTRECHT, country="NL"))
    naric = registry.as_sender(actors.naric)
    receipt = naric.recognise(dutch, equivalent_level=7, decision_hash=DECISION)
    (event,) = receipt.events
    assert event.name == "DiplomaRecognised"
    assert event["recogniser"] == actors.naric.address and event["decisionHash"] == DECISION
    assert event["diplomaId"] == dutch.diploma_id
    stored = registry._call("recognition", dutch.diploma_id, actors.naric.address)
    assert stored == (7, receipt.block_number, DECISION)
    (found,) = registry.verify(dutch, with_recognitions=True).recognitions
    assert (found.recogniser, found.equivalent_level, found.block) == (
        actors.naric.address, 7, receipt.block_number)
    with _raises(registry, "DiplomaRegistryAlreadyRecognised"):
        naric.recognise(dutch, equivalent_level=6, decision_hash=DECISION)


def test_recognise_reverts(registry, actors, leuven, issued):
    naric = registry.as_sender(actors.naric)
    with _raises(registry, "AccessControlUnauthorizedAccount"):
        registry.as_sender(actors.stranger).recognise(issued[0], equivalent_level=7,
                                                      decision_hash=DECISION)
    for level in (0, 9):
        with _raises(registry, "DiplomaRegistryInvalidLevel"):
            naric._transact("recognise", issued[0].root, list(issued[0].proof),
                            issued[0].claim.as_tuple(), level, DECISION)
    with _raises(registry, "DiplomaRegistryNotValid") as caught:
        naric._transact("recognise", issued[0].root, list(issued[1].proof),
                        issued[0].claim.as_tuple(), 7, DECISION)
    assert (caught.value.status, caught.value.reason) == (0, 0)  # unknown
    leuven.revoke(issued[0], RevocationReason.FRAUD)
    with _raises(registry, "DiplomaRegistryNotValid") as caught:
        naric.recognise(issued[0], equivalent_level=7, decision_hash=DECISION)
    assert (caught.value.status, caught.value.reason) == (4, 2)  # revoked, fraud


# -- verification of tampered receipts ---------------------------------------------------
def _tampered(receipt, other):
    doc = receipt.document
    return {
        "changed grade": (dataclasses.replace(
            receipt, document=dataclasses.replace(doc, grade="summa cum laude")),
            Status.UNKNOWN),
        "changed name": (dataclasses.replace(
            receipt, document=dataclasses.replace(doc, family_name="Peeters-X")),
            Status.UNKNOWN),
        "changed level": (dataclasses.replace(
            receipt, document=dataclasses.replace(doc, eqf_level=8)), Status.UNKNOWN),
        "other salt": (dataclasses.replace(receipt, salt=b"\x01" * 32), Status.UNKNOWN),
        "wrong proof": (dataclasses.replace(receipt, proof=other.proof), Status.UNKNOWN),
        "truncated proof": (dataclasses.replace(receipt, proof=receipt.proof[:-1]),
                            Status.UNKNOWN),
        "proof for another root": (dataclasses.replace(receipt, root=keccak256(b"x")),
                                   Status.UNKNOWN),
        "another chain id": (dataclasses.replace(receipt, chain_id=receipt.chain_id + 1),
                             Status.WRONG_CHAIN),
        "another registry": (dataclasses.replace(
            receipt, registry="0x000000000000000000000000000000000000dEaD"),
            Status.WRONG_REGISTRY),
    }


def test_tampered_receipts_fail_with_the_right_status(registry, issued, leuven):
    second_batch = leuven.issue_batch(sample_documents(3, seed=11))
    cases = _tampered(issued[0], issued[1])
    # a genuine proof and root, but of another batch
    cases["receipt of another batch"] = (
        dataclasses.replace(issued[0], root=second_batch[0].root, proof=second_batch[0].proof),
        Status.UNKNOWN)
    for name, (receipt, expected) in cases.items():
        result = registry.verify(receipt)
        assert result.status is expected, name
        assert not result.valid and result.issuer is None and result.reason, name
        assert result.trusted.chain_id == registry.chain.chain_id, name
    assert registry.verify(issued[0]).status is Status.VALID


def test_expired_batch(registry, leuven, bk_chain):
    (receipt,) = leuven.issue_batch(sample_documents(1, seed=5),
                                    expires_at=bk_chain.timestamp() + 100)
    assert registry.verify(receipt).status is Status.VALID
    bk_chain.increase_time(200)
    result = registry.verify(receipt)
    assert result.status is Status.EXPIRED and result.expires_at is not None
    assert result.reason.startswith("expired at")


# -- accreditation at issuance -----------------------------------------------------------
def test_accreditation_at_issuance_across_a_suspension(registry, actors, bk_chain):
    leuven = registry.as_sender(actors.leuven)
    be = registry.as_sender(actors.accreditor_be)
    before = leuven.issue_batch(sample_documents(2, seed=20))
    issued_at = registry.batch(before[0].root).issued_at
    suspended = bk_chain.timestamp(be.suspend_issuer(actors.leuven.address).block_number)
    bk_chain.increase_time(10)
    # issued before the suspension: still valid; no new batches meanwhile
    assert registry.verify(before[0]).status is Status.VALID
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        leuven.issue_batch(sample_documents(1, seed=21))
    reinstated = bk_chain.timestamp(be.reinstate_issuer(actors.leuven.address).block_number)
    after = leuven.issue_batch(sample_documents(2, seed=22))
    assert registry.verify(after[0]).status is Status.VALID
    assert registry.accredited_at(actors.leuven.address, 7, issued_at)
    assert not registry.accredited_at(actors.leuven.address, 7, suspended + 5)
    assert registry.accredited_at(actors.leuven.address, 7, reinstated)
    assert not registry.accredited_at(actors.leuven.address, 5, reinstated)
    assert not registry.accredited_at(actors.stranger.address, 7, reinstated)
    history = registry.issuer_history(actors.leuven.address)
    now = bk_chain.timestamp()
    for t in (issued_at, suspended + 5, reinstated):
        assert history.accredited_at(7, t, now=now) == registry.accredited_at(
            actors.leuven.address, 7, t)


def test_status_precedence(registry, actors, issued, bk_chain):
    leuven = registry.as_sender(actors.leuven)
    be, be2 = (registry.as_sender(a) for a in (actors.accreditor_be, actors.accreditor_be2))
    leuven.suspend(issued[0])
    assert registry.verify(issued[0]).status is Status.SUSPENDED
    bk_chain.increase_time(10)
    be.propose_retroactive_withdrawal(actors.leuven.address, effective_at=1)
    be2.confirm_retroactive_withdrawal(actors.leuven.address, effective_at=1)
    # not accredited at issuance is final: it goes before a suspension
    assert registry.verify(issued[0]).status is Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE
    assert registry.status(issued[0]) == (4, 260)
    leuven.revoke(issued[0], RevocationReason.ACCREDITATION_WITHDRAWN)
    result = registry.verify(issued[0])
    assert result.status is Status.REVOKED
    assert result.revocation is RevocationReason.ACCREDITATION_WITHDRAWN


def test_a_fresh_deployment_has_no_roles_but_the_admin(bk_chain, bk_project, actors):
    fresh = deploy(bk_chain, bk_project, actors.admin)
    for role in ("accreditor", "revoker", "recogniser"):
        assert not fresh.has_role(role, actors.admin.address)
    assert fresh.has_role("admin", actors.admin.address)
