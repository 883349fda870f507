"""Answer files made the way attempt.js makes them, for tests that need one without a browser."""

from __future__ import annotations

import base64
import functools
import json
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from apps.questions import answer_files


@functools.cache
def made_key_pem() -> str:
    """One key for the whole run (2048 bits: quicker to make than the server's 3072, read the same way)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


@pytest.fixture
def answer_key(settings):
    """The server's answer file key is the test key, given as QUIZLAB_ANSWER_FILE_KEY would give it."""
    settings.QUIZLAB = {**settings.QUIZLAB, "ANSWER_FILE_KEY": made_key_pem()}
    answer_files.private_key.cache_clear()
    answer_files.public_key.cache_clear()
    yield
    answer_files.private_key.cache_clear()
    answer_files.public_key.cache_clear()


def seal(attempt_id: int, answers: list[dict], *, made_at_ms: int | None = None, token: str | None = None) -> bytes:
    """An answer file for ``attempt_id`` holding ``answers`` ({position, answer, seq, at})."""
    spki, key_id = answer_files.public_key()
    public = serialization.load_der_public_key(base64.b64decode(spki))
    content_key, iv = AESGCM.generate_key(bit_length=256), os.urandom(12)
    bound = f"quizlab-answer-file:v1:{attempt_id}:{token or answer_files.attempt_token(attempt_id)}".encode()
    plain = json.dumps({"attempt": attempt_id, "made_at": made_at_ms, "answers": answers}).encode()
    envelope = {
        "format": "quizlab-answer-file",
        "version": 1,
        "attempt": attempt_id,
        "key_id": key_id,
        "wrapped_key": base64.b64encode(public.encrypt(content_key, answer_files._OAEP)).decode(),
        "iv": base64.b64encode(iv).decode(),
        "ciphertext": base64.b64encode(AESGCM(content_key).encrypt(iv, plain, bound)).decode(),
    }
    return json.dumps(envelope).encode()
