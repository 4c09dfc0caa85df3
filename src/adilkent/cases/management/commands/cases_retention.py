"""Apply the retention rules (schedule daily, e.g. with a systemd timer or cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from adilkent.cases.tasks import retention_job


class Command(BaseCommand):
    help = "Destroy or anonymise records past their retention period; each is logged."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the job for the worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = retention_job.enqueue()
            self.stdout.write(f"queued job {result.id}")
            return
        done = retention_job.call()
        self.stdout.write(", ".join(f"{what.replace('_', ' ')}: {n}" for what, n in done.items()))
