"""A school's spreadsheet of learners' claims, as Excel exports it in Flanders: ``;``-separated
CSV ("CSV (puntkomma)"), UTF-8 (with or without the byte-order mark) or Windows-1252, Dutch
column names, dates as ``dd/mm/jjjj`` or ISO, one row per claim.

Columns (any order; case and blanks around names do not matter): ``houder`` (the learner's
address), ``kader`` (``competent:2.0`` or ``esco:v1.2.0``; ``Competent`` and ``ESCO`` are read
as those), ``code``, ``soort`` (``vaardigheid``, ``kennis``, ``attitude``, ``soft skill`` or
the English kinds), ``leerresultaat``, ``niveau`` (a whole number 1-8: ``3,0`` is refused),
``beoordeeld_op``, ``authenticiteit`` (``authentiek`` or ``zelfverklaard``) and optionally
``bewijs_hash``. Text is normalised to Unicode NFC. Any other column is refused: a name or
national number column never gets past this reader. Every bad cell of the file is reported at
once (:class:`BadRowsError`, by line and column); nothing is proposed then."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Mapping
from pathlib import Path

from blokketen._exceptions import BadRowsError, InputError, RowProblem
from blokketen.common import canonical
from blokketen.competence.claims import Claim
from blokketen.competence.credentials import LearnerEntry
from blokketen.competence.types import Framework
from blokketen.contract import checks as check

__all__ = ["COLUMNS", "parse_learners_csv", "read_learners_csv"]

COLUMNS = ("houder", "kader", "code", "soort", "leerresultaat", "niveau", "beoordeeld_op",
           "authenticiteit", "bewijs_hash")
"""The columns, in the order problems are reported; all but ``bewijs_hash`` are required."""
_REQUIRED = COLUMNS[:-1]
_KINDS = {"vaardigheid": "skill", "kennis": "knowledge", "attitude": "behaviour",
          "gedrag": "behaviour", "soft skill": "soft-skill", "softskill": "soft-skill",
          "skill": "skill", "knowledge": "knowledge", "behaviour": "behaviour",
          "soft-skill": "soft-skill"}
_AUTHENTICITY = {"authentiek": "authentic", "authentic": "authentic",
                 "zelfverklaard": "self-declared", "zelf verklaard": "self-declared",
                 "self-declared": "self-declared"}
_FRAMEWORKS = {"competent": Framework.COMPETENT.value, "esco": Framework.ESCO.value}
_BELGIAN_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_FIELD_OF = {"framework": "kader", "code": "code", "kind": "soort",
             "learningOutcome": "leerresultaat", "level": "niveau", "assessedOn": "beoordeeld_op",
             "authenticity": "authenticiteit", "evidenceHash": "bewijs_hash"}


def read_learners_csv(path: Path | str) -> list[LearnerEntry]:
    """The learners of the spreadsheet export at ``path`` (see the module description)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror or err}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="strict") if _is_cp1252(raw) else ""
        if not text:
            raise InputError(str(path), "is neither UTF-8 nor Windows-1252 text") from None
    return parse_learners_csv(text, source=str(path))


def parse_learners_csv(text: str, *, source: str | None = None) -> list[LearnerEntry]:
    """The learners of a ``;``-separated export held in ``text``, one per distinct ``houder``
    in the order they first appear."""
    reader = csv.reader(io.StringIO(text), delimiter=";")
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(source or "file", "is empty") from None
    names = [h.strip().lower().replace(" ", "_") for h in header]
    problems = [RowProblem(1, name or f"column {n + 1}", "is not a column of a learners' "
                           f"file (columns: {', '.join(COLUMNS)})")
                for n, name in enumerate(names) if name not in COLUMNS]
    problems += [RowProblem(1, c, "column missing from the header") for c in _REQUIRED
                 if c not in names]
    if problems:
        raise BadRowsError(problems, columns=COLUMNS, source=source)
    grouped: dict[str, list[Claim]] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        values = {name: (row[i].strip() if i < len(row) else "") for i, name in
                  enumerate(names)}
        holder, claim, found = _row(values, line)
        problems += found
        if holder is not None and claim is not None:
            grouped.setdefault(holder, []).append(claim)
    if problems:
        raise BadRowsError(problems, columns=COLUMNS, source=source)
    if not grouped:
        raise InputError(source or "file", "holds no claims (an empty batch is refused)")
    return [LearnerEntry(holder=holder, claims=tuple(claims))
            for holder, claims in grouped.items()]


def _row(values: Mapping[str, str], line: int
         ) -> tuple[str | None, Claim | None, list[RowProblem]]:
    problems: list[RowProblem] = []
    holder: str | None = None
    try:
        holder = check.address("houder", values.get("houder", ""))
    except InputError as err:
        problems.append(RowProblem(line, "houder", err.problem))
    record: dict[str, object] = {}
    framework = values.get("kader", "")
    record["framework"] = _FRAMEWORKS.get(framework.lower(), framework)
    record["code"] = values.get("code", "")
    kind = values.get("soort", "")
    record["kind"] = _KINDS.get(kind.lower(), kind)
    record["learningOutcome"] = values.get("leerresultaat", "")
    level = values.get("niveau", "")
    if level.isdigit():
        record["level"] = int(level)
    else:
        problems.append(RowProblem(line, "niveau", f"{level!r} is not a whole number from "
                                                   "1 to 8"))
        record["level"] = 1
    day = values.get("beoordeeld_op", "")
    belgian = _BELGIAN_DATE.fullmatch(day)
    if belgian:
        try:
            day = datetime.date(int(belgian.group(3)), int(belgian.group(2)),
                                int(belgian.group(1))).isoformat()
        except ValueError:
            problems.append(RowProblem(line, "beoordeeld_op", f"{day!r} is not a date"))
            day = "2000-01-01"
    record["assessedOn"] = day
    authenticity = values.get("authenticiteit", "")
    record["authenticity"] = _AUTHENTICITY.get(authenticity.lower(), authenticity)
    if values.get("bewijs_hash"):
        record["evidenceHash"] = values["bewijs_hash"].lower()
    if problems:
        return holder, None, problems
    try:
        claim = Claim.from_dict(canonical.nfc(record))  # an export's text, NFC-normalised
    except InputError as err:
        return holder, None, [RowProblem(line, _FIELD_OF.get(err.field, err.field),
                                         err.problem)]
    return holder, claim, []


def _is_cp1252(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True
