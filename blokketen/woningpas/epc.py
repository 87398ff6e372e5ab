"""EPC rules and the EPC parser: pure code, checked the same way by the contract.

Rules (the Flemish residential EPC, VEKA):

- the score is the primary energy use in kWh/m² a year, within [-500, 2000] (bounds of this
  registry: a wider value is a typing error, not a dwelling);
- labels by band: A+ below 0, A 0..100, B 101..200, C 201..300, D 301..400, E 401..500, F above
  500 (whole kWh; a decimal score is rounded half up first);
- an EPC is valid ten years: at most :data:`MAX_VALIDITY_DAYS` days (three leap days) after
  its issue date, and its end lies after the issue date;
- a certificate number is ``YYYYMMDD-NNNNNNNNNN[-RES]-V`` (issue date, ten-digit serial, an
  optional ``RES`` for residential and a version), inferred from two public samples
  (``20170401-0001948124-1``, ``20230809-0002961152-RES-1``); its date is a real date.

The parser reads an EPC as the public interfaces give it: the XML of MAGDA ``GeefEpc`` (an
``Epc`` element) or the JSON of the social-dwelling register (an ``epcWaarden`` version with
codes ``CNR``, ``EPT``, ``EPK``, ``DEP``). It builds an :class:`EpcRecord` from an allow-list
of fields, so the energy expert (names, ``EpCode``, company), the ``LaatstGewijzigdDoorNaam``
and the address never reach the hash of the committed record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree

from blokketen._exceptions import InputError
from blokketen.woningpas.types import EpcRecord, Label

__all__ = ["MAX_SCORE", "MAX_VALIDITY_DAYS", "MIN_SCORE", "check_certificate_number",
           "check_label", "check_validity", "label_of", "parse_epc", "parse_epc_json",
           "parse_epc_xml", "parse_score", "ten_years_after"]

MIN_SCORE = -500
"""Lowest score accepted, kWh/m² a year."""
MAX_SCORE = 2000
"""Highest score accepted, kWh/m² a year."""
MAX_VALIDITY_DAYS = 3653
"""Ten years with three leap days: the longest an EPC or asbestos attest is valid."""

_CERTIFICATE = re.compile(r"(?P<day>[0-9]{8})-[0-9]{10}(-RES)?-[1-9][0-9]{0,2}")
_SCORE_TYPE = "primaireEnergieVerbruikPerVierkanteMeter"
_BELGIAN_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def label_of(score: int) -> Label:
    """The label of a whole score (``DwellingPassRegistry.labelOf``)."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise InputError("score", f"a whole number of kWh/m² a year expected, not {score!r}")
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise InputError("score", f"{score} kWh/m² a year lies outside [{MIN_SCORE}, {MAX_SCORE}]")
    if score < 0:
        return Label.A_PLUS
    if score > 500:
        return Label.F
    return Label.A if score == 0 else Label(Label.A + (score - 1) // 100)


def check_label(score: int, label: Label | str) -> Label:
    """``label`` if it is the label of ``score``; InputError naming ``label`` otherwise."""
    given = label if isinstance(label, Label) else Label.parse(label)
    banded = label_of(score)
    if given is not banded:
        raise InputError("label", f"{given.text} does not match score {score} (band {banded.text})")
    return given


def check_certificate_number(number: str) -> str:
    """``number`` if it has the certificate format and a real date; InputError otherwise."""
    text = number.strip() if isinstance(number, str) else ""
    match = _CERTIFICATE.fullmatch(text)
    if not match:
        raise InputError("certificate_number",
                         f"{number!r} is not of the form YYYYMMDD-NNNNNNNNNN[-RES]-V")
    day = match.group("day")
    try:
        date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError:
        raise InputError("certificate_number", f"{number!r} starts with no real date") from None
    return text


def ten_years_after(day: date) -> date:
    """The same calendar day ten years later (29 February: 1 March)."""
    try:
        return day.replace(year=day.year + 10)
    except ValueError:
        return date(day.year + 10, 3, 1)


def check_validity(issue: date, valid_until: date, *, field: str = "valid_until") -> None:
    """Refuse an end not after the issue date or more than ten years after it."""
    if valid_until <= issue:
        raise InputError(field, f"{valid_until} is not after the issue date {issue}")
    if valid_until - issue > timedelta(days=MAX_VALIDITY_DAYS):
        raise InputError(field, f"{valid_until} is more than ten years after {issue}")


def parse_score(text: str | int, *, field: str = "score") -> int:
    """A score as written (``309.00``, ``404,00000``, ``-12``): rounded half up to whole kWh."""
    if isinstance(text, int) and not isinstance(text, bool):
        label_of(text)  # range check
        return text
    if not isinstance(text, str):
        raise InputError(field, f"a number expected, not {text!r}")
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned:
        if "." in cleaned:
            cleaned = cleaned.replace(".", "")  # 1.234,5: thousands dots
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(field, f"{text!r} is not a number") from None
    if not value.is_finite():
        raise InputError(field, f"{text!r} is not a number")
    whole = int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if not MIN_SCORE <= whole <= MAX_SCORE:
        raise InputError(field, f"{text} kWh/m² a year lies outside [{MIN_SCORE}, {MAX_SCORE}]")
    return whole


def _record(*, number: str, issue: date, valid_until: date | None, score: int,
            label: str | None, epc_type: str, build_year: int | None) -> EpcRecord:
    number = check_certificate_number(number)
    end = valid_until or ten_years_after(issue)
    check_validity(issue, end)
    banded = label_of(score)
    if label is not None and label.strip():
        check_label(score, label)
    epc_type = epc_type.strip()
    if not epc_type or len(epc_type) > 64:
        raise InputError("epc_type", f"a short EPC type expected, not {epc_type!r}")
    if build_year is not None and not 1000 <= build_year <= issue.year:
        raise InputError("build_year", f"{build_year} is not a build year before {issue.year}")
    return EpcRecord(certificate_number=number, issue_date=issue, valid_until=end, score=score,
                     label=banded, epc_type=epc_type, build_year=build_year)


def _iso_date(text: str | None, field: str) -> date:
    if not text:
        raise InputError(field, "is missing")
    value = text.strip()
    belgian = _BELGIAN_DATE.fullmatch(value)
    try:
        if belgian:
            return date(int(belgian.group(3)), int(belgian.group(2)), int(belgian.group(1)))
        return date.fromisoformat(value[:10])
    except ValueError:
        raise InputError(field, f"{text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)") from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(":")[2]


def _child(parent: ElementTree.Element, name: str) -> ElementTree.Element | None:
    for element in parent:
        if _local(element.tag) == name:
            return element
    return None


def _text(parent: ElementTree.Element, *path: str) -> str | None:
    node: ElementTree.Element | None = parent
    for name in path:
        node = _child(node, name) if node is not None else None
    return node.text.strip() if node is not None and node.text else None


def parse_epc_xml(data: bytes | str) -> EpcRecord:
    """The EPC in a MAGDA ``GeefEpc`` answer (the first ``Epc`` element): certificate number,
    issue and validity dates, the primary-energy score and label, the EPC type and build year.
    A document with a DTD is refused (no entity expansion)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise InputError("epc", "XML with a DTD or entities is refused")
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError as err:
        raise InputError("epc", f"is not XML: {err}") from None
    epc = next((e for e in root.iter() if _local(e.tag) == "Epc"), None)
    if epc is None:
        raise InputError("epc", "no Epc element")
    score_text: str | None = None
    label: str | None = None
    scores = _child(epc, "Scores")
    for score in scores if scores is not None else ():
        if _local(score.tag) == "Score" and score.get("type") == _SCORE_TYPE:
            score_text = _text(score, "Waarde")
            label = _text(score, "Label")
    if score_text is None:
        raise InputError("score", f"no Score of type {_SCORE_TYPE}")
    build = _text(epc, "BouwjaarVolgensEPC")
    try:
        build_year = int(build) if build else None
    except ValueError:
        raise InputError("build_year", f"{build!r} is not a year") from None
    until = _text(epc, "DatumGeldigheid")
    return _record(
        number=_text(epc, "Identificatie", "Attestnummer") or "",
        issue=_iso_date(_text(epc, "DatumIngediend"), "issue_date"),
        valid_until=_iso_date(until, "valid_until") if until else None,
        score=parse_score(score_text), label=label,
        epc_type=_text(epc, "EpcEenheidType") or "", build_year=build_year)


def parse_epc_json(data: bytes | str | Mapping[str, Any]) -> EpcRecord:
    """The EPC of one version of the social-dwelling register (``epcWaarden`` with codes
    ``CNR`` certificate number, ``EPT`` type, ``EPK`` score, ``DEP`` date), or of the
    ``Huidig`` version in a list (``epcVersies``). Codes not needed (``LGD``, the name of whoever
    changed it last, among them) are never read."""
    if isinstance(data, Mapping):
        body: Any = data
    else:
        try:
            body = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            raise InputError("epc", f"is not JSON: {err}") from None
    if isinstance(body, Mapping) and isinstance(body.get("value"), Mapping):
        body = body["value"]
    if isinstance(body, Mapping) and isinstance(body.get("epcVersies"), list):
        current = [v for v in body["epcVersies"]
                   if isinstance(v, Mapping) and v.get("status") == "Huidig"]
        if len(current) != 1:
            raise InputError("epcVersies", f"one Huidig version expected, found {len(current)}")
        body = current[0]
    if not isinstance(body, Mapping) or not isinstance(body.get("epcWaarden"), list):
        raise InputError("epcWaarden", "an EPC version with epcWaarden expected")
    values: dict[str, str] = {}
    for item in body["epcWaarden"]:
        if not isinstance(item, Mapping):
            raise InputError("epcWaarden", "each value must be an object")
        definition = item.get("epcWaardeDefinitie")
        code = definition.get("code") if isinstance(definition, Mapping) else item.get("code")
        if code in ("CNR", "EPT", "EPK", "DEP"):
            if code in values:
                raise InputError("epcWaarden", f"code {code} appears twice")
            values[str(code)] = str(item.get("waarde", ""))
    for code in ("CNR", "EPK", "DEP"):
        if code not in values:
            raise InputError("epcWaarden", f"code {code} is missing")
    return _record(number=values["CNR"], issue=_iso_date(values["DEP"], "issue_date"),
                   valid_until=None, score=parse_score(values["EPK"]), label=None,
                   epc_type=values.get("EPT", "EPC"), build_year=None)


def parse_epc(data: bytes | str) -> EpcRecord:
    """An EPC in either shape: XML when it starts with ``<``, JSON otherwise."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return parse_epc_xml(raw) if raw.lstrip().startswith(b"<") else parse_epc_json(raw)
