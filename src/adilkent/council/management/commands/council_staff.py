"""Make a member of staff coordinator of a body of the council (or take the role away)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.council.models import Body, BodyStaff


class Command(BaseCommand):
    help = (
        "Make USER coordinator of the body BODY_SLUG (and so of the bodies that are part of "
        "it): they run its members, guardians' consents, meetings and recommendations and see "
        "child members' contact details. --remove takes the role away."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("user")
        parser.add_argument("body_slug")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user named {options['user']!r}.")
        body = Body.objects.filter(slug=options["body_slug"]).first()
        if body is None:
            raise CommandError(f"No body with the short name {options['body_slug']!r}.")
        role = BodyStaff.Role.COORDINATOR
        if options["remove"]:
            BodyStaff.objects.filter(body=body, user=user, role=role).delete()
            self.stdout.write(f"{user} is no longer coordinator of {body.slug}")
            return
        BodyStaff.objects.get_or_create(body=body, user=user, role=role)
        self.stdout.write(f"{user} is coordinator of {body.slug}")
