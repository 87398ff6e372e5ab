"""LDES mode: a stream of pages for all bodies together, one checkpoint per N members, each
continuing the previous one; Python computes the heads the contract chains, and a checkpoint
that does not continue the stream is refused with nothing changed."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from blokketen.common.leaves import verify_proof
from blokketen.decisions.client import checkpoint_head
from blokketen.decisions.ldes import StreamFollower, member_leaf, members_root
from blokketen.decisions.page import uri_hash

STREAM = "https://www.heuvelbeke.be/ldes/besluiten"


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def test_one_checkpoint_per_n_members_chained(registry, actors, pages):
    roots = [p.root for p in pages.values()]
    follower = StreamFollower(registry.as_sender(actors.publisher), stream_uri=STREAM, every=2)
    done = follower.add(roots) + follower.flush()
    assert [(c.from_member, c.to_member) for c in done] == [(0, 2), (2, 4), (4, 5)]
    head = bytes(32)
    for checkpoint in done:
        head = checkpoint_head(uri_hash(STREAM), head, checkpoint.from_member,
                               checkpoint.to_member, checkpoint.members_root)
        assert head == checkpoint.head
    on_chain = registry.stream_head(uri_hash(STREAM))
    assert on_chain.head == head and on_chain.members == 5
    # a member proves under its checkpoint, at its position only
    tree = members_root(2, roots[2:4])
    assert verify_proof(member_leaf(3, roots[3]), tree.proof(member_leaf(3, roots[3])),
                        done[1].members_root)
    assert member_leaf(2, roots[3]) not in tree


def test_a_checkpoint_that_does_not_continue_is_refused(registry, actors):
    publisher = registry.as_sender(actors.publisher)
    stream = uri_hash(STREAM)
    first = publisher.checkpoint(stream, previous_head=bytes(32), from_member=0, to_member=3,
                                 members_root=keccak(text="a"))
    for previous, start in ((bytes(32), 3), (first, 2), (keccak(text="vork"), 3)):
        with pytest.raises(registry.errors.LocalDecisionRegistryCheckpointGap):
            publisher.checkpoint(stream, previous_head=previous, from_member=start,
                                 to_member=9, members_root=keccak(text="b"))
    with pytest.raises(registry.errors.LocalDecisionRegistryEmptyCheckpoint):
        publisher.checkpoint(stream, previous_head=first, from_member=3, to_member=3,
                             members_root=keccak(text="b"))
    with pytest.raises(registry.errors.LocalDecisionRegistryZeroRoot):
        publisher.checkpoint(stream, previous_head=first, from_member=3, to_member=4,
                             members_root=bytes(32))
    assert registry.stream_head(stream).head == first
    assert registry.stream_head(stream).members == 3
