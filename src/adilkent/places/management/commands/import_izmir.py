"""Build the place database from every real file in DATA_DIR and report what happened."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adilkent.importers.report import SourceFileError
from adilkent.places import services

from ._reporting import write_reports


class Command(BaseCommand):
    help = (
        "Import the real İzmir data (population, boundaries, facilities, transit) from "
        "settings.DATA_DIR. Idempotent: running it again changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--max-rows", type=int, default=20, help="rows listed per section")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()

        def progress(message: str) -> None:
            self.stderr.write(f"{message} … ({time.perf_counter() - started:.1f} s)")

        try:
            reports = services.import_all(progress)
        except SourceFileError as exc:
            raise CommandError(str(exc)) from exc
        write_reports(self, reports, "import-izmir", options["max_rows"])
        self.stderr.write(f"Done in {time.perf_counter() - started:.1f} s")
