"""The land registry stores only addresses and hashes: a whole parcel life, watched by the
privacy guard, leaks none of the personal data behind it (names, national numbers, e-mail
addresses, the deeds' text), and the guard proves on a deliberate leak that it would see one."""

from __future__ import annotations

from eth_utils import keccak
from landkit import KEY, KEY2, now, signed_terms

from blokketen.land import NewParcel, RightKind
from blokketen.privacy import PrivacyGuard

DAY = 86_400
PEOPLE = {
    "seller's name": "Marleen Vandenbroucke",
    "buyer's name": "Jozef Verhaegen",
    "farmer's name": "Tuur De Smet",
    "seller's national number": "85.07.30-033.28",
    "buyer's e-mail": "jozef.verhaegen@telenet.be",
    "the parcel's street": "Kalmthoutsesteenweg 212",
}
DEEDS = {  # documents whose text stays off chain; only their hashes go on
    "sale deed": "Akte verkoop Vandenbroucke aan Verhaegen, prijs 184.000 EUR",
    "lease": "Pachtovereenkomst De Smet, 9 jaar, 412 EUR per hectare",
    "survey": "Opmetingsplan landmeter Peeters, lot 1 en lot 2",
    "judgment": "Vonnis rechtbank Antwerpen AR 2026/123 Vandenbroucke t. Verhaegen",
    "decision": "Beslissing registratiedienst: verkoop ingetrokken",
}


def _hash(label: str) -> bytes:
    return keccak(text=DEEDS[label])


def test_a_parcel_life_puts_no_personal_data_on_chain(registry, cast, as_, bk_chain):
    guard = PrivacyGuard(bk_chain, secrets={**PEOPLE, **DEEDS})
    seller, buyer, farmer = cast.alice, cast.bob, cast.lessee
    with guard.watching():
        reg = as_(cast.registrar)
        reg.register_parcel(KEY, owner=seller.address, area_m2=12_500,
                            deed_hash=_hash("sale deed"))
        reg.register_parcel(KEY2, owner=buyer.address, area_m2=500, deed_hash=_hash("sale deed"))
        preemption = reg.add_right(KEY, kind=RightKind.PRE_EMPTION, holder=farmer.address,
                                   source_hash=_hash("lease")).id
        reg.add_right(KEY, kind=RightKind.MORTGAGE, holder=cast.carol.address,
                      source_hash=_hash("lease"))
        as_(seller).open_transfer(KEY, buyer=buyer.address, deed_hash=_hash("sale deed"),
                                  expiry=now(bk_chain) + 60 * DAY)
        as_(buyer).accept_transfer(KEY)
        as_(farmer).waive_preemption(KEY, preemption)
        registry.preemption_checks(KEY)
        as_(cast.notary).authenticate_transfer(KEY)
        as_(cast.registrar).end_right(KEY, preemption, source_hash=_hash("decision"))
        message = registry.transfer_message(KEY, buyer=seller.address,
                                            deed_hash=_hash("sale deed"),
                                            deadline=now(bk_chain) + DAY)
        as_(cast.notary).transfer_with_signatures(
            KEY, **signed_terms(message), seller_signature=registry.sign_transfer(buyer, message),
            buyer_signature=registry.sign_transfer(seller, message))
        as_(seller).open_transfer(KEY, buyer=buyer.address, deed_hash=_hash("sale deed"),
                                  expiry=now(bk_chain) + DAY)
        as_(cast.court).revoke_transfer(KEY, reason_hash=_hash("decision"))
        as_(cast.surveyor).split(KEY, [NewParcel("11001A0123/00C000", 5_000),
                                       NewParcel("11001A0123/00D000", 7_500)],
                                 survey_hash=_hash("survey"))
        as_(cast.court).freeze("11001A0123/00C000", case_ref=_hash("judgment"))
        as_(cast.court2).unfreeze("11001A0123/00C000", case_ref=_hash("judgment"))
        registry.history("11001A0123/00C000")
        registry.owner_at(KEY, bk_chain.block_number)
    assert len(guard.transactions) >= 15 and guard.calls
    guard.assert_clean()
    found = guard.prove_it_catches_a_leak(cast.carol)
    assert {f.kind for f in found} >= {"national-number", "e-mail"}


def test_the_guard_sees_a_name_put_where_a_hash_belongs(registry, cast, as_, bk_chain):
    """The same guard on the registry itself: a registrar who puts the seller's name in the
    deed-hash field (as 32 bytes of text) is caught."""
    guard = PrivacyGuard(bk_chain, secrets=PEOPLE)
    with guard.watching():
        as_(cast.registrar).register_parcel(
            KEY, owner=cast.alice.address, area_m2=10,
            deed_hash=PEOPLE["seller's name"].encode().ljust(32, b"\0"))
    assert any(f.kind == "secret" and "seller's name" in f.detail for f in guard.findings())
