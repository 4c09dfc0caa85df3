"""Background jobs of enrolment (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def expire_offers() -> int:
    """End the offers not answered in time and offer their places to the next in line."""
    from .services import offers_expire

    return offers_expire()
