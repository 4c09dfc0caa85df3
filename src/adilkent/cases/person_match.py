"""Finding another app's records of a person of the cases registry, by the keyed hashes of
their phone number and e-mail address that those records carry too: for erasure (the hashes
the person had before it) and for a data-subject export."""

from __future__ import annotations

from typing import Any

from django.db import models

from .crypto import keyed_hash


def records_of_person(
    records: models.QuerySet[Any], phone_hash: str, email_hash: str
) -> models.QuerySet[Any]:
    """The records (of another app: applications, profiles, certificates...) that carry a
    person's keyed phone or e-mail hash; none when both are empty. Erasure passes the hashes
    the person had before erasure (``person._erased_phone_hash``/``_erased_email_hash``); an
    export passes the person's own."""
    match = models.Q(pk__in=[])
    if phone_hash:
        match |= models.Q(phone_hash=phone_hash)
    if email_hash:
        match |= models.Q(email_hash=email_hash)
    return records.filter(match)


def erased_hashes(person: Any) -> tuple[str, str]:
    """The phone and e-mail hashes an erased person had (kept on the object by the cases
    area's erasure before it clears them)."""
    return getattr(person, "_erased_phone_hash", ""), getattr(person, "_erased_email_hash", "")


def exported_hashes(person: Any) -> tuple[str, str]:
    """The phone and e-mail hashes of a person being exported."""
    return person.phone_hash, keyed_hash(person.email or "", "email")
