"""Every pilot is one room, registered once: its modules' public names (``__all__``) are
sorted, import, and are documented; its registration names what the tools read."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from functools import cache
from types import ModuleType

import pytest

from blokketen.pilots import PILOTS, Pilot, pilot
from blokketen.project import Project

NAMES = [p.name for p in PILOTS]


def pilot_modules(name: str) -> list[ModuleType]:
    """The pilot's package and every module in it."""
    package = importlib.import_module(f"blokketen.{name}")
    return [package, *(importlib.import_module(info.name) for info in
                       pkgutil.iter_modules(package.__path__, f"{package.__name__}."))]


@cache
def _tree(module_name: str) -> ast.Module:
    module = importlib.import_module(module_name)
    assert module.__file__ is not None
    with open(module.__file__, encoding="utf-8") as handle:
        return ast.parse(handle.read())


def _documented_in(module_name: str, name: str) -> bool | None:
    """Whether ``name`` is defined at the top of the module with a docstring (a constant:
    a string right after its assignment); None when the module does not define it."""
    body = _tree(module_name).body
    for index, node in enumerate(body):
        if isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name == name:
            return bool(ast.get_docstring(node))
        targets = (node.targets if isinstance(node, ast.Assign)
                   else [node.target] if isinstance(node, ast.AnnAssign) else [])
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            after = body[index + 1] if index + 1 < len(body) else None
            return (isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str))
    return None


def _documented(module: ModuleType, name: str, candidates: list[str]) -> bool:
    value = getattr(module, name)
    home = getattr(value, "__module__", None)
    if isinstance(value, type) or callable(value) and home and home.startswith("blokketen"):
        found = _documented_in(home, value.__name__) if home else None
        if found is not None:
            return found
    for candidate in [module.__name__, *candidates]:
        found = _documented_in(candidate, name)
        if found is not None:
            return found
    return False


def _order(name: str) -> tuple[int, str]:
    """Constants, then classes, then functions, each alphabetically (ruff's RUF022 order)."""
    kind = 0 if name.isupper() else 1 if name[:1].isupper() else 2
    return kind, name


@pytest.mark.parametrize("name", NAMES)
def test_every_module_has_sorted_importable_documented_public_names(name):
    modules = pilot_modules(name)
    everywhere = [m.__name__ for m in modules]
    problems = []
    for module in modules:
        public = getattr(module, "__all__", None)
        if public is None:
            problems.append(f"{module.__name__}: no __all__")
            continue
        if list(public) != sorted(public, key=_order):
            problems.append(f"{module.__name__}: __all__ is not sorted")
        for attribute in public:
            if not hasattr(module, attribute):
                problems.append(f"{module.__name__}.{attribute} does not import")
            elif not _documented(module, attribute, everywhere):
                problems.append(f"{module.__name__}.{attribute} has no docstring")
        if not (module.__doc__ or "").strip():
            problems.append(f"{module.__name__}: no module docstring")
    assert problems == []


@pytest.mark.parametrize("name", NAMES)
def test_the_registration_names_what_the_tools_read(name):
    found = pilot(name)
    assert isinstance(found, Pilot) and found.fixture == f"bk_{name}"
    client = found.client()
    assert client.CONTRACT == found.contracts[0]
    build = Project.find().artifacts()
    assert all(build.get(contract).deployable for contract in found.contracts)
    import argparse

    parser = argparse.ArgumentParser(prog="blokketen")
    commands = parser.add_subparsers(dest="command")
    found.register_cli(commands)
    assert name in commands.choices


def test_names_are_unique_and_an_unknown_one_is_refused():
    assert len(set(NAMES)) == len(NAMES) == len(PILOTS)
    from blokketen import InputError

    with pytest.raises(InputError, match="no pilot 'gebouwenpas'"):
        pilot("gebouwenpas")
