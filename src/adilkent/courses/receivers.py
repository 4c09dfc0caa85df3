"""The cases area's erasure reaches certificates: a person erased by the data protection
officer loses the name on their certificates, and the certificates are revoked (the
verification page then says so). The daily retention run does not touch certificates: a
certificate is the holder's proof of a qualification for life, and keeps only the name."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from adilkent.cases.person_match import erased_hashes, records_of_person

from .models import Certificate


def on_person_erased(sender: Any, person: Any, rule: str, by: str, **kwargs: Any) -> None:
    from adilkent.cases.services.protection import log_destruction

    for certificate in records_of_person(Certificate.objects.all(), *erased_hashes(person)):
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
