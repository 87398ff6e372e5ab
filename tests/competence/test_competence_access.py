"""Access matrix: every state-changing function of the CompetenceRegistry against every actor.

A refused call reverts with one of the registry's denials and changes nothing the chain
knows; an allowed one goes through."""

from __future__ import annotations

import pytest
from competencekit import chain_state

from blokketen._exceptions import CustomErrorRevert
from blokketen.competence.client import VALIDATION_SCOPE
from blokketen.competence.samples import sample_learners
from blokketen.competence.types import Reason

ACTORS = ("admin", "accreditor", "school", "school2", "vdab", "vdab2", "board", "employer",
          "stranger")
DENIALS = {
    "AccessControlUnauthorizedAccount",
    "RoleWindowsNotHeld",
    "CompetenceRegistryUnauthorized",
    "CompetenceRegistryNotSuspender",
    "CompetenceRegistryNotAccredited",
}
FRESH = "0x00000000000000000000000000000000000bEEf1"


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def _proposed(registry, actors):
    receipts = registry.as_sender(actors.school).propose_batch(sample_learners(2, claims=3,
                                                                               seed=41))
    return receipts


def _validated(registry, actors):
    receipts = _proposed(registry, actors)
    registry.as_sender(actors.vdab).validate(receipts[0].batch_root)
    return receipts


def _suspended(credential: bool):
    def setup(registry, actors):
        receipts = _validated(registry, actors)
        if credential:
            registry.as_sender(actors.board).suspend(receipts[0])
        else:
            registry.as_sender(actors.vdab).suspend_batch(receipts[0].batch_root)
        return receipts

    return setup


def _none(registry, actors):
    return None


MARKERS = {"school", "vdab", "vdab2", "board"}
# name -> (setup(registry, actors) -> context, action(client, actors, context), allowed)
ACTIONS = {
    "grantRole": (_none, lambda c, a, x: c.grant_role("revoker", FRESH), {"admin"}),
    "revokeRole": (_none, lambda c, a, x: c.revoke_role("revoker", a.board.address), {"admin"}),
    "grantWindow": (_none, lambda c, a, x: c.grant_validator(FRESH), {"admin"}),
    "endWindow(validator)": (
        _none, lambda c, a, x: c._transact("endWindow", VALIDATION_SCOPE,
                                           c.role_id("validator"), a.vdab2.address, 0),
        {"admin"}),
    "endWindow(assessor)": (
        _none, lambda c, a, x: c._transact("endWindow",
                                           c.accreditation_scope("competent:2.0", 2),
                                           c.role_id("assessor"), a.school.address, 0),
        {"admin", "accreditor"}),
    "accredit": (
        _none, lambda c, a, x: c.accredit(FRESH, institution=777, framework="esco:v1.2.0",
                                          min_level=1, max_level=2),
        {"accreditor"}),
    "proposeBatch": (
        _none, lambda c, a, x: c.propose_batch(sample_learners(1, claims=2, seed=42)),
        {"school"}),
    "validateBatch": (_proposed, lambda c, a, x: c.validate(x[0].batch_root), {"vdab", "vdab2"}),
    "rejectBatch": (_proposed, lambda c, a, x: c.reject(x[0].batch_root, Reason.FRAUD),
                    {"vdab", "vdab2"}),
    "revokeBatch": (_validated, lambda c, a, x: c.revoke_batch(x[0].batch_root, Reason.FRAUD),
                    MARKERS),
    "suspendBatch": (_validated, lambda c, a, x: c.suspend_batch(x[0].batch_root), MARKERS),
    "reinstateBatch": (_suspended(False), lambda c, a, x: c.reinstate_batch(x[0].batch_root),
                       {"vdab", "admin"}),
    "revokeCredential": (_validated, lambda c, a, x: c.revoke(x[0], Reason.FRAUD), MARKERS),
    "suspendCredential": (_validated, lambda c, a, x: c.suspend(x[0]), MARKERS),
    "reinstateCredential": (_suspended(True), lambda c, a, x: c.reinstate(x[0]),
                            {"board", "admin"}),
    "beginDefaultAdminTransfer": (
        _none, lambda c, a, x: c._transact("beginDefaultAdminTransfer", FRESH), {"admin"}),
}
CASES = [(name, actor) for name in ACTIONS for actor in ACTORS]


@pytest.mark.parametrize(("name", "actor"), CASES, ids=[f"{n}-{a}" for n, a in CASES])
def test_access(registry, actors, name, actor):
    setup, action, allowed = ACTIONS[name]
    context = setup(registry, actors)
    client = registry.as_sender(getattr(actors, actor))
    if actor in allowed:
        action(client, actors, context)
        return
    roots = [context[0].batch_root] if context else []
    credentials = [(c.batch_root, c.credential_root) for c in context or []]
    accounts = [getattr(actors, a).address for a in ACTORS] + [FRESH]
    before = chain_state(registry, roots, credentials, accounts)
    with pytest.raises(CustomErrorRevert) as refused:
        action(client, actors, context)
    assert refused.value.error_name in DENIALS, refused.value
    assert chain_state(registry, roots, credentials, accounts) == before
