"""The cases area's erasure, daily retention and data-subject export reach the applications.

- A person erased by the data protection officer: applications made with their phone number or
  e-mail address (matched by keyed hashes) lose the guardian's and child's personal data.
- The daily retention run: applications of terms that ended more than
  ``ENROLMENT_PERSONAL_DATA_DAYS`` (default 365) days ago lose them too.
- A data-subject export lists the applications made with the person's phone or e-mail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from adilkent.cases.person_match import erased_hashes, exported_hashes, records_of_person

from .models import Application
from .services import application_forget


def personal_data_days() -> int:
    return int(getattr(settings, "ENROLMENT_PERSONAL_DATA_DAYS", 365))


def on_person_erased(sender: Any, person: Any, rule: str, by: str, **kwargs: Any) -> None:
    found = records_of_person(Application.objects.all(), *erased_hashes(person))
    application_forget(applications=found, rule=rule, by=by)


def on_retention_applied(
    sender: Any, now: dt.datetime, by: str, done: dict[str, int], **kwargs: Any
) -> None:
    cutoff = (now - dt.timedelta(days=personal_data_days())).date()
    ended = Application.objects.filter(term__ends_on__lt=cutoff)
    done["enrolment_applications"] = application_forget(
        applications=ended,
        rule=f"term ended more than {personal_data_days()} days ago",
        by=by,
        now=now,
    )


def on_subject_exported(sender: Any, person: Any, export: dict[str, Any], **kwargs: Any) -> None:
    found = records_of_person(Application.objects.all(), *exported_hashes(person))
    export["enrolment_applications"] = [
        {
            "application": a.public_id,
            "term": str(a.term),
            "guardian": a.guardian_name,
            "phone": a.guardian_phone,
            "email": a.guardian_email,
            "child": a.child_name,
            "child_birth_date": a.child_birth_date,
            "monthly_income": a.monthly_income,
            "priority_groups": a.priority_groups,
            "priority_points": a.priority_points,
            "channel": a.channel,
            "applied_at": a.created_at.isoformat(),
            "choices": [c.centre.name for c in a.choices.all()],
            "placements": [
                {
                    "centre": p.group.centre.name,
                    "group": p.group.label,
                    "state": p.state,
                    "offered_at": p.offered_at.isoformat(),
                    "fee_exemption": p.fee_exempt_reason,
                    "attendance": [
                        {"day": m.day.isoformat(), "present": m.present} for m in p.attendance.all()
                    ],
                }
                for p in a.placements.all()
            ],
        }
        for a in found.select_related("term__programme").prefetch_related(
            "choices__centre", "placements__group__centre", "placements__attendance"
        )
    ]
