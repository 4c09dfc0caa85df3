"""Load the Red Flag's example data (invented assessments and flags on real facilities)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from adilkent.redflag.seed import load_example


class Command(BaseCommand):
    help = (
        "With --example: give a few facilities of places invented (example) assessments and "
        "Red Flags, labelled as examples everywhere."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--example", action="store_true", help="load the example data")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["example"]:
            raise CommandError("nothing to load: the Red Flag has only example data (--example)")
        made = load_example(today=timezone.localdate())
        self.stdout.write(f"example Red Flag places created: {len(made)}")
