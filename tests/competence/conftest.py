"""Fixtures of the competence registry tests: named actors, a registry with a school
accredited and a validator, and batches proposed and validated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from competencekit import SCHOOL, Actors, deploy


@pytest.fixture(scope="module")
def actors(bk_accounts) -> Actors:
    return Actors(*bk_accounts[:9])


@pytest.fixture(scope="module")
def registry(bk_project, bk_chain, bk_module_isolated, actors):
    """A registry (sender: the admin) with an accreditor, an exam board (REVOKER), two VDAB
    validators, a school accredited for Competent levels 2-4 and a second school accredited
    for ESCO levels 3-5."""
    reg = deploy(bk_chain, bk_project, actors.admin)
    reg.grant_role("ACCREDITOR_ROLE", actors.accreditor.address)
    reg.grant_role("REVOKER_ROLE", actors.board.address)
    reg.grant_validator(actors.vdab.address)
    reg.grant_validator(actors.vdab2.address)
    accreditor = reg.as_sender(actors.accreditor)
    accreditor.accredit(actors.school.address, institution=SCHOOL, framework="competent:2.0",
                        min_level=2, max_level=4)
    accreditor.accredit(actors.school2.address, institution=SCHOOL + 1,
                        framework="esco:v1.2.0", min_level=3, max_level=5)
    assert reg._call("hasRole", reg.role_id("accreditor"), actors.accreditor.address)
    return reg


@dataclass
class Proposed:
    """A batch proposed by the school: its receipts and root."""

    receipts: list[Any]
    root: bytes


@pytest.fixture
def proposed(registry, actors, bk_isolated) -> Proposed:
    from blokketen.competence.samples import sample_learners

    receipts = registry.as_sender(actors.school).propose_batch(
        sample_learners(4, claims=6, seed=3))
    return Proposed(receipts=receipts, root=receipts[0].batch_root)


@pytest.fixture
def validated(registry, actors, proposed) -> Proposed:
    registry.as_sender(actors.vdab).validate(proposed.root)
    return proposed
