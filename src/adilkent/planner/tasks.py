"""Background jobs of the planner (django-tasks; the database worker runs them)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def run_plan(run_id: int) -> None:
    services.execute_plan(run_id)
