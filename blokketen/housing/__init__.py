"""The social-rent pilot (kaderbesluit sociale huur), one room:

- :mod:`~blokketen.housing.types` value types (households, dwellings, rule sets, results);
  :mod:`~blokketen.housing.rules` the exact reference of the rules;
  :mod:`~blokketen.housing.params` the sourced parameters per rule year;
  :mod:`~blokketen.housing.dwellings` keyed dwelling references;
  :mod:`~blokketen.housing.deployment` the contract's admin hand-over delay;
  :mod:`~blokketen.housing.scenarios` scenario files. None of these needs a chain.
- :mod:`~blokketen.housing.client` the typed client :class:`SocialRentRules` (rent and
  eligibility computed locally from the published parameters by default);
  :mod:`~blokketen.housing.replay` scenario replay on chain.
- :mod:`~blokketen.housing.cli` the ``blokketen housing ...`` verbs,
  :mod:`~blokketen.housing.demo` its part of ``make demo``,
  :mod:`~blokketen.housing.pilot` its registration.

This package exports what needs no chain; import the client from its module.
"""

from __future__ import annotations

from blokketen._exceptions import MissingRuleParameter
from blokketen.housing.params import available_years, load_year, rule_set
from blokketen.housing.rules import commitment, eligibility, rent
from blokketen.housing.types import (
    Decision,
    Dwelling,
    Eligibility,
    Household,
    RentBreakdown,
    RuleParameters,
    RuleSet,
    format_cents,
    to_cents,
)

__all__ = [
    "Decision",
    "Dwelling",
    "Eligibility",
    "Household",
    "MissingRuleParameter",
    "RentBreakdown",
    "RuleParameters",
    "RuleSet",
    "available_years",
    "commitment",
    "eligibility",
    "format_cents",
    "load_year",
    "rent",
    "rule_set",
    "to_cents",
]
