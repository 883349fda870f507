"""What the language-model lab's pages (MLM, ELECTRA, LoRA) share: loading a model or saying
it is still training, and reading the learner's input with errors in the page's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import get_language, gettext

from apps.demos import loaded
from apps.demos.engines.errors import InputError
from apps.demos.engines.lm.corpus import MAX_TOKENS
from apps.demos.engines.lm.tokenizer import MASK, tokenize
from apps.demos.engines.lm.validation import MAX_TEXT_CHARS
from apps.demos.training import registry_for


def lang() -> str:
    return (get_language() or "ko")[:2]


def ready(name: str) -> tuple[Any, dict[str, Any]]:
    """The cached model and its artifact's metadata (what it scored when it was trained).
    Raises ``loaded.ModelNotReady`` while it is being trained."""
    model = loaded.get(name)
    return model, registry_for(settings.DATA_DIR).current(name).metadata


def not_ready(exc: loaded.ModelNotReady) -> list[tuple]:
    """The status line templates/demos/_model_status.html shows instead of the demo."""
    return [(exc.name, None, exc.status)]


def checked_text(text: str, *, needs_mask: bool = False) -> str:
    """The learner's sentence. The usual mistakes are caught here to say so in the page's
    language; the engine checks everything again and has the last word."""
    if len(text) > MAX_TEXT_CHARS:
        raise InputError("text", gettext("The text is too long: at most %(max)s characters.") % {"max": MAX_TEXT_CHARS})
    tokens = tokenize(text)
    if not tokens:
        raise InputError("text", gettext("Type a sentence first."))
    if len(tokens) > MAX_TOKENS:
        raise InputError(
            "text",
            gettext("The sentence has %(count)s tokens; at most %(max)s are allowed.")
            % {"count": len(tokens), "max": MAX_TOKENS},
        )
    if needs_mask and MASK not in tokens:
        raise InputError("text", gettext("Put at least one [MASK] where the model should fill in a word."))
    return text
