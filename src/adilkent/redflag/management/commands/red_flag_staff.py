"""Give or take a staff member's Red Flag role (assessor, coordinator)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.redflag.models import RedFlagStaff


class Command(BaseCommand):
    help = "Give USERNAME the Red Flag role ROLE (or take it away with --remove)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=RedFlagStaff.Role.values)
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        if options["remove"]:
            n, _d = RedFlagStaff.objects.filter(user=user, role=options["role"]).delete()
            self.stdout.write(f"removed {n} role(s)")
            return
        RedFlagStaff.objects.get_or_create(user=user, role=options["role"])
        self.stdout.write(f"{user.get_username()} is Red Flag {options['role']}")
