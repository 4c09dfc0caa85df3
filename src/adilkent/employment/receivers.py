"""The cases area's erasure, daily retention and data-subject export reach the employment
unit's records of a person.

- A person erased by the data protection officer: job-seeker profiles with their phone number
  or e-mail address (keyed hashes) lose the personal data; referrals, outcomes and
  follow-ups stay, without a name, for the funnel.
- The daily retention run does the same for profiles with no referral, follow-up or
  registration for ``EMPLOYMENT_PERSONAL_DATA_DAYS`` (default 730) days.
- A data-subject export lists the profiles and their referrals.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from adilkent.cases.person_match import erased_hashes, exported_hashes, records_of_person

from .models import Profile

PERSONAL = ("name", "phone", "email", "skills", "education", "experience")


def personal_data_days() -> int:
    return int(getattr(settings, "EMPLOYMENT_PERSONAL_DATA_DAYS", 730))


def profile_forget(*, profiles: Any, rule: str, by: str, now: dt.datetime | None = None) -> int:
    from adilkent.cases.services.protection import log_destruction

    now = now or timezone.now()
    count = 0
    for profile in profiles.filter(personal_data_erased_at__isnull=True):
        log_destruction("job seeker", f"P-{profile.pk}", "anonymised", rule, by)
        for name in PERSONAL:
            setattr(profile, name, "")
        profile.person_key = ""
        profile.cv_consent_at = None
        profile.personal_data_erased_at = now
        profile.save()
        count += 1
    return count


def on_person_erased(sender: Any, person: Any, rule: str, by: str, **kwargs: Any) -> None:
    found = records_of_person(Profile.objects.all(), *erased_hashes(person))
    profile_forget(profiles=found, rule=rule, by=by)


def on_retention_applied(
    sender: Any, now: dt.datetime, by: str, done: dict[str, int], **kwargs: Any
) -> None:
    cutoff = now - dt.timedelta(days=personal_data_days())
    activity = Profile.objects.filter(personal_data_erased_at__isnull=True).annotate(
        last_registration=Max("registrations__received_at"),
        last_referral=Max("referrals__referred_on"),
        last_check=Max("referrals__follow_ups__checked_on"),
    )
    stale = [
        p.pk
        for p in activity
        if p.created_at < cutoff
        and (p.last_registration is None or p.last_registration < cutoff)
        and (p.last_referral is None or p.last_referral < cutoff.date())
        and (p.last_check is None or p.last_check < cutoff.date())
    ]
    done["employment_profiles"] = profile_forget(
        profiles=Profile.objects.filter(pk__in=stale),
        rule=f"no activity for more than {personal_data_days()} days",
        by=by,
        now=now,
    )


def on_subject_exported(sender: Any, person: Any, export: dict[str, Any], **kwargs: Any) -> None:
    found = records_of_person(Profile.objects.all(), *exported_hashes(person))
    export["employment_profiles"] = [
        {
            "profile": str(p),
            "name": p.name,
            "phone": p.phone,
            "email": p.email,
            "skills": p.skills,
            "languages": p.languages,
            "education": p.education,
            "experience": p.experience,
            "cv_consent_at": p.cv_consent_at.isoformat() if p.cv_consent_at else None,
            "registered_at": p.created_at.isoformat(),
            "referrals": [
                {
                    "vacancy": str(r.vacancy),
                    "referred_on": r.referred_on.isoformat(),
                    "outcome": r.outcome,
                    "follow_ups": [
                        {"months": f.months, "employed": f.employed} for f in r.follow_ups.all()
                    ],
                }
                for r in p.referrals.all()
            ],
        }
        for p in found.prefetch_related("referrals__vacancy__employer", "referrals__follow_ups")
    ]
