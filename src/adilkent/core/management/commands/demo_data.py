"""Build the demo database: the real İzmir places, then each pillar's content from the seeds.

Each step is an idempotent command of its own app; this one runs them in order so that
``make demo-data``, the browser tests and a deployment build the same database.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

# (command, what it loads). The service guide is seeded by its own data migration.
STEPS: list[tuple[str, str]] = [
    ("import_izmir", "places, population, boundaries, facilities and transit from the real files"),
    ("load_programmes", "the programme registry, KPIs and checklist from the seed documents"),
]


class Command(BaseCommand):
    help = "Build the demo data set (real İzmir data and the seed documents' content)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        for number, (name, what) in enumerate(STEPS, start=1):
            self.stderr.write(f"==> [{number}/{len(STEPS)}] {name}: {what}")
            call_command(name, stdout=self.stdout, stderr=self.stderr)
        self.stderr.write(f"==> demo data ready in {time.perf_counter() - started:.1f} s")
