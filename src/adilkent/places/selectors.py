"""Reads of places, population and facilities for pages and the API.

Every query the place pages and maps need lives here; views only call these functions.
Population figures are always those of the *latest year* that has mahalle counts, group
``total``, summed over mahalle (the district rows of the 2022 source are kept apart).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from adilkent.core.l10n import Shown, shown_field
from adilkent.text import fold

from .models import (
    District,
    Facility,
    FacilityType,
    Mahalle,
    Population,
    PopulationGroup,
    TransitLine,
    TransitStop,
)


@dataclass(frozen=True)
class CitySummary:
    districts: int
    mahalleler: int
    villages: int
    population: int
    population_year: int | None
    facilities: int

    @property
    def is_empty(self) -> bool:
        return self.districts == 0 and self.mahalleler == 0


def latest_population_year() -> int | None:
    row = Population.objects.filter(mahalle__isnull=False).order_by("-year").first()
    return row.year if row else None


def city_summary() -> CitySummary:
    year = latest_population_year()
    total = (
        Population.objects.filter(mahalle__isnull=False, year=year, group="total").aggregate(
            s=Sum("count")
        )["s"]
        if year
        else 0
    )
    return CitySummary(
        districts=District.objects.count(),
        mahalleler=Mahalle.objects.count(),
        villages=Mahalle.objects.filter(is_village=True).count(),
        population=total or 0,
        population_year=year,
        facilities=Facility.objects.count(),
    )


# --- Districts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictRow:
    """One line of the districts table."""

    district: District
    population: int | None
    mahalleler: int
    villages: int

    @property
    def area_km2(self) -> float | None:
        return self.district.area_km2

    @property
    def density(self) -> float | None:
        """Residents per km² (``None`` without an area or a population)."""
        if not self.population or not self.area_km2:
            return None
        return self.population / self.area_km2


def _mahalle_population_subquery(year: int | None, **place: object) -> Subquery:
    """The summed ``total`` count of the mahalle matched by ``place`` (an OuterRef filter)."""
    rows = (
        Population.objects.filter(group=PopulationGroup.TOTAL, **place)
        .filter(year=year)  # type: ignore[misc]
        .order_by()
        .values("year")
        .annotate(s=Sum("count"))
        .values("s")
    )
    return Subquery(rows, output_field=IntegerField())


def district_rows(year: int | None = None) -> list[DistrictRow]:
    """All districts with their population (latest year), mahalle and village counts."""
    year = year or latest_population_year()
    districts = District.objects.defer("geometry").annotate(
        n_mahalle=Count("mahalleler", distinct=True),
        n_villages=Count("mahalleler", filter=Q(mahalleler__is_village=True), distinct=True),
        pop=_mahalle_population_subquery(year, mahalle__district=OuterRef("pk")),
    )
    # Meta.ordering is not applied to GROUP BY queries: order explicitly.
    districts = districts.order_by("name_folded")
    return [
        DistrictRow(district=d, population=d.pop, mahalleler=d.n_mahalle, villages=d.n_villages)
        for d in districts
    ]


def district_by_slug(slug: str) -> District | None:
    return District.objects.defer("geometry").filter(slug=slug).first()


def district_population(district: District, year: int | None = None) -> int | None:
    year = year or latest_population_year()
    if year is None:
        return None
    return Population.objects.filter(
        mahalle__district=district, year=year, group=PopulationGroup.TOTAL
    ).aggregate(s=Sum("count"))["s"]


# --- Mahalle ------------------------------------------------------------------------------

MAHALLE_SORTS = {
    "name": ("name_folded",),
    "-name": ("-name_folded",),
    "population": (Coalesce("pop", -1).asc(), "name_folded"),
    "-population": (Coalesce("pop", -1).desc(), "name_folded"),
}


def district_mahalleler(
    district: District, sort: str = "name", year: int | None = None
) -> QuerySet[Mahalle]:
    """The mahalle of a district with ``pop`` (latest-year total), sorted by ``sort``.

    ``sort`` is one of :data:`MAHALLE_SORTS`; anything else sorts by name.
    """
    year = year or latest_population_year()
    order = MAHALLE_SORTS.get(sort, MAHALLE_SORTS["name"])
    return (
        Mahalle.objects.filter(district=district)
        .defer("geometry")
        .annotate(pop=_mahalle_population_subquery(year, mahalle=OuterRef("pk")))
        .order_by(*order)
    )


def mahalle_by_slugs(district_slug: str, mahalle_slug: str) -> Mahalle | None:
    return (
        Mahalle.objects.select_related("district")
        .defer("geometry", "district__geometry")
        .filter(district__slug=district_slug, slug=mahalle_slug)
        .first()
    )


@dataclass(frozen=True)
class PopulationYear:
    year: int
    counts: dict[str, int]  # group code → count
    sources: tuple[Shown, ...] = ()  # titles, each in the language it is shown in

    @property
    def total(self) -> int | None:
        return self.counts.get(PopulationGroup.TOTAL)


def mahalle_population(mahalle: Mahalle) -> tuple[list[str], list[PopulationYear]]:
    """Population of a mahalle by year (newest first) and group, with the groups present."""
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    sources: dict[int, set[Shown]] = defaultdict(set)
    for row in mahalle.population.select_related("source").order_by("-year", "group"):
        by_year[row.year][row.group] = row.count
        sources[row.year].add(shown_field(row.source, "title"))
    order = [g.value for g in PopulationGroup]
    present = sorted({g for counts in by_year.values() for g in counts}, key=order.index)
    years = [
        PopulationYear(year=y, counts=c, sources=tuple(sorted(sources[y], key=lambda s: s.text)))
        for y, c in sorted(by_year.items(), reverse=True)
    ]
    return present, years


def mahalle_has_boundary(mahalle: Mahalle) -> bool:
    return Mahalle.objects.filter(pk=mahalle.pk, geometry__isnull=False).exists()


# --- Search -------------------------------------------------------------------------------

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class SearchResults:
    query: str
    districts: list[District] = field(default_factory=list)
    mahalleler: list[Mahalle] = field(default_factory=list)
    more_mahalleler: bool = False

    @property
    def count(self) -> int:
        return len(self.districts) + len(self.mahalleler)


def search_places(query: str, limit: int = SEARCH_LIMIT) -> SearchResults:
    """Districts and mahalle whose name contains ``query``, Turkish-aware and accent-free.

    ``"karsiyaka"``, ``"KARŞIYAKA"`` and ``"Karşıyaka"`` all fold to the same key.
    """
    key = fold(query or "")
    if not key:
        return SearchResults(query="")
    districts = list(District.objects.defer("geometry").filter(name_folded__contains=key))
    mahalleler = list(
        Mahalle.objects.select_related("district")
        .defer("geometry", "district__geometry")
        .filter(name_folded__contains=key)
        .order_by("name_folded", "district__name_folded")[: limit + 1]
    )
    return SearchResults(
        query=query,
        districts=districts,
        mahalleler=mahalleler[:limit],
        more_mahalleler=len(mahalleler) > limit,
    )


# --- Facilities and transit ----------------------------------------------------------------


@dataclass(frozen=True)
class FacilityGroup:
    facility_type: FacilityType
    facilities: list[Facility]


def facility_type_counts(**place: object) -> list[tuple[FacilityType, int]]:
    """Facility types present in a place (``district=`` or ``mahalle=``) with their counts."""
    types = (
        FacilityType.objects.filter(**{f"facilities__{k}": v for k, v in place.items()})
        .annotate(n=Count("facilities"))
        .order_by("code")
    )
    return [(t, t.n) for t in types]


def mahalle_facilities(mahalle: Mahalle) -> list[FacilityGroup]:
    """Facilities located in a mahalle, grouped by type."""
    groups: dict[int, FacilityGroup] = {}
    for f in (
        Facility.objects.filter(mahalle=mahalle)
        .select_related("facility_type")
        .order_by("facility_type__code", "name_folded")
    ):
        groups.setdefault(f.facility_type_id, FacilityGroup(f.facility_type, [])).facilities.append(
            f
        )
    return list(groups.values())


@dataclass(frozen=True)
class StopRow:
    stop: TransitStop
    lines: list[tuple[str, str]]  # (line code, line name or "")


def mahalle_stops(mahalle: Mahalle) -> list[StopRow]:
    """Transit stops in a mahalle with the lines that serve them (names where known)."""
    stops = list(TransitStop.objects.filter(mahalle=mahalle).order_by("name", "code"))
    codes = {str(c) for s in stops for c in (s.line_codes or [])}
    names: dict[tuple[str, str], str] = {}
    if codes:
        for line in TransitLine.objects.filter(code__in=codes).only("mode", "code", "name"):
            names[(line.mode, line.code)] = line.name
    return [
        StopRow(
            stop=s,
            lines=[(str(c), names.get((s.mode, str(c)), "")) for c in (s.line_codes or [])],
        )
        for s in stops
    ]


def mahalle_choices(empty_label: Any) -> list[tuple[Any, Any]]:
    """Every mahalle for a form's select, grouped by district (``<optgroup>``), districts in
    alphabetical order, with ``empty_label`` (a text, or a lazy translation) first for "none chosen"."""
    grouped: dict[str, list[tuple[int, str]]] = {}
    for m in Mahalle.objects.select_related("district").only("id", "name", "district__name"):
        grouped.setdefault(m.district.name, []).append((m.id, m.name))
    return [("", empty_label), *sorted(grouped.items())]
