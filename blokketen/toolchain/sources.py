"""Collect the Solidity sources of a project and everything they import."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from blokketen._exceptions import CompileError
from blokketen.toolchain.settings import PACKAGE_PREFIXES

_IMPORT = re.compile(r"""^\s*import\s+(?:[^"';]*?\bfrom\s+)?["']([^"']+)["']""", re.MULTILINE)


def project_sources(root: Path, folders: tuple[str, ...]) -> list[str]:
    """Source unit names (posix paths relative to ``root``) of every .sol file in ``folders``."""
    names: list[str] = []
    for folder in folders:
        base = root / folder
        if not base.is_dir():
            raise CompileError(f"source folder not found: {folder}")
        names.extend(p.relative_to(root).as_posix() for p in sorted(base.rglob("*.sol")))
    return names


def disk_path(root: Path, unit: str) -> Path:
    """The file behind a source unit name: an npm package path or a project path."""
    for prefix, folder in PACKAGE_PREFIXES.items():
        if unit.startswith(prefix):
            return root / folder / unit[len(prefix) :]
    return root / unit


def resolve_import(importer: str, target: str) -> str:
    """The source unit name solc gives ``import target`` inside ``importer``."""
    if target.startswith(("./", "../")):
        return posixpath.normpath(posixpath.join(posixpath.dirname(importer), target))
    return target


def collect(root: Path, entry_units: list[str]) -> dict[str, str]:
    """All source texts needed to compile ``entry_units``, keyed by source unit name."""
    texts: dict[str, str] = {}
    pending = list(entry_units)
    while pending:
        unit = pending.pop()
        if unit in texts:
            continue
        path = disk_path(root, unit)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            importers = [u for u, t in texts.items() if unit in _imports(u, t)]
            where = f" (imported by {importers[0]})" if importers else ""
            raise CompileError(f"source not found: {unit}{where}") from None
        texts[unit] = text
        pending.extend(_imports(unit, text))
    return dict(sorted(texts.items()))


def _imports(unit: str, text: str) -> list[str]:
    return [resolve_import(unit, m) for m in _IMPORT.findall(text)]
