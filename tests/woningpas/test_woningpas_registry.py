"""The dwelling passport registry on a real chain: the flows of the issue, end to end."""

from __future__ import annotations

from datetime import date

import pytest
from woningpaskit import epc, ref

from blokketen.common.status import Reason, Status
from blokketen.woningpas.client import unix_day
from blokketen.woningpas.types import AttType, DwellingKind, Label, RenovationState

pytestmark = pytest.mark.usefixtures("bk_isolated")

DOC = b"%PDF-1.7 EPC certificate bytes"


def test_register_record_supersede_and_status_at(registry, actors):
    r = ref(6747170)
    registry.as_sender(actors.registrar).register_dwelling(r, kind=DwellingKind.HOUSE)
    veka = registry.as_sender(actors.veka)
    first = veka.record_epc(r, epc(612, issued=date(2019, 5, 2)), DOC)
    assert registry.current(r, AttType.EPC) == first.attestation_id
    found = registry.attestation(first.attestation_id)
    assert found is not None and found.epc_label is Label.F and found.epc_score == 612
    assert found.issuer == actors.veka.address and found.status is Status.ACTIVE
    second = veka.record_epc(r, epc(288, issued=date(2024, 6, 1)), DOC + b"2")
    assert registry.current(r, AttType.EPC) == second.attestation_id
    now = registry.chain.timestamp()
    old = registry.status_at(first.attestation_id, now)
    assert old.status is Status.SUPERSEDED and old.reason == Reason.REPLACED
    assert old.issuer_held_role
    # in the past, before the supersession, it was active
    assert registry.status_at(first.attestation_id, unix_day(date(2020, 1, 1))).status \
        is Status.ACTIVE
    assert registry.status_at(first.attestation_id, unix_day(date(2019, 5, 1))).status \
        is Status.PENDING
    assert registry.status_at(second.attestation_id, now).status is Status.ACTIVE


def test_withdraw_by_supervisor(registry, actors):
    r = ref(1)
    registry.as_sender(actors.registrar).register_dwelling(r)
    rec = registry.as_sender(actors.veka).record_epc(r, epc(150), DOC)
    registry.as_sender(actors.supervisor).withdraw(rec.attestation_id, Reason.FRAUD)
    state = registry.status_at(rec.attestation_id, registry.chain.timestamp())
    assert state.status is Status.WITHDRAWN and state.reason == Reason.FRAUD
    assert registry.current(r, AttType.EPC) is None


def test_renovation_clock(registry, actors):
    r = ref(2)
    registry.as_sender(actors.registrar).register_dwelling(r, kind=DwellingKind.HOUSE)
    registry.as_sender(actors.veka).record_epc(r, epc(640, issued=date(2024, 1, 10)), DOC)
    today = date.fromtimestamp(registry.chain.timestamp())
    registry.as_sender(actors.notary).record_transfer(r, today)
    duty = registry.renovation(r)
    assert duty.state is RenovationState.STARTED and duty.target is Label.D
    assert duty.deadline == unix_day(today.replace(year=today.year + 5))
    registry.as_sender(actors.veka).record_epc(r, epc(390, issued=today), DOC + b"after")
    assert registry.renovation(r).state is RenovationState.MET


def test_an_exemption_outlives_a_sale(registry, actors):
    r = ref(3)
    registry.as_sender(actors.registrar).register_dwelling(r, kind=DwellingKind.HOUSE)
    registry.as_sender(actors.veka).record_epc(r, epc(700, issued=date(2024, 1, 10)), DOC)
    registry.as_sender(actors.registrar).record_exemption(r, "protected-heritage")
    today = date.fromtimestamp(registry.chain.timestamp())
    registry.as_sender(actors.notary).record_transfer(r, today)
    duty = registry.renovation(r)
    assert duty.state is RenovationState.EXEMPT and duty.exempt_reason == 257
    with pytest.raises(registry.errors.DwellingPassRegistryBadReason):
        registry.as_sender(actors.registrar)._transact("recordExemption", r, 258)
