"""Load the City Council and its bodies named by the seed documents."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from adilkent.council.seed import load_council


class Command(BaseCommand):
    help = (
        "Create or update the İzmir City Council and the bodies the seed documents name "
        "(assemblies, working groups, the Children's Assembly's committees, the Children's "
        "Municipality, the Youth for Equality forum), with names in six languages. Idempotent; "
        "no members are loaded."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        bodies = load_council()
        self.stdout.write(f"bodies: {len(bodies)}")
