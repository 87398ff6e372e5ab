"""A hypothesis state machine: random registrations, rights, transfers (both routes), splits,
merges, freezes, revocations and time, with adversaries among the actors (an outsider, a
rogue surveyor, an owner with a friendly buyer, a second court, a notary replaying old
signed terms), and the registry's rules checked as invariants after every step:

- the chain holds what the model says (owners, areas, statuses), parcel versions only grow
  and retired parcels never change again; splits and merges conserve area;
- a completed transfer had every pre-emption right in force waived or past its notice;
- no mortgage or pre-emption right disappears through a split or merge: only a registrar ends
  a right;
- no pending transfer outlives the documented maximum (120 days from its filing);
- every completed transfer used up exactly one nonce of its seller, and nothing else did;
- no signed terms are accepted once the parcel changed or the seller's nonce moved on.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from eth_account import Account
from eth_utils import keccak
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from landkit import CASE, CASE2, DEED, DEED2, SOURCE, SURVEY, now, signed_terms

from blokketen.land import NewParcel, ParcelStatus, RightKind, TransferState

CONTEXT: dict[str, object] = {}
"""The registry, chain and accounts of the running test (set by the test function)."""

DAY = 86_400
MAX_PERIOD = 120 * DAY
NOTICE = 30 * DAY
WATCHED = (RightKind.MORTGAGE, RightKind.PRE_EMPTION)
REASON = keccak(text="beslissing")


@dataclass
class Signed:
    """Terms a seller and buyer signed, kept by a notary for later."""

    key: str
    seller: str
    terms: dict
    seller_signature: bytes
    buyer_signature: bytes


class LandMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.reg = CONTEXT["registry"]
        self.chain = CONTEXT["chain"]
        self.cast = CONTEXT["cast"]
        self.outsider = CONTEXT["outsider"]
        self.owners = [self.cast.alice, self.cast.bob, self.cast.carol, self.cast.lessee]
        self.snapshot = self.chain.snapshot()
        self.counter = 0
        self.model: dict[str, tuple[str, int, ParcelStatus]] = {}
        self.registered_area = 0
        self.retired_seen: dict[str, object] = {}
        self.versions: dict[str, int] = {}
        self.origin: dict[int, int] = {}  # right id -> the registrar-added right it copies
        self.ended: set[int] = set()  # origins a registrar ended
        self.watched: set[int] = set()  # origins of mortgages and pre-emption rights
        self.nonces = {a.address: 0 for a in self.owners}
        self.signed: list[Signed] = []
        self.completions: list[tuple[str, bool]] = []  # (what, every pre-emption cleared)

    def teardown(self) -> None:
        self.chain.revert(self.snapshot)

    # -- helpers ---------------------------------------------------------------------
    def _new_key(self) -> str:
        self.counter += 1
        return f"11001A{self.counter:04d}/00_000"

    def _with(self, status: ParcelStatus) -> list[str]:
        return [k for k, (_, _, s) in self.model.items() if s == status]

    def _pick(self, status: ParcelStatus, pick: int) -> str:
        keys = self._with(status)
        return keys[pick % len(keys)]

    def _as(self, account):
        return self.reg.as_sender(account)

    def _account(self, address: str):
        return next(a for a in self.owners if a.address == address)

    def _other(self, address: str, to: int):
        buyer = self.owners[to % 4]
        return self.owners[(to + 1) % 4] if buyer.address == address else buyer

    def _pending(self, key: str):
        pending = self.reg.pending_transfer(key)
        if pending is None or pending.state not in (TransferState.OPENED,
                                                    TransferState.ACCEPTED):
            return None
        return pending

    def _lock(self, key: str) -> str:
        """Whether a transfer locks the parcel: "free", "locked", or "unsure" when its
        expiry falls in the next minute (the next block may or may not see it lapsed)."""
        pending = self.reg.pending_transfer(key)
        if pending is None or pending.expiry <= now(self.chain):
            return "free"
        return "locked" if pending.expiry > now(self.chain) + 60 else "unsure"

    def _note_carried(self, receipt) -> None:
        for event in receipt.events:
            if event.name == "RightCarried":
                self.origin[event["rightId"]] = self.origin[event["fromRightId"]]

    def _transferred(self, key: str, seller: str, buyer: str) -> None:
        owner, area, status = self.model[key]
        assert owner == seller
        self.model[key] = (buyer, area, status)
        self.nonces[seller] += 1

    # -- registrar -------------------------------------------------------------------
    @initialize(owners=st.lists(st.integers(0, 3), min_size=3, max_size=3),
                kinds=st.lists(st.sampled_from(list(RightKind)), min_size=3, max_size=3))
    def start(self, owners, kinds):
        """Three parcels, each with a right (often a mortgage or pre-emption right)."""
        for owner, kind, pick in zip(owners, kinds, range(3), strict=True):
            self.register(owner, 1_000 * (pick + 1))
            self.add_right(pick, kind, owner + 1, 0)

    @rule(owner=st.integers(0, 3), area=st.integers(2, 10_000))
    def register(self, owner, area):
        key = self._new_key()
        who = self.owners[owner].address
        self._as(self.cast.registrar).register_parcel(key, owner=who, area_m2=area,
                                                      deed_hash=DEED)
        self.model[key] = (who, area, ParcelStatus.ACTIVE)
        self.registered_area += area

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6), kind=st.sampled_from(list(RightKind)),
          holder=st.integers(0, 3), starts_in_days=st.sampled_from([0, 0, 5, 40]))
    def add_right(self, pick, kind, holder, starts_in_days):
        key = self._pick(ParcelStatus.ACTIVE, pick)
        owner = self.model[key][0]
        who = self._other(owner, holder)
        start = now(self.chain) + starts_in_days * DAY if starts_in_days else 0
        filed = self._as(self.cast.registrar).add_right(
            key, kind=kind, holder=who.address, source_hash=SOURCE, valid_from=start)
        self.origin[filed.id] = filed.id
        if kind in WATCHED:
            self.watched.add(filed.id)

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6), which=st.integers(0, 10**6))
    def end_right(self, pick, which):
        key = self._pick(ParcelStatus.ACTIVE, pick)
        rights = self.reg.rights(key)
        if not rights:
            return
        right = rights[which % len(rights)]
        self._as(self.cast.registrar).end_right(key, right.id, source_hash=DEED)
        self.ended.add(self.origin[right.id])

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE) + self._with(ParcelStatus.FROZEN))
    @rule(pick=st.integers(0, 10**6), court=st.booleans())
    def revoke(self, pick, court):
        keys = self._with(ParcelStatus.ACTIVE) + self._with(ParcelStatus.FROZEN)
        key = keys[pick % len(keys)]
        if self.reg.pending_transfer(key) is None:
            return
        authority = self.cast.court if court else self.cast.registrar
        receipt = self._as(authority).revoke_transfer(key, reason_hash=REASON)
        assert [e.name for e in receipt.events] == ["TransferRevoked"]
        assert self.reg.pending_transfer(key) is None

    # -- transfers -------------------------------------------------------------------
    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6), to=st.integers(0, 3),
          days=st.sampled_from([1, 45, 119, 121, 3650]))
    def open_transfer(self, pick, to, days):
        """The owner files a transfer; with a friendly buyer it may try a long expiry."""
        key = self._pick(ParcelStatus.ACTIVE, pick)
        owner = self.model[key][0]
        buyer = self._other(owner, to)
        lock = self._lock(key)
        if lock == "locked":
            with pytest.raises(self.reg.errors.LandRegistryTransferPending):
                self._as(self._account(owner)).open_transfer(
                    key, buyer=buyer.address, deed_hash=DEED2, expiry=now(self.chain) + DAY)
        if lock != "free":
            return
        expiry = now(self.chain) + days * DAY
        if days * DAY > MAX_PERIOD:
            with pytest.raises(self.reg.errors.LandRegistryExpiryTooLate):
                self._as(self._account(owner)).open_transfer(key, buyer=buyer.address,
                                                             deed_hash=DEED2, expiry=expiry)
            return
        self._as(self._account(owner)).open_transfer(key, buyer=buyer.address,
                                                     deed_hash=DEED2, expiry=expiry)

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6), to=st.integers(0, 3), waive=st.booleans(),
          wait=st.sampled_from([0, 0, 31]))
    def sale(self, pick, to, waive, wait):
        """A whole three-step sale: filed, accepted, perhaps waived, perhaps after the
        notice, then put to the notary."""
        key = self._pick(ParcelStatus.ACTIVE, pick)
        if self._lock(key) != "free":
            return
        self.open_transfer(pick, to, 45)
        self.accept(pick)
        if waive:
            for which in range(len(self.reg.preemption_checks(key))):
                self.waive(pick, which)
        if wait:
            self.time_passes(wait)
        self.authenticate(pick)

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6))
    def accept(self, pick):
        key = self._pick(ParcelStatus.ACTIVE, pick)
        pending = self._pending(key)
        if pending is None or pending.expiry <= now(self.chain) + 60:
            return
        if pending.accepted_version == self.reg.parcel(key).version:
            with pytest.raises(self.reg.errors.LandRegistryTransferWrongState):
                self._as(self._account(pending.buyer)).accept_transfer(key)
            return
        self._as(self._account(pending.buyer)).accept_transfer(key)

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6), which=st.integers(0, 10**6))
    def waive(self, pick, which):
        key = self._pick(ParcelStatus.ACTIVE, pick)
        pending = self._pending(key)
        if pending is None or pending.expiry <= now(self.chain) + 60:
            return
        open_checks = [c for c in self.reg.preemption_checks(key) if not c.waived]
        if open_checks:
            check = open_checks[which % len(open_checks)]
            self._as(self._account(check.holder)).waive_preemption(key, check.right_id)

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6))
    def authenticate(self, pick):
        key = self._pick(ParcelStatus.ACTIVE, pick)
        pending = self._pending(key)
        if pending is None or pending.state != TransferState.ACCEPTED:
            return
        rights = [r for r in self.reg.rights(key) if r.kind == RightKind.PRE_EMPTION]
        waived = {r.id: self.reg.is_waived(pending.id, r.id) for r in rights}
        version = self.reg.parcel(key).version
        try:
            receipt = self._as(self.cast.notary).authenticate_transfer(key)
        except self.reg.errors.LandRegistryStaleVersion as err:
            assert (err.agreed, err.current) == (pending.accepted_version, version)
            return
        except self.reg.errors.LandRegistryTransferExpired:
            assert pending.expiry <= now(self.chain) + 60
            return
        except self.reg.errors.LandRegistryPreemptionNotCleared as err:
            (right,) = [r for r in rights if r.id == err.rightId]
            assert not waived[right.id]
            assert err.noticeEnds == max(pending.opened_at, right.recorded_at,
                                         right.valid_from) + NOTICE
            return
        at = self.chain.timestamp(receipt.block_number)
        cleared = all(waived[r.id] or not r.in_force(at)
                      or at >= max(pending.opened_at, r.recorded_at, r.valid_from) + NOTICE
                      for r in rights)
        self.completions.append((f"transfer {pending.id} of {key}", cleared))
        assert pending.accepted_version == version
        self._transferred(key, pending.seller, pending.buyer)

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6), to=st.integers(0, 3), keep=st.booleans())
    def sign(self, pick, to, keep):
        """Seller and buyer sign terms; the notary submits them now or keeps them."""
        key = self._pick(ParcelStatus.ACTIVE, pick)
        owner = self.model[key][0]
        buyer = self._other(owner, to)
        message = self.reg.transfer_message(key, buyer=buyer.address, deed_hash=DEED2,
                                            deadline=now(self.chain) + 400 * DAY)
        signed = Signed(key, owner, signed_terms(message),
                        self.reg.sign_transfer(self._account(owner), message),
                        self.reg.sign_transfer(buyer, message))
        if keep:
            self.signed.append(signed)
        else:
            self._submit(signed)

    @precondition(lambda self: self.signed)
    @rule(who=st.integers(0, 3))
    def withdraw(self, who):
        """An owner (a seller or a buyer of kept terms) withdraws: it uses up its nonce, and
        no terms it signed with it complete afterwards (checked when they are replayed)."""
        account = self.owners[who]
        self._as(account).use_nonce()
        self.nonces[account.address] += 1

    @precondition(lambda self: self.signed)
    @rule(which=st.integers(0, 10**6))
    def replay(self, which):
        """The notary submits terms it kept: accepted only while nothing has changed."""
        self._submit(self.signed.pop(which % len(self.signed)))

    def _submit(self, signed: Signed) -> None:
        key = signed.key
        owner, _, status = self.model[key]
        fresh = (status == ParcelStatus.ACTIVE and owner == signed.seller
                 and signed.terms["parcel_version"] == self.reg.parcel(key).version
                 and signed.terms["nonce"] == self.nonces[signed.seller]
                 and signed.terms["buyer_nonce"] == self.nonces[signed.terms["buyer"]])
        locked = self._lock(key) != "free"
        expired = signed.terms["deadline"] <= now(self.chain) + 60
        preempted = any(r.kind == RightKind.PRE_EMPTION and r.in_force(now(self.chain) + 60)
                        for r in self.reg.rights(key)) if status == ParcelStatus.ACTIVE else True
        try:
            self._as(self.cast.notary).transfer_with_signatures(
                key, **signed.terms, seller_signature=signed.seller_signature,
                buyer_signature=signed.buyer_signature)
        except (self.reg.errors.LandRegistryStaleVersion, self.reg.errors.LandRegistryStaleNonce,
                self.reg.errors.LandRegistryParcelNotActive,
                self.reg.errors.LandRegistrySelfTransfer,
                self.reg.errors.LandRegistryTransferPending,
                self.reg.errors.LandRegistryPreemptionActive,
                self.reg.errors.LandRegistrySignatureExpired):
            assert not fresh or locked or preempted or expired
            return
        assert fresh, f"stale terms for {key} were accepted"
        self.completions.append((f"signed transfer of {key}", True))
        self._transferred(key, signed.seller, signed.terms["buyer"])

    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6), to=st.integers(0, 3), signed=st.booleans(),
          change=st.integers(0, 2))
    def change_after_agreement(self, pick, to, signed, change):
        """Both parties sign, or the buyer accepts; then the parcel changes (a right, a
        freeze and unfreeze, a transfer filed and cancelled) before the notary acts on it."""
        key = self._pick(ParcelStatus.ACTIVE, pick)
        if self._lock(key) != "free":
            return
        owner = self.model[key][0]
        buyer = self._other(owner, to)
        if signed:
            message = self.reg.transfer_message(key, buyer=buyer.address, deed_hash=DEED2,
                                                deadline=now(self.chain) + DAY)
            kept = Signed(key, owner, signed_terms(message),
                          self.reg.sign_transfer(self._account(owner), message),
                          self.reg.sign_transfer(buyer, message))
        else:
            self.open_transfer(pick, to, 45)
            self.accept(pick)
        if change == 0:
            filed = self._as(self.cast.registrar).add_right(
                key, kind=RightKind.EASEMENT, holder=buyer.address, source_hash=SOURCE)
            self.origin[filed.id] = filed.id
        elif change == 1:
            self._as(self.cast.court).freeze(key, case_ref=CASE)
            self._as(self.cast.court2).unfreeze(key, case_ref=CASE)
        elif signed:
            self._as(self._account(owner)).open_transfer(key, buyer=buyer.address,
                                                         deed_hash=DEED2,
                                                         expiry=now(self.chain) + DAY)
            self._as(buyer).cancel_transfer(key)
        else:
            self.time_passes(1)  # no change: the acceptance still holds
        if signed:
            self._submit(kept)
        else:
            self.authenticate(pick)

    # -- surveyor (sometimes rogue) --------------------------------------------------------
    @precondition(lambda self: any(self.model[k][1] >= 2 for k in self._with(ParcelStatus.ACTIVE)))
    @rule(pick=st.integers(0, 10**6), cut=st.integers(1, 10**6), masks=st.integers(0, 10**6))
    def split(self, pick, cut, masks):
        candidates = [k for k in self._with(ParcelStatus.ACTIVE) if self.model[k][1] >= 2]
        key = candidates[pick % len(candidates)]
        owner, area, _ = self.model[key]
        left = 1 + cut % (area - 1)
        a, b = self._new_key(), self._new_key()
        children = [NewParcel(a, left), NewParcel(b, area - left)]
        surveyor = self._as(self.cast.surveyor)
        lock = self._lock(key)
        if lock == "locked":
            with pytest.raises(self.reg.errors.LandRegistryTransferPending):
                surveyor.split(key, children, survey_hash=SURVEY)
        if lock != "free":
            return
        rights = self.reg.rights(key)
        if rights and masks % 3 == 0:  # the rogue surveyor tries to leave a right behind
            with pytest.raises(self.reg.errors.LandRegistryBadChildMask):
                surveyor._transact("split", key, [(a, left, 0), (b, area - left, 0)],
                                   [(rights[0].id, 0)], SURVEY)
        carries = {r.id: [(masks >> (2 * i)) % 2] for i, r in enumerate(rights)
                   if (masks >> (2 * i + 1)) % 2}
        receipt = surveyor.split(key, children, survey_hash=SURVEY, carries=carries)
        self._note_carried(receipt)
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
        locks = {self._lock(x), self._lock(y)}
        surveyor = self._as(self.cast.surveyor)
        if locks == {"locked"} or locks == {"locked", "free"}:
            with pytest.raises(self.reg.errors.LandRegistryTransferPending):
                surveyor.merge([x, y], NewParcel(child, total), survey_hash=SURVEY)
        if locks != {"free"}:
            return
        receipt = surveyor.merge([x, y], NewParcel(child, total), survey_hash=SURVEY)
        self._note_carried(receipt)
        for key in (x, y):
            self.model[key] = (self.model[key][0], self.model[key][1], ParcelStatus.RETIRED)
        self.model[child] = (owner, total, ParcelStatus.ACTIVE)

    # -- courts (a second court too) ---------------------------------------------------
    @precondition(lambda self: self._with(ParcelStatus.ACTIVE))
    @rule(pick=st.integers(0, 10**6))
    def freeze(self, pick):
        key = self._pick(ParcelStatus.ACTIVE, pick)
        self._as(self.cast.court).freeze(key, case_ref=CASE)
        owner, area, _ = self.model[key]
        self.model[key] = (owner, area, ParcelStatus.FROZEN)

    @precondition(lambda self: self._with(ParcelStatus.FROZEN))
    @rule(pick=st.integers(0, 10**6))
    def unfreeze(self, pick):
        key = self._pick(ParcelStatus.FROZEN, pick)
        with pytest.raises(self.reg.errors.LandRegistryCaseMismatch):
            self._as(self.cast.court2).unfreeze(key, case_ref=CASE2)  # another case
        with pytest.raises(self.reg.errors.LandRegistrySameCourt):
            self._as(self.cast.court).unfreeze(key, case_ref=CASE)
        self._as(self.cast.court2).unfreeze(key, case_ref=CASE)
        owner, area, _ = self.model[key]
        self.model[key] = (owner, area, ParcelStatus.ACTIVE)

    # -- an outsider, and time -----------------------------------------------------------
    @precondition(lambda self: self.model)
    @rule(pick=st.integers(0, 10**6), attempt=st.integers(0, 4))
    def outsider_tries(self, pick, attempt):
        key = list(self.model)[pick % len(self.model)]
        me = self._as(self.outsider)
        errors = self.reg.errors
        if attempt == 0:
            with pytest.raises(errors.LandRegistryNotRegistrarOrCourt):
                me.revoke_transfer(key, reason_hash=REASON)
        elif attempt == 1:
            with pytest.raises(errors.AccessControlUnauthorizedAccount):
                me.split(key, [NewParcel(self._new_key(), 1), NewParcel(self._new_key(), 1)],
                         survey_hash=SURVEY)
        elif attempt == 2:
            with pytest.raises(errors.AccessControlUnauthorizedAccount):
                me.authenticate_transfer(key)
        elif attempt == 3:
            with pytest.raises(errors.AccessControlUnauthorizedAccount):
                me.add_right(key, kind=RightKind.MORTGAGE, holder=self.outsider.address,
                             source_hash=SOURCE)
        else:
            with pytest.raises(errors.AccessControlUnauthorizedAccount):
                me.grant_role("notary", self.outsider.address)

    @rule(days=st.sampled_from([1, 10, 31]))
    def time_passes(self, days):
        self.chain.increase_time(days * DAY)

    @precondition(lambda self: self._with(ParcelStatus.RETIRED))
    @rule(pick=st.integers(0, 10**6))
    def touch_retired(self, pick):
        key = self._pick(ParcelStatus.RETIRED, pick)
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
            assert version >= self.versions.get(key, 1)  # versions only grow
            self.versions[key] = version
            if want_status != ParcelStatus.RETIRED:
                assert owner == want_owner and int(owner, 16) != 0  # one owner, the right one
                live_area += area
            elif key in self.retired_seen:
                assert raw == self.retired_seen[key]  # a retired parcel never changes again
            else:
                self.retired_seen[key] = raw
        assert live_area == self.registered_area  # splits and merges conserve area

    @invariant()
    def completed_transfers_cleared_every_preemption(self):
        assert all(cleared for _, cleared in self.completions), self.completions

    @invariant()
    def no_mortgage_or_preemption_disappears(self):
        """Every mortgage and pre-emption right a registrar did not end lives on, on a live
        parcel (its own, or the children a split or merge carried it to)."""
        live = [k for k, (_, _, s) in self.model.items() if s != ParcelStatus.RETIRED]
        if not live:
            return
        alive = {self.origin[r[0]] for rows in self.reg._call_many(
            [("rights", (k,)) for k in live]) for r in rows}
        assert self.watched - self.ended <= alive

    @invariant()
    def no_pending_transfer_outlives_the_maximum(self):
        live = [k for k, (_, _, s) in self.model.items() if s != ParcelStatus.RETIRED]
        for transfer_id, raw in self.reg._call_many([("pendingTransfer", (k,)) for k in live]):
            if transfer_id:
                _, _, _, expiry, _, _, opened_at, _ = raw
                assert 0 < expiry - opened_at <= MAX_PERIOD

    @invariant()
    def nonces_move_only_with_completed_transfers_and_withdrawals(self):
        for address, count in self.nonces.items():
            assert self.reg.nonce(address) == count


def test_random_operation_sequences_keep_the_invariants(registry, bk_chain, cast):
    from hypothesis.stateful import run_state_machine_as_test

    outsider = Account.create()
    bk_chain.set_balance(outsider.address, 10**20)
    CONTEXT.update(registry=registry, chain=bk_chain, cast=cast, outsider=outsider)
    run_state_machine_as_test(
        LandMachine,
        settings=settings(max_examples=20, stateful_step_count=40, deadline=None,
                          database=None),
    )
