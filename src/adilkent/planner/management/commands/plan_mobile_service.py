"""``manage.py plan_mobile_service library|legal-aid|milk|empowerment|stage|employment-point``: the same work as the background job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.planner.models import PlanRun, RunStatus, Service
from adilkent.planner.services import DEFAULT_SECONDS, execute_plan


class Command(BaseCommand):
    help = "Plan a mobile service on the places database and publish the plan."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("service", choices=Service.values)
        parser.add_argument("--start", default=dt.date.today().isoformat(), help="first day")
        parser.add_argument("--days", type=int, default=None, help="days to plan")
        parser.add_argument(
            "--seconds",
            type=float,
            default=None,
            help="solver seconds a window (default: 1, Süt Kuzusu 0.3)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            start = dt.date.fromisoformat(options["start"])
        except ValueError:
            raise CommandError(
                f"--start {options['start']!r} is not a date like 2026-01-05"
            ) from None
        run = PlanRun.objects.create(
            service=options["service"],
            start_date=start,
            horizon_days=options["days"],
            seconds_per_window=options["seconds"] or DEFAULT_SECONDS[Service(options["service"])],
        )
        run = execute_plan(run.pk)
        if run.status != RunStatus.DONE:
            raise CommandError(run.error)
        routes = len((run.document or {}).get("routes", []))
        self.stdout.write(f"plan {run.pk}: {routes} days planned")
