"""The one error type engines raise for bad input, and the checks every engine shares.

``InputError(field, message, **values)``: ``field`` names the request field at fault, ``message``
is an English template marked with ``gettext_noop`` and filled with ``values`` (see ``text``).
``str(error)`` is the English; the web layer shows ``error.translated(gettext)`` in the page's
or the API client's language, so engines never need a second, translated copy of a check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from numbers import Integral, Real
from typing import Any

from apps.demos.engines.text import Text, Value, gettext_noop, render


class InputError(ValueError):
    def __init__(self, field: str, message: str, **values: Value) -> None:
        self.field = field
        self.text = Text(message, values)
        super().__init__(render(self.text))

    @property
    def message(self) -> str:
        return render(self.text)

    def translated(self, translate: Callable[[str], str]) -> str:
        return render(self.text, translate)


def is_whole_number(value: Any) -> bool:
    """An int or a numpy integer; never a bool, though Python counts it as one."""
    return isinstance(value, Integral) and not isinstance(value, bool)


def whole_number(field: str, value: Any, low: int, high: int) -> int:
    """``value`` as an int when it is a whole number within ``low``..``high``."""
    if not is_whole_number(value) or not low <= value <= high:
        raise InputError(field, gettext_noop("Enter a whole number from %(low)s to %(high)s."), low=low, high=high)
    return int(value)


def one_of(field: str, value: Any, choices: Iterable[Any]) -> Any:
    """``value`` when it is one of ``choices`` (a bool never counts as the number 0 or 1)."""
    choices = tuple(choices)
    if isinstance(value, bool) or value not in choices:
        raise InputError(field, gettext_noop("Choose one of: %(choices)s."), choices=", ".join(map(str, choices)))
    return value


def number(field: str, value: Any, low: float, high: float) -> float:
    """``value`` as a float when it is a finite real number within ``low``..``high`` (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value) or not low <= value <= high:
        raise InputError(
            field, gettext_noop("Enter a number from %(low)s to %(high)s."), low=f"{low:g}", high=f"{high:g}"
        )
    return float(value)
