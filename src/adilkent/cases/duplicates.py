"""Duplicate detection across scripts (no Django): score a new registration against others.

Signals, each explained in the result so that a caseworker can judge the proposal:
the same identity number (keyed hash), the same phone (keyed hash), names that match across
scripts (rapidfuzz on Latin transliterations and consonant skeletons), birth years within one
year. Nothing is merged here; a person confirms or dismisses each proposal.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from .transliterate import latin, skeleton

PROPOSE_AT = 0.6


@dataclass(frozen=True)
class Identity:
    key: str  # record id
    names: tuple[str, ...]  # every spelling known (own script, Latin)
    birth_year: int | None = None
    identity_hash: str = ""
    phone_hash: str = ""


@dataclass(frozen=True)
class Match:
    key: str
    score: float
    reasons: tuple[str, ...]


Keys = tuple[tuple[str, str], ...]


def name_keys(names: tuple[str, ...]) -> Keys:
    """(Latin, skeleton) for every non-empty spelling."""
    return tuple((latin(n), skeleton(n)) for n in names if n.strip())


def keys_similarity(a: Keys, b: Keys) -> float:
    best = 0.0
    for lat_a, ske_a in a:
        for lat_b, ske_b in b:
            best = max(
                best,
                fuzz.token_sort_ratio(lat_a, lat_b) / 100,
                fuzz.token_sort_ratio(ske_a, ske_b) / 100,
            )
    return best


def name_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Best similarity (0–1) between any spelling of one name and any of the other."""
    return keys_similarity(name_keys(a), name_keys(b))


def score(new: Identity, old: Identity, new_keys: Keys | None = None) -> Match:
    reasons: list[str] = []
    total = 0.0
    if new.identity_hash and new.identity_hash == old.identity_hash:
        reasons.append("identity_number")
        total += 1.0
    if new.phone_hash and new.phone_hash == old.phone_hash:
        reasons.append("phone")
        total += 0.4
    names = keys_similarity(new_keys or name_keys(new.names), name_keys(old.names))
    if names >= 0.85:
        reasons.append("name")
        total += 0.6 * names
    close_years = (
        bool(new.birth_year and old.birth_year)
        and abs((new.birth_year or 0) - (old.birth_year or 0)) <= 1
    )
    if close_years and names >= 0.85:
        reasons.append("birth_year")
        total += 0.2
    return Match(old.key, round(min(total, 1.0), 3), tuple(reasons))


def find_duplicates(new: Identity, others: list[Identity]) -> list[Match]:
    keys = name_keys(new.names)  # once, not once per comparison
    matches = [score(new, other, keys) for other in others if other.key != new.key]
    return sorted((m for m in matches if m.score >= PROPOSE_AT), key=lambda m: -m.score)
