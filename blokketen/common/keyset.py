"""A compact set of text keys for sets of millions: 8 bytes per key.

A bulk import of a whole register (a million parcels) must not hold its records, yet it
needs to know which keys a file lists twice and which keys a journal has confirmed. A
Python set of a million strings takes about 100 MB; this one keeps a 64-bit digest of each
key (BLAKE2b) in 256 sorted arrays. Two different keys share a digest with a probability
of about n²/2⁶⁵ (3·10⁻⁸ for a million keys): callers that must be exact (the duplicate
check) confirm a hit against the keys themselves (:meth:`KeySet.repeated`).
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable

__all__ = ["KeySet", "digest"]


def digest(key: str) -> int:
    """The 64-bit digest of ``key`` that a :class:`KeySet` keeps."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")


class KeySet:
    """Keys added one by one, then asked for (``key in keys``); 8 bytes per key."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self._buckets = [array("Q") for _ in range(256)]
        self._sorted = True
        for key in keys:
            self.add(key)

    def add(self, key: str) -> None:
        self.add_digest(digest(key))

    def add_digest(self, value: int) -> None:
        self._buckets[value >> 56].append(value)
        self._sorted = False

    def __len__(self) -> int:
        return sum(len(b) for b in self._buckets)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        return self.has_digest(digest(key))

    def has_digest(self, value: int) -> bool:
        self._sort()
        bucket = self._buckets[value >> 56]
        index = bisect_left(bucket, value)
        return index < len(bucket) and bucket[index] == value

    def repeated(self) -> set[int]:
        """Digests added more than once (the same key twice, or, very rarely, two keys
        with one digest)."""
        self._sort()
        out: set[int] = set()
        for bucket in self._buckets:
            out.update(a for a, b in zip(bucket, bucket[1:], strict=False) if a == b)
        return out

    def _sort(self) -> None:
        if self._sorted:
            return
        for index, bucket in enumerate(self._buckets):  # a bucket at a time: small peaks
            self._buckets[index] = array("Q", sorted(bucket))
        self._sorted = True
