"""A hypothesis state machine over the dwelling and lease register, with adversarial actors
(a second landlord, an outsider, a revoked landlord, a typo-year publisher) and the rules as
invariants, one line each:

- a lease is only ever opened by the landlord that keeps its dwelling;
- every active lease can be ended by the landlord that keeps it, or that landlord can be
  handed over by the admin to one that can;
- the chain's landlord of every dwelling is the model's (registrations, transfers and
  successions resolved), and so is its active lease;
- no account holds LANDLORD_ROLE together with another role;
- no rule year outside [2008, next year] is ever published.

Every action's outcome is predicted from the model first: success, or the exact typed error.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

import pytest
from eth_utils import keccak
from housingkit import completed, leefloon_only, ref
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from blokketen.housing.client import encode_parameters
from blokketen.housing.params import rule_set

CONTEXT: dict[str, object] = {}
"""The registry, chain and cast of the running test (set by the test function)."""

LANDLORDS = ("landlord", "other_landlord", "successor")
ACTORS = (*LANDLORDS, "outsider", "registrar", "rule_admin", "admin")
ROLES = ("admin", "rule_admin", "registrar")


class LeaseMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.reg = CONTEXT["registry"]
        self.chain = CONTEXT["chain"]
        self.cast = CONTEXT["cast"]
        self.snapshot = self.chain.snapshot()
        self.holds = {"landlord": True, "other_landlord": True, "successor": False}
        self.successor: dict[str, str] = {}
        self.dwelling: dict[bytes, str] = {}            # ref -> landlord registered / moved to
        self.active: dict[bytes, int] = {}              # ref -> active lease
        self.leases: dict[int, dict[str, object]] = {}  # lease -> ref, opener, year, date
        self.refs = [ref(f"machine/{i}") for i in range(6)]
        self.count = self.reg._call("leaseCount")
        self.salt = 0
        self.parameters = encode_parameters(completed(2024).parameters)

    def teardown(self) -> None:
        self.chain.revert(self.snapshot)

    # -- the model -------------------------------------------------------------------
    def _as(self, who: str):
        return self.reg.as_sender(self.cast[who])

    def _keeper(self, landlord: str) -> str:
        while landlord in self.successor:
            landlord = self.successor[landlord]
        return landlord

    def _commitment(self) -> bytes:
        self.salt += 1
        return keccak(self.salt.to_bytes(32, "big"))

    def _expect(self, error: str | None) -> AbstractContextManager[object]:
        return nullcontext() if error is None else pytest.raises(getattr(self.reg.errors, error))

    def _lease_error(self, who: str, lease_id: int) -> str | None:
        if who not in LANDLORDS or not self.holds[who]:
            return "AccessControlUnauthorizedAccount"
        lease = self.leases[lease_id]
        if not lease["active"]:
            return "SocialRentRulesLeaseEnded"
        if self._keeper(self.dwelling[lease["ref"]]) != who:
            return "SocialRentRulesNotLeaseLandlord"
        return None

    # -- registrations and leases ----------------------------------------------------
    @initialize()
    def some_dwellings_and_leases(self):
        """Each landlord starts with two dwellings, one of them leased."""
        for i, name in enumerate(("landlord", "other_landlord")):
            self.register(2 * i, name, "registrar")
            self.register(2 * i + 1, name, "registrar")
            self.open_lease(2 * i, name)

    @rule(pick=st.integers(0, 5), to=st.sampled_from(LANDLORDS),
          who=st.sampled_from(("registrar", "registrar", "outsider", "landlord")))
    def register(self, pick, to, who):
        dwelling = self.refs[pick]
        error = None
        if who != "registrar":
            error = "AccessControlUnauthorizedAccount"
        elif not self.holds[to]:
            error = "SocialRentRulesNotLandlord"
        elif dwelling in self.dwelling:
            error = "SocialRentRulesDwellingRegistered"
        with self._expect(error):
            self._as(who).register_dwellings(self.cast[to].address, [dwelling])
        if error is None:
            self.dwelling[dwelling] = to

    @rule(pick=st.integers(0, 5), who=st.sampled_from((*LANDLORDS, "outsider")))
    def open_lease(self, pick, who):
        """Also the squat: a landlord (or an outsider) opens on any dwelling."""
        dwelling = self.refs[pick]
        if who not in LANDLORDS or not self.holds[who]:
            error = "AccessControlUnauthorizedAccount"
        elif dwelling not in self.dwelling:
            error = "SocialRentRulesUnknownDwelling"
        elif self._keeper(self.dwelling[dwelling]) != who:
            error = "SocialRentRulesNotDwellingLandlord"
        elif dwelling in self.active:
            error = "SocialRentRulesDwellingLeased"
        else:
            error = None
        with self._expect(error):
            self._as(who)._transact("openLease", dwelling, self._commitment(), 2023, 1, 20230301)
        if error is None:
            self.count += 1
            self.active[dwelling] = self.count
            self.leases[self.count] = {"ref": dwelling, "opener": who, "year": 2023,
                                       "date": 20230301, "active": True}

    @precondition(lambda self: self.leases)
    @rule(pick=st.integers(0, 10**6), who=st.sampled_from((*LANDLORDS, "outsider")),
          year=st.sampled_from((2023, 2024)))
    def revise_yearly(self, pick, who, year):
        lease_id = sorted(self.leases)[pick % len(self.leases)]
        error = self._lease_error(who, lease_id)
        if error is None and year <= self.leases[lease_id]["year"]:
            error = "SocialRentRulesRevisionOutOfOrder"
        with self._expect(error):
            self._as(who)._transact("reviseYearly", lease_id, self._commitment(), year, 1)
        if error is None:
            self.leases[lease_id].update(year=year, date=year * 10_000 + 101)

    @precondition(lambda self: self.leases)
    @rule(pick=st.integers(0, 10**6), who=st.sampled_from(LANDLORDS),
          date_code=st.sampled_from((20230601, 20240101, 20240701, 20330601, 20230228)))
    def revise_mid_term(self, pick, who, date_code):
        """Also the typo year: 2033 for 2023 must not block the lease."""
        lease_id = sorted(self.leases)[pick % len(self.leases)]
        lease = self.leases[lease_id]
        error = self._lease_error(who, lease_id)
        first = int(lease["year"]) * 10_000 + 101
        if error is None and not first <= date_code <= first + 10_000:
            error = "SocialRentRulesDateOutsideRuleYear"
        elif error is None and date_code < int(lease["date"]):
            error = "SocialRentRulesDateOutOfOrder"
        with self._expect(error):
            self._as(who)._transact("reviseMidTerm", lease_id, self._commitment(), 1, date_code)
        if error is None:
            lease["date"] = date_code

    @precondition(lambda self: self.leases)
    @rule(pick=st.integers(0, 10**6), who=st.sampled_from((*LANDLORDS, "outsider", "admin")))
    def end_lease(self, pick, who):
        lease_id = sorted(self.leases)[pick % len(self.leases)]
        lease = self.leases[lease_id]
        error = self._lease_error(who, lease_id)
        with self._expect(error):
            self._as(who)._transact("endLease", lease_id, lease["date"])
        if error is None:
            lease["active"] = False
            del self.active[lease["ref"]]

    # -- the admin's paths and the wrong parties trying them -------------------------
    @precondition(lambda self: sum(self.holds.values()) > 1)
    @rule(who=st.sampled_from(LANDLORDS))
    def revoke(self, who):
        self._as("admin").revoke_role("landlord", self.cast[who].address)
        self.holds[who] = False

    @rule(who=st.sampled_from(LANDLORDS))
    def grant(self, who):
        error = "SocialRentRulesLandlordSucceeded" if who in self.successor else None
        with self._expect(error):
            self._as("admin").grant_role("landlord", self.cast[who].address)
        if error is None:
            self.holds[who] = True

    @rule(predecessor=st.sampled_from(LANDLORDS), successor=st.sampled_from(LANDLORDS),
          who=st.sampled_from(("admin", "admin", "admin", *ACTORS)))
    def succeed(self, predecessor, successor, who):
        if who != "admin":
            error = "AccessControlUnauthorizedAccount"
        elif predecessor == successor:
            error = "SocialRentRulesSameLandlord"
        elif predecessor in self.successor:
            error = "SocialRentRulesLandlordSucceeded"
        elif not self.holds[successor]:
            error = "SocialRentRulesNotLandlord"
        else:
            error = None
        with self._expect(error):
            self._as(who).succeed_landlord(self.cast[predecessor].address,
                                           self.cast[successor].address)
        if error is None:
            self.successor[predecessor] = successor
            self.holds[predecessor] = False

    @precondition(lambda self: self.dwelling)
    @rule(pick=st.integers(0, 10**6), to=st.sampled_from(LANDLORDS),
          who=st.sampled_from(("admin", "admin", "other_landlord", "registrar")))
    def transfer(self, pick, to, who):
        dwelling = sorted(self.dwelling)[pick % len(self.dwelling)]
        if who != "admin":
            error = "AccessControlUnauthorizedAccount"
        elif not self.holds[to]:
            error = "SocialRentRulesNotLandlord"
        elif self._keeper(self.dwelling[dwelling]) == to:
            error = "SocialRentRulesSameLandlord"
        else:
            error = None
        with self._expect(error):
            self._as(who).transfer_dwellings(self.cast[to].address, [dwelling])
        if error is None:
            self.dwelling[dwelling] = to

    @rule(year=st.sampled_from((20224, 2204, 2007, 0, 65535)))
    def typo_publish(self, year):
        with self._expect("SocialRentRulesYearOutOfRange"):
            self._as("rule_admin")._transact("publishRules", year, self.parameters, bytes(32))

    @rule(holder=st.sampled_from(LANDLORDS), role=st.sampled_from(ROLES[1:]))
    def conflicting_grant(self, holder, role):
        if not self.holds[holder]:
            return
        with self._expect("SocialRentRulesConflictingRoles"):
            self._as("admin").grant_role(role, self.cast[holder].address)

    # -- invariants ------------------------------------------------------------------
    @invariant()
    def leases_opened_by_the_keeper_and_endable(self):
        ids = sorted(self.leases)
        infos = self.reg._call_many([("lease", (lease_id,)) for lease_id in ids])
        for lease_id, info in zip(ids, infos, strict=True):
            lease = self.leases[lease_id]
            assert info[2] == self.cast[str(lease["opener"])].address  # opened by its keeper
            assert info[4] == lease["active"]
            if not lease["active"]:
                continue
            keeper = self._keeper(self.dwelling[lease["ref"]])
            assert info[1] == self.cast[keeper].address
            if self.holds[keeper]:
                self._as(keeper)._call("endLease", lease_id, lease["date"])  # would succeed
            else:
                heir = next(n for n in LANDLORDS if self.holds[n])
                self._as("admin")._call("succeedLandlord", self.cast[keeper].address,
                                        self.cast[heir].address)

    @invariant()
    def dwellings_match_the_model(self):
        if not self.refs:
            return
        calls = [(fn, (r,)) for r in self.refs for fn in ("dwellingLandlord", "activeLease")]
        answers = self.reg._call_many(calls)
        for i, dwelling in enumerate(self.refs):
            landlord, active = answers[2 * i], answers[2 * i + 1]
            if dwelling in self.dwelling:
                assert landlord == self.cast[self._keeper(self.dwelling[dwelling])].address
            else:
                assert int(landlord, 16) == 0
            assert active == self.active.get(dwelling, 0)

    @invariant()
    def landlords_hold_no_other_role(self):
        roles = [self.reg.role_id(role) for role in ("landlord", *ROLES)]
        calls = [("hasRole", (role, self.cast[name].address))
                 for name in LANDLORDS for role in roles]
        held = self.reg._call_many(calls)
        for i, name in enumerate(LANDLORDS):
            landlord, *others = held[i * len(roles):(i + 1) * len(roles)]
            assert landlord == self.holds[name] and not any(others)


def test_random_sequences_with_adversaries_keep_the_invariants(housing, bk_chain, cast,
                                                               bk_module_isolated):
    from hypothesis.stateful import run_state_machine_as_test

    rules = housing.as_sender(cast["rule_admin"])
    rules.publish_rules(rule_set(2023, leefloon_only()))
    rules.publish_rules(completed(2024))
    CONTEXT.update(registry=housing, chain=bk_chain, cast=cast)
    run_state_machine_as_test(
        LeaseMachine,
        settings=settings(max_examples=15, stateful_step_count=25, deadline=None,
                          database=None),
    )
