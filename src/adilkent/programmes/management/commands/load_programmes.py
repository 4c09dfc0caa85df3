"""Load the programme registry (programmes, partners, KPIs, checklist, action plan)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.programmes.services import DATA_FILE, RegistryDataError, load_registry


class Command(BaseCommand):
    help = "Load the programme registry from its data file; running it again updates in place."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="registry YAML file")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        try:
            report = load_registry(path)
        except RegistryDataError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
