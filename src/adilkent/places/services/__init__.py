"""Writes: building the place database from the real source files.

Every import is idempotent (a second run changes nothing and says so), runs in one
transaction, keeps an :class:`~adilkent.places.models.ImportRun` with its full report, and
reports each row it could not use. The readers in :mod:`adilkent.importers` do the parsing.
"""

from collections.abc import Callable

from adilkent.importers.report import ImportReport

from .. import sources
from ._common import data_path, ensure_source
from .boundaries import import_mahalle_boundaries, read_aliases
from .districts import (
    import_district_boundaries,
    import_district_figures,
    import_district_population_by_sex,
)
from .facilities import ensure_facility_types, import_facilities
from .population import import_mahalle_population
from .transit import import_transit

__all__ = [
    "data_path",
    "ensure_facility_types",
    "ensure_source",
    "import_all",
    "import_district_boundaries",
    "import_district_figures",
    "import_district_population_by_sex",
    "import_facilities",
    "import_mahalle_boundaries",
    "import_mahalle_population",
    "import_transit",
    "read_aliases",
]


def import_all(progress: Callable[[str], None] | None = None) -> list[ImportReport]:
    """Build the place database from every real file, in dependency order."""
    steps: list[tuple[str, Callable[[], ImportReport | list[ImportReport]]]] = [
        ("district boundaries", import_district_boundaries),
        ("district area and growth", import_district_figures),
        ("district population by sex", import_district_population_by_sex),
        ("mahalle population (TÜİK export)", lambda: import_mahalle_population(fmt="tuik")),
        (
            "mahalle population (tidy CSV, cross-check)",
            lambda: import_mahalle_population(data_path(sources.POPULATION_2025_TIDY), "tidy"),
        ),
        ("mahalle boundaries", import_mahalle_boundaries),
        ("facilities", import_facilities),
        ("transit", import_transit),
    ]
    reports: list[ImportReport] = []
    for number, (label, step) in enumerate(steps, start=1):
        if progress:
            progress(f"[{number}/{len(steps)}] {label}")
        outcome = step()
        reports.extend(outcome if isinstance(outcome, list) else [outcome])
    return reports
