"""Run an access analysis now, in this process (without the task queue)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.analytics.models import AccessAnalysis
from adilkent.analytics.services import run_analysis
from adilkent.places.models import FacilityType


class Command(BaseCommand):
    help = "Analyse access to one service type (straight-line walking estimate) and store it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("type", help="facility type code, e.g. hospital")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["type"]
        facility_type = FacilityType.objects.filter(code=code).first()
        if facility_type is None:
            known = ", ".join(FacilityType.objects.values_list("code", flat=True)) or "none"
            raise CommandError(f"unknown facility type {code!r}; known types: {known}")
        analysis = run_analysis(AccessAnalysis.objects.create(facility_type=facility_type))
        if analysis.status != AccessAnalysis.Status.DONE:
            raise CommandError(f"analysis {analysis.pk} failed: {analysis.error}")
        results = analysis.results or {}
        self.stdout.write(
            f"analysis {analysis.pk}: {results.get('mahalle_measured')} mahalle, "
            f"{results.get('facilities')} facilities, mean "
            f"{results.get('mean_minutes', 0):.1f} min ({analysis.model_label})"
        )
