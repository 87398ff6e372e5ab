"""Social-housing rental rules: exact reference, sourced parameters, scenario files.

The on-chain side is :class:`blokketen.housing.client.SocialRentRules`; this package needs
no chain.
"""

from __future__ import annotations

from blokketen.housing.params import available_years, load_year, rule_set
from blokketen.housing.rules import (
    Decision,
    Dwelling,
    Eligibility,
    Household,
    MissingRuleParameter,
    RentBreakdown,
    RuleParameters,
    RuleSet,
    commitment,
    eligibility,
    format_cents,
    rent,
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
