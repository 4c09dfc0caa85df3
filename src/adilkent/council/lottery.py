"""Selection by lot, free of Django: draw a body's members from its applicants so that the
panel meets quotas per stratum (district, sex, age band), with the Sortition Foundation's
``sortition-algorithms`` library (its ``maximin`` algorithm by default: every applicant's
chance of selection is as high as the quotas allow).

A draw is reproducible: the same pool (pseudonymous references with their strata, in the same
order), the same quotas, the same number of seats, the same seed, the same algorithm and the
same library version give the same panel. The pool and quotas are published as CSV in the
library's own column layout, so anyone can re-run a draw::

    python -m adilkent.council.lottery --pool pool.csv --quotas quotas.csv --seats 15 --seed 4711

The library seeds Python's global ``random`` generator; :func:`draw` restores its state
afterwards, so a draw leaves the rest of the process's randomness as it found it.
"""

from __future__ import annotations

import argparse
import csv
import io
import logging
import random
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version

FEATURES = ("district", "sex", "age_band")
POOL_HEADER = ("reference", *FEATURES)
QUOTA_HEADER = ("feature", "value", "min", "max")
ALGORITHM = "maximin"
ALGORITHMS = ("maximin", "legacy", "nash")
SEED_MAX = 2**31 - 1


@dataclass(frozen=True)
class Applicant:
    reference: str
    district: str
    sex: str
    age_band: str

    def value(self, feature: str) -> str:
        return str(getattr(self, feature))


@dataclass(frozen=True)
class Quota:
    feature: str
    value: str
    min: int
    max: int


@dataclass(frozen=True)
class DrawResult:
    selected: tuple[str, ...]  # references, sorted
    report: str  # the library's own report, plain text (English)
    algorithm: str
    library_version: str


