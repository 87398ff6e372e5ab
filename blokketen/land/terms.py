"""The land registry's public terms, the same on chain and in Python (no chain needed): the
delay of an admin hand-over that deploy gives the constructor, and the periods the contract
holds as constants (a test compares them with the contract's)."""

from __future__ import annotations

__all__ = ["ADMIN_DELAY", "MAX_TRANSFER_PERIOD", "PREEMPTION_NOTICE_PERIOD"]

_DAY = 86_400

ADMIN_DELAY = 2 * _DAY
"""Seconds between proposing a new admin of the land registry and its taking over: two days,
so a hand-over (a mistaken one, or one made with a stolen key) is public for two days before
it takes effect, time to cancel it (``cancelDefaultAdminTransfer``). The contract accepts at
most 30 days."""

MAX_TRANSFER_PERIOD = 120 * _DAY
"""The longest a transfer may stay pending (``MAX_TRANSFER_PERIOD``): the four months in which
a sale agreement is usually passed as a notarial deed, four times the pre-emption notice."""

PREEMPTION_NOTICE_PERIOD = 30 * _DAY
"""How long a pre-emption holder has to react before a transfer may complete without its
waiver (``PREEMPTION_NOTICE_PERIOD``), counted from the latest of the filing, the right's
recording and the start of its validity."""
