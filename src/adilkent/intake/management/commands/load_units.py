"""Load the units, routing rules and starting reply templates of ``intake/data/units.yaml``.

Only what is missing is created: a unit, rule or template that staff have changed in the admin
keeps their changes (a rule is "there" when a city-wide rule for its service exists, whatever
unit staff gave it). A rule naming a service the guide does not have is reported and skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from adilkent.guide.models import Service
from adilkent.intake.models import ReplyTemplate, RoutingRule, Unit

DATA = Path(__file__).resolve().parents[2] / "data" / "units.yaml"


class Command(BaseCommand):
    help = (
        "Create the units named in the seed documents, the routing rules from the guide's "
        "services to them and the starting reply templates (idempotent; staff edits are kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DATA, help="the data file")

    def handle(self, *args: Any, **options: Any) -> None:
        data = yaml.safe_load(Path(options["file"]).read_text(encoding="utf-8"))
        made = {"units": 0, "rules": 0, "templates": 0}
        with transaction.atomic():
            units: dict[str, Unit] = {}
            for item in data["units"]:
                unit, created = Unit.objects.get_or_create(
                    code=item["code"], defaults={"name": item["name"]}
                )
                units[item["code"]] = unit
                made["units"] += created
            services = {s.code: s for s in Service.objects.all()}
            for item in data["rules"]:
                code = item["service"]
                service = services.get(code) if code else None
                if code and service is None:
                    self.stderr.write(f"routing rule skipped: the guide has no service {code!r}")
                    continue
                there = RoutingRule.objects.filter(
                    service=service, district__isnull=True, mahalle__isnull=True
                ).exists()
                if not there:
                    RoutingRule.objects.create(service=service, unit=units[item["unit"]])
                    made["rules"] += 1
            for item in data["templates"]:
                _template, created = ReplyTemplate.objects.get_or_create(
                    code=item["code"], defaults={"title": item["title"], "texts": item["texts"]}
                )
                made["templates"] += created
        self.stdout.write(
            f"units: {made['units']} created of {len(data['units'])}; "
            f"routing rules: {made['rules']} created of {len(data['rules'])}; "
            f"reply templates: {made['templates']} created of {len(data['templates'])}"
        )
