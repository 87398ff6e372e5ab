"""go-ethereum's ``geth`` v1.13.15, built from the Go module proxy into the project.

v1.13.15 is the last geth release with clique proof-of-authority. It is built once with
``go install`` into ``.blokketen/bin/`` (git-ignored) and reused; Go's module and build
caches make a rebuild after ``make clean`` take seconds. `blokketen network geth` builds it
(``make geth`` runs that); a machine without Go gets a clear message instead.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from blokketen._exceptions import GethUnavailable

GETH_VERSION = "1.13.15"
GETH_MODULE = "github.com/ethereum/go-ethereum/cmd/geth"
LINKNAME_GO = (1, 23)
"""From this Go release on, the linker refuses the ``//go:linkname`` that geth's memsize
dependency uses unless ``-checklinkname=0`` is passed."""
REQUIRE_ENV = "BLOKKETEN_REQUIRE_NETWORK"
"""Set to 1 (CI does) to turn "geth cannot be had here" from a skip into a failure."""


@dataclass(frozen=True)
class GethBuild:
    """The geth binary and how it was obtained."""

    path: Path
    version: str
    built: bool
    seconds: float


def geth_path(root: Path) -> Path:
    """Where the project keeps its geth binary."""
    return root / ".blokketen" / "bin" / "geth"


def binary_version(path: Path) -> str | None:
    """The version a geth binary reports (``1.13.15``), or None if it does not run."""
    try:
        proc = subprocess.run([str(path), "version"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r"^Version:\s*(\d+\.\d+\.\d+)", proc.stdout, flags=re.MULTILINE)
    return found.group(1) if found else None


def go_version(go: str) -> tuple[int, int] | None:
    proc = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True,
                          check=False)
    found = re.match(r"go(\d+)\.(\d+)", proc.stdout.strip())
    return (int(found.group(1)), int(found.group(2))) if found else None


def build_command(go: str) -> list[str]:
    """The ``go install`` command line for this Go release."""
    command = [go, "install"]
    version = go_version(go)
    if version is None or version >= LINKNAME_GO:
        command.append("-ldflags=-checklinkname=0")
    return [*command, f"{GETH_MODULE}@v{GETH_VERSION}"]


def ensure_geth(root: Path, *, build: bool = True) -> GethBuild:
    """The project's geth of the pinned version, built first if it is missing or another
    version. Raises GethUnavailable (with Go's own error output) when it cannot be had."""
    path = geth_path(root)
    if path.exists() and binary_version(path) == GETH_VERSION:
        return GethBuild(path=path, version=GETH_VERSION, built=False, seconds=0.0)
    if not build:
        raise GethUnavailable(f"no geth {GETH_VERSION} at {path}; run `make geth`")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / ".build-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time (parallel test workers)
        if path.exists() and binary_version(path) == GETH_VERSION:
            return GethBuild(path=path, version=GETH_VERSION, built=False, seconds=0.0)
        return _build(path)


def _build(path: Path) -> GethBuild:
    go = shutil.which("go")
    if go is None:
        raise GethUnavailable(
            f"`go` is not on PATH, so geth {GETH_VERSION} cannot be built "
            f"(go install {GETH_MODULE}@v{GETH_VERSION})")
    command = build_command(go)
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, check=False,
                          env={**os.environ, "GOBIN": str(path.parent)})
    seconds = time.perf_counter() - started
    log = path.parent / "geth-build.log"
    log.write_text(f"$ GOBIN={path.parent} {' '.join(command)}\n{proc.stdout}{proc.stderr}"
                   f"\nexit {proc.returncode} after {seconds:.1f} s\n")
    if proc.returncode != 0:
        errors = [line for line in proc.stderr.splitlines() if not line.startswith("go: down")]
        raise GethUnavailable(
            f"building geth {GETH_VERSION} failed (exit {proc.returncode}; full log {log}):\n"
            + "\n".join(errors[-30:]))
    version = binary_version(path)
    if version != GETH_VERSION:
        raise GethUnavailable(f"the geth built at {path} reports version {version}, "
                              f"not {GETH_VERSION}")
    return GethBuild(path=path, version=version, built=True, seconds=seconds)


def required() -> bool:
    """Whether a missing geth must fail (CI) rather than skip the network tests."""
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")
