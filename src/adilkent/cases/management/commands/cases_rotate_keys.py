"""Re-encrypt every sensitive field with the newest key of ADILKENT_CASES_KEYS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from adilkent.cases.services.protection import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt all sensitive fields with the first key in ADILKENT_CASES_KEYS. "
        "Put the new key first, keep the old ones after it, run this, then remove the old keys."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = rotate_keys()
        for label, n in counts.items():
            self.stdout.write(f"{label}: {n} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS("All sensitive fields now use the newest key."))
