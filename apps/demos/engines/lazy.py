"""Packages whose public names are imported on first use.

An engine's model code imports torch (or scikit-learn); the URLconf, the manifest and every
``manage.py`` command import the engines' torch-free parts (names, limits, validation), which
would import the whole package's ``__init__`` first. ``export_lazily`` makes that ``__init__``
cheap: each public name is looked up in its submodule the first time it is asked for.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Mapping
from typing import Any


class _LazyPackage(types.ModuleType):
    _exports: Mapping[str, tuple[str, str]]

    def __getattr__(self, name: str) -> Any:
        try:
            module, attribute = self._exports[name]
        except KeyError:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f"{self.__name__}.{module}"), attribute)
        super().__setattr__(name, value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # Importing a submodule binds it on the package under its own name (``lm.fill_mask``);
        # a public name that is also a submodule's name stays the public value.
        if name in self._exports and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


def export_lazily(package: str, exports: Mapping[str, tuple[str, str]]) -> list[str]:
    """Serve ``exports`` (public name -> (submodule, name in it)) from the package ``package``
    on first use; returns the sorted names for ``__all__``."""
    module = sys.modules[package]
    module._exports = dict(exports)  # before the class changes: its __setattr__ reads it
    module.__class__ = _LazyPackage
    return sorted(exports)
