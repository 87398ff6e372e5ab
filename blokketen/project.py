"""Where things live in a Blokketen project (a Brownie-compatible folder)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from blokketen._exceptions import ConfigurationError

if TYPE_CHECKING:
    from blokketen.toolchain.artifacts import ArtifactStore

_MARKERS = ("brownie-config.yaml", "package.json")


@dataclass(frozen=True)
class Project:
    """Paths of one project; every other module asks this class, never guesses."""

    root: Path

    @classmethod
    def find(cls, start: Path | str | None = None) -> Project:
        """The project around ``start``, else $BLOKKETEN_PROJECT, else the working directory."""
        env = os.environ.get("BLOKKETEN_PROJECT")
        here = Path(start or env or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "contracts").is_dir() and any((folder / m).exists() for m in _MARKERS):
                return cls(folder)
        raise ConfigurationError(
            f"no Blokketen project around {here}: expected a folder with contracts/ and "
            "brownie-config.yaml"
        )

    @property
    def contracts(self) -> Path:
        return self.root / "contracts"

    @property
    def node_modules(self) -> Path:
        return self.root / "node_modules"

    @property
    def build(self) -> Path:
        """Blokketen's artifact store (Brownie keeps its own files beside it in build/)."""
        return self.root / "build" / "blokketen"

    def artifacts(self, build_set: str = "contracts") -> ArtifactStore:
        """The artifact store of one build set (``contracts``, or ``tests`` for test contracts)."""
        from blokketen.toolchain.artifacts import ArtifactStore

        return ArtifactStore(self.build / build_set)

    @property
    def local_state(self) -> Path:
        """Git-ignored working files: the solc shim, dev-chain state."""
        return self.root / ".blokketen"

    @property
    def solc_shim_dir(self) -> Path:
        return self.local_state / "solc-bin"

    @property
    def deployments(self) -> Path:
        return self.root / "deployments"
