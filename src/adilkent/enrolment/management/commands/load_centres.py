"""Load the centres the seed documents name; with --example-term, an example term for the demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from adilkent.enrolment.seed import load_centres, load_example_term, load_fees


class Command(BaseCommand):
    help = (
        "Create the ÇOGEM centres, Talehouses and the Menemen centre named in the seed "
        "documents, and the fee tables they give (idempotent). --example-term adds an example ÇOGEM term open for "
        "applications, with example groups and places, for the demonstration."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--example-term", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        created, existing = load_centres()
        self.stdout.write(f"centres: {created} created, {existing} already there")
        self.stdout.write(f"fee tables: {load_fees()} created")
        if options["example_term"]:
            term = load_example_term(today=timezone.localdate())
            self.stdout.write(
                f"example term {term.name!r}: {term.groups.count()} groups, applications "
                f"{term.applications_open_on} to {term.applications_close_on}"
            )
