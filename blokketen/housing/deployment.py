"""How a SocialRentRules is deployed: what its constructor takes besides the admin."""

from __future__ import annotations

__all__ = ["ADMIN_DELAY"]

ADMIN_DELAY = 2 * 24 * 3600
"""Seconds between proposing a new admin of SocialRentRules and its taking over (two days):
long enough for the rule admin, the registrar and the landlords to see a hand-over coming
and object, short enough to replace a lost or compromised admin key within the week."""
