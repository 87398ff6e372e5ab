"""A hypothesis state machine: issuing, re-anchoring, forging, revoking, suspending,
reinstating, issuer suspensions and retroactive withdrawals, by the right party and by the
wrong one (another institution, a stranger, the rogue school, an accreditor of another
country, the proposer confirming itself). Every refusal must be the exact typed error the
model predicts, and the registry's rules hold after every step."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from diplomakit import LEUVEN, ROGUE, UTRECHT, anchor_raw
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from blokketen._exceptions import CustomErrorRevert
from blokketen.diploma import DiplomaReceipt, RevocationReason
from blokketen.diploma.demo import sample_documents

CONTEXT: dict[str, object] = {}
"""The registry, chain and actors of the running test (set by the test function)."""

ACTIVE, SUSPENDED, REVOKED, UNKNOWN = 2, 3, 4, 0
LEVEL_MISMATCH, NOT_ACCREDITED = 257, 260
ISSUER, COURT = 1, 2
REASONS = st.sampled_from([RevocationReason.FRAUD, RevocationReason.COURT_ORDER,
                           RevocationReason.ISSUED_IN_ERROR, RevocationReason.ACADEMIC_MISCONDUCT])


@dataclass
class School:
    """An institution of the machine and what the model knows of it."""

    name: str
    country: str
    level: int
    account: object
    accreditors: tuple[str, ...]  # actor names of its country's accreditors
    state: str = "active"
    pending: tuple[str, int] | None = None  # (proposer, effective_at)
    voids: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Anchored:
    """A receipt the machine holds, and whether it is a forgery (a lying claim)."""

    receipt: DiplomaReceipt
    school: School
    issued_at: int
    forged: bool = False


class DiplomaMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.reg = CONTEXT["registry"]
        self.chain = CONTEXT["chain"]
        self.cast = CONTEXT["actors"]
        self.snapshot = self.chain.snapshot()
        self.seed = 1000
        self.schools = [
            School(LEUVEN, "BE", 7, self.cast.leuven, ("accreditor_be", "accreditor_be2")),
            School(UTRECHT, "NL", 7, self.cast.utrecht, ("accreditor_nl",)),
            School(ROGUE, "NL", 4, self.cast.rogue, ("accreditor_nl",)),
        ]
        self.held: list[Anchored] = []
        self.batch_revoked: dict[bytes, int] = {}
        self.records: dict[bytes, tuple[int, int, str]] = {}  # id -> (state, reason, by)

    def teardown(self) -> None:
        self.chain.revert(self.snapshot)

    # -- helpers ---------------------------------------------------------------------
    def _as(self, actor: str):
        return self.reg.as_sender(getattr(self.cast, actor))

    def _actor_of(self, school: School) -> str:
        return {LEUVEN: "leuven", UTRECHT: "utrecht", ROGUE: "rogue"}[school.name]

    def _refused(self, error: str, action) -> None:
        with pytest.raises(CustomErrorRevert) as caught:
            action()
        assert caught.value.error_name == error, (error, caught.value)

    def _docs(self, school: School, count: int):
        self.seed += 1
        return sample_documents(count, institution=school.name, country=school.country,
                                level=school.level, seed=self.seed)

    def _honest(self) -> list[Anchored]:
        return [a for a in self.held if not a.forged]

    def _pick(self, pick: int, honest: bool = False) -> Anchored:
        pool = self._honest() if honest else self.held
        return pool[pick % len(pool)]

    def _authority(self, actor: str, anchored: Anchored) -> int | None:
        if actor == "revoker":
            return COURT
        return ISSUER if actor == self._actor_of(anchored.school) else None

    def _keep(self, receipts: list[DiplomaReceipt], school: School, *, forged: bool = False
              ) -> None:
        issued_at = self.reg.batch(receipts[0].root).issued_at
        self.held.extend(Anchored(r, school, issued_at, forged) for r in receipts)

    def expected(self, anchored: Anchored) -> tuple[int, int]:
        """What the registry must answer for a receipt, from the model alone."""
        receipt = anchored.receipt
        if anchored.forged:
            return UNKNOWN, LEVEL_MISMATCH
        if receipt.root in self.batch_revoked:
            return REVOKED, self.batch_revoked[receipt.root]
        state, reason, _ = self.records.get(receipt.diploma_id, (ACTIVE, 0, ""))
        if state == REVOKED:
            return REVOKED, reason
        if any(start <= anchored.issued_at < until for start, until in anchored.school.voids):
            return REVOKED, NOT_ACCREDITED
        if state == SUSPENDED:
            return SUSPENDED, reason
        return ACTIVE, 0

    # -- issuance ----------------------------------------------------------------------
    @rule(school=st.integers(0, 2), count=st.integers(1, 3))
    def issue(self, school, count):
        chosen = self.schools[school]
        client = self._as(self._actor_of(chosen))
        docs = self._docs(chosen, count)
        if chosen.state != "active":
            self._refused("DiplomaRegistryIssuerNotAccredited", lambda: client.issue_batch(docs))
            return
        self._keep(client.issue_batch(docs), chosen)

    @precondition(lambda self: self._honest())
    @rule(pick=st.integers(0, 10**6))
    def reanchor(self, pick):
        """The issuer anchors a diploma it issued before again, with a fresh salt."""
        old = self._pick(pick, honest=True)
        client = self._as(self._actor_of(old.school))
        if old.school.state != "active":
            self._refused("DiplomaRegistryIssuerNotAccredited",
                          lambda: client.issue_batch([old.receipt.document]))
            return
        (again,) = client.issue_batch([old.receipt.document])
        assert again.diploma_id == old.receipt.diploma_id
        self._keep([again], old.school)

    @rule()
    def forge(self):
        """The rogue school anchors a "KU Leuven, BE, EQF 7" document in its EQF-4 batch."""
        rogue = self.schools[2]
        self.seed += 1
        docs = sample_documents(1, institution=LEUVEN, country="BE", level=7, seed=self.seed)
        client = self._as("rogue")
        if rogue.state != "active":
            self._refused("DiplomaRegistryIssuerNotAccredited",
                          lambda: anchor_raw(client, docs, level=4))
            return
        self._keep(anchor_raw(client, docs, level=4), rogue, forged=True)

    # -- diplomas ----------------------------------------------------------------------
    @precondition(lambda self: self.held)
    @rule(pick=st.integers(0, 10**6), actor=st.sampled_from(
        ["leuven", "utrecht", "rogue", "revoker", "stranger"]), reason=REASONS)
    def revoke(self, pick, actor, reason):
        anchored = self._pick(pick)
        client = self._as(actor)
        ident = anchored.receipt.diploma_id
        if anchored.forged:
            self._refused("DiplomaRegistryClaimMismatch",
                          lambda: client.revoke(anchored.receipt, reason))
        elif self._authority(actor, anchored) is None:
            self._refused("DiplomaRegistryUnauthorizedRevoker",
                          lambda: client.revoke(anchored.receipt, reason))
        elif self.records.get(ident, (ACTIVE,))[0] == REVOKED:
            self._refused("DiplomaRegistryAlreadyRevoked",
                          lambda: client.revoke(anchored.receipt, reason))
        else:
            client.revoke(anchored.receipt, reason)
            self.records[ident] = (REVOKED, int(reason), actor)

    @precondition(lambda self: self.held)
    @rule(pick=st.integers(0, 10**6), actor=st.sampled_from(
        ["leuven", "utrecht", "revoker", "stranger"]), reason=REASONS)
    def suspend(self, pick, actor, reason):
        anchored = self._pick(pick)
        client = self._as(actor)
        ident = anchored.receipt.diploma_id
        state, _, by = self.records.get(ident, (ACTIVE, 0, ""))
        authority = self._authority(actor, anchored)
        if anchored.forged:
            error = "DiplomaRegistryClaimMismatch"
        elif authority is None:
            error = "DiplomaRegistryUnauthorizedRevoker"
        elif state == REVOKED:
            error = "DiplomaRegistryAlreadyRevoked"
        elif state == SUSPENDED and (COURT if by == "revoker" else ISSUER) >= authority:
            error = "DiplomaRegistryAlreadySuspended"
        else:
            client.suspend(anchored.receipt, reason)
            self.records[ident] = (SUSPENDED, int(reason), actor)
            return
        self._refused(error, lambda: client.suspend(anchored.receipt, reason))

    @precondition(lambda self: self._honest())
    @rule(pick=st.integers(0, 10**6), actor=st.sampled_from(
        ["leuven", "utrecht", "revoker", "admin", "stranger"]))
    def reinstate(self, pick, actor):
        anchored = self._pick(pick, honest=True)
        client = self._as(actor)
        ident = anchored.receipt.diploma_id
        state, _, by = self.records.get(ident, (ACTIVE, 0, ""))
        if state != SUSPENDED:
            self._refused("DiplomaRegistryNotSuspended", lambda: client.reinstate(ident))
        elif actor not in (by, "admin"):
            self._refused("DiplomaRegistryUnauthorizedReinstatement",
                          lambda: client.reinstate(ident))
        else:
            client.reinstate(ident)
            self.records[ident] = (ACTIVE, 0, actor)

    @precondition(lambda self: self.held)
    @rule(pick=st.integers(0, 10**6), actor=st.sampled_from(["leuven", "revoker", "stranger"]))
    def revoke_batch(self, pick, actor):
        anchored = self._pick(pick)
        client = self._as(actor)
        root = anchored.receipt.root
        reason = RevocationReason.ISSUED_IN_ERROR
        if self._authority(actor, anchored) is None:
            self._refused("DiplomaRegistryUnauthorizedRevoker",
                          lambda: client.revoke_batch(root, reason))
        elif root in self.batch_revoked:
            self._refused("DiplomaRegistryBatchRevoked", lambda: client.revoke_batch(root, reason))
        else:
            client.revoke_batch(root, reason)
            self.batch_revoked[root] = int(reason)

    # -- the trust chain ---------------------------------------------------------------
    @rule(school=st.integers(0, 2), accreditor=st.sampled_from(
        ["accreditor_be", "accreditor_be2", "accreditor_nl"]))
    def suspend_or_reinstate_issuer(self, school, accreditor):
        chosen = self.schools[school]
        client = self._as(accreditor)
        account = chosen.account.address
        own = accreditor in chosen.accreditors
        if chosen.state == "withdrawn":  # the state is checked before the country
            self._refused("DiplomaRegistryIssuerState", lambda: client.reinstate_issuer(account))
        elif not own:
            act = client.suspend_issuer if chosen.state == "active" else client.reinstate_issuer
            self._refused("DiplomaRegistryWrongCountry", lambda: act(account))
        elif chosen.state == "active":
            client.suspend_issuer(account)
            chosen.state = "suspended"
        else:
            client.reinstate_issuer(account)
            chosen.state = "active"

    @rule(school=st.integers(0, 2), accreditor=st.sampled_from(
        ["accreditor_be", "accreditor_be2", "accreditor_nl"]), back=st.integers(0, 3))
    def propose_retroactive_withdrawal(self, school, accreditor, back):
        chosen = self.schools[school]
        client = self._as(accreditor)
        account = chosen.account.address
        self.chain.increase_time(1)
        times = sorted({a.issued_at for a in self.held if a.school is chosen}) or [0]
        effective = [0, *times][back % (len(times) + 1)]
        propose = lambda: client.propose_retroactive_withdrawal(  # noqa: E731
            account, effective_at=effective)
        if accreditor not in chosen.accreditors:
            self._refused("DiplomaRegistryWrongCountry", propose)
        elif chosen.pending is not None:
            self._refused("DiplomaRegistryWithdrawalPending", propose)
        else:
            receipt = propose()
            chosen.pending = (accreditor, effective, self.chain.timestamp(receipt.block_number))
            chosen.state = "withdrawn"

    @precondition(lambda self: any(s.pending for s in self.schools))
    @rule(pick=st.integers(0, 2), confirmer=st.sampled_from(
        ["accreditor_be", "accreditor_be2", "accreditor_nl", "admin", "leuven", "stranger"]))
    def confirm_retroactive_withdrawal(self, pick, confirmer):
        pending = [s for s in self.schools if s.pending]
        chosen = pending[pick % len(pending)]
        proposer, effective, withdrawn_at = chosen.pending
        client = self._as(confirmer)
        account = chosen.account.address
        allowed = confirmer == "admin" or (confirmer in chosen.accreditors
                                           and confirmer != proposer)
        if not allowed:
            self._refused("DiplomaRegistryUnauthorizedConfirmation",
                          lambda: client.confirm_retroactive_withdrawal(
                              account, effective_at=effective))
            return
        client.confirm_retroactive_withdrawal(account, effective_at=effective)
        chosen.voids.append((effective, withdrawn_at + 1))
        chosen.pending = None

    @rule(school=st.integers(0, 2))
    def reaccredit(self, school):
        chosen = self.schools[school]
        accreditor = self._as(chosen.accreditors[0])
        accreditor.accredit(chosen.account.address, country=chosen.country,
                            institution=chosen.name, levels=[chosen.level])
        chosen.state = "active"

    @rule(seconds=st.integers(1, 100))
    def pass_time(self, seconds):
        self.chain.increase_time(seconds)
        self.chain.mine()

    # -- invariants --------------------------------------------------------------------
    def _verdicts(self) -> list[tuple[int, int]]:
        calls = [("verify", (a.receipt.root, list(a.receipt.proof), a.receipt.claim.as_tuple()))
                 for a in self.held]
        return [tuple(v) for v in self.reg._call_many(calls)] if calls else []

    @invariant()
    def the_registry_answers_what_the_rules_say(self):
        verdicts = self._verdicts()
        for anchored, verdict in zip(self.held, verdicts, strict=True):
            assert verdict == self.expected(anchored), anchored.receipt.document.diploma_id
        # and the rules, one line each:
        # a claim the chain never made is never valid
        assert all(v[0] != ACTIVE for a, v in zip(self.held, verdicts, strict=True) if a.forged)
        # a revoked diploma is revoked in every batch that carries it
        revoked = {i for i, (s, _, _) in self.records.items() if s == REVOKED}
        assert all(v[0] == REVOKED for a, v in zip(self.held, verdicts, strict=True)
                   if a.receipt.diploma_id in revoked)
        # a suspension by a court stands until the court or the admin lifts it
        by_court = {i for i, (s, _, b) in self.records.items() if s == SUSPENDED and b == "revoker"}
        assert all(v[0] in (SUSPENDED, REVOKED) for a, v in zip(self.held, verdicts, strict=True)
                   if a.receipt.diploma_id in by_court)
        # a pending withdrawal voids nothing: only a confirmed one does
        assert all(v != (REVOKED, NOT_ACCREDITED) or any(
            s <= a.issued_at < u for s, u in a.school.voids)
            for a, v in zip(self.held, verdicts, strict=True))


@pytest.mark.slow
def test_random_operation_sequences_keep_the_rules(registry, bk_chain, actors):
    from hypothesis.stateful import run_state_machine_as_test

    CONTEXT.update(registry=registry, chain=bk_chain, actors=actors)
    run_state_machine_as_test(
        DiplomaMachine,
        settings=settings(max_examples=20, stateful_step_count=25, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
