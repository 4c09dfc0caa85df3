"""The cases area's erasure and daily retention reach the requests' personal data.

- A person erased by the data protection officer: requests sent with their phone number or
  e-mail address (matched by keyed hashes) lose name, contacts and typed address.
- The daily retention run: requests finished (closed, rejected or merged) longer than
  ``INTAKE_PERSONAL_DATA_DAYS`` (default 365) ago lose them too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings

from adilkent.cases.person_match import erased_hashes, records_of_person

from .models import OPEN_STATUSES, Request
from .services import request_forget


def personal_data_days() -> int:
    return int(getattr(settings, "INTAKE_PERSONAL_DATA_DAYS", 365))


def on_person_erased(sender: Any, person: Any, rule: str, by: str, **kwargs: Any) -> None:
    found = records_of_person(Request.objects.all(), *erased_hashes(person))
    request_forget(requests=found, rule=rule, by=by)


def on_retention_applied(
    sender: Any, now: dt.datetime, by: str, done: dict[str, int], **kwargs: Any
) -> None:
    cutoff = now - dt.timedelta(days=personal_data_days())
    finished = Request.objects.exclude(status__in=OPEN_STATUSES).filter(updated_at__lt=cutoff)
    done["intake_requests"] = request_forget(
        requests=finished,
        rule=f"finished more than {personal_data_days()} days ago",
        by=by,
    )
