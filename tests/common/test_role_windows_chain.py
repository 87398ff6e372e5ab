"""Role windows on chain: who may grant, what counts when, and the attacks on history."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from blokketen.common.roles import OPEN_ENDED, RoleWindow, holds_at

COUNCIL = keccak(b"http://data.lblod.info/id/bestuursorganen/gemeenteraad-gent")
OTHER_COUNCIL = keccak(b"http://data.lblod.info/id/bestuursorganen/gemeenteraad-aalst")


@pytest.fixture
def chair_role(registry) -> bytes:
    return registry.call("CHAIR_ROLE")


def _grant(registry, who, holder, role, start, until, scope=COUNCIL):
    return registry.as_sender(who).send("grantWindow", scope, role, holder, start, until)


def _windows(registry, holder, role, scope=COUNCIL) -> list[RoleWindow]:
    return [RoleWindow.from_tuple(w) for w in registry.call("windowsOf", scope, role, holder)]


def test_the_role_admin_grants_and_the_holder_acts(registry, cast, chair_role, bk_chain):
    now = bk_chain.timestamp()
    receipt = _grant(registry, cast.registrar, cast.chair.address, chair_role, now - 86400,
                     OPEN_ENDED)
    event = receipt.events[0]
    assert event.name == "RoleWindowGranted" and event.args["index"] == 0
    assert event.args["sender"] == cast.registrar.address
    act = registry.as_sender(cast.chair).send("recordAct", COUNCIL, chair_role)
    assert act.events[0].name == "ActRecorded"
    assert registry.call("holdsAt", COUNCIL, chair_role, cast.chair.address, bk_chain.timestamp())
    assert not registry.call("holdsAt", OTHER_COUNCIL, chair_role, cast.chair.address,
                             bk_chain.timestamp())
    with pytest.raises(registry.errors.RoleWindowsNotHeld):
        registry.as_sender(cast.chair).send("recordAct", OTHER_COUNCIL, chair_role)


@pytest.mark.parametrize("who", ["admin", "chair", "stranger"])
def test_the_wrong_role_cannot_grant(registry, cast, chair_role, bk_chain, who):
    """CHAIR's admin role is REGISTRAR: not even the default admin grants chairs."""
    sender = getattr(cast, who)
    registrar_role = registry.call("REGISTRAR_ROLE")
    with pytest.raises(registry.errors.AccessControlUnauthorizedAccount) as caught:
        _grant(registry, sender, cast.chair.address, chair_role, 0, OPEN_ENDED)
    assert (caught.value.account, caught.value.neededRole) == (sender.address, registrar_role)


def test_a_grant_recorded_after_an_act_does_not_authorise_it(registry, cast, chair_role, bk_chain):
    """The act happened at t; a window 'valid from' a year earlier is recorded later."""
    with pytest.raises(registry.errors.RoleWindowsNotHeld) as caught:
        registry.as_sender(cast.chair).send("recordAct", COUNCIL, chair_role)
    t_act = bk_chain.timestamp()
    assert caught.value.holder == cast.chair.address
    bk_chain.increase_time(3600)
    a_year_earlier = t_act - 365 * 86400
    _grant(registry, cast.registrar, cast.chair.address, chair_role, a_year_earlier, OPEN_ENDED)
    assert not registry.call("holdsAt", COUNCIL, chair_role, cast.chair.address, t_act)
    assert not registry.call("holdsAt", COUNCIL, chair_role, cast.chair.address, t_act + 3599)
    (window,) = _windows(registry, cast.chair.address, chair_role)
    assert window.valid_from == t_act - 365 * 86400 and window.effective_from > t_act


def test_an_ended_window_no_longer_counts_and_history_stays(registry, cast, chair_role, bk_chain):
    start = bk_chain.timestamp()
    _grant(registry, cast.registrar, cast.chair.address, chair_role, start, OPEN_ENDED)
    bk_chain.increase_time(100)
    receipt = registry.as_sender(cast.registrar).send("endWindow", COUNCIL, chair_role,
                                                      cast.chair.address, 0)
    ended_at = receipt.events[0].args["endedAt"]
    bk_chain.increase_time(10)
    with pytest.raises(registry.errors.RoleWindowsNotHeld):
        registry.as_sender(cast.chair).send("recordAct", COUNCIL, chair_role)
    holder = cast.chair.address
    assert registry.call("holdsAt", COUNCIL, chair_role, holder, ended_at - 1)
    assert not registry.call("holdsAt", COUNCIL, chair_role, holder, ended_at)
    (window,) = _windows(registry, holder, chair_role)
    assert window.ended_at == ended_at and window.valid_until == OPEN_ENDED
    with pytest.raises(registry.errors.RoleWindowsAlreadyEnded):
        registry.as_sender(cast.registrar).send("endWindow", COUNCIL, chair_role, holder, 0)


