"""Shared helpers of the woningpas tests: actors, sample EPCs, a registry with its roles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from blokketen.housing.dwellings import dwelling_ref
from blokketen.woningpas.client import DwellingPassRegistry
from blokketen.woningpas.types import ADMIN_DELAY, EpcRecord, Label

REGISTRAR_KEY = bytes(range(32))
"""A fixed registrar key for the tests (never a real one)."""


def ref(unit: int | str) -> bytes:
    """The keyed reference of building unit ``unit`` under the test registrar key."""
    return dwelling_ref(REGISTRAR_KEY, unit)


@dataclass
class Actors:
    """admin, registrar, VEKA (EPC issuer), OVAM (asbestos issuer), a supervisor, a notary,
    a woonmaatschappij (landlord), an owner (real-right holder), a buyer and a stranger."""

    admin: Any
    registrar: Any
    veka: Any
    ovam: Any
    supervisor: Any
    notary: Any
    landlord: Any
    owner: Any
    buyer: Any
    stranger: Any


def epc(score: int, *, issued: date = date(2024, 3, 1), number: str | None = None,
        build_year: int | None = 1966, label: Label | None = None) -> EpcRecord:
    """An EPC record with ``score`` (label from the band unless given)."""
    from blokketen.woningpas.epc import label_of, ten_years_after

    return EpcRecord(
        certificate_number=number or f"{issued:%Y%m%d}-{abs(score):010d}-RES-1",
        issue_date=issued, valid_until=ten_years_after(issued), score=score,
        label=label or label_of(score), epc_type="EPC bestaand", build_year=build_year)


def setup_roles(registry: DwellingPassRegistry, actors: Actors) -> None:
    """Grant every role its window (the admin; the landlord per dwelling is per test)."""
    for role, who in (("registrar", actors.registrar), ("epc_issuer", actors.veka),
                      ("asbestos_issuer", actors.ovam), ("soil_issuer", actors.ovam),
                      ("supervisor", actors.supervisor), ("notary", actors.notary)):
        registry.grant_window(role, who.address)


def deploy(bk_deploy: Any, actors: Actors) -> DwellingPassRegistry:
    registry = bk_deploy(DwellingPassRegistry, actors.admin.address, ADMIN_DELAY)
    assert isinstance(registry, DwellingPassRegistry)
    setup_roles(registry, actors)
    return registry
