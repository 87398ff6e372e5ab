"""Brownie's command line for this project, from any folder and beside other runs.

``blokketen brownie COMMAND [ARGS...]`` (:func:`run_brownie`) does what ``brownie COMMAND
[ARGS...]`` does, in the same process, after three preparations:

- **offline compiler**: the ``solc-v0.8.37`` shim is written and ``SOLCX_BINARY_PATH`` names
  its folder; ``node_modules/.bin`` (anvil) is put on ``PATH``.
- **a path with a dot in it**: ``brownie run`` imports a script under a module name made of
  every folder of its absolute path joined by dots (``/home/jan.peeters/blokketen/scripts/
  deploy.py`` becomes ``home.jan.peeters.blokketen.scripts.deploy``), so a folder with a dot
  in its name (``jan.peeters``, ``v1.2``, mktemp's ``tmp.k3Jx9Q``) splits in two and the import
  fails with ``ModuleNotFoundError``. A finder added after Python's own resolves exactly those
  names, and only for folders on the way to the project or inside it.
- **its own port**: Brownie starts its development node on port 8545, and attaches to
  whatever already listens there (another run's node, with that run's state). Here its
  local networks get a free port instead, or the port asked for (``--port N``, or
  ``BLOKKETEN_BROWNIE_PORT``). eth-brownie 1.22.2 cannot take a port from brownie-config.yaml:
  its config loader stops on ``networks: development: cmd_settings:`` (``TypeError: dict
  object expected; got None``, its own defaults hold ``cmd_settings: null``).

For ``test`` the project's pytest ``addopts`` (which keep Brownie's pytest plugin off for the
project's own suite) are cleared, as ``brownie test`` needs that plugin.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from blokketen._exceptions import InputError
from blokketen.project import Project

PORT_ENV = "BLOKKETEN_BROWNIE_PORT"


def brownie_module_name(path: Path) -> str:
    """The module name ``brownie run`` imports ``path`` (an absolute file) under."""
    return ".".join((*path.parts[1:-1], path.stem))


class DottedPathFinder(importlib.abc.MetaPathFinder):
    """Finds modules whose dotted names Brownie made from paths with dotted folders.

    Consulted only after Python's own finders fail, and only for names that lead to
    ``root`` (the project folder) or lie inside it; every other import is left alone."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.parts = self.root.parts[1:]
        self.name = ".".join(self.parts)

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname == self.name or self.name.startswith(fullname + "."):
            # an ancestor of the project, or half of a dotted folder name on the way to it
            ancestors = {".".join(self.parts[:k]): k for k in range(1, len(self.parts) + 1)}
            k = ancestors.get(fullname)
            folder = [str(Path(self.root.anchor, *self.parts[:k]))] if k is not None else []
            return _namespace(fullname, folder)
        if fullname.startswith(self.name + "."):
            return _walk(fullname, self.root, fullname[len(self.name) + 1:].split("."))
        return None


def _namespace(fullname: str, folders: list[str]) -> importlib.machinery.ModuleSpec:
    spec = importlib.machinery.ModuleSpec(fullname, None, is_package=True)
    spec.submodule_search_locations = folders
    return spec


def _walk(fullname: str, base: Path, names: list[str]) -> importlib.machinery.ModuleSpec | None:
    """Match ``names`` to folders below ``base``, trying the longest dotted folder first;
    names that stop halfway through a dotted folder's name get an empty placeholder."""
    for take in range(len(names), 0, -1):
        entry = base / ".".join(names[:take])
        rest = names[take:]
        if rest:
            if entry.is_dir() and (found := _walk(fullname, entry, rest)) is not None:
                return found
            continue
        if entry.is_dir():
            init = entry / "__init__.py"
            if init.is_file():
                return importlib.util.spec_from_file_location(
                    fullname, init, submodule_search_locations=[str(entry)])
            return _namespace(fullname, [str(entry)])
        source = entry.with_name(entry.name + ".py")
        if source.is_file():
            return importlib.util.spec_from_file_location(fullname, source)
    head = ".".join(names) + "."
    if base.is_dir() and any(entry.name.startswith(head) for entry in base.iterdir()):
        return _namespace(fullname, [])  # the first half of a dotted folder name
    return None


def install_finder(root: Path) -> DottedPathFinder:
    """Add the finder for ``root`` after the interpreter's own (once per root)."""
    for finder in sys.meta_path:
        if isinstance(finder, DottedPathFinder) and finder.root == root.resolve():
            return finder
    finder = DottedPathFinder(root)
    sys.meta_path.append(finder)
    return finder


def prepare_environment(project: Project, env: dict[str, str] | None = None) -> dict[str, str]:
    """Write the solc shim; set SOLCX_BINARY_PATH and PATH (anvil, this Python's scripts) in
    ``env`` (default: this process's environment) and return it."""
    from blokketen.toolchain.shim import install_shim

    target: dict[str, str] = dict(os.environ) if env is None else env
    shim = install_shim(project)
    target["SOLCX_BINARY_PATH"] = str(shim.parent)
    extra = [str(project.node_modules / ".bin"), str(Path(sys.executable).parent)]
    target["PATH"] = os.pathsep.join([*extra, target.get("PATH", "")])
    if env is None:
        os.environ.update(target)
    return target


def port_from_env() -> int | None:
    """The port in ``$BLOKKETEN_BROWNIE_PORT``, if set."""
    value = os.environ.get(PORT_ENV)
    if value is None:
        return None
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise InputError(PORT_ENV, "must be a port number from 1 to 65535")
    return int(value)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def set_node_port(port: int) -> None:
    """Give every network that Brownie starts itself (its ``cmd`` networks) ``port``."""
    from brownie._config import CONFIG

    for network in CONFIG.networks.values():
        if "cmd" in network:
            network.setdefault("cmd_settings", {})["port"] = port


def run_brownie(project: Project, args: Sequence[str], *, port: int | None = None) -> int:
    """Run ``brownie ARGS`` for ``project`` in this process as described above; returns
    Brownie's exit status (its own messages are printed by Brownie)."""
    if port is not None and not 0 < port < 65536:
        raise InputError("--port", "must be a port number from 1 to 65535")
    port = port or port_from_env() or free_port()
    prepare_environment(project)
    install_finder(project.root)
    if args[:1] == ["test"]:
        os.environ["PYTEST_ADDOPTS"] = " ".join(
            filter(None, [os.environ.get("PYTEST_ADDOPTS", ""), "-o addopts="]))
    set_node_port(port)
    brownie_main = importlib.import_module("brownie._cli.__main__").main
    saved = sys.argv
    sys.argv = ["brownie", *args]
    try:
        brownie_main()
    except SystemExit as stop:  # Brownie ends every command this way
        if stop.code is None or isinstance(stop.code, int):
            return stop.code or 0
        print(stop.code, file=sys.stderr)  # Brownie's own message
        return 1
    finally:
        sys.argv = saved
    return 0
