"""Background jobs of the confidential channel (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def escalate_reports() -> int:
    """Mark the reports whose reporter has had no answer by the day due."""
    from .services import reports_escalate

    return reports_escalate()
