"""Opaque per-attempt values for choices, so nothing in an exam page identifies the key.

A choice's database id follows authored order, and authors tend to put the key first, so the
page never shows ids: each choice goes out as an HMAC of (attempt, choice id) under the site's
secret, and comes back through the same map. Values differ between attempts, carry no order,
and cannot be forged for another attempt. Answers are still stored as choice ids.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Any

from django.conf import settings

from apps.questions.kinds import InvalidAnswer

TOKEN_CHARS = 16


class ChoiceTokens:
    def __init__(self, secret: str, attempt_id: int, choice_ids: Iterable[int]):
        key = hashlib.sha256(f"quizlab.choice-token:{secret}".encode()).digest()
        self._by_id = {
            cid: hmac.new(key, f"{attempt_id}:{cid}".encode(), hashlib.sha256).hexdigest()[:TOKEN_CHARS]
            for cid in choice_ids
        }
        self._by_token = {token: cid for cid, token in self._by_id.items()}

    def encode(self, choice_id: int) -> str:
        return self._by_id[choice_id]

    def decode(self, value: Any) -> int:
        if not isinstance(value, str) or value not in self._by_token:
            raise InvalidAnswer(f"{value!r} is not one of this question's choices")
        return self._by_token[value]


def attempt_tokens(attempt_id: int, snapshot: dict) -> ChoiceTokens:
    """The tokens of one response's choices, keyed by the site's SECRET_KEY."""
    return ChoiceTokens(settings.SECRET_KEY, attempt_id, (c["id"] for c in snapshot["choices"]))
