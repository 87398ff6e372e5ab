"""Review of the diploma registry after issue 9, as an attacker would try it on anvil.

R3  An accreditor blocks the admin hand-over. The new admin must hold no working role when it
    accepts, and an accredited institution never loses its record (a withdrawn one is still
    an institution). So any accreditor, of any country, that accredits the proposed admin
    while the hand-over waits makes the acceptance fail, and that account can never become
    admin: an agency rotating its admin key is held up by the party the admin supervises,
    as often as it retries. The accreditation of a proposed admin is refused now.
"""

from __future__ import annotations

import pytest

ADMIN_DAYS = 4 * 86400  # past the pilot's three-day hand-over delay


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def test_r3_an_accreditor_cannot_make_the_proposed_admin_an_institution(registry, actors,
                                                                        bk_chain):
    new_admin = actors.stranger.address
    registry._transact("beginDefaultAdminTransfer", new_admin)
    for accreditor in (actors.accreditor_be, actors.accreditor_nl):
        rogue = registry.as_sender(accreditor)
        country = rogue.accreditor_country(accreditor.address)
        with pytest.raises(registry.errors.DiplomaRegistryRoleConflict) as caught:
            rogue.accredit(new_admin, country=country, institution="Hogeschool Nergens",
                           levels=[6])
        assert (caught.value.account, caught.value.held, caught.value.wanted) == (
            new_admin, bytes(32), registry.role_id("issuer"))
    assert registry.issuer_history(new_admin).state.name == "NONE"
    # The hand-over goes through, and the new admin holds no working role.
    bk_chain.increase_time(ADMIN_DAYS)
    registry.as_sender(actors.stranger)._transact("acceptDefaultAdminTransfer")
    assert registry._call("defaultAdmin") == new_admin


def test_r3_a_cancelled_proposal_frees_the_account_again(registry, actors):
    registry._transact("beginDefaultAdminTransfer", actors.stranger.address)
    registry._transact("cancelDefaultAdminTransfer")
    be = registry.as_sender(actors.accreditor_be)
    be.accredit(actors.stranger.address, country="BE", institution="Hogeschool Nergens",
                levels=[6])
    assert registry.issuer_history(actors.stranger.address).state.name == "ACTIVE"
