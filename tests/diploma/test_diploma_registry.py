"""DiplomaRegistry through its client on anvil: every function and revert path."""

from __future__ import annotations

import dataclasses

import pytest

from blokketen._exceptions import CustomErrorRevert, InputError
from blokketen.diploma import IssuerState, RevocationReason, Status, keccak256, prepare_batch
from blokketen.diploma.client import DiplomaRegistry
from blokketen.diploma.demo import sample_documents

ZERO = "0x" + "00" * 20
DECISION = keccak256(b"NARIC decision 2026/42")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture
def issued(leuven):
    """Five Leuven diplomas (EQF 7) anchored in one batch; their receipts."""
    return leuven.issue_batch(sample_documents(5, seed=3))


def _raises(registry, name):
    return pytest.raises(getattr(registry.errors, name))


# -- constructor and accreditors ---------------------------------------------------------
def test_constructor_refuses_zero_admin(bk_chain, bk_project, actors):
    with pytest.raises(CustomErrorRevert) as caught:
        DiplomaRegistry.deploy(bk_chain, actors.admin, ZERO)
    assert caught.value.error_name == "DiplomaRegistryZeroAdmin"


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
        registry.as_sender(actors.accreditor_nl).accredit(actors.stranger.address, country="NL",
                                                          levels=[6])
    with _raises(registry, "DiplomaRegistryUnknownAccreditor") as caught:
        registry.dismiss_accreditor(actors.accreditor_nl.address)
    assert caught.value.account == actors.accreditor_nl.address
    # accreditations it granted stay in force
    assert registry.issuer_history(actors.utrecht.address).state is IssuerState.ACTIVE


