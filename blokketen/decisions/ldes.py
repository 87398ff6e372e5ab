"""LDES mode: follow a Linked Data Event Stream of decision pages for all bodies together and
anchor one checkpoint per N members, each continuing the previous one.

A member is one published page, committed to by its content root. Member ``i`` (counted over
the whole stream from 0) has the leaf ``leaf(LDES_MEMBER_TAG, i, root)``, so a member cannot
be moved to another position; a checkpoint anchors the sorted-pair Merkle root of its members'
leaves together with the range [from, to) and the previous head, and the contract chains the
heads. An event stream's immutability is a promise of its publisher; the chained heads make
it checkable: a member that changes, disappears or moves no longer proves under its head.

The follower knows no chain: it is handed something that reads the stream's head and anchors
a checkpoint (the registry client).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from blokketen._exceptions import InputError
from blokketen.common.leaves import MerkleTree, tag, tagged_leaf
from blokketen.contract import checks as check
from blokketen.decisions.page import uri_hash
from blokketen.decisions.types import StreamHead

__all__ = ["LDES_MEMBER_TAG", "Checkpoint", "Checkpointer", "StreamFollower", "member_leaf",
           "members_root"]

LDES_MEMBER_TAG = tag("lblod", "ldes-member")
"""``keccak256("blokketen.lblod.ldes-member.v1")``."""


def member_leaf(index: int, root: bytes) -> bytes:
    """The leaf of member ``index`` (its position in the stream) with content ``root``."""
    return tagged_leaf(LDES_MEMBER_TAG, ("uint64", "bytes32"),
                       (check.uint("index", index, maximum=check.UINT64_MAX),
                        check.hash32("root", root, text_ok=False)))


def members_root(first: int, roots: Iterable[bytes]) -> MerkleTree:
    """The tree over members ``first, first + 1, ...`` with these content roots."""
    return MerkleTree.build(member_leaf(first + i, root) for i, root in enumerate(roots))


class Checkpointer(Protocol):
    """What the follower needs of a registry."""

    def stream_head(self, stream_id: bytes) -> StreamHead: ...

    def checkpoint(self, stream_id: bytes, *, previous_head: bytes, from_member: int,
                   to_member: int, members_root: bytes) -> bytes: ...


@dataclass(frozen=True)
class Checkpoint:
    """One anchored checkpoint: members [from_member, to_member), their root, the new head."""

    from_member: int
    to_member: int
    members_root: bytes
    head: bytes


class StreamFollower:
    """Collects members of stream ``stream_uri`` and anchors a checkpoint per ``every``."""

    def __init__(self, registry: Checkpointer, *, stream_uri: str, every: int) -> None:
        self.registry = registry
        self.stream_id = uri_hash(stream_uri)
        self.every = check.uint("every", every, minimum=1, maximum=check.UINT32_MAX)
        self._pending: list[bytes] = []

    def add(self, roots: Iterable[bytes]) -> list[Checkpoint]:
        """Add members (their content roots, in stream order); anchors a checkpoint each
        time ``every`` members are waiting. Returns the checkpoints anchored."""
        done = []
        for root in roots:
            self._pending.append(check.hash32("root", root, text_ok=False))
            if len(self._pending) >= self.every:
                done.append(self._anchor())
        return done

    def flush(self) -> list[Checkpoint]:
        """Anchor the members still waiting (the hourly checkpoint), if any."""
        return [self._anchor()] if self._pending else []

    def _anchor(self) -> Checkpoint:
        if not self._pending:
            raise InputError("members", "nothing to checkpoint")
        head = self.registry.stream_head(self.stream_id)
        tree = members_root(head.members, self._pending)
        end = head.members + len(self._pending)
        new_head = self.registry.checkpoint(self.stream_id, previous_head=head.head,
                                            from_member=head.members, to_member=end,
                                            members_root=tree.root)
        self._pending = []
        return Checkpoint(from_member=head.members, to_member=end, members_root=tree.root,
                          head=new_head)
