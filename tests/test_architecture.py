"""The shape of the package, read from its imports (every ``import`` statement, also inside
functions and ``if TYPE_CHECKING:`` blocks): no cycles, pure domain code, independent pilots,
a core that knows no pilot."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

import blokketen
from blokketen.pilots import PILOTS

PACKAGE = Path(blokketen.__file__).parent

CHAIN_FACING = frozenset({"client", "cli", "demo", "pilot", "importer", "replay", "verifier"})
"""The modules of a pilot that may reach the chain; every other one is domain code."""

NODE_REACHING = ("blokketen.chain", "blokketen.contract", "blokketen.deploy", "blokketen.bulk",
                 "blokketen.toolchain", "blokketen.cli", "blokketen.testing", "blokketen.pilots")
"""What domain code must not reach, not even through other modules..."""
PURE_CORE = frozenset({"blokketen.contract.checks", "blokketen.contract.trust"})
"""... except these, which need no chain (the shared input checks; the code check, which
reads through whatever chain object it is handed, and the identity a verdict names)."""
NODE_LIBRARIES = frozenset({"web3", "eth_account", "requests", "solcx", "brownie"})
"""Libraries that talk to a node or sign: domain code never loads them."""

CORE = ("blokketen.chain", "blokketen.contract", "blokketen.toolchain", "blokketen.bulk",
        "blokketen.deploy", "blokketen._exceptions", "blokketen.project")
"""The shared core: it never imports a pilot, the CLI or the pytest plugin..."""
READS_PILOTS = frozenset({"blokketen.deploy", "blokketen.deploy.plan"})
"""... except the deploy plan, which deploys every pilot's contracts (blokketen.pilots)."""


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


@cache
def imports(name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The package modules ``name`` imports, and the top-level names of other packages."""
    path = modules()[name]
    tree = ast.parse(path.read_text(), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    inside: set[str] = set()
    outside: set[str] = set()

    def add(target: str) -> None:
        if target == "blokketen" or target.startswith("blokketen."):
            while target not in modules():  # an attribute of a module: the module
                target = target.rpartition(".")[0]
            inside.add(target)
        else:
            outside.add(target.partition(".")[0])

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in modules() else base)
    inside.discard(name)
    return frozenset(inside), frozenset(outside)


def reachable(name: str) -> set[str]:
    """Every package module that importing ``name`` can load, ``name`` included."""
    seen = {name}
    todo = [name]
    while todo:
        for target in imports(todo.pop())[0]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def _within(name: str, prefixes: tuple[str, ...] | frozenset[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def pilot_modules(pilot: str) -> list[str]:
    return [m for m in modules() if _within(m, (f"blokketen.{pilot}",))]


def domain_modules() -> list[str]:
    return [m for p in PILOTS for m in pilot_modules(p.name)
            if m.rpartition(".")[2] not in CHAIN_FACING]


def test_the_graph_is_read():
    assert "blokketen.land.client" in modules() and "blokketen.chain" in modules()
    inside, outside = imports("blokketen.land.client")
    assert "blokketen.contract.base" in inside and "blokketen.land.importer" in inside
    assert "eth_account" in outside  # a TYPE_CHECKING import counts too
    assert "blokketen.land.types" in domain_modules()
    assert "blokketen.land.client" not in domain_modules()


def test_no_module_imports_itself_back():
    """Strongly connected components of the import graph (Tarjan): each must be one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in sorted(imports(name)[0]):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(modules()):
        if name not in index:
            visit(name)
    assert cycles == [], f"modules that import each other: {cycles}"


@pytest.mark.parametrize("name", domain_modules())
def test_domain_code_never_reaches_the_chain(name):
    loaded = reachable(name)
    forbidden = sorted(m for m in loaded if _within(m, NODE_REACHING) and m not in PURE_CORE)
    assert forbidden == [], f"{name} reaches {forbidden}"
    libraries = sorted({lib for m in loaded for lib in imports(m)[1]} & NODE_LIBRARIES)
    assert libraries == [], f"{name} loads {libraries}"


PILOT_EDGES = frozenset({
    # The dwelling passport feeds the social rent's energy correction: it uses housing's keyed
    # dwelling references (the same dwellingRef in both registries), the lease commitment whose
    # evidence word names the reference EPC, and the SocialRentRules client to prove a rent.
    # One direction only: housing never imports woningpas.
    ("woningpas", "housing"),
})
"""Declared imports of one pilot by another (importer, imported), each with its reason."""


def test_declared_pilot_edges_go_one_way():
    assert not {(b, a) for a, b in PILOT_EDGES} & PILOT_EDGES


@pytest.mark.parametrize("pilot", [p.name for p in PILOTS])
def test_a_pilot_imports_no_other_pilot(pilot):
    others = tuple(f"blokketen.{p.name}" for p in PILOTS
                   if p.name != pilot and (pilot, p.name) not in PILOT_EDGES)
    leaks = sorted({(m, t) for m in pilot_modules(pilot) for t in imports(m)[0]
                    if _within(t, others)})
    assert leaks == []


def test_the_core_knows_no_pilot():
    upward = ("blokketen.cli", "blokketen.testing", "blokketen.pilots", "blokketen.demo",
              *(f"blokketen.{p.name}" for p in PILOTS))
    leaks = sorted((m, t) for m in modules() if _within(m, CORE) and m not in READS_PILOTS
                   for t in imports(m)[0] if _within(t, upward))
    assert leaks == []


def test_only_the_cli_reports_errors():
    """Exit codes and error messages come from cli/report.py alone: no other module of the
    package calls sys.exit or defines an exit code."""
    offenders = []
    for name, path in modules().items():
        if name in ("blokketen.cli.report", "blokketen.__main__", "blokketen.cli.main"):
            continue
        text = path.read_text()
        if "sys.exit(" in text or "EXIT_" in text:
            offenders.append(name)
    assert offenders == []
