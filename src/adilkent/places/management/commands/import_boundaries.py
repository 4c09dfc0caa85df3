"""Import district and mahalle polygons and match mahalle to the population list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adilkent.importers.report import SourceFileError
from adilkent.places import services

from ._reporting import write_reports


class Command(BaseCommand):
    help = (
        "Import district and mahalle boundary polygons; report every mahalle and polygon that "
        "could not be matched, with the closest candidates."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--districts", type=Path, help="district polygons (GeoJSON)")
        parser.add_argument("--mahalle", type=Path, help="mahalle polygons (GeoJSON)")
        parser.add_argument(
            "--aliases",
            type=Path,
            help="CSV of confirmed pairs: district, population_name, boundary_name",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            reports = [
                services.import_district_boundaries(options["districts"]),
                services.import_mahalle_boundaries(options["mahalle"], options["aliases"]),
            ]
        except SourceFileError as exc:
            raise CommandError(str(exc)) from exc
        write_reports(self, reports, "import-boundaries")
