"""Fixtures of the local decisions tests: named accounts, sample pages and a registry with a
council, its mandates and the plain roles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from decisionskit import deploy

from blokketen.decisions import read_page
from blokketen.decisions.samples import COLLEGE, COUNCIL, sample_path, sample_salts

MANDATE_END = 1_924_988_400


@dataclass
class Actors:
    """The admin, the agency's registrar, the municipality's minutes software (publisher),
    the governor (supervisor), the council's chair, secretary and body admin, the college's
    chair, someone without any role, and a former chair whose mandate ended."""

    admin: Any
    registrar: Any
    publisher: Any
    governor: Any
    chair: Any
    secretary: Any
    body_admin: Any
    college_chair: Any
    stranger: Any
    former_chair: Any


@pytest.fixture(scope="module")
def actors(bk_accounts) -> Actors:
    return Actors(*bk_accounts[:10])


@pytest.fixture(scope="session")
def pages():
    """The sample pages, parsed once: decision lists, the internal council list, minutes."""
    return {
        "council": read_page(sample_path("gr-2026-02-24-besluitenlijst.html")),
        "council_internal": read_page(sample_path("gr-2026-02-24-besluitenlijst-intern.html"),
                                      salts=sample_salts()),
        "college": read_page(sample_path("cbs-2026-03-02-besluitenlijst.html")),
        "minutes_v1": read_page(sample_path("gr-2026-02-24-notulen-v1.html")),
        "minutes_v2": read_page(sample_path("gr-2026-02-24-notulen-v2.html")),
    }


@pytest.fixture(scope="module")
def registry(bk_project, bk_chain, bk_module_isolated, actors):
    """A registry with the council and the college registered; the council's chair,
    secretary and body admin; the college's own chair and, as its secretary, the council's
    secretary (one algemeen directeur serves both); a former council chair whose mandate
    ended; a publisher and a governor. Its sender is the admin."""
    reg = deploy(bk_chain, bk_project, actors.admin)
    reg.grant_role("registrar", actors.registrar.address)
    reg.grant_role("publisher", actors.publisher.address)
    reg.grant_role("supervisor", actors.governor.address)
    abb = reg.as_sender(actors.registrar)
    abb.register_body(COUNCIL)
    abb.register_body(COLLEGE)
    for role, who in (("chair", actors.chair), ("secretary", actors.secretary),
                      ("body-admin", actors.body_admin)):
        abb.grant_mandate(COUNCIL, role, who.address, valid_until=MANDATE_END)
    abb.grant_mandate(COLLEGE, "chair", actors.college_chair.address, valid_until=MANDATE_END)
    abb.grant_mandate(COLLEGE, "secretary", actors.secretary.address, valid_until=MANDATE_END)
    abb.grant_mandate(COUNCIL, "chair", actors.former_chair.address, valid_until=MANDATE_END)
    abb.end_mandate(COUNCIL, "chair", actors.former_chair.address, 0)
    assert reg.has_role("publisher", actors.publisher.address)
    assert reg.has_role("supervisor", actors.governor.address)
    return reg


@pytest.fixture
def publisher(registry, actors):
    return registry.as_sender(actors.publisher)


@pytest.fixture
def governor(registry, actors):
    return registry.as_sender(actors.governor)
