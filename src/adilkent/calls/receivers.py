"""The cases area's erasure, daily retention and data-subject export reach applications to
calls.

- A person erased by the data protection officer: their applications (found by the keyed
  hashes of phone and e-mail) lose the personal data (name, contacts, answers, identity
  number, IBAN, interview notes); their certificates of volunteering lose the name and are
  revoked. Counts, hours, scores and payments stay, without a name.
- The daily retention run does the same, per KVKK's storage-limitation rule, for
  applications that were not taken (not eligible, not selected, withdrawn) once
  ``CALLS_UNSUCCESSFUL_DAYS`` (default 365) have passed since the decision; for volunteers
  ``CALLS_VOLUNTEER_DAYS`` (default 730) after their last shift or decision; for grants
  ``CALLS_GRANT_DAYS`` (default 3650, the public-finance records period) after closure.
- A data-subject export lists the applications.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils import timezone

from adilkent.cases.person_match import erased_hashes, exported_hashes, records_of_person

from .models import Application, Call, VolunteerCertificate

PERSONAL = ("contact_name", "phone", "email", "answers", "iban")


def _days(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def application_forget(
    *, applications: QuerySet[Application], rule: str, by: str, now: dt.datetime | None = None
) -> int:
    from adilkent.cases.services.protection import log_destruction

    now = now or timezone.now()
    count = 0
    for application in applications.filter(personal_data_erased_at__isnull=True):
        log_destruction("call application", application.public_id, "anonymised", rule, by)
        for name in PERSONAL:
            setattr(application, name, "")
        if application.is_individual:
            application.tax_number = ""
        application.phone_hash = application.email_hash = ""
        application.personal_data_erased_at = now
        application.save()
        application.interviews.update(notes="")
        for certificate in VolunteerCertificate.objects.filter(application=application):
            certificate.holder_name = ""
            certificate.phone_hash = certificate.email_hash = ""
            if certificate.revoked_at is None:
                certificate.revoked_at = now
                certificate.revoked_reason = "personal data erased"
            certificate.save()
        count += 1
    return count


def on_person_erased(sender: Any, person: Any, rule: str, by: str, **kwargs: Any) -> None:
    found = records_of_person(Application.objects.all(), *erased_hashes(person))
    application_forget(applications=found, rule=rule, by=by)


def expired(now: dt.datetime) -> list[int]:
    """The applications whose personal data the retention rule no longer allows keeping."""
    S = Application.Status
    unsuccessful = now - dt.timedelta(days=_days("CALLS_UNSUCCESSFUL_DAYS", 365))
    volunteer = now - dt.timedelta(days=_days("CALLS_VOLUNTEER_DAYS", 730))
    grant = now - dt.timedelta(days=_days("CALLS_GRANT_DAYS", 3650))
    found: list[int] = []
    live = Application.objects.filter(personal_data_erased_at__isnull=True)
    found += live.filter(
        status__in=[S.INELIGIBLE, S.REJECTED, S.WITHDRAWN], status_changed_at__lt=unsuccessful
    ).values_list("pk", flat=True)
    found += live.filter(status=S.CLOSED, closed_at__lt=grant).values_list("pk", flat=True)
    volunteers = live.filter(
        call__kind=Call.Kind.VOLUNTEER,
        status__in=[S.SUBMITTED, S.ELIGIBLE, S.INTERVIEWED, S.APPROVED],
    ).annotate(last_shift=Max("assignments__shift__ends_at"))
    found += [
        a.pk
        for a in volunteers
        if max(a.status_changed_at, a.last_shift or a.status_changed_at) < volunteer
    ]
    return found


def on_retention_applied(
    sender: Any, now: dt.datetime, by: str, done: dict[str, int], **kwargs: Any
) -> None:
    done["call_applications"] = application_forget(
        applications=Application.objects.filter(pk__in=expired(now)),
        rule="calls retention (CALLS_UNSUCCESSFUL_DAYS, CALLS_VOLUNTEER_DAYS, CALLS_GRANT_DAYS)",
        by=by,
        now=now,
    )


def on_subject_exported(sender: Any, person: Any, export: dict[str, Any], **kwargs: Any) -> None:
    found = records_of_person(Application.objects.all(), *exported_hashes(person))
    export["call_applications"] = [
        {
            "application": a.public_id,
            "call": a.call.slug,
            "status": a.status,
            "name": a.contact_name,
            "phone": a.phone,
            "email": a.email,
            "organisation": a.organisation,
            "answers": json.loads(a.answers) if a.answers else {},
            "applied_at": a.created_at.isoformat(),
            "hours": [str(x.hours) for x in a.assignments.all() if x.hours is not None],
        }
        for a in found.select_related("call").prefetch_related("assignments")
    ]
