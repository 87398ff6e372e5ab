"""A hypothesis state machine: EPCs and asbestos attests recorded, superseded and withdrawn
by the right issuer and by the wrong one, sales recorded, time passing, duties marked
breached. Every refusal is the exact typed error the model predicts, and after every step:
at most one current attestation per dwelling and type, every supersession chain stays within
one dwelling and type, every status matches the model, and the renovation clock's state too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from woningpaskit import epc, ref

from blokketen._exceptions import CustomErrorRevert
from blokketen.common.status import Reason, Status
from blokketen.woningpas.client import day_of, unix_day
from blokketen.woningpas.epc import label_of, ten_years_after
from blokketen.woningpas.renovation import deadline_of
from blokketen.woningpas.types import AttType, DwellingKind, Label, RenovationState

CONTEXT: dict[str, object] = {}
"""The registry, chain and actors of the running test (set by the test function)."""

DWELLINGS = [ref(f"sm-{i}") for i in range(3)]
ISSUER = {AttType.EPC: "veka", AttType.ASBESTOS: "ovam"}


@dataclass
class Held:
    """An attestation the model knows."""

    dwelling: bytes
    att_type: AttType
    issued: int
    until: int
    issuer: str
    status: Status = Status.ACTIVE
    ended: int = 0
    successor: bytes | None = None


@dataclass
class Duty:
    state: RenovationState = RenovationState.NONE
    deed: int = 0
    deadline: int = 0


class PassMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.reg = CONTEXT["registry"]
        self.chain = CONTEXT["chain"]
        self.cast = CONTEXT["actors"]
        self.snapshot = self.chain.snapshot()
        office = self.reg.as_sender(self.cast.registrar)
        for d in DWELLINGS:
            office.register_dwelling(d, kind=DwellingKind.HOUSE)
        self.held: dict[bytes, Held] = {}
        self.current: dict[tuple[bytes, AttType], bytes] = {}
        self.duties = {d: Duty() for d in DWELLINGS}
        self.counter = 0

    def teardown(self) -> None:
        self.chain.revert(self.snapshot)

    def _as(self, actor: str):
        return self.reg.as_sender(getattr(self.cast, actor))

    def _now(self) -> int:
        return self.chain.timestamp()

    def _expect(self, error: str | None, action):
        if error is None:
            return action()
        with pytest.raises(CustomErrorRevert) as err:
            action()
        assert err.value.error_name == error, err.value
        return None

    # -- rules ---------------------------------------------------------------------------
    @rule(d=st.sampled_from(DWELLINGS), kind=st.sampled_from([AttType.EPC, AttType.ASBESTOS]),
          score=st.integers(-50, 900), days_ago=st.integers(0, 4000),
          who=st.sampled_from(["right", "other issuer", "stranger"]),
          link=st.sampled_from(["current", "none", "other"]))
    def record(self, d, kind, score, days_ago, who, link):
        today = day_of(self._now())
        issued_day = today - timedelta(days=days_ago)
        current = self.current.get((d, kind))
        supersedes = {"current": current, "none": None,
                      "other": next(iter(self.held), None)}[link]
        actor = {"right": ISSUER[kind], "other issuer": ISSUER[AttType.ASBESTOS
                                                                if kind is AttType.EPC
                                                                else AttType.EPC],
                 "stranger": "stranger"}[who]
        self.counter += 1
        issued = unix_day(issued_day)
        if who != "right":
            error = "RoleWindowsNotHeld"
        elif (supersedes or None) != current:
            error = "DwellingPassRegistryWrongSupersedes"
        elif current is not None and issued < self.held[current].issued:
            error = "DwellingPassRegistryNotNewer"
        else:
            error = None
        client = self._as(actor)
        if kind is AttType.EPC:
            record = epc(score, issued=issued_day, number=f"{issued_day:%Y%m%d}-"
                         f"{self.counter:010d}-RES-1")
            until = unix_day(record.valid_until)
            done = self._expect(error, lambda: client.record_epc(
                d, record, b"e%d" % self.counter, supersedes=supersedes or bytes(32)))
        else:
            end = ten_years_after(issued_day)
            until = unix_day(end)
            done = self._expect(error, lambda: client.attest(
                d, kind, {"n": self.counter}, b"a%d" % self.counter, issued=issued_day,
                valid_until=end, supersedes=supersedes or bytes(32)))
        if done is None:
            return
        ident = done.attestation_id
        if current is not None:
            old = self.held[current]
            old.status, old.ended, old.successor = Status.SUPERSEDED, issued, ident
        self.held[ident] = Held(d, kind, issued, until, ISSUER[kind])
        self.current[(d, kind)] = ident
        duty = self.duties[d]
        if (kind is AttType.EPC and duty.state is RenovationState.STARTED
                and label_of(score) <= Label.D and issued >= duty.deed):
            duty.state = RenovationState.MET

    @precondition(lambda self: self.held)
    @rule(pick=st.integers(0, 10**6), who=st.sampled_from(["issuer", "supervisor", "stranger"]),
          reason=st.sampled_from([Reason.FRAUD, Reason.RECORDED_IN_ERROR]))
    def withdraw(self, pick, who, reason):
        ident = list(self.held)[pick % len(self.held)]
        held = self.held[ident]
        actor = held.issuer if who == "issuer" else who
        if held.status is not Status.ACTIVE:
            error = "DwellingPassRegistryNotCurrent"
        elif who == "stranger":
            error = "DwellingPassRegistryNotIssuerOrSupervisor"
        else:
            error = None
        done = self._expect(error, lambda: self._as(actor).withdraw(ident, reason))
        if done is None and error is None:
            return
        if error is None:
            held.status, held.ended = Status.WITHDRAWN, self._now()
            if self.current.get((held.dwelling, held.att_type)) == ident:
                del self.current[(held.dwelling, held.att_type)]

    @rule(d=st.sampled_from(DWELLINGS))
    def sell(self, d):
        deed = unix_day(day_of(self._now()))
        self._as("notary").record_transfer(d, day_of(deed))
        duty = self.duties[d]
        if duty.state in (RenovationState.STARTED, RenovationState.BREACHED):
            return
        ident = self.current.get((d, AttType.EPC))
        if ident is None:
            return
        held = self.held[ident]
        found = self.reg.attestation(ident)
        if not (held.issued <= deed < held.until) or found.epc_label <= Label.D:
            return
        duty.state, duty.deed = RenovationState.STARTED, deed
        duty.deadline = unix_day(deadline_of(day_of(deed)))

    @rule(days=st.integers(1, 900))
    def time_passes(self, days):
        self.chain.increase_time(days * 86_400)
        self.chain.mine()

    @rule(d=st.sampled_from(DWELLINGS))
    def mark_breached(self, d):
        duty = self.duties[d]
        if duty.state is not RenovationState.STARTED:
            error = "DwellingPassRegistryNoRunningObligation"
        elif self._now() <= duty.deadline:
            error = "DwellingPassRegistryDeadlineNotPassed"
        else:
            error = None
        self._expect(error, lambda: self._as("stranger").mark_breached(d))
        if error is None:
            duty.state = RenovationState.BREACHED

    # -- invariants (one JSON-RPC batch per step) ---------------------------------------
    @invariant()
    def the_registry_keeps_the_rules(self):
        now = self._now()
        kinds = (AttType.EPC, AttType.ASBESTOS)
        calls = [("currentAttestation", (d, int(k))) for d in DWELLINGS for k in kinds]
        calls += [("renovation", (d,)) for d in DWELLINGS]
        calls += [("statusAt", (ident, now)) for ident in self.held]
        answers = iter(self.reg._call_many(calls))
        # at most one current attestation per dwelling and type, the one the model names
        for d in DWELLINGS:
            for kind in kinds:
                found = bytes(next(answers))
                assert found == self.current.get((d, kind), bytes(32)), (d, kind)
        assert len(set(self.current.values())) == len(self.current)
        # the renovation clock
        for d in DWELLINGS:
            deed, deadline, _target, state, _ = next(answers)
            duty = self.duties[d]
            assert RenovationState(state) is duty.state, (d, state, duty)
            if duty.state is not RenovationState.NONE:
                assert (deed, deadline) == (duty.deed, duty.deadline)
        # every status, and supersession chains within one dwelling and type
        for held in self.held.values():
            status, _reason, held_role = next(answers)
            expected = held.status
            if expected is Status.ACTIVE and now >= held.until:
                expected = Status.EXPIRED
            assert Status(status) is expected, (held, status)
            assert held_role
            if held.successor is not None:
                nxt = self.held[held.successor]
                assert (nxt.dwelling, nxt.att_type) == (held.dwelling, held.att_type)
                assert nxt.issued >= held.issued


@pytest.mark.slow
def test_random_operation_sequences_keep_the_rules(registry, bk_chain, actors):
    from hypothesis.stateful import run_state_machine_as_test

    CONTEXT.update(registry=registry, chain=bk_chain, actors=actors)
    run_state_machine_as_test(
        PassMachine,
        settings=settings(max_examples=20, stateful_step_count=25, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
