"""``manage.py publish_legal_aid_stops``: the stops of the latest Legal Aid Vehicle plan."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.legalaid import conf
from adilkent.legalaid.services import erase_old_contact_details, publish_stops
from adilkent.planner.models import PlanRun


class Command(BaseCommand):
    help = (
        "Publish the stops of the latest finished Legal Aid Vehicle plan for booking "
        "(idempotent: existing stops are left unchanged). Also erases the contact details of "
        "appointments past the retention period."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--run", type=int, help="plan run id (default: the latest finished)")
        parser.add_argument(
            "--slot-minutes",
            type=int,
            help=f"minutes per appointment (default {conf.slot_minutes()})",
        )
        parser.add_argument(
            "--seats",
            type=int,
            help=f"appointments at the same time (default {conf.seats_per_slot()})",
        )
        parser.add_argument("--start-time", help="HH:MM (default: the plan's hours)")
        parser.add_argument("--end-time", help="HH:MM (default: the plan's hours)")

    def handle(self, *args: Any, **options: Any) -> None:
        run = None
        if options["run"] is not None:
            run = PlanRun.objects.filter(pk=options["run"]).first()
            if run is None:
                raise CommandError(f"there is no plan run {options['run']}")
        try:
            report = publish_stops(
                run,
                slot_minutes=options["slot_minutes"],
                seats_per_slot=options["seats"],
                start_time=options["start_time"],
                end_time=options["end_time"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.summary())
        erased = erase_old_contact_details()
        if erased:
            self.stdout.write(f"contact details erased from {erased} past appointments")
