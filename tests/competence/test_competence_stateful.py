"""A hypothesis state machine over the CompetenceRegistry: proposing (by an accredited school
and by one that is not), validating and rejecting (by VDAB and by everyone else), suspending,
reinstating and revoking credentials and batches by the right party and the wrong one, a
validator's mandate ended from the past, forged credentials, time passing. Every refusal must
be the exact typed error the model predicts; after every step the registry answers what the
model says, and the rules hold:

- valid => the batch was validated, by a validator that was not its assessor and held its
  role when it validated, the assessor was accredited for the batch's levels when it proposed,
  and no revocation or suspension stands;
- a credential the chain never anchored is never valid;
- a suspension is lifted only by whoever suspended it (or the admin); a revocation is final.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from blokketen._exceptions import CustomErrorRevert
from blokketen.competence.client import VALIDATION_SCOPE
from blokketen.competence.credentials import prepare_batch
from blokketen.competence.receipts import batch_receipts
from blokketen.competence.samples import sample_learners
from blokketen.competence.types import Framework, Reason

CONTEXT: dict[str, object] = {}
"""The registry, chain and actors of the running test (set by the test function)."""

UNKNOWN, PENDING, ACTIVE, SUSPENDED, REVOKED, ANNULLED = 0, 1, 2, 3, 4, 8
VALIDATOR_NOT_HELD = 260
MARKERS = ("school", "school2", "vdab", "vdab2", "board", "stranger")
DECIDERS = ("vdab", "vdab2", "school", "board", "stranger")
REASONS = st.sampled_from([Reason.FRAUD, Reason.ASSESSMENT_INVALID, Reason.COURT_ORDER,
                           Reason.UNDER_INVESTIGATION])


@dataclass
class Mark:
    state: int = 0  # 0 none, SUSPENDED, REVOKED
    reason: int = 0
    by: str = ""


@dataclass
class Anchored:
    """A batch of the machine and what the model knows of it."""

    root: bytes
    assessor: str
    receipts: list
    forged: bool = False
    state: str = "proposed"  # proposed | validated | rejected
    reason: int = 0
    validator: str = ""
    decided_at: int = 0
    mark: Mark = field(default_factory=Mark)
    credentials: dict[bytes, Mark] = field(default_factory=dict)


class CompetenceMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.reg = CONTEXT["registry"]
        self.chain = CONTEXT["chain"]
        self.cast = CONTEXT["actors"]
        self.snapshot = self.chain.snapshot()
        self.seed = 5000
        self.batches: list[Anchored] = []
        self.vdab2_ended: int | None = None

    def teardown(self) -> None:
        self.chain.revert(self.snapshot)

    # -- helpers ---------------------------------------------------------------------
    def _as(self, actor: str):
        return self.reg.as_sender(getattr(self.cast, actor))

    def _refused(self, error: str, action) -> None:
        with pytest.raises(CustomErrorRevert) as caught:
            action()
        assert caught.value.error_name == error, (error, caught.value)

    def _validator_now(self, actor: str) -> bool:
        return actor == "vdab" or (actor == "vdab2" and self.vdab2_ended is None)

    def _authorised(self, actor: str, batch: Anchored) -> bool:
        return actor == batch.assessor or actor == "board" or self._validator_now(actor)

    def _real(self) -> list[Anchored]:
        return [b for b in self.batches if not b.forged]

    def _pick(self, pick: int) -> Anchored:
        real = self._real()
        return real[pick % len(real)]

    def expected(self, batch: Anchored, credential: bytes) -> tuple[int, int]:
        if batch.forged:
            return (UNKNOWN, 0)
        if batch.state == "proposed":
            return (PENDING, 0)
        if batch.state == "rejected":
            return (ANNULLED, batch.reason)
        mark = batch.credentials.get(credential, Mark())
        for found in (batch.mark, mark):
            if found.state == REVOKED:
                return (REVOKED, found.reason)
        if (batch.validator == "vdab2" and self.vdab2_ended is not None
                and batch.decided_at >= self.vdab2_ended):
            return (REVOKED, VALIDATOR_NOT_HELD)
        for found in (batch.mark, mark):
            if found.state == SUSPENDED:
                return (SUSPENDED, found.reason)
        return (ACTIVE, 0)

    # -- rules -----------------------------------------------------------------------
    @rule(school=st.sampled_from(["school", "school2"]))
    def propose(self, school):
        self.seed += 1
        entries = sample_learners(2, claims=2, seed=self.seed)
        if school == "school2":  # accredited for ESCO only: a Competent batch is refused
            self._refused("CompetenceRegistryNotAccredited",
                          lambda: self._as(school).propose_batch(entries))
            entries = sample_learners(2, claims=2, seed=self.seed, framework=Framework.ESCO,
                                      levels=(3, 5))
        receipts = self._as(school).propose_batch(entries)
        self.batches.append(Anchored(receipts[0].batch_root, school, receipts))

    @rule()
    def forge(self):
        self.seed += 1
        prepared = prepare_batch(sample_learners(1, claims=2, seed=self.seed))
        receipts = batch_receipts(prepared, registry=self.reg.address, chain_id=self.chain.chain_id)
        self.batches.append(Anchored(prepared.root, "school", receipts, forged=True))

    @precondition(lambda self: self._real())
    @rule(pick=st.integers(0, 99), actor=st.sampled_from(DECIDERS), reject=st.booleans(),
          reason=REASONS)
    def decide(self, pick, actor, reject, reason):
        batch = self._pick(pick)
        client = self._as(actor)

        def act():
            return client.reject(batch.root, reason) if reject else client.validate(batch.root)

        if not self._validator_now(actor):
            self._refused("RoleWindowsNotHeld", act)
        elif batch.state != "proposed":
            self._refused("CompetenceRegistryBatchNotProposed", act)
        else:
            act()
            stored = self.reg.batch(batch.root)
            batch.state = "rejected" if reject else "validated"
            batch.reason = int(reason) if reject else 0
            batch.validator = actor
            batch.decided_at = stored.decided_at
            assert stored.validator == getattr(self.cast, actor).address != stored.assessor

    @precondition(lambda self: self._real())
    @rule(pick=st.integers(0, 99), which=st.integers(0, 1), actor=st.sampled_from(MARKERS),
          revoke=st.booleans(), whole=st.booleans(), reason=REASONS)
    def mark(self, pick, which, actor, revoke, whole, reason):
        batch = self._pick(pick)
        receipt = batch.receipts[which % len(batch.receipts)]
        client = self._as(actor)
        current = batch.mark if whole else batch.credentials.get(receipt.credential_root,
                                                                 Mark())

        def act():
            if whole:
                return (client.revoke_batch(batch.root, reason) if revoke
                        else client.suspend_batch(batch.root, reason))
            return client.revoke(receipt, reason) if revoke else client.suspend(receipt, reason)

        if batch.state != "validated":
            self._refused("CompetenceRegistryBatchNotValidated", act)
        elif not self._authorised(actor, batch):
            self._refused("CompetenceRegistryUnauthorized", act)
        elif current.state == REVOKED:
            self._refused("CompetenceRegistryAlreadyRevoked", act)
        elif current.state == SUSPENDED and not revoke:
            self._refused("CompetenceRegistryAlreadySuspended", act)
        else:
            act()
            new = Mark(REVOKED if revoke else SUSPENDED, int(reason), actor)
            if whole:
                batch.mark = new
            else:
                batch.credentials[receipt.credential_root] = new

    @precondition(lambda self: self._real())
    @rule(pick=st.integers(0, 99), which=st.integers(0, 1),
          actor=st.sampled_from((*MARKERS, "admin")), whole=st.booleans())
    def reinstate(self, pick, which, actor, whole):
        batch = self._pick(pick)
        receipt = batch.receipts[which % len(batch.receipts)]
        client = self._as(actor)
        current = batch.mark if whole else batch.credentials.get(receipt.credential_root,
                                                                 Mark())

        def act():
            return client.reinstate_batch(batch.root) if whole else client.reinstate(receipt)

        if current.state != SUSPENDED:
            self._refused("CompetenceRegistryNotSuspended", act)
        elif actor not in (current.by, "admin"):
            self._refused("CompetenceRegistryNotSuspender", act)
        else:
            act()
            if whole:
                batch.mark = Mark()
            else:
                batch.credentials[receipt.credential_root] = Mark()

    @precondition(lambda self: self.vdab2_ended is None)
    @rule(back=st.integers(0, 30))
    def end_vdab2_mandate_from_the_past(self, back):
        self.chain.increase_time(1)
        self.chain.mine()
        effective = self.chain.timestamp() - back
        self.reg._transact("endWindowAt", VALIDATION_SCOPE, self.reg.role_id("validator"),
                           self.cast.vdab2.address, 0, effective)
        self.vdab2_ended = effective

    @rule(seconds=st.integers(1, 20))
    def pass_time(self, seconds):
        self.chain.increase_time(seconds)
        self.chain.mine()

    # -- invariants --------------------------------------------------------------------
    @invariant()
    def the_registry_answers_what_the_model_says(self):
        held = [(b, r) for b in self.batches for r in b.receipts]
        if not held:
            return
        calls = [("status", (r.batch_root, r.credential_root, list(r.batch_proof)))
                 for _, r in held]
        answers = [tuple(int(x) for x in a) for a in self.reg._call_many(calls)]
        for (batch, receipt), answer in zip(held, answers, strict=True):
            assert answer == self.expected(batch, receipt.credential_root), batch.root.hex()
            if batch.forged:
                assert answer[0] != ACTIVE
            if answer[0] == ACTIVE:
                stored = self.reg.batch(batch.root)
                assert stored.validator is not None and stored.validator != stored.assessor
                assert self.reg.validator_at(stored.validator, stored.decided_at)
                framework = Framework.of_id(stored.framework)
                assert framework is not None
                assert all(self.reg.accredited_at(stored.assessor, framework=framework,
                                                  level=level, timestamp=stored.proposed_at)
                           for level in range(stored.min_level, stored.max_level + 1))
                assert batch.mark.state == 0
                assert batch.credentials.get(receipt.credential_root, Mark()).state == 0


@pytest.mark.slow
def test_random_operation_sequences_keep_the_rules(registry, bk_chain, actors):
    from hypothesis.stateful import run_state_machine_as_test

    CONTEXT.update(registry=registry, chain=bk_chain, actors=actors)
    run_state_machine_as_test(
        CompetenceMachine,
        settings=settings(max_examples=20, stateful_step_count=25, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
