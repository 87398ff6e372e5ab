"""The privacy guard every pilot's tests use: no personal data in what reaches a node.

:class:`PrivacyGuard` scans transactions (input, logs, storage written, code created) and
call requests for Belgian national numbers, e-mail addresses, deny-listed field names and
secret values a test hands in; :meth:`PrivacyGuard.prove_it_catches_a_leak` is the positive
control. :mod:`~blokketen.privacy.detectors` holds what it looks for (pure code).
"""

from blokketen.privacy.detectors import DENY_FIELDS, Secret, is_national_number
from blokketen.privacy.guard import Finding, PrivacyGuard

__all__ = ["DENY_FIELDS", "Finding", "PrivacyGuard", "Secret", "is_national_number"]
