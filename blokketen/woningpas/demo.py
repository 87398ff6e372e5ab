"""The dwelling passport demo (``make demo``): register dwellings by keyed reference, record
EPC versions and an asbestos attest, name a reference EPC, compute a social rent whose energy
correction comes from it (the lease commitment names that EPC), let the tenant prove it, sell
an F-labelled house and show its renovation deadline, and verify the buyer's bundle."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.deploy.manifest import DeploymentRecord
    from blokketen.toolchain.artifacts import ArtifactStore

__all__ = ["DEMO_EC_RULES", "SAMPLE_EPC_XML", "run_demo"]

DEMO_EC_RULES = """jaar;label;ec_per_maand;besparingsplafond
2024;C;5,00;32,13
2024;D;9,50;32,13
2024;E;17,13;32,13
2024;F;32,13;32,13
"""
"""EC rules the demo supplies (demo inputs: the register's formula is not public; 17,13 and
32,13 euro are the published average and maximum EC, used here as illustrative amounts)."""

SAMPLE_EPC_XML = """<web:GeefEpcResponse xmlns:web="http://webservice.geefepcdienst-02_01.energie-02_01.epb.vea.lne.vlaanderen.be">
 <Repliek><Antwoorden><Antwoord><Inhoud><MijnEnergieDetails><EnergieEenheid>
  <Epc id="1">
   <Identificatie><Attestnummer>20190412-0002200451-RES-1</Attestnummer></Identificatie>
   <BouwjaarVolgensEPC>1958</BouwjaarVolgensEPC>
   <Status>Geldig</Status>
   <DatumIngediend>2019-04-12</DatumIngediend>
   <DatumGeldigheid>2029-04-12</DatumGeldigheid>
   <Scores><Score type="primaireEnergieVerbruikPerVierkanteMeter">
     <Waarde meeteenheid="kWh/m²">612,40</Waarde><Label>F</Label></Score></Scores>
   <Ligging><Adres arId="1"><Straat><Naam>Voorbeeldstraat</Naam></Straat>
     <HuisNummer>1</HuisNummer></Adres></Ligging>
   <EpcEenheidType>EPC bestaand</EpcEenheidType>
   <Personen><Persoon><NatuurlijkPersoon><Voornaam>Griet</Voornaam><Naam>Voorbeeld</Naam>
     </NatuurlijkPersoon><Registratie><EpCode>EP00000</EpCode></Registratie></Persoon></Personen>
  </Epc>
 </EnergieEenheid></MijnEnergieDetails></Inhoud></Antwoord></Antwoorden></Repliek>
