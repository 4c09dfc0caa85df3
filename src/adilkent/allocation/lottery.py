"""The lottery that orders applicants with the same points.

Each applicant's lottery number is the SHA-256 digest of ``"<seed>:<applicant id>"`` (UTF-8),
read as a hexadecimal number; the smaller number goes first. The seed is drawn and published
before the allocation, the applicant ids are on the published list, so anyone can re-run the
draw with any SHA-256 tool and check every position; the order of the list and the moment of
applying play no part.
"""

from __future__ import annotations

import hashlib
import secrets


def new_seed() -> str:
    """A seed to publish before an allocation: 16 random bytes in hexadecimal."""
    return secrets.token_hex(16)


def lottery_number(seed: str, applicant_id: str) -> str:
    """The applicant's lottery number in hexadecimal (64 digits); compare as strings."""
    return hashlib.sha256(f"{seed}:{applicant_id}".encode()).hexdigest()
