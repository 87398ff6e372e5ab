"""The renovation duty after a purchase (renovatieplicht), as the contract applies it.

A buyer of a dwelling whose EPC label at the deed date is worse than the target of the deed's
year must reach the target within five years of the authentic deed's date:

=========== ===========================================
deed year   target
=========== ===========================================
before 2023 no duty
2023-2027   D (so: E or F bought must reach D)
2028-2034   C
2035-2044   B for a house (or unknown kind), C for an apartment
from 2045   A
=========== ===========================================

The deadline is the same calendar day five years after the deed (29 February: 1 March). A
resale while the duty runs keeps its deadline; a later EPC issued on or after the deed date
that reaches the target meets it; past the deadline anyone may mark it breached.
"""

from __future__ import annotations

from datetime import date

from blokketen._exceptions import InputError
from blokketen.woningpas.types import DwellingKind, Label

__all__ = ["DUTY_FROM", "deadline_of", "duty_applies", "target_of"]

DUTY_FROM = date(2023, 1, 1)
"""Deeds from this day on carry the duty."""


def target_of(deed: date, kind: DwellingKind = DwellingKind.UNKNOWN) -> Label | None:
    """The label a purchase by a deed of ``deed`` must reach (None: no duty)."""
    if not isinstance(deed, date):
        raise InputError("deed_date", f"a date expected, not {deed!r}")
    year = deed.year
    if year < 2023:
        return None
    if year < 2028:
        return Label.D
    if year < 2035:
        return Label.C
    if year < 2045:
        return Label.C if DwellingKind(kind) is DwellingKind.APARTMENT else Label.B
    return Label.A


def deadline_of(deed: date) -> date:
    """Five years after ``deed`` (29 February: 1 March)."""
    try:
        return deed.replace(year=deed.year + 5)
    except ValueError:
        return date(deed.year + 5, 3, 1)


def duty_applies(deed: date, label: Label, kind: DwellingKind = DwellingKind.UNKNOWN) -> bool:
    """Whether buying a dwelling labelled ``label`` by a deed of ``deed`` starts the duty."""
    target = target_of(deed, kind)
    return target is not None and Label(label) > target
