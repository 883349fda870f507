"""The one error type the lab's public API raises for bad input."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input; ``field`` names the offending request field so the web layer can point at it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
