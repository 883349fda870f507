"""Encrypted answer files: the server's key pair, the per-attempt token, reading a file back.

When the network is gone as time runs out, the attempt page encrypts the answers the server never
got (attempt.js): AES-256-GCM under a fresh key, that key wrapped with the server's RSA-OAEP-SHA256
public key, and as associated data ``quizlab-answer-file:v1:<attempt id>:<token>``. The token is
an HMAC of the attempt id under SECRET_KEY, shown only on that attempt's pages, so a file opens
only for the attempt it was made for, and any change to it fails the GCM tag.

The private key never leaves the server: it comes from QUIZLAB_ANSWER_FILE_KEY (PEM) or, without
it, from ``<data dir>/answer_file_key.pem``, generated on first use.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.translation import gettext as _

FORMAT = "quizlab-answer-file"
VERSION = 1
KEY_BITS = 3072
MAX_FILE_BYTES = 1024 * 1024
_OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


class AnswerFileError(Exception):
    """The file cannot be used for this attempt; the message says why, for the instructor."""


@dataclass(frozen=True)
class FileAnswer:
    position: int
    answer: Any  # as the page sends it (choices by their attempt tokens)
    seq: int
    at_ms: int | None  # when the student made it, by the browser's estimate of the server's clock


@dataclass(frozen=True)
class AnswerFile:
    attempt_id: int
    made_at_ms: int | None
    answers: tuple[FileAnswer, ...]


# --- the key pair ---------------------------------------------------------------------------------


def _generate(path: Path) -> bytes:
    """Write a new key where none is; if another process got there first, theirs is the key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}")  # per process and thread
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    try:
        os.link(temp, path)  # fails if the file exists: never replace a key files may depend on
    except FileExistsError:
        pass
    finally:
        temp.unlink()
    return path.read_bytes()


@functools.cache
def private_key() -> rsa.RSAPrivateKey:
    pem = settings.QUIZLAB["ANSWER_FILE_KEY"].encode()
    if not pem:
        path = Path(settings.QUIZLAB["ANSWER_FILE_KEY_PATH"])
        pem = path.read_bytes() if path.exists() else _generate(path)
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the answer file key must be an RSA private key")
    return key


@functools.cache
def public_key() -> tuple[str, str]:
    """(SubjectPublicKeyInfo in base64 for the page, a short id naming the key pair)."""
    der = (
        private_key()
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return base64.b64encode(der).decode(), hashlib.sha256(der).hexdigest()[:16]


def attempt_token(attempt_id: int) -> str:
    key = hashlib.sha256(f"quizlab.answer-file-token:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, str(attempt_id).encode(), hashlib.sha256).hexdigest()[:32]


def page_context(attempt_id: int) -> dict[str, str]:
    """What the attempt page needs to make a file for this attempt."""
    spki, key_id = public_key()
    return {"key": spki, "key_id": key_id, "token": attempt_token(attempt_id)}


def associated_data(attempt_id: int) -> bytes:
    return f"{FORMAT}:v{VERSION}:{attempt_id}:{attempt_token(attempt_id)}".encode()


# --- reading a file -------------------------------------------------------------------------------


def _b64(envelope: dict, field: str) -> bytes:
    try:
        return base64.b64decode(envelope[field], validate=True)
    except (KeyError, TypeError, binascii.Error):
        raise AnswerFileError(_("This is not a QuizLab answer file.")) from None


def _answers(items: Any) -> tuple[FileAnswer, ...]:
    if not isinstance(items, list):
        raise AnswerFileError(_("The answer file holds no answers."))
    answers = []
    for item in items:
        position, seq, at = (item.get(k) if isinstance(item, dict) else None for k in ("position", "seq", "at"))
        if type(position) is not int or type(seq) is not int or not (at is None or type(at) is int):
            raise AnswerFileError(_("The answer file holds an answer it cannot describe."))
        answers.append(FileAnswer(position=position, answer=item.get("answer"), seq=seq, at_ms=at))
    return tuple(answers)


def read(data: bytes, attempt_id: int) -> AnswerFile:
    """Decrypt and check a file for the attempt ``attempt_id``, or raise AnswerFileError."""
    if len(data) > MAX_FILE_BYTES:
        raise AnswerFileError(_("This file is too large to be an answer file."))
    try:
        envelope = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise AnswerFileError(_("This is not a QuizLab answer file.")) from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise AnswerFileError(_("This is not a QuizLab answer file."))
    if envelope.get("version") != VERSION:
        raise AnswerFileError(_("This answer file's version is not supported."))
    if envelope.get("attempt") != attempt_id:
        raise AnswerFileError(
            _("This answer file belongs to attempt %(file)s, not to this attempt (%(this)s).")
            % {"file": envelope.get("attempt"), "this": attempt_id}
        )
    if envelope.get("key_id") != public_key()[1]:
        raise AnswerFileError(_("This answer file was made for another server key: it cannot be read here."))
    wrapped, iv, ciphertext = (_b64(envelope, f) for f in ("wrapped_key", "iv", "ciphertext"))
    try:
        content_key = private_key().decrypt(wrapped, _OAEP)
        plain = AESGCM(content_key).decrypt(iv, ciphertext, associated_data(attempt_id))
        content = json.loads(plain)
    except (ValueError, InvalidTag, UnicodeDecodeError):
        raise AnswerFileError(
            _("This answer file was changed after it was made, or was not made for this attempt: nothing was applied.")
        ) from None
    if not isinstance(content, dict) or content.get("attempt") != attempt_id:
        raise AnswerFileError(_("This answer file belongs to another attempt."))
    made_at = content.get("made_at")
    return AnswerFile(
        attempt_id=attempt_id,
        made_at_ms=made_at if type(made_at) is int else None,
        answers=_answers(content.get("answers")),
    )
