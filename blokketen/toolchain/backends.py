"""Compiler backends: a native solc installed through py-solc-x, or solcjs from node_modules."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from blokketen._exceptions import ConfigurationError
from blokketen.toolchain.settings import SOLC_VERSION

BackendName = Literal["auto", "native", "solcjs"]
SOLCJS_SCRIPT = Path(__file__).with_name("solcjs_compile.js")


@dataclass(frozen=True)
class Backend:
    """How to run solc: ``command`` reads standard JSON on stdin and prints the output."""

    name: Literal["native", "solcjs"]
    command: tuple[str, ...]

    def compile(self, standard_input: dict[str, Any], cwd: Path) -> dict[str, Any]:
        proc = subprocess.run(
            self.command,
            input=json.dumps(standard_input).encode(),
            capture_output=True,
            cwd=cwd,
            check=False,
        )
        if proc.returncode != 0:
            raise ConfigurationError(
                f"{self.name} compiler failed (exit {proc.returncode}): "
                + proc.stderr.decode(errors="replace").strip()[-2000:]
            )
        out = proc.stdout.decode()
        start = out.find("{")  # solcjs may print a notice line before the JSON
        result: dict[str, Any] = json.loads(out[start:])
        return result


def native_solc() -> Path | None:
    """The native solc of the pinned version that py-solc-x has installed, if any."""
    try:
        from solcx.exceptions import SolcNotInstalled
        from solcx.install import get_executable
    except ImportError:  # pragma: no cover - py-solc-x is a dependency
        return None
    try:
        path = Path(get_executable(SOLC_VERSION))
    except (SolcNotInstalled, FileNotFoundError):
        return None
    # Our own shim (it runs solcjs) is not a native compiler.
    if path.exists() and path.read_bytes()[:2] == b"#!":
        return None
    return path


def select_backend(name: BackendName, project_root: Path) -> Backend:
    """The backend to use; ``auto`` prefers a native solc and falls back to solcjs."""
    if name in ("auto", "native"):
        native = native_solc()
        if native is not None:
            return Backend("native", (str(native), "--standard-json"))
        if name == "native":
            raise ConfigurationError(
                f"no native solc {SOLC_VERSION} installed for py-solc-x; use --backend solcjs"
            )
    node = shutil.which("node")
    if node is None:
        raise ConfigurationError("node is not on PATH; it runs solcjs (npm package solc)")
    if not (project_root / "node_modules" / "solc").is_dir():
        raise ConfigurationError("node_modules/solc is missing; run `npm ci` (make does)")
    return Backend("solcjs", (node, str(SOLCJS_SCRIPT), str(project_root)))