</web:GeefEpcResponse>
"""
"""An EPC in the shape of MAGDA GeefEpc 02.01 (invented values; the expert is fictitious and
is stripped before hashing)."""


def run_demo(chain: Chain, accounts: Sequence[LocalAccount], echo: Callable[[str], None],
             address: str | None = None) -> None:
    """Run the pilot's flow on the DwellingPassRegistry at ``address`` (admin
    ``accounts[0]``), or on a freshly deployed one, printing through ``echo``."""
    from blokketen.common.canonical import salt
    from blokketen.housing.client import SocialRentRules
    from blokketen.housing.demo import DEMO_2024
    from blokketen.housing.deployment import ADMIN_DELAY as RENT_DELAY
    from blokketen.housing.dwellings import dwelling_ref, registrar_key
    from blokketen.housing.params import parameters_from_mapping, rule_set
    from blokketen.housing.types import Dwelling, Household, format_cents
    from blokketen.woningpas.bundle import PassBundle, RentClaim
    from blokketen.woningpas.client import DwellingPassRegistry, day_of
    from blokketen.woningpas.energy import parse_rules_csv
    from blokketen.woningpas.epc import parse_epc, ten_years_after
    from blokketen.woningpas.types import ADMIN_DELAY, AttType, DwellingKind, EpcRecord, Label

    admin, registrar, veka, ovam, notary, landlord, owner, buyer = accounts[:8]
    store = None if address is None else _store(chain)  # built for this chain's EVM
    record = None if address is None else _manifest_record(chain, address)
    if address is not None and record is None:
        echo(f"no deployment manifest of chain {chain.chain_id} records {address}: a verifier "
             "could not check its code, so the demo deploys its own registry")
    if record is None:
        registry = DwellingPassRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY,
                                               store=store)
        echo(f"DwellingPassRegistry deployed at {registry.address}")
    else:
        registry = DwellingPassRegistry(chain, record.address, sender=admin).trusting(record)
        echo(f"verdicts come from {registry.trusted()} (the manifest's code hash)")
    for role, who in (("registrar", registrar), ("epc_issuer", veka),
                      ("asbestos_issuer", ovam), ("notary", notary)):
        if not registry.holds_at(role, who.address, chain.timestamp()):
            registry.grant_window(role, who.address)

    key = registrar_key()  # the registrar's secret: the chain sees keyed references only
    social, house = dwelling_ref(key, "6747170"), dwelling_ref(key, "1234567")
    office = registry.as_sender(registrar)
    office.register_dwelling(social, kind=DwellingKind.APARTMENT)
    office.register_dwelling(house, kind=DwellingKind.HOUSE)
    office.grant_window("landlord", landlord.address, scope=social)
    holders = office.set_holders(house, [owner.address])
    echo(f"dwellings 0x{social.hex()[:12]}… (social apartment) and 0x{house.hex()[:12]}… "
         "(house) registered by keyed reference")

    agency = registry.as_sender(veka)
    first = EpcRecord("20180305-0001500001-RES-1", date(2018, 3, 5), date(2028, 3, 5), 452,
                      Label.E, "EPC bestaand", 1972)
    old = agency.record_epc(social, first, b"EPC 2018 (PDF bytes)")
    renovated = EpcRecord("20230815-0002800002-RES-1", date(2023, 8, 15),
                          ten_years_after(date(2023, 8, 15)), 298, Label.C, "EPC bestaand", 1972)
    new = agency.record_epc(social, renovated, b"EPC 2024 (PDF bytes)")
    echo(f"two EPC versions of the social apartment: E (2018) superseded by C (2023), gas "
         f"{old.chain_receipt.gas_used} and {new.chain_receipt.gas_used}")
    keeper = registry.as_sender(landlord)
    keeper.set_reference_epc(social, 2024, new.attestation_id)
    echo(f"reference EPC of rent year 2024 set by the woonmaatschappij: "
         f"0x{new.attestation_id.hex()[:16]}…")

    rents = SocialRentRules.deploy(chain, admin, admin.address, RENT_DELAY, store=store)
    for role, who in (("rule_admin", admin), ("registrar", registrar), ("landlord", landlord)):
        rents.grant_role(role, who.address)
    rents.publish_rules(rule_set(2024, parameters_from_mapping(DEMO_2024)),
                        reason="demo: leefloon, minimum rents and PK maximum supplied")
    rents.as_sender(registrar).register_dwellings(landlord.address, [social])
    rule = parse_rules_csv(DEMO_EC_RULES).rule(2024)
    reference = registry.attestation(registry.reference_epc(social, 2024))
    assert reference is not None and reference.epc_label is not None
    ec = rule.correction(reference.epc_label)
    family = Household("other", 3_000_000, dependants=2)
    lessor = rents.as_sender(landlord)
    decision = lessor.decide(social, family, Dwelling(70_000, 0, ec), year=2024,
                             effective=date(2024, 3, 1))
    lease = lessor.open_lease(decision, evidence=new.attestation_id)
    echo(f"social rent 2024: EC {format_cents(ec)} from reference EPC label "
         f"{reference.epc_label.text} (supplied demo rule) -> rent "
         f"{format_cents(decision.breakdown.rent)}; lease {lease.lease_id} names the EPC")
    from blokketen.housing.rules import decision_digest

    tenant_bundle = PassBundle(chain.chain_id, registry.address, social, (new.receipt,),
                               rent=RentClaim(2024, decision_digest(decision, lease.salt)))
    proof = registry.verify(tenant_bundle, at=date(2024, 3, 1), rent_registry=rents)
    echo(f"tenant proves which EPC set the EC: {'valid' if proof.valid else proof.problems}")

    parsed = parse_epc(SAMPLE_EPC_XML)
    sold = agency.record_epc(house, parsed, SAMPLE_EPC_XML.encode())
    asbestos = registry.as_sender(ovam).attest(
        house, AttType.ASBESTOS, {"attest": "asbestinventarisattest", "risk": "present"},
        b"asbestos attest (PDF bytes)", issued=date(2024, 11, 2), valid_until=date(2034, 11, 2),
        salt=salt())
    echo(f"house: EPC label {parsed.label.text} ({parsed.score} kWh/m²; the expert's name and "
         "EP code were stripped before hashing) and an asbestos attest (built 1958)")
    deed = day_of(chain.timestamp())
    registry.as_sender(notary).record_transfer(house, deed)
    duty = registry.renovation(house)
    assert duty.target is not None
    echo(f"sold by a deed of {deed}: renovation duty {duty.state.name.lower()}, reach "
         f"{duty.target.text} by {day_of(duty.deadline)}")
    buyer_bundle = PassBundle(chain.chain_id, registry.address, house,
                              (sold.receipt, asbestos.receipt))
    verdict = registry.verify(buyer_bundle, at=deed, for_sale=True)
    echo(f"buyer's bundle at the deed date: {'valid' if verdict.valid else verdict.problems} "
         f"(registry code {verdict.trusted.code_hash[:18]}…)")
    proof_path = registry.holder_proof(holders, house, owner.address)
    mandate, signature = registry.sign_mandate(
        owner, house, grantee=buyer.address, scope=buyer_bundle.scope(),
        valid_until=chain.timestamp() + 30 * 86_400)
    registry.as_sender(buyer).grant_mandate(mandate, signature, holder=owner.address,
                                            holder_proof=proof_path)
    echo(f"the owner mandated the buyer (EIP-712, 30 days): 0x{mandate.mandate_hash.hex()[:16]}…")


def _store(chain: Chain) -> ArtifactStore:
    """The project's build for this chain's EVM (what `make demo` and `blokketen network
    demo` deploy)."""
    from blokketen.chain.evm import chain_evm
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project, target_for

    return compile_project(Project.find(), evm_version=target_for(chain_evm(chain))).store


def _manifest_record(chain: Chain, address: str) -> DeploymentRecord | None:
    """The deployment manifest's record of the DwellingPassRegistry at ``address`` on this
    chain, from the manifests the demos deploy into (``make demo``, the network demo, the
    project's own); None when none records it. The registry keeps its EIP-712 domain in
    immutables, so its runtime code differs from the compiler's: the manifest's hash, taken
    from the chain at deployment, is what a verifier compares with."""
    from blokketen._exceptions import DeploymentError
    from blokketen.deploy.manifest import Manifest
    from blokketen.project import Project

    project = Project.find()
    for folder in (project.local_state / "demo", project.local_state / "network" / "demo",
                   project.deployments):
        try:
            found = Manifest.for_chain(folder, chain).contracts.get("DwellingPassRegistry")
        except DeploymentError:
            continue
        if found is not None and found.address.lower() == address.lower():
            return found
    return None
