"""Give or take a staff member's role in a call (coordinator, reviewer, finance)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.calls.models import Call, CallStaff


class Command(BaseCommand):
    help = "Give USERNAME a role in the call SLUG (or take it away with --remove)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("slug")
        parser.add_argument("role", choices=CallStaff.Role.values)
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user named {options['username']!r}")
        call = Call.objects.filter(slug=options["slug"]).first()
        if call is None:
            known = ", ".join(Call.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"no call {options['slug']!r}; calls: {known}")
        if options["remove"]:
            n, _d = CallStaff.objects.filter(call=call, user=user, role=options["role"]).delete()
            self.stdout.write(f"removed {n} role(s)")
            return
        CallStaff.objects.get_or_create(call=call, user=user, role=options["role"])
        self.stdout.write(f"{user.get_username()} is {options['role']} of {call.slug}")
