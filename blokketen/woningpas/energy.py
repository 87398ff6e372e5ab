"""The energy correction (EC) of a social rent, taken from a dwelling's reference EPC.

The formula the central register uses is not public. The EC therefore comes from a rule the
housing authority *supplies* per rent year; this module never invents one. A rule here is a
supplied amount per EPC label (cents a month) and the cap the law puts on it (the EC may not
exceed the tenant's energy saving; the cap is supplied too). A rent year without a supplied
rule is :class:`~blokketen.MissingRuleParameter` (``energy_correction_rule``), as the register
answers a validation error for a year without a reference version.

Rules are read from a Belgian-locale CSV (``;`` separator, amounts in euro with a decimal
comma)::

    jaar;label;ec_per_maand;besparingsplafond
    2025;E;17,13;32,13
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from blokketen._exceptions import InputError, MissingRuleParameter
from blokketen.woningpas.types import Label

__all__ = ["EnergyCorrectionRule", "EnergyCorrectionRules", "parse_rules_csv"]


@dataclass(frozen=True)
class EnergyCorrectionRule:
    """The supplied EC rule of one rent year: cents a month per label, and the cap."""

    year: int
    cents_per_label: Mapping[Label, int]
    saving_cap: int

    def correction(self, label: Label) -> int:
        """The EC in cents a month for a reference EPC labelled ``label``: the supplied amount,
        refused when it is negative or above the cap."""
        if label not in self.cents_per_label:
            raise MissingRuleParameter(f"energy_correction.{Label(label).text}", self.year)
        amount = self.cents_per_label[label]
        if amount < 0:
            raise InputError("energy_correction", f"{amount} cents is negative")
        if amount > self.saving_cap:
            raise InputError("energy_correction",
                             f"{amount} cents exceeds the saving cap of {self.saving_cap}")
        return amount


@dataclass(frozen=True)
class EnergyCorrectionRules:
    """The supplied rules by rent year."""

    by_year: Mapping[int, EnergyCorrectionRule] = field(default_factory=dict)

    def rule(self, year: int) -> EnergyCorrectionRule:
        """The rule of ``year``; :class:`MissingRuleParameter` when none was supplied."""
        found = self.by_year.get(year)
        if found is None:
            raise MissingRuleParameter("energy_correction_rule", year)
        return found


def _cents(text: str, field_name: str) -> int:
    cleaned = text.strip().replace("€", "").replace(" ", "").replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(field_name, f"{text!r} is not an amount in euro") from None
    cents = value * 100
    if cents != cents.to_integral_value():
        raise InputError(field_name, f"{text!r} has fractions of a cent")
    return int(cents)


def parse_rules_csv(text: str) -> EnergyCorrectionRules:
    """Rules from a ``;``-separated CSV with columns ``jaar;label;ec_per_maand;
    besparingsplafond`` (one row per year and label; one cap per year)."""
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    needed = {"jaar", "label", "ec_per_maand", "besparingsplafond"}
    if reader.fieldnames is None or not needed <= {f.strip() for f in reader.fieldnames}:
        raise InputError("rules", f"columns {', '.join(sorted(needed))} expected")
    amounts: dict[int, dict[Label, int]] = {}
    caps: dict[int, int] = {}
    for line, row in enumerate(reader, start=2):
        clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        try:
            year = int(clean["jaar"])
        except ValueError:
            raise InputError(f"rules line {line} jaar",
                             f"{clean['jaar']!r} is not a year") from None
        label = Label.parse(clean["label"])
        cap = _cents(clean["besparingsplafond"], f"rules line {line} besparingsplafond")
        if caps.setdefault(year, cap) != cap:
            raise InputError(f"rules line {line} besparingsplafond", f"differs for {year}")
        per_label = amounts.setdefault(year, {})
        if label in per_label:
            raise InputError(f"rules line {line} label", f"{label.text} twice for {year}")
        amount = _cents(clean["ec_per_maand"], f"rules line {line} ec_per_maand")
        if amount < 0 or amount > cap:
            raise InputError(f"rules line {line} ec_per_maand",
                             f"{amount} cents lies outside [0, {cap}]")
        per_label[label] = amount
    return EnergyCorrectionRules({y: EnergyCorrectionRule(y, amounts[y], caps[y]) for y in amounts})
