"""The land registry demo (``make demo``): a few parcels, a notarised transfer, a signature
transfer, a lease, a split and a freeze, then one parcel's history."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.land.client import LandRegistry

__all__ = ["PARCELS", "run_demo"]

PARCELS = (("11001A0123/00B000", 12_500), ("11001A0124/00_000", 8_000),
           ("11004A0479-00N000", 30_000))
"""Demo parcels (CaPaKey, area in m²); the third uses the VBR ``-`` notation."""


def run_demo(chain: Chain, accounts: Sequence[LocalAccount],
             echo: Callable[[str], None], address: str | None = None) -> LandRegistry:
    """Run the flow on the LandRegistry at ``address`` (admin ``accounts[0]``), or on a
    freshly deployed one, printing through ``echo``.

    Uses ``accounts[0..7]``: admin, registrar, notary, surveyor, two courts, and two owners
    (the agency and a private owner, both only addresses). Returns the registry client.
    """
    from eth_utils import keccak

    from blokketen.land import LandUse, NewParcel, RightKind
    from blokketen.land.client import LandRegistry

    admin, registrar, notary, surveyor, court, court2, agency, owner = accounts[:8]
    if address is None:
        from blokketen.land.terms import ADMIN_DELAY

        registry = LandRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
        echo(f"LandRegistry deployed at {registry.address}")
    else:
        registry = LandRegistry(chain, address, sender=admin)
    for role, who in [("registrar", registrar), ("notary", notary), ("surveyor", surveyor),
                      ("court", court), ("court", court2)]:
        registry.grant_role(role, who.address)
    echo("roles granted: registrar, notary, surveyor, two courts")

    def as_(account: LocalAccount) -> LandRegistry:
        return registry.as_sender(account)

    for key, area in PARCELS:
        as_(registrar).register_parcel(key, owner=owner.address, area_m2=area,
                                       land_use=LandUse.FOREST,
                                       deed_hash=keccak(text=f"deed {key}"))
        echo(f"registered {registry.parcel(key).capakey}: {area} m² forest")

    first, second, third = (registry.parcel(k).capakey for k, _ in PARCELS)
    expiry = chain.timestamp() + 7 * 86_400
    deed = keccak(text="sale deed 1")
    filed = as_(owner).open_transfer(first, buyer=agency.address, deed_hash=deed, expiry=expiry)
    as_(agency).accept_transfer(first)
    as_(notary).authenticate_transfer(first)
    echo(f"notarised transfer #{filed.id}: {first} now owned by the agency")

    message = registry.transfer_message(second, buyer=agency.address,
                                        deed_hash=keccak(text="sale deed 2"), deadline=expiry)
    as_(notary).transfer_with_signatures(
        second, buyer=agency.address, deed_hash=message["deedHash"],
        parcel_version=message["parcelVersion"], nonce=message["nonce"],
        buyer_nonce=message["buyerNonce"], deadline=expiry,
        seller_signature=registry.sign_transfer(owner, message),
        buyer_signature=registry.sign_transfer(agency, message))
    echo(f"signature transfer: {second} now owned by the agency (parties paid no gas)")

    lease = as_(registrar).add_right(first, kind=RightKind.LEASE, holder=owner.address,
                                     source_hash=keccak(text="pachtcontract"))
    echo(f"lease #{lease.id} on {first}")

    children = [NewParcel("11001A0123/00C000", 5_000),
                NewParcel("11001A0123/00D000", 7_500, LandUse.NATURE_RESERVE)]
    as_(surveyor).split(first, children, survey_hash=keccak(text="opmetingsplan"),
                        carries={lease.id: [0]})
    echo(f"split {first} into {children[0].capakey} and {children[1].capakey} "
         "(the lease stays on the first)")

    case = keccak(text="AR 2026/0042")
    as_(court).freeze(third, case_ref=case)
    echo(f"{third} frozen by a court in a dispute")

    echo(f"history of {first}:")
    for event in registry.history(first):
        echo(f"  block {event.block_number:>3}  {type(event).__name__}")

    from blokketen.land.types import ParcelRecord

    register = [ParcelRecord(f"24{i // 10_000:03d}B{i % 10_000:04d}/00_000", agency.address,
                             1_000 + i, LandUse.FOREST, keccak(text=f"akte {i}"))
                for i in range(1_000)]
    summary = as_(registrar).import_parcels(register)
    echo(f"bulk import of the agency's register: {summary.confirmed} parcels in "
         f"{summary.transactions} transactions, {summary.seconds:.2f} s "
         f"({summary.confirmed / max(summary.seconds, 1e-9):,.0f} parcels/s)")
    again = as_(registrar).import_parcels(register)
    echo(f"the same import again: {again.skipped} already on chain, {again.sent} sent")
    return registry
