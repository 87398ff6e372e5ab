"""Role windows as the contracts read them (``contracts/common/RoleWindows.sol``).

A verifier that fetched ``windowsOf(scope, role, holder)`` decides here, without another
call, whether the holder held the role at a time: a window counts from
``max(valid_from, recorded_at)`` until ``min(valid_until, ended_at)`` (exclusive), so a grant
recorded later never authorises an earlier act.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from blokketen._exceptions import InputError

__all__ = ["OPEN_ENDED", "RoleWindow", "holds_at"]

OPEN_ENDED = 2**64 - 1
"""``validUntil`` of a window that lasts until it is ended (``RoleWindows.OPEN_ENDED``)."""


@dataclass(frozen=True)
class RoleWindow:
    """One grant as stored: the decision's window, when the chain recorded it and when it was
    ended (0 while not ended). Times are block timestamps (seconds)."""

    valid_from: int
    valid_until: int
    recorded_at: int
    ended_at: int = 0

    @classmethod
    def from_tuple(cls, row: Sequence[int]) -> RoleWindow:
        """A window from the ``(validFrom, validUntil, recordedAt, endedAt)`` an eth_call gives."""
        if len(row) != 4:
            raise InputError("window", f"expected 4 numbers, got {len(row)}")
        return cls(*(int(v) for v in row))

    @property
    def effective_from(self) -> int:
        """When it starts to count: ``max(valid_from, recorded_at)``."""
        return max(self.valid_from, self.recorded_at)

    @property
    def effective_until(self) -> int:
        """When it stops counting (exclusive): ``min(valid_until, ended_at)``."""
        return self.valid_until if self.ended_at == 0 else min(self.valid_until, self.ended_at)

    @property
    def ended(self) -> bool:
        return self.ended_at != 0

    def counts_at(self, t: int) -> bool:
        """Whether this window counts at time ``t``."""
        return self.effective_from <= t < self.effective_until


def holds_at(windows: Iterable[RoleWindow], t: int, *, now: int) -> bool:
    """Whether some window counts at ``t``; False for a ``t`` after ``now`` (the chain's
    latest block time), as the contract answers."""
    if t > now:
        return False
    return any(window.counts_at(t) for window in windows)
