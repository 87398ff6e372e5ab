"""Review of the land registry after issue 9, as an attacker would try it on anvil.

R4  A buyer cannot withdraw its consent. Signed terms carried the seller's nonce only, so a
    buyer that changed its mind (it learnt the parcel is polluted, or the price was not paid)
    and used up its nonce, as the registry says withdraws consent, was still made the owner:
    the seller and a notary submitted the terms the buyer had signed, until their deadline,
    which has no bound. The terms now carry the buyer's nonce too, and `useNonce` by either
    party ends them.
"""

from __future__ import annotations

import pytest
from landkit import DEED2, KEY, now, signed_terms

DAY = 86_400


def _sign(registry, cast, *, deadline):
    """Terms for KEY signed by its owner (alice) and bob, at the current version and nonces."""
    message = registry.transfer_message(KEY, buyer=cast.bob.address, deed_hash=DEED2,
                                        deadline=deadline)
    return (message, registry.sign_transfer(cast.alice, message),
            registry.sign_transfer(cast.bob, message))


def test_r4_a_buyer_that_used_up_its_nonce_is_not_made_owner(registry, cast, as_, parcel,
                                                             bk_chain):
    message, s1, s2 = _sign(registry, cast, deadline=now(bk_chain) + 365 * DAY)
    assert message["buyerNonce"] == registry.nonce(cast.bob.address) == 0
    as_(cast.bob).use_nonce()  # the buyer withdraws its consent
    notary = as_(cast.notary)
    with pytest.raises(registry.errors.LandRegistryStaleNonce) as caught:
        notary.transfer_with_signatures(KEY, **signed_terms(message), seller_signature=s1,
                                        buyer_signature=s2)
    assert (caught.value.signer, caught.value.signed, caught.value.current) == (
        cast.bob.address, 0, 1)
    assert registry.parcel(KEY).owner == cast.alice.address
    # Nor does the notary get round it by naming the buyer's new nonce: the buyer never
    # signed terms with it.
    with pytest.raises(registry.errors.LandRegistryInvalidSignature):
        notary.transfer_with_signatures(KEY, **{**signed_terms(message), "buyer_nonce": 1},
                                        seller_signature=s1, buyer_signature=s2)
    assert registry.parcel(KEY).owner == cast.alice.address


def test_r4_the_buyers_nonce_is_not_spent_by_a_purchase(registry, cast, as_, parcel,
                                                        bk_chain):
    """A buyer may sign for several parcels at once: completing one purchase leaves its other
    signed terms standing (the seller's nonce is the one a transfer spends)."""
    message, s1, s2 = _sign(registry, cast, deadline=now(bk_chain) + DAY)
    as_(cast.notary).transfer_with_signatures(KEY, **signed_terms(message),
                                              seller_signature=s1, buyer_signature=s2)
    assert registry.parcel(KEY).owner == cast.bob.address
    assert registry.nonce(cast.bob.address) == 0
    assert registry.nonce(cast.alice.address) == 1


def test_r4_the_digest_names_the_buyers_nonce(registry, cast, parcel, bk_chain):
    message, _, _ = _sign(registry, cast, deadline=now(bk_chain) + DAY)
    assert registry.transfer_digest(message) == registry.transfer_digest(
        {**message, "buyerNonce": 0})
    assert registry.transfer_digest(message) != registry.transfer_digest(
        {**message, "buyerNonce": 1})
