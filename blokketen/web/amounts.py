"""Amounts and counts as people type them on a Flemish form.

``40000``, ``40000,50``, ``40.000,50``, ``40 000,50`` and ``40000.50`` are all accepted:
a comma is the decimal mark and a point then separates thousands; with no comma a point is
the decimal mark. Results are integer cents (never floats); problems raise InputError
naming the form field."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from blokketen._exceptions import InputError
from blokketen.web.i18n import Texts

__all__ = ["cents", "count", "display", "euro", "whole"]

_PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_MAX_CENTS = 10**15


def euro(field: str, text: str, *, t: Texts) -> Decimal:
    """The amount in euro that ``text`` says (exactly); messages in ``t``'s language."""
    value = text.strip().replace(" ", "").replace("\u00a0", "").replace("€", "")
    if not value:
        raise InputError(field, t("amount.empty"))
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    if not _PLAIN.match(value):
        raise InputError(field, t("amount.not_amount", text=repr(text)))
    try:
        return Decimal(value)
    except InvalidOperation:  # pragma: no cover - the pattern already refused it
        raise InputError(field, t("amount.not_amount", text=repr(text))) from None


def cents(field: str, text: str, *, t: Texts, default: int | None = None) -> int:
    """Whole cents of a non-negative amount with at most two decimals."""
    if not text.strip() and default is not None:
        return default
    amount = euro(field, text, t=t)
    if amount < 0:
        raise InputError(field, t("amount.negative"))
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise InputError(field, t("amount.decimals"))
    if scaled > _MAX_CENTS:
        raise InputError(field, t("amount.too_large"))
    return int(scaled)


def count(field: str, text: str, *, t: Texts, maximum: int = 65535) -> int:
    """A whole number from 0 to ``maximum`` (empty is 0)."""
    value = text.strip()
    if not value:
        return 0
    if not value.isdigit():
        raise InputError(field, t("count.range", maximum=maximum))
    number = int(value)
    if number > maximum:
        raise InputError(field, t("count.range", maximum=maximum))
    return number


def display(cents: int, lang: str) -> str:
    """An amount as a page shows it: ``40.000,00`` in Dutch, ``40,000.00`` in English."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    grouped = f"{whole:,}"
    if lang == "nl":
        return f"{sign}{grouped.replace(',', '.')},{part:02d}"
    return f"{sign}{grouped}.{part:02d}"


def whole(number: int, lang: str) -> str:
    """A whole number with its thousands marked: ``12.500`` in Dutch, ``12,500`` in English."""
    grouped = f"{number:,}"
    return grouped.replace(",", ".") if lang == "nl" else grouped