class DrawImpossible(Exception):
    """The draw cannot be made as asked; ``problems`` says why, one message each (the
    library's messages are English)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def library_version() -> str:
    return version("sortition-algorithms")


def quota_problems(
    applicants: Sequence[Applicant], quotas: Sequence[Quota], seats: int
) -> list[str]:
    """What makes the draw impossible before the library is asked: too few applicants, a
    quota with min above max, or above the applicants who have that value, or features whose
    minimums add up to more than the seats (or maximums to fewer)."""
    problems: list[str] = []
    if seats < 1:
        problems.append("The number of seats must be at least 1.")
    if len(applicants) < seats:
        problems.append(f"There are {len(applicants)} applicants for {seats} seats.")
    references = Counter(a.reference for a in applicants)
    twice = sorted(r for r, n in references.items() if n > 1)
    if twice:
        problems.append(f"References used twice: {', '.join(twice)}.")
    by_feature: dict[str, list[Quota]] = {}
    for q in quotas:
        if q.feature not in FEATURES:
            problems.append(f"Unknown feature {q.feature!r}: use one of {', '.join(FEATURES)}.")
            continue
        by_feature.setdefault(q.feature, []).append(q)
        if q.min < 0 or q.max < q.min:
            problems.append(f"{q.feature} {q.value}: min {q.min} and max {q.max} do not fit.")
        have = sum(1 for a in applicants if a.value(q.feature) == q.value)
        if q.min > have:
            problems.append(
                f"{q.feature} {q.value}: at least {q.min} wanted, {have} among the applicants."
            )
    for feature, found in by_feature.items():
        if sum(q.min for q in found) > seats:
            problems.append(f"The minimums of {feature} add up to more than {seats} seats.")
        if sum(q.max for q in found) < seats:
            problems.append(f"The maximums of {feature} add up to fewer than {seats} seats.")
        values = {q.value for q in found}
        missing = sorted({a.value(feature) for a in applicants} - values)
        if missing:
            problems.append(f"{feature}: no quota for {', '.join(missing)}, which applicants have.")
    return problems


def draw(
    applicants: Sequence[Applicant],
    quotas: Sequence[Quota],
    *,
    seats: int,
    seed: int,
    algorithm: str = ALGORITHM,
) -> DrawResult:
    """Draw ``seats`` applicants meeting ``quotas``, reproducibly from ``seed`` (1 to 2³¹−1)."""
    from sortition_algorithms import (
        Settings,
        SortitionBaseError,
        read_in_features,
        read_in_people,
        run_stratification,
    )
    from sortition_algorithms.utils import override_logging_handlers

    # the library writes its log to standard output; let the process's logging decide instead
    override_logging_handlers([logging.NullHandler()], [logging.NullHandler()])
    if not 1 <= seed <= SEED_MAX:
        raise DrawImpossible([f"The seed must be a whole number from 1 to {SEED_MAX}."])
    if algorithm not in ALGORITHMS:
        raise DrawImpossible([f"Unknown algorithm {algorithm!r}: use one of {ALGORITHMS}."])
    problems = quota_problems(applicants, quotas, seats)
    if problems:
        raise DrawImpossible(problems)
    used = [f for f in FEATURES if any(q.feature == f for q in quotas)]
    state = random.getstate()
    try:
        features, _fcol, _vcol = read_in_features(
            list(QUOTA_HEADER),
            [
                {"feature": q.feature, "value": q.value, "min": str(q.min), "max": str(q.max)}
                for q in quotas
            ],
            seats,
        )
        settings = Settings(
            id_column="reference",
            columns_to_keep=[],
            selection_algorithm=algorithm,
            random_number_seed=seed,
        )
        people, _report = read_in_people(
            ["reference", *used],
            [{"reference": a.reference, **{f: a.value(f) for f in used}} for a in applicants],
            features,
            settings,
        )
        done, panels, report = run_stratification(features, people, seats, settings)
    except SortitionBaseError as error:
        raise DrawImpossible([str(error)]) from error
    finally:
        random.setstate(state)
    if not done or not panels:
        raise DrawImpossible([report.as_text(include_logged=False) or "The draw failed."])
    return DrawResult(
        selected=tuple(sorted(panels[0])),
        report=report.as_text(include_logged=False),
        algorithm=algorithm,
        library_version=library_version(),
    )


def counts(applicants: Iterable[Applicant], feature: str) -> Counter[str]:
    return Counter(a.value(feature) for a in applicants)


# --- the published files ------------------------------------------------------------------------


def pool_csv(applicants: Sequence[Applicant]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(POOL_HEADER)
    for a in applicants:
        writer.writerow([a.reference, a.district, a.sex, a.age_band])
    return out.getvalue()


def quotas_csv(quotas: Sequence[Quota]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(QUOTA_HEADER)
    for q in quotas:
        writer.writerow([q.feature, q.value, q.min, q.max])
    return out.getvalue()


def _rows(text: str, header: Sequence[str], what: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    if reader.fieldnames is None or list(reader.fieldnames)[: len(header)] != list(header):
        raise DrawImpossible([f"The {what} file must start with the columns {', '.join(header)}."])
    return [{k: (row.get(k) or "").strip() for k in header} for row in reader]


def pool_read(text: str) -> list[Applicant]:
    return [Applicant(**row) for row in _rows(text, POOL_HEADER, "pool")]


def quotas_read(text: str) -> list[Quota]:
    found: list[Quota] = []
    for number, row in enumerate(_rows(text, QUOTA_HEADER, "quotas"), start=2):
        try:
            low, high = int(row["min"]), int(row["max"])
        except ValueError:
            raise DrawImpossible([f"Row {number}: min and max must be whole numbers."]) from None
        found.append(Quota(row["feature"], row["value"], low, high))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m adilkent.council.lottery",
        description="Re-run a published draw by lot: prints the selected references.",
        epilog="Examples:\n  python -m adilkent.council.lottery --pool pool.csv --quotas quotas.csv "
        "--seats 15 --seed 4711",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--pool", required=True, help="the draw's pool.csv")
    parser.add_argument("--quotas", required=True, help="the draw's quotas.csv")
    parser.add_argument("--seats", required=True, type=int, help="the number of seats drawn")
    parser.add_argument("--seed", required=True, type=int, help="the draw's published seed")
    parser.add_argument(
        "--algorithm", default=ALGORITHM, choices=ALGORITHMS, help=f"(default: {ALGORITHM})"
    )
    args = parser.parse_args(argv)
    try:
        with open(args.pool, encoding="utf-8") as pool, open(args.quotas, encoding="utf-8") as q:
            result = draw(
                pool_read(pool.read()),
                quotas_read(q.read()),
                seats=args.seats,
                seed=args.seed,
                algorithm=args.algorithm,
            )
    except DrawImpossible as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 2
    print(f"# sortition-algorithms {result.library_version}, {result.algorithm}, seed {args.seed}")
    for reference in result.selected:
        print(reference)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
