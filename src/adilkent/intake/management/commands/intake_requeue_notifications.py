"""Enqueue again the notifications whose sending job was lost (run it every 15 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from adilkent.intake.notify import requeue_due


class Command(BaseCommand):
    help = (
        "Enqueue again pending notifications that no job has tried for five minutes past their "
        "due time (a killed worker, a lost enqueue); prints how many."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"requeued {requeue_due()} notification(s)")
