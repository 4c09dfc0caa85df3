"""The examples in the engine's docstrings are part of its specification."""

import doctest
import importlib

import pytest

MODULES = [
    "adilkent.access.model",
    "adilkent.access.decay",
    "adilkent.access.measures",
    "adilkent.access.equity",
    "adilkent.access.need",
    "adilkent.access.siting",
    "adilkent.access.transit",
    "adilkent.access.data",
    "adilkent.access.analysis",
    "adilkent.access.core",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0, f"{name} has no examples"
    assert failed == 0
