"""Invented kinds, a unit, three recipients of harassment reports and the escrow key (their
passphrases are the test's own); no seed data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation

from adilkent.confidential.models import Recipient, ReportKind, Unit
from adilkent.confidential.services import recipient_create

PASSPHRASES = {
    "ethics_a": "ethics-a passphrase, invented",
    "ethics_b": "ethics-b passphrase, invented",
    "hr": "hr passphrase, invented here",
    "dpo": "dpo escrow passphrase, invented",
}


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@dataclass
class Channel:
    harassment: ReportKind
    mobbing: ReportKind
    unit: Unit
    recipients: dict[str, Recipient]
    users: dict[str, Any]


@pytest.fixture
def channel(db: None, django_user_model: Any) -> Channel:
    harassment = ReportKind.objects.create(
        code="harassment", names={"en": "Harassment", "tr": "Taciz"}, answer_days=15
    )
    mobbing = ReportKind.objects.create(code="mobbing", names={"en": "Mobbing"}, answer_days=30)
    unit = Unit.objects.create(name="Invented Unit", employees=40)
    users = {
        name: django_user_model.objects.create_user(name, password="x", is_staff=True)
        for name in (*PASSPHRASES, "admin")
    }
    recipients = {
        "ethics_a": recipient_create(user=users["ethics_a"], role="Ethics board",
                                     kinds=[harassment, mobbing], passphrase=PASSPHRASES["ethics_a"]),
        "ethics_b": recipient_create(user=users["ethics_b"], role="Ethics board",
                                     kinds=[harassment], passphrase=PASSPHRASES["ethics_b"]),
        "hr": recipient_create(user=users["hr"], role="Human resources", kinds=[mobbing],
                               passphrase=PASSPHRASES["hr"]),
        "dpo": recipient_create(user=users["dpo"], role="Data protection officer", kinds=[],
                                passphrase=PASSPHRASES["dpo"], escrow=True),
    }  # fmt: skip
    return Channel(harassment, mobbing, unit, recipients, users)
