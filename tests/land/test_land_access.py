"""Access matrix: every state-changing function, called by every role that must not call it."""

from __future__ import annotations

import pytest
from eth_utils import keccak
from landkit import CASE, DEED, DEED2, KEY, KEY2, SOURCE, SURVEY, now

from blokketen.land import RightKind

ROLES = {"admin": bytes(32), **{name: keccak(text=f"{name.upper()}_ROLE")
                                for name in ("registrar", "notary", "surveyor", "court")}}
"""The contract's AccessControl role ids, computed here as the contract does."""

CALLERS = ("admin", "registrar", "notary", "surveyor", "court", "alice", "bob", "lessee")

ROLE_GATED = {
    # function: (allowed role, arguments; {right} and {deadline} are filled in)
    "registerParcel": ("registrar", lambda w: (KEY2, w["alice"], 10, 0, DEED)),
    "registerParcels": ("registrar", lambda w: ([(KEY2, w["alice"], 10, 0, DEED)],)),
    "authenticateTransfer": ("notary", lambda w: (KEY,)),
    "transferWithSignatures": (
        "notary", lambda w: (KEY, (w["bob"], 1, DEED2, 0, 0, w["deadline"]), b"\1" * 65,
                              b"\1" * 65)
    ),
    "addRight": ("registrar", lambda w: (KEY, 0, w["lessee"], 0, 0, SOURCE)),
    "endRight": ("registrar", lambda w: (KEY, w["right"], SOURCE)),
    "split": ("surveyor", lambda w: (KEY, [("11001A0123/00C000", 500, 0),
                                           ("11001A0123/00D000", 500, 0)], [], SURVEY)),
    "merge": ("surveyor", lambda w: ([KEY, KEY2], ("11001A0125/00_000", 1010, 0), SURVEY)),
    "freeze": ("court", lambda w: (KEY, CASE)),
    "unfreeze": ("court", lambda w: (KEY, CASE)),
    "pause": ("admin", lambda w: ()),
    "unpause": ("admin", lambda w: ()),
    "grantRole": ("admin", lambda w: (ROLES["notary"], w["bob"])),
    "revokeRole": ("admin", lambda w: (ROLES["notary"], w["notary"])),
    "beginDefaultAdminTransfer": ("admin", lambda w: (w["bob"],)),
    "cancelDefaultAdminTransfer": ("admin", lambda w: ()),
    "changeDefaultAdminDelay": ("admin", lambda w: (3600,)),
    "rollbackDefaultAdminDelay": ("admin", lambda w: ()),
}

PARTY_GATED = {
    # function: (the party allowed, expected error, arguments)
    "openTransfer": ("alice", "LandRegistryNotOwner",
                     lambda w: (KEY, w["bob"], DEED, w["deadline"])),
    "acceptTransfer": ("bob", "LandRegistryNotBuyer", lambda w: (KEY,)),
    "cancelTransfer": ("alice|bob", "LandRegistryNotTransferParty", lambda w: (KEY,)),
    "waivePreemption": ("lessee", "LandRegistryNotPreemptionHolder",
                        lambda w: (KEY, w["preemption"])),
    "revokeTransfer": ("registrar|court", "LandRegistryNotRegistrarOrCourt",
                       lambda w: (KEY, CASE)),
    # nobody was proposed as the next admin: every caller is refused
    "acceptDefaultAdminTransfer": ("nobody", "AccessControlInvalidDefaultAdmin", lambda w: ()),
}


@pytest.fixture(scope="module")
def world(registry, cast, bk_chain):
    """KEY (alice, 1000 m²) with a pre-emption right of the lessee and a transfer to bob
    opened; KEY2 (alice, 10 m²)."""
    reg = registry.as_sender(cast.registrar)
    reg.register_parcel(KEY, owner=cast.alice.address, area_m2=1000, deed_hash=DEED)
    reg.register_parcel(KEY2, owner=cast.alice.address, area_m2=10, deed_hash=DEED)
    right = reg.add_right(KEY, kind=RightKind.LEASE, holder=cast.lessee.address,
                          source_hash=SOURCE).id
    preemption = reg.add_right(KEY, kind=RightKind.PRE_EMPTION, holder=cast.lessee.address,
                               source_hash=SOURCE).id
    deadline = now(bk_chain) + 86_400
    registry.as_sender(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                                 expiry=deadline)
    people = {name: getattr(cast, name).address for name in CALLERS}
    return {**people, "right": right, "preemption": preemption, "deadline": deadline}


def _forbidden(table):
    return [(fn, who) for fn, (allowed, *_) in table.items() for who in CALLERS
            if who not in allowed.split("|")]


@pytest.mark.parametrize(("fn", "who"), _forbidden(ROLE_GATED))
def test_role_gated_function_refuses_caller(registry, cast, world, fn, who):
    allowed, args = ROLE_GATED[fn]
    caller = getattr(cast, who)
    with pytest.raises(registry.errors.AccessControlUnauthorizedAccount) as caught:
        registry.as_sender(caller)._transact(fn, *args(world))
    assert caught.value.account == caller.address
    assert caught.value.neededRole == ROLES[allowed]


@pytest.mark.parametrize(("fn", "who"), _forbidden(PARTY_GATED))
def test_party_gated_function_refuses_caller(registry, cast, world, fn, who):
    _, error, args = PARTY_GATED[fn]
    with pytest.raises(getattr(registry.errors, error)):
        registry.as_sender(getattr(cast, who))._transact(fn, *args(world))


def test_the_client_names_the_same_role_ids(registry):
    assert {name: registry.role_id(name) for name in ROLES} == ROLES == registry.roles()


def test_matrix_covers_every_state_changing_function(registry):
    changing = {i["name"] for i in registry.abi
                if i.get("type") == "function" and i["stateMutability"] == "nonpayable"}
    open_to_all = {"useNonce", "renounceRole"}  # acts on the caller's own nonce or role
    assert changing - open_to_all == set(ROLE_GATED) | set(PARTY_GATED)
