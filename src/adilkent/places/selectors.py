"""Reads of places, population and facilities for pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from .models import District, Facility, Mahalle, Population


@dataclass(frozen=True)
class CitySummary:
    districts: int
    mahalleler: int
    villages: int
    population: int
    population_year: int | None
    facilities: int


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
