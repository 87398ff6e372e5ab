"""A hypothesis state machine: random registrations, transfers, splits, merges and freezes,
with the registry's invariants checked after every step."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from landkit import CASE, DEED, DEED2, SURVEY, now, signed_terms

from blokketen.land import NewParcel, ParcelStatus

CONTEXT: dict[str, object] = {}
"""The registry, chain and accounts of the running test (set by the test function)."""


class LandMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.reg = CONTEXT["registry"]
        self.chain = CONTEXT["chain"]
        self.cast = CONTEXT["cast"]
        self.owners = [self.cast.alice, self.cast.bob, self.cast.carol, self.cast.lessee]
        self.snapshot = self.chain.snapshot()
        self.counter = 0
        self.model: dict[str, tuple[str, int, ParcelStatus]] = {}
        self.registered_area = 0
        self.retired_seen: dict[str, object] = {}

    def teardown(self) -> None:
        self.chain.revert(self.snapshot)

    # -- helpers ---------------------------------------------------------------------
    def _new_key(self) -> str:
        self.counter += 1
        return f"11001A{self.counter:04d}/00_000"

    def _with(self, status: ParcelStatus) -> list[str]:
        return [k for k, (_, _, s) in self.model.items() if s == status]

    def _as(self, account):
        return self.reg.as_sender(account)

    # -- rules -----------------------------------------------------------------------
    @rule(owner=st.integers(0, 3), area=st.integers(1, 10_000))
    def register(self, owner, area):
        key = self._new_key()
        who = self.owners[owner].address
        self._as(self.cast.registrar).register_parcel(key, owner=who, area_m2=area,
                                                      deed_hash=DEED)
        self.model[key] = (who, area, ParcelStatus.ACTIVE)
        self.registered_area += area

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6), to=st.integers(0, 3), signed=st.booleans())
    def transfer(self, pick, to, signed):
        active = self._with(ParcelStatus.ACTIVE)
        key = active[pick % len(active)]
        owner, area, status = self.model[key]
        seller = next(a for a in self.owners if a.address == owner)
        buyer = self.owners[to]
        if buyer.address == owner:
            buyer = self.owners[(to + 1) % 4]
        if signed:
            msg = self.reg.transfer_message(key, buyer=buyer.address, deed_hash=DEED2,
                                            deadline=now(self.chain) + 3600)
            self._as(self.cast.notary).transfer_with_signatures(
                key, **signed_terms(msg), seller_signature=self.reg.sign_transfer(seller, msg),
                buyer_signature=self.reg.sign_transfer(buyer, msg))
        else:
            self._as(seller).open_transfer(key, buyer=buyer.address, deed_hash=DEED2,
                                           expiry=now(self.chain) + 3600)
            self._as(buyer).accept_transfer(key)
            self._as(self.cast.notary).authenticate_transfer(key)
        self.model[key] = (buyer.address, area, status)

    @precondition(lambda self: any(self.model[k][1] >= 2 for k in self._with(ParcelStatus.ACTIVE)))
    @rule(pick=st.integers(0, 10**6), cut=st.integers(1, 10**6))
    def split(self, pick, cut):
        candidates = [k for k in self._with(ParcelStatus.ACTIVE) if self.model[k][1] >= 2]
        key = candidates[pick % len(candidates)]
        owner, area, _ = self.model[key]
        left = 1 + cut % (area - 1)
        a, b = self._new_key(), self._new_key()
        self._as(self.cast.surveyor).split(key, [NewParcel(a, left), NewParcel(b, area - left)],
                                           survey_hash=SURVEY)
        self.model[key] = (owner, area, ParcelStatus.RETIRED)
        self.model[a] = (owner, left, ParcelStatus.ACTIVE)
        self.model[b] = (owner, area - left, ParcelStatus.ACTIVE)

    def _mergeable(self) -> list[tuple[str, str]]:
        active = self._with(ParcelStatus.ACTIVE)
        return [(x, y) for i, x in enumerate(active) for y in active[i + 1:]
                if self.model[x][0] == self.model[y][0]]

    @precondition(lambda self: self._mergeable())
    @rule(pick=st.integers(0, 10**6))
    def merge(self, pick):
        pairs = self._mergeable()
        x, y = pairs[pick % len(pairs)]
        owner, total = self.model[x][0], self.model[x][1] + self.model[y][1]
        child = self._new_key()
        self._as(self.cast.surveyor).merge([x, y], NewParcel(child, total), survey_hash=SURVEY)
        for key in (x, y):
            self.model[key] = (self.model[key][0], self.model[key][1], ParcelStatus.RETIRED)
        self.model[child] = (owner, total, ParcelStatus.ACTIVE)

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6))
    def freeze(self, pick):
        active = self._with(ParcelStatus.ACTIVE)
        key = active[pick % len(active)]
        self._as(self.cast.court).freeze(key, case_ref=CASE)
        owner, area, _ = self.model[key]
        self.model[key] = (owner, area, ParcelStatus.FROZEN)

    @precondition(lambda self: self._with(ParcelStatus.FROZEN))
    @rule(pick=st.integers(0, 10**6))
    def unfreeze(self, pick):
        frozen = self._with(ParcelStatus.FROZEN)
        key = frozen[pick % len(frozen)]
        self._as(self.cast.court2).unfreeze(key, case_ref=CASE)
        owner, area, _ = self.model[key]
        self.model[key] = (owner, area, ParcelStatus.ACTIVE)

    @precondition(lambda self: self._with(ParcelStatus.RETIRED))
    @rule(pick=st.integers(0, 10**6))
    def touch_retired(self, pick):
        retired = self._with(ParcelStatus.RETIRED)
        key = retired[pick % len(retired)]
        with pytest.raises(self.reg.errors.LandRegistryParcelNotActive):
            self._as(self.cast.court).freeze(key, case_ref=CASE)

    # -- invariants ------------------------------------------------------------------
    @invariant()
    def chain_matches_model(self):
        keys = list(self.model)
        if not keys:
            return
        raws = self.reg._call_many([("parcel", (k,)) for k in keys])
        live_area = 0
        for key, raw in zip(keys, raws, strict=True):
            owner, area, version, land_use, status, deed, capakey = raw
            want_owner, want_area, want_status = self.model[key]
            assert ParcelStatus(status) == want_status and capakey == key
            assert area == want_area
            if want_status != ParcelStatus.RETIRED:
                assert owner == want_owner and int(owner, 16) != 0  # one owner, the right one
                live_area += area
            elif key in self.retired_seen:
                assert raw == self.retired_seen[key]  # a retired parcel never changes again
            else:
                self.retired_seen[key] = raw
        assert live_area == self.registered_area  # splits and merges conserve area


def test_random_operation_sequences_keep_the_invariants(registry, bk_chain, cast):
    from hypothesis.stateful import run_state_machine_as_test

    CONTEXT.update(registry=registry, chain=bk_chain, cast=cast)
    run_state_machine_as_test(
        LandMachine,
        settings=settings(max_examples=15, stateful_step_count=20, deadline=None,
                          database=None),
    )
