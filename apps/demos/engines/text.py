"""Human-readable text of the engines, in English, ready to be shown in another language.

Engines do not import Django, so they cannot translate; an engine builds each message as a
``Text``: an English template marked with ``gettext_noop`` (so ``makemessages`` extracts it
into the catalogue) plus the values to fill in. ``render(text)`` gives English; the web layer
passes Django's ``gettext`` as ``translate`` (the page's language, or the API's Accept-Language). Numbers are formatted by
the engine (``"96.4%"``), so templates only hold ``%(name)s`` placeholders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

SEPARATOR = "; "  # between the items of a tuple value, e.g. the triggers of one run


def gettext_noop(message: str) -> str:
    """Mark ``message`` for extraction; it is translated when rendered, not here."""
    return message


def _english(message: str) -> str:
    return message


@dataclass(frozen=True)
class Text:
    template: str  # English, with %(name)s placeholders
    values: Mapping[str, Value] = field(default_factory=dict)

    def __str__(self) -> str:
        return render(self)


# A raw value (a version, a feature name, an exception's message) is shown as it is.
Value = str | int | float | Text | tuple[Text, ...]


def render(value: Value, translate: Callable[[str], str] = _english) -> str:
    """``value`` in the language of ``translate``: a template is translated before the values
    (each translated in turn) are filled in; a tuple's items are joined with ``SEPARATOR``."""
    if isinstance(value, Text):
        return translate(value.template) % {name: render(item, translate) for name, item in value.values.items()}
    if isinstance(value, tuple):
        return SEPARATOR.join(render(item, translate) for item in value)
    return str(value)
