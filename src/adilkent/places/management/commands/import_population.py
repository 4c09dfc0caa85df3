"""Import TÜİK mahalle population from the tidy CSV or TÜİK's pipe-delimited export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adilkent.importers.report import SourceFileError
from adilkent.places import services

from ._reporting import write_reports


class Command(BaseCommand):
    help = "Import mahalle population (TÜİK ADNKS) from a tidy CSV or TÜİK's raw export."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", nargs="?", type=Path, help="file (default: the TÜİK export)")
        parser.add_argument("--format", choices=["auto", "tidy", "tuik"], default="auto")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = services.import_mahalle_population(options["path"], options["format"])
        except (SourceFileError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        write_reports(self, [report], "import-population")
