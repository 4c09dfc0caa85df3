"""Load the kinds of report of ``confidential/data/kinds.yaml`` (a kind already there keeps
the names and deadline staff gave it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand

from adilkent.confidential.models import ReportKind

KINDS = Path(__file__).resolve().parents[2] / "data" / "kinds.yaml"


class Command(BaseCommand):
    help = "Create the kinds of report the confidential channel takes (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = 0
        for item in yaml.safe_load(KINDS.read_text()):
            _kind, made = ReportKind.objects.get_or_create(
                code=item["code"],
                defaults={
                    "names": item["names"],
                    "answer_days": item["answer_days"],
                    "source": item["source"][:300],
                },
            )
            created += made
        self.stdout.write(f"kinds of report: {created} created")
