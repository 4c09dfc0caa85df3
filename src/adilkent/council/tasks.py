"""Background jobs of the council (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def escalate_overdue_recommendations() -> int:
    """Mark the recommendations whose unit has not answered by the deadline as overdue."""
    from .services import recommendations_escalate

    return recommendations_escalate()
