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


# --- end-to-end: reports only their recipients can read (libsodium through PyNaCl) ----------
#
# A report's contents are encrypted with a key of its own (the "data key", XSalsa20-Poly1305).
# The data key is sealed (X25519 sealed box) to the public key of each recipient designated
# for the report's kind, and of the data protection officer's escrow key; and it is encrypted
# for the reporter with a key derived from their receipt. A recipient's private key is stored
# only encrypted under a key derived from their passphrase (Argon2id). So neither the database
# nor the server's settings hold what is needed to read a report.

PRIVATE_KEY_OPS = 3  # Argon2id work: libsodium's "moderate" is slower than a request should be
PRIVATE_KEY_MEM = 64 * 1024 * 1024


def data_key_new() -> bytes:
    from nacl.secret import SecretBox
    from nacl.utils import random

    return random(SecretBox.KEY_SIZE)


def box_encrypt(key: bytes, plaintext: bytes) -> bytes:
    from nacl.secret import SecretBox

    return bytes(SecretBox(key).encrypt(plaintext))


def box_decrypt(key: bytes, ciphertext: bytes) -> bytes:
    """The plaintext; ``nacl.exceptions.CryptoError`` when the key is wrong or the text altered."""
    from nacl.secret import SecretBox

    return SecretBox(key).decrypt(ciphertext)


def keypair_new(passphrase: str) -> tuple[bytes, bytes]:
    """(public key, private key locked by the passphrase)."""
    from nacl.public import PrivateKey

    private = PrivateKey.generate()
    return bytes(private.public_key), private_key_lock(bytes(private), passphrase)


def private_key_lock(private: bytes, passphrase: str) -> bytes:
    """The private key encrypted under a key derived from the passphrase: salt + box."""
    from nacl.pwhash import argon2id
    from nacl.utils import random

    salt = random(argon2id.SALTBYTES)
    key = argon2id.kdf(32, passphrase.encode("utf-8"), salt, PRIVATE_KEY_OPS, PRIVATE_KEY_MEM)
    return salt + box_encrypt(key, private)


def private_key_unlock(locked: bytes, passphrase: str) -> bytes:
    """The private key; ``nacl.exceptions.CryptoError`` for a wrong passphrase."""
    from nacl.pwhash import argon2id

    salt, box = locked[: argon2id.SALTBYTES], locked[argon2id.SALTBYTES :]
    key = argon2id.kdf(32, passphrase.encode("utf-8"), salt, PRIVATE_KEY_OPS, PRIVATE_KEY_MEM)
    return box_decrypt(key, box)


def seal(data_key: bytes, public_key: bytes) -> bytes:
    from nacl.public import PublicKey, SealedBox

    return bytes(SealedBox(PublicKey(public_key)).encrypt(data_key))


def unseal(sealed: bytes, private_key: bytes) -> bytes:
    from nacl.public import PrivateKey, SealedBox

    return SealedBox(PrivateKey(private_key)).decrypt(sealed)


def receipt_key(receipt: str, salt: bytes) -> bytes:
    """The reporter's key from their receipt (a long random code: a fast keyed hash suffices,
    unlike a passphrase)."""
    normalised = "".join(ch for ch in receipt if ch.isalnum()).upper()
    return hashlib.blake2b(normalised.encode("ascii", "ignore"), key=salt, digest_size=32).digest()