# -- accreditation -----------------------------------------------------------------------
def test_accredit_records_history_and_event(registry, actors, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    receipt = be.accredit(actors.stranger.address, country="BE", levels=[5, 6],
                          valid_from=10, valid_until=2**40)
    (event,) = receipt.events
    assert event.name == "IssuerAccredited"
    assert event["levels"] == (1 << 5) | (1 << 6) and event["country"] == b"BE"
    history = registry.issuer_history(actors.stranger.address)
    assert history.country == "BE" and history.state is IssuerState.ACTIVE
    (acc,) = history.accreditations
    assert acc.levels == (5, 6) and acc.accreditor == actors.accreditor_be.address
    assert (acc.valid_from, acc.valid_until) == (10, 2**40)
    assert acc.from_block == receipt.block_number and acc.until_block is None


def test_reaccredit_closes_the_open_interval(registry, actors):
    be = registry.as_sender(actors.accreditor_be)
    receipt = be.accredit(actors.leuven.address, country="BE", levels=[8])
    first, second = registry.issuer_history(actors.leuven.address).accreditations
    assert first.until_block == receipt.block_number + 1
    assert second.levels == (8,) and second.until_block is None
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        registry.as_sender(actors.leuven).anchor(prepare_batch(sample_documents(1)))


def test_accredit_reverts(registry, actors):
    be = registry.as_sender(actors.accreditor_be)
    nl = registry.as_sender(actors.accreditor_nl)
    with _raises(registry, "DiplomaRegistryZeroAccount"):
        be.accredit(ZERO, country="BE", levels=[6])
    with _raises(registry, "DiplomaRegistryWrongCountry") as caught:
        be.accredit(actors.stranger.address, country="NL", levels=[6])
    assert caught.value.accreditorCountry == b"BE" and caught.value.country == b"NL"
    with _raises(registry, "DiplomaRegistryWrongCountry"):  # Leuven stays Belgian
        nl.accredit(actors.leuven.address, country="NL", levels=[6])
    for levels in ([0], [9], []):
        with _raises(registry, "DiplomaRegistryInvalidLevel"):
            be._transact("accredit", actors.stranger.address, b"BE", levels, 0, 2**64 - 1)
    with _raises(registry, "DiplomaRegistryInvalidValidity") as caught:
        be._transact("accredit", actors.stranger.address, b"BE", [6], 5, 5)
    assert (caught.value.validFrom, caught.value.validUntil) == (5, 5)
    with pytest.raises(InputError) as refused:
        be.accredit(actors.stranger.address, country="BE", levels=[6], valid_from=5,
                    valid_until=5)
    assert refused.value.field == "valid_until"
    with _raises(registry, "AccessControlUnauthorizedAccount"):
        registry.as_sender(actors.leuven).accredit(actors.leuven.address, country="BE",
                                                   levels=[8])
    with pytest.raises(InputError):
        be.accredit(actors.stranger.address, country="BE", levels=[9])


def test_issuer_suspension_reinstatement_and_their_reverts(registry, actors):
    be = registry.as_sender(actors.accreditor_be)
    with _raises(registry, "DiplomaRegistryIssuerState") as caught:
        be.reinstate_issuer(actors.leuven.address)
    assert caught.value.state == IssuerState.ACTIVE
    with _raises(registry, "DiplomaRegistryWrongCountry"):
        registry.as_sender(actors.accreditor_nl).suspend_issuer(actors.leuven.address)
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.suspend_issuer(actors.stranger.address)
    assert be.suspend_issuer(actors.leuven.address).events[0].name == "IssuerSuspended"
    assert registry.issuer_history(actors.leuven.address).state is IssuerState.SUSPENDED
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.suspend_issuer(actors.leuven.address)
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        registry.as_sender(actors.leuven).anchor(prepare_batch(sample_documents(1)))
    with _raises(registry, "DiplomaRegistryWrongCountry"):
        registry.as_sender(actors.accreditor_nl).reinstate_issuer(actors.leuven.address)
    assert be.reinstate_issuer(actors.leuven.address).events[0].name == "IssuerReinstated"
    history = registry.issuer_history(actors.leuven.address)
    assert history.state is IssuerState.ACTIVE and len(history.accreditations) == 2
    assert history.accreditations[1].levels == history.accreditations[0].levels


def test_withdraw_accreditation_and_its_reverts(registry, actors, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    now = bk_chain.block_number
    with _raises(registry, "DiplomaRegistryInvalidEffectiveBlock") as caught:
        be.withdraw_accreditation(actors.leuven.address, effective_block=now + 5)
    assert caught.value.effectiveBlock == now + 5
    with _raises(registry, "DiplomaRegistryWrongCountry"):
        registry.as_sender(actors.accreditor_nl).withdraw_accreditation(
            actors.leuven.address, effective_block=now)
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.withdraw_accreditation(actors.stranger.address, effective_block=now)
    receipt = be.withdraw_accreditation(actors.leuven.address, effective_block=now)
    assert receipt.events[0].name == "AccreditationWithdrawn"
    assert receipt.events[0]["effectiveBlock"] == now
    history = registry.issuer_history(actors.leuven.address)
    assert history.state is IssuerState.WITHDRAWN
    assert history.accreditations[0].until_block == now
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.withdraw_accreditation(actors.leuven.address, effective_block=now)
    with _raises(registry, "DiplomaRegistryIssuerState"):
        be.reinstate_issuer(actors.leuven.address)
    # a new decision accredits again
    be.accredit(actors.leuven.address, country="BE", levels=[7])
    assert registry.issuer_history(actors.leuven.address).state is IssuerState.ACTIVE


# -- issuance ----------------------------------------------------------------------------
def test_issue_batch_anchors_root_with_size_and_level(registry, leuven, actors, bk_chain):
    docs = sample_documents(4, seed=9)
    prepared = prepare_batch(docs)
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


def test_issue_batch_returns_verifiable_receipts(registry, issued, bk_chain):
    assert len(issued) == 5
    for receipt in issued:
        assert receipt.chain_id == bk_chain.chain_id and receipt.registry == registry.address
        result = registry.verify(receipt)
        assert result.status is Status.VALID and result.valid
        assert (result.country, result.level, result.reasons) == ("BE", 7, ())


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


def test_issue_batch_checks_document_country(registry, actors):
    dutch_docs = sample_documents(2, country="NL")
    with pytest.raises(InputError) as caught:
        registry.as_sender(actors.leuven).issue_batch(dutch_docs)
    assert caught.value.field == "country"


def test_issuance_outside_validity_window_reverts(registry, actors, bk_chain):
    be = registry.as_sender(actors.accreditor_be)
    start = bk_chain.timestamp() + 1000
    be.accredit(actors.stranger.address, country="BE", levels=[6], valid_from=start,
                valid_until=start + 1000)
    issuer = registry.as_sender(actors.stranger)
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        issuer._transact("issueBatch", keccak256(b"early"), 1, 6, 0)
    bk_chain.increase_time(1100)
    issuer._transact("issueBatch", keccak256(b"inside"), 1, 6, 0)
    bk_chain.increase_time(1000)
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        issuer._transact("issueBatch", keccak256(b"late"), 1, 6, 0)


# -- revocation and suspension -----------------------------------------------------------
def test_revoke_one_diploma_leaves_the_others_valid(registry, leuven, issued):
    receipt = leuven.revoke(issued[2], RevocationReason.FRAUD)
    (event,) = receipt.events
    assert event.name == "DiplomaRevoked"
    assert (event["root"], event["leaf"], event["reason"]) == (issued[2].root, issued[2].leaf, 3)
    result = registry.verify(issued[2])
    assert result.status is Status.REVOKED and result.reasons == (RevocationReason.FRAUD,)
    assert registry.verify(issued[1]).status is Status.VALID
    record = registry._call("leafRecord", issued[2].root, issued[2].leaf)
    assert record == (2, 3, receipt.block_number)


def test_revoke_batch_revokes_every_diploma(registry, actors, issued):
    receipt = registry.as_sender(actors.revoker).revoke_batch(issued[0].root,
                                                              RevocationReason.COURT_ORDER)
    assert receipt.events[0].name == "BatchRevoked"
    for item in issued:
        result = registry.verify(item)
        assert result.status is Status.REVOKED
        assert result.reasons == (RevocationReason.COURT_ORDER,)
    assert registry.batch(issued[0].root).revoked_reason is RevocationReason.COURT_ORDER


def test_revocation_reverts(registry, leuven, actors, issued):
    first, second = issued[0], issued[1]
    with _raises(registry, "DiplomaRegistryMissingReason"):
        leuven._transact("revoke", first.root, first.leaf, list(first.proof), 0)
    with _raises(registry, "DiplomaRegistryMissingReason"):
        leuven._transact("revokeBatch", first.root, 0)
    with _raises(registry, "DiplomaRegistryInvalidProof") as caught:
        leuven.revoke_leaf(first.root, first.leaf, second.proof, RevocationReason.FRAUD)
    assert caught.value.leaf == first.leaf
    with _raises(registry, "DiplomaRegistryUnknownBatch"):
        leuven.revoke_batch(keccak256(b"nope"), RevocationReason.FRAUD)
    with _raises(registry, "DiplomaRegistryUnauthorizedRevoker") as caught:
        registry.as_sender(actors.utrecht).revoke(first, RevocationReason.FRAUD)
    assert caught.value.account == actors.utrecht.address
    leuven.revoke(first, RevocationReason.SUPERSEDED)
    with _raises(registry, "DiplomaRegistryAlreadyRevoked"):
        leuven.revoke(first, RevocationReason.FRAUD)
    with _raises(registry, "DiplomaRegistryAlreadyRevoked"):
        leuven.suspend(first)
    leuven.revoke_batch(first.root, RevocationReason.ISSUED_IN_ERROR)
    with _raises(registry, "DiplomaRegistryAlreadyRevoked"):
        leuven.revoke_batch(first.root, RevocationReason.FRAUD)
    with _raises(registry, "DiplomaRegistryAlreadyRevoked"):
        leuven.revoke(second, RevocationReason.FRAUD)


def test_suspension_is_reversible(registry, leuven, actors, issued):
    revoker = registry.as_sender(actors.revoker)
    assert revoker.suspend(issued[0]).events[0].name == "DiplomaSuspended"
    assert registry.verify(issued[0]).status is Status.SUSPENDED
    with _raises(registry, "DiplomaRegistryAlreadySuspended"):
        leuven.suspend(issued[0])
    assert leuven.reinstate(issued[0]).events[0].name == "DiplomaReinstated"
    assert registry.verify(issued[0]).status is Status.VALID
    with _raises(registry, "DiplomaRegistryNotSuspended"):
        leuven.reinstate(issued[0])
    leuven.suspend(issued[0])
    leuven.revoke(issued[0], RevocationReason.FRAUD)  # a suspended diploma can be revoked
    with _raises(registry, "DiplomaRegistryNotSuspended"):
        leuven.reinstate(issued[0])
    assert registry.verify(issued[0]).status is Status.REVOKED


def test_suspend_and_reinstate_need_issuer_or_revoker(registry, actors, issued):
    for actor in (actors.stranger, actors.utrecht, actors.naric, actors.admin):
        with _raises(registry, "DiplomaRegistryUnauthorizedRevoker"):
            registry.as_sender(actor).suspend(issued[0])
    registry.as_sender(actors.leuven).suspend(issued[0])
    with _raises(registry, "DiplomaRegistryUnauthorizedRevoker"):
        registry.as_sender(actors.stranger).reinstate(issued[0])
    with _raises(registry, "DiplomaRegistryInvalidProof"):
        registry.as_sender(actors.leuven)._transact(
            "suspend", issued[1].root, issued[1].leaf, list(issued[0].proof))


# -- recognition -------------------------------------------------------------------------
def test_recognise_records_decision(registry, actors):
    (dutch,) = registry.as_sender(actors.utrecht).issue_batch(
        sample_documents(1, institution="Universiteit Utrecht", country="NL"))
    naric = registry.as_sender(actors.naric)
    receipt = naric.recognise(dutch, equivalent_level=7, decision_hash=DECISION)
    (event,) = receipt.events
    assert event.name == "DiplomaRecognised"
    assert event["recogniser"] == actors.naric.address and event["decisionHash"] == DECISION
    stored = registry._call("recognition", dutch.root, dutch.leaf, actors.naric.address)
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
            naric._transact("recognise", issued[0].root, issued[0].leaf,
                            list(issued[0].proof), level, DECISION)
    with _raises(registry, "DiplomaRegistryNotValid") as caught:
        naric._transact("recognise", issued[0].root, issued[1].leaf,
                        list(issued[0].proof), 7, DECISION)
    assert caught.value.status == 0  # unknown
    leuven.revoke(issued[0], RevocationReason.FRAUD)
    with _raises(registry, "DiplomaRegistryNotValid") as caught:
        naric.recognise(issued[0], equivalent_level=7, decision_hash=DECISION)
    assert caught.value.status == 2  # revoked


# -- verification of tampered receipts ---------------------------------------------------
def _tampered(receipt, other):
    doc = receipt.document
    return {
        "changed field": (dataclasses.replace(
            receipt, document=dataclasses.replace(doc, grade="summa cum laude")),
            Status.UNKNOWN),
        "changed name": (dataclasses.replace(
            receipt, document=dataclasses.replace(doc, family_name="Peeters-X")),
            Status.UNKNOWN),
        "wrong salt": (dataclasses.replace(receipt, salt=bytes(32)), Status.UNKNOWN),
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
        assert not result.valid and result.issuer is None, name
    assert registry.verify(issued[0]).status is Status.VALID


def test_expired_batch(registry, leuven, bk_chain):
    (receipt,) = leuven.issue_batch(sample_documents(1, seed=5),
                                    expires_at=bk_chain.timestamp() + 100)
    assert registry.verify(receipt).status is Status.VALID
    bk_chain.increase_time(200)
    result = registry.verify(receipt)
    assert result.status is Status.EXPIRED and result.expires_at is not None


# -- accreditation at issuance -----------------------------------------------------------
def test_accreditation_at_issuance_across_a_suspension(registry, actors, bk_chain):
    leuven = registry.as_sender(actors.leuven)
    be = registry.as_sender(actors.accreditor_be)
    before = leuven.issue_batch(sample_documents(2, seed=20))
    issued_block = registry.batch(before[0].root).issued_block
    suspended = be.suspend_issuer(actors.leuven.address).block_number
    bk_chain.mine(2)
    # issued before the suspension: still valid; no new batches meanwhile
    assert registry.verify(before[0]).status is Status.VALID
    with _raises(registry, "DiplomaRegistryIssuerNotAccredited"):
        leuven.issue_batch(sample_documents(1, seed=21))
    reinstated = be.reinstate_issuer(actors.leuven.address).block_number
    after = leuven.issue_batch(sample_documents(2, seed=22))
    assert registry.verify(after[0]).status is Status.VALID
    assert registry.accredited_at(actors.leuven.address, 7, issued_block)
    assert not registry.accredited_at(actors.leuven.address, 7, suspended + 1)
    assert registry.accredited_at(actors.leuven.address, 7, reinstated)
    assert not registry.accredited_at(actors.leuven.address, 5, reinstated)
    assert not registry.accredited_at(actors.stranger.address, 7, reinstated)
    # withdrawal with effect from the reinstatement: the later batch no longer verifies
    be.withdraw_accreditation(actors.leuven.address, effective_block=reinstated)
    assert registry.verify(before[0]).status is Status.VALID
    result = registry.verify(after[0])
    assert result.status is Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE
    assert result.issuer == actors.leuven.address
    assert not registry.accredited_at(actors.leuven.address, 7, reinstated)


def test_status_precedence_revoked_over_suspended_over_accreditation(registry, actors,
                                                                      issued, bk_chain):
    leuven = registry.as_sender(actors.leuven)
    be = registry.as_sender(actors.accreditor_be)
    be.withdraw_accreditation(actors.leuven.address, effective_block=1)
    assert registry.verify(issued[0]).status is Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE
    leuven.suspend(issued[0])
    assert registry.verify(issued[0]).status is Status.SUSPENDED
    leuven.revoke(issued[0], RevocationReason.ACCREDITATION_WITHDRAWN)
    assert registry.verify(issued[0]).status is Status.REVOKED
