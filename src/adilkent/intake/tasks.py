"""Background jobs of the intake (django-tasks): the SLA escalation check."""

from __future__ import annotations

from django_tasks import task


@task()
def escalate_overdue_requests() -> int:
    """Escalate every open request past its due date; schedule it (e.g. every hour)."""
    from .services import escalate_overdue

    return escalate_overdue()
