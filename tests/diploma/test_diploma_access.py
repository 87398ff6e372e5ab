"""Access matrix: every state-changing function against every actor."""

from __future__ import annotations

import pytest

from blokketen._exceptions import CustomErrorRevert
from blokketen.diploma import RevocationReason, keccak256
from blokketen.diploma.demo import sample_documents

ACTORS = ("admin", "accreditor_be", "accreditor_be2", "accreditor_nl", "leuven", "utrecht",
          "revoker", "naric", "stranger", "rogue")
DENIALS = {
    "AccessControlUnauthorizedAccount",
    "DiplomaRegistryWrongCountry",
    "DiplomaRegistryUnauthorizedRevoker",
    "DiplomaRegistryIssuerNotAccredited",
    "DiplomaRegistryUnauthorizedReinstatement",
    "DiplomaRegistryUnauthorizedConfirmation",
}


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def _batch(registry, actors):
    receipts = registry.as_sender(actors.leuven).issue_batch(sample_documents(3, seed=30))
    return receipts[1]


def _suspended_by(who):
    def setup(registry, actors):
        receipt = _batch(registry, actors)
        registry.as_sender(getattr(actors, who)).suspend(receipt)
        return receipt

    return setup


def _proposed(registry, actors):
    registry.chain.increase_time(10)
    registry.as_sender(actors.accreditor_be).propose_retroactive_withdrawal(
        actors.leuven.address, effective_at=1)


def _later(registry, actors):
    registry.chain.increase_time(10)


# name -> (setup(registry, actors) -> context, action(client, actors, context), allowed)
ACTIONS = {
    "appointAccreditor": (
        lambda r, a: None,
        lambda c, a, x: c.appoint_accreditor(a.stranger.address, "FR"),
        {"admin"},
    ),
    "dismissAccreditor": (
        lambda r, a: None,
        lambda c, a, x: c.dismiss_accreditor(a.accreditor_nl.address),
        {"admin"},
    ),
    "grantRole": (
        lambda r, a: None,
        lambda c, a, x: c.grant_role("REVOKER_ROLE", a.stranger.address),
        {"admin"},
    ),
    "accredit": (
        lambda r, a: None,
        lambda c, a, x: c.accredit(a.stranger.address, country="BE", institution="UGent",
                                   levels=[6]),
        {"accreditor_be", "accreditor_be2"},
    ),
    "suspendIssuer": (
        lambda r, a: None,
        lambda c, a, x: c.suspend_issuer(a.leuven.address),
        {"accreditor_be", "accreditor_be2"},
    ),
    "reinstateIssuer": (
        lambda r, a: r.as_sender(a.accreditor_be).suspend_issuer(a.leuven.address),
        lambda c, a, x: c.reinstate_issuer(a.leuven.address),
        {"accreditor_be", "accreditor_be2"},
    ),
    "withdrawAccreditation": (
        lambda r, a: None,
        lambda c, a, x: c.withdraw_accreditation(a.leuven.address),
        {"accreditor_be", "accreditor_be2"},
    ),
    "proposeRetroactiveWithdrawal": (
        _later,
        lambda c, a, x: c.propose_retroactive_withdrawal(a.leuven.address, effective_at=1),
        {"accreditor_be", "accreditor_be2"},
    ),
    "confirmRetroactiveWithdrawal": (
        _proposed,
        lambda c, a, x: c.confirm_retroactive_withdrawal(a.leuven.address, effective_at=1),
        {"accreditor_be2", "admin"},
    ),
    "cancelRetroactiveWithdrawal": (
        _proposed,
        lambda c, a, x: c.cancel_retroactive_withdrawal(a.leuven.address),
        {"accreditor_be", "admin"},
    ),
    "issueBatch": (
        lambda r, a: keccak256(b"a root"),
        lambda c, a, x: c._transact("issueBatch", x, 2, 7, 0),
        {"leuven", "utrecht"},
    ),
    "revokeBatch": (
        _batch,
        lambda c, a, x: c.revoke_batch(x.root, RevocationReason.FRAUD),
        {"leuven", "revoker"},
    ),
    "revoke": (
        _batch,
        lambda c, a, x: c.revoke(x, RevocationReason.FRAUD),
        {"leuven", "revoker"},
    ),
    "suspend": (_batch, lambda c, a, x: c.suspend(x), {"leuven", "revoker"}),
    "reinstate (suspended by the issuer)": (
        _suspended_by("leuven"), lambda c, a, x: c.reinstate(x), {"leuven", "admin"}),
    "reinstate (suspended by a court)": (
        _suspended_by("revoker"), lambda c, a, x: c.reinstate(x), {"revoker", "admin"}),
    "recognise": (
        _batch,
        lambda c, a, x: c.recognise(x, equivalent_level=7, decision_hash=keccak256(b"d")),
        {"naric"},
    ),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_access(registry, actors, action, actor):
    setup, act, allowed = ACTIONS[action]
    context = setup(registry, actors)
    client = registry.as_sender(getattr(actors, actor))
    if actor in allowed:
        assert act(client, actors, context).succeeded
    else:
        with pytest.raises(CustomErrorRevert) as caught:
            act(client, actors, context)
        assert caught.value.error_name in DENIALS
