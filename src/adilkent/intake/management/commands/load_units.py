"""Load the units, routing rules and starting reply templates of ``intake/data/units.yaml``,
then HİM's service map (``intake/data/service_map.yaml``): its city services into the guide,
its units, and one city-wide rule from each of those services to its unit.

Only what is missing is created: a unit, rule or template that staff have changed in the admin
keeps their changes (a rule is "there" when a city-wide rule for its service exists, whatever
unit staff gave it). A rule naming a service the guide does not have is reported and skipped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from adilkent.guide.models import Service
from adilkent.guide.services import city_services_create
from adilkent.intake import service_map
from adilkent.intake.models import ReplyTemplate, RoutingRule, Unit

DATA = Path(__file__).resolve().parents[2] / "data" / "units.yaml"


class Command(BaseCommand):
    help = (
        "Create the units named in the seed documents, the routing rules from the guide's "
        "services to them and the starting reply templates (idempotent; staff edits are kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DATA, help="the data file")
        parser.add_argument(
            "--map",
            type=Path,
            default=service_map.DATA,
            help="HİM's service map (city services, their units and time to answer)",
        )
        parser.add_argument(
            "--no-map", action="store_true", help="load units.yaml only, not the service map"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = yaml.safe_load(Path(options["file"]).read_text(encoding="utf-8"))
        city = None
        if not options["no_map"]:
            try:
                city = service_map.service_map_read(path=Path(options["map"]))
            except (OSError, service_map.ServiceMapError) as error:
                raise CommandError(str(error)) from error
        made = {"units": 0, "rules": 0, "templates": 0}
        with transaction.atomic():
            if city is not None:
                self._load_map(city)
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

    def _load_map(self, city: service_map.ServiceMap) -> None:
        services = city_services_create(entries=city.services)
        units: dict[str, Unit] = {}
        unit_count = 0
        for item in city.units:
            unit, created = Unit.objects.get_or_create(code=item.code, defaults={"name": item.name})
            units[item.code] = unit
            unit_count += created
        by_code = {s.code: s for s in Service.objects.filter(group="city")}
        rules = 0
        for entry in city.services:
            service = by_code.get(entry["code"])
            if service is None:  # a staff member moved it to another group: leave it
                continue
            if not RoutingRule.objects.filter(
                service=service, district__isnull=True, mahalle__isnull=True
            ).exists():
                RoutingRule.objects.create(service=service, unit=units[entry["unit"]])
                rules += 1
        to_confirm = sum(unit.to_confirm for unit in city.units)
        self.stdout.write(
            f"service map: {services} city services created of {len(city.services)}; "
            f"units: {unit_count} created of {len(city.units)} "
            f"({to_confirm} names to confirm); routing rules: {rules} created"
        )
