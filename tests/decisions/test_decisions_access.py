"""Access matrix: every state-changing function of the registry against every actor. Signing
is open to any submitter; what counts is whose signature it is, so its row is the signer."""

from __future__ import annotations

import pytest
from decisionskit import DL, OTHER, publish_signed, signature
from eth_utils import keccak

from blokketen._exceptions import CustomErrorRevert
from blokketen.decisions.samples import COUNCIL

ACTORS = ("admin", "registrar", "publisher", "governor", "chair", "secretary", "body_admin",
          "college_chair", "stranger", "former_chair")
DENIALS = {"AccessControlUnauthorizedAccount", "RoleWindowsNotHeld"}
REF = keccak(text="beslissing")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def _anchored(registry, actors, pages):
    return registry.as_sender(actors.publisher).anchor(pages["council"], kind=DL)


def _published(registry, actors, pages):
    return publish_signed(registry, actors, pages["council"])


def _nothing(registry, actors, pages):
    return None


def _signed(registry, actors, pages):
    ref = _anchored(registry, actors, pages)
    for role, key in (("chair", actors.chair), ("secretary", actors.secretary)):
        registry.submit_signature(ref, role=role,
                                  signature=signature(registry, ref, pages["council"], role, key))
    return ref


def _signatures(registry, actors, pages):
    page = pages["college"]
    ref = registry.as_sender(actors.publisher).ref(page, kind=DL)
    return ref, (signature(registry, ref, page, "chair", actors.college_chair),
                 signature(registry, ref, page, "secretary", actors.secretary))


# name -> (setup, action(client, actors, pages, context), allowed actors)
ACTIONS = {
    "registerBody": (_nothing, lambda c, a, p, x: c.register_body(
        "http://data.lblod.info/id/bestuursorganen/nieuw"), {"registrar"}),
    "grantWindow": (_nothing, lambda c, a, p, x: c.grant_mandate(
        COUNCIL, "chair", a.stranger.address), {"registrar"}),
    "endWindow": (_nothing, lambda c, a, p, x: c.end_mandate(
        COUNCIL, "chair", a.chair.address, 0), {"registrar"}),
    "grantRole": (_nothing, lambda c, a, p, x: c.grant_role("publisher", a.stranger.address),
                  {"admin"}),
    "anchor": (_nothing, lambda c, a, p, x: c.anchor(p["council"], kind=DL), {"publisher"}),
    "sign as chair": (_anchored, lambda c, a, p, x: c.submit_signature(
        x, role="chair", signature=signature(c, x, p["council"], "chair", c.sender)),
        {"chair"}),
    "sign as secretary": (_anchored, lambda c, a, p, x: c.submit_signature(
        x, role="secretary", signature=signature(c, x, p["council"], "secretary", c.sender)),
        {"secretary"}),
    "publish": (_signed, lambda c, a, p, x: c.publish(x), {"publisher"}),
    "anchorSignPublish": (_signatures, lambda c, a, p, x: c.anchor_sign_publish(
        p["college"], kind=DL, chair=x[1][0], secretary=x[1][1]), {"publisher"}),
    "retract": (_published, lambda c, a, p, x: c.retract(x, reason=1, reason_hash=REF),
                {"body_admin"}),
    "registerComplaint": (_published, lambda c, a, p, x: c.register_complaint(
        x, p["council"], OTHER, receipt_hash=REF), {"governor"}),
    "annul": (_published, lambda c, a, p, x: c.annul(x, p["council"], OTHER,
                                                    decision_ref=REF), {"governor"}),
    "checkpoint": (_nothing, lambda c, a, p, x: c.checkpoint(
        keccak(text="stroom"), previous_head=bytes(32), from_member=0, to_member=3,
        members_root=REF), {"publisher"}),
}


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_access(registry, actors, pages, bk_chain, action, actor):
    setup, act, allowed = ACTIONS[action]
    context = setup(registry, actors, pages)
    client = registry.as_sender(getattr(actors, actor))
    if actor in allowed:
        act(client, actors, pages, context)
        return
    with pytest.raises(CustomErrorRevert) as err:
        act(client, actors, pages, context)
    assert err.value.error_name in DENIALS, err.value
