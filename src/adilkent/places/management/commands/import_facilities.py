"""Import hospitals, AFAD assembly areas and OSM green spaces."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adilkent.importers.report import SourceFileError
from adilkent.places import services

from ._reporting import write_reports


class Command(BaseCommand):
    help = "Import facilities; rows with unusable coordinates are reported and skipped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--hospitals", type=Path)
        parser.add_argument("--afad", type=Path)
        parser.add_argument("--green", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            reports = services.import_facilities(
                options["hospitals"], options["afad"], options["green"]
            )
        except SourceFileError as exc:
            raise CommandError(str(exc)) from exc
        write_reports(self, reports, "import-facilities")
