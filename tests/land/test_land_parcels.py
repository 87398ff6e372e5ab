"""Registering parcels, reading them, malformed keys on chain, pause."""

from __future__ import annotations

import pytest
from landkit import DEED, KEY, KEY2, SOURCE, now
from test_land_capakey import MALFORMED

from blokketen._exceptions import InputError
from blokketen.land import LandUse, NewParcel, ParcelStatus, RightKind, parcel_id


def test_register_parcel_stores_and_emits(registry, cast, as_):
    receipt = as_(cast.registrar).register_parcel(
        "11001A0123-00B000", owner=cast.alice.address, area_m2=1000,
        land_use=LandUse.NATURE_RESERVE, deed_hash=DEED,
    )
    (event,) = receipt.events
    assert event.name == "ParcelRegistered"
    assert event["capakey"] == KEY and event["parcelId"] == parcel_id(KEY)
    p = registry.parcel(KEY)
    assert (p.owner, p.area_m2, p.land_use) == (cast.alice.address, 1000, LandUse.NATURE_RESERVE)
    assert (p.status, p.version, p.deed_hash, p.capakey) == (ParcelStatus.ACTIVE, 1, DEED, KEY)
    assert registry.exists(KEY) and not registry.exists(KEY2)


def test_register_parcel_twice_reverts(registry, cast, as_, parcel):
    with pytest.raises(registry.errors.LandRegistryParcelExists) as caught:
        as_(cast.registrar).register_parcel(KEY, owner=cast.bob.address, area_m2=5, deed_hash=DEED)
    assert caught.value.capakey == KEY


@pytest.mark.parametrize(
    ("field", "kwargs", "error"),
    [
        ("owner", {"owner": "0x" + "00" * 20}, "LandRegistryZeroAddress"),
        ("area_m2", {"area_m2": 0}, "LandRegistryZeroArea"),
        ("deed_hash", {"deed_hash": b"\0" * 32}, "LandRegistryMissingHash"),
    ],
)
def test_register_parcel_bad_input(registry, cast, as_, field, kwargs, error):
    args = {"owner": cast.alice.address, "area_m2": 10, "land_use": 0, "deed_hash": DEED}
    args.update(kwargs)
    with pytest.raises(InputError) as caught:  # the client refuses before sending
        as_(cast.registrar).register_parcel(KEY, **args)
    assert caught.value.field == field
    raw = [KEY, args["owner"], args["area_m2"], 0, args["deed_hash"]]
    with pytest.raises(getattr(registry.errors, error)):  # and so does the contract
        as_(cast.registrar)._transact("registerParcel", *raw)


@pytest.mark.parametrize("bad", MALFORMED + ["11001a0123/00b000", "11004A0479-00N000",
                                             "11001_A_0123_B_000_00"])
def test_malformed_capakey_reverts_on_chain(registry, cast, as_, bad):
    """The contract accepts only the canonical notation (other notations are the client's)."""
    with pytest.raises(registry.errors.LandRegistryMalformedCapaKey) as caught:
        as_(cast.registrar)._transact("registerParcel", bad, cast.alice.address, 10, 0, DEED)
    assert caught.value.capakey == bad
    assert registry.is_valid_capakey_on_chain(bad) is False


def test_valid_keys_agree_between_client_and_chain(registry):
    for key in [KEY, KEY2, "24062B0017/020000", "99999Z9999/99Z999"]:
        assert registry.is_valid_capakey_on_chain(key) is True
        assert registry._call("parcelIdOf", key) == parcel_id(key)


def test_unknown_parcel_reverts_on_views(registry):
    for view in ("parcel", "rights", "lineage", "freezeInfo", "pendingTransfer"):
        with pytest.raises(registry.errors.LandRegistryUnknownParcel):
            registry._call(view, KEY2)


def test_pause_blocks_state_changes_and_unpause_restores(registry, cast, as_, parcel,
                                                         bk_chain):
    as_(cast.alice).open_transfer(KEY, buyer=cast.bob.address, deed_hash=DEED,
                                  expiry=now(bk_chain) + 3600)
    registry.pause()
    assert registry.paused()
    with pytest.raises(registry.errors.EnforcedPause):
        as_(cast.registrar).register_parcel(KEY2, owner=cast.bob.address, area_m2=5,
                                            deed_hash=DEED)
    with pytest.raises(registry.errors.EnforcedPause):
        as_(cast.registrar).add_right(KEY, kind=RightKind.LEASE, holder=cast.lessee.address,
                                      source_hash=SOURCE)
    with pytest.raises(registry.errors.EnforcedPause):  # the survey module sees the pause
        as_(cast.surveyor).split(KEY, [NewParcel("11001A0123/00C000", 500),
                                       NewParcel("11001A0123/00D000", 500)], survey_hash=DEED)
    with pytest.raises(registry.errors.EnforcedPause):
        as_(cast.bob).accept_transfer(KEY)
    # withdrawing consent is never paused: a party cancels, a seller uses up her nonce
    as_(cast.bob).cancel_transfer(KEY)
    as_(cast.alice).use_nonce()
    assert registry.nonce(cast.alice.address) == 1 and registry.pending_transfer(KEY) is None
    registry.unpause()
    as_(cast.registrar).register_parcel(KEY2, owner=cast.bob.address, area_m2=5, deed_hash=DEED)
    with pytest.raises(registry.errors.ExpectedPause):
        registry.unpause()


def test_constructor_refuses_zero_admin(bk_chain, cast, registry):
    from blokketen.land.client import LandRegistry

    with pytest.raises(registry.errors.RegistryAdminRulesZeroAdmin):
        LandRegistry.deploy(bk_chain, cast.admin, "0x" + "00" * 20, 3600)
    with pytest.raises(registry.errors.RegistryAdminRulesDelayTooLong) as caught:
        LandRegistry.deploy(bk_chain, cast.admin, cast.admin.address, 31 * 86_400)
    assert (caught.value.delay, caught.value.maxDelay) == (31 * 86_400, 30 * 86_400)


def test_the_python_terms_are_the_contracts(registry):
    from blokketen.land import terms

    assert registry._call("MAX_TRANSFER_PERIOD") == terms.MAX_TRANSFER_PERIOD
    assert registry._call("PREEMPTION_NOTICE_PERIOD") == terms.PREEMPTION_NOTICE_PERIOD
    assert registry.admin_delay() == terms.ADMIN_DELAY  # the fixture deploys as the pilot does
