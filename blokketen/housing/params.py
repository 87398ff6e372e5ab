"""The sourced parameter sets per rule year (``params/<year>.yaml``) and the public
parameter schema shared with scenario files.

Each value in a year file carries its source, status (``V``, ``V?``, ``I``) and confidence.
Values the domain file marks as not found are absent (listed under ``not_found``); a
computation that needs one raises :class:`~blokketen.MissingRuleParameter`.

YAML numbers are read exactly: ``287.27`` becomes ``Decimal("287.27")``, never a float.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

from blokketen._exceptions import InputError
from blokketen.housing.types import PARAMETER_NAMES, RuleParameters, RuleSet, to_cents

__all__ = [
    "PARAMS_DIR",
    "ParameterSource",
    "SourcedYear",
    "available_years",
    "load_year",
    "parameters_from_mapping",
    "read_yaml",
    "rule_set",
]

PARAMS_DIR = Path(__file__).with_name("params")
"""The folder of the sourced parameter files (``<year>.yaml``)."""

_GROUPS = {
    "income_limit": ("single", "single_disabled", "other", "per_dependant"),
    "family_discount": ("full", "half", "double"),
    "min_rent": ("low", "high"),
    "leefloon_annual": ("single", "cohabiting", "family"),
}
_SCALARS = ("patrimony_discount_max",)
_LISTS = {"divisors": 4, "band_edges": 3}


@cache
def _exact_loader() -> type[yaml.SafeLoader]:
    """A SafeLoader that turns YAML floats into Decimal (exact cents); made on first use,
    so that importing this module (``blokketen --help``) does not load PyYAML."""
    import yaml

    class ExactLoader(yaml.SafeLoader):
        """SafeLoader that turns YAML floats into Decimal."""

    def decimal(loader: yaml.SafeLoader, node: yaml.nodes.Node) -> Decimal:
        text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
        return Decimal(text.replace("_", ""))

    ExactLoader.add_constructor("tag:yaml.org,2002:float", decimal)
    return ExactLoader


def read_yaml(path: Path) -> Any:
    """Parse a YAML file with exact numbers; a syntax error becomes an InputError naming it."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        return yaml.load(text, Loader=_exact_loader())  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"not valid YAML: {exc}") from None
    except ArithmeticError:
        raise InputError(str(path), "a number is not a valid decimal") from None


@dataclass(frozen=True)
class ParameterSource:
    """Where one value comes from."""

    name: str
    source: str
    status: str
    confidence: str


@dataclass(frozen=True)
class SourcedYear:
    """A rule year's sourced values, their sources, and the values not found (with a note)."""

    year: int
    legal_basis: str
    parameters: RuleParameters
    sources: Mapping[str, ParameterSource]
    not_found: Mapping[str, str]

    def rule_set(self, overrides: RuleParameters | None = None, *, version: int = 1) -> RuleSet:
        """These values as a rule set, with ``overrides`` added or replacing them."""
        params = self.parameters if overrides is None else self.parameters.merged(overrides)
        return RuleSet(year=self.year, parameters=params, version=version)


def available_years() -> tuple[int, ...]:
    """The rule years that have a sourced parameter file."""
    return tuple(sorted(int(p.stem) for p in PARAMS_DIR.glob("[0-9][0-9][0-9][0-9].yaml")))


@cache
def load_year(year: int) -> SourcedYear:
    """The sourced values of ``year``; a year without a file has none (all to be supplied)."""
    path = PARAMS_DIR / f"{year}.yaml"
    if not path.exists():
        return SourcedYear(year, "", RuleParameters(), {}, {"*": "no sourced values"})
    doc = read_yaml(path)
    where = path.name
    if not isinstance(doc, dict) or doc.get("year") != year:
        raise InputError(where, f"expected a mapping with year: {year}")
    values = doc.get("values") or {}
    flat: dict[str, Any] = {}
    sources: dict[str, ParameterSource] = {}
    for name, entry in values.items():
        if name not in PARAMETER_NAMES:
            raise InputError(f"{where}: values.{name}", "unknown parameter")
        if not isinstance(entry, dict) or "value" not in entry or "source" not in entry:
            raise InputError(f"{where}: values.{name}", "needs value and source")
        flat[name] = entry["value"]
        sources[name] = ParameterSource(
            name, str(entry["source"]), str(entry.get("status", "")), str(entry["confidence"])
        )
    params = _build(flat, where)
    not_found = {str(k): str(v) for k, v in (doc.get("not_found") or {}).items()}
    return SourcedYear(year, str(doc.get("legal_basis", "")), params, sources, not_found)


def rule_set(year: int, overrides: RuleParameters | None = None, *, version: int = 1) -> RuleSet:
    """The sourced values of ``year`` with ``overrides`` added or replacing them."""
    return load_year(year).rule_set(overrides, version=version)


def parameters_from_mapping(data: object, where: str = "parameters") -> RuleParameters:
    """Read the public schema (``income_limit: {single: ...}``, ``divisors: [...]`` ...).

    Amounts in euro (exact decimals); divisors and band edges whole numbers. Errors name
    ``where`` and the field (``parameters.min_rent.low``)."""
    if data is None:
        return RuleParameters()
    if not isinstance(data, dict):
        raise InputError(where, "a mapping of rule parameters expected")
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key in _GROUPS:
            if not isinstance(value, dict):
                raise InputError(f"{where}.{key}", "a mapping expected")
            for sub, amount in value.items():
                if sub not in _GROUPS[key]:
                    raise InputError(
                        f"{where}.{key}.{sub}",
                        f"unknown; one of {', '.join(_GROUPS[key])}",
                    )
                flat[f"{key}.{sub}"] = amount
        elif key in _SCALARS or key in _LISTS:
            flat[str(key)] = value
        else:
            known = ", ".join([*_GROUPS, *_SCALARS, *_LISTS])
            raise InputError(f"{where}.{key}", f"unknown parameter; known: {known}")
    return _build(flat, where)


def _build(flat: Mapping[str, Any], where: str) -> RuleParameters:
    kwargs: dict[str, Any] = {}
    for name, value in flat.items():
        label = f"{where}.{name}"
        if name in _LISTS:
            size = _LISTS[name]
            if not isinstance(value, list) or len(value) != size:
                raise InputError(label, f"a list of {size} whole numbers expected")
            items = []
            for item in value:
                if isinstance(item, bool) or not isinstance(item, int | Decimal):
                    raise InputError(label, f"whole numbers expected, not {item!r}")
                if item != int(item):
                    raise InputError(label, f"whole numbers expected, not {item}")
                items.append(int(item))
            kwargs[RuleParameters.attribute(name)] = tuple(items)
        else:
            if value is None or isinstance(value, str | bool):
                raise InputError(label, f"an amount in euro expected, not {value!r}")
            kwargs[RuleParameters.attribute(name)] = to_cents(value, label)
    try:
        return RuleParameters(**kwargs)
    except InputError as exc:
        raise InputError(f"{where}.{exc.field}", exc.problem) from None
