"""The cases area's erasure reaches certificates: a person erased by the data protection
officer loses the name on their certificates, and the certificates are revoked (the
verification page then says so). The daily retention run does not touch certificates: a
certificate is the holder's proof of a qualification for life, and keeps only the name."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from .models import Certificate


def on_person_erased(sender: Any, person: Any, rule: str, by: str, **kwargs: Any) -> None:
    from adilkent.cases.services.protection import log_destruction

    phone_hash = getattr(person, "_erased_phone_hash", "")
    email_hash = getattr(person, "_erased_email_hash", "")
    match = Q(pk__in=[])
    if phone_hash:
        match |= Q(phone_hash=phone_hash)
    if email_hash:
        match |= Q(email_hash=email_hash)
    for certificate in Certificate.objects.filter(match):
        log_destruction("certificate holder", certificate.code, "anonymised", rule, by)
        certificate.holder_name = ""
        certificate.phone_hash = certificate.email_hash = ""
        if certificate.revoked_at is None:
            certificate.revoked_at = timezone.now()
            certificate.revoked_reason = "personal data erased"
        certificate.save(
            update_fields=[
                "holder_name",
                "phone_hash",
                "email_hash",
                "revoked_at",
                "revoked_reason",
            ]
        )
