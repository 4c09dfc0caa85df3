"""Matching mahalle names between sources, Turkish-aware, reported and never guessed.

TÜİK writes ``"Aşağışakran Mah."``; the boundary file writes ``"Aşağışakran Mh."``; some names
differ in spacing (``"Bozburun Adaları"``/``"Bozburunadaları"``), abbreviation, word order
(``"Hacılar Dereköy Bucağı"``/``"Dereköy Hacılar"``) or are new, renamed, split or merged
mahalle. Matching runs in passes of decreasing strictness inside one district, each a rule
that cannot pair two different names by chance; a pass accepts a pair only if it is one-to-one.
Everything left over is reported with its closest candidates and a similarity score for a
person to decide (and to record in an alias file); nothing is paired on similarity alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from adilkent.text import compact_key, mahalle_key, mahalle_key_expanded, name_tokens

L = TypeVar("L", bound=Hashable)
R = TypeVar("R", bound=Hashable)

# Words that name the kind of place rather than the place ("Hacılar Dereköy Bucağı").
_ADMIN_WORDS = {"bucagi", "koyu", "mevkii", "mahallesi", "mah", "mh"}


def _token_set_key(name: str) -> str:
    return " ".join(sorted(t for t in name_tokens(name) if t not in _ADMIN_WORDS))


# (method name, key function), strictest first.
PASSES: list[tuple[str, Callable[[str], str]]] = [
    ("exact", mahalle_key),
    ("spacing", compact_key),
    ("abbreviation", mahalle_key_expanded),
    ("word order", _token_set_key),
]


@dataclass(frozen=True)
class Candidate:
    name: str
    score: float  # rapidfuzz WRatio on the folded keys, 0–100


@dataclass(frozen=True)
class Unmatched(Generic[L]):
    item: L
    name: str
    group: str
    candidates: list[Candidate]


@dataclass
class MatchResult(Generic[L, R]):
    """Pairs found (with the rule that found each) and what is left on each side."""

    matched: list[tuple[L, R, str]] = field(default_factory=list)
    unmatched_left: list[Unmatched[L]] = field(default_factory=list)
    unmatched_right: list[Unmatched[R]] = field(default_factory=list)

    def counts_by_method(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for _l, _r, method in self.matched:
            counts[method] += 1
        return dict(counts)


def match_names(
    left: Iterable[tuple[L, str, str]],
    right: Iterable[tuple[R, str, str]],
    aliases: Mapping[tuple[str, str], str] | None = None,
    n_candidates: int = 3,
) -> MatchResult[L, R]:
    """Match ``(item, name, group)`` triples of two sources; names only meet within a group.

    ``group`` is the district (already normalised by the caller). ``aliases`` maps
    ``(group, left name key)`` to a right name key that a person confirmed; these pairs are
    applied first and reported as ``"alias"``.
    """
    by_group_left: dict[str, list[tuple[L, str]]] = defaultdict(list)
    by_group_right: dict[str, list[tuple[R, str]]] = defaultdict(list)
    for item, name, group in left:
        by_group_left[group].append((item, name))
    for item_r, name, group in right:
        by_group_right[group].append((item_r, name))

    result: MatchResult[L, R] = MatchResult()
    for group in sorted(set(by_group_left) | set(by_group_right)):
        lefts = list(by_group_left.get(group, []))
        rights = list(by_group_right.get(group, []))
        if aliases:
            lefts, rights = _apply_aliases(group, lefts, rights, aliases, result)
        for method, key in PASSES:
            lefts, rights = _one_pass(method, key, lefts, rights, result)
        right_names = [n for _, n in rights]
        left_names = [n for _, n in lefts]
        for item, name in lefts:
            result.unmatched_left.append(
                Unmatched(item, name, group, _closest(name, right_names, n_candidates))
            )
        for item_r, name in rights:
            result.unmatched_right.append(
                Unmatched(item_r, name, group, _closest(name, left_names, n_candidates))
            )
    return result


def _one_pass(
    method: str,
    key: Callable[[str], str],
    lefts: list[tuple[L, str]],
    rights: list[tuple[R, str]],
    result: MatchResult[L, R],
) -> tuple[list[tuple[L, str]], list[tuple[R, str]]]:
    left_keys: dict[str, list[int]] = defaultdict(list)
    right_keys: dict[str, list[int]] = defaultdict(list)
    for i, (_, name) in enumerate(lefts):
        left_keys[key(name)].append(i)
    for j, (_, name) in enumerate(rights):
        right_keys[key(name)].append(j)
    used_left: set[int] = set()
    used_right: set[int] = set()
    for k, left_idx in left_keys.items():
        right_idx = right_keys.get(k, [])
        if k and len(left_idx) == 1 and len(right_idx) == 1:  # one-to-one only
            i, j = left_idx[0], right_idx[0]
            result.matched.append((lefts[i][0], rights[j][0], method))
            used_left.add(i)
            used_right.add(j)
    return (
        [x for i, x in enumerate(lefts) if i not in used_left],
        [x for j, x in enumerate(rights) if j not in used_right],
    )


def _apply_aliases(
    group: str,
    lefts: list[tuple[L, str]],
    rights: list[tuple[R, str]],
    aliases: Mapping[tuple[str, str], str],
    result: MatchResult[L, R],
) -> tuple[list[tuple[L, str]], list[tuple[R, str]]]:
    right_by_key = {mahalle_key(n): j for j, (_, n) in enumerate(rights)}
    used_left: set[int] = set()
    used_right: set[int] = set()
    for i, (item, name) in enumerate(lefts):
        target = aliases.get((group, mahalle_key(name)))
        j = right_by_key.get(target) if target else None
        if j is not None and j not in used_right:
            result.matched.append((item, rights[j][0], "alias"))
            used_left.add(i)
            used_right.add(j)
    return (
        [x for i, x in enumerate(lefts) if i not in used_left],
        [x for j, x in enumerate(rights) if j not in used_right],
    )


def _closest(name: str, choices: list[str], limit: int) -> list[Candidate]:
    if not choices or limit <= 0:
        return []
    keys = [mahalle_key(c) for c in choices]
    found = process.extract(mahalle_key(name), keys, scorer=fuzz.WRatio, limit=limit)
    return [Candidate(choices[index], round(float(score), 1)) for _key, score, index in found]
