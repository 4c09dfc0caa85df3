"""Count the programme indicators measured from the platform's own records for a month."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from adilkent.programmes.kpi_records import update_measured_kpis
from adilkent.programmes.measured import Period
from adilkent.programmes.tasks import update_measured_kpis as update_task


class Command(BaseCommand):
    help = (
        "Count the indicators measured from adilkent's records (cases, referrals, requests, "
        "legal aid appointments, mobile-service plans) for each month of the year up to "
        "--period and the year to date; small counts are withheld. Re-running updates the "
        "same values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period", default="", help="The month, YYYY-MM (default: the current month)."
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the job for the worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["period"].strip()
        try:
            period = Period.parse(text) if text else Period.of(timezone.localdate())
        except ValueError as error:
            raise CommandError(f"--period {text!r}: {error}") from None
        if period > Period.of(timezone.localdate()):
            raise CommandError(f"--period {period}: that month has not begun yet.")
        if options["enqueue"]:
            result = update_task.enqueue(str(period))
            self.stdout.write(f"queued job {result.id}")
            return
        for line in update_measured_kpis(period).lines():
            self.stdout.write(line)
