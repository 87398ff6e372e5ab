"""Fixtures of the diploma registry tests: sample documents and a deployed registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from diplomakit import LEUVEN, ROGUE, UTRECHT, deploy

from blokketen.diploma import DiplomaDocument
from blokketen.diploma.demo import sample_documents


@pytest.fixture
def document() -> DiplomaDocument:
    """One Flemish master's diploma with recognisable personal fields."""
    return DiplomaDocument(
        diploma_id="KUL-2026-r0123456",
        given_names="Zoë Marie-Louise",
        family_name="Van Den Broeck",
        birth_date="2002-03-14",
        qualification="Master of Science in Engineering: Computer Science",
        isced_field="0613",
        eqf_level=7,
        institution="KU Leuven",
        country="BE",
        awarded_on="2026-07-03",
        grade="magna cum laude",
    )


@pytest.fixture
def documents() -> list[DiplomaDocument]:
    return sample_documents(5, seed=7)


@dataclass
class Actors:
    """Named accounts of the registry tests: the admin, two Flemish accreditors and a Dutch
    one, KU Leuven and Universiteit Utrecht, a court (REVOKER), NARIC (RECOGNISER), someone
    without any role, and a Dutch EQF-4 school that will try what it may not."""

    admin: Any
    accreditor_be: Any
    accreditor_nl: Any
    leuven: Any
    utrecht: Any
    revoker: Any
    naric: Any
    stranger: Any
    accreditor_be2: Any
    rogue: Any


@pytest.fixture(scope="module")
def actors(bk_accounts) -> Actors:
    return Actors(*bk_accounts[:10])


@pytest.fixture(scope="module")
def registry(bk_project, bk_chain, bk_module_isolated, actors):
    """A registry with two BE accreditors and an NL one; Leuven (BE, EQF 6-8), Utrecht (NL,
    EQF 7) and a rogue Dutch school (NL, EQF 4) accredited; a REVOKER and a RECOGNISER; its
    sender is the admin."""
    reg = deploy(bk_chain, bk_project, actors.admin)
    assert bk_chain.code(reg.address), "DiplomaRegistry deployment left no code"
    reg.appoint_accreditor(actors.accreditor_be.address, "BE")
    reg.appoint_accreditor(actors.accreditor_be2.address, "BE")
    reg.appoint_accreditor(actors.accreditor_nl.address, "NL")
    reg.grant_role("REVOKER_ROLE", actors.revoker.address)
    reg.grant_role("RECOGNISER_ROLE", actors.naric.address)
    reg.as_sender(actors.accreditor_be).accredit(actors.leuven.address, country="BE",
                                                 institution=LEUVEN, levels=[6, 7, 8])
    reg.as_sender(actors.accreditor_nl).accredit(actors.utrecht.address, country="NL",
                                                 institution=UTRECHT, levels=[7])
    reg.as_sender(actors.accreditor_nl).accredit(actors.rogue.address, country="NL",
                                                 institution=ROGUE, levels=[4])
    return reg


@pytest.fixture
def leuven(registry, actors):
    """The registry, sending as KU Leuven (an accredited issuer)."""
    return registry.as_sender(actors.leuven)


@pytest.fixture
def issued(leuven):
    """Five Leuven diplomas (EQF 7) anchored in one batch; their receipts."""
    return leuven.issue_batch(sample_documents(5, seed=3))