def test_a_retroactive_end_needs_the_extra_authority(registry, cast, chair_role, bk_chain):
    start = bk_chain.timestamp()
    _grant(registry, cast.registrar, cast.chair.address, chair_role, start, OPEN_ENDED)
    bk_chain.increase_time(1000)
    fraud_day = start + 100
    holder = cast.chair.address
    end_at_fraud_day = ("endWindowAt", COUNCIL, chair_role, holder, 0, fraud_day)
    with pytest.raises(registry.errors.RoleWindowsRetroactiveEnd) as caught:
        registry.as_sender(cast.registrar).send(*end_at_fraud_day)
    assert caught.value.effectiveAt == fraud_day
    # the supervisor holds the extra authority, but must still be a role admin of CHAIR
    with pytest.raises(registry.errors.AccessControlUnauthorizedAccount):
        registry.as_sender(cast.supervisor).send(*end_at_fraud_day)
    registry.send("grantRole", registry.call("REGISTRAR_ROLE"), cast.supervisor.address)
    registry.as_sender(cast.supervisor).send(*end_at_fraud_day)
    assert registry.call("holdsAt", COUNCIL, chair_role, holder, fraud_day - 1)
    assert not registry.call("holdsAt", COUNCIL, chair_role, holder, fraud_day + 1)


def test_an_end_in_the_future_is_refused(registry, cast, chair_role, bk_chain):
    _grant(registry, cast.registrar, cast.chair.address, chair_role, 0, OPEN_ENDED)
    later = bk_chain.timestamp() + 3600
    with pytest.raises(registry.errors.RoleWindowsEndInFuture):
        registry.as_sender(cast.registrar).send("endWindowAt", COUNCIL, chair_role,
                                                cast.chair.address, 0, later)


@pytest.mark.parametrize(("case", "error"), [
    ("empty", "RoleWindowsEmptyWindow"), ("lapsed", "RoleWindowsWindowLapsed"),
    ("zero holder", "RoleWindowsZeroHolder"), ("admin role", "RoleWindowsReservedRole"),
])
def test_bad_grants_are_refused(registry, cast, chair_role, bk_chain, case, error):
    now = bk_chain.timestamp()
    role, holder, start, until = chair_role, cast.chair.address, now, now + 100
    who = cast.registrar
    if case == "empty":
        start, until = now + 100, now + 100
    elif case == "lapsed":
        start, until = now - 200, now - 100
    elif case == "zero holder":
        holder = "0x" + "00" * 20
    else:
        role, who = bytes(32), cast.admin
    with pytest.raises(getattr(registry.errors, error)):
        _grant(registry, who, holder, role, start, until)


def test_unknown_windows_cannot_be_ended(registry, cast, chair_role):
    with pytest.raises(registry.errors.RoleWindowsUnknownWindow) as caught:
        registry.as_sender(cast.registrar).send("endWindow", COUNCIL, chair_role,
                                                cast.chair.address, 3)
    assert caught.value.index == 3


def test_python_reads_windows_as_the_contract_does(registry, cast, chair_role, bk_chain):
    """Several windows (future-dated, backdated, ended); holds_at agrees with holdsAt."""
    holder = cast.chair.address
    t0 = bk_chain.timestamp()
    _grant(registry, cast.registrar, holder, chair_role, t0 - 500, t0 + 300)
    _grant(registry, cast.registrar, holder, chair_role, t0 + 600, t0 + 900)
    _grant(registry, cast.registrar, holder, chair_role, t0 + 1000, OPEN_ENDED)
    bk_chain.increase_time(1200)
    registry.as_sender(cast.registrar).send("endWindow", COUNCIL, chair_role, holder, 2)
    now = bk_chain.timestamp()
    windows = _windows(registry, holder, chair_role)
    assert len(windows) == 3
    for t in [t0 - 600, t0 - 1, t0, t0 + 299, t0 + 300, t0 + 599, t0 + 600, t0 + 899, t0 + 950,
              t0 + 1000, t0 + 1100, now - 1, now, now + 1, now + 10**6]:
        on_chain = registry.call("holdsAt", COUNCIL, chair_role, holder, t)
        assert holds_at(windows, t, now=now) == on_chain, t
