"""The dwelling passport pilot (woningpas, VEKA), one room:

- :mod:`~blokketen.woningpas.types` value types (attestation types, EPC labels, results);
  :mod:`~blokketen.woningpas.epc` the EPC rules and the EPC parser (MAGDA XML, register
  JSON), which strips personal fields before anything is hashed;
  :mod:`~blokketen.woningpas.commitments` commitments, ids and leaves equal to the contract's;
  :mod:`~blokketen.woningpas.renovation` the renovation duty after a purchase;
  :mod:`~blokketen.woningpas.energy` supplied energy-correction rules per rent year;
  :mod:`~blokketen.woningpas.bundle` receipts and passport bundles. None of these needs a chain.
- :mod:`~blokketen.woningpas.client` the typed client :class:`DwellingPassRegistry` and the
  bundle verifier.
- :mod:`~blokketen.woningpas.cli` the ``blokketen woningpas ...`` verbs,
  :mod:`~blokketen.woningpas.demo` its part of ``make demo``,
  :mod:`~blokketen.woningpas.pilot` its registration.

This package exports what needs no chain; import the client from its module.
"""

from __future__ import annotations

from blokketen.woningpas.bundle import AttestationReceipt, PassBundle
from blokketen.woningpas.epc import label_of, parse_epc
from blokketen.woningpas.types import AttType, EpcRecord, Label

__all__ = ["AttType", "AttestationReceipt", "EpcRecord", "Label", "PassBundle", "label_of",
           "parse_epc"]
