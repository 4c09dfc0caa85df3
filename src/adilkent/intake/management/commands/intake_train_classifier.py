"""Train the request classifier now and store a new version (e.g. the first model)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.intake.suggest import train_and_store


class Command(BaseCommand):
    help = (
        "Train the category classifier on the guide's texts and staff-confirmed requests and "
        "store it as a new version, which every process then loads. Skips training when the "
        "data have not changed since the latest version, unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="train even if nothing changed")

    def handle(self, *args: Any, **options: Any) -> None:
        stored = train_and_store(force=options["force"])
        if stored is None:
            raise CommandError("not trained: at least two categories with texts are needed")
        metrics = stored.metrics or {}
        self.stdout.write(
            f"classifier v{stored.version}: {stored.n_training_texts} training texts, "
            f"{len(stored.labels)} categories, threshold {stored.threshold}, "
            f"held-out accuracy {metrics.get('heldout_accuracy', 'n/a')}"
        )
