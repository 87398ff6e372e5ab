"""Sample pages of a made-up municipality (Gemeente Heuvelbeke), written in the published
besluit-publicatie model as municipalities publish them: the council's decision list of
24 February 2026 (published, with one closed decision sealed, and the internal version that
shows it in full, with its salt), the college's decision list of 2 March 2026, and the
council's minutes of 24 February 2026 in a first version and a version corrected at approval.
Only public office holders' roles appear, no names."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

__all__ = ["COLLEGE", "COUNCIL", "COUNCIL_CLOSED_DECISION", "sample_path", "sample_salts"]

COUNCIL = "http://data.lblod.info/id/bestuursorganen/heuvelbeke-gemeenteraad-2025-2030"
"""The sample municipality's council (gemeenteraad)."""
COLLEGE = "http://data.lblod.info/id/bestuursorganen/heuvelbeke-college-2025-2030"
"""The sample municipality's college of mayor and aldermen."""
COUNCIL_CLOSED_DECISION = "http://data.lblod.info/id/besluiten/2026_GR_00034"
"""The council's decision of a closed treatment in the samples."""


def sample_path(name: str) -> Path:
    """The path of sample ``name`` (e.g. ``gr-2026-02-24-besluitenlijst.html``)."""
    path = Path(str(resources.files("blokketen.decisions.samples").joinpath(name)))
    if not path.is_file():
        from blokketen._exceptions import InputError

        raise InputError("sample", f"no sample page {name!r}")
    return path


def sample_salts() -> dict[str, bytes]:
    """The salts of the council's closed decisions (kept by the municipality, never published)."""
    data = json.loads(sample_path("gr-2026-02-24-zouten.json").read_text(encoding="utf-8"))
    return {uri: bytes.fromhex(value.removeprefix("0x")) for uri, value in data.items()}
