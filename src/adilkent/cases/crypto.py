"""Encryption of sensitive fields at rest (Fernet, rotatable) and keyed hashes for matching.

Keys come from settings (``CASES_ENCRYPTION_KEYS``, newest first; see settings/security.py).
Every token names the key that made it, so old records stay readable after a new key is
added, and :func:`rotate_token` re-encrypts a token with the newest key.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.core.signals import setting_changed
from django.dispatch import receiver

from . import conf

__all__ = ["InvalidToken", "decrypt", "encrypt", "keyed_hash", "rotate_token"]


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ValueError("CASES_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(conf.encryption_keys())


@receiver(setting_changed)
def _forget_keys(setting: str, **_: object) -> None:
    if setting == "CASES_ENCRYPTION_KEYS":
        _fernet.cache_clear()


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str, *, ttl: int | None = None) -> str:
    """The plaintext; with ``ttl``, a token older than ``ttl`` seconds raises InvalidToken."""
    return fernet().decrypt(token.encode("ascii"), ttl=ttl).decode("utf-8")


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def rotate_token(token: str) -> str:
    """The same plaintext encrypted with the newest key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


def keyed_hash(value: str, purpose: str) -> str:
    """HMAC-SHA256 of a normalised value with the secret pepper; empty for empty input."""
    normalised = "".join(ch for ch in value if ch.isalnum()).upper()
    if not normalised:
        return ""
    key = f"{conf.identity_pepper()}:{purpose}".encode()
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()
