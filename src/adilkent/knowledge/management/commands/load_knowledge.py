"""Load the starter booklet of the knowledge pages (``knowledge/data/booklet.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.knowledge import services
from adilkent.knowledge.booklet import DATA, BookletInvalid, booklet_read


class Command(BaseCommand):
    help = (
        "Create the knowledge pages and texts that are missing from the booklet file. Run it "
        "again at will: a text an editor has saved is never changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DATA, help="the booklet file (default: the starter one)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            pages = booklet_read(options["file"])
        except BookletInvalid as error:
            raise CommandError(str(error)) from error
        report = services.booklet_load(pages=pages)
        self.stdout.write(
            f"knowledge pages: {len(pages)} in the file, {report.pages_created} created; "
            f"texts: {report.texts_created} created, {report.texts_refreshed} refreshed, "
            f"{report.texts_unchanged} unchanged, {report.texts_kept_edited} kept as edited"
        )
