"""Import ESHOT bus stops and lines, rail lines, tram stations and cycle paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adilkent.importers.report import SourceFileError
from adilkent.places import services

from ._reporting import write_reports


class Command(BaseCommand):
    help = "Import public transport (ESHOT, metro, tram, İZBAN) and cycle paths."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--data-dir", type=Path, help="folder holding izmir/transit/")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            reports = services.import_transit(options["data_dir"])
        except SourceFileError as exc:
            raise CommandError(str(exc)) from exc
        write_reports(self, reports, "import-transit")
