"""A hypothesis state machine over the versions of one series (the council's minutes of
24 February 2026) and the statuses of its decisions: anchoring versions, signing as chair or
secretary by the right and the wrong accounts, publishing, retracting and annulling, each by
the right party and by the wrong one. Every refusal must be the exact typed error the model
predicts, and after every step every version's state and every decision's status on chain
equal the model's."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from decisionskit import MINUTES, signature
from eth_utils import keccak
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from blokketen._exceptions import CustomErrorRevert
from blokketen.common.status import Status
from blokketen.decisions import DocumentState

CONTEXT: dict[str, object] = {}
"""The registry, chain, actors and pages of the running test (set by the test function)."""

PAGES = ("minutes_v1", "minutes_v2", "council")
SIGNERS = ("chair", "secretary", "former_chair", "college_chair", "stranger")
ANYONE = ("publisher", "governor", "body_admin", "chair", "stranger")


@dataclass
class Version:
    """One anchored version as the model knows it."""

    page: str
    state: DocumentState = DocumentState.ANCHORED
    chair: str | None = None
    secretary: str | None = None
    annulled_here: set[str] = field(default_factory=set)


class MinutesMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.reg = CONTEXT["registry"]
        self.chain = CONTEXT["chain"]
        self.cast = CONTEXT["actors"]
        self.pages = CONTEXT["pages"]
        self.snapshot = self.chain.snapshot()
        self.versions: list[Version] = []
        self.annulled: set[str] = set()

    def teardown(self) -> None:
        self.chain.revert(self.snapshot)

    # -- helpers -------------------------------------------------------------------------
    def _as(self, actor: str):
        return self.reg.as_sender(getattr(self.cast, actor))

    def _ref(self, number: int):
        page = self.pages[self.versions[number - 1].page]
        return self.reg.ref(page, kind=MINUTES, version=number)

    def _expect(self, error: str | None, action) -> bool:
        if error is None:
            action()
            return True
        with pytest.raises(CustomErrorRevert) as err:
            action()
        assert err.value.error_name == error, err.value
        return False

    # -- rules ---------------------------------------------------------------------------
    @initialize()
    def first_version(self) -> None:
        self.anchor("minutes_v1", "publisher")

    @rule(page=st.sampled_from(PAGES))
    def advance(self, page: str) -> None:
        """The right party takes the next step of the latest version (hypothesis may switch
        any rule off for a run, so progress does not hang on one rule alone)."""
        latest = self.versions[-1] if self.versions else None
        if latest is None or latest.state is not DocumentState.ANCHORED:
            self.anchor(page, "publisher")
        elif latest.chair is None:
            self.sign("chair", "chair")
        elif latest.secretary is None:
            self.sign("secretary", "secretary")
        else:
            self.publish("publisher")

    @rule(page=st.sampled_from(PAGES))
    def advance_again(self, page: str) -> None:
        """:meth:`advance` once more, so runs reach published and superseded versions."""
        self.advance(page)

    @rule(page=st.sampled_from(PAGES), who=st.sampled_from(("publisher", "governor", "chair")))
    def anchor(self, page: str, who: str) -> None:
        error = None
        if who != "publisher":
            error = "AccessControlUnauthorizedAccount"
        elif self.versions and self.versions[-1].state is not DocumentState.PUBLISHED:
            error = "LocalDecisionRegistryDocumentState"
        if self._expect(error, lambda: self._as(who).anchor(self.pages[page], kind=MINUTES)):
            self.versions.append(Version(page=page))

    @rule(role=st.sampled_from(("chair", "secretary")), signer=st.sampled_from(SIGNERS))
    def sign(self, role: str, signer: str) -> None:
        if not self.versions:
            return
        latest = self.versions[-1]
        ref = self._ref(len(self.versions))
        page = self.pages[latest.page]
        key = getattr(self.cast, signer)
        other = latest.secretary if role == "chair" else latest.chair
        holds = {"chair": {"chair"}, "secretary": {"secretary"}}[role]
        error = None
        if latest.state is not DocumentState.ANCHORED:
            error = "LocalDecisionRegistryDocumentState"
        elif getattr(latest, role) is not None:
            error = "LocalDecisionRegistryAlreadySigned"
        elif other == signer:
            error = "LocalDecisionRegistrySameSigner"
        elif signer not in holds:
            error = "RoleWindowsNotHeld"
        sig = signature(self.reg, ref, page, role, key)
        if self._expect(error, lambda: self._as("stranger").submit_signature(
                ref, role=role, signature=sig)):
            setattr(latest, role, signer)

    @rule(who=st.sampled_from(ANYONE))
    def publish(self, who: str) -> None:
        if not self.versions:
            return
        latest = self.versions[-1]
        error = None
        if who != "publisher":
            error = "AccessControlUnauthorizedAccount"
        elif latest.state is DocumentState.PUBLISHED:
            error = "LocalDecisionRegistryAlreadyPublished"
        elif latest.state is not DocumentState.ANCHORED:
            error = "LocalDecisionRegistryDocumentState"
        elif latest.chair is None or latest.secretary is None:
            error = "LocalDecisionRegistryMissingSignature"
        if self._expect(error, lambda: self._as(who).publish(self._ref(len(self.versions)))):
            latest.state = DocumentState.PUBLISHED
            if len(self.versions) > 1 and self.versions[-2].state is DocumentState.PUBLISHED:
                self.versions[-2].state = DocumentState.SUPERSEDED

    @rule(number=st.integers(1, 4), who=st.sampled_from(ANYONE))
    def retract(self, number: int, who: str) -> None:
        if number > len(self.versions):
            return
        version = self.versions[number - 1]
        error = None
        if who != "body_admin":
            error = "RoleWindowsNotHeld"
        elif version.state is not DocumentState.PUBLISHED:
            error = "LocalDecisionRegistryDocumentState"
        if self._expect(error, lambda: self._as(who).retract(
                self._ref(number), reason=1, reason_hash=keccak(text="intrekking"))):
            version.state = DocumentState.RETRACTED

    @rule(number=st.integers(1, 4), index=st.integers(0, 2), who=st.sampled_from(ANYONE))
    def annul(self, number: int, index: int, who: str) -> None:
        if number > len(self.versions):
            return
        version = self.versions[number - 1]
        page = self.pages[version.page]
        uri = page.decisions[index].uri
        error = None
        if who != "governor":
            error = "AccessControlUnauthorizedAccount"
        elif version.state not in (DocumentState.PUBLISHED, DocumentState.SUPERSEDED):
            error = "LocalDecisionRegistryDocumentState"
        elif uri in self.annulled:
            error = "LocalDecisionRegistryAlreadyAnnulled"
        if self._expect(error, lambda: self._as(who).annul(
                self._ref(number), page, uri, decision_ref=keccak(text="vernietiging"))):
            self.annulled.add(uri)

    # -- invariants ----------------------------------------------------------------------
    @invariant()
    def chain_equals_model(self) -> None:
        if not self.versions:
            return
        first = self.pages[self.versions[0].page]
        calls = [("latestVersion", (first.body_id, first.session_id, int(MINUTES)))]
        expected = []
        for number, version in enumerate(self.versions, 1):
            ref = self._ref(number)
            page = self.pages[version.page]
            calls.append(("document", (ref.doc_id,)))
            for decision in page.decisions:
                calls.append(("decisionStatus", (
                    ref.as_tuple(),
                    (decision.uri_hash, decision.graph_hash, bytes(32), True),
                    list(page.proof(decision.uri)))))
                expected.append(_expected(version.state, decision.uri in self.annulled))
        latest, *rest = self.reg._call_many(calls)
        assert latest == len(self.versions)
        statuses = []
        position = 0
        for version in self.versions:
            doc = rest[position]
            assert DocumentState(doc[9]) is version.state
            assert (int(doc[2], 16) != 0) == (version.chair is not None)
            assert (int(doc[4], 16) != 0) == (version.secretary is not None)
            assert int(doc[2], 16) == 0 or doc[2] != doc[4]
            count = len(self.pages[version.page].decisions)
            statuses.extend(Status(row[0]) for row in rest[position + 1:position + 1 + count])
            position += 1 + count
        assert statuses == expected


def _expected(state: DocumentState, annulled: bool) -> Status:
    if state is DocumentState.ANCHORED:
        return Status.PENDING
    if annulled:
        return Status.ANNULLED
    return {DocumentState.PUBLISHED: Status.ACTIVE, DocumentState.SUPERSEDED: Status.SUPERSEDED,
            DocumentState.RETRACTED: Status.RETRACTED}[state]


@pytest.mark.slow
def test_random_version_and_status_sequences_keep_the_rules(registry, bk_chain, actors, pages):
    from hypothesis.stateful import run_state_machine_as_test

    CONTEXT.update(registry=registry, chain=bk_chain, actors=actors, pages=pages)
    run_state_machine_as_test(
        MinutesMachine,
        settings=settings(max_examples=20, stateful_step_count=25, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )
