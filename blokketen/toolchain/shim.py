"""A py-solc-x compatible `solc-v<version>` that runs solcjs, so Brownie compiles offline.

py-solc-x (and so Brownie) accepts any executable named ``solc-v<version>`` in the folder
that ``SOLCX_BINARY_PATH`` names, if it answers ``--version`` and ``--standard-json``.
Where a native solc of the pinned version is installed, py-solc-x finds that instead.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

from blokketen._exceptions import ConfigurationError
from blokketen.project import Project
from blokketen.toolchain.backends import SOLCJS_SCRIPT
from blokketen.toolchain.settings import SOLC_VERSION

_TEMPLATE = """#!/bin/sh
# solc {version} for py-solc-x and Brownie: runs solcjs from node_modules (written by blokketen).
for arg in "$@"; do
  case "$arg" in
    --version)
      printf 'solc, the solidity compiler commandline interface\\nVersion: {long}\\n'
      exit 0;;
  esac
done
for arg in "$@"; do
  case "$arg" in
    --standard-json) exec {node} {script} {root};;
  esac
done
echo "this solc shim only supports --version and --standard-json" >&2
exit 2
"""


def shim_path(project: Project) -> Path:
    return project.solc_shim_dir / f"solc-v{SOLC_VERSION}"


def install_shim(project: Project) -> Path:
    """Write the shim (idempotent) and return its path."""
    node = shutil.which("node")
    if node is None:
        raise ConfigurationError("node is not on PATH; the solc shim needs it")
    solc_pkg = project.node_modules / "solc" / "package.json"
    if not solc_pkg.exists():
        raise ConfigurationError("node_modules/solc is missing; run `npm ci` (make does)")
    version = json.loads(solc_pkg.read_text())["version"]
    if version != SOLC_VERSION:
        raise ConfigurationError(f"node_modules has solc {version}, settings pin {SOLC_VERSION}")
    long_version = subprocess.run(
        [node, "-e",
         f"process.stdout.write(require({json.dumps(str(solc_pkg.parent))}).version())"],
        capture_output=True, text=True, check=True,
    ).stdout.strip().replace("Emscripten.clang", "Linux.g++")
    text = _TEMPLATE.format(
        version=SOLC_VERSION,
        long=long_version,
        node=shlex.quote(node),
        script=shlex.quote(str(SOLCJS_SCRIPT)),
        root=shlex.quote(str(project.root)),
    )
    path = shim_path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text() != text:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text)
        tmp.chmod(0o755)
        tmp.replace(path)
    return path


def main() -> None:
    """`python -m blokketen.toolchain.shim`: install the shim and print its folder."""
    print(install_shim(Project.find()).parent)


if __name__ == "__main__":
    main()
