"""Create an API key for an Open311 or JSON-API client and print it once."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from adilkent.intake.models import ApiKey


class Command(BaseCommand):
    help = "Create an API key for a client (Open311 POST, /api/v1/intake/requests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("client", help="who the key is for")

    def handle(self, *args: Any, **options: Any) -> None:
        key = secrets.token_urlsafe(24)
        ApiKey.objects.create(name=options["client"], key=key)
        self.stdout.write(key)
