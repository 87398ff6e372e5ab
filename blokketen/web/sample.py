"""A small sample world for the web pages, used by their tests and by the script that makes
README's pictures: every registry deployed with a manifest of its own (in ``deployments``),
two parcels (one sold, leased, then split; one frozen by a court), a batch of three diplomas
(one revoked) and the 2024 rules published on chain; plus two worked rent examples as the
Rent form takes them, with their rents to the cent.

Local dev chains only (it uses the dev accounts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils import keccak

from blokketen.deploy.deployer import Deployer
from blokketen.deploy.manifest import Manifest
from blokketen.deploy.plan import deploy_registries
from blokketen.diploma.demo import sample_documents
from blokketen.diploma.receipts import DiplomaReceipt
from blokketen.diploma.types import RevocationReason
from blokketen.housing.params import rule_set
from blokketen.housing.types import RuleParameters
from blokketen.web.site import Site

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.project import Project

__all__ = ["CHILDREN", "EXAMPLE_2023", "EXAMPLE_2023_RENT", "EXAMPLE_2024", "EXAMPLE_2024_RENT",
           "FIRST", "FROZEN", "World", "build"]

FIRST = "11001A0123/00B000"
"""Registered, sold to the agency, given a lease, then split into the two below."""
CHILDREN = ("11001A0123/00C000", "11001A0123/00D000")
FROZEN = "11004A0479/00N000"
"""Registered and frozen by a court (entered in the VBR notation)."""

# Worked example 7 of the domain file (2024 rules; minimum rents and leefloon supplied).
EXAMPLE_2024: dict[str, str] = {
    "year": "2024", "source": "sourced", "category": "other", "income": "40.000,00",
    "dependants": "1", "base_rent": "800,00", "patrimony_discount": "0",
    "energy_correction": "20,00", "min_rent_tier": "low",
    "extra": "min_rent.low = 139,00\nmin_rent.high = 278,00\n"
             "leefloon_annual.single = 14000\nleefloon_annual.cohabiting = 9000\n"
             "leefloon_annual.family = 18000",
}
EXAMPLE_2024_RENT = 73_874
"""Its rent in cents (domain file §5, example 7)."""
# The first case of tests/scenarios/bands-2023.yaml (2023 rules, leefloon supplied).
EXAMPLE_2023: dict[str, str] = {
    "year": "2023", "source": "sourced", "category": "single", "income": "20000",
    "dependants": "0", "base_rent": "1200.00", "patrimony_discount": "25.00",
    "energy_correction": "0", "min_rent_tier": "low",
    "extra": "leefloon_annual.single = 14000,00\nleefloon_annual.cohabiting = 9000,00\n"
             "leefloon_annual.family = 18000,00",
}
EXAMPLE_2023_RENT = 33_864
"""Its rent in cents (as the scenario file expects)."""


@dataclass(frozen=True)
class World:
    """The sample: the site to serve, the clients (by pilot), the diploma receipts, and the
    first parcel's seller and buyer."""

    site: Site
    clients: dict[str, Any]
    receipts: list[DiplomaReceipt]
    seller: str
    agency: str


def build(chain: Chain, project: Project, accounts: Sequence[LocalAccount],
          deployments: Path) -> World:
    """Deploy and fill the sample on ``chain`` with ``accounts[0..8]``, its manifest in
    ``deployments`` (the project's build of the contracts)."""
    from blokketen.diploma.client import DiplomaRegistry
    from blokketen.housing.client import SocialRentRules
    from blokketen.land import LandUse, NewParcel, RightKind
    from blokketen.land.client import LandRegistry

    admin, registrar, notary, surveyor, court, accreditor, agency, owner, leuven = accounts[:9]
    manifest = Manifest.load(deployments, chain.chain_id)
    deploy_registries(Deployer(chain, admin, project.artifacts(), manifest))
    manifest = Manifest.load(deployments, chain.chain_id)

    def client(cls: Any) -> Any:  # expecting the code the manifest records, as verifiers do
        record = manifest.contracts[cls.CONTRACT]
        return cls(chain, record.address, sender=admin, expected_code=record)

    land = client(LandRegistry)
    for role, who in (("registrar", registrar), ("notary", notary), ("surveyor", surveyor),
                      ("court", court)):
        land.grant_role(role, who.address)
    for key in (FIRST, "11004A0479-00N000"):
        land.as_sender(registrar).register_parcel(key, owner=owner.address, area_m2=12_500,
                                                  land_use=LandUse.FOREST,
                                                  deed_hash=keccak(text=f"deed {key}"))
    expiry = chain.timestamp() + 7 * 86_400
    land.as_sender(owner).open_transfer(FIRST, buyer=agency.address,
                                        deed_hash=keccak(text="sale"), expiry=expiry)
    land.as_sender(agency).accept_transfer(FIRST)
    land.as_sender(notary).authenticate_transfer(FIRST)
    lease = land.as_sender(registrar).add_right(FIRST, kind=RightKind.LEASE,
                                                holder=owner.address,
                                                source_hash=keccak(text="pacht"))
    land.as_sender(surveyor).split(
        FIRST, [NewParcel(CHILDREN[0], 5_000), NewParcel(CHILDREN[1], 7_500,
                                                         LandUse.NATURE_RESERVE)],
        survey_hash=keccak(text="opmeting"), carries={lease.id: [0]})
    land.as_sender(court).freeze(FROZEN, case_ref=keccak(text="AR 2026/0042"))

    diplomas = client(DiplomaRegistry)
    diplomas.appoint_accreditor(accreditor.address, "BE")
    diplomas.as_sender(accreditor).accredit(leuven.address, country="BE",
                                            institution="KU Leuven", levels=[7])
    issuer = diplomas.as_sender(leuven)
    receipts = issuer.issue_batch(sample_documents(3, institution="KU Leuven", seed=4))
    issuer.revoke(receipts[1], RevocationReason.ISSUED_IN_ERROR)

    rules = client(SocialRentRules)
    rules.grant_role("rule_admin", admin.address)
    rules.publish_rules(rule_set(2024, RuleParameters(
        min_rent_low=13_900, min_rent_high=27_800, leefloon_annual_single=1_400_000,
        leefloon_annual_cohabiting=900_000, leefloon_annual_family=1_800_000)))
    return World(site=Site(chain=chain, deployments=deployments),
                 clients={"land": land, "diploma": diplomas, "housing": rules},
                 receipts=receipts, seller=owner.address, agency=agency.address)
