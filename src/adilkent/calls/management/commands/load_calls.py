"""Load the example calls: a volunteer call and a micro-grant call."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from adilkent.calls.seed import load_example_calls


class Command(BaseCommand):
    help = (
        "Create the example volunteer call (Eşit İzmir) and micro-grant call (Social "
        "Incubation Program) with their roles, trainings, criteria, questions and shifts, open "
        "from 10 days ago to 30 days from today (idempotent: existing calls are kept)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        made = load_example_calls(today=timezone.localdate())
        self.stdout.write(
            "created: " + (", ".join(c.slug for c in made) or "nothing (already there)")
        )
