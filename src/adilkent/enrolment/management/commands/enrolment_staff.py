"""Give or take a staff member's access to a programme's or a centre's enrolment records."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from adilkent.enrolment.models import Centre, StaffAccess
from adilkent.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Give a staff account access to enrolment records: --coordinator PROGRAMME-SLUG (every "
        "centre of the programme, and its allocation rounds) or --centre 'CENTRE NAME' (that "
        "centre's groups and children). --remove takes it away. Every change is audited."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--coordinator", metavar="PROGRAMME")
        scope.add_argument("--centre", metavar="NAME")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_staff:
            raise CommandError(f"no staff account named {options['username']!r}")
        if options["coordinator"]:
            programme = Programme.objects.filter(slug=options["coordinator"]).first()
            if programme is None:
                raise CommandError(f"no programme with the slug {options['coordinator']!r}")
            fields: dict[str, Any] = {"role": StaffAccess.Role.COORDINATOR, "programme": programme}
        else:
            centre = Centre.objects.filter(name=options["centre"]).first()
            if centre is None:
                raise CommandError(f"no centre named {options['centre']!r}")
            fields = {"role": StaffAccess.Role.CENTRE, "centre": centre}
        if options["remove"]:
            removed = 0
            for access in StaffAccess.objects.filter(user=user, **fields):
                access.delete()  # one by one: each removal is audited
                removed += 1
            self.stdout.write(f"removed {removed}")
        else:
            _access, made = StaffAccess.objects.get_or_create(user=user, **fields)
            self.stdout.write("given" if made else "already given")
