"""Background jobs of the programme registry (django-tasks): report generation."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report(job_id: int) -> None:
    """Build the PDF, DOCX or HTML of one :class:`~.models.ReportJob`."""
    from .services import run_report_job

    run_report_job(job_id)
