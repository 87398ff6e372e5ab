"""The public surface: exports, exception hierarchy, no unfinished markers."""

from __future__ import annotations

import blokketen
from blokketen import _exceptions as exc


def test_all_is_sorted_and_complete():
    names = [n for n in blokketen.__all__ if n != "__version__"]
    assert names == sorted(names)
    for name in names:
        assert getattr(blokketen, name)


def test_every_exception_descends_from_one_root():
    classes = [getattr(exc, n) for n in dir(exc) if isinstance(getattr(exc, n), type)]
    errors = [c for c in classes if issubclass(c, Exception)]
    assert all(issubclass(c, exc.BlokketenError) for c in errors)
    assert issubclass(exc.InputError, ValueError)


def test_input_error_names_the_field():
    err = exc.InputError("area_m2", "must be positive")
    assert str(err) == "area_m2: must be positive" and err.field == "area_m2"
