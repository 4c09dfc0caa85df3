"""Background jobs of the cases area (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from .services.protection import apply_retention


@task()
def retention_job() -> dict[str, int]:
    """Destroy or anonymise records past their retention period (run daily)."""
    return apply_retention(by="retention job")
