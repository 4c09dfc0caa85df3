"""Reads of access analyses for the dashboard pages."""

from __future__ import annotations

from django.db.models import QuerySet

from adilkent.places.models import FacilityType

from .models import AccessAnalysis, SitingScenario


def recent_analyses(limit: int = 20) -> QuerySet[AccessAnalysis]:
    return AccessAnalysis.objects.select_related("facility_type")[:limit]


def latest_finished(facility_type: FacilityType) -> AccessAnalysis | None:
    return (
        AccessAnalysis.objects.filter(
            facility_type=facility_type, status=AccessAnalysis.Status.DONE
        )
        .select_related("facility_type")
        .first()
    )


def service_types() -> list[FacilityType]:
    """Facility types that have at least one facility, hospitals first."""
    types = list(FacilityType.objects.filter(facilities__isnull=False).distinct())
    return sorted(types, key=lambda t: (t.code != "hospital", str(t.name)))


def recent_scenarios(limit: int = 20) -> QuerySet[SitingScenario]:
    return SitingScenario.objects.select_related("facility_type")[:limit]
