"""Fixtures of the diploma registry tests: sample documents and a deployed registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

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
    """Named accounts of the registry tests."""

    admin: Any
    accreditor_be: Any
    accreditor_nl: Any
    leuven: Any
    utrecht: Any
    revoker: Any
    naric: Any
    stranger: Any


@pytest.fixture(scope="module")
def actors(bk_accounts) -> Actors:
    return Actors(*bk_accounts[:8])


@pytest.fixture(scope="module")
def registry(bk_project, bk_chain, bk_module_isolated, actors):
    """A registry with a BE and an NL accreditor, Leuven (BE, EQF 6-8) and Utrecht (NL, EQF 7)
    accredited, a REVOKER and a RECOGNISER; its sender is the admin."""
    from blokketen.diploma.client import DiplomaRegistry

    reg = DiplomaRegistry.deploy(bk_chain, actors.admin, actors.admin.address)
    assert bk_chain.code(reg.address), "DiplomaRegistry deployment left no code"
    reg.appoint_accreditor(actors.accreditor_be.address, "BE")
    reg.appoint_accreditor(actors.accreditor_nl.address, "NL")
    reg.grant_role("REVOKER_ROLE", actors.revoker.address)
    reg.grant_role("RECOGNISER_ROLE", actors.naric.address)
    reg.as_sender(actors.accreditor_be).accredit(actors.leuven.address, country="BE",
                                                 levels=[6, 7, 8])
    reg.as_sender(actors.accreditor_nl).accredit(actors.utrecht.address, country="NL", levels=[7])
    return reg


@pytest.fixture
def leuven(registry, actors):
    """The registry, sending as KU Leuven (an accredited issuer)."""
    return registry.as_sender(actors.leuven)

